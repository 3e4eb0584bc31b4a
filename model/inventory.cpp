#include "model/inventory.h"

#include "model/health/healthreport.h"

#include <algorithm>
#include <set>
#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace pathlens {

namespace {

// The platform structs have no operator== of their own; the model needs one
// to decide whether a row changed.
bool sameServer(const DataCoreServer &a, const DataCoreServer &b)
{
    return a.id == b.id && a.name == b.name && a.hostName == b.hostName && a.state == b.state
        && a.version == b.version && a.groupId == b.groupId;
}

bool samePort(const DataCorePort &a, const DataCorePort &b)
{
    return a.id == b.id && a.serverId == b.serverId && a.alias == b.alias && a.portName == b.portName
        && a.roles == b.roles && a.mode == b.mode && a.type == b.type && a.presence == b.presence
        && a.pci == b.pci && a.driverName == b.driverName && a.connected == b.connected;
}

bool sameAdapter(const Adapter &a, const Adapter &b)
{
    return a.instanceId == b.instanceId && a.description == b.description && a.deviceClass == b.deviceClass
        && a.pci == b.pci && a.locationText == b.locationText && a.hardwareIds == b.hardwareIds
        && a.driver == b.driver && a.rollbackAvailable == b.rollbackAvailable;
}

template <typename T, typename Same>
bool sameOptional(const std::optional<T> &a, const std::optional<T> &b, Same same)
{
    if (a.has_value() != b.has_value())
        return false;
    return !a || same(*a, *b);
}

// Feeds every value into a 64-bit state through the splitmix64 finaliser,
// so nearby inputs (a state enum off by one) land far apart.
class Digest
{
public:
    void add(std::uint64_t value) { m_state = mix(m_state ^ value) + 0x9e3779b97f4a7c15ull; }
    void add(std::string_view text)
    {
        add(text.size());
        add(std::hash<std::string_view>{}(text));
    }
    void add(const std::string &text) { add(std::string_view(text)); }
    void add(bool value) { add(std::uint64_t(value)); }
    template <typename Enum, typename = std::enable_if_t<std::is_enum_v<Enum>>>
    void add(Enum value)
    {
        add(static_cast<std::uint64_t>(value));
    }
    void add(std::uint32_t value) { add(std::uint64_t(value)); }
    void add(const PciLocation &pci)
    {
        add(pci.bus);
        add(pci.device);
        add(pci.function);
    }
    void add(const ScsiAddress &scsi)
    {
        add(scsi.port);
        add(scsi.bus);
        add(scsi.target);
        add(scsi.lun);
    }
    void add(const RowHealth &health)
    {
        add(health.worst);
        add(health.own);
        add(health.count);
        add(std::uint64_t(health.notes.size()));
        for (const RowHealth::Note &note : health.notes) {
            add(note.severity);
            add(note.rule);
            add(note.text);
        }
    }
    template <typename T>
    void add(const std::optional<T> &value)
    {
        add(value.has_value());
        if (value)
            add(*value);
    }

    // Zero means "not computed".
    std::uint64_t result() const
    {
        const std::uint64_t value = mix(m_state);
        return value ? value : 1;
    }

private:
    static std::uint64_t mix(std::uint64_t x)
    {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9ull;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebull;
        x ^= x >> 31;
        return x;
    }

