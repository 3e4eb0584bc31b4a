#pragma once

#include "model/health/healthreport.h"
#include "model/snapshotbuilder.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>

#include <string>
#include <vector>

namespace pathlens {

/// Where a report's data came from, for its `source` member.
struct ReportSource {
    std::string backend;                   ///< backend description
    std::vector<std::string> missingParts; ///< parts the backend could not read
};

/// The JSON path report, schema "pathlens-report/1" (domain contract §5.2):
/// values come from the data; what is not known is null, never invented.
/// `findings[]` holds @p health's findings, worst first.
QJsonObject buildJsonReport(const SourceData &sources, const ReportSource &source, const QDateTime &generated,
                            const HealthReport &health);
/// The same with the findings of this one reading alone: the state rules,
/// no measured I/O, no history, no baseline.
QJsonObject buildJsonReport(const SourceData &sources, const ReportSource &source, const QDateTime &generated);

/// One finding: `rule`, `severity`, `object` (tree key path, "server/*/disk"
/// for a LUN-wide finding), `objectKind`, `objectName`, `message`, `recommendation`.
QJsonObject findingJson(const Finding &finding);

QByteArray toJsonBytes(const QJsonObject &report);

} // namespace pathlens
