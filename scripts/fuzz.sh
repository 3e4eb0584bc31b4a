#!/usr/bin/env bash
# A longer fuzzing campaign than CI's minute: every parser's libFuzzer target
# for SECONDS each (default 600), as many at once as there are cores. Not part
# of CI. A target that finds a problem fails with the input's place; keep that
# input under tests/data/fuzz-regressions/<target>/ and fix the parser.
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
scripts/install-deps.sh --test
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPATHLENS_FUZZ=ON \
    -DCMAKE_CXX_COMPILER=clang++-14 -DPATHLENS_FUZZ_SECONDS="$seconds" >/dev/null
cmake --build build-fuzz
status=0
(cd build-fuzz && ctest --output-on-failure -j"$(nproc)" -L fuzz) || status=$?
cat build-fuzz/tests/fuzz/*.stats
exit $status
