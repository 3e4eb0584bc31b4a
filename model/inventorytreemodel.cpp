#include "model/inventorytreemodel.h"

#include <QBrush>
#include <QStringList>

#include <algorithm>
#include <climits>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

namespace pathlens {

// A row's QModelIndex carries its parent node as internal pointer, so a path
// row needs no node of its own: a disk's rows are its entry's paths. Only
// while a disk's path list changes shape are the rows staged as pointers, so
// that every signal on the way sees a consistent list.
struct InventoryTreeModel::Node {
    NodeKind kind = NodeKind::Server;
    int row = 0;
    Node *parent = nullptr;
    const void *entry = nullptr; // ServerEntry, PortEntry or DiskEntry, by kind
    std::uint64_t digest = 0;    // the entry's, kept here so a merge need not read the old snapshot
    std::vector<std::unique_ptr<Node>> children;
    std::vector<const PathEntry *> staged;
    bool staging = false;
    // Someone was handed an index of one of this node's rows. Until then no
    // one can hold data of those rows, so their dataChanged is not sent.
    mutable bool childrenSeen = false;

    bool isRoot() const { return parent == nullptr; }
    bool holdsPaths() const { return kind == NodeKind::Disk && !isRoot(); }
    const DiskEntry &disk() const { return *static_cast<const DiskEntry *>(entry); }
    int childCount() const
    {
        if (!holdsPaths())
            return static_cast<int>(children.size());
        return static_cast<int>(staging ? staged.size() : disk().paths.size());
    }
    const PathEntry *pathAt(int row) const
    {
        const auto r = static_cast<std::size_t>(row);
        return staging ? staged[r] : &disk().paths[r];
    }

