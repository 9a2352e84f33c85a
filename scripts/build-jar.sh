#!/usr/bin/env bash
# Usage: build-jar.sh PROJECT_DIR JAR_NAME (PROJECT_DIR relative to the repository root)
# Builds one module of jslc's Maven build (parent: pom.xml at the repository root) once: PROJECT_DIR/target/JAR_NAME
# (a runnable jar with Groovy 2.4.21 and groovy-cps 1.31 inside). The jar is rebuilt only when the sha256 of the
# parent pom.xml, PROJECT_DIR/pom.xml, PROJECT_DIR/src/** without src/test and the script-security whitelists in
# verifier/src/main/resources/whitelists (paths and contents) differs from the one stored next to it in
# PROJECT_DIR/target/JAR_NAME.sha256. The module's unit tests are not run here (npm run
# test:java runs them). Needs Java 17 and Maven 3 with Maven Central; prints the jar's path on stdout, Maven's output
# goes to stderr.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "$#" -ne 2 ]; then echo "usage: build-jar.sh PROJECT_DIR JAR_NAME" >&2; exit 2; fi
dir="$root/$1"
name="$(basename "$2" .jar)"
target="$dir/target"
jar="$target/$2"
stamp="$jar.sha256"

inputs_hash() {
  (
    cd "$root"
    sha256sum pom.xml
    cd "$dir"
    sha256sum pom.xml
    find src -path src/test -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    # Inputs outside the module: the executor's jar carries the verifier's script-security whitelists (the one
    # committed copy; runner/executor/pom.xml copies them in at build time).
    cd "$root"
    find verifier/src/main/resources/whitelists -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
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
  echo "build-$name: mvn (Maven 3) is not on PATH; install it (Debian: apt-get install maven)" >&2
  exit 1
fi
if ! JAVA_HOME="$(find_java_home)"; then
  echo "build-$name: no JDK 17 found (set JAVA_HOME, or install openjdk-17-jdk-headless)" >&2
  exit 1
fi
export JAVA_HOME

rm -f "$stamp"
echo "build-$name: building $jar (inputs changed)" >&2
# The module alone, its parent read through <relativePath> (the same build as mvn -f pom.xml -pl PROJECT_DIR -am,
# but it needs no other module: a packed npm package has the parent pom.xml and verifier/, not runner/).
mvn -B -q -f "$dir/pom.xml" -Dstyle.color=never -Dmaven.test.skip=true package 1>&2
if [ ! -f "$jar" ]; then
  echo "build-$name: Maven finished but $jar is missing" >&2
  exit 1
fi
echo "$hash" > "$stamp"
echo "$jar"
