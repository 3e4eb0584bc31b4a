#pragma once

// The cumulative I/O counters of one reading, per path, apart from the
// snapshot: they move on every reading, while the tree compares snapshots by
// value and would otherwise see every path change on every refresh.

#include "platform/types.h"

#include <cstddef>
#include <string>
#include <unordered_map>

namespace pathlens {

struct InventorySnapshot;
struct SourceData;

/// Every measured path's counters of one reading, by path identity
/// ("serverKey/diskKey/pathKey", see pathIdentity()): the identity leaves the
/// port out, so a path keeps its counters when its row moves.
struct PathCounterReadings {
    std::unordered_map<std::string, PathCounters> byPath;

    const PathCounters *find(const std::string &pathIdentity) const;
    std::size_t size() const { return byPath.size(); }
    bool empty() const { return byPath.empty(); }
};

/// The counters of the snapshot's paths, where the sources measure them (the
/// MPIO paths, and the DataCore driver's paths where the source gives
/// counters). The snapshot must have been built from @p sources.
PathCounterReadings readPathCounters(const SourceData &sources, const InventorySnapshot &snapshot);

} // namespace pathlens
