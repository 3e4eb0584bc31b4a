#include "model/inventoryfilterproxymodel.h"

#include "model/inventorytreemodel.h"

#include <QMetaObject>

#include <utility>

namespace pathlens {

namespace {

using Kind = InventoryTreeModel::NodeKind;

// 32 words fit the bit mask; nobody types more into a filter.
constexpr qsizetype MaxWords = 32;

Kind kindOf(const QModelIndex &index)
{
    return static_cast<Kind>(index.data(InventoryTreeModel::NodeKindRole).toInt());
}

Severity healthOf(const QModelIndex &index, int role = InventoryTreeModel::HealthRole)
{
    return static_cast<Severity>(index.data(role).toInt());
}

// Words separated by blanks; "a quoted phrase" is one word with its blanks.
// Case-folded once, like the rows' texts: the search ignores case.
QStringList searchWords(const QString &text)
{
    QStringList words;
    QString word;
    bool quoted = false;
    for (const QChar c : text.toCaseFolded()) {
        if (c == QLatin1Char('"')) {
            quoted = !quoted;
        } else if (c.isSpace() && !quoted) {
            if (!word.isEmpty())
                words << std::exchange(word, QString());
        } else {
            word += c;
        }
    }
    if (!word.isEmpty())
        words << word;
    return words;
}

} // namespace

InventoryFilterProxyModel::InventoryFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // The base class' recursive filtering gets rows wrong in the middle of a
    // merge (Qt 6.4); the verdict here includes the rows below (matchBelow)
    // itself, and is renewed as a whole after each merge.
    setRecursiveFilteringEnabled(false);
    setDynamicSortFilter(true);
}

InventoryFilterProxyModel::~InventoryFilterProxyModel() = default;

void InventoryFilterProxyModel::setSourceModel(QAbstractItemModel *model)
{
    if (QAbstractItemModel *old = sourceModel())
        disconnect(old, nullptr, this, nullptr);
    forgetCache();
    m_texts.clear();
    m_refilterPending = false;
    // Connected before the base class connects its own handlers: the caches
    // are gone before it judges a changed row.
    if (model) {
        connect(model, &QAbstractItemModel::dataChanged, this, &InventoryFilterProxyModel::onSourceChanged);
        connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, &InventoryFilterProxyModel::onSourceChanged);
        connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, &InventoryFilterProxyModel::onSourceChanged);
        connect(model, &QAbstractItemModel::rowsAboutToBeMoved, this, &InventoryFilterProxyModel::onSourceChanged);
        connect(model, &QAbstractItemModel::rowsInserted, this, &InventoryFilterProxyModel::onSourceChanged);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &InventoryFilterProxyModel::onSourceChanged);
        connect(model, &QAbstractItemModel::rowsMoved, this, &InventoryFilterProxyModel::onSourceChanged);
        connect(model, &QAbstractItemModel::modelAboutToBeReset, this, &InventoryFilterProxyModel::onSourceChanged);
        connect(model, &QAbstractItemModel::layoutAboutToBeChanged, this, &InventoryFilterProxyModel::onSourceChanged);
        if (auto *tree = qobject_cast<InventoryTreeModel *>(model))
            connect(tree, &InventoryTreeModel::applied, this, &InventoryFilterProxyModel::refilterIfPending);
    }
    QSortFilterProxyModel::setSourceModel(model);
}

void InventoryFilterProxyModel::setSearchText(const QString &text)
{
    if (text == m_searchText)
        return;
    QStringList words = searchWords(text);
    if (words.size() > MaxWords)
        words.resize(MaxWords);
    if (words == m_words) {
        m_searchText = text; // only blanks changed
        return;
    }
    Q_EMIT filterAboutToChange();
    m_searchText = text;
    m_words = words;
    refilter();
}

void InventoryFilterProxyModel::setOnlyProblems(bool only)
{
    if (only == m_onlyProblems)
        return;
    Q_EMIT filterAboutToChange();
    m_onlyProblems = only;
    refilter();
}

