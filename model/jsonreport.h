#pragma once

#include "model/health/healthreport.h"
#include "model/report/reportcontent.h"
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

/// The JSON path report, schema "pathlens-report/1" (domain contract §5.2),
/// indented UTF-8. Values come from the data; what is not known is null,
/// never invented. Besides the members §5.2 names, every object carries the
/// keys the tree uses (`key`, `serverKey`, a path's `port`), so an earlier
/// report can serve as the baseline of a diff; paths carry their counters
/// where measured; with a diff, `changes` lists what changed since the
/// baseline.
QByteArray jsonReport(const ReportContent &content);

/// The report of one reading, as a JSON object: the sources joined into the
/// tree, @p health's findings (worst first), counters where measured.
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
