#include "model/migration/migrationjson.h"
#include "model/migration/migrationrunner.h"
#include "views/findingspanel.h"
#include "views/migrationwizard/migrationwizard.h"
#include "views/migrationwizard/migrationwizardpages.h"
#include "views/migrationwizard/migrationwords.h"

#include <QDateTime>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace pathlens {

using namespace migrationwords;

namespace {

QTreeWidget *makeTree(QWidget *parent, const QString &objectName, const QStringList &headers)
{
    auto *tree = new QTreeWidget(parent);
    tree->setObjectName(objectName);
    tree->setRootIsDecorated(false);
    tree->setAllColumnsShowFocus(true);
    tree->setHeaderLabels(headers);
    tree->header()->setStretchLastSection(true);
    return tree;
}

void fitColumns(QTreeWidget *tree, int lastFitted, int maxWidth)
{
    for (int column = 0; column <= lastFitted; ++column) {
        tree->resizeColumnToContents(column);
        tree->setColumnWidth(column, std::min(tree->columnWidth(column) + 8, maxWidth));
    }
}

QString rate(double perSecond)
{
    return QString::number(perSecond, 'f', 1);
}

} // namespace

MigrationSummaryPage::MigrationSummaryPage(MigrationWizard &wizard) : m_wizard(wizard)
{
    setTitle(tr("Summary"));
    setSubTitle(tr("The outcome, the findings before and after the run, and the run's journal to keep with the "
                   "change record."));
    setFinalPage(true);

    auto *layout = new QVBoxLayout(this);
    auto *outcomeRow = new QHBoxLayout;
    m_outcomeIcon = new QLabel(this);
    m_outcomeTitle = plainLabel(this, QStringLiteral("summaryOutcomeTitle"));
    m_outcomeTitle->setStyleSheet(QStringLiteral("font-weight: bold;"));
    m_outcome = plainLabel(this, QStringLiteral("summaryOutcome"));
    auto *outcomeText = new QVBoxLayout;
    outcomeText->addWidget(m_outcomeTitle);
    outcomeText->addWidget(m_outcome);
    outcomeRow->addWidget(m_outcomeIcon, 0, Qt::AlignTop);
    outcomeRow->addLayout(outcomeText, 1);
    layout->addLayout(outcomeRow);
    m_counts = plainLabel(this, QStringLiteral("summaryCounts"));
    layout->addWidget(m_counts);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("summaryTabs"));
    m_findings = makeTree(m_tabs, QStringLiteral("summaryFindings"),
                          {tr("Change"), tr("Severity"), tr("Rule"), tr("Object"), tr("Finding")});
    m_findings->setSortingEnabled(false);
    m_luns = makeTree(m_tabs, QStringLiteral("summaryDisks"),
                      {tr("Back-end disk"), tr("MPIO disk"), tr("Policy"), tr("Working paths"), tr("A/O paths"),
                       tr("I/O on non-optimized (reads/s, writes/s)"), tr("Problems")});
    m_devices = makeDeviceStatesTree(m_tabs, QStringLiteral("summaryDevices"));
    m_tabs->addTab(m_findings, tr("&Health Before and After"));
    m_tabs->addTab(m_luns, tr("Back-End &Disks"));
    m_tabs->addTab(m_devices, tr("De&vices"));
    layout->addWidget(m_tabs, 1);

    m_journal = plainLabel(this, QStringLiteral("summaryJournal"));
    layout->addWidget(m_journal);

    auto *exportRow = new QHBoxLayout;
    m_saveJournal = new QPushButton(tr("Save &Journal..."), this);
    m_saveJournal->setObjectName(QStringLiteral("saveJournalButton"));
    m_saveSummary = new QPushButton(tr("Save &Summary (JSON)..."), this);
    m_saveSummary->setObjectName(QStringLiteral("saveSummaryButton"));
    m_exportStatus = plainLabel(this, QStringLiteral("exportStatus"));
    exportRow->addWidget(m_saveJournal);
    exportRow->addWidget(m_saveSummary);
    exportRow->addWidget(m_exportStatus, 1);
    layout->addLayout(exportRow);

    connect(m_saveJournal, &QPushButton::clicked, this, &MigrationSummaryPage::saveJournal);
    connect(m_saveSummary, &QPushButton::clicked, this, &MigrationSummaryPage::saveSummary);
}