    const std::string &childKey(int row) const
    {
        if (holdsPaths())
            return pathAt(row)->key;
        const Node &child = *children[static_cast<std::size_t>(row)];
        switch (child.kind) {
        case NodeKind::Server: return static_cast<const ServerEntry *>(child.entry)->key;
        case NodeKind::Port: return static_cast<const PortEntry *>(child.entry)->key;
        case NodeKind::Disk:
        case NodeKind::Path: break;
        }
        return child.disk().key;
    }
};

namespace {

using Kind = InventoryTreeModel::NodeKind;

template <typename Entry>
constexpr Kind kindOf()
{
    if constexpr (std::is_same_v<Entry, ServerEntry>)
        return Kind::Server;
    else if constexpr (std::is_same_v<Entry, PortEntry>)
        return Kind::Port;
    else if constexpr (std::is_same_v<Entry, DiskEntry>)
        return Kind::Disk;
    else
        return Kind::Path;
}

const std::vector<PortEntry> &childEntries(const ServerEntry &entry) { return entry.ports; }
const std::vector<DiskEntry> &childEntries(const PortEntry &entry) { return entry.disks; }

QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString tr(const char *text)
{
    return InventoryTreeModel::tr(text);
}

// "Using A/NO path" for the DataCore driver's one path;
// "2 A/O, 2 A/NO" for MPIO, best state first.
QString diskStateText(const DiskEntry &disk)
{
    const DiskEntry::StateSummary summary = disk.stateSummary();
    if (disk.owner == PathOwner::DataCoreDriver) {
        const bool anyInUse = std::any_of(disk.paths.begin(), disk.paths.end(), [](const PathEntry &p) { return p.inUse; });
        if (anyInUse)
            return summary.shown == PathState::Unknown ? tr("Using a path, ALUA state unknown")
                                                       : tr("Using %1 path").arg(qs(toShortString(summary.shown)));
    }
    static constexpr PathState order[] = {PathState::ActiveOptimized, PathState::ActiveUnoptimized,
                                          PathState::Standby,         PathState::Transitioning,
                                          PathState::Unavailable,     PathState::Offline,
                                          PathState::Failed,          PathState::Unknown};
    QStringList parts;
    for (PathState state : order) {
        const int count = summary.counts[static_cast<std::size_t>(state)];
        if (count > 0)
            parts << QStringLiteral("%1 %2").arg(count).arg(qs(toShortString(state)));
    }
    return parts.isEmpty() ? tr("No paths") : parts.join(QStringLiteral(", "));
}

// Order matches iconNames below.
enum IconId {
    IconServer,
    IconPortFe,
    IconPortBe,
    IconPortMr,
    IconPortFeMr,
    IconPortNone,
    IconPortLoopback,
    IconPortIscsi,
    IconPortNotPresent,
    IconAdapter,
    IconDisk,
    IconPathAo,
    IconPathAno,
    IconPathStandby,
    IconPathUnavailable,
    IconPathFailed,
    IconPathUnknown,
    IconWarning,
    IconHealthOk,
    IconHealthInfo,
    IconHealthWarning,
    IconHealthCritical,
    IconCount,
    IconNone = IconCount,
};

constexpr const char *iconNames[IconCount] = {
    "server",    "port-fe",   "port-be",         "port-mr",          "port-fe-mr",  "port-none",
    "port-loopback", "port-iscsi", "port-not-present", "adapter",   "disk",        "path-ao",
    "path-ano",  "path-standby", "path-unavailable", "path-failed",  "path-unknown", "warning",
    "health-ok", "health-info", "health-warning", "health-critical",
};

IconId healthIcon(Severity severity)
{
    switch (severity) {
    case Severity::Critical: return IconHealthCritical;
    case Severity::Warning: return IconHealthWarning;
    case Severity::Info: return IconHealthInfo;
    case Severity::None: break;
    }
    return IconHealthOk;
}

const RowHealth &healthOf(const InventoryTreeModel::NodeRef &ref)
{
    switch (ref.kind) {
    case Kind::Server: return ref.server->health;
    case Kind::Port: return ref.port->health;
    case Kind::Disk: return ref.disk->health;
    case Kind::Path: break;
    }
    return ref.path->health;
}

// The findings about a row, for its tooltip: the worst few, then a count.
QString healthToolTip(const RowHealth &health)
{
    if (health.empty())
        return tr("Health: OK, no findings about this row or the rows below it.");
    QStringList lines;
    lines << (health.count == 1 ? tr("Health: %1, 1 finding").arg(InventoryTreeModel::severityText(health.worst))
                                : tr("Health: %1, %2 findings")
                                      .arg(InventoryTreeModel::severityText(health.worst))
                                      .arg(health.count));
    for (const RowHealth::Note &note : health.notes)
        lines << QStringLiteral("• %1: %2 (%3)")
                     .arg(InventoryTreeModel::severityText(note.severity), qs(note.text), qs(note.rule));
    if (health.count > health.notes.size())
        lines << tr("and %1 more").arg(health.count - health.notes.size());
    return lines.join(QLatin1Char('\n'));
}

IconId pathIcon(PathState state)
{
    switch (state) {
    case PathState::ActiveOptimized: return IconPathAo;
    case PathState::ActiveUnoptimized: return IconPathAno;
    case PathState::Standby: return IconPathStandby;
    case PathState::Unavailable:
    case PathState::Offline: return IconPathUnavailable;
    case PathState::Failed: return IconPathFailed;
    case PathState::Transitioning:
    case PathState::Unknown: break;
    }
    return IconPathUnknown;
}

IconId portIcon(const PortEntry &entry)
{
    if (!entry.port)
        return entry.adapter ? IconAdapter : IconWarning;
    const DataCorePort &port = *entry.port;
    if (port.presence == Presence::NotPresent)
        return IconPortNotPresent;
    if (port.type == PortType::Loopback)
        return IconPortLoopback;
    if (port.type == PortType::iSCSI)
        return IconPortIscsi;
    const bool fe = port.roles & RoleFrontEnd;
    const bool mr = port.roles & RoleMirror;
    if (fe && mr)
        return IconPortFeMr;
    if (port.roles & RoleBackEnd)
        return IconPortBe;
    if (fe)
        return IconPortFe;
    if (mr)
        return IconPortMr;
    return IconPortNone;
}

bool joinFailed(JoinStatus join)
{
    return join == JoinStatus::NoAdapter || join == JoinStatus::Ambiguous || join == JoinStatus::NoInventory;
}

QString pciText(const std::optional<PciLocation> &pci)
{
    if (!pci)
        return {};
    return qs(pci->toString()) + QStringLiteral(" (") + qs(pci->toHexString()) + QLatin1Char(')');
}

QString stateExplanation(const PathEntry &path)
{
    switch (path.state) {
    case PathState::ActiveOptimized:
        return tr("Active/Optimized: the path leads to the array controller that owns the LUN; reads and writes "
                  "take the fast route.");
    case PathState::ActiveUnoptimized:
        return tr("Active/Unoptimized: the path works but leads to the controller that does not own the LUN; "
                  "reads over it are much slower.");
    case PathState::Standby:
        return tr("Standby: the path carries no I/O now; it takes over when an active path fails.");
    case PathState::Unavailable:
        return tr("Unavailable: the target port group cannot serve I/O through this path.");
    case PathState::Transitioning:
        return tr("Transitioning: the array is changing the state of this path's target port group.");
    case PathState::Offline:
        return tr("Offline: the array has taken this target port out of service; it carries no I/O.");
    case PathState::Failed:
        return tr("Failed: the path does not work.");
    case PathState::Unknown:
        break;
    }
    if (path.owner == PathOwner::DataCoreDriver)
        return tr("ALUA state unknown: the DataCore driver does not report it.");
    return tr("State unknown: MPIO did not report it.");
}

QString serverName(const ServerEntry &server)
{
    if (!server.server.name.empty())
        return qs(server.server.name);
    if (!server.server.hostName.empty())
        return qs(server.server.hostName);
    return qs(server.key);
}

QString displayText(const InventoryTreeModel::NodeRef &ref, int column)
{
    using C = InventoryTreeModel::Column;
    switch (ref.kind) {
    case Kind::Server: {
        const ServerEntry &server = *ref.server;
        switch (column) {
        case C::NameColumn: return serverName(server);
        case C::StateColumn: {
            QString state = server.server.state.empty() ? tr("Unknown") : qs(server.server.state);
            if (server.problems.size() == 1)
                state += tr(" (1 problem)");
            else if (!server.problems.empty())
                state += tr(" (%1 problems)").arg(server.problems.size());
            return state;
        }
        case C::LocationColumn: return qs(server.server.hostName);
        case C::DriverColumn: return qs(server.server.version);
        default: return {};
        }
    }
    case Kind::Port: {
        const PortEntry &port = *ref.port;
        switch (column) {
        case C::NameColumn: {
            if (port.isUnmatchedPaths())
                return tr("Unmatched paths");
            QString name = qs(port.displayName());
            if (port.port && !port.port->portName.empty())
                name += QStringLiteral(" (") + qs(port.port->portName) + QLatin1Char(')');
            return name;
        }
        case C::RolesColumn: return qs(rolesToString(port.roles()));
        case C::StateColumn: {
            if (!port.port)
                return port.adapter ? tr("Adapter only") : QString();
            QString state = qs(toString(port.port->presence));
            switch (port.join) {
            case JoinStatus::NoAdapter: state += tr(", no adapter"); break;
            case JoinStatus::Ambiguous: state += tr(", ambiguous PCI match"); break;
            case JoinStatus::NoInventory: state += tr(", inventory unreadable"); break;
            default: break;
            }
            return state;
        }
        case C::LocationColumn: return pciText(port.pci());
        case C::DriverColumn: {
            if (port.adapter && !port.adapter->driver.provider.empty()) {
                const DriverPackage &driver = port.adapter->driver;
                QString text = qs(driver.provider);
                if (!driver.version.empty())
                    text += QLatin1Char(' ') + qs(driver.version);
                if (!driver.service.empty())
                    text += QStringLiteral(" (") + qs(driver.service) + QLatin1Char(')');
                return text;
            }
            return port.port ? qs(port.port->driverName) : QString();
        }
        default: return {};
        }
    }
    case Kind::Disk: {
        const DiskEntry &disk = *ref.disk;
        switch (column) {
        case C::NameColumn: {
            if (disk.caption.empty())
                return qs(disk.serial.empty() ? disk.key : disk.serial);
            QString name = qs(disk.caption);
            if (!disk.serial.empty() && disk.serial != disk.caption)
                name += QStringLiteral(" (") + qs(disk.serial) + QLatin1Char(')');
            return name;
        }
        case C::RolesColumn:
            return disk.owner == PathOwner::Mpio ? qs(toShortString(disk.policy)) : QString();
        case C::StateColumn: return diskStateText(disk);
        case C::LocationColumn: {
            QString text = qs(disk.systemDisk);
            if (!disk.poolName.empty()) {
                if (!text.isEmpty())
                    text += QStringLiteral(", ");
                text += tr("pool %1").arg(qs(disk.poolName));
            }
            return text;
        }
        case C::DriverColumn:
            if (disk.owner == PathOwner::DataCoreDriver)
                return tr("DataCore driver");
            return disk.dsm.empty() ? qs(toString(disk.owner)) : qs(disk.dsm);
        default: return {};
        }
    }
    case Kind::Path: {
        const PathEntry &path = *ref.path;
        switch (column) {
        case C::NameColumn:
            if (path.pathId)
                return qs(formatPathId(*path.pathId));
            if (path.owner == PathOwner::DataCoreDriver)
                return tr("Target %1, LUN %2").arg(path.scsi.target).arg(path.scsi.lun);
            return qs(path.key);
        case C::StateColumn: {
            QString state = qs(toString(path.state));
            if (path.inUse)
                state += tr(" (in use)");
            if (path.preferred)
                state += tr(", preferred");
            return state;
        }
        case C::LocationColumn: return qs(path.scsi.toString());
        case C::DriverColumn:
            if (!path.tpgId)
                return {};
            return tr("TPG %1: %2").arg(*path.tpgId).arg(qs(toString(path.tpgState)));
        default: return {};
        }
    }
    }
    return {};
}

QString toolTip(const InventoryTreeModel::NodeRef &ref)
{
    QStringList lines;
    switch (ref.kind) {
    case Kind::Server: {
        const ServerEntry &server = *ref.server;
        lines << tr("DataCore server %1 on host %2").arg(serverName(server), qs(server.server.hostName));
        if (!server.server.version.empty())
            lines << tr("SANsymphony %1").arg(qs(server.server.version));
        for (const std::string &problem : server.problems)
            lines << tr("Problem: %1").arg(qs(problem));
        break;
    }
    case Kind::Port: {
        const PortEntry &port = *ref.port;
        if (port.port) {
            lines << tr("%1 port, mode %2").arg(qs(toString(port.port->type)), qs(toString(port.port->mode)));
            if (port.port->presence == Presence::NotPresent)
                lines << tr("Not present: the hardware of this port is gone; the port can be removed from "
                            "the DataCore configuration.");
        }
        switch (port.join) {
        case JoinStatus::Matched:
            lines << tr("Matched to the OS adapter at the same PCI function.");
            break;
        case JoinStatus::AdapterOnly:
            lines << tr("OS adapter without a DataCore port.");
            break;
        default:
            lines << tr("Join: %1").arg(qs(toString(port.join)));
            break;
        }
        if (!port.joinNote.empty())
            lines << qs(port.joinNote);
        if (port.adapter) {
            lines << tr("Adapter: %1").arg(qs(port.adapter->description));
            if (!port.adapter->driver.infName.empty())
                lines << tr("Driver package: %1 %2").arg(qs(port.adapter->driver.infName),
                                                         qs(port.adapter->driver.version));
        }
        break;
    }
    case Kind::Disk: {
        const DiskEntry &disk = *ref.disk;
        if (disk.owner == PathOwner::DataCoreDriver)
            lines << tr("Owned by the DataCore driver, which ignores ALUA and uses one path it chose.");
        else
            lines << tr("Owned by Windows MPIO (%1), policy %2, %3")
                         .arg(disk.dsm.empty() ? tr("no DSM reported") : qs(disk.dsm), qs(toString(disk.policy)),
                              qs(toString(disk.alua)));
        if (disk.aluaCapable)
            lines << tr("The array reports ALUA support for this LUN.");
        lines << tr("%1 path(s) through this port, %2 on the server")
                     .arg(disk.paths.size())
                     .arg(disk.totalPaths);
        if (!disk.poolName.empty())
            lines << tr("Used by pool %1").arg(qs(disk.poolName));
        if (!disk.vendor.empty() || !disk.product.empty())
            lines << (qs(disk.vendor) + QLatin1Char(' ') + qs(disk.product)).trimmed();
        break;
    }
    case Kind::Path: {
        const PathEntry &path = *ref.path;
        lines << stateExplanation(path);
        if (path.inUse)
            lines << tr("The DataCore driver sends all I/O for this disk through this path.");
        if (path.preferred)
            lines << tr("Preferred path: the one Fail Over Only returns to.");
        if (path.tpgId)
            lines << tr("Target port group %1 is %2 as the array sees it.")
                         .arg(*path.tpgId)
                         .arg(qs(toString(path.tpgState)));
        break;
    }
    }
    return lines.join(QLatin1Char('\n'));
}

IconId decoration(const InventoryTreeModel::NodeRef &ref, int column)
{
    if (column == InventoryTreeModel::NameColumn) {
        switch (ref.kind) {
        case Kind::Server: return IconServer;
        case Kind::Port: return portIcon(*ref.port);
        case Kind::Disk: return IconDisk;
        case Kind::Path: return pathIcon(ref.path->state);
        }
    }
    if (column == InventoryTreeModel::StateColumn) {
        switch (ref.kind) {
        case Kind::Server: return ref.server->problems.empty() ? IconNone : IconWarning;
        case Kind::Port: return joinFailed(ref.port->join) ? IconWarning : IconNone;
        case Kind::Disk: return pathIcon(ref.disk->stateSummary().shown);
        case Kind::Path: break;
        }
    }
    return IconNone;
}

const std::string &ownKey(const InventoryTreeModel::NodeRef &ref)
{
    switch (ref.kind) {
    case Kind::Server: return ref.server->key;
    case Kind::Port: return ref.port->key;
    case Kind::Disk: return ref.disk->key;
    case Kind::Path: break;
    }
    return ref.path->key;
}

// Everything a search looks at: the row's texts, its key (a path id, a
// DataCore id), and what the columns shorten (WWPN, adapter, PCI location).
QString searchText(const InventoryTreeModel::NodeRef &ref)
{
    QStringList parts;
    for (int column = 0; column < InventoryTreeModel::ColumnCount; ++column) {
        if (column != InventoryTreeModel::HealthColumn)
            parts << displayText(ref, column);
    }
    parts << qs(ownKey(ref));
    switch (ref.kind) {
    case Kind::Server: break;
    case Kind::Port:
        if (ref.port->port)
            parts << qs(ref.port->port->portName) << qs(ref.port->port->id);
        if (ref.port->adapter)
            parts << qs(ref.port->adapter->description) << qs(ref.port->adapter->instanceId);
        break;
    case Kind::Disk:
        parts << qs(ref.disk->serial) << qs(ref.disk->vendor) << qs(ref.disk->product);
        break;
    case Kind::Path:
        parts << pciText(ref.path->adapterPci);
        break;
    }
    return parts.join(QLatin1Char('\n'));
}

QVariant sortValue(const InventoryTreeModel::NodeRef &ref, int column)
{
    if (column == InventoryTreeModel::HealthColumn)
        return static_cast<int>(healthOf(ref).worst);
    if (column == InventoryTreeModel::StateColumn) {
        if (ref.kind == Kind::Path)
            return severity(ref.path->state);
        if (ref.kind == Kind::Disk)
            return severity(ref.disk->worstState());
    }
    if (column == InventoryTreeModel::LocationColumn) {
        if (ref.kind == Kind::Port) {
            const auto pci = ref.port->pci();
            return pci ? QVariant(qulonglong(pci->bus) << 32 | qulonglong(pci->device) << 16 | pci->function)
                       : QVariant(qulonglong(-1));
        }
        if (ref.kind == Kind::Path) {
            const ScsiAddress &s = ref.path->scsi;
            return qulonglong(s.port) << 48 | qulonglong(s.bus) << 32 | qulonglong(s.target) << 16 | s.lun;
        }
    }
    return displayText(ref, column);
}

} // namespace

// ---------------------------------------------------------------- merge

// Merges one level of the tree against the new snapshot's entries and
// recurses. Returns whether anything at or below the level changed.
class InventoryTreeModel::Merger
{
public:
    explicit Merger(InventoryTreeModel &model) : m_model(model) {}

