#!/bin/sh
set -eu
# git describe needs the history and the tags; shallow or tag-less clones lack them.
if [ "$(git rev-parse --is-shallow-repository 2>/dev/null || echo false)" = true ]; then
  git fetch --unshallow --tags --quiet || echo "could not unshallow the clone; git describe may be inexact" >&2
else
  git fetch --tags --quiet 2>/dev/null || echo "could not fetch tags; git describe uses the local ones" >&2
fi
echo "version: $(git describe --tags --always --dirty 2>/dev/null || echo unknown)"
