#include "labscenario.h"

#include "platform/text/isotime.h"

#include "labtraffic.h"

#include "platform/json/json.h"
#include "platform/json/jsonreader.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>
#include <tuple>
#include <utility>

namespace pathlens::lab {

// ------------------------------------------------------------- lookups

const ControllerSpec *ArraySpec::controller(std::string_view controllerId) const
{
    for (const ControllerSpec &c : controllers) {
        if (c.id == controllerId)
            return &c;
    }
    return nullptr;
}

PathSpec *LunSpec::path(std::string_view pathId)
{
    for (PathSpec &p : paths) {
        if (p.id == pathId)
            return &p;
    }
    return nullptr;
}

const PathSpec *LunSpec::path(std::string_view pathId) const
{
    return const_cast<LunSpec *>(this)->path(pathId);
}

AdapterSpec *ServerSpec::adapter(std::string_view idOrInstanceId)
{
    for (AdapterSpec &a : adapters) {
        if (a.id == idOrInstanceId || a.adapter.instanceId == idOrInstanceId)
            return &a;
    }
    return nullptr;
}

const AdapterSpec *ServerSpec::adapter(std::string_view idOrInstanceId) const
{
    return const_cast<ServerSpec *>(this)->adapter(idOrInstanceId);
}

const DriverSpec *Scenario::driver(std::string_view driverId) const
{
    for (const DriverSpec &d : drivers) {
        if (d.id == driverId)
            return &d;
    }
    return nullptr;
}

const ArraySpec *Scenario::array(std::string_view arrayId) const
{
    for (const ArraySpec &a : arrays) {
        if (a.id == arrayId)
            return &a;
    }
    return nullptr;
}

std::string_view toString(LabOperation operation)
{
    switch (operation) {
    case LabOperation::Servers: return "servers";
    case LabOperation::Ports: return "ports";
    case LabOperation::PhysicalDisks: return "physicalDisks";
    case LabOperation::DeletePort: return "deletePort";
    case LabOperation::Adapters: return "adapters";
    case LabOperation::CompatibleDrivers: return "compatibleDrivers";
    case LabOperation::InstallDriver: return "installDriver";
    case LabOperation::RollBackDriver: return "rollBackDriver";
    case LabOperation::Disks: return "disks";
    case LabOperation::Claim: return "claim";
    case LabOperation::SetPolicy: return "setPolicy";
    }
    return "unknown";
}

std::string_view toString(FaultOutcome outcome)
{
    switch (outcome) {
    case FaultOutcome::Error: return "error";
    case FaultOutcome::RebootRequired: return "rebootRequired";
    case FaultOutcome::Vanish: return "vanish";
    }
    return "error";
}

Result<std::int64_t> parseUtcTimestamp(std::string_view text, bool requireClock)
{
    int year = 0;
    unsigned month = 0, day = 0, hour = 0, minute = 0, second = 0;
    char zone = 0;
    const std::string copy(text);
    if (copy.size() != 20
        || std::sscanf(copy.c_str(), "%4d-%2u-%2uT%2u:%2u:%2u%c", &year, &month, &day, &hour, &minute, &second, &zone)
            != 7
        || zone != 'Z' || second > 59)
        return Error{"time", "expected a UTC time like \"2024-06-03T06:00:00Z\"", kTimeNotATime};
    return civilSeconds(year, month, day, static_cast<int>(hour), static_cast<int>(minute), static_cast<int>(second),
                        requireClock);
}

// -------------------------------------------------------------- loader

namespace {

using Kind = JsonValue::Kind;

constexpr std::pair<std::string_view, DeviceClass> kDeviceClasses[] = {
    {"SCSIAdapter", DeviceClass::ScsiAdapter},
    {"Net", DeviceClass::Net},
};
constexpr std::pair<std::string_view, bool> kDriverKinds[] = {
    {"DataCore", true},
    {"Native", false},
};
constexpr std::pair<std::string_view, RoleFlag> kRoles[] = {
    {"FE", RoleFrontEnd},
    {"MR", RoleMirror},
    {"BE", RoleBackEnd},
};
constexpr std::pair<std::string_view, PortMode> kPortModes[] = {
    {"Target", PortMode::Target},
    {"Initiator", PortMode::Initiator},
    {"InitiatorTarget", PortMode::InitiatorTarget},
};
constexpr std::pair<std::string_view, PortType> kPortTypes[] = {
    {"FibreChannel", PortType::FibreChannel},
    {"iSCSI", PortType::iSCSI},
    {"Loopback", PortType::Loopback},
};
constexpr std::pair<std::string_view, Presence> kPresences[] = {
    {"Present", Presence::Present},
    {"NotPresent", Presence::NotPresent},
};
constexpr std::pair<std::string_view, std::string_view> kServerStates[] = {
    {"Online", "Online"},
    {"Offline", "Offline"},
    {"Stopped", "Stopped"},
};
// Vendor Specific is absent on purpose: MSDSM cannot be set to it.
constexpr std::pair<std::string_view, LoadBalancePolicy> kPolicies[] = {
    {"FOO", LoadBalancePolicy::FailOverOnly},
    {"RR", LoadBalancePolicy::RoundRobin},
    {"RRWS", LoadBalancePolicy::RoundRobinWithSubset},
    {"LQD", LoadBalancePolicy::LeastQueueDepth},
    {"WP", LoadBalancePolicy::WeightedPaths},
    {"LB", LoadBalancePolicy::LeastBlocks},
};
constexpr std::pair<std::string_view, LabOperation> kOperations[] = {
    {"servers", LabOperation::Servers},
    {"ports", LabOperation::Ports},
    {"physicalDisks", LabOperation::PhysicalDisks},
    {"deletePort", LabOperation::DeletePort},
    {"adapters", LabOperation::Adapters},
    {"compatibleDrivers", LabOperation::CompatibleDrivers},
    {"installDriver", LabOperation::InstallDriver},
    {"rollBackDriver", LabOperation::RollBackDriver},
    {"disks", LabOperation::Disks},
    {"claim", LabOperation::Claim},
    {"setPolicy", LabOperation::SetPolicy},
};

constexpr std::pair<std::string_view, FaultOutcome> kOutcomes[] = {
    {"error", FaultOutcome::Error},
    {"rebootRequired", FaultOutcome::RebootRequired},
    {"vanish", FaultOutcome::Vanish},
};

std::string lowerCase(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

/// Reads the scenario into plain structs. Each read* function checks its own
/// object; cross references are checked afterwards in checkReferences().
class ScenarioLoader final
{
public:
    explicit ScenarioLoader(JsonReader &reader) : m_reader(reader) {}

    Scenario load(const JsonNode &root)
    {
        JsonReader &r = m_reader;
        Scenario scenario;
        r.rejectUnknownMembers(root, {"format", "version", "description", "group", "behaviour", "drivers", "arrays",
                                      "servers", "faults"});
        const JsonNode format = r.requireMember(root, "format");
        if (r.readString(format) != "pathlens-lab" && r.ok())
            r.fail(format, "expected \"pathlens-lab\"");
        r.requireInt(root, "version", 1, 1);
        scenario.description = r.stringOr(root, "description", {});

        const JsonNode group = r.requireObject(root, "group");
        r.rejectUnknownMembers(group, {"id", "name", "seed", "trafficSince"});
        scenario.groupId = r.requireString(group, "id", StringRule::NonEmpty);
        scenario.groupName = r.requireString(group, "name", StringRule::NonEmpty);
        scenario.seed = static_cast<std::uint64_t>(r.requireInt(group, "seed", 0, 9007199254740991));
        if (const JsonNode since = r.optionalMember(group, "trafficSince")) {
            const std::string text = r.readString(since);
            // The lab's clock adds this origin to its counters: it must be a time the clock holds.
            const Result<std::int64_t> origin = parseUtcTimestamp(text, true);
            if (r.ok() && !origin)
                r.fail(since, origin.error().message);
            scenario.trafficOrigin = origin ? *origin : 0;
        }

        if (const JsonNode behaviour = r.optionalObject(root, "behaviour"))
            readBehaviour(behaviour, scenario.behaviour);

        for (const JsonNode &node : r.requireArray(root, "drivers"))
            scenario.drivers.push_back(readDriver(node));
        for (const JsonNode &node : r.requireArray(root, "arrays"))
            scenario.arrays.push_back(readArray(node));
        for (const JsonNode &node : r.requireArray(root, "servers"))
            scenario.servers.push_back(readServer(node));
        if (r.ok() && scenario.servers.empty())
            r.fail(r.requireMember(root, "servers"), "a server group needs at least one server");
        for (const JsonNode &node : r.optionalArray(root, "faults"))
            scenario.faults.push_back(readFault(node));

        if (r.ok())
            checkReferences(scenario);
        return scenario;
    }

private:
    /// Refuses a second use of an id; `scope` keeps separate namespaces apart.
    void claimId(const std::string &scope, const std::string &id, const JsonNode &at, std::string_view what)
    {
        if (!m_reader.ok())
            return;
        const auto [it, inserted] = m_ids.emplace(scope + '\n' + id, at.position());
        if (!inserted) {
            m_reader.fail(at, "duplicate " + std::string(what) + " \"" + id + "\" (first used at line "
                                  + std::to_string(it->second.line) + ", column " + std::to_string(it->second.column)
                                  + ")");
        }
    }

    std::string readId(const JsonNode &object, const std::string &scope, std::string_view what)
    {
        const JsonNode node = m_reader.requireMember(object, "id");
        std::string id = m_reader.readString(node, StringRule::NonEmpty);
        claimId(scope, id, node, what);
        return id;
    }

    void readBehaviour(const JsonNode &node, Behaviour &behaviour)
    {
        JsonReader &r = m_reader;
        r.rejectUnknownMembers(node, {"installDriverRequiresReboot", "rollBackDriverRequiresReboot",
                                      "deletePortRequiresReboot", "claimRequiresReboot", "setPolicyRequiresReboot"});
        behaviour.installDriverRequiresReboot =
            r.boolOr(node, "installDriverRequiresReboot", behaviour.installDriverRequiresReboot);
        behaviour.rollBackDriverRequiresReboot =
            r.boolOr(node, "rollBackDriverRequiresReboot", behaviour.rollBackDriverRequiresReboot);
        behaviour.deletePortRequiresReboot =
            r.boolOr(node, "deletePortRequiresReboot", behaviour.deletePortRequiresReboot);
        behaviour.claimRequiresReboot = r.boolOr(node, "claimRequiresReboot", behaviour.claimRequiresReboot);
        behaviour.setPolicyRequiresReboot =
            r.boolOr(node, "setPolicyRequiresReboot", behaviour.setPolicyRequiresReboot);
    }

    DriverSpec readDriver(const JsonNode &node)
    {
        JsonReader &r = m_reader;
        DriverSpec driver;
        r.rejectUnknownMembers(node, {"id", "kind", "description", "provider", "version", "date", "infName", "service"});
        driver.id = readId(node, "driver", "driver id");
        driver.dataCore = r.requireEnum(node, "kind", JsonEnumNames<bool>(kDriverKinds));
        DriverPackage &p = driver.package;
        p.description = r.requireString(node, "description", StringRule::NonEmpty);
        p.provider = r.requireString(node, "provider", StringRule::NonEmpty);
        p.version = r.requireString(node, "version", StringRule::NonEmpty);
        const JsonNode date = r.requireMember(node, "date");
        p.date = r.readString(date);
        if (r.ok()) {
            const Result<std::int64_t> day = parseUtcTimestamp(p.date + "T00:00:00Z", false);
            if (!day)
                r.fail(date, day.error().code == kTimeNotATime ? "expected a date like \"2023-05-17\""
                                                               : day.error().message);
        }
        p.infName = r.requireString(node, "infName", StringRule::NonEmpty);
        p.service = r.requireString(node, "service", StringRule::NonEmpty);
        return driver;
    }

    ArraySpec readArray(const JsonNode &node)
    {
        JsonReader &r = m_reader;
        ArraySpec array;
        r.rejectUnknownMembers(node, {"id", "vendor", "product", "revision", "controllers"});
        array.id = readId(node, "array", "array id");
        array.vendor = r.requireString(node, "vendor", StringRule::NonEmpty);
        array.product = r.requireString(node, "product", StringRule::NonEmpty);
        array.revision = r.stringOr(node, "revision", {});
        if (r.ok() && array.vendor.size() > 8)
            r.fail(r.requireMember(node, "vendor"), "a SCSI vendor id has at most 8 characters");
        if (r.ok() && array.product.size() > 16)
            r.fail(r.requireMember(node, "product"), "a SCSI product id has at most 16 characters");
        const JsonNode list = r.requireMember(node, "controllers");
        for (const JsonNode &item : r.readArray(list)) {
            ControllerSpec controller;
            r.rejectUnknownMembers(item, {"id", "name", "tpgId"});
            controller.id = readId(item, "controller\n" + array.id, "controller id");
            controller.name = r.stringOr(item, "name", controller.id);
            const JsonNode tpg = r.requireMember(item, "tpgId");
            controller.tpgId = static_cast<std::uint32_t>(r.readInt(tpg, 0, 65535));
            claimId("tpg\n" + array.id, std::to_string(controller.tpgId), tpg, "target port group id");
            array.controllers.push_back(std::move(controller));
        }
        if (r.ok() && array.controllers.empty())
            r.fail(list, "an array needs at least one controller");
        return array;
    }

    std::optional<PciLocation> readPci(const JsonNode &object)
    {
        JsonReader &r = m_reader;
        const JsonNode node = r.optionalObject(object, "pci");
        if (!node)
            return std::nullopt;
        r.rejectUnknownMembers(node, {"bus", "device", "function"});
        PciLocation pci;
        pci.bus = static_cast<std::uint32_t>(r.requireInt(node, "bus", 0, 255));
        pci.device = static_cast<std::uint32_t>(r.requireInt(node, "device", 0, 31));
        pci.function = static_cast<std::uint32_t>(r.requireInt(node, "function", 0, 7));
        return pci;
    }

    AdapterSpec readAdapter(const JsonNode &node, const std::string &serverId)
    {
        JsonReader &r = m_reader;
        AdapterSpec spec;
        r.rejectUnknownMembers(node, {"id", "instanceId", "description", "class", "pci", "scsiPort", "hardwareIds",
                                      "driver", "compatibleDrivers", "previousDriver"});
        spec.id = readId(node, "adapter\n" + serverId, "adapter id");
        const JsonNode instance = r.requireMember(node, "instanceId");
        spec.adapter.instanceId = r.readString(instance, StringRule::NonEmpty);
        claimId("instance\n" + serverId, lowerCase(spec.adapter.instanceId), instance, "device instance id");
        spec.adapter.description = r.requireString(node, "description", StringRule::NonEmpty);
        spec.adapter.deviceClass = r.requireEnum(node, "class", JsonEnumNames<DeviceClass>(kDeviceClasses));
        spec.adapter.pci = readPci(node);
        if (r.ok() && !spec.adapter.pci)
            r.fail(r.requireMember(node, "pci"), "required field is missing");
        if (r.ok()) {
            const PciLocation &pci = *spec.adapter.pci;
            claimId("pci\n" + serverId, pci.toString(), r.requireMember(node, "pci"), "PCI location");
            spec.adapter.locationText = "PCI bus " + std::to_string(pci.bus) + ", device " + std::to_string(pci.device)
                + ", function " + std::to_string(pci.function);
        }
        if (const auto port = r.optionalInt(node, "scsiPort", 0, 255))
            spec.scsiPort = static_cast<std::uint32_t>(*port);
        spec.adapter.hardwareIds = r.requireStringArray(node, "hardwareIds");
        spec.driverId = r.requireString(node, "driver", StringRule::NonEmpty);
        spec.compatibleDriverIds = r.requireStringArray(node, "compatibleDrivers");
        spec.previousDriverId = r.optionalString(node, "previousDriver", StringRule::NonEmpty);
        return spec;
    }

    PortSpec readPort(const JsonNode &node, const std::string &serverId)
    {
        JsonReader &r = m_reader;
        PortSpec spec;
        DataCorePort &port = spec.port;
        r.rejectUnknownMembers(node, {"id", "alias", "portName", "roles", "mode", "type", "presence", "pci",
                                      "driverName", "connected"});
        port.id = readId(node, "port", "port id");
        port.serverId = serverId;
        port.alias = r.requireString(node, "alias", StringRule::NonEmpty);
        port.portName = r.stringOr(node, "portName", {});
        const JsonNode roles = r.requireMember(node, "roles");
        for (const JsonNode &item : r.readArray(roles)) {
            const RoleFlag role = r.readEnum(item, JsonEnumNames<RoleFlag>(kRoles), RoleNone);
            if (r.ok() && (port.roles & role))
                r.fail(item, "role listed twice");
            port.roles |= role;
        }
        port.mode = r.requireEnum(node, "mode", JsonEnumNames<PortMode>(kPortModes));
        port.type = r.requireEnum(node, "type", JsonEnumNames<PortType>(kPortTypes));
        port.presence = r.requireEnum(node, "presence", JsonEnumNames<Presence>(kPresences));
        port.pci = readPci(node);
        port.driverName = r.stringOr(node, "driverName", {});
        port.connected = r.boolOr(node, "connected", port.presence == Presence::Present);
        return spec;
    }

    PathSpec readPath(const JsonNode &node, const std::string &lunScope)
    {
        JsonReader &r = m_reader;
        PathSpec path;
        r.rejectUnknownMembers(node, {"id", "adapter", "controller", "target", "weight", "failed"});
        path.id = readId(node, "path\n" + lunScope, "path id");
        path.adapterId = r.requireString(node, "adapter", StringRule::NonEmpty);
        path.controllerId = r.requireString(node, "controller", StringRule::NonEmpty);
        path.target = static_cast<std::uint32_t>(r.requireInt(node, "target", 0, 255));
        path.weight = static_cast<std::uint32_t>(r.optionalInt(node, "weight", 0, 1'000'000).value_or(0));
        path.failed = r.boolOr(node, "failed", false);
        return path;
    }

    LunSpec readLun(const JsonNode &node, const std::string &serverId)
    {
        JsonReader &r = m_reader;
        LunSpec lun;
        r.rejectUnknownMembers(node, {"id", "caption", "array", "lun", "serial", "sizeGiB", "owner", "alua", "pool",
                                      "status", "dataCorePath", "traffic", "mpio", "paths"});
        lun.id = readId(node, "lun", "LUN id");
        lun.arrayId = r.requireString(node, "array", StringRule::NonEmpty);
        lun.lun = static_cast<std::uint32_t>(r.requireInt(node, "lun", 0, 254));
        const JsonNode serial = r.requireMember(node, "serial");
        lun.serial = r.readString(serial, StringRule::NonEmpty);
        claimId("serial\n" + serverId, lun.serial, serial, "serial");
        lun.caption = r.stringOr(node, "caption", {});
        const double sizeGiB = r.requireNumber(node, "sizeGiB", 0.001, 1024.0 * 1024.0);
        lun.sizeBytes = static_cast<std::uint64_t>(sizeGiB * 1024.0 * 1024.0 * 1024.0);
        lun.ownerControllerId = r.requireString(node, "owner", StringRule::NonEmpty);
        lun.alua = r.boolOr(node, "alua", true);
        lun.pool = r.stringOr(node, "pool", {});
        lun.status = r.stringOr(node, "status", lun.status);
        lun.dataCorePathId = r.stringOr(node, "dataCorePath", {});

        if (const JsonNode traffic = r.optionalObject(node, "traffic")) {
            r.rejectUnknownMembers(traffic, {"readIops", "writeIops", "blockSize"});
            lun.traffic.readIops = r.requireNumber(traffic, "readIops", 0.0, 1e7);
            lun.traffic.writeIops = r.requireNumber(traffic, "writeIops", 0.0, 1e7);
            lun.traffic.blockSize = static_cast<std::uint32_t>(
                r.optionalInt(traffic, "blockSize", 512, 16 * 1024 * 1024).value_or(lun.traffic.blockSize));
        }
        if (const JsonNode mpio = r.optionalObject(node, "mpio")) {
            r.rejectUnknownMembers(mpio, {"claimed", "policy", "preferredPath"});
            lun.claimed = r.requireBool(mpio, "claimed");
            lun.policy = r.optionalEnum(mpio, "policy", JsonEnumNames<LoadBalancePolicy>(kPolicies))
                             .value_or(LoadBalancePolicy::Unknown);
            lun.preferredPathId = r.stringOr(mpio, "preferredPath", {});
        }

        const JsonNode list = r.requireMember(node, "paths");
        std::map<std::pair<std::string, std::uint32_t>, TextPosition> addresses;
        for (const JsonNode &item : r.readArray(list)) {
            PathSpec path = readPath(item, serverId + '\n' + lun.id);
            // Two paths through the same HBA port to the same target are one I_T nexus.
            const auto [it, inserted] =
                addresses.emplace(std::make_pair(path.adapterId, path.target), item.position());
            if (r.ok() && !inserted) {
                r.fail(item, "another path of this LUN already uses adapter \"" + path.adapterId + "\" and target "
                                 + std::to_string(path.target) + " (line " + std::to_string(it->second.line)
                                 + ", column " + std::to_string(it->second.column) + ")");
            }
            lun.paths.push_back(std::move(path));
        }
        m_lunNodes.emplace_back(serverId, lun.id, node);
        return lun;
    }

    ServerSpec readServer(const JsonNode &node)
    {
        JsonReader &r = m_reader;
        ServerSpec spec;
        r.rejectUnknownMembers(node, {"id", "name", "hostName", "state", "version", "adapters", "ports", "mpio",
                                      "system", "luns"});
        DataCoreServer &server = spec.server;
        server.id = readId(node, "server", "server id");
        const JsonNode name = r.requireMember(node, "name");
        server.name = r.readString(name, StringRule::NonEmpty);
        claimId("server name", lowerCase(server.name), name, "server name");
        const JsonNode host = r.requireMember(node, "hostName");
        server.hostName = r.readString(host, StringRule::NonEmpty);
        claimId("host", lowerCase(server.hostName), host, "host name");
        server.state = std::string(r.requireEnum(node, "state", JsonEnumNames<std::string_view>(kServerStates)));
        server.version = r.requireString(node, "version", StringRule::NonEmpty);

        for (const JsonNode &item : r.optionalArray(node, "adapters"))
            spec.adapters.push_back(readAdapter(item, server.id));
        for (const JsonNode &item : r.optionalArray(node, "ports"))
            spec.ports.push_back(readPort(item, server.id));
        if (const JsonNode mpio = r.optionalObject(node, "mpio")) {
            r.rejectUnknownMembers(mpio, {"featureInstalled", "defaultPolicy", "firstSystemDisk"});
            spec.mpio.featureInstalled = r.boolOr(mpio, "featureInstalled", true);
            spec.mpio.defaultPolicy = r.optionalEnum(mpio, "defaultPolicy", JsonEnumNames<LoadBalancePolicy>(kPolicies));
            spec.mpio.firstSystemDisk =
                static_cast<std::uint32_t>(r.optionalInt(mpio, "firstSystemDisk", 0, 1000).value_or(1));
        }
        if (const JsonNode system = r.optionalObject(node, "system")) {
            r.rejectUnknownMembers(system, {"elevated", "rebootPending"});
            spec.system.elevated = r.boolOr(system, "elevated", spec.system.elevated);
            spec.system.rebootPending = r.boolOr(system, "rebootPending", spec.system.rebootPending);
        }
        if (spec.system.rebootPending)
            spec.rebootReasons.push_back("a restart was pending when the lab started");
        m_serverNodes.emplace_back(server.id, node);
        for (const JsonNode &item : r.optionalArray(node, "luns"))
            spec.luns.push_back(readLun(item, server.id));
        return spec;
    }

    FaultSpec readFault(const JsonNode &node)
    {
        JsonReader &r = m_reader;
        FaultSpec fault;
        r.rejectUnknownMembers(node, {"operation", "outcome", "server", "target", "message", "code", "times"});
        fault.operation = r.requireEnum(node, "operation", JsonEnumNames<LabOperation>(kOperations));
        fault.outcome = r.optionalEnum(node, "outcome", JsonEnumNames<FaultOutcome>(kOutcomes))
                            .value_or(FaultOutcome::Error);
        fault.serverId = r.stringOr(node, "server", {});
        fault.target = r.stringOr(node, "target", {});
        // An error needs its words; the other outcomes have usual ones.
        if (fault.outcome == FaultOutcome::Error)
            fault.message = r.requireString(node, "message", StringRule::NonEmpty);
        else
            fault.message = r.optionalString(node, "message", StringRule::NonEmpty).value_or(std::string());
        fault.code = static_cast<long>(r.optionalInt(node, "code", -2147483648LL, 4294967295LL).value_or(0));
        fault.remaining = r.optionalInt(node, "times", 1, 1'000'000);
        m_faultNodes.push_back(node);
        return fault;
    }

    // -- cross references -----------------------------------------------

    const JsonNode *findNode(const std::vector<std::pair<std::string, JsonNode>> &nodes, const std::string &id) const
    {
        for (const auto &[key, node] : nodes) {
            if (key == id)
                return &node;
        }
        return nullptr;
    }

    void checkReferences(Scenario &scenario)
    {
        JsonReader &r = m_reader;
        for (std::size_t s = 0; s < scenario.servers.size() && r.ok(); ++s) {
            ServerSpec &server = scenario.servers[s];
            const JsonNode serverNode = *findNode(m_serverNodes, server.server.id);
            const std::vector<JsonNode> adapterNodes = r.optionalArray(serverNode, "adapters");
            for (std::size_t a = 0; a < server.adapters.size() && r.ok(); ++a) {
                AdapterSpec &adapter = server.adapters[a];
                const JsonNode &node = adapterNodes[a];
                if (!scenario.driver(adapter.driverId)) {
                    r.fail(r.requireMember(node, "driver"), "unknown driver \"" + adapter.driverId + "\"");
                    return;
                }
                const std::vector<JsonNode> compatible = r.requireArray(node, "compatibleDrivers");
                for (std::size_t c = 0; c < adapter.compatibleDriverIds.size(); ++c) {
                    if (!scenario.driver(adapter.compatibleDriverIds[c])) {
                        r.fail(compatible[c], "unknown driver \"" + adapter.compatibleDriverIds[c] + "\"");
                        return;
                    }
                }
                if (adapter.previousDriverId && !scenario.driver(*adapter.previousDriverId)) {
                    r.fail(r.requireMember(node, "previousDriver"),
                           "unknown driver \"" + *adapter.previousDriverId + "\"");
                    return;
                }
                // The current driver is always a candidate for its own device.
                if (std::find(adapter.compatibleDriverIds.begin(), adapter.compatibleDriverIds.end(), adapter.driverId)
                    == adapter.compatibleDriverIds.end())
                    adapter.compatibleDriverIds.push_back(adapter.driverId);
            }
            for (LunSpec &lun : server.luns) {
                checkLun(scenario, server, lun, *findLunNode(server.server.id, lun.id));
                if (!r.ok())
                    return;
            }
        }
        for (std::size_t f = 0; f < scenario.faults.size() && r.ok(); ++f)
            checkFault(scenario, scenario.faults[f], m_faultNodes[f]);
    }

    const JsonNode *findLunNode(const std::string &serverId, const std::string &lunId) const
    {
        for (const auto &[server, lun, node] : m_lunNodes) {
            if (server == serverId && lun == lunId)
                return &node;
        }
        return nullptr;
    }

    void checkLun(const Scenario &scenario, ServerSpec &server, LunSpec &lun, const JsonNode &node)
    {
        JsonReader &r = m_reader;
        const ArraySpec *array = scenario.array(lun.arrayId);
        if (!array) {
            r.fail(r.requireMember(node, "array"), "unknown array \"" + lun.arrayId + "\"");
            return;
        }
        if (!array->controller(lun.ownerControllerId)) {
            r.fail(r.requireMember(node, "owner"),
                   "unknown controller \"" + lun.ownerControllerId + "\" of array \"" + array->id + "\"");
            return;
        }
        if (lun.caption.empty())
            lun.caption = array->vendor + ' ' + array->product + " LUN " + std::to_string(lun.lun);

        const std::vector<JsonNode> pathNodes = r.requireArray(node, "paths");
        bool nativePath = false;
        for (std::size_t p = 0; p < lun.paths.size(); ++p) {
            const PathSpec &path = lun.paths[p];
            const AdapterSpec *adapter = server.adapter(path.adapterId);
            if (!adapter) {
                r.fail(r.requireMember(pathNodes[p], "adapter"),
                       "unknown adapter \"" + path.adapterId + "\" on server \"" + server.server.name + "\"");
                return;
            }
            if (adapter->adapter.deviceClass != DeviceClass::ScsiAdapter || !adapter->scsiPort) {
                r.fail(r.requireMember(pathNodes[p], "adapter"),
                       "adapter \"" + path.adapterId + "\" is not a SCSI adapter with a scsiPort");
                return;
            }
            if (!array->controller(path.controllerId)) {
                r.fail(r.requireMember(pathNodes[p], "controller"),
                       "unknown controller \"" + path.controllerId + "\" of array \"" + array->id + "\"");
                return;
            }
            if (!scenario.driver(adapter->driverId)->dataCore)
                nativePath = true;
        }
        if (!lun.dataCorePathId.empty()) {
            const PathSpec *chosen = lun.path(lun.dataCorePathId);
            const JsonNode at = r.requireMember(node, "dataCorePath");
            if (!chosen) {
                r.fail(at, "unknown path \"" + lun.dataCorePathId + "\" of this LUN");
                return;
            }
            if (!scenario.driver(server.adapter(chosen->adapterId)->driverId)->dataCore) {
                r.fail(at, "path \"" + lun.dataCorePathId + "\" runs through an adapter without the DataCore driver");
                return;
            }
        }
        if (!lun.preferredPathId.empty() && !lun.path(lun.preferredPathId)) {
            const JsonNode mpio = r.requireMember(node, "mpio");
            r.fail(r.requireMember(mpio, "preferredPath"), "unknown path \"" + lun.preferredPathId + "\" of this LUN");
            return;
        }
        if (lun.claimed) {
            const JsonNode mpio = r.requireMember(node, "mpio");
            if (!server.mpio.featureInstalled) {
                r.fail(r.requireMember(mpio, "claimed"), "the server's MPIO feature is not installed");
                return;
            }
            if (!nativePath) {
                r.fail(r.requireMember(mpio, "claimed"),
                       "MPIO cannot claim this LUN: none of its paths runs through an adapter with a native driver");
                return;
            }
        }
    }

    void checkFault(const Scenario &scenario, const FaultSpec &fault, const JsonNode &node)
    {
        JsonReader &r = m_reader;
        const auto operationIs = [&fault](std::initializer_list<LabOperation> operations) {
            return std::find(operations.begin(), operations.end(), fault.operation) != operations.end();
        };
        if (fault.outcome == FaultOutcome::RebootRequired
            && !operationIs({LabOperation::InstallDriver, LabOperation::RollBackDriver, LabOperation::Claim})) {
            r.fail(r.requireMember(node, "outcome"), "\"rebootRequired\" applies to installDriver, rollBackDriver and "
                                                     "claim only");
            return;
        }
        if (fault.outcome == FaultOutcome::Vanish
            && !operationIs({LabOperation::InstallDriver, LabOperation::RollBackDriver,
                             LabOperation::CompatibleDrivers})) {
            r.fail(r.requireMember(node, "outcome"), "\"vanish\" applies to installDriver, rollBackDriver and "
                                                     "compatibleDrivers only");
            return;
        }
        const ServerSpec *server = nullptr;
        if (!fault.serverId.empty()) {
            for (const ServerSpec &s : scenario.servers) {
                if (s.server.id == fault.serverId)
                    server = &s;
            }
            if (!server) {
                r.fail(r.requireMember(node, "server"), "unknown server \"" + fault.serverId + "\"");
                return;
            }
        }
        if (fault.target.empty())
            return;
        const auto anyServer = [&](auto &&predicate) {
            if (server)
                return predicate(*server);
            return std::any_of(scenario.servers.begin(), scenario.servers.end(), predicate);
        };
        bool known = false;
        std::string_view what;
        switch (fault.operation) {
        case LabOperation::CompatibleDrivers:
        case LabOperation::InstallDriver:
        case LabOperation::RollBackDriver:
            what = "adapter";
            known = anyServer([&](const ServerSpec &s) { return s.adapter(fault.target) != nullptr; });
            break;
        case LabOperation::DeletePort:
            what = "port";
            known = anyServer([&](const ServerSpec &s) {
                return std::any_of(s.ports.begin(), s.ports.end(),
                                   [&](const PortSpec &p) { return p.port.id == fault.target; });
            });
            break;
        case LabOperation::SetPolicy:
            what = "LUN";
            known = anyServer([&](const ServerSpec &s) {
                return std::any_of(s.luns.begin(), s.luns.end(), [&](const LunSpec &l) { return l.id == fault.target; });
            });
            break;
        default:
            r.fail(r.requireMember(node, "target"),
                   "operation \"" + std::string(toString(fault.operation)) + "\" takes no target");
            return;
        }
        if (!known)
            r.fail(r.requireMember(node, "target"), "unknown " + std::string(what) + " \"" + fault.target + "\"");
    }

    JsonReader &m_reader;
    std::map<std::string, TextPosition> m_ids;
    std::vector<std::pair<std::string, JsonNode>> m_serverNodes;
    std::vector<std::tuple<std::string, std::string, JsonNode>> m_lunNodes;
    std::vector<JsonNode> m_faultNodes;
};

Error loadError(const std::string &sourceName, TextPosition position, const std::string &reason)
{
    return Error{"lab: load scenario",
                 sourceName + ':' + std::to_string(position.line) + ':' + std::to_string(position.column) + ": "
                     + reason,
                 0};
}

/// MPIO disk numbers for LUNs claimed in the file, in file order, and their
/// policy where the file leaves it to MSDSM's default.
void assignMpioDisks(ServerSpec &server)
{
    std::uint32_t next = 0;
    for (LunSpec &lun : server.luns) {
        if (!lun.claimed)
            continue;
        lun.mpioDisk = next++;
        if (lun.policy == LoadBalancePolicy::Unknown) {
            lun.policy = server.mpio.defaultPolicy.value_or(lun.alua ? LoadBalancePolicy::RoundRobinWithSubset
                                                                     : LoadBalancePolicy::RoundRobin);
        }
    }
}

} // namespace

Result<Scenario> loadScenario(std::string_view json, const std::string &sourceName)
{
    JsonSyntaxError syntax;
    const Result<JsonValue> document = parseJson(json, &syntax);
    if (!document)
        return loadError(sourceName, syntax.position, syntax.reason);

    JsonReader reader;
    ScenarioLoader loader(reader);
    Scenario scenario = loader.load(JsonReader::root(*document));
    if (!reader.ok())
        return loadError(sourceName, reader.error()->position, reader.error()->describe());
    for (ServerSpec &server : scenario.servers)
        assignMpioDisks(server);
    scenario.textHash = hashText(json);
    return scenario;
}

} // namespace pathlens::lab
