#pragma once

// Turning Windows error codes into pathlens::Error. The OS part (asking
// FormatMessageW for the system's text) sits in winsupport.cpp; composing the
// message, naming WMI codes the system table does not know, and the hints
// that tell an administrator what to do live here, portable and tested.

#include "platform/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace pathlens {

/// "0x80041010".
std::string hex32(std::uint32_t value);

/// FormatMessageW's text without its trailing line end and blanks.
std::string cleanSystemMessage(std::string_view text);

/// The WBEM_E_* name of a WMI HRESULT ("WBEM_E_INVALID_CLASS"), "" when unknown.
std::string_view wbemErrorName(std::uint32_t hresult);

/// True for the codes that mean this process lacks rights: access denied
/// (Win32, HRESULT, WMI, NTSTATUS), a privilege not held, elevation required.
/// Win32 codes wrapped in an HRESULT (0x8007xxxx) count as the code itself.
bool meansMissingRights(std::uint32_t code);

/// What to do about a few codes an administrator meets here, "" for others:
/// missing rights (run elevated; only for meansMissingRights codes), WMI
/// class missing (MPIO feature or its DSM not installed), no such device, no
/// driver to roll back, 32-bit process on 64-bit Windows.
std::string_view errorHint(std::uint32_t code);

/// An Error for a Win32 error code (GetLastError) with the system's text
/// (may be empty: then "Windows error <n>").
Error win32Error(std::string operation, std::uint32_t code, std::string_view systemText);

/// An Error for an HRESULT; the text falls back to the WBEM_E_* name.
Error hresultError(std::string operation, std::uint32_t hresult, std::string_view systemText);

} // namespace pathlens
