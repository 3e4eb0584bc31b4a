#include "model/health/healthinput.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <utility>

namespace pathlens {

namespace {

bool sameHostName(std::string_view a, std::string_view b)
{
    // Windows host names are case-insensitive.
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string dataCoreDiskKey(const BackEndDisk &disk)
{
    std::string serial = normaliseSerial(disk.serial);
    return serial.empty() ? disk.id : serial;
}

std::string pathLabel(const PathEntry &path, const PortEntry &port)
{
    std::string text = "path ";
    text += path.pathId ? formatPathId(*path.pathId) : path.scsi.toString();
    text += " via " + port.displayName();
    return text;
}

// Counters of this server's paths, by disk key and path key (DataCore) or
// MPIO disk number and path id.
class CounterLookup final
{
public:
    CounterLookup(const SourceData &sources, const ServerEntry &server, const SourceData::HostData *host)
    {
        if (!server.server.id.empty()) {
            for (const BackEndDisk &disk : sources.backEndDisks) {
                if (disk.serverId != server.server.id)
                    continue;
                for (const BackEndPath &path : disk.paths) {
                    if (path.counters)
                        m_dataCore.emplace(
                            std::make_pair(dataCoreDiskKey(disk), "dc:" + path.portId + ':' + path.scsi.toString()),
                            &*path.counters);
                }
            }
        }
        if (host && !host->mpioError) {
            for (const MpioDisk &disk : host->mpioDisks) {
                for (const MpioPath &path : disk.paths)
                    m_mpio.emplace(std::make_pair(disk.number, path.pathId), &path.counters);
            }
        }
    }

    const PathCounters *find(const DiskEntry &disk, const PathEntry &path) const
    {
        if (path.owner == PathOwner::DataCoreDriver) {
            const auto found = m_dataCore.find(std::make_pair(disk.key, path.key));
            return found == m_dataCore.end() ? nullptr : found->second;
        }
        if (!disk.mpioDisk || !path.pathId)
            return nullptr;
        const auto found = m_mpio.find(std::make_pair(*disk.mpioDisk, *path.pathId));
        return found == m_mpio.end() ? nullptr : found->second;
    }

private:
    std::map<std::pair<std::string, std::string>, const PathCounters *> m_dataCore;
    std::map<std::pair<std::uint32_t, std::uint64_t>, const PathCounters *> m_mpio;
};

std::chrono::system_clock::time_point readingTime(const SourceData &sources, const HealthContext &context)
{
    if (context.now)
        return *context.now;
    std::chrono::system_clock::time_point newest{};
    for (const BackEndDisk &disk : sources.backEndDisks) {
        for (const BackEndPath &path : disk.paths) {
            if (path.counters)
                newest = std::max(newest, path.counters->taken);
        }
    }
    for (const SourceData::HostData &host : sources.hosts) {
        for (const MpioDisk &disk : host.mpioDisks) {
            for (const MpioPath &path : disk.paths)
                newest = std::max(newest, path.counters.taken);
        }
    }
    return newest == std::chrono::system_clock::time_point{} ? std::chrono::system_clock::now() : newest;
}

} // namespace

PathState PathView::arrayState() const
{
    return entry->tpgState != PathState::Unknown ? entry->tpgState : entry->state;
}

bool PathView::usable() const
{
    return isUsable(entry->state) && isUsable(entry->tpgState);
}

bool PathView::optimized() const
{
    return usable()
        && (entry->state == PathState::ActiveOptimized || entry->tpgState == PathState::ActiveOptimized);
}

bool PathView::nonOptimized() const
{
    const PathState state = arrayState();
    return state == PathState::ActiveUnoptimized || state == PathState::Standby || state == PathState::Unavailable;
}

std::string PathView::adapterIdentity() const
{
    if (entry->adapterPci)
        return "pci:" + entry->adapterPci->toString();
    if (port && !port->isUnmatchedPaths())
        return "port:" + port->key;
    return {};
}

bool LunView::alua() const
{
    if (disk->aluaCapable)
        return true;
    switch (disk->alua) {
    case AluaSupport::ImplicitOnly:
    case AluaSupport::ExplicitOnly:
    case AluaSupport::ImplicitAndExplicit: return true;
    case AluaSupport::NotSupported: return false;
    case AluaSupport::Unknown: break;
    }
    return std::any_of(paths.begin(), paths.end(), [](const PathView &path) {
        return path.entry->tpgId.has_value() || path.entry->tpgState != PathState::Unknown;
    });
}

std::size_t LunView::usableCount() const
{
    return std::size_t(std::count_if(paths.begin(), paths.end(), [](const PathView &path) { return path.usable(); }));
}

std::string pathIdentity(const std::string &serverKey, const std::string &diskKey, const std::string &pathKey)
{
    return serverKey + '/' + diskKey + '/' + pathKey;
}

std::string serverName(const ServerEntry &server)
{
    return server.server.name.empty() ? server.key : server.server.name;
}

std::string usableText(std::size_t count)
{
    return count == 2 ? std::string("Both usable paths") : "All " + std::to_string(count) + " usable paths";
}

std::string formatCount(double value)
{
    const long long whole = std::llround(value);
    std::string digits = std::to_string(whole < 0 ? -whole : whole);
    for (int i = int(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(std::size_t(i), ",");
    return whole < 0 ? '-' + digits : digits;
}

HealthInput buildHealthInput(const SourceData &sources, const InventorySnapshot &snapshot,
                             const HealthContext &context)
{
    HealthInput input;
    input.sources = &sources;
    input.snapshot = &snapshot;
    input.context = &context;
    input.now = readingTime(sources, context);

    for (const ServerEntry &server : snapshot.servers) {
        ServerView view;
        view.entry = &server;
        if (!server.server.hostName.empty()) {
            for (const SourceData::HostData &host : sources.hosts) {
                if (sameHostName(host.host, server.server.hostName)) {
                    view.host = &host;
                    break;
                }
            }
        }
        view.mpioRead = view.host && !view.host->mpioError;
        view.dataCoreRead = !server.server.id.empty() && !sources.dataCoreError && !sources.backEndDisksError;

        const CounterLookup lookup(sources, server, view.host);
        std::map<std::pair<std::string, PathOwner>, std::size_t> lunIndex;
        for (const PortEntry &port : server.ports) {
            for (const DiskEntry &disk : port.disks) {
                auto [found, added] = lunIndex.emplace(std::make_pair(disk.key, disk.owner), view.luns.size());
                if (added) {
                    LunView lun;
                    lun.server = &server;
                    lun.disk = &disk;
                    lun.key = disk.key;
                    lun.owner = disk.owner;
                    lun.name = serverName(server) + " / " + (disk.caption.empty() ? disk.key : disk.caption);
                    view.luns.push_back(std::move(lun));
                }
                LunView &lun = view.luns[found->second];
                lun.rows.push_back(ObjectRef::disk(server.key, port.key, disk.key));
                for (const PathEntry &path : disk.paths) {
                    PathView pathView;
                    pathView.entry = &path;
                    pathView.port = &port;
                    pathView.identity = pathIdentity(server.key, disk.key, path.key);
                    pathView.row = ObjectRef::path(server.key, port.key, disk.key, path.key);
                    pathView.name = pathLabel(path, port);
                    if (const PathCounters *counters = lookup.find(disk, path)) {
                        pathView.counters = *counters;
                        if (const PathCounters *previous = context.counters.previous(pathView.identity)) {
                            pathView.delta = counterDelta(*previous, *counters, context.settings.counters);
                            if (pathView.delta.measured()) {
                                input.ioMeasured = true;
                                input.ioInterval = std::max(input.ioInterval, pathView.delta.interval);
                            }
                        }
                    }
                    lun.paths.push_back(std::move(pathView));
                }
            }
        }
        input.servers.push_back(std::move(view));
    }
    return input;
}

Finding lunFinding(std::string_view rule, Severity severity, const LunView &lun, std::string message,
                   std::string recommendation)
{
    Finding finding;
    finding.rule = std::string(rule);
    finding.severity = severity;
    finding.object = lun.ref();
    finding.objectName = lun.name;
    finding.message = std::move(message);
    finding.recommendation = std::move(recommendation);
    finding.rows = lun.rows;
    return finding;
}

Finding pathFinding(std::string_view rule, Severity severity, const LunView &lun, const PathView &path,
                    std::string message, std::string recommendation)
{
    Finding finding;
    finding.rule = std::string(rule);
    finding.severity = severity;
    finding.object = path.row;
    finding.objectName = lun.name + " / " + path.name;
    finding.message = std::move(message);
    finding.recommendation = std::move(recommendation);
    finding.rows = {path.row};
    return finding;
}

Finding portFinding(std::string_view rule, Severity severity, const ServerEntry &server, const PortEntry &port,
                    std::string message, std::string recommendation)
{
    Finding finding;
    finding.rule = std::string(rule);
    finding.severity = severity;
    finding.object = ObjectRef::port(server.key, port.key);
    finding.objectName = serverName(server) + " / " + port.displayName();
    finding.message = std::move(message);
    finding.recommendation = std::move(recommendation);
    finding.rows = {finding.object};
    return finding;
}

} // namespace pathlens
