#!/usr/bin/env bash
# Checks the cross-built pathlens-probe.exe: a 64-bit Windows program that
# imports SetupAPI and COM/OLE automation, binds newdev.dll at run time (so
# it is no import), and carries its C++ runtime inside (no mingw DLLs), so it
# copies onto a server as one file.
#   check-probe-imports.sh PATH/TO/pathlens-probe.exe
set -euo pipefail

exe="${1:?usage: check-probe-imports.sh PATH/TO/pathlens-probe.exe}"
objdump="${OBJDUMP:-x86_64-w64-mingw32-objdump}"

if [[ ! -f "$exe" ]]; then
    echo "FAIL: $exe is missing: run scripts/test.sh, which cross-builds it first" >&2
    exit 1
fi
if ! command -v "$objdump" >/dev/null 2>&1; then
    echo "FAIL: $objdump not found: install binutils-mingw-w64-x86-64 (scripts/install-deps.sh --test)" >&2
    exit 1
fi

headers=$("$objdump" -p "$exe")
imports=$(sed -n 's/^[[:space:]]*DLL Name:[[:space:]]*//p' <<<"$headers" | tr -d '\r')
lower=$(tr '[:upper:]' '[:lower:]' <<<"$imports")
echo "$exe ($(stat -c %s "$exe") bytes) imports:"
sed 's/^/  /' <<<"$imports"

failed=0
if ! "$objdump" -f "$exe" | grep -q 'file format pei-x86-64'; then
    echo "FAIL: not a 64-bit Windows executable (SetupAPI refuses driver changes from WOW64)" >&2
    failed=1
fi
for dll in setupapi.dll ole32.dll oleaut32.dll; do
    if ! grep -qx "$dll" <<<"$lower"; then
        echo "FAIL: $dll is not imported" >&2
        failed=1
    fi
done
if grep -qx 'cfgmgr32.dll' <<<"$lower"; then
    echo "note: CFGMGR32.dll is imported directly"
else
    echo "note: the CM_* functions resolve through SETUPAPI.dll (no CFGMGR32.dll import)"
fi
if grep -qx 'newdev.dll' <<<"$lower"; then
    echo "FAIL: newdev.dll is imported; DiInstallDevice/DiRollbackDriver must be bound at run time" >&2
    failed=1
fi
if grep -Eq '^(libstdc\+\+|libgcc|libwinpthread)' <<<"$lower"; then
    echo "FAIL: a mingw runtime DLL is imported; the probe must be linked -static" >&2
    failed=1
fi
if ((failed)); then
    exit 1
fi
echo "OK"
