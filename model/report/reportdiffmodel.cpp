#include "model/report/reportdiffmodel.h"

#include <QFont>

#include <algorithm>

namespace pathlens {

namespace {

QString words(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

} // namespace

ReportDiffModel::ReportDiffModel(QObject *parent) : QAbstractTableModel(parent) {}

void ReportDiffModel::setDiff(ReportDiff diff)
{
    beginResetModel();
    m_diff = std::move(diff);
    endResetModel();
}

int ReportDiffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_diff.changes.size());
}

int ReportDiffModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReportDiffModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const ReportChange &change = m_diff.changes[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case ChangeColumn: return words(toTitle(change.kind));
        case ObjectColumn: return words(change.object);
        case BeforeColumn: return words(change.before);
        case AfterColumn: return words(change.after);
        case ColumnCount: break;
        }
        break;
    case Qt::FontRole:
        if (change.worse) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case KindRole: return words(toString(change.kind));
    case WorseRole: return change.worse;
    case ServerKeyRole: return words(change.serverKey);
    default: break;
    }
    return {};
}

QVariant ReportDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case ChangeColumn: return tr("Change");
    case ObjectColumn: return tr("Object");
    case BeforeColumn: return tr("Before");
    case AfterColumn: return tr("Now");
    case ColumnCount: break;
    }
    return {};
}

QString ReportDiffModel::summary() const
{
    if (m_diff.changes.empty())
        return tr("No changes since the %1.").arg(words(m_diff.baseline));
    const auto worse = std::count_if(m_diff.changes.begin(), m_diff.changes.end(),
                                     [](const ReportChange &change) { return change.worse; });
    const QString changes = m_diff.changes.size() == 1 ? tr("1 change") : tr("%1 changes").arg(m_diff.changes.size());
    return tr("%1 since the %2, %3 for the worse.").arg(changes, words(m_diff.baseline)).arg(worse);
}

} // namespace pathlens
