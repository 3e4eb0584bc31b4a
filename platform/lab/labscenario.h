#pragma once

// The simulated lab's scenario: what a scenario file describes (see
// docs/lab-format.md) plus the little state the lab changes while it runs.
// Plain data; the behaviour lives in LabState.

#include "platform/result.h"
#include "platform/types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens::lab {

struct DriverSpec {
    std::string id;
    bool dataCore = false; ///< the SANsymphony driver that turns the HBA into a DataCore port
    DriverPackage package;
};

struct AdapterSpec {
    std::string id;                       ///< short name used by paths and faults
    Adapter adapter;                      ///< instance id, class, PCI, hardware ids (driver filled on demand)
    std::optional<std::uint32_t> scsiPort; ///< Windows SCSI port number of this HBA function
    std::string driverId;
    std::vector<std::string> compatibleDriverIds;
    std::optional<std::string> previousDriverId; ///< what rollback restores
    /// Installed, but the running driver changes only at the next restart
    /// (the registry already names it, so adapters() reports it).
    std::optional<std::string> pendingDriverId;
    bool vanished = false; ///< the hardware is gone: no longer enumerated, its ports Not present
};

struct PortSpec {
    DataCorePort port;
    bool deleted = false; ///< removed from the configuration; comes back if the DataCore driver returns
};

struct ControllerSpec {
    std::string id;
    std::string name;
    std::uint32_t tpgId = 0;
};

struct ArraySpec {
    std::string id;
    std::string vendor;
    std::string product;
    std::string revision;
    std::vector<ControllerSpec> controllers;

    const ControllerSpec *controller(std::string_view controllerId) const;
};

struct TrafficSpec {
    double readIops = 0.0;
    double writeIops = 0.0;
    std::uint32_t blockSize = 8192;
};

/// Cumulative counts of one path at the start of the current routing segment.
struct PathTotals {
    std::uint64_t reads = 0;
    std::uint64_t writes = 0;
    std::uint64_t bytesRead = 0;
    std::uint64_t bytesWritten = 0;
};

struct PathSpec {
    std::string id;
    std::string adapterId;
    std::string controllerId;
    std::uint32_t target = 0;
    std::uint32_t weight = 0;
    bool failed = false;

    // Traffic bookkeeping: totals at the segment start and this path's share
    // of the LUN's I/O since then.
    PathTotals base;
    double share = 0.0;
};

struct LunSpec {
    std::string id;       ///< DataCore physical disk id; unique in the group
    std::string caption;
    std::string arrayId;
    std::uint32_t lun = 0;
    std::string serial;
    std::uint64_t sizeBytes = 0;
    std::string ownerControllerId;
    bool alua = true;
    std::string pool;
    std::string status = "On-line";
    std::string dataCorePathId; ///< the path SANsymphony's driver chose; empty: the first it sees
    TrafficSpec traffic;
    std::vector<PathSpec> paths;

    bool claimed = false;
    std::uint32_t mpioDisk = 0;
    LoadBalancePolicy policy = LoadBalancePolicy::Unknown;
    std::string preferredPathId;
    std::string activePathId; ///< the Active/Optimized path the last Fail Over Only request named

    std::int64_t segmentStart = 0; ///< second (since the traffic origin) the current routing began

    PathSpec *path(std::string_view pathId);
    const PathSpec *path(std::string_view pathId) const;
};

struct MpioSettings {
    bool featureInstalled = true;
    std::optional<LoadBalancePolicy> defaultPolicy; ///< MSDSM-wide default; none: RRWS for ALUA, RR otherwise
    std::uint32_t firstSystemDisk = 1;
    /// MSDSM's list of supported hardware ("vendor8product16"; "*" for every
    /// device mpclaim -a claims): a device that appears later with such an id
    /// is claimed as it arrives. Claimed LUNs of the scenario put theirs here.
    std::vector<std::string> registeredHardwareIds;
};

/// What the server's Windows says about itself (HostSystem).
struct SystemSpec {
    bool elevated = true;       ///< PathLens runs with administrator rights there
    bool rebootPending = false; ///< a restart is pending when the lab starts
};

struct ServerSpec {
    DataCoreServer server;
    std::vector<AdapterSpec> adapters;
    std::vector<PortSpec> ports;
    MpioSettings mpio;
    SystemSpec system;
    std::vector<LunSpec> luns;

    // Changes that wait for the next restart (restartHost).
    std::vector<std::string> rebootReasons; ///< why a restart is pending, oldest first
    std::optional<ClaimRequest> pendingClaim; ///< a claim that takes effect at the restart
    /// Driver packages a rollback deleted from this host's driver store: they
    /// are no longer offered as compatible drivers.
    std::vector<std::string> removedDriverIds;

    AdapterSpec *adapter(std::string_view idOrInstanceId);
    const AdapterSpec *adapter(std::string_view idOrInstanceId) const;
};

/// Which operations need a restart to take effect (see rules.h): a driver
/// install or rollback that needs one leaves the old driver running until the
/// restart; a claim of devices already present takes them over at the restart.
/// A port removal and a policy change take effect at once and only report it.
struct Behaviour {
    bool installDriverRequiresReboot = false;
    bool rollBackDriverRequiresReboot = false;
    bool deletePortRequiresReboot = false;
    bool claimRequiresReboot = true;
    bool setPolicyRequiresReboot = false;
};

/// The operations a fault can target, as scenario files spell them.
enum class LabOperation {
    Servers,
    Ports,
    PhysicalDisks,
    DeletePort,
    Adapters,
    CompatibleDrivers,
    InstallDriver,
    RollBackDriver,
    Disks,
    Claim,
    SetPolicy,
};

std::string_view toString(LabOperation operation);

/// What a matching fault does to the operation.
enum class FaultOutcome {
    Error,          ///< the operation fails and changes nothing
    RebootRequired, ///< it succeeds, asks for a restart and takes effect only then
    Vanish,         ///< the device disappears (hardware failure) and the operation fails
};

std::string_view toString(FaultOutcome outcome); ///< "error", "rebootRequired", "vanish"

struct FaultSpec {
    LabOperation operation = LabOperation::Servers;
    FaultOutcome outcome = FaultOutcome::Error;
    std::string serverId;          ///< empty: any server
    std::string target;            ///< adapter, port or LUN id; empty: any
    std::string message;           ///< empty: the outcome's usual words
    long code = 0;
    std::optional<std::int64_t> remaining; ///< failures left; none: fails every time
};

struct Scenario {
    std::string description;
    std::string groupId;
    std::string groupName;
    std::uint64_t seed = 0;
    std::int64_t trafficOrigin = 0; ///< seconds since the Unix epoch when the counters start
    Behaviour behaviour;
    std::vector<DriverSpec> drivers;
    std::vector<ArraySpec> arrays;
    std::vector<ServerSpec> servers;
    std::vector<FaultSpec> faults;
    std::uint64_t textHash = 0; ///< of the scenario text; a saved lab state names it

    const DriverSpec *driver(std::string_view driverId) const;
    const ArraySpec *array(std::string_view arrayId) const;
};

/// Reads and checks a scenario. Refusals read "<source>:<line>:<column>: <reason>".
Result<Scenario> loadScenario(std::string_view json, const std::string &sourceName);

/// "2024-06-03T06:00:00Z" as seconds since the Unix epoch (years 1 to 9999;
/// with @p requireClock only times system_clock can hold).
Result<std::int64_t> parseUtcTimestamp(std::string_view text, bool requireClock);

} // namespace pathlens::lab
