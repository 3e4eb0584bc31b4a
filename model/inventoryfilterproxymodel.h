#pragma once

#include "model/inventory.h"

#include <QHash>
#include <QSortFilterProxyModel>
#include <QStringList>

#include <cstdint>
#include <initializer_list>

namespace pathlens {

/// The inventory tree narrowed down to what the admin looks for: a text
/// search, only rows with health findings, ports of some roles, paths in some
/// states. Criteria combine (a row must meet all that are set).
///
/// A row that matches keeps the rows above it, and the rows below a match are
/// shown too: a port found by its WWPN shows its disks and paths. So a search
/// word counts as found when the row or a row above it has it ("DCS-A failed"
/// finds the failed paths of DCS-A), a port's roles hold for the disks and
/// paths below it, and with "only problems" the paths of a disk with a
/// finding of its own stay visible.
///
/// Made for InventoryTreeModel (it reads its roles). A row's verdict depends
/// on the rows above and below it, which the base class' incremental
/// filtering does not follow: while a criterion is set, the rows are judged
/// again as a whole once each merge of the model is done
/// (InventoryTreeModel::applied()); without criteria nothing is filtered and
/// a merge costs nothing extra.
class InventoryFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit InventoryFilterProxyModel(QObject *parent = nullptr);
    ~InventoryFilterProxyModel() override;

    void setSourceModel(QAbstractItemModel *sourceModel) override;

    /// Words separated by blanks ("a quoted phrase" is one word), each found
    /// (case-insensitively) in the row's texts or a row above it: name,
    /// serial, WWPN, PCI location in decimal and hex, path id, SCSI address,
    /// driver, state.
    void setSearchText(const QString &text);
    QString searchText() const { return m_searchText; }

    /// Only rows with a health finding at or below them.
    void setOnlyProblems(bool only);
    bool onlyProblems() const { return m_onlyProblems; }

    /// Only ports with any of these roles and the rows below them; RoleNone: any port.
    void setRoleFilter(RoleFlags roles);
    RoleFlags roleFilter() const { return m_roles; }

    /// Only paths in one of these states; empty: any state.
    void setStateFilter(std::initializer_list<PathState> states);
    void setStateFilter(std::uint32_t stateMask);
    std::uint32_t stateFilter() const { return m_stateMask; }
    static std::uint32_t stateBit(PathState state) { return 1u << static_cast<unsigned>(state); }

    /// Drops every criterion at once (one re-filter, not four).
    void clearFilters();
    bool isFiltering() const;

    /// Rows that meet the criteria (rows above them kept only to show where
    /// they are do not count); counts the whole tree, collapsed rows too.
    int matchingRowCount() const;
    /// Rows of the source model: servers, ports, disks and paths.
    int totalRowCount() const;
    /// Whether the source row meets the criteria itself (see class comment).
    bool matches(const QModelIndex &sourceIndex) const;

Q_SIGNALS:
    /// A criterion is about to change; the rows are still filtered the old way.
    void filterAboutToChange();
    /// A criterion changed (after the rows were filtered again).
    void filterChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    /// What a server, port or disk row hands down to the rows below it.
    struct Inherited {
        std::uint32_t words = 0;    ///< search words found in the row or above it, one bit each
        RoleFlags roles = RoleNone; ///< the port's roles (disks and paths: their port's)
        bool ownProblem = false;    ///< a disk with a finding of its own
    };

    void refilter();
    void onSourceChanged();
    void refilterIfPending();
    void forgetCache() const;
    bool matchBelow(const QModelIndex &sourceIndex) const;
    Inherited inheritedFrom(const QModelIndex &sourceIndex) const;
    Inherited compute(const QModelIndex &sourceIndex) const;
    std::uint32_t wordsIn(const QModelIndex &sourceIndex) const;
    std::uint32_t allWords() const;

    QString m_searchText;
    QStringList m_words;
    bool m_onlyProblems = false;
    RoleFlags m_roles = RoleNone;
    std::uint32_t m_stateMask = 0;

    // A row by its place in the source: stable while the source does not
    // change, and cheap (a key path is built from strings).
    using RowKey = QPair<quintptr, int>;
    // Per server, port and disk row: what it hands down, whether a row below
    // it matches, and each row's search text, case-folded. They hold for one
    // state of the source: any change of it empties them.
    mutable QHash<RowKey, Inherited> m_inherited;
    mutable QHash<RowKey, bool> m_matchBelow;
    mutable QHash<RowKey, QString> m_texts;
    // The verdict given on each row, by key path (which survives the rows
    // moving). The base class must get the same answer for a row until it is
    // told the row changed; a row's answer also depends on rows above and
    // below it, so in the middle of a merge the answers given stay, and the
    // rows are judged afresh once the merge is done.
    mutable QHash<QString, bool> m_verdicts;
    bool m_refilterPending = false;
};

} // namespace pathlens
