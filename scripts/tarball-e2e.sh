#!/usr/bin/env bash
# The adopter path, end to end: npm pack this repository into a temp dir, create a fresh project directory outside
# the repository, install the tarball there and run exactly the commands of docs/getting-started.md (install →
# scaffold → build → verify → run), expecting `Finished: SUCCESS`. Run as root, every block but the last (the
# `jslc run` one, which needs Docker) runs as a non-root user (JSLC_E2E_USER, default jslc-e2e, created with useradd
# when missing). Needs what the page needs (Node 20, Java 17, git, Go, Docker) plus Maven for npm pack.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
page="$root/docs/getting-started.md"
started=$(date +%s)
work="$(mktemp -d /tmp/jslc-tarball-e2e.XXXXXX)"
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT

echo "tarball-e2e: npm pack into $work" >&2
(cd "$root" && npm pack --silent --pack-destination "$work" >"$work/pack.out")
tarball="$work/$(tail -n1 "$work/pack.out")"
[ -f "$tarball" ] || { echo "tarball-e2e: npm pack wrote no tarball" >&2; exit 1; }
chmod 644 "$tarball"

project="$work/project"
mkdir -p "$project"
blocks="$(node "$root/scripts/doc-commands.mjs" "$page" | grep -c '^echo "== ' || true)"
# One script per block range: the blocks share no shell state (each starts in the project directory).
node "$root/scripts/doc-commands.mjs" "$page" >"$work/all.sh"
split_at=$(grep -n "^echo \"== .*block $blocks of $blocks\"" "$work/all.sh" | cut -d: -f1)
{ head -n1 "$work/all.sh"; sed -n "2,$((split_at - 1))p" "$work/all.sh"; } >"$work/first.sh"
{ head -n1 "$work/all.sh"; sed -n "$split_at,\$p" "$work/all.sh"; } >"$work/last.sh"
chmod 644 "$work"/*.sh

env_vars=(JSLC_PACKAGE="$tarball" PATH="$PATH")
[ -n "${JAVA_HOME:-}" ] && env_vars+=(JAVA_HOME="$JAVA_HOME")
if [ "$(id -u)" = 0 ]; then
  user="${JSLC_E2E_USER:-jslc-e2e}"
  id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
  chown -R "$user" "$project"
  home="$(getent passwd "$user" | cut -d: -f6)"
  echo "tarball-e2e: blocks 1-$((blocks - 1)) of $page as $user in $project" >&2
  (cd "$project" && runuser -u "$user" -- env -i HOME="$home" USER="$user" "${env_vars[@]}" bash "$work/first.sh")
else
  echo "tarball-e2e: blocks 1-$((blocks - 1)) of $page in $project" >&2
  (cd "$project" && env "${env_vars[@]}" bash "$work/first.sh")
fi

# The run block needs Docker: as the caller (root may stay root); the files are the user's, so git is told they are safe.
echo "tarball-e2e: block $blocks of $page (jslc run)" >&2
(cd "$project" && env "${env_vars[@]}" GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=safe.directory GIT_CONFIG_VALUE_0='*' \
  bash "$work/last.sh") 2>&1 | tee "$work/run.log"
grep -q '^Finished: SUCCESS' "$work/run.log" || { echo "tarball-e2e: no 'Finished: SUCCESS' in the run's log" >&2; exit 1; }
# Nothing was built inside node_modules/jslc (the jars are shipped; caches live in the user cache dir).
if [ -n "$(find "$project/node_modules/jslc" -name target -print -quit)" ]; then
  echo "tarball-e2e: a build wrote inside node_modules/jslc: $(find "$project/node_modules/jslc" -name target)" >&2
  exit 1
fi
echo "tarball-e2e: OK in $(($(date +%s) - started)) s" >&2
