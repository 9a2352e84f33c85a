#!/bin/sh
#@prelude
set -- vet
if [ "$JSLC_TRIMPATH" = true ]; then set -- "$@" -trimpath; fi
#@list PACKAGES
go "$@"
