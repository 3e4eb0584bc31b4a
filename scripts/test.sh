#!/usr/bin/env bash
# The second README command: installs what is missing, builds everything and
# runs every test through CTest:
#   1. the Windows cross build of pathlens-probe.exe (mingw-w64; the release tests check its imports);
#   2. the Qt-free platform tests as one Windows program and pathlens-probe.exe in each of its
#      modes, under Wine (CTest in build-windows, a fresh Wine prefix there);
#   3. the release build: unit, model, GUI (offscreen) tests and benchmark smoke runs;
#   4. the unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer;
#   5. one libFuzzer target per parser, for a bounded time (PATHLENS_FUZZ_SECONDS, default 60); any
#      sanitizer report fails it, and each target's executions per second are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
jobs=$(nproc)

echo "== Windows cross build (pathlens-probe.exe)"
cmake -S . -B build-windows -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake \
    -DPATHLENS_WINDOWS_PROBE=ON -DPATHLENS_WINDOWS_TESTS=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-windows --target pathlens-probe

echo "== Windows tests under Wine (pathlens-platform-tests.exe, pathlens-probe.exe)"
started=$SECONDS
cmake --build build-windows
(cd build-windows && ctest --output-on-failure --timeout 600)
echo "Windows tests under Wine: $((SECONDS - started)) s"

echo "== release build and tests"
scripts/build.sh -DPATHLENS_BUILD_TESTS=ON
(cd build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 600 -j"$jobs")

echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPATHLENS_SANITIZE=ON >/dev/null
cmake --build build-sanitize --target platform_tests model_tests fuzz_replays
QT_QPA_PLATFORM=offscreen UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ASAN_OPTIONS=detect_leaks=1 build-sanitize/tests/platform_tests --gtest_brief=1
# The fuzz targets' seeds and regression inputs, replayed under the same sanitizers.
(cd build-sanitize && UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
    ctest --output-on-failure -R '^replay_')
QT_QPA_PLATFORM=offscreen UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ASAN_OPTIONS=detect_leaks=0 build-sanitize/tests/model_tests --gtest_brief=1

echo "== parser fuzzing"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPATHLENS_FUZZ=ON \
    -DCMAKE_CXX_COMPILER=clang++-14 -DPATHLENS_FUZZ_SECONDS="${PATHLENS_FUZZ_SECONDS:-60}" >/dev/null
cmake --build build-fuzz
(cd build-fuzz && ctest --output-on-failure -j"$jobs")
cat build-fuzz/tests/fuzz/*.stats
