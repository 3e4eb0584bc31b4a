#!/usr/bin/env bash
# The first README command: installs what is missing, builds, and opens the
# console on the simulated lab. Extra arguments go to pathlens (e.g. --lab FILE,
# --version, report ..., check ...). Commands that open no window run without a
# display; the console itself says what to do when there is none.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DPATHLENS_BUILD_TESTS=OFF
exec build/app/pathlens "$@"
