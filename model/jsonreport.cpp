#include "model/jsonreport.h"

#include "model/health/healthengine.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <map>

namespace pathlens {

namespace {

QJsonValue text(const std::string &value)
{
    return value.empty() ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromStdString(value));
}

QJsonValue text(std::string_view value)
{
    return QJsonValue(QString::fromUtf8(value.data(), qsizetype(value.size())));
}

template <typename T>
QJsonValue optionalNumber(const std::optional<T> &value)
{
    return value ? QJsonValue(double(*value)) : QJsonValue(QJsonValue::Null);
}

QJsonValue pciJson(const std::optional<PciLocation> &pci)
{
    if (!pci)
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("bus"), double(pci->bus)},
                       {QStringLiteral("device"), double(pci->device)},
                       {QStringLiteral("function"), double(pci->function)}};
}

QJsonArray rolesJson(RoleFlags roles)
{
    QJsonArray list;
    if (roles & RoleFrontEnd)
        list.append(QStringLiteral("FE"));
    if (roles & RoleMirror)
        list.append(QStringLiteral("MR"));
    if (roles & RoleBackEnd)
        list.append(QStringLiteral("BE"));
    return list;
}

QJsonValue stateJson(PathState state)
{
    return state == PathState::Unknown ? QJsonValue(QJsonValue::Null) : text(toString(state));
}

QJsonObject portJson(const DataCorePort &port)
{
    QJsonObject object;
    object.insert(QStringLiteral("id"), text(port.id));
    object.insert(QStringLiteral("name"), text(port.alias));
    object.insert(QStringLiteral("roles"), rolesJson(port.roles));
    object.insert(QStringLiteral("mode"),
                  port.mode == PortMode::Unknown ? QJsonValue(QJsonValue::Null) : text(toString(port.mode)));
    object.insert(QStringLiteral("type"),
                  port.type == PortType::Unknown ? QJsonValue(QJsonValue::Null) : text(toString(port.type)));
    object.insert(QStringLiteral("present"), port.presence == Presence::Unknown
                                                 ? QJsonValue(QJsonValue::Null)
                                                 : QJsonValue(port.presence == Presence::Present));
    object.insert(QStringLiteral("pci"), pciJson(port.pci));
    object.insert(QStringLiteral("driver"), text(port.driverName));
    if (port.type == PortType::iSCSI)
        object.insert(QStringLiteral("iqn"), text(port.portName));
    else
        object.insert(QStringLiteral("wwpn"), text(port.portName));
    return object;
}

QString adapterLabel(const MpioPath &path)
{
    if (!path.adapterName.empty())
        return QString::fromStdString(path.adapterName);
    if (path.adapterPci)
        return QStringLiteral("PCI %1").arg(QString::fromStdString(path.adapterPci->toString()));
    return {};
}

QJsonObject mpioPathJson(const MpioPath &path)
{
    const QString adapter = adapterLabel(path);
    return QJsonObject{
        {QStringLiteral("pathId"), QString::fromStdString(formatPathId(path.pathId))},
        {QStringLiteral("state"), stateJson(path.state)},
        {QStringLiteral("scsiAddress"), QString::fromStdString(path.scsi.toString())},
        {QStringLiteral("weight"), double(path.weight)},
        {QStringLiteral("tpgId"), optionalNumber(path.tpgId)},
        {QStringLiteral("tpgState"), stateJson(path.tpgState)},
        {QStringLiteral("preferred"), path.preferred},
        {QStringLiteral("adapter"), adapter.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(adapter)},
        {QStringLiteral("adapterPci"), pciJson(path.adapterPci)},
    };
}

QJsonObject mpioDiskJson(const MpioDisk &disk, const std::string &serverName)
{
    QJsonArray paths;
    for (const MpioPath &path : disk.paths)
        paths.append(mpioPathJson(path));
    return QJsonObject{
        {QStringLiteral("server"), text(serverName)},
        {QStringLiteral("owner"), QStringLiteral("mpio")},
        {QStringLiteral("mpioDisk"), double(disk.number)},
        {QStringLiteral("systemDisk"), text(disk.systemDisk)},
        {QStringLiteral("serial"), text(disk.serial)},
        {QStringLiteral("policy"), disk.policy == LoadBalancePolicy::Unknown ? QJsonValue(QJsonValue::Null)
                                                                             : text(toShortString(disk.policy))},
        {QStringLiteral("dsm"), text(disk.dsm)},
        {QStringLiteral("alua"), disk.alua == AluaSupport::Unknown ? QJsonValue(QJsonValue::Null)
                                                                   : text(toString(disk.alua))},
        {QStringLiteral("paths"), paths},
    };
}

