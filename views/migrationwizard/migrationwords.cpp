#include "views/migrationwizard/migrationwords.h"

#include "views/findingspanel.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QStyle>

#include <algorithm>
#include <map>

namespace pathlens::migrationwords {

QIcon icon(const QString &name)
{
    const QString path = QStringLiteral(":/icons/%1.svg").arg(name);
    if (!QFile::exists(path))
        return {};
    return QIcon(path);
}

QString stepStatusText(StepStatus status, bool next)
{
    switch (status) {
    case StepStatus::Planned: return next ? QObject::tr("Next") : QObject::tr("Planned");
    case StepStatus::Running: return QObject::tr("Running");
    case StepStatus::Done: return QObject::tr("Done");
    case StepStatus::Skipped: return QObject::tr("Skipped");
    case StepStatus::Failed: return QObject::tr("Failed");
    case StepStatus::RolledBack: return QObject::tr("Rolled back");
    }
    return {};
}

QIcon stepStatusIcon(StepStatus status, bool next)
{
    switch (status) {
    case StepStatus::Planned: return icon(next ? QStringLiteral("step-next") : QStringLiteral("step-planned"));
    case StepStatus::Running: return icon(QStringLiteral("step-running"));
    case StepStatus::Done: return icon(QStringLiteral("step-done"));
    case StepStatus::Skipped: return icon(QStringLiteral("step-skipped"));
    case StepStatus::Failed: return icon(QStringLiteral("step-failed"));
    case StepStatus::RolledBack: return icon(QStringLiteral("step-rolled-back"));
    }
    return {};
}

QString stageText(MigrationStage stage)
{
    switch (stage) {
    case MigrationStage::Plan: return QObject::tr("Plan");
    case MigrationStage::Preflight: return QObject::tr("Preflight");
    case MigrationStage::Execute: return QObject::tr("Driver change");
    case MigrationStage::PostSteps: return QObject::tr("Post-steps");
    case MigrationStage::Verify: return QObject::tr("Verify");
    }
    return {};
}

QString runStateText(RunState state)
{
    switch (state) {
    case RunState::Planned: return QObject::tr("Planned");
    case RunState::Running: return QObject::tr("Running");
    case RunState::Paused: return QObject::tr("Paused");
    case RunState::WaitingForRestart: return QObject::tr("Waiting for a restart");
    case RunState::Failed: return QObject::tr("Failed");
    case RunState::Completed: return QObject::tr("Completed");
    case RunState::RollingBack: return QObject::tr("Rolling back");
    case RunState::RolledBack: return QObject::tr("Rolled back");
    case RunState::RollbackFailed: return QObject::tr("Rollback incomplete");
    case RunState::Abandoned: return QObject::tr("Left as it is");
    }
    return {};
}

QIcon runStateIcon(RunState state)
{
    switch (state) {
    case RunState::Planned: return icon(QStringLiteral("step-planned"));
    case RunState::Running:
    case RunState::RollingBack: return icon(QStringLiteral("step-running"));
    case RunState::Paused:
    case RunState::WaitingForRestart: return icon(QStringLiteral("step-next"));
    case RunState::Completed: return icon(QStringLiteral("step-done"));
    case RunState::Failed:
    case RunState::RollbackFailed: return icon(QStringLiteral("step-failed"));
    case RunState::RolledBack: return icon(QStringLiteral("step-rolled-back"));
    case RunState::Abandoned: return icon(QStringLiteral("step-skipped"));
    }
    return {};
}

QString preflightStatusText(PreflightStatus status)
{
    switch (status) {
    case PreflightStatus::Pass: return QObject::tr("Pass");
    case PreflightStatus::Warn: return QObject::tr("Warning");
    case PreflightStatus::Block: return QObject::tr("Blocks");
    }
    return {};
}

QIcon preflightStatusIcon(PreflightStatus status)
{
    switch (status) {
    case PreflightStatus::Pass: return severityIcon(Severity::None);
    case PreflightStatus::Warn: return severityIcon(Severity::Warning);
    case PreflightStatus::Block: return severityIcon(Severity::Critical);
    }
    return {};
}

QString deviceStateText(DeviceState::State state)
{
    switch (state) {
    case DeviceState::State::Unchanged: return QObject::tr("Unchanged");
    case DeviceState::State::Replaced: return QObject::tr("Replaced");
    case DeviceState::State::RolledBack: return QObject::tr("Rolled back");
    case DeviceState::State::Other: return QObject::tr("Other driver");
    case DeviceState::State::Vanished: return QObject::tr("Vanished");
    case DeviceState::State::Unknown: return QObject::tr("Unknown");
    }
    return {};
}

QIcon deviceStateIcon(DeviceState::State state)
{
    switch (state) {
    case DeviceState::State::Unchanged: return icon(QStringLiteral("step-planned"));
    case DeviceState::State::Replaced: return icon(QStringLiteral("step-done"));
    case DeviceState::State::RolledBack: return icon(QStringLiteral("step-rolled-back"));
    case DeviceState::State::Other:
    case DeviceState::State::Unknown: return severityIcon(Severity::Warning);
    case DeviceState::State::Vanished: return icon(QStringLiteral("step-failed"));
    }
    return {};
}

QString severityWord(Severity severity)
{
    switch (severity) {
    case Severity::Critical: return QObject::tr("Critical");
    case Severity::Warning: return QObject::tr("Warning");
    case Severity::Info: return QObject::tr("Info");
    case Severity::None: break;
    }
    return QObject::tr("OK");
}

QString rolesText(RoleFlags roles)
{
    const std::string words = rolesToString(roles);
    return words.empty() ? QObject::tr("none") : text(words).replace(QLatin1Char(','), QLatin1String(", "));
}

QString driverText(const DriverPackage &driver)
{
    return text(driverWords(driver));
}

QString pciLocationText(const PciLocation &pci)
{
    return text(pciWithHex(pci));
}

QLabel *plainLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

QString findingChangeText(FindingChange::Kind kind)
{
    switch (kind) {
    case FindingChange::Kind::New: return QObject::tr("New");
    case FindingChange::Kind::Remaining: return QObject::tr("Remaining");
    case FindingChange::Kind::Cleared: return QObject::tr("Cleared");
    case FindingChange::Kind::Before: return QObject::tr("Before");
    }
    return {};
}

namespace {

std::string comparisonKey(const Finding &finding)
{
    const ObjectRef &object = finding.object;
    std::string key = finding.rule + '\n' + object.serverKey;
    switch (object.kind) {
    case ObjectRef::Kind::Server: break;
    case ObjectRef::Kind::Port: key += "\nport\n" + object.portKey; break;
    case ObjectRef::Kind::Disk:
    case ObjectRef::Kind::Path: key += "\ndisk\n" + object.diskKey; break;
    }
    return key;
}

} // namespace

std::vector<FindingChange> compareFindings(const std::vector<Finding> &before, const std::vector<Finding> &after)
{
    std::multimap<std::string, std::size_t> unmatched;
    for (std::size_t i = 0; i < before.size(); ++i)
        unmatched.emplace(comparisonKey(before[i]), i);

    std::vector<FindingChange> changes;
    for (const Finding &finding : after) {
        const auto found = unmatched.find(comparisonKey(finding));
        if (found != unmatched.end()) {
            unmatched.erase(found);
            changes.push_back({FindingChange::Kind::Remaining, finding});
        } else {
            changes.push_back({FindingChange::Kind::New, finding});
        }
    }
    std::vector<std::size_t> cleared;
    for (const auto &[key, index] : unmatched)
        cleared.push_back(index);
    std::sort(cleared.begin(), cleared.end());
    for (std::size_t index : cleared)
        changes.push_back({FindingChange::Kind::Cleared, before[index]});

    std::stable_sort(changes.begin(), changes.end(), [](const FindingChange &a, const FindingChange &b) {
        if (a.kind != b.kind)
            return a.kind < b.kind;
        return a.finding.severity > b.finding.severity;
    });
    return changes;
}

} // namespace pathlens::migrationwords
