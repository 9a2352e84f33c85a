#!/usr/bin/env bash
# Builds the local executor once, cached by a hash of its sources: runner/executor/target/jslc-executor.jar (see build-jar.sh).
exec bash "$(dirname "${BASH_SOURCE[0]}")/build-jar.sh" runner/executor jslc-executor.jar
