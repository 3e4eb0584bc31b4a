#include "model/findingstablemodel.h"

#include "model/inventorytreemodel.h"

#include <QHash>

#include <algorithm>

namespace pathlens {

namespace {

QString qs(const std::string &text) { return QString::fromStdString(text); }

bool sameContent(const Finding &a, const Finding &b)
{
    return a.severity == b.severity && a.objectName == b.objectName && a.message == b.message
        && a.recommendation == b.recommendation && a.rows == b.rows && a.object == b.object;
}

/// Keys of a report's findings in report order; a repeat of the same rule and
/// object (not expected, but not excluded by the rules) gets "#2", "#3", ...
std::vector<QString> keysOf(const std::vector<Finding> &findings)
{
    std::vector<QString> keys;
    keys.reserve(findings.size());
    QHash<QString, int> seen;
    for (const Finding &finding : findings) {
        QString key = FindingsTableModel::keyOf(finding);
        const int n = ++seen[key];
        if (n > 1)
            key += QLatin1Char('#') + QString::number(n);
        keys.push_back(std::move(key));
    }
    return keys;
}

} // namespace

FindingsTableModel::FindingsTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

FindingsTableModel::~FindingsTableModel() = default;

QString FindingsTableModel::keyOf(const Finding &finding)
{
    return qs(finding.rule) + QLatin1Char('|') + qs(finding.object.keyPath());
}

QString FindingsTableModel::revealKeyPath(const Finding &finding)
{
    if (!finding.rows.empty())
        return qs(finding.rows.front().keyPath());
    // A LUN-wide object without rows has no single row; its server does.
    if (finding.object.kind != ObjectRef::Kind::Server && finding.object.portKey == AnyPortKey)
        return qs(finding.object.serverKey);
    return qs(finding.object.keyPath());
}

QString FindingsTableModel::severityText(Severity severity)
{
    return InventoryTreeModel::severityText(severity); // the tree's Health column says the same
}

void FindingsTableModel::setReport(std::shared_ptr<const HealthReport> report)
{
    // The old report stays alive until the end: rows point into it until
    // they are switched over.
    const std::shared_ptr<const HealthReport> old = std::move(m_report);
    static const std::vector<Finding> none;
    const std::vector<Finding> &findings = report ? report->findings() : none;
    const std::vector<QString> keys = keysOf(findings);

    QHash<QString, std::size_t> incoming;
    incoming.reserve(qsizetype(keys.size()));
    for (std::size_t i = 0; i < keys.size(); ++i)
        incoming.insert(keys[i], i);

    // 1. Remove vanished rows, bottom up, one signal per contiguous run.
    for (int last = int(m_rows.size()) - 1; last >= 0;) {
        if (incoming.contains(m_rows[std::size_t(last)].key)) {
            --last;
            continue;
        }
        int first = last;
        while (first > 0 && !incoming.contains(m_rows[std::size_t(first - 1)].key))
            --first;
        beginRemoveRows({}, first, last);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
        endRemoveRows();
        last = first - 1;
    }

    // 2. Switch the remaining rows to the new report; note which changed.
    m_report = std::move(report);
    QHash<QString, int> present;
    std::vector<int> changed;
    for (std::size_t row = 0; row < m_rows.size(); ++row) {
        Row &entry = m_rows[row];
        const Finding &now = findings[incoming.value(entry.key)];
        if (!sameContent(*entry.finding, now))
            changed.push_back(int(row));
        entry.finding = &now;
        present.insert(entry.key, int(row));
    }
    for (std::size_t i = 0; i < changed.size();) {
        std::size_t j = i;
        while (j + 1 < changed.size() && changed[j + 1] == changed[j] + 1)
            ++j;
        Q_EMIT dataChanged(index(changed[i], 0), index(changed[j], ColumnCount - 1));
        i = j + 1;
    }

    // 3. Append the new findings in report order (worst first).
    std::vector<Row> added;
    for (std::size_t i = 0; i < findings.size(); ++i) {
        if (!present.contains(keys[i]))
            added.push_back(Row{keys[i], &findings[i]});
    }
    if (!added.empty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_rows.insert(m_rows.end(), std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
        endInsertRows();
    }
}

const Finding *FindingsTableModel::findingAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[std::size_t(row)].finding : nullptr;
}

int FindingsTableModel::rowOfKey(const QString &key) const
{
    const auto found = std::find_if(m_rows.begin(), m_rows.end(), [&](const Row &row) { return row.key == key; });
    return found == m_rows.end() ? -1 : int(found - m_rows.begin());
}

int FindingsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FindingsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindingsTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const Finding &f = *row.finding;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case SeverityColumn: return severityText(f.severity);
        case RuleColumn: return qs(f.rule);
        case ObjectColumn: return qs(f.objectName);
        case FindingColumn: return qs(f.message);
        case RecommendationColumn: return qs(f.recommendation);
        }
        return {};
    case SeverityRole: return int(f.severity);
    case RuleRole: return qs(f.rule);
    case ObjectKeyPathRole: return qs(f.object.keyPath());
    case RevealKeyPathRole: return revealKeyPath(f);
    case ObjectKindRole: return qs(std::string(toString(f.object.kind)));
    case FindingKeyRole: return row.key;
    case SortRole:
        if (index.column() == SeverityColumn)
            return int(Severity::Critical) - int(f.severity);
        return data(index, Qt::DisplayRole).toString().toCaseFolded();
    default: break;
    }
    return {};
}

QVariant FindingsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn: return tr("Severity");
    case RuleColumn: return tr("Rule");
    case ObjectColumn: return tr("Object");
    case FindingColumn: return tr("Finding");
    case RecommendationColumn: return tr("Recommendation");
    }
    return {};
}

} // namespace pathlens
