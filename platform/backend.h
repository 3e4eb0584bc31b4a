#pragma once

#include "datacoremanagement.h"
#include "deviceinventory.h"
#include "hostsystem.h"
#include "mpio.h"

#include <string>
#include <vector>

namespace pathlens {

/// One source of the whole picture: the simulated lab, a support bundle, or
/// the live system. Each part may be missing (nullptr): a bundle without
/// DataCore files has no DataCoreManagement, and the UI says so.
///
/// A backend is used from one thread at a time; the model calls it from its
/// refresh worker, never from the UI thread.
class Backend
{
public:
    virtual ~Backend() = default;

    /// Short words for the status bar: "Simulated lab: default-lab.json".
    virtual std::string description() const = 0;

    virtual DataCoreManagement *dataCore() = 0;
    virtual DeviceInventory *devices() = 0;
    virtual Mpio *mpio() = 0;
    /// Rights, MPIO feature and pending restarts of the hosts; nullptr when
    /// the source cannot tell (a bundle, a remote REST server).
    virtual HostSystem *hostSystem() { return nullptr; }

    /// Hosts whose device inventory and MPIO this backend reads on its own,
    /// even when DataCore management does not list them (a bundle's host, the
    /// local machine). DataCore's servers add theirs.
    virtual std::vector<std::string> hosts() const { return {}; }

    /// Parts of the source that were absent or unreadable, in words (for a
    /// bundle: "datacore/ports.json: missing"). Shown in the UI and reports.
    virtual std::vector<std::string> missingParts() const { return {}; }
};

} // namespace pathlens