    // Server, port and disk rows: each has a node.
    template <typename Entry>
    bool merge(Node *parent, const std::vector<Entry> &entries)
    {
        const int oldCount = static_cast<int>(parent->children.size());
        const int newCount = static_cast<int>(entries.size());
        const int common = std::min(oldCount, newCount);
        Range changed;
        bool any = false;
        int i = 0;
        // Usual case: same keys in the same order. Walk in lockstep, no
        // hashing; an unchanged subtree costs one digest compare.
        for (; i < common; ++i) {
            Node *child = parent->children[static_cast<std::size_t>(i)].get();
            const Entry &now = entries[static_cast<std::size_t>(i)];
            if (identical(child, now) && repoint(child, now))
                continue;
            if (entryOf<Entry>(child).key != now.key)
                break;
            any |= mergeChangedRow(child, i, now, changed);
        }
        if (i < oldCount || i < newCount) {
            mergeReordered(parent, entries, i, changed);
            any = true;
        }
        announce(parent, changed);
        return any;
    }

    // A disk's path rows, from the old entry's list to the new one's.
    bool mergePaths(Node *disk, const DiskEntry &old, const DiskEntry &now)
    {
        const std::vector<PathEntry> &before = old.paths;
        const std::vector<PathEntry> &after = now.paths;
        const std::size_t common = std::min(before.size(), after.size());
        Range changed;
        std::size_t i = 0;
        for (; i < common; ++i) {
            if (identical(before[i], after[i]))
                continue;
            if (before[i].key != after[i].key)
                break;
            if (differs(before[i], after[i]))
                changed.add(static_cast<int>(i));
        }
        if (i == before.size() && i == after.size()) {
            disk->entry = &now; // all rows switch at once, same keys
            announce(disk, changed);
            return !changed.empty();
        }
        disk->staged.clear();
        for (std::size_t j = 0; j < before.size(); ++j)
            disk->staged.push_back(j < i ? &after[j] : &before[j]);
        disk->staging = true;
        disk->entry = &now;
        mergeReordered(disk, after, static_cast<int>(i), changed);
        Q_ASSERT(disk->staged.size() == after.size()
                 && std::equal(disk->staged.begin(), disk->staged.end(), after.begin(),
                               [](const PathEntry *a, const PathEntry &b) { return a == &b; }));
        disk->staging = false;
        disk->staged = {};
        announce(disk, changed);
        return true;
    }

private:
    struct Range {
        int first = INT_MAX;
        int last = -1;
        void add(int row)
        {
            first = std::min(first, row);
            last = std::max(last, row);
        }
        bool empty() const { return last < 0; }
    };

