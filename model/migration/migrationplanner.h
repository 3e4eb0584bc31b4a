#pragma once

// Plan and preflight of remedy 2. The platform answers are gathered first
// (gatherPreflightFacts, on the worker); planMigration itself is pure, so
// every preflight rule is tested with facts made by hand.

#include "model/migration/migrationchoices.h"
#include "model/migration/migrationtypes.h"
#include "model/snapshotbuilder.h"
#include "platform/backend.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

/// What the admin asked for.
struct MigrationRequest {
    std::string server;             ///< name, id or host name
    std::vector<std::string> ports; ///< ids, aliases or PCI locations; empty: every selectable back-end port
    LoadBalancePolicy policy = LoadBalancePolicy::RoundRobinWithSubset;
    /// Preferred native drivers by INF name ("oem17.inf") or INF and version
    /// ("oem17.inf|9.2.9.27"); a device none of them fits gets its newest
    /// native driver.
    std::vector<std::string> drivers;
};

/// The policies offered for the claimed back-end LUNs: the ones that keep
/// I/O on the Active/Optimized paths (Round Robin with Subset, the default;
/// Least Queue Depth; Least Blocks).
const std::vector<LoadBalancePolicy> &migrationPolicies();
/// "RRWS", "LQD", "LB" (any case) among migrationPolicies().
std::optional<LoadBalancePolicy> migrationPolicyFromString(std::string_view text);

/// The platform's answers the preflight needs.
struct PreflightFacts {
    std::optional<Result<Elevation>> elevation;        ///< none: the backend cannot tell
    std::optional<Result<MpioFeature>> mpioFeature;    ///< none: the backend cannot tell
    std::optional<Result<PendingReboot>> pendingReboot; ///< none: the backend cannot tell
    /// Compatible drivers per device instance id (DeviceInventory::compatibleDrivers).
    std::map<std::string, Result<std::vector<DriverPackage>>> drivers;
};

/// Asks the backend (on the worker): host rights, MPIO feature, pending
/// restart, and the compatible drivers of each matched device.
PreflightFacts gatherPreflightFacts(Backend &backend, const std::string &host,
                                    const std::vector<const BackEndPortChoice *> &ports);

struct PlanOutcome {
    MigrationPlan plan;
    std::vector<PreflightItem> preflight;
};

/// The steps for the chosen ports and the preflight list: pass, warn or
/// block per item, each with what was found and what to do.
PlanOutcome planMigration(const ServerChoice &server, const PortSelection &selection, const SourceData &sources,
                          const PreflightFacts &facts, const MigrationRequest &request);

/// The manual equivalent of setting @p policy on one MPIO disk, with its
/// paths where known (mpclaim wants each path's state for RRWS).
std::string policyCommand(std::optional<std::uint32_t> mpioDisk, LoadBalancePolicy policy,
                          const std::vector<MpioPath> &paths, std::string_view serial);

} // namespace pathlens
