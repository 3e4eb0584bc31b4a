#pragma once

// The joined picture of a server group at one moment: DataCore ports joined to
// OS adapters by PCI location, back-end disks joined to MPIO disks by serial,
// and every path under the port it leaves from. Plain values so a snapshot can
// be built on the refresh worker and handed to the UI thread as a whole.

#include "model/health/finding.h"
#include "platform/types.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

/// Who drives a back-end path: SANsymphony's own BE driver (before remedy 2)
/// or Windows MPIO (after it).
enum class PathOwner { DataCoreDriver, Mpio };
std::string_view toString(PathOwner owner); ///< "DataCore driver", "Windows MPIO"

/// How a port was matched across sources.
enum class JoinStatus {
    Matched,        ///< DataCore port and OS adapter share one PCI function
    NoAdapter,      ///< DataCore port with a PCI location no adapter has
    Ambiguous,      ///< several adapters (or ports) claim the same PCI function
    NoPciLocation,  ///< nothing to join on (loopback, software iSCSI initiator)
    AdapterOnly,    ///< OS adapter no DataCore port refers to (e.g. after a driver swap)
    NoInventory,    ///< the device inventory could not be read
};
std::string_view toString(JoinStatus status); ///< "Matched", "No adapter", "Ambiguous", ...

/// Key of the synthetic port row that collects paths no port or adapter claims.
inline constexpr std::string_view UnmatchedPortKey = "unmatched";

/// Rank for "worst state" summaries: higher is worse (Failed worst, A/O best).
int severity(PathState state);

/// What the health rules found about a row and the rows below it. Filled on
/// the refresh worker (attachHealth) before the digests are taken, so a change
/// of health reaches the views like any other change of a row.
struct RowHealth {
    /// One finding as a row's tooltip lists it.
    struct Note {
        Severity severity = Severity::None;
        std::string rule;
        std::string text; ///< the finding's sentence; prefixed with the object's name when it is about a row below

        friend bool operator==(const Note &, const Note &) = default;
    };

    Severity worst = Severity::None; ///< of the findings about this row and every row below it
    Severity own = Severity::None;   ///< of the findings about this row itself
    std::uint32_t count = 0;         ///< findings about this row and the rows below it
    std::vector<Note> notes;         ///< the worst few of them (MaxNotes), worst first

    static constexpr std::size_t MaxNotes = 3;

    bool empty() const { return count == 0; }
    friend bool operator==(const RowHealth &, const RowHealth &) = default;
};

struct PathEntry {
    std::string key;            ///< stable: formatted path id, or "dc:<portId>:<scsi>" for DataCore paths
    PathOwner owner = PathOwner::Mpio;
    std::optional<std::uint64_t> pathId; ///< MPIO path id; none for DataCore driver paths
    PathState state = PathState::Unknown;
    std::optional<std::uint32_t> tpgId;
    PathState tpgState = PathState::Unknown;
    bool preferred = false;
    bool inUse = false;         ///< DataCore driver: the one path it uses
    std::uint32_t weight = 0;
    ScsiAddress scsi;
    std::optional<PciLocation> adapterPci;
    RowHealth health;
    std::uint64_t digest = 0;   ///< hash of all the above (see updateDigests); 0 = not computed

    /// Same values; the digest is a cache of them and does not take part.
    friend bool operator==(const PathEntry &a, const PathEntry &b);
};

/// A back-end disk as reached through one port: the same LUN shows under each
/// port it is reached through, with the paths that leave from that port.
struct DiskEntry {
    std::string key;            ///< serial / NAA id (falls back to the DataCore disk id)
    PathOwner owner = PathOwner::Mpio;
    std::string serial;
    std::string caption;        ///< DataCore caption, or "MPIO Disk3"
    std::string vendor;
    std::string product;
    std::optional<std::uint32_t> mpioDisk;
    std::string systemDisk;
    std::string dsm;
    LoadBalancePolicy policy = LoadBalancePolicy::Unknown;
    AluaSupport alua = AluaSupport::Unknown;
    bool aluaCapable = false;   ///< DataCore's inquiry data says TPGS
    std::string poolName;
    std::uint64_t sizeBytes = 0;
    std::uint32_t totalPaths = 0; ///< paths of this LUN through all ports of the server
    RowHealth health;       ///< of the disk row: its own findings and its paths'
    std::vector<PathEntry> paths;
    std::uint64_t digest = 0;   ///< hash of the values and of all paths; 0 = not computed
    std::uint64_t ownDigest = 0; ///< hash of the values alone; 0 = not computed