    // One dataChanged per parent, all columns, if anyone can see the rows.
    void announce(Node *parent, const Range &changed)
    {
        if (changed.empty() || !parent->childrenSeen)
            return;
        Q_EMIT m_model.dataChanged(m_model.createIndex(changed.first, 0, parent),
                                   m_model.createIndex(changed.last, ColumnCount - 1, parent));
    }

    template <typename Entry>
    static const Entry &entryOf(const Node *node)
    {
        return *static_cast<const Entry *>(node->entry);
    }

    template <typename Entry>
    static const Entry &entryAt(const Node *parent, int row)
    {
        if constexpr (std::is_same_v<Entry, PathEntry>)
            return *parent->staged[static_cast<std::size_t>(row)];
        else
            return entryOf<Entry>(parent->children[static_cast<std::size_t>(row)].get());
    }

    // Equal digests: the same values here and below (the key included).
    template <typename Entry>
    static bool identical(const Node *node, const Entry &entry)
    {
        return node->digest != 0 && node->digest == entry.digest;
    }
    static bool identical(const PathEntry &a, const PathEntry &b) { return a.digest != 0 && a.digest == b.digest; }

    static bool differs(const PathEntry &a, const PathEntry &b)
    {
        return a.digest && b.digest ? a.digest != b.digest : !(a == b);
    }

