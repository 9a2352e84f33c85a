#!/bin/sh
set -eu
set -- "$JSLC_COMMAND"
#@list ARGS
exec "$@"
