#pragma once

// Plain value types that cross the platform seam. No Qt here: the Windows and
// Linux backends build without it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

/// Full PCI location of one PCI function. DataCore reports these numbers in
/// decimal, Windows and Linux tools often print hex; the values here are plain
/// integers so both compare equal.
struct PciLocation {
    std::uint32_t bus = 0;
    std::uint32_t device = 0; ///< "slot" in DataCore's IdInfo.PCIInfo
    std::uint32_t function = 0;

    /// "130:0.1" (decimal bus:device.function), stable and readable.
    std::string toString() const;
    /// "82:00.1", the lspci spelling (hex).
    std::string toHexString() const;

    friend bool operator==(const PciLocation &, const PciLocation &) = default;
    friend bool operator<(const PciLocation &a, const PciLocation &b)
    {
        if (a.bus != b.bus)
            return a.bus < b.bus;
        if (a.device != b.device)
            return a.device < b.device;
        return a.function < b.function;
    }
};

// ---------------------------------------------------------------- DataCore

/// Port role bit flags exactly as DataCore's REST API encodes them.
enum RoleFlag : std::uint32_t {
    RoleNone = 0,
    RoleFrontEnd = 1,
    RoleBackEnd = 2,
    RoleMirror = 4,
};
using RoleFlags = std::uint32_t;

/// "FE,MR,BE" in that fixed order, "" for none.
std::string rolesToString(RoleFlags roles);

enum class PortMode { Unknown, Target, Initiator, InitiatorTarget };
enum class PortType { Unknown, FibreChannel, iSCSI, Loopback };
enum class Presence { Unknown, Present, NotPresent };

std::string_view toString(PortMode mode);       ///< "Target", "Initiator", "InitiatorTarget", "Unknown"
std::string_view toString(PortType type);       ///< "FibreChannel", "iSCSI", "Loopback", "Unknown"
std::string_view toString(Presence presence);   ///< "Present", "Not present", "Unknown"

struct DataCoreServer {
    std::string id;        ///< DataCore's stable server id
    std::string name;      ///< caption shown in the DataCore console
    std::string hostName;  ///< Windows host name; device inventory and MPIO are asked per host
    std::string state;     ///< e.g. "Online", "Offline"
    std::string version;   ///< product version string
    std::string groupId;
};

struct DataCorePort {
    std::string id;
    std::string serverId;
    std::string alias;     ///< caption, e.g. "Server1 FC Port 2"
    std::string portName;  ///< WWPN for FC, IQN for iSCSI
    RoleFlags roles = RoleNone;
    PortMode mode = PortMode::Unknown;
    PortType type = PortType::Unknown;
    Presence presence = Presence::Unknown;
    std::optional<PciLocation> pci; ///< from IdInfo.PCIInfo; absent for loopback and software ports
    std::string driverName;         ///< IdInfo.DriverName, e.g. "DataCore QLogic 2X"
    bool connected = false;
};

/// SCSI address as Windows prints it: "004|000|009|001" (port|bus|target|lun).
struct ScsiAddress {
    std::uint32_t port = 0;
    std::uint32_t bus = 0;
    std::uint32_t target = 0;
    std::uint32_t lun = 0;

    std::string toString() const;
    friend bool operator==(const ScsiAddress &, const ScsiAddress &) = default;
};

/// ALUA asymmetric access state of a path or target port group.
/// Offline (SPC-4 ALUA state Eh) means the target port itself is out of
/// service, e.g. for maintenance; it carries no I/O.
enum class PathState { Unknown, ActiveOptimized, ActiveUnoptimized, Standby, Unavailable, Transitioning, Failed, Offline };
/// How many PathState values there are (arrays indexed by state).
inline constexpr std::size_t kPathStateCount = 8;

/// The report spelling: "Active/Optimized", "Active/Unoptimized", "Standby", "Unavailable",
/// "Transitioning", "Failed", "Offline", "Unknown".
std::string_view toString(PathState state);
/// Short form for dense tables: "A/O", "A/NO", "SB", "UA", "TR", "FAIL", "OFF", "?".
std::string_view toShortString(PathState state);
/// A path that can carry I/O now or after a failover: not failed and not Unavailable.
bool isUsable(PathState state);

/// Cumulative per-path counters as MSDSM keeps them (the lab also fills
/// them for DataCore back-end paths). Counts are 32-bit and wrap.
struct PathCounters {
    std::uint32_t reads = 0;
    std::uint32_t writes = 0;
    std::uint64_t bytesRead = 0;
    std::uint64_t bytesWritten = 0;
    std::optional<std::uint32_t> outstanding; ///< requests in flight, where known
    std::chrono::system_clock::time_point taken{};
};

