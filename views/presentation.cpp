#include "views/presentation.h"

#include "model/inventorytreemodel.h"

#include <QCoreApplication>
#include <QFile>
#include <QPainter>
#include <QStringList>
#include <QSvgRenderer>

namespace pathlens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("pathlens::Presentation", text);
}

} // namespace

QString severityText(Severity severity)
{
    return InventoryTreeModel::severityText(severity);
}

QColor severityColor(Severity severity)
{
    return InventoryTreeModel::severityColor(severity);
}

QString severityIconName(Severity severity)
{
    return InventoryTreeModel::severityIconName(severity);
}

QString severityExplanation(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
        return tr("Data is unreachable, or most reads of a busy LUN take a slow path right now. Act now.");
    case Severity::Warning:
        return tr("Lost redundancy, a wrong setting or a slow path in use. Plan the repair.");
    case Severity::Info:
        return tr("Worth knowing and tidying up; not a risk by itself.");
    case Severity::None:
        break;
    }
    return tr("No finding about this row or the rows below it.");
}

QString stateIconName(PathState state)
{
    switch (state) {
    case PathState::ActiveOptimized: return QStringLiteral("path-ao");
    case PathState::ActiveUnoptimized: return QStringLiteral("path-ano");
    case PathState::Standby: return QStringLiteral("path-standby");
    case PathState::Unavailable: return QStringLiteral("path-unavailable");
    case PathState::Transitioning: return QStringLiteral("path-transitioning");
    case PathState::Failed: return QStringLiteral("path-failed");
    case PathState::Offline: return QStringLiteral("path-unavailable");
    case PathState::Unknown: break;
    }
    return QStringLiteral("path-unknown");
}

QColor stateColor(PathState state)
{
    // Darker than the icon fills so the text stays readable on a white base.
    switch (state) {
    case PathState::ActiveOptimized: return QColor(0x1a, 0x7f, 0x3e);
    case PathState::ActiveUnoptimized: return QColor(0xb0, 0x68, 0x00);
    case PathState::Standby: return QColor(0x25, 0x5f, 0xbd);
    case PathState::Unavailable: return QColor(0x63, 0x68, 0x70);
    case PathState::Transitioning: return QColor(0x93, 0x32, 0x7f);
    case PathState::Failed: return QColor(0xc0, 0x27, 0x23);
    case PathState::Offline: return QColor(0x45, 0x5a, 0x64);
    case PathState::Unknown: break;
    }
    return QColor(0x6b, 0x70, 0x79);
}

QString stateExplanation(PathState state)
{
    switch (state) {
    case PathState::ActiveOptimized:
        return tr("Active/Optimized: the LUN is reached through its owning controller; reads and writes over "
                  "this path run at full speed.");
    case PathState::ActiveUnoptimized:
        return tr("Active/Unoptimized: the LUN is reached through the non-owning controller; reads over this "
                  "path are slow (they cross the array's inter-controller link), writes are tolerable.");
    case PathState::Standby:
        return tr("Standby: the path is healthy but carries no I/O; the array makes it active when the "
                  "active paths fail or ownership moves.");
    case PathState::Unavailable:
        return tr("Unavailable: the array refuses I/O for this LUN through this target port group, for "
                  "example while a controller is down or being serviced.");
    case PathState::Transitioning:
        return tr("Transitioning: the array is changing the state of this target port group (for example "
                  "moving LUN ownership); I/O is retried until it settles.");
    case PathState::Failed:
        return tr("Failed: the path is lost (link, cable, switch port or HBA); it carries no I/O until it "
                  "recovers.");
    case PathState::Offline:
        return tr("Offline: the array has taken this target port out of service (for example for "
                  "maintenance); it carries no I/O until the array brings it back.");
    case PathState::Unknown:
        break;
    }
    return tr("Unknown: the ALUA state could not be read. The DataCore back-end driver ignores ALUA, so "
              "under it the state is known only when the array reports it.");
}

QString rolesSpelledOut(RoleFlags roles)
{
    QStringList parts;
    if (roles & RoleFrontEnd)
        parts << tr("Front-end (FE)");
    if (roles & RoleMirror)
        parts << tr("Mirror (MR)");
    if (roles & RoleBackEnd)
        parts << tr("Back-end (BE)");
    return parts.isEmpty() ? tr("none") : parts.join(QStringLiteral(", "));
}

QString rolesExplanation(RoleFlags roles)
{
    QStringList parts;
    if (roles & RoleFrontEnd)
        parts << tr("hosts connect here (disabled while the DataCore server is stopped)");
    if (roles & RoleMirror)
        parts << tr("carries synchronous mirror traffic between DataCore servers");
    if (roles & RoleBackEnd)
        parts << tr("the server reads and writes its back-end arrays here");
    if (parts.isEmpty())
        return tr("No role is assigned; the port carries no DataCore traffic.");
    QString text = parts.join(QStringLiteral("; "));
    text[0] = text[0].toUpper();
    return text + QLatin1Char('.');
}

QString portModeText(PortMode mode)
{
    switch (mode) {
    case PortMode::Target: return tr("Target");
    case PortMode::Initiator: return tr("Initiator");
    case PortMode::InitiatorTarget: return tr("Initiator and target");
    case PortMode::Unknown: break;
    }
    return tr("Unknown");
}

