#pragma once

// The reading as the rules see it: per server, each back-end LUN once, with
// every path it has through any port (the tree shows a LUN under each port it
// is reached through), each path with its counters and its counter delta
// against the previous reading.

#include "model/health/finding.h"
#include "model/health/healthcontext.h"
#include "model/inventory.h"
#include "model/snapshotbuilder.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace pathlens {

struct PathView {
    const PathEntry *entry = nullptr;
    const PortEntry *port = nullptr;
    /// Stable identity for the histories: "serverKey/diskKey/pathKey". The
    /// port is left out so a path keeps its history when its row moves.
    std::string identity;
    std::optional<PathCounters> counters; ///< this reading, where the source measures them
    CounterDelta delta;                   ///< against the previous reading
    ObjectRef row;                        ///< its tree row
    std::string name;                     ///< "path 0000000077040002 via DCS-A BE1"

    PathState state() const { return entry->state; }
    /// The array's view, which decides fast or slow: the TPG state where
    /// known (MSDSM parks optimized paths in Standby under Fail Over Only),
    /// else the path state.
    PathState arrayState() const;
    /// Can carry I/O now or after a failover (domain.md §4): neither the path
    /// nor its target port group is failed or Unavailable.
    bool usable() const;
    /// Usable and leading to an Active/Optimized target port group.
    bool optimized() const;
    /// The array state is A/NO, Standby or Unavailable (slow or not meant for I/O).
    bool nonOptimized() const;
    /// The HBA port the path leaves from: its PCI function, else the port row
    /// (loopback); empty when not known (the unmatched row).
    std::string adapterIdentity() const;
};

struct LunView {
    const ServerEntry *server = nullptr;
    const DiskEntry *disk = nullptr; ///< the first row of the LUN: caption, policy, DSM, ...
    std::string key;                 ///< DiskEntry::key
    PathOwner owner = PathOwner::Mpio;
    std::vector<ObjectRef> rows;     ///< the LUN's row under each port
    std::vector<PathView> paths;     ///< through every port
    std::string name;                ///< "DCS-A / DGC VRAID LUN 1"

    ObjectRef ref() const { return ObjectRef::disk(server->key, std::string(AnyPortKey), key); }
    /// ALUA by the DSM's or DataCore's word, or by target port groups on the paths.
    bool alua() const;
    std::size_t usableCount() const;
};

struct ServerView {
    const ServerEntry *entry = nullptr;
    const SourceData::HostData *host = nullptr;
    bool mpioRead = false;     ///< the host's MPIO disks were read: an absent MPIO path is really absent
    bool dataCoreRead = false; ///< DataCore's back-end disks were read for this server
    std::vector<LunView> luns;
};

struct HealthInput {
    const SourceData *sources = nullptr;
    const InventorySnapshot *snapshot = nullptr;
    const HealthContext *context = nullptr;
    std::chrono::system_clock::time_point now{};
    std::vector<ServerView> servers;
    /// At least one path had a measured counter delta.
    bool ioMeasured = false;
    std::chrono::milliseconds ioInterval{0};

    const HealthSettings &settings() const { return context->settings; }
};

/// Builds the rules' view. The snapshot must have been built from @p sources.
HealthInput buildHealthInput(const SourceData &sources, const InventorySnapshot &snapshot,
                             const HealthContext &context);

/// "serverKey/diskKey/pathKey".
std::string pathIdentity(const std::string &serverKey, const std::string &diskKey, const std::string &pathKey);

// Finding builders: object, its name and its rows filled in.
Finding lunFinding(std::string_view rule, Severity severity, const LunView &lun, std::string message,
                   std::string recommendation);
Finding pathFinding(std::string_view rule, Severity severity, const LunView &lun, const PathView &path,
                    std::string message, std::string recommendation);
Finding portFinding(std::string_view rule, Severity severity, const ServerEntry &server, const PortEntry &port,
                    std::string message, std::string recommendation);

/// Display name of a server row.
std::string serverName(const ServerEntry &server);
/// "Both usable paths", "All 3 usable paths".
std::string usableText(std::size_t count);
/// "1,512" for sentences.
std::string formatCount(double value);

} // namespace pathlens
