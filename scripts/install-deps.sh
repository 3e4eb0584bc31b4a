#!/usr/bin/env bash
# Installs the Debian 12 packages PathLens needs to build, run and test.
# Safe to run again: apt-get skips what is already there.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-charts-dev qt6-svg-dev libgl-dev qt6-qpa-plugins
    libgtest-dev libgmock-dev libbenchmark-dev libzip-dev
    qtkeychain-qt6-dev openssl gnome-keyring dbus dbus-x11
    fonts-dejavu-core
)
if [[ "${1:-}" == "--test" ]]; then
    # fuzzing needs clang's libFuzzer runtime; the Windows probe is cross-built with mingw-w64
    packages+=(clang-14 libclang-rt-14-dev g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64)
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
