#pragma once

#include "result.h"
#include "types.h"

#include <string>
#include <vector>

namespace pathlens {

/// The error code of rollBackDriver when the device has no backup driver
/// (ERROR_NO_MORE_ITEMS from DiRollbackDriver): nothing was changed.
inline constexpr long kErrorNoBackupDriver = 259;

/// The OS device inventory of one host and the driver operations on it
/// (SetupAPI, CfgMgr32 and newdev on Windows).
class DeviceInventory
{
public:
    virtual ~DeviceInventory() = default;

    /// SCSI adapters and network adapters of the host, one entry per PCI function.
    virtual Result<std::vector<Adapter>> adapters(const std::string &host) = 0;
    /// Drivers compatible with this one device instance (not hardware-id wide).
    virtual Result<std::vector<DriverPackage>> compatibleDrivers(const std::string &host,
                                                                 const std::string &instanceId) = 0;
    /// Installs the given driver on exactly this device instance.
    virtual ChangeResult installDriver(const std::string &host, const std::string &instanceId,
                                       const DriverPackage &driver) = 0;
    /// Restores the backup driver Windows keeps after a successful install;
    /// kErrorNoBackupDriver when there is none.
    virtual ChangeResult rollBackDriver(const std::string &host, const std::string &instanceId) = 0;
};

} // namespace pathlens
