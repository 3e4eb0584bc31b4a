#include "model/report/reportdiff.h"

#include "model/health/healthinput.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <map>
#include <unordered_map>

namespace pathlens {

namespace {

constexpr PathState AllStates[] = {PathState::ActiveOptimized, PathState::ActiveUnoptimized, PathState::Standby,
                                   PathState::Unavailable,     PathState::Transitioning,     PathState::Failed,
                                   PathState::Offline};

constexpr LoadBalancePolicy AllPolicies[] = {
    LoadBalancePolicy::FailOverOnly,    LoadBalancePolicy::RoundRobin,    LoadBalancePolicy::RoundRobinWithSubset,
    LoadBalancePolicy::LeastQueueDepth, LoadBalancePolicy::WeightedPaths, LoadBalancePolicy::LeastBlocks,
    LoadBalancePolicy::VendorSpecific};

std::string iso(std::chrono::system_clock::time_point time)
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate).toStdString();
}

/// A path's name from its key alone (a baseline keeps no names): MPIO keys
/// are the path id, DataCore keys "dc:<port>:<scsi address>".
std::string pathNameFromKey(const std::string &key)
{
    if (key.rfind("dc:", 0) == 0) {
        const std::size_t colon = key.rfind(':');
        return "path " + key.substr(colon + 1);
    }
    return "path " + key;
}

std::string stateWords(PathState state)
{
    return state == PathState::Unknown ? std::string("unknown") : std::string(toString(state));
}

std::string tpgWords(const std::optional<std::uint32_t> &id, PathState state)
{
    std::string text = id ? "TPG " + std::to_string(*id) : std::string("TPG unknown");
    text += " (" + stateWords(state) + ")";
    return text;
}

std::string policyWords(LoadBalancePolicy policy)
{
    return std::string(toString(policy));
}

std::string presenceWords(Presence presence)
{
    return std::string(toString(presence));
}

bool isDataCorePortKey(const std::string &key)
{
    return key != UnmatchedPortKey && key.rfind("adapter:", 0) != 0;
}

template <typename T>
const T *findByKey(const std::vector<T> &items, const std::string &key)
{
    const auto found = std::find_if(items.begin(), items.end(), [&](const T &item) { return item.key == key; });
    return found == items.end() ? nullptr : &*found;
}

template <typename T>
std::unordered_map<std::string, const T *> indexByKey(const std::vector<T> &items)
{
    std::unordered_map<std::string, const T *> index;
    index.reserve(items.size());
    for (const T &item : items)
        index.emplace(item.key, &item);
    return index;
}

// ------------------------------------------------------ report JSON reader

class ReportReader final
{
public:
    explicit ReportReader(std::string sourceName) : m_source(std::move(sourceName)) {}