    std::uint64_t m_state = 0x6a09e667f3bcc909ull;
};

// Field lists match the equality functions: a field added there belongs here.
std::uint64_t digestOf(const PathEntry &path)
{
    Digest d;
    d.add(path.key);
    d.add(path.owner);
    d.add(path.pathId.has_value());
    if (path.pathId)
        d.add(*path.pathId);
    d.add(path.state);
    d.add(path.tpgId);
    d.add(path.tpgState);
    d.add(path.preferred);
    d.add(path.inUse);
    d.add(path.weight);
    d.add(path.scsi);
    d.add(path.adapterPci);
    d.add(path.health);
    return d.result();
}

std::uint64_t ownDigestOf(const DiskEntry &disk)
{
    Digest d;
    d.add(disk.key);
    d.add(disk.owner);
    d.add(disk.serial);
    d.add(disk.caption);
    d.add(disk.vendor);
    d.add(disk.product);
    d.add(disk.mpioDisk);
    d.add(disk.systemDisk);
    d.add(disk.dsm);
    d.add(disk.policy);
    d.add(disk.alua);
    d.add(disk.aluaCapable);
    d.add(disk.poolName);
    d.add(disk.sizeBytes);
    d.add(disk.totalPaths);
    d.add(disk.health);
    return d.result();
}

std::uint64_t digestOf(const DiskEntry &disk)
{
    Digest d;
    d.add(disk.ownDigest);
    d.add(std::uint64_t(disk.paths.size()));
    for (const PathEntry &path : disk.paths)
        d.add(path.digest);
    return d.result();
}

std::uint64_t digestOf(const PortEntry &port)
{
    Digest d;
    d.add(port.key);
    d.add(port.port.has_value());
    if (const auto &p = port.port) {
        d.add(p->id);
        d.add(p->serverId);
        d.add(p->alias);
        d.add(p->portName);
        d.add(p->roles);
        d.add(p->mode);
        d.add(p->type);
        d.add(p->presence);
        d.add(p->pci);
        d.add(p->driverName);
        d.add(p->connected);
    }
    d.add(port.adapter.has_value());
    if (const auto &a = port.adapter) {
        d.add(a->instanceId);
        d.add(a->description);
        d.add(a->deviceClass);
        d.add(a->pci);
        d.add(a->locationText);
        d.add(std::uint64_t(a->hardwareIds.size()));
        for (const std::string &id : a->hardwareIds)
            d.add(id);
        for (const std::string *text : {&a->driver.description, &a->driver.provider, &a->driver.version,
                                        &a->driver.date, &a->driver.infName, &a->driver.service})
            d.add(*text);
        d.add(std::uint64_t(a->rollbackAvailable ? (*a->rollbackAvailable ? 2 : 1) : 0));
    }
    d.add(port.join);
    d.add(port.joinNote);
    d.add(port.health);
    d.add(std::uint64_t(port.disks.size()));
    for (const DiskEntry &disk : port.disks)
        d.add(disk.digest);
    return d.result();
}

std::uint64_t digestOf(const ServerEntry &server)
{
    Digest d;
    d.add(server.key);
    d.add(server.server.id);
    d.add(server.server.name);
    d.add(server.server.hostName);
    d.add(server.server.state);
    d.add(server.server.version);
    d.add(server.server.groupId);
    d.add(std::uint64_t(server.problems.size()));
    for (const std::string &problem : server.problems)
        d.add(problem);
    d.add(server.health);
    d.add(std::uint64_t(server.ports.size()));
    for (const PortEntry &port : server.ports)
        d.add(port.digest);
    return d.result();
}

} // namespace

bool operator==(const PathEntry &a, const PathEntry &b)
{
    return a.key == b.key && a.owner == b.owner && a.pathId == b.pathId && a.state == b.state && a.tpgId == b.tpgId
        && a.tpgState == b.tpgState && a.preferred == b.preferred && a.inUse == b.inUse && a.weight == b.weight
        && a.scsi == b.scsi && a.adapterPci == b.adapterPci && a.health == b.health;
}

void updateDigests(InventorySnapshot &snapshot)
{
    for (ServerEntry &server : snapshot.servers) {
        for (PortEntry &port : server.ports) {
            for (DiskEntry &disk : port.disks) {
                for (PathEntry &path : disk.paths)
                    path.digest = digestOf(path);
                disk.ownDigest = ownDigestOf(disk);
                disk.digest = digestOf(disk);
            }
            port.digest = digestOf(port);
        }
        server.digest = digestOf(server);
    }
}

namespace {

// The summaries of every row some finding is about, by key path; a row
// missing here has no finding at or below it.
class HealthIndex
{
public:
    HealthIndex(const InventorySnapshot &snapshot, const HealthReport &report)
    {
        for (const Finding &finding : report.findings()) {
            std::vector<Row> rows = concreteRows(snapshot, finding);
            std::unordered_set<std::string> own;
            for (const Row &row : rows) {
                if (row.own)
                    own.insert(row.ref.keyPath());
            }
            // A finding counts once per row, however many of its rows lie below it.
            std::unordered_set<std::string> counted;
            for (const Row &row : rows) {
                for (std::string &prefix : row.ref.keyPathPrefixes()) {
                    if (!counted.insert(prefix).second)
                        continue;
                    const bool isOwn = own.count(prefix) > 0;
                    add(m_rows[std::move(prefix)], finding, isOwn);
                }
            }
        }
    }

