#!/bin/sh
#@prelude
# Refuse replace directives that point at a local path: CI cannot reach them.
if [ "$JSLC_FORBID_LOCAL_REPLACE" = true ] && [ -f go.mod ]; then
  local_replaces=$(awk '
    /^replace[ \t]*\(/ { block = 1; next }
    block && /^\)/ { block = 0; next }
    /^replace[ \t]/ { sub(/^replace[ \t]+/, ""); print; next }
    block { print }
  ' go.mod | grep -E '=>[[:space:]]*(\.\.?/|/)' || true)
  if [ -n "$local_replaces" ]; then
    echo "go.mod has replace directives pointing at local paths, which CI cannot reach:" >&2
    printf '  %s\n' "$local_replaces" >&2
    echo "Publish the replaced module and require a version instead." >&2
    exit 1
  fi
fi
# Download only when go.mod or go.sum changed since the last successful download into this module cache: the
# stamp lives inside GOMODCACHE, so an emptied cache downloads again. Verification still runs every time.
modcache=$(go env GOMODCACHE)
stamp=
if [ -f go.mod ] && [ -n "$modcache" ] && command -v sha256sum >/dev/null 2>&1; then
  sum=$({ sha256sum go.mod; if [ -f go.sum ]; then sha256sum go.sum; fi; } | sha256sum | cut -c1-64)
  stamp="$modcache/cache/jslc/downloaded/$sum"
fi
if [ -n "$stamp" ] && [ -f "$stamp" ]; then
  echo "go.mod and go.sum unchanged since the last download into $modcache: skipping go mod download"
else
  # Transient network failures (connection refused or reset, timeouts, HTTP 429 and 5xx from a proxy) are retried
  # with a bounded, logged backoff: 4 attempts, JSLC_RETRY_DELAY_S (default 2) seconds doubling. An authentication
  # failure (401/403), a module gone (410) or a checksum mismatch is never retried.
  attempt=1
  delay=${JSLC_RETRY_DELAY_S:-2}
  errors=$(mktemp)
  while ! go mod download 2>"$errors"; do
    cat "$errors" >&2
    if [ "$attempt" -ge 4 ] ||
      grep -qiE 'SECURITY ERROR|checksum mismatch|verifying .*: |(401|403|407|410) [A-Z]|terminal prompts disabled' "$errors" ||
      ! grep -qiE 'connection refused|connection reset|i/o timeout|timed out|TLS handshake timeout|unexpected EOF|temporary failure in name resolution|(429|500|502|503|504) [A-Z]' "$errors"; then
      rm -f "$errors"
      echo "go mod download failed (attempt $attempt of 4); not retried: not a transient network error, or the last attempt" >&2
      exit 1
    fi
    echo "go mod download failed with a transient network error (attempt $attempt of 4): retrying in ${delay}s" >&2
    sleep "$delay"
    attempt=$((attempt + 1))
    delay=$((delay * 2))
  done
  cat "$errors" >&2
  rm -f "$errors"
fi
if [ "$JSLC_VERIFY" = true ]; then go mod verify; fi
if [ -n "$stamp" ]; then mkdir -p "${stamp%/*}" && : > "$stamp"; fi
if [ "$JSLC_TIDY_CHECK" = true ]; then
  saved=$(mktemp -d)
  cp go.mod "$saved/go.mod"
  if [ -f go.sum ]; then cp go.sum "$saved/go.sum"; fi
  go mod tidy
  untidy=false
  cmp -s go.mod "$saved/go.mod" || untidy=true
  if [ -f "$saved/go.sum" ]; then
    cmp -s go.sum "$saved/go.sum" || untidy=true
  elif [ -f go.sum ]; then
    untidy=true
  fi
  if [ "$untidy" = true ]; then
    diff -u "$saved/go.mod" go.mod >&2 || true
    cp "$saved/go.mod" go.mod
    if [ -f "$saved/go.sum" ]; then cp "$saved/go.sum" go.sum; else rm -f go.sum; fi
    echo "go.mod/go.sum are not tidy: run 'go mod tidy' and commit the result." >&2
    exit 1
  fi
fi
