#!/bin/sh
#@prelude
version=$(git describe --tags --always --dirty 2>/dev/null || printf 'dev')
set --
#@list LDFLAGS
flags="$*"
if [ -n "$JSLC_VERSION_VAR" ]; then flags="${flags:+$flags }-X $JSLC_VERSION_VAR=$version"; fi
set -- build
if [ "$JSLC_TRIMPATH" = true ]; then set -- "$@" -trimpath; fi
if [ -n "$flags" ]; then set -- "$@" -ldflags "$flags"; fi
if [ -n "$JSLC_TAGS" ]; then set -- "$@" -tags "$JSLC_TAGS"; fi
set -- "$@" -o "$JSLC_OUTPUT" "$JSLC_PACKAGE"
if [ "$JSLC_STATIC" = true ]; then
  CGO_ENABLED=0
  export CGO_ENABLED
fi
GOOS="$JSLC_GOOS" GOARCH="$JSLC_GOARCH" go "$@"
echo "built $JSLC_OUTPUT for $JSLC_GOOS/$JSLC_GOARCH, version $version"