/// A path the DataCore back-end driver knows to a back-end disk. The DataCore
/// driver ignores ALUA; the state is filled only when the array's own data (or a
/// REPORT TARGET PORT GROUPS answer) provides it, otherwise it stays Unknown.
struct BackEndPath {
    std::string portId;     ///< DataCore port the path leaves from
    ScsiAddress scsi;
    bool inUse = false;     ///< the one path the DataCore driver chose
    PathState aluaState = PathState::Unknown;
    std::optional<std::uint32_t> tpgId;
    std::optional<PathCounters> counters; ///< only where the source measures them (the lab does)
};

/// A back-end physical disk as DataCore sees it (2.0/physicaldisks).
struct BackEndDisk {
    std::string id;
    std::string serverId;
    std::string caption;
    std::string vendor;
    std::string product;
    std::string serial;          ///< serial or NAA id; joins to the MPIO disk
    std::uint64_t sizeBytes = 0;
    std::string status;          ///< e.g. "On-line"
    std::string poolName;        ///< empty when not in a pool
    bool aluaCapable = false;    ///< INQUIRY TPGS bits set
    std::vector<BackEndPath> paths; ///< empty when the disk is not reached through a DataCore BE port
};

// ------------------------------------------------------- device inventory

enum class DeviceClass { Unknown, ScsiAdapter, Net };
std::string_view toString(DeviceClass cls);

/// One driver package: the current driver of a device, or a candidate.
struct DriverPackage {
    std::string description; ///< e.g. "QLogic Fibre Channel Adapter"
    std::string provider;    ///< e.g. "QLogic", "DataCore Software"
    std::string version;
    std::string date;        ///< ISO date "2023-05-17" as the INF states it
    std::string infName;     ///< "oem12.inf"
    std::string service;     ///< "ql2300", "dcsfc"

    /// Stable identity of a package: INF plus version.
    std::string key() const { return infName + '|' + version; }
    friend bool operator==(const DriverPackage &, const DriverPackage &) = default;
};

/// One PCI function of an HBA or NIC as the OS device inventory sees it.
struct Adapter {
    std::string instanceId;   ///< device instance path, e.g. "PCI\\VEN_1077&DEV_2532&...\\4&1F2A&0&0008"
    std::string description;  ///< friendly name
    DeviceClass deviceClass = DeviceClass::Unknown;
    std::optional<PciLocation> pci;
    std::string locationText; ///< "PCI bus 130, device 0, function 1"
    std::vector<std::string> hardwareIds;
    DriverPackage driver;
    /// Windows keeps a backup driver for this device, so DiRollbackDriver can
    /// restore it. Empty where the system does not tell: Windows documents no
    /// query for it, only the ERROR_NO_MORE_ITEMS of a rollback tried.
    std::optional<bool> rollbackAvailable;
};

// ------------------------------------------------------------------- MPIO

/// MSDSM load-balance policies with mpclaim's numbers.
enum class LoadBalancePolicy {
    Unknown = 0,
    FailOverOnly = 1,
    RoundRobin = 2,
    RoundRobinWithSubset = 3,
    LeastQueueDepth = 4,
    WeightedPaths = 5,
    LeastBlocks = 6,
    VendorSpecific = 7,
};
std::string_view toShortString(LoadBalancePolicy policy); ///< "FOO", "RR", "RRWS", "LQD", "WP", "LB", "VS", "?"
std::string_view toString(LoadBalancePolicy policy);      ///< "Fail Over Only", "Round Robin", ...

enum class AluaSupport { Unknown, NotSupported, ImplicitOnly, ExplicitOnly, ImplicitAndExplicit };
std::string_view toString(AluaSupport alua); ///< "ALUA Not Supported", "Implicit Only", ...

struct MpioPath {
    std::uint64_t pathId = 0;        ///< printed as 16 hex digits by mpclaim
    PathState state = PathState::Unknown;
    std::optional<std::uint32_t> tpgId;
    PathState tpgState = PathState::Unknown;
    bool preferred = false;
    std::uint32_t weight = 0;
    ScsiAddress scsi;
    std::optional<PciLocation> adapterPci;
    std::string adapterName;
    PathCounters counters;
};

/// "0000000077050007".
std::string formatPathId(std::uint64_t pathId);

struct MpioDisk {
    std::uint32_t number = 0;    ///< "MPIO Disk<N>"
    std::string systemDisk;      ///< "Disk 4"
    std::string serial;
    std::string vendor;
    std::string product;
    std::string dsm;             ///< "Microsoft DSM" or a vendor DSM
    LoadBalancePolicy policy = LoadBalancePolicy::Unknown;
    AluaSupport alua = AluaSupport::Unknown;
    std::vector<MpioPath> paths;
};

/// What to claim: devices by hardware id (vendor 8 + product 16 chars), or all.
struct ClaimRequest {
    std::vector<std::string> hardwareIds; ///< empty: all eligible devices
    bool allowReboot = false;             ///< false: mpclaim -n semantics, report reboot-required instead
};

} // namespace pathlens
