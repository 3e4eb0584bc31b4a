#include "views/baselinediffdialog.h"

#include "model/baseline.h"
#include "model/report/reportdiff.h"
#include "model/report/reportdiffmodel.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <chrono>

namespace pathlens {

BaselineDiffDialog::BaselineDiffDialog(SnapshotPtr snapshot, QWidget *parent, QString baselineFile)
    : QDialog(parent), m_snapshot(std::move(snapshot)), m_baselineFile(std::move(baselineFile))
{
    setWindowTitle(tr("Changes Since the Baseline"));
    if (m_baselineFile.isEmpty() && m_snapshot)
        m_baselineFile = baselineFilePath(snapshotGroupKey(*m_snapshot));
    m_comparedFile = m_baselineFile;

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_model = new ReportDiffModel(this);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);

    m_save = new QPushButton(tr("&Save Current State as Baseline"), this);
    m_save->setToolTip(tr("Replaces the group's saved baseline with the paths as they are now."));
    m_compareFile = new QPushButton(tr("Compare with &File..."), this);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *row = new QHBoxLayout;
    row->addWidget(m_save);
    row->addWidget(m_compareFile);
    row->addStretch(1);
    row->addWidget(buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addLayout(row);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, &BaselineDiffDialog::saveCurrentAsBaseline);
    connect(m_compareFile, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Compare with"), m_comparedFile,
                                                          tr("Baselines and JSON reports (*.json)"));
        if (!file.isEmpty())
            compareWith(file);
    });
    resize(900, 480);
    compare();
}

void BaselineDiffDialog::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    compare();
}

void BaselineDiffDialog::compareWith(const QString &filePath)
{
    m_comparedFile = filePath;
    compare();
}

void BaselineDiffDialog::showError(const QString &message)
{
    m_model->setDiff({});
    m_summary->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_summary->setText(message);
}

void BaselineDiffDialog::compare()
{
    m_save->setEnabled(m_snapshot != nullptr);
    if (!m_snapshot) {
        showError(tr("Nothing has been read yet."));
        return;
    }
    if (!QFileInfo::exists(m_comparedFile)) {
        m_model->setDiff({});
        m_summary->setStyleSheet(QString());
        m_summary->setText(tr("No baseline is saved for this server group yet (%1). Save the current state when "
                              "the paths are as they should be.")
                               .arg(QDir::toNativeSeparators(m_comparedFile)));
        return;
    }
    const Result<DiffSide> baseline = loadDiffSide(m_comparedFile);
    if (!baseline) {
        showError(tr("The baseline cannot be read: %1").arg(QString::fromStdString(baseline.error().toString())));
        return;
    }
    m_model->setDiff(diffSides(baseline.value(), diffSide(*m_snapshot)));
    m_summary->setStyleSheet(QString());
    QString text = m_model->summary();
    if (!m_model->diff().comparedPolicies)
        text += QLatin1Char(' ') + tr("Load-balance policies are not compared: the baseline does not record them.");
    m_summary->setText(text);
    m_table->resizeColumnsToContents();
}

void BaselineDiffDialog::saveCurrentAsBaseline()
{
    if (!m_snapshot)
        return;
    const Baseline baseline
        = Baseline::capture(*m_snapshot, snapshotGroupKey(*m_snapshot), std::chrono::system_clock::now());
    if (const std::optional<Error> error = saveBaseline(baseline, m_baselineFile)) {
        showError(tr("The baseline was not saved: %1").arg(QString::fromStdString(error->toString())));
        return;
    }
    m_comparedFile = m_baselineFile;
    compare();
    Q_EMIT baselineSaved(m_baselineFile);
}

} // namespace pathlens
