#pragma once

#include "model/report/reportcontent.h"

#include <QByteArray>

namespace pathlens {

/// The report as a Prometheus text exposition for the node_exporter /
/// windows_exporter textfile collector: per path its state (one series per
/// state, 1 for the current one) and its byte counters, per disk its path,
/// usable and optimized path counts, findings by rule and severity (every
/// rule and severity, 0 where none), changes since the baseline by kind when
/// a baseline was given, and when the report was made. Names follow the
/// Prometheus conventions (pathlens_ prefix, base units, _total counters).
QByteArray prometheusReport(const ReportContent &content);

/// "active_optimized", "active_unoptimized", "standby", "unavailable",
/// "transitioning", "failed", "unknown": the `state` label values.
std::string_view prometheusStateLabel(PathState state);

} // namespace pathlens
