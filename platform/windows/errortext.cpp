#include "errortext.h"

#include <cstdio>

namespace pathlens {

std::string hex32(std::uint32_t value)
{
    char text[16];
    std::snprintf(text, sizeof text, "0x%08X", static_cast<unsigned>(value));
    return text;
}

std::string cleanSystemMessage(std::string_view text)
{
    while (!text.empty() && (text.back() == '\r' || text.back() == '\n' || text.back() == ' ' ||
                             text.back() == '\t' || text.back() == '\0'))
        text.remove_suffix(1);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\r' || text.front() == '\n'))
        text.remove_prefix(1);
    std::string out;
    out.reserve(text.size());
    // FormatMessage breaks long texts over lines; one line reads better in a log.
    for (char c : text) {
        if (c == '\r')
            continue;
        out += c == '\n' ? ' ' : c;
    }
    return out;
}

std::string_view wbemErrorName(std::uint32_t hresult)
{
    switch (hresult) {
    case 0x80041001: return "WBEM_E_FAILED";
    case 0x80041002: return "WBEM_E_NOT_FOUND";
    case 0x80041003: return "WBEM_E_ACCESS_DENIED";
    case 0x80041004: return "WBEM_E_PROVIDER_FAILURE";
    case 0x80041005: return "WBEM_E_TYPE_MISMATCH";
    case 0x80041008: return "WBEM_E_INVALID_PARAMETER";
    case 0x80041009: return "WBEM_E_NOT_AVAILABLE";
    case 0x8004100C: return "WBEM_E_NOT_SUPPORTED";
    case 0x8004100E: return "WBEM_E_INVALID_NAMESPACE";
    case 0x80041010: return "WBEM_E_INVALID_CLASS";
    case 0x80041013: return "WBEM_E_PROVIDER_LOAD_FAILURE";
    case 0x80041017: return "WBEM_E_INVALID_QUERY";
    case 0x80041024: return "WBEM_E_PROVIDER_NOT_CAPABLE";
    case 0x8004102E: return "WBEM_E_INVALID_METHOD";
    case 0x8004102F: return "WBEM_E_INVALID_METHOD_PARAMETERS";
    case 0x80041033: return "WBEM_E_SHUTTING_DOWN";
    case 0x8004103A: return "WBEM_E_INVALID_OBJECT_PATH";
    case 0x80041062: return "WBEM_E_PRIVILEGE_NOT_HELD";
    case 0x80041069: return "WBEM_E_TIMED_OUT";
    default: return {};
    }
}

bool meansMissingRights(std::uint32_t code)
{
    // HRESULT_FROM_WIN32: severity error, facility 7 (E_ACCESSDENIED is 0x80070005).
    if ((code & 0xFFFF0000u) == 0x80070000u)
        code &= 0xFFFFu;
    switch (code) {
    case 5:          // ERROR_ACCESS_DENIED
    case 740:        // ERROR_ELEVATION_REQUIRED
    case 1300:       // ERROR_NOT_ALL_ASSIGNED (AdjustTokenPrivileges: a privilege is not held)
    case 1314:       // ERROR_PRIVILEGE_NOT_HELD
    case 0x80041003: // WBEM_E_ACCESS_DENIED
    case 0x80041062: // WBEM_E_PRIVILEGE_NOT_HELD
    case 0xC0000022: // STATUS_ACCESS_DENIED (a DSM method's status)
    case 0xC0000061: // STATUS_PRIVILEGE_NOT_HELD
        return true;
    default: return false;
    }
}

std::string_view errorHint(std::uint32_t code)
{
    // Elevation is advice for missing rights only: any other failure of an
    // elevated step has a cause that running elevated does not remove.
    if (meansMissingRights(code))
        return "run PathLens as administrator (elevated)";
    switch (code) {
    case 0x80041010: // WBEM_E_INVALID_CLASS
        return "the class is not registered in root\\wmi: is the Multipath I/O feature installed and a DSM loaded?";
    case 0x8004100E: // WBEM_E_INVALID_NAMESPACE
        return "the WMI namespace is missing";
    case 0xE000020B: // ERROR_NO_SUCH_DEVINST
        return "the device is no longer present";
    case 0xE0000228: // ERROR_NO_COMPAT_DRIVERS
        return "no driver in the driver store fits this device; stage the vendor's driver package first";
    case 259:        // ERROR_NO_MORE_ITEMS (from DiRollbackDriver)
        return "Windows has no previous driver recorded for this device";
    case 0xE0000235: // ERROR_IN_WOW64
        return "use the 64-bit build of PathLens on 64-bit Windows";
    default: return {};
    }
}

Error win32Error(std::string operation, std::uint32_t code, std::string_view systemText)
{
    std::string message = cleanSystemMessage(systemText);
    if (message.empty())
        message = "Windows error " + std::to_string(code) + " (" + hex32(code) + ')';
    else if (code >= 0x10000)
        message += " (" + hex32(code) + ')';
    if (const std::string_view hint = errorHint(code); !hint.empty())
        message += "; " + std::string(hint);
    return Error{std::move(operation), std::move(message), static_cast<long>(static_cast<std::int32_t>(code))};
}

Error hresultError(std::string operation, std::uint32_t hresult, std::string_view systemText)
{
    std::string message = cleanSystemMessage(systemText);
    const std::string_view name = wbemErrorName(hresult);
    if (message.empty())
        message = name.empty() ? "HRESULT " + hex32(hresult) : std::string(name) + " (" + hex32(hresult) + ')';
    else
        message += " (" + (name.empty() ? std::string() : std::string(name) + ", ") + hex32(hresult) + ')';
    if (const std::string_view hint = errorHint(hresult); !hint.empty())
        message += "; " + std::string(hint);
    return Error{std::move(operation), std::move(message), static_cast<long>(static_cast<std::int32_t>(hresult))};
}

} // namespace pathlens
