#include "setupapidevices.h"

#include "devicedecode.h"
#include "unicode.h"
#include "winsupport.h"

#include <windows.h>

// GUIDs and property keys are defined here, once (initguid before the headers).
#include <initguid.h>

#include <cfgmgr32.h>
#include <devguid.h>
#include <devpkey.h>
#include <newdev.h>
#include <setupapi.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <memory>
#include <optional>
#include <tuple>

namespace pathlens {
namespace {

using win::lastError;
using win::toUtf8;
using win::toWide;

/// Owns an HDEVINFO (SetupDiDestroyDeviceInfoList, which also frees its driver lists).
class DevInfoList final
{
public:
    explicit DevInfoList(HDEVINFO set) : m_set(set) {}
    DevInfoList(const DevInfoList &) = delete;
    DevInfoList &operator=(const DevInfoList &) = delete;
    DevInfoList(DevInfoList &&other) noexcept : m_set(std::exchange(other.m_set, INVALID_HANDLE_VALUE)) {}
    DevInfoList &operator=(DevInfoList &&) = delete;
    ~DevInfoList()
    {
        if (valid())
            SetupDiDestroyDeviceInfoList(m_set);
    }
    HDEVINFO get() const { return m_set; }
    bool valid() const { return m_set != INVALID_HANDLE_VALUE && m_set != nullptr; }

private:
    HDEVINFO m_set = INVALID_HANDLE_VALUE;
};

/// Frees a device's compatible-driver list when the scope ends.
class DriverListGuard final
{
public:
    DriverListGuard(HDEVINFO set, SP_DEVINFO_DATA *device) : m_set(set), m_device(device) {}
    DriverListGuard(const DriverListGuard &) = delete;
    DriverListGuard &operator=(const DriverListGuard &) = delete;
    ~DriverListGuard() { SetupDiDestroyDriverInfoList(m_set, m_device, SPDIT_COMPATDRIVER); }

private:
    HDEVINFO m_set;
    SP_DEVINFO_DATA *m_device;
};

/// One device of a device information set, and where property problems go.
struct DeviceRef {
    HDEVINFO set = INVALID_HANDLE_VALUE;
    SP_DEVINFO_DATA *data = nullptr;
    std::string instanceId;
    std::vector<std::string> *problems = nullptr;

