#pragma once

#include <QString>

#include <functional>
#include <optional>

namespace pathlens {

/// Why the console cannot open a window here, as one sentence with the way
/// out, or nothing when a display (or an explicit Qt platform) is there.
/// @p environment reads a variable; @p arguments are the raw argv.
std::optional<QString> missingDisplay(const std::function<QString(const char *)> &environment,
                                      const QStringList &arguments);

/// The sentence for a display that is named but cannot be reached (Qt's
/// platform plugin failed to start): @p qtMessage is Qt's own words.
QString unreachableDisplay(const QString &qtMessage);

/// Runs @p construct (which creates the QApplication). If Qt's platform
/// plugin aborts on the way, prints unreachableDisplay() instead of Qt's
/// abort and ends the process with exit code 1.
void constructGuiOrExit(const std::function<void()> &construct);

} // namespace pathlens
