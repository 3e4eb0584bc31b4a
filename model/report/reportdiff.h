#pragma once

// What changed in a server group since a baseline: paths lost and added,
// state and target port group changes, load-balance policy drift, ports
// appearing and vanishing. Both sides are brought to one shape first, so a
// saved baseline (pathlens-baseline/1) and an earlier JSON report
// (pathlens-report/1) compare with the current snapshot the same way.

#include "model/baseline.h"
#include "model/inventory.h"
#include "platform/result.h"

#include <QByteArray>
#include <QString>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

struct DiffPath {
    std::string key;     ///< PathEntry::key
    std::string portKey; ///< the port it leaves from
    std::string name;    ///< "path 0000000077010001" / "path 001|000|001|001"
    PathState state = PathState::Unknown;
    std::optional<std::uint32_t> tpgId;
    PathState tpgState = PathState::Unknown;
};

struct DiffDisk {
    std::string key;
    std::string caption;
    /// Unknown when the side does not record it (a baseline does not).
    LoadBalancePolicy policy = LoadBalancePolicy::Unknown;
    std::vector<DiffPath> paths;
};

struct DiffPort {
    std::string key;
    std::string name;
    Presence presence = Presence::Unknown;
};

struct DiffServer {
    std::string key;
    std::string name;
    std::vector<DiffPort> ports;
    std::vector<DiffDisk> disks;
};

/// One side of a comparison.
struct DiffSide {
    std::string description; ///< "baseline saved 2024-06-08T21:13:20Z", "report generated ..."
    std::chrono::system_clock::time_point taken{};
    /// Whether the side lists every port (a baseline knows only the ports
    /// its paths leave from) and the disks' policies (a baseline does not).
    bool hasAllPorts = false;
    bool hasPolicies = false;
    std::vector<DiffServer> servers;
};

DiffSide diffSide(const InventorySnapshot &snapshot);
DiffSide diffSide(const Baseline &baseline);
/// A pathlens-report/1 document (this program's JSON report). Refuses other
/// shapes with an error naming @p sourceName and the member that is wrong.
Result<DiffSide> diffSideFromReportJson(const QByteArray &bytes, const std::string &sourceName);
/// Reads a baseline file or an earlier JSON report, whichever @p filePath holds.
Result<DiffSide> loadDiffSide(const QString &filePath);

struct ReportChange {
    enum class Kind {
        ServerAdded,
        ServerLost,
        PortAppeared,
        PortVanished,
        PortPresenceChanged, ///< e.g. Present -> Not present after a driver swap
        DiskAdded,
        DiskLost,
        PathAdded,
        PathLost,
        PathMoved,           ///< leaves from another port now
        StateChanged,
        TpgChanged,          ///< target port group id or state
        PolicyChanged,
    };
    Kind kind = Kind::PathAdded;
    std::string serverKey;
    std::string serverName;
    std::string portKey;  ///< port changes; the path's port (now, or before when lost)
    std::string diskKey;  ///< disk and path changes
    std::string pathKey;  ///< path changes
    std::string object;   ///< in words: "DCS-A / LUN 1 / path 0000000077010001"
    std::string before;   ///< the old value in words; empty for an addition
    std::string after;    ///< the new value in words; empty for a loss
    /// Loses redundancy or performance: a lost path, port or disk, a worse
    /// state, a port no longer present.
    bool worse = false;
};

/// "server-added", "path-lost", "state-changed", ... (stable, for JSON and monitoring).
std::string_view toString(ReportChange::Kind kind);
/// "Path lost", "State changed", ... for people.
std::string_view toTitle(ReportChange::Kind kind);

struct ReportDiff {
    std::string baseline;  ///< DiffSide::description of the older side
    std::chrono::system_clock::time_point baselineTaken{};
    bool comparedPolicies = false;
    bool comparedAllPorts = false;
    std::vector<ReportChange> changes; ///< server by server, in the current tree's order, then what was lost

    std::size_t count(ReportChange::Kind kind) const;
};

/// The key the group's baseline is filed under: the snapshot's own
/// (InventorySnapshot::baselineGroup), else the same choice baselineGroupKey()
/// makes from the sources (DataCore's server group id, else the first host
/// name, else "default").
std::string snapshotGroupKey(const InventorySnapshot &snapshot);

/// Compares @p before (the baseline) with @p after (now). Ports and policies
/// are compared only where both sides record them.
ReportDiff diffSides(const DiffSide &before, const DiffSide &after);

} // namespace pathlens
