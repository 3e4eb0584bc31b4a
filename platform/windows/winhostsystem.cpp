#include "winhostsystem.h"

#include "devicedecode.h"
#include "hostsystemdecode.h"
#include "unicode.h"
#include "winsupport.h"

#include <windows.h>

#include <cstring>
#include <optional>
#include <vector>

namespace pathlens {

namespace {

/// Owns a service manager or service handle (CloseServiceHandle).
class ServiceHandle final
{
public:
    explicit ServiceHandle(SC_HANDLE handle) : m_handle(handle) {}
    ServiceHandle(const ServiceHandle &) = delete;
    ServiceHandle &operator=(const ServiceHandle &) = delete;
    ~ServiceHandle()
    {
        if (m_handle)
            CloseServiceHandle(m_handle);
    }
    SC_HANDLE get() const { return m_handle; }
    explicit operator bool() const { return m_handle != nullptr; }

private:
    SC_HANDLE m_handle = nullptr;
};

/// Owns an open registry key (RegCloseKey).
class RegistryKey final
{
public:
    RegistryKey() = default;
    RegistryKey(const RegistryKey &) = delete;
    RegistryKey &operator=(const RegistryKey &) = delete;
    ~RegistryKey()
    {
        if (m_key)
            RegCloseKey(m_key);
    }
    HKEY *put() { return &m_key; }
    HKEY get() const { return m_key; }

private:
    HKEY m_key = nullptr;
};

/// Opens HKLM\@p path for reading in the 64-bit view (a 32-bit process would
/// otherwise read the WOW64 copy). ERROR_FILE_NOT_FOUND is a normal answer.
LSTATUS openKey(const wchar_t *path, RegistryKey &key)
{
    return RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_READ | KEY_WOW64_64KEY, key.put());
}

Result<bool> keyExists(const wchar_t *path, const char *name)
{
    RegistryKey key;
    const LSTATUS status = openKey(path, key);
    if (status == ERROR_SUCCESS)
        return true;
    if (status == ERROR_FILE_NOT_FOUND)
        return false;
    return win::win32Failure(std::string("RegOpenKeyExW ") + name, static_cast<DWORD>(status));
}

/// A value's raw bytes and type; no value when it is absent.
struct RegistryValue {
    DWORD type = REG_NONE;
    std::vector<BYTE> bytes;
};

Result<std::optional<RegistryValue>> readValue(const wchar_t *path, const wchar_t *value, const char *name)
{
    RegistryKey key;
    LSTATUS status = openKey(path, key);
    if (status == ERROR_FILE_NOT_FOUND)
        return std::optional<RegistryValue>();
    if (status != ERROR_SUCCESS)
        return win::win32Failure(std::string("RegOpenKeyExW ") + name, static_cast<DWORD>(status));
    RegistryValue result;
    DWORD size = 0;
    status = RegQueryValueExW(key.get(), value, nullptr, &result.type, nullptr, &size);
    if (status == ERROR_FILE_NOT_FOUND)
        return std::optional<RegistryValue>();
    // The value may grow between the two calls (another installer writing).
    for (int attempt = 0; status == ERROR_SUCCESS || status == ERROR_MORE_DATA; ++attempt) {
        result.bytes.resize(size);
        status = RegQueryValueExW(key.get(), value, nullptr, &result.type, result.bytes.data(), &size);
        if (status == ERROR_SUCCESS) {
            result.bytes.resize(size);
            return std::optional<RegistryValue>(std::move(result));
        }
        if (status != ERROR_MORE_DATA || attempt >= 3)
            break;
    }
    return win::win32Failure(std::string("RegQueryValueExW ") + name, static_cast<DWORD>(status));
}

std::u16string utf16Of(const RegistryValue &value)
{
    return utf16FromBytes(value.bytes.data(), value.bytes.size(), true);
}

Result<bool> serviceExists(SC_HANDLE manager, const wchar_t *service, const char *name)
{
    ServiceHandle handle(OpenServiceW(manager, service, SERVICE_QUERY_STATUS));
    if (handle)
        return true;
    const DWORD code = GetLastError();
    if (code == ERROR_SERVICE_DOES_NOT_EXIST)
        return false;
    return win::win32Failure(std::string("OpenServiceW ") + name, code);
}

} // namespace

WindowsHostSystem::WindowsHostSystem(std::string computerName, std::string dnsName)
    : m_computerName(std::move(computerName)), m_dnsName(std::move(dnsName))
{
}

Result<bool> WindowsHostSystem::checkHost(const std::string &host, const char *operation) const
{
    if (isLocalHost(host, m_computerName, m_dnsName))
        return true;
    return Error{operation, "this backend knows the local computer " + m_computerName + " only, not " + host, 0};
}