void MigrationSummaryPage::initializePage()
{
    const MigrationRun &run = m_wizard.runner().run();
    const int iconSize = style()->pixelMetric(QStyle::PM_LargeIconSize);
    m_outcomeIcon->setPixmap(runStateIcon(run.state).pixmap(iconSize, iconSize));
    m_outcomeTitle->setText(runStateText(run.state) + QStringLiteral(" \u2014 ") + text(run.plan.serverName));
    QString outcome = text(run.stateDetail);
    if (!isFinal(run.state))
        outcome += QLatin1Char('\n')
            + tr("The run has not finished: PathLens offers to resume or roll it back the next time it starts.");
    m_outcome->setText(outcome);

    // Findings before and after.
    m_findings->clear();
    using migrationwords::FindingChange;
    std::vector<FindingChange> changes;
    if (run.after) {
        changes = compareFindings(run.before.findings, run.after->findings);
    } else {
        for (const Finding &finding : run.before.findings)
            changes.push_back({FindingChange::Kind::Before, finding});
    }
    int cleared = 0, remaining = 0, added = 0;
    for (const FindingChange &change : changes) {
        auto *item = new QTreeWidgetItem(m_findings);
        item->setText(FindingChangeColumn, findingChangeText(change.kind));
        item->setText(FindingSeverity, severityWord(change.finding.severity));
        item->setIcon(FindingSeverity, severityIcon(change.finding.severity));
        item->setText(FindingRule, text(change.finding.rule));
        item->setText(FindingObject, text(change.finding.objectName));
        item->setToolTip(FindingObject, text(change.finding.objectName));
        item->setText(FindingText, text(change.finding.message));
        item->setToolTip(FindingText, text(change.finding.message) + QStringLiteral("\n\n")
                                          + text(change.finding.recommendation));
        switch (change.kind) {
        case FindingChange::Kind::Cleared:
            ++cleared;
            item->setIcon(FindingChangeColumn, icon(QStringLiteral("step-done")));
            break;
        case FindingChange::Kind::Remaining:
            ++remaining;
            item->setIcon(FindingChangeColumn, icon(QStringLiteral("step-next")));
            break;
        case FindingChange::Kind::New:
            ++added;
            item->setIcon(FindingChangeColumn, icon(QStringLiteral("step-failed")));
            break;
        case FindingChange::Kind::Before: break;
        }
    }
    if (changes.empty()) {
        auto *item = new QTreeWidgetItem(m_findings);
        item->setText(FindingChangeColumn, tr("No finding about %1, before or after.").arg(text(run.plan.serverName)));
        item->setFirstColumnSpanned(true);
    }
    fitColumns(m_findings, FindingObject, 320);

    QString counts;
    if (run.after) {
        counts = tr("Findings about %1: %2 before the run, %3 after it: %4 cleared, %5 remaining, %6 new.")
                     .arg(text(run.plan.serverName))
                     .arg(run.before.findings.size())
                     .arg(run.after->findings.size())
                     .arg(cleared)
                     .arg(remaining)
                     .arg(added);
        if (run.before.note == run.after->note)
            counts += QLatin1Char(' ') + text(run.before.note);
        else
            counts += QLatin1Char('\n') + tr("Before: %1 After: %2").arg(text(run.before.note), text(run.after->note));
    } else {
        counts = tr("Findings about %1 before the run: %2. The run was not verified, so there are no findings "
                    "after it.")
                     .arg(text(run.plan.serverName))
                     .arg(run.before.findings.size());
    }
    m_counts->setText(counts);

    // Back-end disks as verified.
    m_luns->clear();
    for (const LunOutcome &lun : run.luns) {
        auto *item = new QTreeWidgetItem(m_luns);
        item->setIcon(LunCaption,
                      lun.problems.empty() ? icon(QStringLiteral("step-done")) : severityIcon(Severity::Warning));
        item->setText(LunCaption, text(lun.caption));
        item->setToolTip(LunCaption, tr("Serial %1").arg(text(lun.serial)));
        item->setText(LunMpioDisk, lun.mpioDisk ? tr("MPIO Disk%1").arg(*lun.mpioDisk) : tr("not claimed"));
        item->setText(LunPolicy, lun.mpioDisk ? text(toShortString(lun.policy)) : QString());
        item->setToolTip(LunPolicy, text(toString(lun.policy)) + QStringLiteral(", ") + text(lun.dsm));
        item->setText(LunPaths, tr("%1 of %2 expected").arg(lun.usablePaths).arg(lun.expectedPaths));
        item->setText(LunOptimized, QString::number(lun.optimizedPaths));
        item->setText(LunSlowIo, lun.ioMeasured ? tr("%1, %2").arg(rate(lun.readsPerSecondOnNonOptimized),
                                                                     rate(lun.writesPerSecondOnNonOptimized))
                                                : tr("not measured"));
        QStringList problems;
        for (const std::string &problem : lun.problems)
            problems << text(problem);
        item->setText(LunProblems, problems.isEmpty() ? tr("none") : problems.join(QStringLiteral("; ")));
        item->setToolTip(LunProblems, item->text(LunProblems));
    }
    if (run.luns.empty()) {
        auto *item = new QTreeWidgetItem(m_luns);
        item->setText(LunCaption, tr("The back-end disks were not verified in this run."));
        item->setFirstColumnSpanned(true);
    }
    fitColumns(m_luns, LunSlowIo, 320);

    fillDeviceStates(m_devices, run);

    m_journal->setText(run.journalPath.empty() ? tr("The run has no journal: it never started.")
                                               : tr("Journal: %1").arg(text(run.journalPath)));
    m_saveJournal->setEnabled(!run.journalPath.empty());
    m_exportStatus->clear();
}

