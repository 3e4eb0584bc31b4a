#pragma once

// From counter readings to history: the light read the sampler makes on the
// backend's worker, where each path sits in the tree, and the rate maths that
// turns two readings into a step for the path and its disk, port and server.

#include "model/history/historystore.h"
#include "model/inventory.h"
#include "platform/backend.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pathlens {

/// A path's identity in the sources, independent of where the tree puts it:
/// MSDSM's disk number and path id on its host (a path id names the I_T
/// nexus, which every LUN behind it shares), or DataCore's port and SCSI
/// address (which holds the LUN).
std::string mpioPathIdentity(std::string_view host, std::uint32_t mpioDisk, std::uint64_t pathId);
std::string dataCorePathIdentity(std::string_view serverId, std::string_view portId, const ScsiAddress &scsi);

/// One light reading: every path's state and counters, nothing else.
struct CounterReading {
    /// When the reading was made (system clock); a counter without a
    /// timestamp of its own is taken to be from then.
    std::chrono::system_clock::time_point readAt{};
    struct Path {
        std::string identity;
        PathState state = PathState::Unknown;
        std::optional<PathCounters> counters;
    };
    std::vector<Path> paths;
    std::vector<std::string> problems; ///< sources that failed, in words
};

/// Reads MPIO disks of @p hosts (and of the backend's own hosts) and
/// DataCore's physical disks, with their paths' counters. Runs on the worker.
CounterReading readCounters(Backend &backend, const std::vector<std::string> &hosts);

/// Where each path identity sits in a snapshot, as tree key paths.
class PathIndex final
{
public:
    struct Location {
        std::string server; ///< "server"
        std::string port;   ///< "server/port"
        std::string disk;   ///< "server/port/disk"
        std::string path;   ///< "server/port/disk/path"
    };

    PathIndex() = default;
    explicit PathIndex(const InventorySnapshot &snapshot);

    const Location *find(const std::string &identity) const;
    /// Host names whose MPIO the reading asks for.
    const std::vector<std::string> &hosts() const { return m_hosts; }
    std::size_t size() const { return m_locations.size(); }
    bool empty() const { return m_locations.empty(); }

private:
    std::unordered_map<std::string, Location> m_locations;
    std::vector<std::string> m_hosts;
};

/// Turns successive readings into history. Rates come from the backend's
/// own timestamps; a 32-bit count that wrapped is counted on, a counter that
/// was reset or a reading that came too late leaves a gap (never a spike).
/// An object's aggregate (disk, port, server) gets a step only when every
/// one of its paths in the reading was measured, so it never dips because a
/// path missed a beat.
class HistoryRecorder final
{
public:
    explicit HistoryRecorder(HistoryStore &store);

    /// Where paths go from now on (after each refresh of the tree). Paths
    /// that are not in the index are measured but not stored.
    void setIndex(const InventorySnapshot &snapshot);
    const PathIndex &index() const { return m_index; }

    /// Readings further apart than this leave a gap.
    void setGapAfter(std::chrono::milliseconds gap) { m_gapAfter = gap; }
    std::chrono::milliseconds gapAfter() const { return m_gapAfter; }

    struct Tick {
        std::int64_t atMs = 0;     ///< newest counter time of the reading
        std::size_t paths = 0;     ///< paths in the reading
        std::size_t measured = 0;  ///< paths with a step
        std::size_t first = 0;     ///< paths seen for the first time (no step yet)
        std::size_t gaps = 0;      ///< too long since the previous reading, or no interval
        std::size_t resets = 0;    ///< counters went back
        std::size_t unplaced = 0;  ///< paths the index does not know
    };
    Tick record(const CounterReading &reading);

    /// Forgets the previous readings (another backend): the next reading
    /// only sets the baseline.
    void forgetCounters();

private:
    struct Placed {
        HistoryStore::SeriesId path = 0;
        HistoryStore::SeriesId aggregates[3] = {0, 0, 0}; ///< disk, port, server
    };
    struct Previous {
        PathCounters counters;
        std::uint64_t tick = 0;
    };
    struct Sum {
        std::size_t expected = 0;
        std::size_t measured = 0;
        history::CounterStep step;
        std::int64_t startMs = 0;
        bool anyOutstanding = false;
    };

    HistoryStore &m_store;
    PathIndex m_index;
    std::unordered_map<std::string, Placed> m_placed;
    std::unordered_map<std::string, Previous> m_previous;
    std::vector<Sum> m_sums; ///< by series id, reused per reading
    std::vector<HistoryStore::SeriesId> m_touched;
    std::chrono::milliseconds m_gapAfter{6000};
    std::uint64_t m_tick = 0;
};

} // namespace pathlens
