#pragma once

// What changed since the saved baseline: paths lost and added, state and
// target port group changes, policy drift, ports appearing and vanishing,
// listed against the group's saved baseline (or a baseline or earlier JSON
// report the user picks). The current state can be saved as the new baseline.

#include "model/inventory.h"

#include <QDialog>
#include <QString>

class QLabel;
class QPushButton;
class QTableView;

namespace pathlens {

class ReportDiffModel;

class BaselineDiffDialog final : public QDialog
{
    Q_OBJECT

public:
    /// @p baselineFile: where the group's baseline is kept; empty: its usual
    /// place (baselineFilePath of the snapshot's group).
    explicit BaselineDiffDialog(SnapshotPtr snapshot, QWidget *parent = nullptr, QString baselineFile = {});

    ReportDiffModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLabel *summaryLabel() const { return m_summary; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *compareFileButton() const { return m_compareFile; }
    QString baselineFile() const { return m_baselineFile; }

public Q_SLOTS:
    /// Compares the newest reading (connect InventoryService::refreshFinished).
    void setSnapshot(pathlens::SnapshotPtr snapshot);
    /// Saves the current reading as the group's baseline, then compares again.
    void saveCurrentAsBaseline();
    /// Compares with a baseline file or an earlier JSON report.
    void compareWith(const QString &filePath);

Q_SIGNALS:
    void baselineSaved(const QString &filePath);

private:
    void compare();
    void showError(const QString &message);

    SnapshotPtr m_snapshot;
    QString m_baselineFile;
    QString m_comparedFile; ///< what the table compares with now
    ReportDiffModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_compareFile = nullptr;
};

} // namespace pathlens
