#pragma once

// The local computer's device inventory through SetupAPI, CfgMgr32 and
// newdev: SCSI and network adapters with PCI location and driver, the
// drivers compatible with one device, installing one of them on exactly that
// device instance, and rolling it back. Windows only.

#include "platform/deviceinventory.h"

#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace pathlens {

class WindowsDevices final : public DeviceInventory
{
public:
    /// @p computerName and @p dnsName decide which host names mean this computer.
    WindowsDevices(std::string computerName, std::string dnsName);

    Result<std::vector<Adapter>> adapters(const std::string &host) override;
    Result<std::vector<DriverPackage>> compatibleDrivers(const std::string &host,
                                                         const std::string &instanceId) override;
    /// DiInstallDevice with the chosen driver (which must already be in the
    /// driver store). Needs administrator rights.
    ChangeResult installDriver(const std::string &host, const std::string &instanceId,
                               const DriverPackage &driver) override;
    /// DiRollbackDriver: the backup driver Windows keeps after a successful
    /// install; ERROR_NO_MORE_ITEMS (kErrorNoBackupDriver) when there is none.
    ChangeResult rollBackDriver(const std::string &host, const std::string &instanceId) override;

    /// Property reads that failed for single devices during the last
    /// adapters() call (the device is still listed, that value empty).
    std::vector<std::string> problems() const;

private:
    Result<bool> checkHost(const std::string &host) const;

    std::string m_computerName;
    std::string m_dnsName;
    mutable std::mutex m_mutex;
    std::vector<std::string> m_problems;
};

} // namespace pathlens