    Result<DiffSide> read(const QJsonObject &top)
    {
        DiffSide side;
        side.hasAllPorts = true;
        side.hasPolicies = true;
        const QDateTime generated = QDateTime::fromString(top.value(QStringLiteral("generated")).toString(), Qt::ISODate);
        if (!generated.isValid())
            return fail("generated: expected an ISO-8601 time");
        side.taken = std::chrono::system_clock::time_point(std::chrono::milliseconds(generated.toMSecsSinceEpoch()));
        side.description = "report generated " + iso(side.taken);

        const QJsonValue servers = top.value(QStringLiteral("servers"));
        if (!servers.isArray())
            return fail("servers: expected an array");
        std::map<std::string, std::size_t> serverByName;
        int s = 0;
        for (const QJsonValue &value : servers.toArray()) {
            const std::string where = "servers[" + std::to_string(s++) + "]";
            if (!value.isObject())
                return fail(where + ": expected an object");
            const QJsonObject object = value.toObject();
            DiffServer server;
            server.name = object.value(QStringLiteral("name")).toString().toStdString();
            server.key = firstString(object, {"key", "id", "hostName", "name"});
            if (server.key.empty())
                return fail(where + ".key: expected a non-empty string");
            const QJsonValue ports = object.value(QStringLiteral("ports"));
            if (!ports.isArray())
                return fail(where + ".ports: expected an array");
            int p = 0;
            for (const QJsonValue &portValue : ports.toArray()) {
                const std::string portWhere = where + ".ports[" + std::to_string(p++) + "]";
                if (!portValue.isObject())
                    return fail(portWhere + ": expected an object");
                const QJsonObject portObject = portValue.toObject();
                DiffPort port;
                port.key = firstString(portObject, {"key", "id"});
                if (port.key.empty())
                    return fail(portWhere + ".id: expected a non-empty string");
                port.name = portObject.value(QStringLiteral("name")).toString().toStdString();
                const QJsonValue present = portObject.value(QStringLiteral("present"));
                if (present.isBool())
                    port.presence = present.toBool() ? Presence::Present : Presence::NotPresent;
                server.ports.push_back(std::move(port));
            }
            serverByName.emplace(server.name, side.servers.size());
            serverByName.emplace(server.key, side.servers.size());
            side.servers.push_back(std::move(server));
        }

        const QJsonValue disks = top.value(QStringLiteral("disks"));
        if (!disks.isArray())
            return fail("disks: expected an array");
        int d = 0;
        for (const QJsonValue &value : disks.toArray()) {
            const std::string where = "disks[" + std::to_string(d++) + "]";
            if (!value.isObject())
                return fail(where + ": expected an object");
            const QJsonObject object = value.toObject();
            const std::string serverKey = firstString(object, {"serverKey", "server"});
            const auto server = serverByName.find(serverKey);
            DiffServer *owner = nullptr;
            if (server != serverByName.end()) {
                owner = &side.servers[server->second];
            } else if (!serverKey.empty()) {
                // A host DataCore did not list still has its disks.
                DiffServer added;
                added.key = serverKey;
                added.name = serverKey;
                serverByName.emplace(serverKey, side.servers.size());
                side.servers.push_back(std::move(added));
                owner = &side.servers.back();
            } else {
                return fail(where + ".server: expected a non-empty string");
            }
            DiffDisk disk;
            disk.key = firstString(object, {"key", "serial"});
            if (disk.key.empty())
                return fail(where + ".key: expected a non-empty string");
            disk.caption = firstString(object, {"caption", "serial"});
            const QString policy = object.value(QStringLiteral("policy")).toString();
            for (LoadBalancePolicy candidate : AllPolicies) {
                if (policy == QLatin1String(toShortString(candidate).data(), qsizetype(toShortString(candidate).size())))
                    disk.policy = candidate;
            }
            const QJsonValue paths = object.value(QStringLiteral("paths"));
            if (!paths.isArray())
                return fail(where + ".paths: expected an array");
            int p = 0;
            for (const QJsonValue &pathValue : paths.toArray()) {
                const std::string pathWhere = where + ".paths[" + std::to_string(p++) + "]";
                if (!pathValue.isObject())
                    return fail(pathWhere + ": expected an object");
                const QJsonObject pathObject = pathValue.toObject();
                DiffPath path;
                path.key = firstString(pathObject, {"key", "pathId"});
                if (path.key.empty())
                    return fail(pathWhere + ".key: expected a non-empty string");
                path.portKey = pathObject.value(QStringLiteral("port")).toString().toStdString();
                path.name = pathNameFromKey(path.key);
                if (!state(pathObject, "state", pathWhere, path.state)
                    || !state(pathObject, "tpgState", pathWhere, path.tpgState))
                    return m_error;
                const QJsonValue tpg = pathObject.value(QStringLiteral("tpgId"));
                if (tpg.isDouble() && tpg.toDouble() >= 0)
                    path.tpgId = std::uint32_t(tpg.toDouble());
                else if (!tpg.isNull() && !tpg.isUndefined())
                    return fail(pathWhere + ".tpgId: expected a number or null");
                disk.paths.push_back(std::move(path));
            }
            owner->disks.push_back(std::move(disk));
        }
        return side;
    }

    Error fail(const std::string &reason)
    {
        m_error = Error{"read report", m_source + ": " + reason, 0};
        return m_error;
    }

private:
    static std::string firstString(const QJsonObject &object, std::initializer_list<const char *> names)
    {
        for (const char *name : names) {
            const QJsonValue value = object.value(QLatin1String(name));
            if (value.isString() && !value.toString().isEmpty())
                return value.toString().toStdString();
        }
        return {};
    }

    bool state(const QJsonObject &object, const char *name, const std::string &where, PathState &out)
    {
        const QJsonValue value = object.value(QLatin1String(name));
        out = PathState::Unknown;
        if (value.isNull() || value.isUndefined())
            return true;
        for (PathState candidate : AllStates) {
            const std::string_view text = toString(candidate);
            if (value.toString() == QLatin1String(text.data(), qsizetype(text.size()))) {
                out = candidate;
                return true;
            }
        }
        fail(where + "." + name + ": unknown path state");
        return false;
    }

    std::string m_source;
    Error m_error;
};

// ------------------------------------------------------------- comparison

class Differ final
{
public:
    Differ(const DiffSide &before, const DiffSide &after) : m_before(before), m_after(after)
    {
        m_diff.baseline = before.description;
        m_diff.baselineTaken = before.taken;
        m_diff.comparedPolicies = before.hasPolicies && after.hasPolicies;
        m_diff.comparedAllPorts = before.hasAllPorts && after.hasAllPorts;
    }

