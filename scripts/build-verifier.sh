#!/usr/bin/env bash
# Builds the JVM part of jslc verify once, cached by a hash of its sources: verifier/target/jslc-verifier.jar (see build-jar.sh).
exec bash "$(dirname "${BASH_SOURCE[0]}")/build-jar.sh" verifier jslc-verifier.jar