    // A disk row shows its worst path state and counts its paths, so those
    // changes repaint it too.
    static bool rowShowsChange(const DiskEntry &old, const DiskEntry &now)
    {
        return !old.sameValues(now) || old.paths.size() != now.paths.size() || old.worstState() != now.worstState()
            || old.stateSummary() != now.stateSummary();
    }
    template <typename Entry>
    static bool rowShowsChange(const Entry &old, const Entry &now)
    {
        return !old.sameValues(now);
    }

    // Points an unchanged subtree at the new snapshot without reading it. False
    // when the shape differs after all (a digest collision): then merge.
    template <typename Entry>
    static bool repoint(Node *node, const Entry &entry)
    {
        if constexpr (std::is_same_v<Entry, DiskEntry>) {
            node->entry = &entry;
            return true;
        } else {
            const auto &children = childEntries(entry);
            if (node->children.size() != children.size())
                return false;
            for (std::size_t j = 0; j < children.size(); ++j) {
                if (!repoint(node->children[j].get(), children[j]))
                    return false;
            }
            node->entry = &entry;
            return true;
        }
    }

    // A row whose key stays but whose subtree changed.
    template <typename Entry>
    bool mergeChangedRow(Node *child, int row, const Entry &entry, Range &changed)
    {
        const Entry &old = entryOf<Entry>(child);
        const bool own = rowShowsChange(old, entry);
        bool below = false;
        if constexpr (std::is_same_v<Entry, DiskEntry>) {
            below = mergePaths(child, old, entry);
        } else {
            child->entry = &entry;
            below = merge(child, childEntries(entry));
        }
        child->digest = entry.digest;
        if (own)
            changed.add(row);
        return own || below;
    }

    // A row found by key in the reordered part of a level.
    template <typename Entry>
    void mergeRow(Node *parent, int row, const Entry &entry, Range &changed)
    {
        if constexpr (std::is_same_v<Entry, PathEntry>) {
            const PathEntry *&slot = parent->staged[static_cast<std::size_t>(row)];
            if (!identical(*slot, entry) && differs(*slot, entry))
                changed.add(row);
            slot = &entry;
        } else {
            Node *child = parent->children[static_cast<std::size_t>(row)].get();
            if (!(identical(child, entry) && repoint(child, entry)))
                mergeChangedRow(child, row, entry, changed);
        }
    }

    QModelIndex indexOf(Node *node) const
    {
        return node->isRoot() ? QModelIndex() : m_model.makeIndex(node->row, 0, node->parent);
    }

    static void renumber(Node *parent, int from)
    {
        for (std::size_t r = static_cast<std::size_t>(from); r < parent->children.size(); ++r)
            parent->children[r]->row = static_cast<int>(r);
    }

    template <typename Entry>
    static std::unique_ptr<Node> build(const Entry &entry, Node *parent, int row)
    {
        auto node = std::make_unique<Node>();
        node->kind = kindOf<Entry>();
        node->row = row;
        node->parent = parent;
        node->entry = &entry;
        node->digest = entry.digest;
        if constexpr (!std::is_same_v<Entry, DiskEntry>) {
            const auto &children = childEntries(entry);
            node->children.reserve(children.size());
            for (std::size_t i = 0; i < children.size(); ++i)
                node->children.push_back(build(children[i], node.get(), static_cast<int>(i)));
        }
        return node;
    }