    void problem(const std::string &what, const Error &error) const
    {
        if (problems)
            problems->push_back(instanceId + ": " + what + ": " + error.toString());
    }
};

/// A unified device property's bytes; empty when the device does not have
/// it (normal for many), or on an error, which is recorded.
std::optional<std::vector<std::uint8_t>> deviceProperty(const DeviceRef &device, const DEVPROPKEY &key,
                                                        DEVPROPTYPE expected, const char *name)
{
    DEVPROPTYPE type = 0;
    DWORD size = 0;
    if (!SetupDiGetDevicePropertyW(device.set, device.data, &key, &type, nullptr, 0, &size, 0)) {
        const DWORD code = GetLastError();
        if (code == ERROR_NOT_FOUND)
            return std::nullopt;
        if (code != ERROR_INSUFFICIENT_BUFFER) {
            device.problem(name, win::win32Failure("SetupDiGetDevicePropertyW", code));
            return std::nullopt;
        }
    }
    std::vector<std::uint8_t> bytes(size);
    if (!SetupDiGetDevicePropertyW(device.set, device.data, &key, &type, bytes.data(), size, &size, 0)) {
        device.problem(name, lastError("SetupDiGetDevicePropertyW"));
        return std::nullopt;
    }
    if (type != expected) {
        device.problem(name, Error{"SetupDiGetDevicePropertyW",
                                   "unexpected property type " + std::to_string(type), 0});
        return std::nullopt;
    }
    bytes.resize(size);
    return bytes;
}

std::string stringProperty(const DeviceRef &device, const DEVPROPKEY &key, const char *name)
{
    const auto bytes = deviceProperty(device, key, DEVPROP_TYPE_STRING, name);
    return bytes ? utf16ToUtf8(utf16FromBytes(bytes->data(), bytes->size())) : std::string();
}

std::string dateProperty(const DeviceRef &device, const DEVPROPKEY &key, const char *name)
{
    const auto bytes = deviceProperty(device, key, DEVPROP_TYPE_FILETIME, name);
    if (!bytes || bytes->size() < 8)
        return {};
    std::uint64_t ticks = 0;
    for (int i = 7; i >= 0; --i)
        ticks = (ticks << 8) | (*bytes)[static_cast<std::size_t>(i)];
    return fileTimeToIsoDate(ticks);
}

/// A SetupAPI registry property; ERROR_INVALID_DATA means the device has none.
std::optional<std::vector<std::uint8_t>> registryProperty(const DeviceRef &device, DWORD property, const char *name)
{
    DWORD type = 0;
    DWORD size = 0;
    if (!SetupDiGetDeviceRegistryPropertyW(device.set, device.data, property, &type, nullptr, 0, &size)) {
        const DWORD code = GetLastError();
        if (code == ERROR_INVALID_DATA)
            return std::nullopt;
        if (code != ERROR_INSUFFICIENT_BUFFER) {
            device.problem(name, win::win32Failure("SetupDiGetDeviceRegistryPropertyW", code));
            return std::nullopt;
        }
    }
    std::vector<std::uint8_t> bytes(size);
    if (!SetupDiGetDeviceRegistryPropertyW(device.set, device.data, property, &type, bytes.data(), size, &size)) {
        device.problem(name, lastError("SetupDiGetDeviceRegistryPropertyW"));
        return std::nullopt;
    }
    bytes.resize(size);
    return bytes;
}

std::optional<std::uint32_t> registryDword(const DeviceRef &device, DWORD property, const char *name)
{
    const auto bytes = registryProperty(device, property, name);
    if (!bytes || bytes->size() < 4)
        return std::nullopt;
    return static_cast<std::uint32_t>((*bytes)[0] | ((*bytes)[1] << 8) | ((*bytes)[2] << 16) |
                                      (static_cast<std::uint32_t>((*bytes)[3]) << 24));
}

Result<std::string> instanceIdOf(HDEVINFO set, SP_DEVINFO_DATA *data)
{
    DWORD size = 0;
    SetupDiGetDeviceInstanceIdW(set, data, nullptr, 0, &size);
    std::vector<wchar_t> buffer(size + 1, L'\0');
    if (!SetupDiGetDeviceInstanceIdW(set, data, buffer.data(), static_cast<DWORD>(buffer.size()), &size))
        return lastError("SetupDiGetDeviceInstanceIdW");
    return toUtf8(buffer.data(), buffer.size());
}

DriverPackage currentDriver(const DeviceRef &device)
{
    DriverPackage driver;
    driver.description = stringProperty(device, DEVPKEY_Device_DriverDesc, "DEVPKEY_Device_DriverDesc");
    driver.provider = stringProperty(device, DEVPKEY_Device_DriverProvider, "DEVPKEY_Device_DriverProvider");
    driver.version = stringProperty(device, DEVPKEY_Device_DriverVersion, "DEVPKEY_Device_DriverVersion");
    driver.date = dateProperty(device, DEVPKEY_Device_DriverDate, "DEVPKEY_Device_DriverDate");
    driver.infName = stringProperty(device, DEVPKEY_Device_DriverInfPath, "DEVPKEY_Device_DriverInfPath");
    driver.service = stringProperty(device, DEVPKEY_Device_Service, "DEVPKEY_Device_Service");
    return driver;
}

Result<Adapter> readAdapter(HDEVINFO set, SP_DEVINFO_DATA *data, DeviceClass cls, std::vector<std::string> &problems)
{
    auto id = instanceIdOf(set, data);
    if (!id)
        return id.error();
    const DeviceRef device{set, data, *id, &problems};

    Adapter adapter;
    adapter.instanceId = *id;
    adapter.deviceClass = cls;
    adapter.description = stringProperty(device, DEVPKEY_Device_FriendlyName, "DEVPKEY_Device_FriendlyName");
    if (adapter.description.empty())
        adapter.description = stringProperty(device, DEVPKEY_Device_DeviceDesc, "DEVPKEY_Device_DeviceDesc");
    adapter.pci = adapterPciLocation(adapter.instanceId, registryDword(device, SPDRP_BUSNUMBER, "SPDRP_BUSNUMBER"),
                                     registryDword(device, SPDRP_ADDRESS, "SPDRP_ADDRESS"));
    if (const auto location = registryProperty(device, SPDRP_LOCATION_INFORMATION, "SPDRP_LOCATION_INFORMATION"))
        adapter.locationText = utf16ToUtf8(utf16FromBytes(location->data(), location->size()));
    if (const auto ids = registryProperty(device, SPDRP_HARDWAREID, "SPDRP_HARDWAREID"))
        adapter.hardwareIds = splitMultiString(utf16FromBytes(ids->data(), ids->size(), true));
    adapter.driver = currentDriver(device);
    return adapter;
}

/// One device opened by instance id in a set of its own.
struct OpenedDevice {
    DevInfoList set;
    SP_DEVINFO_DATA data{};
};

Result<OpenedDevice> openDevice(const std::string &instanceId)
{
    OpenedDevice device{DevInfoList(SetupDiCreateDeviceInfoList(nullptr, nullptr)), {}};
    if (!device.set.valid())
        return lastError("SetupDiCreateDeviceInfoList");
    device.data.cbSize = sizeof(SP_DEVINFO_DATA);
    if (!SetupDiOpenDeviceInfoW(device.set.get(), toWide(instanceId).c_str(), nullptr, 0, &device.data))
        return lastError("SetupDiOpenDeviceInfoW " + instanceId);
    return device;
}

struct CandidateDriver {
    SP_DRVINFO_DATA_W info{};
    DriverPackage package;
};

/// The compatible-driver list of an opened device, with excluded drivers
/// (ExcludeFromSelect) included, as the per-device search needs.
Result<std::vector<CandidateDriver>> compatibleDriversOf(OpenedDevice &device)
{
    HDEVINFO set = device.set.get();
    SP_DEVINSTALL_PARAMS_W params{};
    params.cbSize = sizeof(params);
    if (!SetupDiGetDeviceInstallParamsW(set, &device.data, &params))
        return lastError("SetupDiGetDeviceInstallParamsW");
    params.FlagsEx |= DI_FLAGSEX_ALLOWEXCLUDEDDRVS;
    if (!SetupDiSetDeviceInstallParamsW(set, &device.data, &params))
        return lastError("SetupDiSetDeviceInstallParamsW");
    if (!SetupDiBuildDriverInfoList(set, &device.data, SPDIT_COMPATDRIVER))
        return lastError("SetupDiBuildDriverInfoList");

    std::vector<CandidateDriver> drivers;
    for (DWORD index = 0;; ++index) {
        CandidateDriver candidate;
        candidate.info.cbSize = sizeof(SP_DRVINFO_DATA_W);
        if (!SetupDiEnumDriverInfoW(set, &device.data, SPDIT_COMPATDRIVER, index, &candidate.info)) {
            if (GetLastError() == ERROR_NO_MORE_ITEMS)
                break;
            return lastError("SetupDiEnumDriverInfoW");
        }
        DriverPackage &package = candidate.package;
        package.description = toUtf8(candidate.info.Description, LINE_LEN);
        package.provider = toUtf8(candidate.info.ProviderName, LINE_LEN);
        package.version = formatDriverVersion(candidate.info.DriverVersion);
        package.date = fileTimeToIsoDate((static_cast<std::uint64_t>(candidate.info.DriverDate.dwHighDateTime) << 32) |
                                         candidate.info.DriverDate.dwLowDateTime);

        DWORD required = 0;
        SetupDiGetDriverInfoDetailW(set, &device.data, &candidate.info, nullptr, 0, &required);
        if (required < sizeof(SP_DRVINFO_DETAIL_DATA_W))
            required = sizeof(SP_DRVINFO_DETAIL_DATA_W);
        // Variable-size structure: the fixed part, then the hardware id list.
        std::unique_ptr<SP_DRVINFO_DETAIL_DATA_W, decltype(&std::free)> detail(
            static_cast<SP_DRVINFO_DETAIL_DATA_W *>(std::calloc(1, required)), &std::free);
        if (!detail)
            return Error{"SetupDiGetDriverInfoDetailW", "out of memory", 0};
        detail->cbSize = sizeof(SP_DRVINFO_DETAIL_DATA_W);
        if (!SetupDiGetDriverInfoDetailW(set, &device.data, &candidate.info, detail.get(), required, nullptr))
            return lastError("SetupDiGetDriverInfoDetailW");
        package.infName = fileNameOf(toUtf8(detail->InfFileName, MAX_PATH));
        drivers.push_back(std::move(candidate));
    }
    return drivers;
}

/// DiInstallDevice and DiRollbackDriver, bound at run time: mingw-w64's
/// libnewdev.a does not export them (newdev.dll does, since Vista).
class NewDev final
{
public:
    using InstallDeviceFn = BOOL(WINAPI *)(HWND, HDEVINFO, PSP_DEVINFO_DATA, PSP_DRVINFO_DATA_W, DWORD, PBOOL);
    using RollbackDriverFn = BOOL(WINAPI *)(HDEVINFO, PSP_DEVINFO_DATA, HWND, DWORD, PBOOL);

