#!/bin/sh
#@prelude
set -- test
if [ "$JSLC_RACE" = true ]; then set -- "$@" -race; fi
# Without workspace paths in the test binaries, cached results serve every workspace (branches, pull requests).
if [ "$JSLC_TRIMPATH" = true ]; then set -- "$@" -trimpath; fi
if [ -n "$JSLC_COVER_PROFILE" ]; then
  mkdir -p "$(dirname "$JSLC_COVER_PROFILE")"
  set -- "$@" -coverprofile "$JSLC_COVER_PROFILE" -covermode "$JSLC_COVER_MODE"
fi
if [ -n "$JSLC_GO_TIMEOUT" ]; then set -- "$@" -timeout "$JSLC_GO_TIMEOUT"; fi
if [ -n "$JSLC_TAGS" ]; then set -- "$@" -tags "$JSLC_TAGS"; fi
if [ -n "$JSLC_JUNIT" ]; then set -- "$@" -json; fi
# The stage's test flags (-run, -skip, -short, -count=N, …), each one argument: a regular expression is data.
#@list FLAGS
#@list PACKAGES
if [ -z "$JSLC_JUNIT" ]; then
  exec go "$@"
fi
mkdir -p "$(dirname "$JSLC_JUNIT")"
status=0
go "$@" > "$JSLC_JUNIT.json" || status=$?
# The converter prints the readable test log and writes the JUnit report.
go run "$JSLC_JUNIT_TOOL" "$JSLC_JUNIT" < "$JSLC_JUNIT.json"
exit "$status"
