#!/usr/bin/env bash
# Builds cosign v2.6.5 once (static, stripped) into the user cache dir ($JSLC_CACHE_DIR, else ${XDG_CACHE_HOME:-$HOME/.cache}/jslc)/cosign-v2.6.5/cosign
# and prints its path on stdout (go's output goes to stderr). Needs Go and the Go module proxy on the first run.
# JSLC_COSIGN_SEED=<path> (default /tmp/cosign-bin/cosign): an already built binary to reuse when it reports v2.6.5.
set -euo pipefail

version=v2.6.5
dir="${JSLC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/jslc}/cosign-$version"
bin="$dir/cosign"
seed="${JSLC_COSIGN_SEED:-/tmp/cosign-bin/cosign}"

is_version() { [ -x "$1" ] && "$1" version 2>/dev/null | grep -Eq "^GitVersion:[[:space:]]+$version\$"; }

if is_version "$bin"; then echo "$bin"; exit 0; fi
mkdir -p "$dir"
tmp="$(mktemp -d "$dir/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
if is_version "$seed"; then
  echo "build-cosign.sh: reusing $seed" >&2
  cp "$seed" "$tmp/cosign"
else
  echo "build-cosign.sh: go install github.com/sigstore/cosign/v2/cmd/cosign@$version" >&2
  CGO_ENABLED=0 GOBIN="$tmp" go install -trimpath -ldflags='-s -w' "github.com/sigstore/cosign/v2/cmd/cosign@$version" >&2
fi
is_version "$tmp/cosign" || { echo "build-cosign.sh: $tmp/cosign does not report $version" >&2; exit 1; }
mv -f "$tmp/cosign" "$bin"   # atomic within the same directory
echo "$bin"
