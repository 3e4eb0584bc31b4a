#pragma once

#include "result.h"
#include "types.h"

#include <string>
#include <vector>

namespace pathlens {

/// DataCore SANsymphony management: the server group as its REST API (or a
/// bundle, or the simulated lab) describes it.
class DataCoreManagement
{
public:
    virtual ~DataCoreManagement() = default;

    /// All servers of the group (2.0/servers).
    virtual Result<std::vector<DataCoreServer>> servers() = 0;
    /// All ports of all servers (1.0/ports), including Not present ones.
    virtual Result<std::vector<DataCorePort>> ports() = 0;
    /// Back-end physical disks of all servers (2.0/physicaldisks).
    virtual Result<std::vector<BackEndDisk>> physicalDisks() = 0;
    /// Removes a port from the configuration (DELETE 1.0/ports/{id}); only
    /// Not present ports may be removed.
    virtual ChangeResult deletePort(const std::string &portId) = 0;
};

} // namespace pathlens