    static Result<NewDev> load()
    {
        // System32 only: never a newdev.dll planted next to the program.
        win::Module module(LoadLibraryExW(L"newdev.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32));
        if (!module)
            return lastError("LoadLibraryExW newdev.dll");
        return NewDev(std::move(module));
    }

    template <typename Fn>
    Result<Fn> bind(const char *name) const
    {
        const FARPROC proc = GetProcAddress(m_module.get(), name);
        if (!proc)
            return lastError(std::string("GetProcAddress newdev.dll ") + name);
        static_assert(sizeof(Fn) == sizeof(FARPROC));
        return std::bit_cast<Fn>(proc);
    }

private:
    explicit NewDev(win::Module module) : m_module(std::move(module)) {}
    win::Module m_module;
};

/// Whether the device node waits for a restart after a driver change.
bool devNodeNeedsRestart(DEVINST node)
{
    ULONG status = 0;
    ULONG problem = 0;
    if (CM_Get_DevNode_Status(&status, &problem, node, 0) != CR_SUCCESS)
        return false;
    return (status & DN_NEED_RESTART) != 0 || problem == CM_PROB_NEED_RESTART;
}

} // namespace

WindowsDevices::WindowsDevices(std::string computerName, std::string dnsName)
    : m_computerName(std::move(computerName)), m_dnsName(std::move(dnsName))
{
}

Result<bool> WindowsDevices::checkHost(const std::string &host) const
{
    if (isLocalHost(host, m_computerName, m_dnsName))
        return true;
    return Error{"Windows device inventory",
                 "this backend reads the local computer " + m_computerName + " only, not " + host, 0};
}

std::vector<std::string> WindowsDevices::problems() const
{
    std::lock_guard lock(m_mutex);
    return m_problems;
}

Result<std::vector<Adapter>> WindowsDevices::adapters(const std::string &host)
{
    if (auto ok = checkHost(host); !ok)
        return ok.error();

    std::vector<Adapter> out;
    std::vector<std::string> problems;
    const std::pair<const GUID *, DeviceClass> classes[] = {{&GUID_DEVCLASS_SCSIADAPTER, DeviceClass::ScsiAdapter},
                                                            {&GUID_DEVCLASS_NET, DeviceClass::Net}};
    for (const auto &[guid, cls] : classes) {
        DevInfoList set(SetupDiGetClassDevsW(guid, nullptr, nullptr, DIGCF_PRESENT));
        if (!set.valid())
            return lastError("SetupDiGetClassDevsW");
        for (DWORD index = 0;; ++index) {
            SP_DEVINFO_DATA data{};
            data.cbSize = sizeof(data);
            if (!SetupDiEnumDeviceInfo(set.get(), index, &data)) {
                if (GetLastError() == ERROR_NO_MORE_ITEMS)
                    break;
                return lastError("SetupDiEnumDeviceInfo");
            }
            auto adapter = readAdapter(set.get(), &data, cls, problems);
            if (!adapter) {
                // One unreadable device does not hide the others.
                problems.push_back("device " + std::to_string(index) + " of class " + std::string(toString(cls)) +
                                   ": " + adapter.error().toString());
                continue;
            }
            out.push_back(std::move(adapter.value()));
        }
    }

    // rollbackAvailable stays unknown: Windows has no documented query for a
    // backup driver, and what this process installed says nothing after a restart.
    std::lock_guard lock(m_mutex);
    std::stable_sort(out.begin(), out.end(), [](const Adapter &a, const Adapter &b) {
        return std::tuple(static_cast<int>(a.deviceClass), !a.pci.has_value(), a.pci.value_or(PciLocation{}),
                          a.instanceId) < std::tuple(static_cast<int>(b.deviceClass), !b.pci.has_value(),
                                                     b.pci.value_or(PciLocation{}), b.instanceId);
    });
    m_problems = std::move(problems);
    return out;
}

Result<std::vector<DriverPackage>> WindowsDevices::compatibleDrivers(const std::string &host,
                                                                     const std::string &instanceId)
{
    if (auto ok = checkHost(host); !ok)
        return ok.error();
    auto opened = openDevice(instanceId);
    if (!opened)
        return opened.error();
    OpenedDevice &device = opened.value();
    DriverListGuard guard(device.set.get(), &device.data);
    auto candidates = compatibleDriversOf(device);
    if (!candidates)
        return candidates.error();
    std::vector<DriverPackage> out;
    out.reserve(candidates->size());
    for (CandidateDriver &candidate : candidates.value())
        out.push_back(std::move(candidate.package));
    return out;
}

ChangeResult WindowsDevices::installDriver(const std::string &host, const std::string &instanceId,
                                           const DriverPackage &driver)
{
    if (auto ok = checkHost(host); !ok)
        return ok.error();
    auto newdev = NewDev::load();
    if (!newdev)
        return newdev.error();
    auto install = newdev->bind<NewDev::InstallDeviceFn>("DiInstallDevice");
    if (!install)
        return install.error();

    auto opened = openDevice(instanceId);
    if (!opened)
        return opened.error();
    OpenedDevice &device = opened.value();
    const DriverPackage before = currentDriver(DeviceRef{device.set.get(), &device.data, instanceId, nullptr});

    DriverListGuard guard(device.set.get(), &device.data);
    auto found = compatibleDriversOf(device);
    if (!found)
        return found.error();
    std::vector<CandidateDriver> &candidates = found.value();
    std::vector<DriverPackage> packages;
    for (const CandidateDriver &candidate : candidates)
        packages.push_back(candidate.package);
    auto chosen = findDriver(packages, driver);
    if (!chosen)
        return Error{"DiInstallDevice", instanceId + ": " + chosen.error().message, 0};

    // This device instance only, never by hardware id: the sibling ports of
    // the same HBA model may serve other roles.
    BOOL needReboot = FALSE;
    if (!(*install)(nullptr, device.set.get(), &device.data, &candidates[*chosen].info, 0 /* no DIIDFLAG_NOFINISHINSTALLUI: Windows runs the finish-install actions itself */,
                    &needReboot))
        return lastError("DiInstallDevice " + instanceId);

    const bool reboot = needReboot != FALSE || devNodeNeedsRestart(device.data.DevInst);
    Change change;
    change.rebootRequired = reboot;
    change.detail = "installed " + describeDriver(packages[*chosen]) + " on " + instanceId + " (before: " +
                    describeDriver(before) + ')' + (reboot ? "; restart required" : "");
    return change;
}

ChangeResult WindowsDevices::rollBackDriver(const std::string &host, const std::string &instanceId)
{
    if (auto ok = checkHost(host); !ok)
        return ok.error();
    auto newdev = NewDev::load();
    if (!newdev)
        return newdev.error();
    auto rollback = newdev->bind<NewDev::RollbackDriverFn>("DiRollbackDriver");
    if (!rollback)
        return rollback.error();

    auto opened = openDevice(instanceId);
    if (!opened)
        return opened.error();
    OpenedDevice &device = opened.value();
    const DriverPackage before = currentDriver(DeviceRef{device.set.get(), &device.data, instanceId, nullptr});

    BOOL needReboot = FALSE;
    if (!(*rollback)(device.set.get(), &device.data, nullptr, ROLLBACK_FLAG_NO_UI, &needReboot))
        return lastError("DiRollbackDriver " + instanceId);

    const bool reboot = needReboot != FALSE || devNodeNeedsRestart(device.data.DevInst);
    // Read again in a fresh set: the old one may cache the replaced driver.
    std::string after = "(not read)";
    if (auto reopened = openDevice(instanceId)) {
        OpenedDevice &fresh = reopened.value();
        after = describeDriver(currentDriver(DeviceRef{fresh.set.get(), &fresh.data, instanceId, nullptr}));
    }
    Change change;
    change.rebootRequired = reboot;
    change.detail = "rolled back the driver of " + instanceId + " from " + describeDriver(before) + " to " + after +
                    (reboot ? "; restart required" : "");
    return change;
}

} // namespace pathlens
