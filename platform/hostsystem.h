#pragma once

#include "result.h"

#include <string>
#include <vector>

namespace pathlens {

/// Whether this process may change drivers and MPIO on a host.
struct Elevation {
    bool elevated = false;
    std::string detail; ///< how that was decided, e.g. "the process token is elevated (TokenElevation)"
};

/// Whether the Windows Multipath I/O feature is installed on a host.
struct MpioFeature {
    bool installed = false;
    std::vector<std::string> evidence; ///< what was looked at and found, e.g. "service msdsm: present"
};

/// Whether Windows waits for a restart to finish earlier changes.
struct PendingReboot {
    bool pending = false;
    std::vector<std::string> reasons; ///< which signs of a pending restart were found
};

/// Facts about the host's own state that decide whether changing drivers and
/// MPIO claims is safe now. Backends that cannot tell return nullptr from
/// Backend::hostSystem(); callers then say "unknown" instead of guessing.
class HostSystem
{
public:
    virtual ~HostSystem() = default;

    /// Administrator rights of this process for changes on @p host.
    virtual Result<Elevation> isElevated(const std::string &host) = 0;
    /// The Multipath I/O feature (MPIO driver, Microsoft DSM, mpclaim.exe).
    virtual Result<MpioFeature> mpioFeatureInstalled(const std::string &host) = 0;
    /// A restart Windows already waits for (servicing, updates, file renames, a new computer name).
    virtual Result<PendingReboot> rebootPending(const std::string &host) = 0;
    /// Whether restartHost() may be offered: only a simulated server restarts
    /// on request; a real one is restarted by its admin.
    virtual bool restartsOnRequest() const { return false; }
    /// Restarts the host: changes that waited for the restart take effect.
    virtual ChangeResult restartHost(const std::string &host)
    {
        return Error{"restart", host + " is restarted by its administrator, not by PathLens", 0};
    }
};

} // namespace pathlens
