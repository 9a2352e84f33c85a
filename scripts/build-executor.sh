#!/usr/bin/env bash
# Builds the jslc executor (runner/executor) once: runner/executor/target/jslc-executor.jar (one runnable jar with Groovy 2.4.21
# and groovy-cps 1.31 inside). The jar is rebuilt only when the sha256 of runner/executor/pom.xml and runner/executor/src/**
# (paths and contents) differs from the one stored next to it in runner/executor/target/jslc-executor.jar.sha256.
# Needs Java 17 and Maven 3 with Maven Central; prints the jar's path on stdout, Maven's output goes to stderr.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/runner/executor"
target="$dir/target"
jar="$target/jslc-executor.jar"
stamp="$jar.sha256"

inputs_hash() {
  (
    cd "$dir"
    sha256sum pom.xml
    find src -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  ) | sha256sum | cut -d' ' -f1
}

# A JAVA_HOME with bin/java: $JAVA_HOME, Debian's default-java, or a JDK 17 under /usr/lib/jvm.
find_java_home() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/default-java; do
    if [ -n "$c" ] && [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ]; then echo "$c"; return 0; fi
  done
  if [ -d /usr/lib/jvm ]; then
    for c in /usr/lib/jvm/*17*; do
      if [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ]; then echo "$c"; return 0; fi
    done
  fi
  return 1
}

mkdir -p "$target"
hash="$(inputs_hash)"
if [ -f "$jar" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
  echo "$jar"
  exit 0
fi

# One build at a time (parallel test workers or CI steps may call this together).
exec 9>"$target/.build.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
hash="$(inputs_hash)"
if [ -f "$jar" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
  echo "$jar"
  exit 0
fi

if ! command -v mvn >/dev/null 2>&1; then
  echo "build-executor: mvn (Maven 3) is not on PATH; install it (Debian: apt-get install maven)" >&2
  exit 1
fi
if ! JAVA_HOME="$(find_java_home)"; then
  echo "build-executor: no JDK 17 found (set JAVA_HOME, or install openjdk-17-jdk-headless)" >&2
  exit 1
fi
export JAVA_HOME

rm -f "$stamp"
echo "build-executor: building $jar (inputs changed)" >&2
mvn -B -q -f "$dir/pom.xml" -Dstyle.color=never package 1>&2
if [ ! -f "$jar" ]; then
  echo "build-executor: Maven finished but $jar is missing" >&2
  exit 1
fi
echo "$hash" > "$stamp"
echo "$jar"