    template <typename Entry>
    void removeRows(Node *parent, int first, int last)
    {
        m_model.beginRemoveRows(indexOf(parent), first, last);
        if constexpr (std::is_same_v<Entry, PathEntry>) {
            parent->staged.erase(parent->staged.begin() + first, parent->staged.begin() + last + 1);
        } else {
            parent->children.erase(parent->children.begin() + first, parent->children.begin() + last + 1);
            renumber(parent, first);
        }
        m_model.endRemoveRows();
    }

    template <typename Entry>
    void insertRows(Node *parent, const std::vector<Entry> &entries, int first, int last)
    {
        m_model.beginInsertRows(indexOf(parent), first, last);
        if constexpr (std::is_same_v<Entry, PathEntry>) {
            std::vector<const PathEntry *> added;
            for (int j = first; j <= last; ++j)
                added.push_back(&entries[static_cast<std::size_t>(j)]);
            parent->staged.insert(parent->staged.begin() + first, added.begin(), added.end());
        } else {
            std::vector<std::unique_ptr<Node>> added;
            for (int j = first; j <= last; ++j)
                added.push_back(build(entries[static_cast<std::size_t>(j)], parent, j));
            parent->children.insert(parent->children.begin() + first, std::make_move_iterator(added.begin()),
                                    std::make_move_iterator(added.end()));
            renumber(parent, first);
        }
        m_model.endInsertRows();
    }

    // Moves one row so that it ends up at row `to`.
    template <typename Entry>
    void moveRow(Node *parent, int from, int to)
    {
        const QModelIndex index = indexOf(parent);
        m_model.beginMoveRows(index, from, from, index, to > from ? to + 1 : to);
        auto rotate = [from, to](auto &rows) {
            if (to < from)
                std::rotate(rows.begin() + to, rows.begin() + from, rows.begin() + from + 1);
            else
                std::rotate(rows.begin() + from, rows.begin() + from + 1, rows.begin() + to + 1);
        };
        if constexpr (std::is_same_v<Entry, PathEntry>) {
            rotate(parent->staged);
        } else {
            rotate(parent->children);
            renumber(parent, std::min(from, to));
        }
        m_model.endMoveRows();
    }

    // Positions (into seq) of one longest strictly increasing subsequence.
    static std::vector<char> longestIncreasing(const std::vector<int> &seq)
    {
        std::vector<int> tails;
        std::vector<int> previous(seq.size(), -1);
        for (std::size_t i = 0; i < seq.size(); ++i) {
            const auto at = std::lower_bound(tails.begin(), tails.end(), seq[i], [&seq](int pos, int value) {
                return seq[static_cast<std::size_t>(pos)] < value;
            });
            if (at != tails.begin())
                previous[i] = *(at - 1);
            if (at == tails.end())
                tails.push_back(static_cast<int>(i));
            else
                *at = static_cast<int>(i);
        }
        std::vector<char> keep(seq.size(), 0);
        for (int k = tails.empty() ? -1 : tails.back(); k >= 0; k = previous[static_cast<std::size_t>(k)])
            keep[static_cast<std::size_t>(k)] = 1;
        return keep;
    }

    // From row `start` on, keys differ from the snapshot: remove what
    // vanished, move what was reordered, insert what is new, merge the rest.
    template <typename Entry>
    void mergeReordered(Node *parent, const std::vector<Entry> &entries, int start, Range &changed)
    {
        const int newCount = static_cast<int>(entries.size());
        std::unordered_map<std::string_view, int> wanted;
        wanted.reserve(entries.size() - static_cast<std::size_t>(start));
        bool duplicates = false;
        for (int j = start; j < newCount; ++j)
            duplicates |= !wanted.emplace(entries[static_cast<std::size_t>(j)].key, j).second;
        std::unordered_set<std::string_view> oldKeys;
        for (int r = start; r < parent->childCount(); ++r)
            duplicates |= !oldKeys.insert(entryAt<Entry>(parent, r).key).second;
        if (duplicates) {
            // Keys are unique in built snapshots; hand-made ones with
            // duplicates still merge, just without reusing rows.
            if (start < parent->childCount())
                removeRows<Entry>(parent, start, parent->childCount() - 1);
            if (start < newCount)
                insertRows(parent, entries, start, newCount - 1);
            return;
        }

        for (int r = parent->childCount() - 1; r >= start; --r) {
            if (wanted.count(entryAt<Entry>(parent, r).key))
                continue;
            const int last = r;
            while (r - 1 >= start && !wanted.count(entryAt<Entry>(parent, r - 1).key))
                --r;
            removeRows<Entry>(parent, r, last);
        }

        // Survivors into snapshot order with as few moves as possible: the
        // longest run already in order stays, the others move next to it.
        std::vector<int> seq;
        for (int r = start; r < parent->childCount(); ++r)
            seq.push_back(wanted.at(entryAt<Entry>(parent, r).key));
        if (!std::is_sorted(seq.begin(), seq.end())) {
            std::vector<char> placed = longestIncreasing(seq);
            std::vector<int> pending;
            for (std::size_t k = 0; k < seq.size(); ++k) {
                if (!placed[k])
                    pending.push_back(seq[k]);
            }
            std::sort(pending.begin(), pending.end());
            for (int value : pending) {
                const auto from = static_cast<std::size_t>(std::find(seq.begin(), seq.end(), value) - seq.begin());
                seq.erase(seq.begin() + static_cast<std::ptrdiff_t>(from));
                placed.erase(placed.begin() + static_cast<std::ptrdiff_t>(from));
                std::size_t to = 0;
                while (to < seq.size() && !(placed[to] && seq[to] > value))
                    ++to;
                seq.insert(seq.begin() + static_cast<std::ptrdiff_t>(to), value);
                placed.insert(placed.begin() + static_cast<std::ptrdiff_t>(to), 1);
                if (to != from)
                    moveRow<Entry>(parent, start + static_cast<int>(from), start + static_cast<int>(to));
            }
        }

        std::vector<char> kept(static_cast<std::size_t>(newCount - start), 0);
        for (int value : seq)
            kept[static_cast<std::size_t>(value - start)] = 1;
        for (int j = start; j < newCount;) {
            if (kept[static_cast<std::size_t>(j - start)]) {
                mergeRow(parent, j, entries[static_cast<std::size_t>(j)], changed);
                ++j;
                continue;
            }
            int k = j;
            while (k < newCount && !kept[static_cast<std::size_t>(k - start)])
                ++k;
            insertRows(parent, entries, j, k - 1);
            j = k;
        }
    }