void InventoryFilterProxyModel::setRoleFilter(RoleFlags roles)
{
    if (roles == m_roles)
        return;
    Q_EMIT filterAboutToChange();
    m_roles = roles;
    refilter();
}

void InventoryFilterProxyModel::setStateFilter(std::initializer_list<PathState> states)
{
    std::uint32_t mask = 0;
    for (PathState state : states)
        mask |= stateBit(state);
    setStateFilter(mask);
}

void InventoryFilterProxyModel::setStateFilter(std::uint32_t stateMask)
{
    if (stateMask == m_stateMask)
        return;
    Q_EMIT filterAboutToChange();
    m_stateMask = stateMask;
    refilter();
}

void InventoryFilterProxyModel::clearFilters()
{
    if (!isFiltering() && m_searchText.isEmpty())
        return;
    Q_EMIT filterAboutToChange();
    m_searchText.clear();
    m_words.clear();
    m_onlyProblems = false;
    m_roles = RoleNone;
    m_stateMask = 0;
    refilter();
}

bool InventoryFilterProxyModel::isFiltering() const
{
    return !m_words.isEmpty() || m_onlyProblems || m_roles != RoleNone || m_stateMask != 0;
}

void InventoryFilterProxyModel::refilter()
{
    forgetCache();
    m_refilterPending = false;
    // invalidate(), not invalidateFilter(): the latter revisits only the rows
    // of parents the base class lists as mapped children. Persistent indexes
    // (selection, expansion) carry over.
    invalidate();
    Q_EMIT filterChanged();
}

void InventoryFilterProxyModel::onSourceChanged()
{
    m_texts.clear();
    // Verdicts stay as given until the merge is done (see m_verdicts); what
    // they are computed from is stale now.
    m_inherited.clear();
    m_matchBelow.clear();
    if (!isFiltering() || m_refilterPending)
        return;
    m_refilterPending = true;
    // InventoryTreeModel says when its merge is done; any other source model
    // gets its verdicts on the next turn of the event loop.
    if (!qobject_cast<InventoryTreeModel *>(sourceModel()))
        QMetaObject::invokeMethod(this, &InventoryFilterProxyModel::refilterIfPending, Qt::QueuedConnection);
}

void InventoryFilterProxyModel::refilterIfPending()
{
    if (!m_refilterPending)
        return;
    m_refilterPending = false;
    forgetCache();
    invalidate();
}

void InventoryFilterProxyModel::forgetCache() const
{
    m_inherited.clear();
    m_matchBelow.clear();
    m_verdicts.clear();
}

bool InventoryFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!isFiltering())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const QString key = index.data(InventoryTreeModel::KeyPathRole).toString();
    const auto given = m_verdicts.constFind(key);
    if (given != m_verdicts.constEnd())
        return *given;
    const bool accepted = matches(index) || matchBelow(index);
    m_verdicts.insert(key, accepted);
    return accepted;
}

bool InventoryFilterProxyModel::matchBelow(const QModelIndex &index) const
{
    if (kindOf(index) == Kind::Path)
        return false;
    // Nothing below a row without findings is a problem (a disk's own
    // finding counts in its health too).
    if (m_onlyProblems && healthOf(index) == Severity::None)
        return false;
    const RowKey key(index.internalId(), index.row());
    const auto found = m_matchBelow.constFind(key);
    if (found != m_matchBelow.constEnd())
        return *found;
    bool any = false;
    const QAbstractItemModel *model = sourceModel();
    const int rows = model->rowCount(index);
    for (int row = 0; row < rows && !any; ++row) {
        const QModelIndex child = model->index(row, 0, index);
        any = matches(child) || matchBelow(child);
    }
    m_matchBelow.insert(key, any);
    return any;
}

std::uint32_t InventoryFilterProxyModel::allWords() const
{
    return m_words.size() >= 32 ? ~0u : (1u << m_words.size()) - 1;
}

