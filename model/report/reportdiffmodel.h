#pragma once

#include "model/report/reportdiff.h"

#include <QAbstractTableModel>

namespace pathlens {

/// The changes since a baseline as a table: change, object, before, now.
/// Changes for the worse carry a bold font and sort first under SortRole.
class ReportDiffModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { ChangeColumn, ObjectColumn, BeforeColumn, AfterColumn, ColumnCount };
    enum Roles {
        KindRole = Qt::UserRole + 1, ///< ReportChange::Kind as its stable id (QString)
        WorseRole,                   ///< bool
        ServerKeyRole,               ///< QString
    };

    explicit ReportDiffModel(QObject *parent = nullptr);

    void setDiff(ReportDiff diff);
    const ReportDiff &diff() const { return m_diff; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// "3 changes, 2 for the worse" / "No changes".
    QString summary() const;

private:
    ReportDiff m_diff;
};

} // namespace pathlens
