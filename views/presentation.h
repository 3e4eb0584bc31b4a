#pragma once

// Words, colours and icons for domain values, shared by every view so the
// tree, the details pane and the legend say the same thing the same way.

#include "model/inventory.h"

#include <QColor>
#include <QIcon>
#include <QImage>
#include <QString>

#include <string>
#include <string_view>

namespace pathlens {

inline QString toQString(const std::string &text) { return QString::fromStdString(text); }
inline QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

/// All path states in the order the legend lists them.
inline constexpr PathState allPathStates[] = {
    PathState::ActiveOptimized, PathState::ActiveUnoptimized, PathState::Standby, PathState::Transitioning,
    PathState::Unavailable,     PathState::Offline,           PathState::Failed,     PathState::Unknown,
};

/// Health severities, worst first, as the legend lists them (None reads "OK").
inline constexpr Severity allSeverities[] = {Severity::Critical, Severity::Warning, Severity::Info, Severity::None};

/// "Critical", "Warning", "Info", "OK"; the tree's Health column says the same.
QString severityText(Severity severity);
/// Text colour of a severity; every severity also has its own icon shape.
QColor severityColor(Severity severity);
/// Icon base name under ":/icons/" ("health-critical", ..., "health-ok").
QString severityIconName(Severity severity);
/// What a severity asks of the admin, one sentence.
QString severityExplanation(Severity severity);

/// Icon base name under ":/icons/" ("path-ao", ...).
QString stateIconName(PathState state);
/// Text colour of a state; every state also has its own icon shape.
QColor stateColor(PathState state);
/// One sentence that says what the ALUA state means for I/O.
QString stateExplanation(PathState state);

/// "Front-end (FE), Mirror (MR)", or "none".
QString rolesSpelledOut(RoleFlags roles);
/// What each role does, one clause per role.
QString rolesExplanation(RoleFlags roles);
QString portModeText(PortMode mode);
QString portTypeText(PortType type);
/// Icon base name for a port row, by presence, type and roles.
QString portIconName(const PortEntry &port);

/// "Round Robin with Subset (RRWS)" and what the policy does with the paths.
QString policyText(LoadBalancePolicy policy);
QString policyExplanation(LoadBalancePolicy policy);

QString ownerText(PathOwner owner);
QString ownerExplanation(PathOwner owner);

QString joinStatusText(JoinStatus status);
QString joinStatusExplanation(JoinStatus status);

/// "130:0.1 (hex 82:00.1)": DataCore prints decimal, lspci and Windows hex.
QString pciText(const PciLocation &pci);

/// Icon from the resource file; empty when the name is unknown.
QIcon resourceIcon(const QString &name);
/// Renders an icon directly from its SVG at logicalSize × devicePixelRatio, so
/// rich text gets crisp images without relying on image-format plugins.
QImage renderIcon(const QString &name, int logicalSize, qreal devicePixelRatio);

} // namespace pathlens