    ReportDiff run()
    {
        const auto beforeServers = indexByKey(m_before.servers);
        for (const DiffServer &server : m_after.servers) {
            const auto found = beforeServers.find(server.key);
            if (found == beforeServers.end()) {
                add(ReportChange::Kind::ServerAdded, server, {}, {}, {}, server.name, {}, summary(server), false);
                continue;
            }
            compareServer(*found->second, server);
        }
        const auto afterServers = indexByKey(m_after.servers);
        for (const DiffServer &server : m_before.servers) {
            if (!afterServers.count(server.key))
                add(ReportChange::Kind::ServerLost, server, {}, {}, {}, server.name, summary(server), {}, true);
        }
        return std::move(m_diff);
    }

private:
    static std::string summary(const DiffServer &server)
    {
        std::size_t paths = 0;
        for (const DiffDisk &disk : server.disks)
            paths += disk.paths.size();
        return std::to_string(server.disks.size()) + " disk(s), " + std::to_string(paths) + " path(s)";
    }

    static std::string diskSummary(const DiffDisk &disk)
    {
        return std::to_string(disk.paths.size()) + " path(s)";
    }

    void add(ReportChange::Kind kind, const DiffServer &server, std::string portKey, std::string diskKey,
             std::string pathKey, std::string object, std::string before, std::string after, bool worse)
    {
        ReportChange change;
        change.kind = kind;
        change.serverKey = server.key;
        change.serverName = server.name.empty() ? server.key : server.name;
        change.portKey = std::move(portKey);
        change.diskKey = std::move(diskKey);
        change.pathKey = std::move(pathKey);
        change.object = std::move(object);
        change.before = std::move(before);
        change.after = std::move(after);
        change.worse = worse;
        m_diff.changes.push_back(std::move(change));
    }

    std::string portName(const DiffServer &before, const DiffServer &after, const std::string &key) const
    {
        for (const DiffServer *server : {&after, &before}) {
            if (const DiffPort *port = findByKey(server->ports, key); port && !port->name.empty())
                return port->name;
        }
        return key;
    }

    void compareServer(const DiffServer &before, const DiffServer &after)
    {
        const std::string serverName = after.name.empty() ? after.key : after.name;
        // Ports: a side that does not list every port (a baseline) can only
        // say that one of the ports its paths used is gone.
        const auto afterPorts = indexByKey(after.ports);
        for (const DiffPort &port : before.ports) {
            const auto now = afterPorts.find(port.key);
            const std::string name = serverName + " / " + portName(before, after, port.key);
            if (now == afterPorts.end()) {
                add(ReportChange::Kind::PortVanished, after, port.key, {}, {}, name, presenceWords(port.presence), {},
                    true);
            } else if (port.presence != Presence::Unknown && now->second->presence != Presence::Unknown
                       && port.presence != now->second->presence) {
                add(ReportChange::Kind::PortPresenceChanged, after, port.key, {}, {}, name,
                    presenceWords(port.presence), presenceWords(now->second->presence),
                    now->second->presence == Presence::NotPresent);
            }
        }
        if (m_before.hasAllPorts) {
            const auto beforePorts = indexByKey(before.ports);
            for (const DiffPort &port : after.ports) {
                if (!beforePorts.count(port.key))
                    add(ReportChange::Kind::PortAppeared, after, port.key, {}, {},
                        serverName + " / " + portName(before, after, port.key), {}, presenceWords(port.presence),
                        false);
            }
        }

        const auto beforeDisks = indexByKey(before.disks);
        for (const DiffDisk &disk : after.disks) {
            const std::string diskName = serverName + " / " + (disk.caption.empty() ? disk.key : disk.caption);
            const auto found = beforeDisks.find(disk.key);
            if (found == beforeDisks.end()) {
                add(ReportChange::Kind::DiskAdded, after, {}, disk.key, {}, diskName, {}, diskSummary(disk), false);
                continue;
            }
            compareDisk(before, after, *found->second, disk, diskName);
        }
        const auto afterDisks = indexByKey(after.disks);
        for (const DiffDisk &disk : before.disks) {
            if (!afterDisks.count(disk.key))
                add(ReportChange::Kind::DiskLost, after, {}, disk.key, {},
                    serverName + " / " + (disk.caption.empty() ? disk.key : disk.caption), diskSummary(disk), {},
                    true);
        }
    }