    bool sameValues(const DiskEntry &other) const; ///< all but the children (by ownDigest when both have one)
    PathState worstState() const; ///< by severity(); Unknown without paths

    /// What the disk's row says about its paths. Under the DataCore driver the
    /// state that matters is the one path it uses; under MPIO it is the best
    /// state a path offers, with the count of paths in each state.
    struct StateSummary {
        PathState shown = PathState::Unknown;
        std::array<std::uint16_t, kPathStateCount> counts{}; ///< indexed by PathState
        friend bool operator==(const StateSummary &, const StateSummary &) = default;
    };
    StateSummary stateSummary() const;
};

struct PortEntry {
    std::string key;            ///< DataCore port id, or "adapter:<instanceId>" for adapter-only rows
    std::optional<DataCorePort> port;
    std::optional<Adapter> adapter;
    JoinStatus join = JoinStatus::Matched;
    std::string joinNote;       ///< why a join failed, in words
    RowHealth health;
    std::vector<DiskEntry> disks;
    std::uint64_t digest = 0;   ///< hash of the values and of everything below; 0 = not computed

    std::string displayName() const;
    RoleFlags roles() const { return port ? port->roles : RoleNone; }
    std::optional<PciLocation> pci() const; ///< the DataCore port's, else the adapter's
    bool isUnmatchedPaths() const { return key == UnmatchedPortKey; }
    bool sameValues(const PortEntry &other) const;
};

struct ServerEntry {
    std::string key;            ///< DataCore server id (or host name when DataCore is missing)
    DataCoreServer server;
    std::vector<std::string> problems; ///< sources that failed for this host, in words
    RowHealth health;
    std::vector<PortEntry> ports;
    std::uint64_t digest = 0;   ///< hash of the values and of everything below; 0 = not computed

    bool sameValues(const ServerEntry &other) const;
};

class HealthReport;
struct PathCounterReadings;

struct InventorySnapshot {
    std::chrono::system_clock::time_point taken{};
    std::string backendDescription;
    std::vector<std::string> problems; ///< group-wide source failures, in words
    std::vector<ServerEntry> servers;
    /// The health rules' findings on this reading (with what earlier readings
    /// told: measured I/O, flapping, the baseline); null when not evaluated.
    std::shared_ptr<const HealthReport> health;
    /// Each path's counters of this reading, by path identity, for the I/O
    /// share of the path diagram; kept beside the rows so counters that move
    /// on every refresh do not mark every path row changed. Null when not read.
    std::shared_ptr<const PathCounterReadings> counters;
    /// The key the group's baseline is filed under (baselineGroupKey); empty
    /// for snapshots not read from a backend.
    std::string baselineGroup;
    /// When the baseline the rules compared against was saved; none when no
    /// baseline was used.
    std::optional<std::chrono::system_clock::time_point> baselineSaved;

    std::size_t portCount() const;
    std::size_t diskCount() const;  ///< disk entries (per port): the tree's disk rows
    /// Back-end disks: each disk of a server once, however many of its ports reach it.
    std::size_t backEndDiskCount() const;
    std::size_t pathCount() const;
};

/// Fills every entry's digest, bottom up. buildSnapshot() does this on the
/// refresh worker; with digests the model skips unchanged subtrees without
/// reading them (a 64-bit hash: equal digests are taken as equal values).
/// Snapshots made by hand may skip it: the model then compares values.
void updateDigests(InventorySnapshot &snapshot);

/// Sets the snapshot's report and fills every entry's RowHealth from it
/// (a LUN-wide finding marks the disk's row under each port it shows under),
/// then updates the digests of the entries it changed, if the snapshot has
/// digests. Runs on the refresh worker; rows without findings cost nothing.
void attachHealth(InventorySnapshot &snapshot, std::shared_ptr<const HealthReport> report);

using SnapshotPtr = std::shared_ptr<const InventorySnapshot>;

} // namespace pathlens