QString MigrationSummaryPage::suggestedPath(const QString &suffix) const
{
    const MigrationRun &run = m_wizard.runner().run();
    QString server = text(run.plan.serverName);
    server.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    const QString name = QStringLiteral("pathlens-migration-%1-%2.%3")
                             .arg(server.isEmpty() ? QStringLiteral("server") : server,
                                  QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm")), suffix);
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty())
        folder = QDir::homePath();
    return QDir(folder).filePath(name);
}

bool MigrationSummaryPage::save(const QByteArray &bytes, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_exportStatus->setText(tr("Not saved: %1 cannot be written (%2).").arg(path, file.errorString()));
        return false;
    }
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        m_exportStatus->setText(tr("Not saved: writing %1 failed (%2).").arg(path, file.errorString()));
        file.cancelWriting();
        return false;
    }
    m_exportStatus->setText(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool MigrationSummaryPage::saveJournal()
{
    const Result<QByteArray> journal = m_wizard.runner().journal();
    if (!journal) {
        m_exportStatus->setText(tr("Not saved: %1").arg(text(journal.error().toString())));
        return false;
    }
    const QString path = m_wizard.prompts().chooseSaveFile(this, tr("Save the Run's Journal"),
                                                            suggestedPath(QStringLiteral("jsonl")),
                                                            tr("Journal (*.jsonl);;All files (*)"));
    if (path.isEmpty())
        return false;
    return save(journal.value(), path);
}

bool MigrationSummaryPage::saveSummary()
{
    const QByteArray bytes =
        QJsonDocument(runSummaryJson(m_wizard.runner().run())).toJson(QJsonDocument::Indented);
    const QString path = m_wizard.prompts().chooseSaveFile(this, tr("Save the Run's Summary"),
                                                            suggestedPath(QStringLiteral("json")),
                                                            tr("JSON (*.json);;All files (*)"));
    if (path.isEmpty())
        return false;
    return save(bytes, path);
}

} // namespace pathlens
