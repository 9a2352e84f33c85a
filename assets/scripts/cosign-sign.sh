#!/bin/sh
set -eu
ref=$(head -n 1 "$JSLC_DIGEST_FILE")
case "$ref" in
  *@sha256:*) ;;
  *) echo "$JSLC_DIGEST_FILE does not hold an image digest reference" >&2; exit 1 ;;
esac
DOCKER_CONFIG=$(mktemp -d)
export DOCKER_CONFIG
trap 'rm -rf "$DOCKER_CONFIG"' EXIT
if [ -n "${JSLC_REGISTRY_USER:-}" ]; then
  printf '%s' "$JSLC_REGISTRY_PASSWORD" | docker login --username "$JSLC_REGISTRY_USER" --password-stdin "$JSLC_REGISTRY" > /dev/null
fi
# cosign reads the key password from COSIGN_PASSWORD, bound by withCredentials.
cosign sign --yes --key "$JSLC_COSIGN_KEY" --tlog-upload="$JSLC_TLOG" "$ref"
if [ "$JSLC_VERIFY" = true ]; then
  pub=${JSLC_COSIGN_PUBLIC_KEY:-}
  if [ -z "$pub" ]; then
    pub=$(mktemp)
    cosign public-key --key "$JSLC_COSIGN_KEY" > "$pub"
  fi
  if [ "$JSLC_TLOG" = true ]; then
    cosign verify --key "$pub" "$ref" > /dev/null
  else
    cosign verify --key "$pub" --insecure-ignore-tlog=true "$ref" > /dev/null
  fi
  echo "verified the signature of $ref"
fi
