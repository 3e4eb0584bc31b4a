#pragma once

#include "app/commandline.h"
#include "model/health/healthengine.h"
#include "model/snapshotbuilder.h"
#include "platform/backend.h"

#include <QString>
#include <QTextStream>

#include <chrono>
#include <functional>
#include <optional>

namespace pathlens {

/// Monitoring-plugin exit codes of `pathlens check`.
enum CheckStatus { CheckOk = 0, CheckWarning = 1, CheckCritical = 2, CheckUnknown = 3 };

/// The baseline to judge a reading by, chosen once the first reading names
/// the server group; may return nothing.
using BaselineLoader = std::function<std::optional<Baseline>(const SourceData &)>;

/// The group's baseline saved next to the user's settings (baselineFilePath),
/// if there is one that loads.
std::optional<Baseline> savedBaseline(const SourceData &sources);

/// A reading with its health findings.
struct HealthReading {
    SourceData sources;  ///< the newest reading
    HealthReport health;
    QString measurement; ///< how I/O was measured, or why it was not, in words
};

/// Reads the backend and evaluates the health rules, with measured I/O where
/// the source allows: the simulated lab is read twice @p interval apart on its
/// own clock (no waiting); a support bundle uses its two newest msdsm-perf
/// samples; any other backend is read twice with a real pause (@p sleep,
/// default: this thread sleeps). An interval of 0 reads once: state rules only.
HealthReading readWithHealth(Backend &backend, std::chrono::milliseconds interval,
                             const BaselineLoader &loadBaseline = savedBaseline,
                             const std::function<void(std::chrono::milliseconds)> &sleep = {});

/// --interval seconds as an interval (rounded to milliseconds, never negative).
std::chrono::milliseconds intervalFromSeconds(double seconds);

/// The exit code for a report: 2 critical, 1 warning, else 0 (info is fine).
CheckStatus checkStatus(const HealthReport &health);

/// `pathlens check`: prints a status line, then one block per finding, and
/// returns a CheckStatus (3 when the data could not be read).
int runCheckCommand(const CommandLineRequest &request, QTextStream &out, QTextStream &err);

} // namespace pathlens