QString portTypeText(PortType type)
{
    switch (type) {
    case PortType::FibreChannel: return tr("Fibre Channel");
    case PortType::iSCSI: return tr("iSCSI");
    case PortType::Loopback: return tr("Loopback");
    case PortType::Unknown: break;
    }
    return tr("Unknown");
}

QString portIconName(const PortEntry &port)
{
    if (!port.port)
        return port.isUnmatchedPaths() ? QStringLiteral("warning") : QStringLiteral("adapter");
    const DataCorePort &dc = *port.port;
    if (dc.presence == Presence::NotPresent)
        return QStringLiteral("port-not-present");
    if (dc.type == PortType::Loopback)
        return QStringLiteral("port-loopback");
    if (dc.type == PortType::iSCSI)
        return QStringLiteral("port-iscsi");
    const bool fe = dc.roles & RoleFrontEnd;
    const bool mr = dc.roles & RoleMirror;
    if (fe && mr)
        return QStringLiteral("port-fe-mr");
    if (fe)
        return QStringLiteral("port-fe");
    if (mr)
        return QStringLiteral("port-mr");
    if (dc.roles & RoleBackEnd)
        return QStringLiteral("port-be");
    return QStringLiteral("port-none");
}

QString policyText(LoadBalancePolicy policy)
{
    if (policy == LoadBalancePolicy::Unknown)
        return tr("Unknown");
    return QStringLiteral("%1 (%2)").arg(toQString(toString(policy)), toQString(toShortString(policy)));
}

QString policyExplanation(LoadBalancePolicy policy)
{
    switch (policy) {
    case LoadBalancePolicy::FailOverOnly:
        return tr("One path carries all I/O; the others wait as standby and take over when it fails.");
    case LoadBalancePolicy::RoundRobin:
        return tr("I/O rotates over all active paths, optimized or not.");
    case LoadBalancePolicy::RoundRobinWithSubset:
        return tr("I/O rotates over the Active/Optimized paths only; the rest stand by for failover.");
    case LoadBalancePolicy::LeastQueueDepth:
        return tr("Each request goes to the path with the fewest requests in flight.");
    case LoadBalancePolicy::WeightedPaths:
        return tr("I/O goes to the path with the lowest weight; the weights are set by hand.");
    case LoadBalancePolicy::LeastBlocks:
        return tr("Each request goes to the path with the fewest bytes in flight.");
    case LoadBalancePolicy::VendorSpecific:
        return tr("The vendor's DSM decides how I/O is spread.");
    case LoadBalancePolicy::Unknown:
        break;
    }
    return tr("The policy could not be read.");
}

QString ownerText(PathOwner owner)
{
    return owner == PathOwner::DataCoreDriver ? tr("DataCore driver") : tr("Windows MPIO");
}

QString ownerExplanation(PathOwner owner)
{
    if (owner == PathOwner::DataCoreDriver)
        return tr("SANsymphony's own back-end driver drives this disk: it uses the one path it chose and "
                  "ignores ALUA, and Windows MPIO does not see the disk.");
    return tr("Microsoft MPIO owns the paths: the DSM spreads I/O according to the load-balance policy "
              "and honours the array's ALUA states.");
}

QString joinStatusText(JoinStatus status)
{
    switch (status) {
    case JoinStatus::Matched: return tr("Matched");
    case JoinStatus::NoAdapter: return tr("No adapter");
    case JoinStatus::Ambiguous: return tr("Ambiguous");
    case JoinStatus::NoPciLocation: return tr("No PCI location");
    case JoinStatus::AdapterOnly: return tr("Adapter only");
    case JoinStatus::NoInventory: return tr("No device inventory");
    }
    return tr("Unknown");
}

QString joinStatusExplanation(JoinStatus status)
{
    switch (status) {
    case JoinStatus::Matched:
        return tr("The DataCore port and the OS adapter share one PCI function (bus, device and function).");
    case JoinStatus::NoAdapter:
        return tr("No OS adapter has this PCI location; the hardware may be gone or the inventory incomplete.");
    case JoinStatus::Ambiguous:
        return tr("Several adapters or ports claim the same PCI function, so no match is made rather than a "
                  "wrong one.");
    case JoinStatus::NoPciLocation:
        return tr("There is nothing to match on: loopback and software iSCSI ports have no PCI location.");
    case JoinStatus::AdapterOnly:
        return tr("No DataCore port refers to this OS adapter, as happens after its driver was replaced by "
                  "the vendor's native one.");
    case JoinStatus::NoInventory:
        return tr("The device inventory of this host could not be read, so the port is not matched to an "
                  "adapter.");
    }
    return {};
}

QString pciText(const PciLocation &pci)
{
    return tr("%1 (hex %2)").arg(toQString(pci.toString()), toQString(pci.toHexString()));
}

QIcon resourceIcon(const QString &name)
{
    const QString path = QStringLiteral(":/icons/%1.svg").arg(name);
    if (!QFile::exists(path))
        return {};
    return QIcon(path);
}

QImage renderIcon(const QString &name, int logicalSize, qreal devicePixelRatio)
{
    const qreal dpr = qMax<qreal>(1.0, devicePixelRatio);
    const int pixels = qRound(logicalSize * dpr);
    QImage image(pixels, pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QSvgRenderer renderer(QStringLiteral(":/icons/%1.svg").arg(name));
    if (renderer.isValid()) {
        QPainter painter(&image);
        renderer.render(&painter);
    }
    image.setDevicePixelRatio(dpr);
    return image;
}

} // namespace pathlens
