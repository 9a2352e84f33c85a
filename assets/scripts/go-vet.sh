#!/bin/sh
#@prelude
set -- vet
#@list PACKAGES
go "$@"
