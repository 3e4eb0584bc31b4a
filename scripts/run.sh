#!/usr/bin/env bash
# The first README command: installs what is missing, builds, and opens the
# console on the simulated lab. Extra arguments go to pathlens (e.g. --lab FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DPATHLENS_BUILD_TESTS=OFF
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
    echo "No display found (DISPLAY/WAYLAND_DISPLAY unset): start PathLens from a desktop session," >&2
    echo "or run it on a virtual one: xvfb-run build/app/pathlens" >&2
    exit 1
fi
exec build/app/pathlens "$@"
