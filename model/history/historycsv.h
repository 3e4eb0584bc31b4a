#pragma once

// A chart's series as CSV (RFC 4180): CRLF line ends, a header row, fields
// quoted where they hold a comma, a quote or a line break, quotes doubled.
// One row per point: name, metric, start and end (UTC, ISO 8601 with
// milliseconds), min, avg, max. A gap is simply the rows that are not there.

#include "model/history/historystore.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace pathlens {

/// @p names labels the series in order (e.g. the tree's display names);
/// missing names fall back to the series' key path.
QByteArray seriesToCsv(const std::vector<RateSeries> &series, const QStringList &names = {});

/// Writes the CSV beside @p fileName and renames it over it, so a failed
/// write never leaves a half file. False with @p error in words on failure.
bool writeSeriesCsv(const QString &fileName, const std::vector<RateSeries> &series, const QStringList &names,
                    QString *error);

/// One RFC 4180 field: quoted when it needs to be.
QByteArray csvField(const QString &text);

} // namespace pathlens