std::uint32_t InventoryFilterProxyModel::wordsIn(const QModelIndex &index) const
{
    // Building a row's texts costs more than searching them: typing into the
    // filter searches the same texts again and again until the next refresh.
    const RowKey key(index.internalId(), index.row());
    auto text = m_texts.constFind(key);
    if (text == m_texts.constEnd())
        text = m_texts.insert(key, index.data(InventoryTreeModel::SearchTextRole).toString().toCaseFolded());
    std::uint32_t mask = 0;
    for (qsizetype i = 0; i < m_words.size(); ++i) {
        if (text->contains(m_words.at(i)))
            mask |= 1u << i;
    }
    return mask;
}

InventoryFilterProxyModel::Inherited InventoryFilterProxyModel::compute(const QModelIndex &index) const
{
    const QModelIndex parent = index.parent();
    Inherited result = parent.isValid() ? inheritedFrom(parent) : Inherited{};
    if (!m_words.isEmpty() && result.words != allWords())
        result.words |= wordsIn(index);
    const Kind kind = kindOf(index);
    if (kind == Kind::Port)
        result.roles = RoleFlags(index.data(InventoryTreeModel::PortRolesRole).toUInt());
    result.ownProblem = kind == Kind::Disk && healthOf(index, InventoryTreeModel::OwnHealthRole) != Severity::None;
    return result;
}

InventoryFilterProxyModel::Inherited InventoryFilterProxyModel::inheritedFrom(const QModelIndex &index) const
{
    // Paths are nobody's ancestors: not worth a cache entry.
    if (kindOf(index) == Kind::Path)
        return compute(index);
    const RowKey key(index.internalId(), index.row());
    const auto found = m_inherited.constFind(key);
    if (found != m_inherited.constEnd())
        return *found;
    const Inherited result = compute(index);
    m_inherited.insert(key, result);
    return result;
}

bool InventoryFilterProxyModel::matches(const QModelIndex &index) const
{
    if (!index.isValid())
        return false;
    const Kind kind = kindOf(index);
    if (m_stateMask != 0) {
        if (kind != Kind::Path)
            return false;
        const auto state = static_cast<PathState>(index.data(InventoryTreeModel::PathStateRole).toInt());
        if (!(m_stateMask & stateBit(state)))
            return false;
    }
    const Inherited mine = inheritedFrom(index);
    if (m_roles != RoleNone && (kind == Kind::Server || !(mine.roles & m_roles)))
        return false;
    if (m_onlyProblems && healthOf(index) == Severity::None) {
        // A disk's own finding (single path, no optimized path...) is about
        // its paths: they stay in view with it.
        if (kind != Kind::Path || !inheritedFrom(index.parent()).ownProblem)
            return false;
    }
    if (!m_words.isEmpty() && mine.words != allWords())
        return false;
    return true;
}

int InventoryFilterProxyModel::matchingRowCount() const
{
    const QAbstractItemModel *model = sourceModel();
    if (!model)
        return 0;
    const bool all = !isFiltering();
    int count = 0;
    const auto visit = [&](const auto &self, const QModelIndex &parent) -> void {
        const int rows = model->rowCount(parent);
        for (int row = 0; row < rows; ++row) {
            const QModelIndex index = model->index(row, 0, parent);
            if (all || matches(index))
                ++count;
            // Nothing below a row without findings can be a problem.
            if (!all && m_onlyProblems && healthOf(index) == Severity::None)
                continue;
            self(self, index);
        }
    };
    visit(visit, QModelIndex());
    return count;
}

int InventoryFilterProxyModel::totalRowCount() const
{
    if (const auto *tree = qobject_cast<const InventoryTreeModel *>(sourceModel())) {
        const SnapshotPtr snapshot = tree->snapshot();
        return int(snapshot->servers.size() + snapshot->portCount() + snapshot->diskCount() + snapshot->pathCount());
    }
    const QAbstractItemModel *model = sourceModel();
    if (!model)
        return 0;
    int count = 0;
    const auto visit = [&](const auto &self, const QModelIndex &parent) -> void {
        const int rows = model->rowCount(parent);
        count += rows;
        for (int row = 0; row < rows; ++row)
            self(self, model->index(row, 0, parent));
    };
    visit(visit, QModelIndex());
    return count;
}

} // namespace pathlens