    InventoryTreeModel &m_model;
};

// ---------------------------------------------------------------- model

InventoryTreeModel::InventoryTreeModel(QObject *parent)
    : QAbstractItemModel(parent), m_root(std::make_unique<Node>()), m_snapshot(std::make_shared<const InventorySnapshot>())
{
}

InventoryTreeModel::~InventoryTreeModel() = default;

void InventoryTreeModel::apply(SnapshotPtr snapshot)
{
    if (!snapshot)
        snapshot = std::make_shared<const InventorySnapshot>();
    // The old snapshot stays alive until the merge is done: rows not yet
    // merged still point into it.
    const SnapshotPtr previous = std::exchange(m_snapshot, std::move(snapshot));
    Merger(*this).merge(m_root.get(), m_snapshot->servers);
    Q_ASSERT(matchesSnapshot());
    // Rows without findings look alike judged or not, so their digests say
    // nothing when a reading starts or stops being judged.
    if ((previous->health == nullptr) != (m_snapshot->health == nullptr))
        announceColumn(HealthColumn);
    Q_EMIT applied();
}

void InventoryTreeModel::announceColumn(int column)
{
    const auto visit = [this, column](const auto &self, const Node *parent) -> void {
        if (parent->childCount() > 0 && parent->childrenSeen)
            Q_EMIT dataChanged(createIndex(0, column, const_cast<Node *>(parent)),
                               createIndex(parent->childCount() - 1, column, const_cast<Node *>(parent)));
        for (const auto &child : parent->children)
            self(self, child.get());
    };
    visit(visit, m_root.get());
}

QString InventoryTreeModel::severityText(Severity severity)
{
    switch (severity) {
    case Severity::Critical: return tr("Critical");
    case Severity::Warning: return tr("Warning");
    case Severity::Info: return tr("Info");
    case Severity::None: break;
    }
    return tr("OK");
}

QColor InventoryTreeModel::severityColor(Severity severity)
{
    switch (severity) {
    case Severity::Critical: return QColor(0xb7, 0x1c, 0x1c);
    case Severity::Warning: return QColor(0x9a, 0x5b, 0x00);
    case Severity::Info: return QColor(0x1f, 0x5b, 0xb5);
    case Severity::None: break;
    }
    return QColor(0x1a, 0x7f, 0x3e);
}

QString InventoryTreeModel::severityIconName(Severity severity)
{
    return QLatin1String(iconNames[healthIcon(severity)]);
}

SnapshotPtr InventoryTreeModel::snapshot() const
{
    return m_snapshot;
}

bool InventoryTreeModel::matchesSnapshot() const
{
    const auto check = [](const auto &self, const Node *node, const auto &entries) -> bool {
        using Entry = typename std::decay_t<decltype(entries)>::value_type;
        if (node->children.size() != entries.size())
            return false;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const Node *child = node->children[i].get();
            if (child->entry != &entries[i] || child->digest != entries[i].digest || child->row != static_cast<int>(i)
                || child->parent != node || child->kind != kindOf<Entry>())
                return false;
            if constexpr (std::is_same_v<Entry, DiskEntry>) {
                if (child->staging || !child->staged.empty())
                    return false;
            } else if (!self(self, child, childEntries(entries[i]))) {
                return false;
            }
        }
        return true;
    };
    return check(check, m_root.get(), m_snapshot->servers);
}

std::optional<InventoryTreeModel::NodeRef> InventoryTreeModel::nodeAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return std::nullopt;
    const Node *parent = static_cast<const Node *>(index.internalPointer());
    NodeRef ref;
    const Node *node = parent;
    if (parent->holdsPaths()) {
        ref.kind = NodeKind::Path;
        ref.path = parent->pathAt(index.row());
    } else {
        node = parent->children[static_cast<std::size_t>(index.row())].get();
        ref.kind = node->kind;
    }
    for (; !node->isRoot(); node = node->parent) {
        switch (node->kind) {
        case NodeKind::Server: ref.server = static_cast<const ServerEntry *>(node->entry); break;
        case NodeKind::Port: ref.port = static_cast<const PortEntry *>(node->entry); break;
        case NodeKind::Disk: ref.disk = static_cast<const DiskEntry *>(node->entry); break;
        case NodeKind::Path: break;
        }
    }
    return ref;
}

QModelIndex InventoryTreeModel::indexForKeyPath(const QString &keyPath) const
{
    const std::string wanted = keyPath.toStdString();
    std::string_view rest = wanted;
    const Node *node = m_root.get();
    QModelIndex found;
    while (!rest.empty()) {
        // A key may contain '/', so take the child whose whole key is a
        // prefix of what remains, followed by '/' or the end.
        const auto fits = [&rest](const std::string &key) {
            return rest.substr(0, key.size()) == key && (rest.size() == key.size() || rest[key.size()] == '/');
        };
        int row = -1;
        std::size_t used = 0;
        for (int r = 0; r < node->childCount(); ++r) {
            const std::string &key = node->childKey(r);
            if (fits(key) && key.size() >= used) {
                row = r;
                used = key.size();
            }
        }
        if (row < 0)
            return {};
        found = makeIndex(row, 0, node);
        rest.remove_prefix(std::min(rest.size(), used + 1));
        if (node->holdsPaths()) {
            if (!rest.empty())
                return {};
            break;
        }
        node = node->children[static_cast<std::size_t>(row)].get();
    }
    return found;
}

