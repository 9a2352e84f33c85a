set -eu
# Persistent Go directories may not exist yet on a fresh agent.
for dir in "${GOTMPDIR:-}" "${GOCACHE:-}" "${GOMODCACHE:-}"; do
  if [ -n "$dir" ]; then mkdir -p "$dir"; fi
done
