#!/bin/sh
# Lists the workspace paths a jslc step writes in the git work tree's info/exclude, so that git status, and with it
# the vcs.modified stamp Go puts in every binary (go version -m), does not count them as changes. Each path is
# relative to the current directory; it is anchored (/path) and its gitignore wildcards are escaped, so it names
# exactly that file or directory. Outside a git work tree there is nothing to do.
set -eu
exclude=$(git rev-parse --git-path info/exclude 2>/dev/null) || exit 0
prefix=$(git rev-parse --show-prefix)
mkdir -p "$(dirname "$exclude")"
touch "$exclude"
set --
#@list EXCLUDE
for path in "$@"; do
  line="/$(printf '%s%s' "$prefix" "$path" | sed 's/[][*?\\]/\\&/g')"
  grep -qxF -- "$line" "$exclude" || printf '%s\n' "$line" >>"$exclude"
done
