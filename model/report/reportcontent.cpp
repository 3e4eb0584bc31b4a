#include "model/report/reportcontent.h"

#include "model/health/healthinput.h"
#include "model/health/healthreport.h"
#include "model/snapshotbuilder.h"

#include <QDateTime>

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace pathlens {

namespace {

constexpr ReportFormat AllFormats[] = {ReportFormat::Csv, ReportFormat::Json, ReportFormat::Html, ReportFormat::Pdf,
                                       ReportFormat::Prometheus};

bool startsWithKeyPath(const std::string &keyPath, const std::string &prefix)
{
    return keyPath.size() >= prefix.size() && keyPath.compare(0, prefix.size(), prefix) == 0
        && (keyPath.size() == prefix.size() || keyPath[prefix.size()] == '/');
}

// What a scope lets into the report, decided row by row from the tree keys.
class ScopeFilter final
{
public:
    ScopeFilter(const ReportScope &scope, const InventorySnapshot &snapshot) : m_scope(scope)
    {
        if (scope.kind != ReportScope::Kind::Selection)
            return;
        // Resolve the selection against the tree: which servers whole, which
        // ports, which LUNs whole, which single paths.
        for (const ServerEntry &server : snapshot.servers) {
            const std::string serverPath = ObjectRef::server(server.key).keyPath();
            for (const std::string &selected : scope.keyPaths) {
                if (selected == serverPath)
                    m_servers.insert(server.key);
            }
            for (const PortEntry &port : server.ports) {
                const std::string portPath = ObjectRef::port(server.key, port.key).keyPath();
                for (const std::string &selected : scope.keyPaths) {
                    if (selected == portPath)
                        m_ports.insert(portPath);
                }
                for (const DiskEntry &disk : port.disks) {
                    const std::string diskPath = ObjectRef::disk(server.key, port.key, disk.key).keyPath();
                    for (const std::string &selected : scope.keyPaths) {
                        if (selected == diskPath)
                            m_luns.insert(lunKey(server.key, disk.key));
                        else if (startsWithKeyPath(selected, diskPath))
                            m_paths.insert(selected);
                    }
                }
            }
        }
    }

    bool serverWhole(const std::string &serverKey) const
    {
        switch (m_scope.kind) {
        case ReportScope::Kind::All: return true;
        case ReportScope::Kind::Server: return serverKey == m_scope.serverKey;
        case ReportScope::Kind::Selection: return m_servers.count(serverKey) > 0;
        }
        return false;
    }

    bool serverAtAll(const std::string &serverKey) const
    {
        if (m_scope.kind != ReportScope::Kind::Selection)
            return serverWhole(serverKey);
        return true; // decided by what is included below it
    }

    bool portSelected(const std::string &serverKey, const std::string &portKey) const
    {
        return serverWhole(serverKey) || m_ports.count(ObjectRef::port(serverKey, portKey).keyPath()) > 0;
    }

    bool lunWhole(const std::string &serverKey, const std::string &diskKey) const
    {
        return serverWhole(serverKey) || m_luns.count(lunKey(serverKey, diskKey)) > 0;
    }

    bool pathIncluded(const std::string &serverKey, const std::string &portKey, const std::string &diskKey,
                      const std::string &pathKey) const
    {
        return lunWhole(serverKey, diskKey) || portSelected(serverKey, portKey)
            || m_paths.count(ObjectRef::path(serverKey, portKey, diskKey, pathKey).keyPath()) > 0;
    }

private:
    static std::string lunKey(const std::string &serverKey, const std::string &diskKey)
    {
        return serverKey + '\n' + diskKey;
    }

    const ReportScope &m_scope;
    std::unordered_set<std::string> m_servers;
    std::unordered_set<std::string> m_ports; ///< port key paths
    std::unordered_set<std::string> m_luns;  ///< lunKey()
    std::unordered_set<std::string> m_paths; ///< path key paths
};

std::string scopeText(const ReportScope &scope, const InventorySnapshot &snapshot)
{
    switch (scope.kind) {
    case ReportScope::Kind::All: return "All servers";
    case ReportScope::Kind::Server:
        for (const ServerEntry &server : snapshot.servers) {
            if (server.key == scope.serverKey)
                return "Server " + serverName(server);
        }
        return "Server " + scope.serverKey;
    case ReportScope::Kind::Selection:
        return "Selection (" + std::to_string(scope.keyPaths.size())
            + (scope.keyPaths.size() == 1 ? " row)" : " rows)");
    }
    return {};
}

} // namespace

std::string_view toString(ReportFormat format)
{
    switch (format) {
    case ReportFormat::Csv: return "csv";
    case ReportFormat::Json: return "json";
    case ReportFormat::Html: return "html";
    case ReportFormat::Pdf: return "pdf";
    case ReportFormat::Prometheus: return "prometheus";
    }
    return "json";
}

std::optional<ReportFormat> reportFormatFromString(std::string_view name)
{
    for (ReportFormat format : AllFormats) {
        const std::string_view candidate = toString(format);
        if (candidate.size() == name.size()
            && std::equal(candidate.begin(), candidate.end(), name.begin(), [](char a, char b) {
                   return a == std::tolower(static_cast<unsigned char>(b));
               }))
            return format;
    }
    return std::nullopt;
}

std::string_view fileSuffix(ReportFormat format)
{
    return format == ReportFormat::Prometheus ? std::string_view("prom") : toString(format);
}

ReportScope ReportScope::selection(std::vector<std::string> keyPaths)
{
    ReportScope scope;
    scope.kind = Kind::Selection;
    scope.keyPaths = std::move(keyPaths);
    return scope;
}

ReportScope ReportScope::server(std::string serverKey)
{
    ReportScope scope;
    scope.kind = Kind::Server;
    scope.serverKey = std::move(serverKey);
    return scope;
}

std::optional<PciLocation> ReportPort::pci() const
{
    if (port && port->pci)
        return port->pci;
    if (adapter)
        return adapter->pci;
    return std::nullopt;
}

PathState ReportPath::arrayState() const
{
    return entry.tpgState != PathState::Unknown ? entry.tpgState : entry.state;
}

bool ReportPath::usable() const
{
    return isUsable(entry.state) && isUsable(entry.tpgState);
}

bool ReportPath::optimized() const
{
    return usable() && (entry.state == PathState::ActiveOptimized || entry.tpgState == PathState::ActiveOptimized);
}

std::size_t ReportDisk::usableCount() const
{
    return std::size_t(std::count_if(paths.begin(), paths.end(), [](const ReportPath &path) { return path.usable(); }));
}

std::size_t ReportDisk::optimizedCount() const
{
    return std::size_t(
        std::count_if(paths.begin(), paths.end(), [](const ReportPath &path) { return path.optimized(); }));
}

std::string ReportDisk::displayName() const
{
    return serverName + " / " + (caption.empty() ? key : caption);
}

std::size_t ReportContent::pathCount() const
{
    std::size_t count = 0;
    for (const ReportDisk &disk : disks)
        count += disk.paths.size();
    return count;
}

std::size_t ReportContent::portCount() const
{
    std::size_t count = 0;
    for (const ReportServer &server : servers)
        count += server.ports.size();
    return count;
}

std::array<std::size_t, kPathStateCount> ReportContent::pathStateCounts() const
{
    std::array<std::size_t, kPathStateCount> counts{};
    for (const ReportDisk &disk : disks) {
        for (const ReportPath &path : disk.paths)
            ++counts[std::size_t(path.entry.state)];
    }
    return counts;
}

std::size_t ReportContent::findingCount(Severity severity) const
{
    return std::size_t(std::count_if(findings.begin(), findings.end(),
                                     [severity](const Finding &finding) { return finding.severity == severity; }));
}

Severity ReportContent::worst() const
{
    Severity worst = Severity::None;
    for (const Finding &finding : findings)
        worst = std::max(worst, finding.severity);
    return worst;
}

std::string stateText(PathState state)
{
    return state == PathState::Unknown ? std::string() : std::string(toString(state));
}

std::string adapterText(const PortEntry &port, const PathEntry &path)
{
    if (port.adapter && !port.adapter->description.empty())
        return port.adapter->description;
    if (path.adapterPci)
        return "PCI " + path.adapterPci->toString();
    return {};
}

std::string isoTime(std::chrono::system_clock::time_point time)
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate).toStdString();
}

