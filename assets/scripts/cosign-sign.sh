#!/bin/sh
set -eu
ref=$(head -n 1 "$JSLC_DIGEST_FILE")
case "$ref" in
  *@sha256:*) ;;
  *) echo "$JSLC_DIGEST_FILE does not hold an image digest reference" >&2; exit 1 ;;
esac
# cosign: the agent's, else the pinned release built by the Go toolchain (go run verifies the module against the Go
# checksum database, and Go caches the executable in GOCACHE: a warm run pays nothing).
if command -v cosign > /dev/null 2>&1; then
  cosign() { command cosign "$@"; }
else
  echo "cosign is not on the PATH: running github.com/sigstore/cosign/v2/cmd/cosign@$JSLC_COSIGN_VERSION with go run"
  cosign() { CGO_ENABLED=0 go run -trimpath -ldflags='-s -w' "github.com/sigstore/cosign/v2/cmd/cosign@$JSLC_COSIGN_VERSION" "$@"; }
fi
# A private registry config: the login never touches the agent's own. It is written here (no docker CLI needed);
# the password reaches base64 through a pipe from a shell builtin, never argv.
DOCKER_CONFIG=$(mktemp -d)
export DOCKER_CONFIG
work=$(mktemp -d)
trap 'rm -rf "$DOCKER_CONFIG" "$work"' EXIT
if [ -n "${JSLC_REGISTRY_USER:-}" ]; then
  auth=$(printf '%s:%s' "$JSLC_REGISTRY_USER" "$JSLC_REGISTRY_PASSWORD" | base64 | tr -d '\n')
  (umask 077 && printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$JSLC_REGISTRY" "$auth" > "$DOCKER_CONFIG/config.json")
  unset auth
fi
# cosign reads the key password from COSIGN_PASSWORD, bound by withCredentials.
cosign sign --yes --key "$JSLC_COSIGN_KEY" --tlog-upload="$JSLC_TLOG" "$ref"

# Attestations: predicates made from the binaries' embedded build info by the library's go-sbom resource, wrapped by
# cosign attest in an in-toto statement whose subject is the digest, and signed with the same key.
attest() {
  format=$1 type=$2
  set -- -format "$format" -name "${ref%@*}" -digest "${ref#*@}" -o "$work/$format.json"
  i=0
  while [ "$i" -lt "$JSLC_BINARIES_COUNT" ]; do
    eval "b=\${JSLC_BINARIES_$i}"
    set -- "$@" -binary "$b"
    i=$((i + 1))
  done
  if [ "$format" = provenance ]; then
    set -- "$@" -source "${GIT_URL:-$(git remote get-url origin 2>/dev/null || printf 'unknown')}" \
      -revision "$(git rev-parse HEAD)" -builder "${JOB_URL:-unknown}" -invocation "${BUILD_URL:-unknown}"
  fi
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || printf '0') go run "$JSLC_SBOM_TOOL" "$@"
  cosign attest --yes --key "$JSLC_COSIGN_KEY" --tlog-upload="$JSLC_TLOG" --type "$type" --predicate "$work/$format.json" "$ref"
  echo "attested the $format of $ref"
}
if [ "$JSLC_ATTEST_SBOM" = true ]; then attest spdx spdxjson; fi
if [ "$JSLC_ATTEST_PROVENANCE" = true ]; then attest provenance slsaprovenance1; fi

if [ "$JSLC_VERIFY" = true ]; then
  pub=${JSLC_COSIGN_PUBLIC_KEY:-}
  if [ -z "$pub" ]; then
    pub=$work/cosign.pub
    cosign public-key --key "$JSLC_COSIGN_KEY" > "$pub"
  fi
  tlog=--insecure-ignore-tlog=true
  if [ "$JSLC_TLOG" = true ]; then tlog=--insecure-ignore-tlog=false; fi
  cosign verify --key "$pub" "$tlog" "$ref" > /dev/null
  echo "verified the signature of $ref"
  # verify-attestation checks the signature and that the statement's subject is this digest.
  if [ "$JSLC_ATTEST_SBOM" = true ]; then
    cosign verify-attestation --key "$pub" "$tlog" --type spdxjson "$ref" > /dev/null
    echo "verified the SBOM attestation of $ref"
  fi
  if [ "$JSLC_ATTEST_PROVENANCE" = true ]; then
    cosign verify-attestation --key "$pub" "$tlog" --type slsaprovenance1 "$ref" > /dev/null
    echo "verified the provenance attestation of $ref"
  fi
fi