    const RowHealth *find(const std::string &keyPath) const
    {
        const auto found = m_rows.find(keyPath);
        return found == m_rows.end() ? nullptr : &found->second;
    }
    bool empty() const { return m_rows.empty(); }

private:
    static void add(RowHealth &summary, const Finding &finding, bool isOwn)
    {
        summary.worst = std::max(summary.worst, finding.severity);
        if (isOwn)
            summary.own = std::max(summary.own, finding.severity);
        ++summary.count;
        // The report is sorted worst first, so the first few are the worst.
        if (summary.notes.size() < RowHealth::MaxNotes) {
            std::string text = finding.message;
            if (!isOwn && !finding.objectName.empty())
                text = finding.objectName + ": " + text;
            summary.notes.push_back({finding.severity, finding.rule, std::move(text)});
        }
    }

    // The rows a finding marks. A finding about a LUN as a whole (port key
    // "*") belongs to the disk's row under every port it shows under; the
    // rules list those rows, and this fills them in when they did not.
    struct Row {
        ObjectRef ref;
        bool own = true; ///< the finding is about this row itself
    };

    static std::vector<Row> concreteRows(const InventorySnapshot &snapshot, const Finding &finding)
    {
        std::vector<ObjectRef> rows = finding.rows.empty() ? std::vector<ObjectRef>{finding.object} : finding.rows;
        std::vector<Row> out;
        out.reserve(rows.size());
        for (ObjectRef &row : rows) {
            if (row.kind == ObjectRef::Kind::Server || row.portKey != AnyPortKey) {
                out.push_back({std::move(row), true});
                continue;
            }
            bool placed = false;
            for (const ServerEntry &server : snapshot.servers) {
                if (server.key != row.serverKey)
                    continue;
                for (const PortEntry &port : server.ports) {
                    for (const DiskEntry &disk : port.disks) {
                        if (disk.key != row.diskKey)
                            continue;
                        ObjectRef concrete = row;
                        concrete.portKey = port.key;
                        out.push_back({std::move(concrete), true});
                        placed = true;
                    }
                }
            }
            if (!placed) // gone from the tree: at least its server shows it
                out.push_back({ObjectRef::server(row.serverKey), false});
        }
        return out;
    }

    std::unordered_map<std::string, RowHealth> m_rows;
};

} // namespace

void attachHealth(InventorySnapshot &snapshot, std::shared_ptr<const HealthReport> report)
{
    snapshot.health = std::move(report);
    if (!snapshot.health || snapshot.health->empty())
        return;
    const HealthIndex index(snapshot, *snapshot.health);
    // Digests are rebuilt only along the rows whose health was set; built
    // snapshots have digests everywhere, hand-made ones may have none.
    const bool digests = !snapshot.servers.empty() && snapshot.servers.front().digest != 0;
    for (ServerEntry &server : snapshot.servers) {
        const RowHealth *serverHealth = index.find(server.key);
        if (!serverHealth)
            continue; // nothing at or below this row
        server.health = *serverHealth;
        const std::string serverPrefix = server.key + '/';
        for (PortEntry &port : server.ports) {
            const std::string portPath = serverPrefix + port.key;
            const RowHealth *portHealth = index.find(portPath);
            if (!portHealth)
                continue;
            port.health = *portHealth;
            for (DiskEntry &disk : port.disks) {
                const std::string diskPath = portPath + '/' + disk.key;
                const RowHealth *diskHealth = index.find(diskPath);
                if (!diskHealth)
                    continue;
                disk.health = *diskHealth;
                for (PathEntry &path : disk.paths) {
                    const RowHealth *pathHealth = index.find(diskPath + '/' + path.key);
                    if (!pathHealth)
                        continue;
                    path.health = *pathHealth;
                    if (digests)
                        path.digest = digestOf(path);
                }
                if (digests) {
                    disk.ownDigest = ownDigestOf(disk);
                    disk.digest = digestOf(disk);
                }
            }
            if (digests)
                port.digest = digestOf(port);
        }
        if (digests)
            server.digest = digestOf(server);
    }
}

std::string_view toString(PathOwner owner)
{
    switch (owner) {
    case PathOwner::DataCoreDriver: return "DataCore driver";
    case PathOwner::Mpio: return "Windows MPIO";
    }
    return "Unknown";
}

