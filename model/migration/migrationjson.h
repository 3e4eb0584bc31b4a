#pragma once

// Remedy 2's values as JSON: the journal's records (read back to resume a
// run) and the run summary that `pathlens migrate --format json` prints and
// the wizard exports. Findings use the JSON report's finding objects.

#include "model/migration/migrationtypes.h"
#include "platform/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <chrono>
#include <optional>

namespace pathlens {

QString migrationTime(std::chrono::system_clock::time_point time); ///< "2024-06-03T06:00:00.000Z"
std::optional<std::chrono::system_clock::time_point> migrationTimeFromText(const QString &text);

QJsonValue toJson(const std::optional<PciLocation> &pci); ///< {bus, device, function} or null
QJsonObject toJson(const DriverPackage &driver);
QJsonObject toJson(const Error &error);
QJsonObject toJson(const MigrationStep &step);
QJsonObject toJson(const PlannedDevice &device);
QJsonObject toJson(const PlannedLun &lun);
QJsonObject toJson(const MigrationPlan &plan);
QJsonObject toJson(const PreflightItem &item);
QJsonObject toJson(const DeviceState &device);
QJsonObject toJson(const LunOutcome &lun);
QJsonObject toJson(const BackEndPortChoice &port);

/// `ioMeasured`, `note` and `findings` (the JSON report's finding objects).
QJsonObject toJson(const HealthSummary &health);
/// The same for the journal: each finding also keeps its object reference,
/// so it reads back whole.
QJsonObject toJournalJson(const HealthSummary &health);

/// Readers for the journal. A value of the wrong shape is an Error naming
/// what was expected; nothing is invented.
Result<MigrationStep> stepFromJson(const QJsonObject &json);
Result<MigrationPlan> planFromJson(const QJsonObject &json);
Result<PreflightItem> preflightItemFromJson(const QJsonObject &json);
Result<HealthSummary> healthFromJson(const QJsonObject &json);
Result<DeviceState> deviceStateFromJson(const QJsonObject &json);
Result<LunOutcome> lunOutcomeFromJson(const QJsonObject &json);
std::optional<DriverPackage> driverFromJson(const QJsonValue &json);
std::optional<Error> errorFromJson(const QJsonValue &json);

/// The summary of a run: `run`, `state`, `stateDetail`, `server`, `policy`,
/// `journal`, `restartRecommended`, `preflight[]`, `steps[]` (`id`, `kind`,
/// `stage`, `status`, `detail`, ...), `devices[]`, `backEndDisks[]`,
/// `before`/`after` (`findings[]`; `after` null until verified),
/// `supportConsequences[]`, `journalProblems[]`.
QJsonObject runSummaryJson(const MigrationRun &run);

} // namespace pathlens
