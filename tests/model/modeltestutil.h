#pragma once

// Helpers shared by the model tests: a tiny text form for snapshots and a
// printer for models, so expectations read as indented trees.

#include "model/inventory.h"
#include "model/inventorytreemodel.h"

#include <QAbstractItemModel>
#include <QStringList>

#include <memory>
#include <string>
#include <vector>

namespace pathlens::testing {

inline PathState parseState(const QString &text)
{
    if (text == QLatin1String("AO"))
        return PathState::ActiveOptimized;
    if (text == QLatin1String("ANO"))
        return PathState::ActiveUnoptimized;
    if (text == QLatin1String("SB"))
        return PathState::Standby;
    if (text == QLatin1String("UA"))
        return PathState::Unavailable;
    if (text == QLatin1String("TR"))
        return PathState::Transitioning;
    if (text == QLatin1String("FAIL"))
        return PathState::Failed;
    return PathState::Unknown;
}

/// Builds a snapshot from lines "server/port/disk/path=STATE" (prefixes such
/// as "server/port" make empty rows). Rows appear in order of first mention;
/// names are keys and captions. States: AO ANO SB UA TR FAIL ?.
inline SnapshotPtr snapshotFrom(const QStringList &lines)
{
    auto snapshot = std::make_shared<InventorySnapshot>();
    for (const QString &line : lines) {
        const QStringList parts = line.section(QLatin1Char('='), 0, 0).split(QLatin1Char('/'));
        const QString state = line.section(QLatin1Char('='), 1, 1);
        auto find = [](auto &list, const QString &key) -> auto & {
            for (auto &item : list) {
                if (item.key == key.toStdString())
                    return item;
            }
            list.emplace_back();
            list.back().key = key.toStdString();
            return list.back();
        };
        ServerEntry &server = find(snapshot->servers, parts.at(0));
        server.server.id = server.key;
        server.server.name = server.key;
        server.server.state = "Online";
        if (parts.size() < 2)
            continue;
        PortEntry &port = find(server.ports, parts.at(1));
        if (!port.port) {
            DataCorePort dc;
            dc.id = port.key;
            dc.alias = port.key;
            dc.roles = RoleBackEnd;
            dc.presence = Presence::Present;
            port.port = dc;
        }
        if (parts.size() < 3)
            continue;
        DiskEntry &disk = find(port.disks, parts.at(2));
        disk.caption = disk.key;
        disk.owner = PathOwner::Mpio;
        disk.policy = LoadBalancePolicy::RoundRobinWithSubset;
        if (parts.size() < 4)
            continue;
        PathEntry &path = find(disk.paths, parts.at(3));
        path.state = parseState(state);
    }
    return snapshot;
}

/// One line per row, indented two spaces per level, the given columns
/// joined with " | ".
inline QStringList printModel(const QAbstractItemModel &model,
                              const std::vector<int> &columns = {InventoryTreeModel::NameColumn,
                                                                 InventoryTreeModel::StateColumn},
                              const QModelIndex &parent = {}, int depth = 0)
{
    QStringList lines;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        QStringList cells;
        for (int column : columns)
            cells << model.index(row, column, parent).data().toString();
        lines << QString(depth * 2, QLatin1Char(' ')) + cells.join(QStringLiteral(" | "));
        lines << printModel(model, columns, model.index(row, 0, parent), depth + 1);
    }
    return lines;
}

/// Multi-line text, so a failing comparison shows a readable diff.
inline std::string text(const QStringList &lines)
{
    return lines.join(QLatin1Char('\n')).toStdString() + '\n';
}

} // namespace pathlens::testing
