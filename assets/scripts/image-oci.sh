#!/bin/sh
#@prelude
# The oci image form, without a container daemon: the OCI builder
# ($JSLC_OCI_TOOL, assets/oci-image/main.go shipped as a library resource)
# packs the already-built static binaries, one image per linux platform and an
# OCI index over them, pushes them and writes <repository>@sha256:<digest> to
# $JSLC_DIGEST_FILE. Values come only through JSLC_* variables; the registry
# credentials (JSLC_REGISTRY_USERNAME/_PASSWORD) stay in the environment, where
# the builder reads them: never in argv. With JSLC_CHECK_ONLY=true (the build
# phase) it only checks that every binary exists.
i=0
while [ "$i" -lt "$JSLC_PLATFORMS_COUNT" ]; do
  eval "p=\${JSLC_PLATFORMS_$i}"
  bin=${p#*=}
  if [ ! -f "$bin" ]; then
    echo "containerImage: the binary $bin for ${p%%=*} does not exist: build it in an earlier stage" >&2
    exit 1
  fi
  i=$((i + 1))
done
if [ "$JSLC_CHECK_ONLY" = true ]; then
  echo "image binaries present ($JSLC_PLATFORMS_COUNT platform(s))"
  exit 0
fi
revision=$(git rev-parse HEAD 2>/dev/null || printf 'unknown')
version=$(git describe --tags --always --dirty 2>/dev/null || printf 'dev')
source_url=${GIT_URL:-$(git remote get-url origin 2>/dev/null || printf 'unknown')}
# The created time is the commit's, never the wall clock: the same commit gives the same digest.
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || printf '0')
export SOURCE_DATE_EPOCH
set -- run "$JSLC_OCI_TOOL" -repository "$JSLC_REPOSITORY" -base "$JSLC_BASE" -digest-file "$JSLC_DIGEST_FILE" \
  -user "$JSLC_USER" -entrypoint "$JSLC_ENTRYPOINT"
if [ "$JSLC_TZDATA" = true ]; then set -- "$@" -tzdata; fi
if [ "$JSLC_OCI_LABELS" = true ]; then
  go_version=$(go env GOVERSION 2>/dev/null || printf 'unknown')
  set -- "$@" \
    -label "org.opencontainers.image.revision=$revision" \
    -label "org.opencontainers.image.source=$source_url" \
    -label "org.opencontainers.image.version=$version" \
    -label "dev.golang.version=$go_version"
fi
i=0
while [ "$i" -lt "$JSLC_LABELS_COUNT" ]; do
  eval "label=\${JSLC_LABELS_$i}"
  set -- "$@" -label "$label"
  i=$((i + 1))
done
i=0
while [ "$i" -lt "$JSLC_EXPOSE_COUNT" ]; do
  eval "port=\${JSLC_EXPOSE_$i}"
  set -- "$@" -expose "$port"
  i=$((i + 1))
done
i=0
while [ "$i" -lt "$JSLC_FILES_COUNT" ]; do
  eval "f=\${JSLC_FILES_$i}"
  set -- "$@" -file "$f"
  i=$((i + 1))
done
i=0
while [ "$i" -lt "$JSLC_PLATFORMS_COUNT" ]; do
  eval "p=\${JSLC_PLATFORMS_$i}"
  set -- "$@" -platform "$p"
  i=$((i + 1))
done
i=0
while [ "$i" -lt "$JSLC_TAGS_COUNT" ]; do
  eval "t=\${JSLC_TAGS_$i}"
  case "$t" in
    @gitDescribe) t=$version ;;
    @commit) t=$(git rev-parse --short=12 HEAD) ;;
    @branch) t=${BRANCH_NAME:-$(git rev-parse --abbrev-ref HEAD)} ;;
    @buildNumber) t=${BUILD_NUMBER:-0} ;;
  esac
  # As image-build.sh: OCI tags are [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
  t=$(printf '%s' "$t" | tr -c 'A-Za-z0-9_.-' '-' | cut -c1-128)
  case "$t" in [A-Za-z0-9_]*) ;; *) t=$(printf 'v%s' "$t" | cut -c1-128) ;; esac
  set -- "$@" -tag "$t"
  i=$((i + 1))
done
mkdir -p "$(dirname "$JSLC_DIGEST_FILE")"
go "$@"
echo "pushed $(cat "$JSLC_DIGEST_FILE")"
