#pragma once

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
QJsonObject buildJsonReport(const SourceData &sources, const ReportSource &source, const QDateTime &generated);

QByteArray toJsonBytes(const QJsonObject &report);

} // namespace pathlens
