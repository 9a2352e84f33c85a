#!/usr/bin/env bash
# Usage: pack-jars.sh [OUT_DIR]   (default OUT_DIR: dist/jars)
# Builds jslc-verifier.jar and jslc-executor.jar with Maven (scripts/build-jar.sh) and
# copies them into OUT_DIR, for npm pack (prepack) to ship. The jars are reproducible (the parent pom.xml sets
# project.build.outputTimestamp): the same sources give the same bytes. Needs Java 17 and Maven 3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/dist/jars}"
mkdir -p "$out"
for spec in verifier:jslc-verifier.jar runner/executor:jslc-executor.jar; do
  dir="${spec%%:*}"
  jar="${spec##*:}"
  built="$(bash "$root/scripts/build-jar.sh" "$dir" "$jar")"
  cp "$built" "$out/$jar"
  echo "pack-jars: $out/$jar $(sha256sum "$out/$jar" | cut -d' ' -f1)" >&2
done