QModelIndex InventoryTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    const Node *node = m_root.get();
    if (parent.isValid()) {
        if (parent.model() != this || parent.column() != 0)
            return {};
        const Node *holder = static_cast<const Node *>(parent.internalPointer());
        if (holder->holdsPaths())
            return {};
        node = holder->children[static_cast<std::size_t>(parent.row())].get();
    }
    if (row >= node->childCount())
        return {};
    return makeIndex(row, column, node);
}

QModelIndex InventoryTreeModel::sibling(int row, int column, const QModelIndex &index) const
{
    // Views call this per visible cell; the default goes through parent().
    if (!index.isValid() || index.model() != this || row < 0 || column < 0 || column >= ColumnCount)
        return {};
    const Node *holder = static_cast<const Node *>(index.internalPointer());
    if (row >= holder->childCount())
        return {};
    return makeIndex(row, column, holder);
}

QModelIndex InventoryTreeModel::makeIndex(int row, int column, const Node *holder) const
{
    holder->childrenSeen = true;
    return createIndex(row, column, const_cast<Node *>(holder));
}

QModelIndex InventoryTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *holder = static_cast<const Node *>(child.internalPointer());
    if (holder->isRoot())
        return {};
    return makeIndex(holder->row, 0, holder->parent);
}

int InventoryTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return m_root->childCount();
    if (parent.column() != 0)
        return 0;
    const Node *holder = static_cast<const Node *>(parent.internalPointer());
    if (holder->holdsPaths())
        return 0;
    return holder->children[static_cast<std::size_t>(parent.row())]->childCount();
}

int InventoryTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QIcon InventoryTreeModel::icon(int which) const
{
    if (which < 0 || which >= IconCount)
        return {};
    if (m_icons.empty()) {
        m_icons.reserve(IconCount);
        for (const char *name : iconNames)
            m_icons.emplace_back(QStringLiteral(":/icons/") + QLatin1String(name) + QStringLiteral(".svg"));
    }
    return m_icons[static_cast<std::size_t>(which)];
}

QVariant InventoryTreeModel::data(const QModelIndex &index, int role) const
{
    const auto found = nodeAt(index);
    if (!found)
        return {};
    const NodeRef &ref = *found;
    const int column = index.column();
    // A snapshot the rules did not judge has no health to show, not "OK".
    const bool judged = m_snapshot->health != nullptr;
    if (column == HealthColumn) {
        switch (role) {
        case Qt::DisplayRole: return judged ? severityText(healthOf(ref).worst) : QString();
        case Qt::DecorationRole: return judged ? QVariant(icon(healthIcon(healthOf(ref).worst))) : QVariant();
        case Qt::ForegroundRole: return judged ? QVariant(QBrush(severityColor(healthOf(ref).worst))) : QVariant();
        case Qt::ToolTipRole: return judged ? healthToolTip(healthOf(ref)) : tr("Health: not judged for this reading.");
        default: break;
        }
    }
    switch (role) {
    case Qt::DisplayRole: return displayText(ref, column);
    case Qt::ToolTipRole: {
        const RowHealth &health = healthOf(ref);
        if (health.empty())
            return toolTip(ref);
        return toolTip(ref) + QStringLiteral("\n\n") + healthToolTip(health);
    }
    case Qt::DecorationRole: {
        const IconId id = decoration(ref, column);
        return id == IconNone ? QVariant() : QVariant(icon(id));
    }
    case Qt::ForegroundRole:
        if (ref.kind == NodeKind::Port && ref.port->port && ref.port->port->presence == Presence::NotPresent)
            return QBrush(Qt::gray);
        return {};
    case HealthRole: return static_cast<int>(healthOf(ref).worst);
    case OwnHealthRole: return static_cast<int>(healthOf(ref).own);
    case SearchTextRole: return searchText(ref);
    case NodeKindRole: return static_cast<int>(ref.kind);
    case KeyRole: return qs(ownKey(ref));
    case KeyPathRole: {
        QStringList keys;
        if (ref.server)
            keys << qs(ref.server->key);
        if (ref.port)
            keys << qs(ref.port->key);
        if (ref.disk)
            keys << qs(ref.disk->key);
        if (ref.path)
            keys << qs(ref.path->key);
        return keys.join(QLatin1Char('/'));
    }
    case PathStateRole:
        if (ref.kind == NodeKind::Path)
            return static_cast<int>(ref.path->state);
        if (ref.kind == NodeKind::Disk)
            return static_cast<int>(ref.disk->worstState());
        return {};
    case PresenceRole:
        if (ref.kind != NodeKind::Port)
            return {};
        if (ref.port->port)
            return static_cast<int>(ref.port->port->presence);
        // The inventory lists present devices only.
        return ref.port->adapter ? QVariant(static_cast<int>(Presence::Present)) : QVariant();
    case PortRolesRole:
        if (ref.kind != NodeKind::Port)
            return {};
        return static_cast<int>(ref.port->roles());
    case SortRole: return sortValue(ref, column);
    default: return {};
    }
}

QVariant InventoryTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case HealthColumn: return tr("Health");
    case RolesColumn: return tr("Roles / policy");
    case StateColumn: return tr("State");
    case LocationColumn: return tr("Location");
    case DriverColumn: return tr("Driver");
    default: return {};
    }
}

} // namespace pathlens
