#!/bin/sh
set -eu
revision=$(git rev-parse HEAD 2>/dev/null || printf 'unknown')
version=$(git describe --tags --always --dirty 2>/dev/null || printf 'dev')
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
source_url=${GIT_URL:-$(git remote get-url origin 2>/dev/null || printf 'unknown')}
set -- build --file "$JSLC_DOCKERFILE"
if [ "$JSLC_OCI_LABELS" = true ]; then
  go_version=$(go env GOVERSION 2>/dev/null || printf 'unknown')
  set -- "$@" \
    --label "org.opencontainers.image.revision=$revision" \
    --label "org.opencontainers.image.created=$created" \
    --label "org.opencontainers.image.source=$source_url" \
    --label "org.opencontainers.image.version=$version" \
    --label "dev.golang.version=$go_version"
fi
i=0
while [ "$i" -lt "$JSLC_LABELS_COUNT" ]; do
  eval "label=\${JSLC_LABELS_$i}"
  set -- "$@" --label "$label"
  i=$((i + 1))
done
i=0
while [ "$i" -lt "$JSLC_BUILD_ARGS_COUNT" ]; do
  eval "arg=\${JSLC_BUILD_ARGS_$i}"
  set -- "$@" --build-arg "$arg"
  i=$((i + 1))
done
: > "$JSLC_REFS_FILE"
i=0
while [ "$i" -lt "$JSLC_TAGS_COUNT" ]; do
  eval "t=\${JSLC_TAGS_$i}"
  case "$t" in
    @gitDescribe) t=$version ;;
    @commit) t=$(git rev-parse --short=12 HEAD) ;;
    @branch) t=${BRANCH_NAME:-$(git rev-parse --abbrev-ref HEAD)} ;;
    @buildNumber) t=${BUILD_NUMBER:-0} ;;
  esac
  # Docker tags: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
  t=$(printf '%s' "$t" | tr -c 'A-Za-z0-9_.-' '-' | cut -c1-128)
  case "$t" in [A-Za-z0-9_]*) ;; *) t=$(printf 'v%s' "$t" | cut -c1-128) ;; esac
  set -- "$@" --tag "$JSLC_REPOSITORY:$t"
  printf '%s\n' "$JSLC_REPOSITORY:$t" >> "$JSLC_REFS_FILE"
  i=$((i + 1))
done
set -- "$@" "$JSLC_CONTEXT"
docker "$@"
echo "built image $(head -n 1 "$JSLC_REFS_FILE")"
