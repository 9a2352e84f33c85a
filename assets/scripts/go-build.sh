#!/bin/sh
#@prelude
version=$(git describe --tags --always --dirty 2>/dev/null || printf 'dev')
set --
#@list LDFLAGS
flags="$*"
if [ -n "$JSLC_VERSION_VAR" ]; then flags="${flags:+$flags }-X $JSLC_VERSION_VAR=$version"; fi
# -X stamps, VARIABLE=VALUE: a value of the commit (from git), or env:NAME, a variable Jenkins sets (BUILD_NUMBER…).
# The value becomes one word of -ldflags, which cmd/go splits at spaces and quotes: refuse those instead of
# splitting a value into flags.
set --
#@list STAMP
for stamp in "$@"; do
  var=${stamp%%=*}
  what=${stamp#*=}
  case "$what" in
    version) value=$version ;;
    commit) value=$(git rev-parse HEAD) ;;
    shortCommit) value=$(git rev-parse --short=12 HEAD) ;;
    commitDate) value=$(TZ=UTC0 git show -s --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ HEAD) ;;
    # The Jenkins variables of runtime.* (RUNTIME_VALUES in src/ir/runtime.ts), and no other: a stamp never reads a
    # credential's variable onto go's command line.
    env:BUILD_NUMBER) value=${BUILD_NUMBER:-} ;;
    env:BUILD_URL) value=${BUILD_URL:-} ;;
    env:BRANCH_NAME) value=${BRANCH_NAME:-} ;;
    env:TAG_NAME) value=${TAG_NAME:-} ;;
    env:GIT_COMMIT) value=${GIT_COMMIT:-} ;;
    env:CHANGE_ID) value=${CHANGE_ID:-} ;;
    env:JOB_NAME) value=${JOB_NAME:-} ;;
    *)
      echo "goBuild: stamp $stamp: unknown value $what" >&2
      exit 2
      ;;
  esac
  case "$value" in
    *[[:space:]\'\"\\]*)
      echo "goBuild: stamp $var: the value contains a space, quote or backslash, which -ldflags cannot carry" >&2
      exit 2
      ;;
  esac
  flags="${flags:+$flags }-X $var=$value"
done
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
