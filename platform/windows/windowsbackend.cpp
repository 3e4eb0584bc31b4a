#include "windowsbackend.h"

#include "comptr.h"
#include "setupapidevices.h"
#include "winhostsystem.h"
#include "winsupport.h"
#include "wmimpio.h"

#include <objbase.h>

namespace pathlens {

Result<std::unique_ptr<WindowsBackend>> WindowsBackend::open()
{
    win::ComScope com;
    if (FAILED(com.result()))
        return win::hresultFailure("CoInitializeEx", com.result());
    // WMI's MPIO providers act with the caller's token: impersonation level.
    // Process-wide and settable once; RPC_E_TOO_LATE means the application
    // (or an earlier open) already chose, and the per-proxy blanket in
    // WmiSession still applies.
    const HRESULT security = CoInitializeSecurity(nullptr, -1, nullptr, nullptr, RPC_C_AUTHN_LEVEL_DEFAULT,
                                                  RPC_C_IMP_LEVEL_IMPERSONATE, nullptr, EOAC_NONE, nullptr);
    if (FAILED(security) && security != RPC_E_TOO_LATE)
        return win::hresultFailure("CoInitializeSecurity", security);

    std::string name = win::computerName();
    if (name.empty())
        return win::lastError("GetComputerNameExW");
    return std::unique_ptr<WindowsBackend>(new WindowsBackend(std::move(name), win::dnsHostName()));
}

WindowsBackend::WindowsBackend(std::string computerName, std::string dnsName)
    : m_computerName(std::move(computerName)),
      m_dnsName(std::move(dnsName)),
      m_devices(std::make_unique<WindowsDevices>(m_computerName, m_dnsName)),
      m_mpio(std::make_unique<WindowsMpio>(m_computerName, m_dnsName)),
      m_hostSystem(std::make_unique<WindowsHostSystem>(m_computerName, m_dnsName))
{
}

WindowsBackend::~WindowsBackend() = default;

std::string WindowsBackend::description() const
{
    return "This computer: " + m_computerName + " (Windows)";
}

DeviceInventory *WindowsBackend::devices()
{
    return m_devices.get();
}

Mpio *WindowsBackend::mpio()
{
    return m_mpio.get();
}

HostSystem *WindowsBackend::hostSystem()
{
    return m_hostSystem.get();
}

std::vector<std::string> WindowsBackend::hosts() const
{
    return {m_computerName};
}

std::vector<std::string> WindowsBackend::missingParts() const
{
    std::vector<std::string> parts = m_devices->problems();
    const std::vector<std::string> mpio = m_mpio->problems();
    parts.insert(parts.end(), mpio.begin(), mpio.end());
    return parts;
}

} // namespace pathlens
