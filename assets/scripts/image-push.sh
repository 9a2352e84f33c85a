#!/bin/sh
set -eu
if [ ! -s "$JSLC_REFS_FILE" ]; then
  echo "no image was built in this workspace ($JSLC_REFS_FILE is missing): run containerImage with phase build (or all) first" >&2
  exit 1
fi
# A private Docker config: the login never touches the agent's own.
DOCKER_CONFIG=$(mktemp -d)
export DOCKER_CONFIG
trap 'rm -rf "$DOCKER_CONFIG"' EXIT
# The password goes through a pipe from a shell builtin: never in argv.
printf '%s' "$JSLC_REGISTRY_PASSWORD" | docker login --username "$JSLC_REGISTRY_USER" --password-stdin "$JSLC_REGISTRY"
while IFS= read -r ref; do
  docker push "$ref"
done < "$JSLC_REFS_FILE"
first=$(head -n 1 "$JSLC_REFS_FILE")
digest=$(docker image inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$first" | grep -F "$JSLC_REPOSITORY@" | head -n 1 || true)
if [ -z "$digest" ]; then
  echo "the registry returned no digest for $first" >&2
  exit 1
fi
mkdir -p "$(dirname "$JSLC_DIGEST_FILE")"
printf '%s\n' "$digest" > "$JSLC_DIGEST_FILE"
echo "pushed $digest"