    void compareDisk(const DiffServer &beforeServer, const DiffServer &afterServer, const DiffDisk &before,
                     const DiffDisk &after, const std::string &diskName)
    {
        if (m_diff.comparedPolicies && before.policy != LoadBalancePolicy::Unknown
            && after.policy != LoadBalancePolicy::Unknown && before.policy != after.policy)
            add(ReportChange::Kind::PolicyChanged, afterServer, {}, after.key, {}, diskName, policyWords(before.policy),
                policyWords(after.policy), false);

        const auto beforePaths = indexByKey(before.paths);
        for (const DiffPath &path : after.paths) {
            const std::string name = diskName + " / " + path.name;
            const auto found = beforePaths.find(path.key);
            if (found == beforePaths.end()) {
                add(ReportChange::Kind::PathAdded, afterServer, path.portKey, after.key, path.key, name, {},
                    stateWords(path.state) + " via " + portName(beforeServer, afterServer, path.portKey), false);
                continue;
            }
            const DiffPath &old = *found->second;
            if (!old.portKey.empty() && !path.portKey.empty() && old.portKey != path.portKey)
                add(ReportChange::Kind::PathMoved, afterServer, path.portKey, after.key, path.key, name,
                    portName(beforeServer, afterServer, old.portKey), portName(beforeServer, afterServer, path.portKey),
                    false);
            if (old.state != path.state)
                add(ReportChange::Kind::StateChanged, afterServer, path.portKey, after.key, path.key, name,
                    stateWords(old.state), stateWords(path.state), severity(path.state) > severity(old.state));
            if (old.tpgId != path.tpgId || old.tpgState != path.tpgState)
                add(ReportChange::Kind::TpgChanged, afterServer, path.portKey, after.key, path.key, name,
                    tpgWords(old.tpgId, old.tpgState), tpgWords(path.tpgId, path.tpgState),
                    severity(path.tpgState) > severity(old.tpgState));
        }
        const auto afterPaths = indexByKey(after.paths);
        for (const DiffPath &path : before.paths) {
            if (!afterPaths.count(path.key))
                add(ReportChange::Kind::PathLost, afterServer, path.portKey, after.key, path.key,
                    diskName + " / " + path.name,
                    stateWords(path.state) + " via " + portName(beforeServer, afterServer, path.portKey), {}, true);
        }
    }

    const DiffSide &m_before;
    const DiffSide &m_after;
    ReportDiff m_diff;
};

} // namespace

DiffSide diffSide(const InventorySnapshot &snapshot)
{
    DiffSide side;
    side.description = "reading of " + iso(snapshot.taken);
    side.taken = snapshot.taken;
    side.hasAllPorts = true;
    side.hasPolicies = true;
    for (const ServerEntry &serverEntry : snapshot.servers) {
        DiffServer server;
        server.key = serverEntry.key;
        server.name = serverName(serverEntry);
        std::unordered_map<std::string, std::size_t> diskIndex;
        for (const PortEntry &port : serverEntry.ports) {
            if (port.port)
                server.ports.push_back(DiffPort{port.key, port.displayName(), port.port->presence});
            for (const DiskEntry &diskEntry : port.disks) {
                auto [found, added] = diskIndex.emplace(diskEntry.key, server.disks.size());
                if (added)
                    server.disks.push_back(DiffDisk{diskEntry.key, diskEntry.caption, diskEntry.policy, {}});
                DiffDisk &disk = server.disks[found->second];
                for (const PathEntry &path : diskEntry.paths) {
                    std::string name = path.pathId ? "path " + formatPathId(*path.pathId)
                                                   : "path " + path.scsi.toString() + " via " + port.displayName();
                    disk.paths.push_back(
                        DiffPath{path.key, port.key, std::move(name), path.state, path.tpgId, path.tpgState});
                }
            }
        }
        side.servers.push_back(std::move(server));
    }
    return side;
}

DiffSide diffSide(const Baseline &baseline)
{
    DiffSide side;
    side.description = "baseline saved " + iso(baseline.saved);
    side.taken = baseline.saved;
    for (const BaselineServer &baselineServer : baseline.servers) {
        DiffServer server;
        server.key = baselineServer.key;
        server.name = baselineServer.name;
        for (const BaselineDisk &baselineDisk : baselineServer.disks) {
            DiffDisk disk;
            disk.key = baselineDisk.key;
            disk.caption = baselineDisk.caption;
            for (const BaselinePath &path : baselineDisk.paths) {
                disk.paths.push_back(
                    DiffPath{path.key, path.portKey, pathNameFromKey(path.key), path.state, path.tpgId, path.tpgState});
                if (isDataCorePortKey(path.portKey) && !findByKey(server.ports, path.portKey))
                    server.ports.push_back(DiffPort{path.portKey, {}, Presence::Unknown});
            }
            server.disks.push_back(std::move(disk));
        }
        side.servers.push_back(std::move(server));
    }
    return side;
}

