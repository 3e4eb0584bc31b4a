#pragma once

#include "model/health/healthreport.h"

#include <QAbstractTableModel>
#include <QString>

#include <memory>
#include <vector>

namespace pathlens {

/// The health findings of the latest reading as a table: severity, rule,
/// object, the sentence and the recommendation.
///
/// setReport() merges a new report by a stable key (rule and object key
/// path): vanished findings are removed, new ones appended, changed ones
/// announced with dataChanged. The model is never reset on refresh, so the
/// selection in a view survives. Rows keep their place; a proxy sorts them.
class FindingsTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SeverityColumn, RuleColumn, ObjectColumn, FindingColumn, RecommendationColumn, ColumnCount };
    Q_ENUM(Column)

    enum Roles {
        SeverityRole = Qt::UserRole + 1, ///< Severity as int (larger is worse), any column
        RuleRole,                        ///< the stable rule id (QString), any column
        ObjectKeyPathRole,               ///< the finding's object: "server/*/disk" for a LUN as a whole
        RevealKeyPathRole,               ///< a tree row to select for it (never contains the "*" port)
        ObjectKindRole,                  ///< "server", "port", "disk" or "path"
        FindingKeyRole,                  ///< the stable key the merge uses (QString)
        SortRole,                        ///< ascending is the natural order: worst severity first, text A to Z
    };

    explicit FindingsTableModel(QObject *parent = nullptr);
    ~FindingsTableModel() override;

    /// Merges the report's findings (see class comment); null empties the table.
    void setReport(std::shared_ptr<const HealthReport> report);
    std::shared_ptr<const HealthReport> report() const { return m_report; }

    /// The finding of a row; valid until the next setReport().
    const Finding *findingAt(int row) const;
    /// The row of a finding by its key; -1 when there is none.
    int rowOfKey(const QString &key) const;

    /// "rule|object key path"; FindingKeyRole adds "#2", "#3", ... to a
    /// repeat of the same pair within one report.
    static QString keyOf(const Finding &finding);
    /// The tree row that stands for the finding's object: its first row, or
    /// the object itself when that names a single row.
    static QString revealKeyPath(const Finding &finding);
    static QString severityText(Severity severity); ///< "Critical", "Warning", "Info"

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString key;
        const Finding *finding = nullptr;
    };

    std::shared_ptr<const HealthReport> m_report;
    std::vector<Row> m_rows;
};

} // namespace pathlens