// Before remedy 2 the DataCore driver owns the back-end disk: there is no MPIO
// disk, no policy and no path id; those stay null.
QJsonObject dataCoreDiskJson(const BackEndDisk &disk, const std::string &serverName,
                             const std::map<std::string, const DataCorePort *> &portsById)
{
    QJsonArray paths;
    for (const BackEndPath &path : disk.paths) {
        const auto port = portsById.find(path.portId);
        QJsonValue adapter = QJsonValue::Null;
        QJsonValue adapterPci = QJsonValue::Null;
        if (port != portsById.end()) {
            adapter = text(port->second->alias);
            adapterPci = pciJson(port->second->pci);
        }
        paths.append(QJsonObject{
            {QStringLiteral("pathId"), QJsonValue::Null},
            {QStringLiteral("state"), stateJson(path.aluaState)},
            {QStringLiteral("scsiAddress"), QString::fromStdString(path.scsi.toString())},
            {QStringLiteral("weight"), QJsonValue::Null},
            {QStringLiteral("tpgId"), optionalNumber(path.tpgId)},
            {QStringLiteral("tpgState"), stateJson(path.aluaState)},
            {QStringLiteral("preferred"), path.inUse},
            {QStringLiteral("inUse"), path.inUse},
            {QStringLiteral("adapter"), adapter},
            {QStringLiteral("adapterPci"), adapterPci},
        });
    }
    return QJsonObject{
        {QStringLiteral("server"), text(serverName)},
        {QStringLiteral("owner"), QStringLiteral("datacore-driver")},
        {QStringLiteral("mpioDisk"), QJsonValue::Null},
        {QStringLiteral("systemDisk"), QJsonValue::Null},
        {QStringLiteral("serial"), text(disk.serial)},
        {QStringLiteral("policy"), QJsonValue::Null},
        {QStringLiteral("dsm"), QJsonValue::Null},
        {QStringLiteral("alua"), disk.aluaCapable ? QJsonValue(QStringLiteral("TPGS reported")) : QJsonValue::Null},
        {QStringLiteral("paths"), paths},
    };
}

} // namespace

QJsonObject findingJson(const Finding &finding)
{
    return QJsonObject{
        {QStringLiteral("rule"), QString::fromStdString(finding.rule)},
        {QStringLiteral("severity"), text(toString(finding.severity))},
        {QStringLiteral("object"), QString::fromStdString(finding.object.keyPath())},
        {QStringLiteral("objectKind"), text(toString(finding.object.kind))},
        {QStringLiteral("objectName"), text(finding.objectName)},
        {QStringLiteral("message"), QString::fromStdString(finding.message)},
        {QStringLiteral("recommendation"), QString::fromStdString(finding.recommendation)},
    };
}

QJsonObject buildJsonReport(const SourceData &sources, const ReportSource &source, const QDateTime &generated)
{
    return buildJsonReport(sources, source, generated, evaluate(sources, HealthContext{}));
}

QJsonObject buildJsonReport(const SourceData &sources, const ReportSource &source, const QDateTime &generated,
                            const HealthReport &health)
{
    std::map<std::string, const DataCorePort *> portsById;
    for (const DataCorePort &port : sources.ports)
        portsById.emplace(port.id, &port);
    std::map<std::string, std::string> serverNameById;
    std::map<std::string, std::string> serverNameByHost;

    QJsonArray servers;
    for (const DataCoreServer &server : sources.servers) {
        serverNameById.emplace(server.id, server.name);
        serverNameByHost.emplace(server.hostName, server.name);
        QJsonArray ports;
        for (const DataCorePort &port : sources.ports) {
            if (port.serverId == server.id)
                ports.append(portJson(port));
        }
        servers.append(QJsonObject{
            {QStringLiteral("id"), text(server.id)},
            {QStringLiteral("name"), text(server.name)},
            {QStringLiteral("hostName"), text(server.hostName)},
            {QStringLiteral("state"), text(server.state)},
            {QStringLiteral("version"), text(server.version)},
            {QStringLiteral("ports"), ports},
        });
    }

    QJsonArray disks;
    for (const BackEndDisk &disk : sources.backEndDisks) {
        if (disk.paths.empty())
            continue; // reached through MPIO, reported below with its paths
        const auto name = serverNameById.find(disk.serverId);
        disks.append(dataCoreDiskJson(disk, name != serverNameById.end() ? name->second : disk.serverId, portsById));
    }
    for (const SourceData::HostData &host : sources.hosts) {
        const auto name = serverNameByHost.find(host.host);
        for (const MpioDisk &disk : host.mpioDisks)
            disks.append(mpioDiskJson(disk, name != serverNameByHost.end() ? name->second : host.host));
    }

    QJsonArray missing;
    for (const std::string &part : source.missingParts)
        missing.append(QString::fromStdString(part));
    auto addProblem = [&missing](const std::string &where, const Error &error) {
        missing.append(QString::fromStdString(where + ": " + error.toString()));
    };
    if (sources.dataCoreError)
        addProblem("DataCore management", *sources.dataCoreError);
    for (const SourceData::HostData &host : sources.hosts) {
        if (host.adaptersError)
            addProblem(host.host + " device inventory", *host.adaptersError);
        if (host.mpioError)
            addProblem(host.host + " MPIO", *host.mpioError);
    }

    QJsonArray findings;
    for (const Finding &finding : health.findings())
        findings.append(findingJson(finding));

    return QJsonObject{
        {QStringLiteral("schema"), QStringLiteral("pathlens-report/1")},
        {QStringLiteral("generated"), generated.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("source"),
         QJsonObject{{QStringLiteral("backend"), text(source.backend)}, {QStringLiteral("missing"), missing}}},
        {QStringLiteral("servers"), servers},
        {QStringLiteral("disks"), disks},
        {QStringLiteral("findings"), findings},
        {QStringLiteral("health"),
         QJsonObject{{QStringLiteral("worst"), text(toString(health.worst()))},
                     {QStringLiteral("ioMeasured"), health.ioMeasured},
                     {QStringLiteral("ioIntervalSeconds"), health.ioMeasured
                                                               ? QJsonValue(double(health.ioInterval.count()) / 1000.0)
                                                               : QJsonValue(QJsonValue::Null)}}},
    };
}

QByteArray toJsonBytes(const QJsonObject &report)
{
    return QJsonDocument(report).toJson(QJsonDocument::Indented);
}

} // namespace pathlens