Result<DiffSide> diffSideFromReportJson(const QByteArray &bytes, const std::string &sourceName)
{
    ReportReader reader(sourceName);
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return reader.fail(QStringLiteral("not valid JSON at offset %1: %2")
                               .arg(parseError.offset)
                               .arg(parseError.errorString())
                               .toStdString());
    if (!document.isObject())
        return reader.fail("expected a JSON object");
    const QJsonObject top = document.object();
    if (top.value(QStringLiteral("schema")).toString() != QLatin1String("pathlens-report/1"))
        return reader.fail("schema: expected \"pathlens-report/1\"");
    return reader.read(top);
}

Result<DiffSide> loadDiffSide(const QString &filePath)
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly))
        return Error{"read baseline", "cannot read " + filePath.toStdString() + ": " + file.errorString().toStdString(),
                     0};
    const QByteArray bytes = file.readAll();
    // Which of the two it is shows in the top-level members.
    const QJsonObject top = QJsonDocument::fromJson(bytes).object();
    if (top.contains(QStringLiteral("schema")))
        return diffSideFromReportJson(bytes, filePath.toStdString());
    auto baseline = Baseline::fromJson(bytes, filePath.toStdString());
    if (!baseline) {
        if (!top.contains(QStringLiteral("format")))
            return Error{"read baseline",
                         filePath.toStdString()
                             + ": neither a PathLens baseline (format \"pathlens-baseline\") nor a JSON report "
                               "(schema \"pathlens-report/1\"): "
                             + baseline.error().message,
                         0};
        return baseline.error();
    }
    return diffSide(baseline.value());
}

std::string_view toString(ReportChange::Kind kind)
{
    switch (kind) {
    case ReportChange::Kind::ServerAdded: return "server-added";
    case ReportChange::Kind::ServerLost: return "server-lost";
    case ReportChange::Kind::PortAppeared: return "port-appeared";
    case ReportChange::Kind::PortVanished: return "port-vanished";
    case ReportChange::Kind::PortPresenceChanged: return "port-presence-changed";
    case ReportChange::Kind::DiskAdded: return "disk-added";
    case ReportChange::Kind::DiskLost: return "disk-lost";
    case ReportChange::Kind::PathAdded: return "path-added";
    case ReportChange::Kind::PathLost: return "path-lost";
    case ReportChange::Kind::PathMoved: return "path-moved";
    case ReportChange::Kind::StateChanged: return "state-changed";
    case ReportChange::Kind::TpgChanged: return "tpg-changed";
    case ReportChange::Kind::PolicyChanged: return "policy-changed";
    }
    return "state-changed";
}

std::string_view toTitle(ReportChange::Kind kind)
{
    switch (kind) {
    case ReportChange::Kind::ServerAdded: return "Server added";
    case ReportChange::Kind::ServerLost: return "Server lost";
    case ReportChange::Kind::PortAppeared: return "Port appeared";
    case ReportChange::Kind::PortVanished: return "Port vanished";
    case ReportChange::Kind::PortPresenceChanged: return "Port presence changed";
    case ReportChange::Kind::DiskAdded: return "Disk added";
    case ReportChange::Kind::DiskLost: return "Disk lost";
    case ReportChange::Kind::PathAdded: return "Path added";
    case ReportChange::Kind::PathLost: return "Path lost";
    case ReportChange::Kind::PathMoved: return "Path moved to another port";
    case ReportChange::Kind::StateChanged: return "State changed";
    case ReportChange::Kind::TpgChanged: return "Target port group changed";
    case ReportChange::Kind::PolicyChanged: return "Policy changed";
    }
    return "Changed";
}

std::size_t ReportDiff::count(ReportChange::Kind kind) const
{
    return std::size_t(
        std::count_if(changes.begin(), changes.end(), [kind](const ReportChange &change) { return change.kind == kind; }));
}

std::string snapshotGroupKey(const InventorySnapshot &snapshot)
{
    if (!snapshot.baselineGroup.empty())
        return snapshot.baselineGroup;
    for (const ServerEntry &server : snapshot.servers) {
        if (!server.server.groupId.empty())
            return server.server.groupId;
    }
    for (const ServerEntry &server : snapshot.servers) {
        if (!server.server.hostName.empty())
            return server.server.hostName;
    }
    return "default";
}

ReportDiff diffSides(const DiffSide &before, const DiffSide &after)
{
    return Differ(before, after).run();
}

} // namespace pathlens
