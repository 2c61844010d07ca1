#!/bin/sh
# Generate ./configure from configure.ac and Makefile.am.
set -eu
cd "$(dirname "$0")"
mkdir -p m4 build-aux
exec autoreconf --install --force --warnings=all
