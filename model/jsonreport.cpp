#include "model/jsonreport.h"

#include "model/health/healthengine.h"
#include "model/report/reportjsonwriter.h"

#include <QJsonDocument>

#include <algorithm>
#include <chrono>
#include <unordered_map>

namespace pathlens {

namespace {

void pciMember(ReportJsonWriter &json, std::string_view name, const std::optional<PciLocation> &pci)
{
    json.key(name);
    if (!pci) {
        json.null();
        return;
    }
    json.beginObject();
    json.member("bus", std::uint64_t(pci->bus));
    json.member("device", std::uint64_t(pci->device));
    json.member("function", std::uint64_t(pci->function));
    json.endObject();
}

void stateMember(ReportJsonWriter &json, std::string_view name, PathState state)
{
    json.memberOrNull(name, state == PathState::Unknown ? std::string_view() : toString(state));
}

void rolesMember(ReportJsonWriter &json, RoleFlags roles)
{
    json.key("roles");
    json.beginArray();
    if (roles & RoleFrontEnd)
        json.string("FE");
    if (roles & RoleMirror)
        json.string("MR");
    if (roles & RoleBackEnd)
        json.string("BE");
    json.endArray();
}

void portJson(ReportJsonWriter &json, const ReportPort &reportPort)
{
    const DataCorePort &port = *reportPort.port;
    json.beginObject();
    json.memberOrNull("id", port.id);
    json.member("key", reportPort.key);
    json.memberOrNull("name", port.alias);
    rolesMember(json, port.roles);
    json.memberOrNull("mode", port.mode == PortMode::Unknown ? std::string_view() : toString(port.mode));
    json.memberOrNull("type", port.type == PortType::Unknown ? std::string_view() : toString(port.type));
    json.key("present");
    if (port.presence == Presence::Unknown)
        json.null();
    else
        json.boolean(port.presence == Presence::Present);
    pciMember(json, "pci", port.pci);
    json.memberOrNull("driver", port.driverName);
    json.memberOrNull(port.type == PortType::iSCSI ? "iqn" : "wwpn", port.portName);
    json.memberOrNull("adapter", reportPort.adapter ? std::string_view(reportPort.adapter->description)
                                                    : std::string_view());
    json.member("join", toString(reportPort.join));
    json.endObject();
}

// A port's texts, quoted and escaped once for all the paths leaving from it.
struct PortTexts {
    QByteArray adapter;
    QByteArray key;
    QByteArray name;
};

QByteArray jsonText(std::string_view text, bool nullWhenEmpty)
{
    if (text.empty() && nullWhenEmpty)
        return QByteArrayLiteral("null");
    QByteArray quoted;
    reporttext::appendJsonString(quoted, text);
    return quoted;
}

// Per server (port keys are unique per server only).
class PortTextCache final
{
public:
    const PortTexts &of(const ReportDisk &disk, const ReportPath &path)
    {
        if (m_server != disk.serverKey) {
            m_texts.clear();
            m_server = disk.serverKey;
        }
        auto [found, added] = m_texts.try_emplace(path.portKey);
        if (added)
            found->second = PortTexts{jsonText(path.adapter, true), jsonText(path.portKey, false),
                                      jsonText(path.portName, false)};
        return found->second;
    }

private:
    std::string m_server;
    std::unordered_map<std::string, PortTexts> m_texts;
};

// Whether @p key is the path id as formatPathId() spells it.
bool isPathIdKey(const std::string &key, std::uint64_t pathId)
{
    static constexpr char hex[] = "0123456789abcdef";
    if (key.size() != 16)
        return false;
    for (int i = 15; i >= 0; --i, pathId >>= 4) {
        if (key[std::size_t(i)] != hex[pathId & 0xF])
            return false;
    }
    return true;
}

void pathJson(ReportJsonWriter &json, const ReportPath &path, const PortTexts &port)
{
    const PathEntry &entry = path.entry;
    const bool mpio = entry.owner == PathOwner::Mpio;
    json.beginObject();
    // An MPIO path's key is its path id; only the DataCore driver's need their own.
    if (!entry.pathId || !isPathIdKey(entry.key, *entry.pathId))
        json.member("key", entry.key);
    json.key("pathId");
    if (entry.pathId)
        json.pathId(*entry.pathId);
    else
        json.null();
    stateMember(json, "state", entry.state);
    json.key("scsiAddress");
    json.scsiAddress(entry.scsi);
    // The DataCore driver knows no weight and no preferred path: null, not 0/false.
    json.key("weight");
    if (mpio)
        json.number(std::uint64_t(entry.weight));
    else
        json.null();
    json.key("tpgId");
    json.numberOrNull(entry.tpgId);
    stateMember(json, "tpgState", entry.tpgState);
    json.key("preferred");
    if (mpio)
        json.boolean(entry.preferred);
    else
        json.null();
    if (!mpio)
        json.member("inUse", entry.inUse);
    json.key("adapter");
    json.rawValue(port.adapter);
    pciMember(json, "adapterPci", entry.adapterPci);
    json.key("port");
    json.rawValue(port.key);
    json.key("portName");
    json.rawValue(port.name);
    json.key("counters");
    if (path.counters) {
        json.beginObject();
        json.member("reads", std::uint64_t(path.counters->reads));
        json.member("writes", std::uint64_t(path.counters->writes));
        json.member("bytesRead", path.counters->bytesRead);
        json.member("bytesWritten", path.counters->bytesWritten);
        json.endObject();
    } else {
        json.null();
    }
    json.memberOrNull("worstFinding", path.worst == Severity::None ? std::string_view() : toString(path.worst));
    if (!path.change.empty())
        json.member("change", path.change);
    json.endObject();
}

void diskJson(ReportJsonWriter &json, const ReportDisk &disk, PortTextCache &ports)
{
    const bool mpio = disk.owner == PathOwner::Mpio;
    json.beginObject();
    json.member("server", disk.serverName);
    json.member("serverKey", disk.serverKey);
    json.member("key", disk.key);
    json.member("owner", mpio ? "mpio" : "datacore-driver");
    json.memberOrNull("caption", disk.caption);
    json.key("mpioDisk");
    json.numberOrNull(disk.mpioDisk);
    json.memberOrNull("systemDisk", disk.systemDisk);
    json.memberOrNull("serial", disk.serial);
    json.memberOrNull("vendor", disk.vendor);
    json.memberOrNull("product", disk.product);
    json.memberOrNull("policy", disk.policy == LoadBalancePolicy::Unknown ? std::string_view()
                                                                          : toShortString(disk.policy));
    json.memberOrNull("dsm", disk.dsm);
    if (mpio)
        json.memberOrNull("alua", disk.alua == AluaSupport::Unknown ? std::string_view() : toString(disk.alua));
    else
        json.memberOrNull("alua", disk.aluaCapable ? std::string_view("TPGS reported") : std::string_view());
    json.member("usablePaths", std::uint64_t(disk.usableCount()));
    json.member("optimizedPaths", std::uint64_t(disk.optimizedCount()));
    json.key("paths");
    json.beginArray();
    for (const ReportPath &path : disk.paths)
        pathJson(json, path, ports.of(disk, path));
    json.endArray();
    json.endObject();
}

void findingJson(ReportJsonWriter &json, const Finding &finding)
{
    json.beginObject();
    json.member("rule", finding.rule);
    json.member("severity", toString(finding.severity));
    json.member("object", finding.object.keyPath());
    json.member("objectKind", toString(finding.object.kind));
    json.memberOrNull("objectName", finding.objectName);
    json.member("message", finding.message);
    json.member("recommendation", finding.recommendation);
    json.endObject();
}

void changesJson(ReportJsonWriter &json, const ReportDiff &diff)
{
    json.beginObject();
    json.member("baseline", diff.baseline);
    json.member("baselineTaken", isoTime(diff.baselineTaken));
    json.member("comparedPolicies", diff.comparedPolicies);
    json.member("comparedAllPorts", diff.comparedAllPorts);
    json.key("items");
    json.beginArray();
    for (const ReportChange &change : diff.changes) {
        json.beginObject();
        json.member("kind", toString(change.kind));
        json.member("server", change.serverName);
        json.member("serverKey", change.serverKey);
        json.memberOrNull("portKey", change.portKey);
        json.memberOrNull("diskKey", change.diskKey);
        json.memberOrNull("pathKey", change.pathKey);
        json.member("object", change.object);
        json.memberOrNull("before", change.before);
        json.memberOrNull("after", change.after);
        json.member("worse", change.worse);
        json.endObject();
    }
    json.endArray();
    json.endObject();
}

} // namespace

QByteArray jsonReport(const ReportContent &content)
{
    QByteArray out;
    out.reserve(qsizetype(content.pathCount() * 900 + 4096));
    ReportJsonWriter json(out);
    // Objects opened at depth 4 are a server's ports and a disk's paths: one line each.
    json.setInlineDepth(4);
    json.beginObject();
    json.member("schema", "pathlens-report/1");
    json.member("generated", isoTime(content.generated));

    json.key("source");
    json.beginObject();
    json.memberOrNull("backend", content.backend);
    json.member("scope", content.scopeText);
    json.key("missing");
    json.beginArray();
    for (const std::string &problem : content.problems)
        json.string(problem);
    json.endArray();
    json.endObject();

    json.key("servers");
    json.beginArray();
    for (const ReportServer &server : content.servers) {
        json.beginObject();
        json.member("key", server.key);
        json.memberOrNull("id", server.server.id);
        json.member("name", server.name);
        json.memberOrNull("hostName", server.server.hostName);
        json.memberOrNull("state", server.server.state);
        json.memberOrNull("version", server.server.version);
        json.key("ports");
        json.beginArray();
        for (const ReportPort &port : server.ports) {
            if (port.port)
                portJson(json, port);
        }
        json.endArray();
        json.endObject();
    }
    json.endArray();

    json.key("disks");
    json.beginArray();
    PortTextCache ports;
    for (const ReportDisk &disk : content.disks)
        diskJson(json, disk, ports);
    json.endArray();

    json.key("findings");
    json.beginArray();
    for (const Finding &finding : content.findings)
        findingJson(json, finding);
    json.endArray();

    json.key("health");
    json.beginObject();
    json.member("evaluated", content.healthEvaluated);
    json.member("worst", toString(content.worst()));
    json.member("ioMeasured", content.ioMeasured);
    json.key("ioIntervalSeconds");
    if (content.ioMeasured)
        json.number(double(content.ioInterval.count()) / 1000.0, 3);
    else
        json.null();
    json.endObject();

    if (content.diff) {
        json.key("changes");
        changesJson(json, *content.diff);
    }
    json.endObject();
    out.append('\n');
    return out;
}

QJsonObject findingJson(const Finding &finding)
{
    QByteArray bytes;
    ReportJsonWriter json(bytes);
    findingJson(json, finding);
    return QJsonDocument::fromJson(bytes).object();
}

QJsonObject buildJsonReport(const SourceData &sources, const ReportSource &source, const QDateTime &generated)
{
    return buildJsonReport(sources, source, generated, evaluate(sources, HealthContext{}));
}

QJsonObject buildJsonReport(const SourceData &sources, const ReportSource &source, const QDateTime &generated,
                            const HealthReport &health)
{
    const InventorySnapshot snapshot = buildSnapshot(sources);
    const PathCounterReadings counters = readPathCounters(sources, snapshot);
    ReportInput input;
    input.snapshot = &snapshot;
    input.health = &health;
    input.counters = &counters;
    input.generated = std::chrono::system_clock::time_point(std::chrono::milliseconds(generated.toMSecsSinceEpoch()));
    input.backend = source.backend;
    ReportContent content = buildReportContent(input);
    for (const std::string &part : source.missingParts) {
        if (std::find(content.problems.begin(), content.problems.end(), part) == content.problems.end())
            content.problems.push_back(part);
    }
    return QJsonDocument::fromJson(jsonReport(content)).object();
}

QByteArray toJsonBytes(const QJsonObject &report)
{
    return QJsonDocument(report).toJson(QJsonDocument::Indented);
}

} // namespace pathlens