ReportContent buildReportContent(const ReportInput &input)
{
    ReportContent content;
    if (!input.snapshot)
        return content;
    const InventorySnapshot &snapshot = *input.snapshot;
    const HealthReport *health = input.health ? input.health : snapshot.health.get();
    const ScopeFilter scope(input.scope, snapshot);

    content.generated = input.generated;
    content.backend = input.backend.empty() ? snapshot.backendDescription : input.backend;
    content.scopeText = scopeText(input.scope, snapshot);
    content.healthEvaluated = health != nullptr;
    if (health) {
        content.ioMeasured = health->ioMeasured;
        content.ioInterval = health->ioInterval;
    }
    auto worstAt = [health](const std::string &keyPath) {
        return health ? health->worstAt(keyPath) : Severity::None;
    };

    // Which servers, LUNs and paths made it in, for the findings and the diff.
    std::unordered_set<std::string> includedServers;
    std::unordered_set<std::string> includedLuns;  // server \n disk
    std::unordered_set<std::string> includedPaths; // server \n disk \n path
    std::unordered_set<std::string> includedPorts; // server \n port
    std::unordered_set<std::string> knownPaths;

    const bool wholeGroup = input.scope.kind == ReportScope::Kind::All;
    // Group-wide failures (DataCore management, missing parts) limit every
    // part of the report; a server's own ones only its part.
    content.problems = snapshot.problems;
    for (const ServerEntry &serverEntry : snapshot.servers) {
        if (!scope.serverAtAll(serverEntry.key))
            continue;
        ReportServer server;
        server.key = serverEntry.key;
        server.server = serverEntry.server;
        server.name = serverName(serverEntry);
        if (!serverEntry.server.hostName.empty() && serverEntry.server.name.empty())
            server.name = serverEntry.server.hostName;
        server.problems = serverEntry.problems;
        const std::string serverPath = ObjectRef::server(server.key).keyPath();
        server.worst = worstAt(serverPath);

        // One disk per LUN with the paths of every port, in tree order.
        std::unordered_map<std::string, std::size_t> diskIndex;
        std::vector<ReportDisk> disks;
        std::vector<bool> portIncluded(serverEntry.ports.size(), false);
        for (std::size_t p = 0; p < serverEntry.ports.size(); ++p) {
            const PortEntry &port = serverEntry.ports[p];
            portIncluded[p] = scope.portSelected(server.key, port.key);
            const std::string portPath = ObjectRef::port(server.key, port.key).keyPath();
            for (const DiskEntry &diskEntry : port.disks) {
                const std::string diskPath = portPath + '/' + diskEntry.key;
                for (const PathEntry &pathEntry : diskEntry.paths) {
                    if (!wholeGroup) {
                        knownPaths.insert(server.key + '\n' + diskEntry.key + '\n' + pathEntry.key);
                        if (!scope.pathIncluded(server.key, port.key, diskEntry.key, pathEntry.key))
                            continue;
                    }
                    portIncluded[p] = true;
                    auto [found, added] = diskIndex.emplace(diskEntry.key, disks.size());
                    if (added) {
                        ReportDisk disk;
                        disk.serverKey = server.key;
                        disk.serverName = server.name;
                        disk.key = diskEntry.key;
                        disk.owner = diskEntry.owner;
                        disk.caption = diskEntry.caption;
                        disk.serial = diskEntry.serial;
                        disk.vendor = diskEntry.vendor;
                        disk.product = diskEntry.product;
                        disk.mpioDisk = diskEntry.mpioDisk;
                        disk.systemDisk = diskEntry.systemDisk;
                        disk.dsm = diskEntry.dsm;
                        disk.policy = diskEntry.policy;
                        disk.alua = diskEntry.alua;
                        disk.aluaCapable = diskEntry.aluaCapable;
                        disk.poolName = diskEntry.poolName;
                        disk.sizeBytes = diskEntry.sizeBytes;
                        disks.push_back(std::move(disk));
                    }
                    ReportDisk &disk = disks[found->second];
                    disk.worst = std::max(disk.worst, worstAt(diskPath));
                    ReportPath path;
                    path.entry = pathEntry;
                    path.portKey = port.key;
                    path.portName = port.displayName();
                    path.portRoles = port.roles();
                    path.portPci = port.pci();
                    path.adapter = adapterText(port, pathEntry);
                    path.worst = worstAt(diskPath + '/' + pathEntry.key);
                    if (input.counters) {
                        if (const PathCounters *counters
                            = input.counters->find(pathIdentity(server.key, diskEntry.key, pathEntry.key)))
                            path.counters = *counters;
                    }
                    if (!wholeGroup)
                        includedPaths.insert(server.key + '\n' + diskEntry.key + '\n' + pathEntry.key);
                    disk.paths.push_back(std::move(path));
                }
            }
        }
        for (std::size_t p = 0; p < serverEntry.ports.size(); ++p) {
            if (!portIncluded[p])
                continue;
            const PortEntry &portEntry = serverEntry.ports[p];
            ReportPort port;
            port.key = portEntry.key;
            port.name = portEntry.displayName();
            port.port = portEntry.port;
            port.adapter = portEntry.adapter;
            port.join = portEntry.join;
            port.joinNote = portEntry.joinNote;
            for (const DiskEntry &disk : portEntry.disks)
                port.pathCount += disk.paths.size();
            port.worst = worstAt(ObjectRef::port(server.key, port.key).keyPath());
            includedPorts.insert(server.key + '\n' + port.key);
            server.ports.push_back(std::move(port));
        }
        if (!scope.serverWhole(server.key) && server.ports.empty() && disks.empty())
            continue;
        for (const ReportDisk &disk : disks)
            includedLuns.insert(server.key + '\n' + disk.key);
        includedServers.insert(server.key);
        for (const std::string &problem : server.problems)
            content.problems.push_back(server.name + ": " + problem);
        content.servers.push_back(std::move(server));
        for (ReportDisk &disk : disks)
            content.disks.push_back(std::move(disk));
    }

    if (health) {
        for (const Finding &finding : health->findings()) {
            const ObjectRef &object = finding.object;
            bool included = wholeGroup;
            switch (included ? ObjectRef::Kind::Server : object.kind) {
            case ObjectRef::Kind::Server:
                included = wholeGroup || scope.serverWhole(object.serverKey);
                break;
            case ObjectRef::Kind::Port:
                included = includedPorts.count(object.serverKey + '\n' + object.portKey) > 0;
                break;
            case ObjectRef::Kind::Disk:
                included = includedLuns.count(object.serverKey + '\n' + object.diskKey) > 0;
                break;
            case ObjectRef::Kind::Path: {
                const std::string key = object.serverKey + '\n' + object.diskKey + '\n' + object.pathKey;
                // A path that vanished since the baseline belongs to its LUN.
                included = includedPaths.count(key) > 0
                    || (!knownPaths.count(key) && includedLuns.count(object.serverKey + '\n' + object.diskKey) > 0);
                break;
            }
            }
            if (included)
                content.findings.push_back(finding);
        }
    }

    if (input.diff) {
        ReportDiff diff = *input.diff;
        if (!wholeGroup) {
            std::erase_if(diff.changes, [&](const ReportChange &change) {
                if (input.scope.kind == ReportScope::Kind::Server)
                    return change.serverKey != input.scope.serverKey;
                if (!includedServers.count(change.serverKey))
                    return true;
                if (change.diskKey.empty())
                    return !scope.serverWhole(change.serverKey);
                return !includedLuns.count(change.serverKey + '\n' + change.diskKey)
                    && !scope.lunWhole(change.serverKey, change.diskKey);
            });
        }
        // Each path row says what changed on it.
        std::unordered_map<std::string, std::string> pathChanges;
        for (const ReportChange &change : diff.changes) {
            if (change.pathKey.empty() || change.kind == ReportChange::Kind::PathLost)
                continue;
            std::string &text = pathChanges[change.serverKey + '\n' + change.diskKey + '\n' + change.pathKey];
            if (!text.empty())
                text += "; ";
            text += change.kind == ReportChange::Kind::PathAdded
                ? std::string("added")
                : std::string(toTitle(change.kind)) + ": " + change.before + " -> " + change.after;
        }
        if (!pathChanges.empty()) {
            for (ReportDisk &disk : content.disks) {
                for (ReportPath &path : disk.paths) {
                    const auto found = pathChanges.find(disk.serverKey + '\n' + disk.key + '\n' + path.entry.key);
                    if (found != pathChanges.end())
                        path.change = found->second;
                }
            }
        }
        content.diff = std::move(diff);
    }
    return content;
}

} // namespace pathlens
