#pragma once

// The live local computer on Windows: device inventory (SetupAPI, CfgMgr32,
// newdev) and MPIO (WMI root\wmi, mpclaim.exe). DataCore management is not
// part of it (dataCore() is nullptr): that comes from the DataCore REST
// client, and the application combines the two.
//
// This class exists only in Windows builds: windowsbackend.cpp and the other
// OS files are compiled only when WIN32 (platform/CMakeLists.txt). Code that
// builds everywhere guards its use with `#ifdef _WIN32`. The logic it relies
// on (mpiodecode.h, devicedecode.h, commandline.h) builds and is tested
// everywhere.
//
// Needs a 64-bit process on 64-bit Windows (SetupAPI refuses driver changes
// from WOW64) and, for MPIO data and every change, administrator rights.

#include "platform/backend.h"
#include "platform/result.h"

#include <memory>
#include <string>
#include <vector>

namespace pathlens {

class WindowsDevices;
class WindowsHostSystem;
class WindowsMpio;

class WindowsBackend final : public Backend
{
public:
    /// Learns the computer's names and prepares COM security for WMI
    /// (CoInitializeSecurity once per process, impersonation level; when the
    /// application already set it, that setting stays). Fails only when COM
    /// cannot be initialised on the calling thread. Neither MPIO nor
    /// administrator rights are required to open; the calls say what is missing.
    static Result<std::unique_ptr<WindowsBackend>> open();

    ~WindowsBackend() override;
    WindowsBackend(const WindowsBackend &) = delete;
    WindowsBackend &operator=(const WindowsBackend &) = delete;

    /// "This computer: SSV1 (Windows)"
    std::string description() const override;

    DataCoreManagement *dataCore() override { return nullptr; }
    DeviceInventory *devices() override;
    Mpio *mpio() override;
    /// The process token's elevation, the MPIO feature and pending restarts.
    HostSystem *hostSystem() override;

    /// The computer name; devices() and mpio() also accept its DNS name,
    /// "localhost" and "".
    std::vector<std::string> hosts() const override;
    /// Gaps of the last reads: device properties that could not be read, MPIO
    /// classes that are missing (no counters, no adapter locations), ...
    std::vector<std::string> missingParts() const override;

    const std::string &computerName() const { return m_computerName; }
    const std::string &dnsName() const { return m_dnsName; }
    /// The concrete parts, for callers that need more than the interfaces
    /// (the probe reads the raw MPIO snapshot).
    WindowsDevices &windowsDevices() { return *m_devices; }
    WindowsMpio &windowsMpio() { return *m_mpio; }

private:
    WindowsBackend(std::string computerName, std::string dnsName);

    std::string m_computerName;
    std::string m_dnsName;
    std::unique_ptr<WindowsDevices> m_devices;
    std::unique_ptr<WindowsMpio> m_mpio;
    std::unique_ptr<WindowsHostSystem> m_hostSystem;
};

} // namespace pathlens
