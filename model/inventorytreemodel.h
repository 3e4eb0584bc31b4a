#pragma once

#include "model/inventory.h"

#include <QAbstractItemModel>
#include <QColor>
#include <QIcon>

#include <memory>
#include <vector>

namespace pathlens {

/// The server group as a tree: server → port → back-end disk → path.
///
/// apply() merges a new snapshot by stable key: rows that vanished are removed,
/// new rows inserted, changed rows announced with dataChanged coalesced per
/// parent range. The model is never reset on refresh, so selection and
/// expansion in the views survive. dataChanged is sent only for rows of a
/// parent that someone was handed an index under (nobody else can hold their
/// data): a view pays for the rows it shows, not for 100k collapsed paths.
///
/// The Health column shows the worst finding about a row or any row below it
/// (the entries' RowHealth, filled on the refresh worker by attachHealth), and
/// every column's tooltip lists the worst few findings. A reading the rules
/// did not judge (no InventorySnapshot::health) shows no health at all.
class InventoryTreeModel final : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, HealthColumn, RolesColumn, StateColumn, LocationColumn, DriverColumn, ColumnCount };

    enum class NodeKind { Server, Port, Disk, Path };
    Q_ENUM(NodeKind)

    enum Roles {
        NodeKindRole = Qt::UserRole + 1, ///< NodeKind as int
        KeyRole,                         ///< stable key of the row (QString)
        KeyPathRole,                     ///< keys from the root, joined with '/' (QString)
        PathStateRole,                   ///< PathState as int, for paths (and worst state for disks)
        PresenceRole,                    ///< Presence as int, for ports
        PortRolesRole,                   ///< RoleFlags as int, for ports
        SortRole,
        HealthRole,                      ///< Severity as int: the worst finding about the row or a row below it
        SeverityRole = HealthRole,
        OwnHealthRole,                   ///< Severity as int: the worst finding about the row itself
        SearchTextRole,                  ///< every text of the row a search looks at (QString)
    };

    /// What one row stands for: kind says which entry is the row itself; the
    /// pointers of its ancestors are set too (a path row has server, port and
    /// disk), the ones below it are null.
    struct NodeRef {
        NodeKind kind = NodeKind::Server;
        const ServerEntry *server = nullptr;
        const PortEntry *port = nullptr;
        const DiskEntry *disk = nullptr;
        const PathEntry *path = nullptr;
    };

    explicit InventoryTreeModel(QObject *parent = nullptr);
    ~InventoryTreeModel() override;

    /// Merges the snapshot into the tree (see class comment).
    void apply(SnapshotPtr snapshot);
    SnapshotPtr snapshot() const;

    /// Details of a row; valid until the next apply().
    std::optional<NodeRef> nodeAt(const QModelIndex &index) const;
    /// Finds a row by its KeyPathRole text ("server/port/disk/path"); keys
    /// that themselves contain '/' are found too. Column 0.
    QModelIndex indexForKeyPath(const QString &keyPath) const;

    /// The tree holds exactly the current snapshot, row for row (checked by
    /// an assert after every apply(); public for tests of release builds).
    bool matchesSnapshot() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// "Critical", "Warning", "Info", "OK" (None: no finding).
    static QString severityText(Severity severity);
    /// Text colour of a severity, dark enough to read on a light base; every
    /// severity also has an icon of its own shape.
    static QColor severityColor(Severity severity);
    /// Icon base name under ":/icons/": "health-critical", ..., "health-ok".
    static QString severityIconName(Severity severity);

Q_SIGNALS:
    /// apply() is done: every signal of the merge was sent.
    void applied();

private:
    struct Node;
    class Merger;

    QIcon icon(int which) const;
    QModelIndex makeIndex(int row, int column, const Node *holder) const;
    void announceColumn(int column);

    std::unique_ptr<Node> m_root;
    SnapshotPtr m_snapshot;
    mutable std::vector<QIcon> m_icons; // loaded on first use; one QIcon per name keeps the views' pixmap cache warm
};

} // namespace pathlens
