#!/usr/bin/env bash
# Installs the Debian 12 packages PathLens needs to build, run and test.
# Safe to run again: apt-get skips what is already there. Packages are installed
# with --no-install-recommends, so everything the build needs is named here,
# each with the reason it is needed.
set -euo pipefail

packages=(
    build-essential      # g++ 12 (C++20) and make
    cmake ninja-build    # the build
    pkg-config           # finds libzip
    qt6-base-dev         # QtCore, QtGui, QtWidgets, QtNetwork, QtConcurrent, QtTest
    libqt6opengl6-dev    # the Qt6OpenGL CMake package that Qt6Charts' CMake config requires (only a Recommends of qt6-base-dev)
    qt6-charts-dev       # the live path charts
    qt6-svg-dev          # QSvgRenderer for the path diagram; libqt6svg6 brings the SVG icon engine
    libgl-dev            # OpenGL headers that Qt6Gui's CMake config looks for
    qt6-qpa-plugins      # the xcb platform plugin that opens the console's window on X11
    libgtest-dev libgmock-dev  # unit tests; /usr/src/googletest is also built for the Windows tests
    libbenchmark-dev     # tests/benchmarks
    libzip-dev           # reading .zip support bundles
    qtkeychain-qt6-dev   # the REST password in the system keychain
    openssl              # test certificates for the HTTPS test server
    gnome-keyring dbus dbus-x11  # a keychain and session bus for the keychain tests
    fonts-dejavu-core    # a font for offscreen rendering and PDF reports
)
if [[ "${1:-}" == "--test" ]]; then
    # fuzzing: clang's libFuzzer runtime
    packages+=(clang-14 libclang-rt-14-dev)
    # the Windows probe and the Windows platform tests are cross-built with mingw-w64
    packages+=(g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64)
    # ...and run under Wine: wine64 is the 64-bit loader and DLLs, wine the
    # launcher and wineserver commands (only a Recommends of wine64)
    packages+=(wine64 wine)
    # report checks: PDF text and page count (Poppler), Prometheus textfile syntax (promtool)
    packages+=(poppler-utils prometheus)
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
    exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
    SUDO=sudo
else
    SUDO=
fi
echo "Installing: ${missing[*]}"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
