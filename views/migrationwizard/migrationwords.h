#pragma once

// Words and icons the wizard's pages share for the migration's values, and
// the before/after comparison of findings the summary shows.

#include "model/health/finding.h"
#include "model/migration/migrationtypes.h"

#include <QIcon>
#include <QString>

#include <string>
#include <string_view>
#include <vector>

class QLabel;
class QWidget;

namespace pathlens::migrationwords {

inline QString text(std::string_view value)
{
    return QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()));
}

/// An icon from the application's resources (":/icons/<name>.svg").
QIcon icon(const QString &name);

/// "Planned", "Running", "Done", "Skipped", "Failed", "Rolled back"; "Next"
/// for the planned step the run continues with.
QString stepStatusText(StepStatus status, bool next = false);
QIcon stepStatusIcon(StepStatus status, bool next = false);
QString stageText(MigrationStage stage); ///< "Execute", "Post-steps", ...

QString runStateText(RunState state); ///< "Paused", "Waiting for a restart", ...
QIcon runStateIcon(RunState state);

QString preflightStatusText(PreflightStatus status); ///< "Pass", "Warning", "Blocks"
QIcon preflightStatusIcon(PreflightStatus status);

QString deviceStateText(DeviceState::State state); ///< "Unchanged", "Replaced", ...
QIcon deviceStateIcon(DeviceState::State state);

QString severityWord(Severity severity); ///< "Critical", "Warning", "Info"
QString rolesText(RoleFlags roles);      ///< "BE", "FE, BE", "none"
/// "QLogic Fibre Channel Adapter 9.4.6.20 (oem21.inf)"
QString driverText(const DriverPackage &driver);
QString pciLocationText(const PciLocation &pci); ///< "175:0.0 (af:00.0)"

/// A label for values from the storage system: plain text, selectable, wrapped.
QLabel *plainLabel(QWidget *parent, const QString &objectName);

/// One finding of the summary: what became of it between before and after.
struct FindingChange {
    enum class Kind { New, Remaining, Cleared, Before };
    Kind kind = Kind::Before;
    Finding finding; ///< the after one for Remaining and New
};
QString findingChangeText(FindingChange::Kind kind); ///< "New", "Remaining", "Cleared", "Before"

/// Pairs the findings before and after the run: same rule about the same
/// object. Paths change owner in remedy 2 (SANsymphony's driver, then MSDSM),
/// so a finding about a path or a disk is taken as about its disk. New first,
/// then remaining, then cleared; worst first within each.
std::vector<FindingChange> compareFindings(const std::vector<Finding> &before, const std::vector<Finding> &after);

} // namespace pathlens::migrationwords
