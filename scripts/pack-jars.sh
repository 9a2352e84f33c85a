#!/usr/bin/env bash
# Usage: pack-jars.sh [OUT_DIR]   (default OUT_DIR: dist/jars)
# Builds jslc-verifier.jar and jslc-executor.jar with Maven (scripts/build-jar.sh) and
# copies them, with groovy-cps-1.31.jar from the local Maven repository, into OUT_DIR, for npm pack (prepack) to ship. The jars are reproducible (the parent pom.xml sets
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
# CodeNarc's Jenkins rules compile the sources against groovy-cps (com.cloudbees.groovy.cps.NonCPS); the verifier
# build above put it in the local Maven repository.
cps="${M2_REPO:-$HOME/.m2/repository}/com/cloudbees/groovy-cps/1.31/groovy-cps-1.31.jar"
[ -f "$cps" ] || mvn -B -q -Dstyle.color=never dependency:get -Dartifact=com.cloudbees:groovy-cps:1.31 1>&2
cp "$cps" "$out/groovy-cps-1.31.jar"
echo "pack-jars: $out/groovy-cps-1.31.jar $(sha256sum "$out/groovy-cps-1.31.jar" | cut -d' ' -f1)" >&2