std::string_view toString(JoinStatus status)
{
    switch (status) {
    case JoinStatus::Matched: return "Matched";
    case JoinStatus::NoAdapter: return "No adapter";
    case JoinStatus::Ambiguous: return "Ambiguous";
    case JoinStatus::NoPciLocation: return "No PCI location";
    case JoinStatus::AdapterOnly: return "Adapter only";
    case JoinStatus::NoInventory: return "No inventory";
    }
    return "Unknown";
}

int severity(PathState state)
{
    // Unknown ranks above the working states so a disk with an unreadable
    // path never looks healthier than it is, but below the known failures.
    switch (state) {
    case PathState::ActiveOptimized: return 0;
    case PathState::ActiveUnoptimized: return 1;
    case PathState::Standby: return 2;
    case PathState::Transitioning: return 3;
    case PathState::Unknown: return 4;
    case PathState::Unavailable: return 5;
    case PathState::Offline: return 6;
    case PathState::Failed: return 7;
    }
    return 4;
}

bool DiskEntry::sameValues(const DiskEntry &other) const
{
    if (ownDigest && other.ownDigest)
        return ownDigest == other.ownDigest;
    return key == other.key && owner == other.owner && serial == other.serial && caption == other.caption
        && vendor == other.vendor && product == other.product && mpioDisk == other.mpioDisk
        && systemDisk == other.systemDisk && dsm == other.dsm && policy == other.policy && alua == other.alua
        && aluaCapable == other.aluaCapable && poolName == other.poolName && sizeBytes == other.sizeBytes
        && totalPaths == other.totalPaths && health == other.health;
}

PathState DiskEntry::worstState() const
{
    if (paths.empty())
        return PathState::Unknown;
    PathState worst = paths.front().state;
    for (const PathEntry &path : paths) {
        if (severity(path.state) > severity(worst))
            worst = path.state;
    }
    return worst;
}

DiskEntry::StateSummary DiskEntry::stateSummary() const
{
    StateSummary summary;
    const PathEntry *inUse = nullptr;
    const PathEntry *best = nullptr;
    for (const PathEntry &path : paths) {
        ++summary.counts[static_cast<std::size_t>(path.state)];
        if (path.inUse)
            inUse = &path;
        if (!best || severity(path.state) < severity(best->state))
            best = &path;
    }
    if (owner == PathOwner::DataCoreDriver && inUse)
        summary.shown = inUse->state;
    else if (best)
        summary.shown = best->state;
    return summary;
}

std::string PortEntry::displayName() const
{
    if (port && !port->alias.empty())
        return port->alias;
    if (adapter && !adapter->description.empty())
        return adapter->description;
    if (isUnmatchedPaths())
        return "Unmatched paths";
    if (port)
        return port->id;
    return key;
}

std::optional<PciLocation> PortEntry::pci() const
{
    if (port && port->pci)
        return port->pci;
    if (adapter)
        return adapter->pci;
    return std::nullopt;
}

bool PortEntry::sameValues(const PortEntry &other) const
{
    return key == other.key && join == other.join && joinNote == other.joinNote && health == other.health
        && sameOptional(port, other.port, samePort) && sameOptional(adapter, other.adapter, sameAdapter);
}

bool ServerEntry::sameValues(const ServerEntry &other) const
{
    return key == other.key && problems == other.problems && health == other.health
        && sameServer(server, other.server);
}

std::size_t InventorySnapshot::portCount() const
{
    std::size_t count = 0;
    for (const ServerEntry &server : servers)
        count += server.ports.size();
    return count;
}

std::size_t InventorySnapshot::diskCount() const
{
    std::size_t count = 0;
    for (const ServerEntry &server : servers) {
        for (const PortEntry &port : server.ports)
            count += port.disks.size();
    }
    return count;
}

std::size_t InventorySnapshot::backEndDiskCount() const
{
    std::size_t count = 0;
    std::set<std::string_view> keys;
    for (const ServerEntry &server : servers) {
        keys.clear();
        for (const PortEntry &port : server.ports) {
            for (const DiskEntry &disk : port.disks)
                keys.insert(disk.key);
        }
        count += keys.size();
    }
    return count;
}

std::size_t InventorySnapshot::pathCount() const
{
    std::size_t count = 0;
    for (const ServerEntry &server : servers) {
        for (const PortEntry &port : server.ports) {
            for (const DiskEntry &disk : port.disks)
                count += disk.paths.size();
        }
    }
    return count;
}

} // namespace pathlens