Result<Elevation> WindowsHostSystem::isElevated(const std::string &host)
{
    if (auto local = checkHost(host, "administrator rights"); !local)
        return local.error();
    win::UniqueHandle token;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, token.put()))
        return win::lastError("OpenProcessToken");
    TOKEN_ELEVATION elevation{};
    DWORD size = 0;
    if (!GetTokenInformation(token.get(), TokenElevation, &elevation, sizeof elevation, &size))
        return win::lastError("GetTokenInformation(TokenElevation)");
    return elevationFrom(elevation.TokenIsElevated != 0);
}

Result<MpioFeature> WindowsHostSystem::mpioFeatureInstalled(const std::string &host)
{
    if (auto local = checkHost(host, "MPIO feature"); !local)
        return local.error();
    MpioEvidence evidence;
    {
        // SC_MANAGER_CONNECT is enough to open a service for its status, and
        // works without administrator rights.
        ServiceHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
        if (!manager)
            return win::lastError("OpenSCManagerW");
        const Result<bool> mpio = serviceExists(manager.get(), L"mpio", "mpio");
        if (!mpio)
            return mpio.error();
        const Result<bool> msdsm = serviceExists(manager.get(), L"msdsm", "msdsm");
        if (!msdsm)
            return msdsm.error();
        evidence.mpioService = *mpio;
        evidence.msdsmService = *msdsm;
    }
    wchar_t system[MAX_PATH] = {};
    const UINT length = GetSystemDirectoryW(system, MAX_PATH);
    if (length == 0 || length >= MAX_PATH)
        return win::lastError("GetSystemDirectoryW");
    const std::wstring mpclaim = std::wstring(system, length) + L"\\mpclaim.exe";
    evidence.mpclaim = GetFileAttributesW(mpclaim.c_str()) != INVALID_FILE_ATTRIBUTES;
    return mpioFeatureFrom(evidence);
}

Result<PendingReboot> WindowsHostSystem::rebootPending(const std::string &host)
{
    if (auto local = checkHost(host, "pending restart"); !local)
        return local.error();
    RebootEvidence evidence;

    const Result<bool> servicing = keyExists(
        L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending",
        "Component Based Servicing\\RebootPending");
    if (!servicing)
        return servicing.error();
    evidence.componentServicing = *servicing;

    const Result<bool> update = keyExists(
        L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired",
        "WindowsUpdate\\Auto Update\\RebootRequired");
    if (!update)
        return update.error();
    evidence.windowsUpdate = *update;

    for (const wchar_t *name : {L"PendingFileRenameOperations", L"PendingFileRenameOperations2"}) {
        const auto renames = readValue(L"SYSTEM\\CurrentControlSet\\Control\\Session Manager", name,
                                       "PendingFileRenameOperations");
        if (!renames)
            return renames.error();
        // Entries come in pairs (source, target) and an empty target means
        // "delete": keep the empty strings, so the pairs stay intact.
        if (renames.value() && renames.value()->type == REG_MULTI_SZ) {
            const std::u16string text = utf16Of(*renames.value());
            std::size_t start = 0;
            while (start < text.size()) {
                const std::size_t end = text.find(u'\0', start);
                const std::size_t stop = end == std::u16string::npos ? text.size() : end;
                evidence.pendingFileRenames.push_back(utf16ToUtf8(text.substr(start, stop - start)));
                start = stop + 1;
            }
            // The list ends with an empty string (and the pair's empty target
            // may look like one): drop the trailing terminators only.
            while (!evidence.pendingFileRenames.empty() && evidence.pendingFileRenames.back().empty())
                evidence.pendingFileRenames.pop_back();
        }
    }

    const auto updateExe = readValue(L"SOFTWARE\\Microsoft\\Updates", L"UpdateExeVolatile", "UpdateExeVolatile");
    if (!updateExe)
        return updateExe.error();
    if (updateExe.value() && updateExe.value()->type == REG_DWORD && updateExe.value()->bytes.size() >= 4) {
        DWORD value = 0;
        std::memcpy(&value, updateExe.value()->bytes.data(), sizeof value);
        evidence.updateExeVolatile = value;
    }

    const auto nameOf = [](const wchar_t *path) -> Result<std::string> {
        const auto value = readValue(path, L"ComputerName", "ComputerName");
        if (!value)
            return value.error();
        if (!value.value() || (value.value()->type != REG_SZ && value.value()->type != REG_EXPAND_SZ))
            return std::string();
        return utf16ToUtf8(utf16FromBytes(value.value()->bytes.data(), value.value()->bytes.size()));
    };
    const Result<std::string> active =
        nameOf(L"SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ActiveComputerName");
    if (!active)
        return active.error();
    const Result<std::string> pending = nameOf(L"SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName");
    if (!pending)
        return pending.error();
    evidence.activeComputerName = *active;
    evidence.pendingComputerName = *pending;
    return pendingRebootFrom(evidence);
}

} // namespace pathlens
