#include "model/history/historyrecorder.h"

#include "model/health/counterhistory.h"

#include <algorithm>
#include <cctype>

namespace pathlens {

namespace {

std::string lowerAscii(std::string_view text)
{
    std::string lower(text);
    for (char &c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower;
}

std::int64_t toMs(std::chrono::system_clock::time_point at)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

void addHost(std::vector<std::string> &hosts, const std::string &host)
{
    if (host.empty())
        return;
    const std::string lower = lowerAscii(host);
    const bool seen = std::any_of(hosts.begin(), hosts.end(), [&](const std::string &h) { return lowerAscii(h) == lower; });
    if (!seen)
        hosts.push_back(host);
}

// Without the "#2" the snapshot adds to a duplicate key.
std::string_view withoutDuplicateSuffix(std::string_view key)
{
    const auto hash = key.rfind('#');
    if (hash == std::string_view::npos || hash + 1 == key.size())
        return key;
    const bool digits = std::all_of(key.begin() + std::ptrdiff_t(hash) + 1, key.end(),
                                    [](char c) { return c >= '0' && c <= '9'; });
    return digits ? key.substr(0, hash) : key;
}

} // namespace

std::string mpioPathIdentity(std::string_view host, std::uint32_t mpioDisk, std::uint64_t pathId)
{
    return "mpio|" + lowerAscii(host) + '|' + std::to_string(mpioDisk) + '|' + formatPathId(pathId);
}

std::string dataCorePathIdentity(std::string_view serverId, std::string_view portId, const ScsiAddress &scsi)
{
    return "dc|" + std::string(serverId) + '|' + std::string(portId) + ':' + scsi.toString();
}

CounterReading readCounters(Backend &backend, const std::vector<std::string> &hosts)
{
    CounterReading reading;
    reading.readAt = std::chrono::system_clock::now();

    if (DataCoreManagement *dataCore = backend.dataCore()) {
        if (auto disks = dataCore->physicalDisks()) {
            for (const BackEndDisk &disk : disks.value()) {
                for (const BackEndPath &path : disk.paths) {
                    reading.paths.push_back(CounterReading::Path{
                        dataCorePathIdentity(disk.serverId, path.portId, path.scsi), path.aluaState, path.counters});
                }
            }
        } else {
            reading.problems.push_back("DataCore physical disks: " + disks.error().toString());
        }
    }

    std::vector<std::string> allHosts;
    for (const std::string &host : hosts)
        addHost(allHosts, host);
    for (const std::string &host : backend.hosts())
        addHost(allHosts, host);
    if (Mpio *mpio = backend.mpio()) {
        for (const std::string &host : allHosts) {
            auto disks = mpio->disks(host);
            if (!disks) {
                reading.problems.push_back("MPIO of " + host + ": " + disks.error().toString());
                continue;
            }
            for (const MpioDisk &disk : disks.value()) {
                for (const MpioPath &path : disk.paths)
                    reading.paths.push_back(
                        CounterReading::Path{mpioPathIdentity(host, disk.number, path.pathId), path.state, path.counters});
            }
        }
    }
    return reading;
}

// ------------------------------------------------------------ PathIndex

PathIndex::PathIndex(const InventorySnapshot &snapshot)
{
    for (const ServerEntry &server : snapshot.servers) {
        addHost(m_hosts, server.server.hostName);
        for (const PortEntry &port : server.ports) {
            for (const DiskEntry &disk : port.disks) {
                for (const PathEntry &path : disk.paths) {
                    std::string identity;
                    if (path.owner == PathOwner::Mpio && path.pathId && disk.mpioDisk) {
                        identity = mpioPathIdentity(server.server.hostName, *disk.mpioDisk, *path.pathId);
                    } else if (path.owner == PathOwner::DataCoreDriver) {
                        std::string_view key = withoutDuplicateSuffix(path.key);
                        if (key.substr(0, 3) != "dc:")
                            continue;
                        identity = "dc|" + server.server.id + '|' + std::string(key.substr(3));
                    } else {
                        continue;
                    }
                    Location location;
                    location.server = server.key;
                    location.port = location.server + '/' + port.key;
                    location.disk = location.port + '/' + disk.key;
                    location.path = location.disk + '/' + path.key;
                    m_locations.try_emplace(std::move(identity), std::move(location));
                }
            }
        }
    }
}

const PathIndex::Location *PathIndex::find(const std::string &identity) const
{
    const auto found = m_locations.find(identity);
    return found == m_locations.end() ? nullptr : &found->second;
}

// ------------------------------------------------------ HistoryRecorder

HistoryRecorder::HistoryRecorder(HistoryStore &store) : m_store(store) {}

void HistoryRecorder::setIndex(const InventorySnapshot &snapshot)
{
    m_index = PathIndex(snapshot);
    // Series ids are looked up again on the next reading, once per path.
    m_placed.clear();
}

void HistoryRecorder::forgetCounters()
{
    m_previous.clear();
}

HistoryRecorder::Tick HistoryRecorder::record(const CounterReading &reading)
{
    ++m_tick;
    Tick tick;
    tick.paths = reading.paths.size();
    const std::int64_t readAtMs = toMs(reading.readAt);

    // Counts that need more than this to wrap were reset instead.
    CounterLimits limits;
    limits.maxInterval = std::chrono::hours(24 * 365);

    for (const CounterReading::Path &path : reading.paths) {
        const PathIndex::Location *location = m_index.find(path.identity);
        const Placed *placed = nullptr;
        if (location) {
            auto found = m_placed.find(path.identity);
            if (found == m_placed.end()) {
                Placed ids;
                ids.path = m_store.seriesFor(location->path, ObjectLevel::Path);
                ids.aggregates[0] = m_store.seriesFor(location->disk, ObjectLevel::Disk);
                ids.aggregates[1] = m_store.seriesFor(location->port, ObjectLevel::Port);
                ids.aggregates[2] = m_store.seriesFor(location->server, ObjectLevel::Server);
                found = m_placed.emplace(path.identity, ids).first;
            }
            placed = &found->second;
        } else {
            ++tick.unplaced;
        }

        std::int64_t atMs = readAtMs;
        std::optional<history::CounterStep> step;
        if (path.counters) {
            PathCounters counters = *path.counters;
            if (counters.taken == std::chrono::system_clock::time_point{})
                counters.taken = reading.readAt;
            atMs = toMs(counters.taken);
            auto previous = m_previous.find(path.identity);
            if (previous == m_previous.end()) {
                ++tick.first;
            } else {
                const std::int64_t beforeMs = toMs(previous->second.counters.taken);
                const std::int64_t interval = atMs - beforeMs;
                if (interval <= 0 || interval > m_gapAfter.count()) {
                    // Too late (or out of order): the average over a long
                    // stretch is not what flowed at any moment.
                    ++tick.gaps;
                } else {
                    const CounterDelta delta = counterDelta(previous->second.counters, counters, limits);
                    if (delta.status == CounterDelta::Status::Measured) {
                        history::CounterStep s;
                        s.endMs = atMs;
                        s.intervalMs = std::uint32_t(interval);
                        s.reads = delta.reads;
                        s.writes = delta.writes;
                        s.bytesRead = delta.bytesRead;
                        s.bytesWritten = delta.bytesWritten;
                        s.outstanding = counters.outstanding;
                        step = s;
                        ++tick.measured;
                    } else if (delta.status == CounterDelta::Status::Reset) {
                        ++tick.resets;
                    } else {
                        ++tick.gaps;
                    }
                }
            }
            m_previous[path.identity] = Previous{counters, m_tick};
        }
        tick.atMs = std::max(tick.atMs, atMs);

        if (!placed)
            continue;
        m_store.noteState(placed->path, atMs, path.state);
        if (!path.counters)
            continue;
        if (step)
            m_store.append(placed->path, *step);
        for (HistoryStore::SeriesId id : placed->aggregates) {
            if (id >= m_sums.size())
                m_sums.resize(m_store.seriesCount());
            Sum &sum = m_sums[id];
            if (sum.expected == 0) {
                m_touched.push_back(id);
                sum = Sum();
            }
            ++sum.expected;
            if (!step)
                continue;
            ++sum.measured;
            history::CounterStep &total = sum.step;
            if (sum.measured == 1) {
                total = *step;
                total.outstanding.reset();
                sum.startMs = step->startMs();
            } else {
                total.endMs = std::max(total.endMs, step->endMs);
                sum.startMs = std::min(sum.startMs, step->startMs());
                total.reads += step->reads;
                total.writes += step->writes;
                total.bytesRead += step->bytesRead;
                total.bytesWritten += step->bytesWritten;
            }
            if (step->outstanding) {
                total.outstanding = total.outstanding.value_or(0) + *step->outstanding;
                sum.anyOutstanding = true;
            }
        }
    }

    for (HistoryStore::SeriesId id : m_touched) {
        Sum &sum = m_sums[id];
        if (sum.measured == sum.expected && sum.measured > 0) {
            history::CounterStep total = sum.step;
            total.intervalMs = std::uint32_t(std::max<std::int64_t>(1, total.endMs - sum.startMs));
            m_store.append(id, total);
        }
        sum.expected = 0;
    }
    m_touched.clear();

    // Paths gone for a while start afresh when they return.
    if (m_tick % 64 == 0) {
        for (auto it = m_previous.begin(); it != m_previous.end();) {
            if (m_tick - it->second.tick > 64)
                it = m_previous.erase(it);
            else
                ++it;
        }
    }
    return tick;
}

} // namespace pathlens
