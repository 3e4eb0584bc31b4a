#include "restparser.h"

#include "platform/text/isotime.h"

#include "restvalues.h"

#include "platform/json/jsonreader.h"
#include "platform/text/textdecode.h"

#include <cmath>
#include <limits>
#include <span>
#include <utility>

namespace pathlens {

std::string DataCoreWarning::toString() const
{
    std::string text = path.empty() ? message : path + ": " + message;
    return text + " (line " + std::to_string(position.line) + ", column " + std::to_string(position.column) + ')';
}

namespace {

constexpr std::string_view kPortsOperation = "DataCore 1.0/ports";
constexpr std::string_view kServersOperation = "DataCore 2.0/servers";
constexpr std::string_view kDisksOperation = "DataCore 2.0/physicaldisks";

/// A value quoted for a message: shortened, control characters shown as '?',
/// so a hostile value cannot flood or garble a log line.
std::string quoted(std::string_view text)
{
    constexpr std::size_t kMax = 60;
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size() && i < kMax; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        out += (c < 0x20 || c == 0x7F) ? '?' : static_cast<char>(c);
    }
    if (text.size() > kMax)
        out += "...";
    out += '"';
    return out;
}

bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    if (text.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i])
            return false;
    }
    return true;
}

bool looksLikeIscsiName(std::string_view name)
{
    return startsWithNoCase(name, "iqn.") || startsWithNoCase(name, "eui.") || startsWithNoCase(name, "naa.");
}

/// What kind of DataCore object this is, judged by members only that kind
/// has. Lets a parser fed the wrong file say what it got instead of failing on
/// some missing member.
struct Sniffed {
    std::string_view kind;
    std::string_view key; ///< the member that gave it away
};

Sniffed sniffKind(const JsonValue &object)
{
    static constexpr std::pair<std::string_view, std::string_view> kMarkers[] = {
        {"ServerPorts", "server"},      {"ProductBuild", "server"},         {"ClientPorts", "host"},
        {"PoolMembers", "pool"},        {"FirstHostId", "virtual disk"},    {"VirtualDiskGroupId", "virtual disk"},
        {"MessageText", "alert"},       {"OurGroup", "server group"},       {"DiskIndex", "physical disk"},
        {"ScsiPath", "physical disk"},  {"PortType", "port"},
    };
    for (const auto &[key, kind] : kMarkers) {
        if (object.find(key))
            return Sniffed{kind, key};
    }
    return {};
}

struct Shape {
    std::string_view kind;                     ///< "port"
    std::span<const std::string_view> required;
    std::span<const std::string_view> anyOf;   ///< at least one of these; empty: no such rule
};

constexpr std::string_view kPortRequired[] = {"Id", "PortType"};
constexpr std::string_view kServerRequired[] = {"Id", "HostName"};
constexpr std::string_view kDiskRequired[] = {"Id"};
constexpr std::string_view kDiskAnyOf[] = {"InquiryData", "DiskIndex", "ScsiPath", "Size"};

constexpr Shape kPortShape{"port", kPortRequired, {}};
constexpr Shape kServerShape{"server", kServerRequired, {}};
constexpr Shape kDiskShape{"physical disk", kDiskRequired, kDiskAnyOf};

/// JsonReader plus the warnings and the DataCore value conventions.
class RestReader final
{
public:
    bool ok() const { return m_json.ok(); }
    std::vector<DataCoreWarning> takeWarnings() { return std::move(m_warnings); }

    Error error(std::string_view operation) const
    {
        return Error{std::string(operation), m_json.error() ? m_json.error()->toString() : "unknown error", 0};
    }

    void warn(const JsonNode &at, std::string message)
    {
        m_warnings.push_back(DataCoreWarning{at.path, at.position(), std::move(message)});
    }

    /// The objects of the response: the array's items, the one object, or the
    /// items of PowerShell 5.1's {"value": [...], "Count": n} wrapper.
    std::vector<JsonNode> topLevelItems(const JsonValue &document, std::string_view plural, std::string_view kind)
    {
        const JsonNode root = JsonReader::root(document);
        if (document.isArray())
            return m_json.readArray(root);
        if (document.isObject()) {
            const auto &members = document.members();
            if (members.size() == 2 && document.find("value") && document.find("Count")
                && document.find("value")->isArray())
                return m_json.readArray(JsonNode{document.find("value"), "value"});
            return {root};
        }
        m_json.fail(root, "expected an array of DataCore " + std::string(plural) + " or a single " + std::string(kind)
                              + " object but found " + std::string(document.kindName()));
        return {};
    }

    /// True when `item` is an object of the expected kind; else records why not.
    bool checkShape(const JsonNode &item, const Shape &shape)
    {
        if (!m_json.expectObject(item))
            return false;
        const Sniffed sniffed = sniffKind(*item.value);
        if (!sniffed.kind.empty() && sniffed.kind != shape.kind) {
            m_json.fail(item, "looks like a DataCore " + std::string(sniffed.kind) + " (it has \""
                                  + std::string(sniffed.key) + "\"), not a " + std::string(shape.kind)
                                  + "; was the wrong file or endpoint read?");
            return false;
        }
        for (std::string_view key : shape.required) {
            const JsonValue *value = item.value->find(key);
            if (!value || value->isNull()) {
                m_json.fail(item.childPath(key), item.position(),
                            "required field of a DataCore " + std::string(shape.kind) + " is missing");
                return false;
            }
        }
        if (!shape.anyOf.empty()) {
            bool found = false;
            std::string names;
            for (std::string_view key : shape.anyOf) {
                const JsonValue *value = item.value->find(key);
                found = found || (value && !value->isNull());
                names += names.empty() ? "" : ", ";
                names += key;
            }
            if (!found) {
                m_json.fail(item, "not a DataCore " + std::string(shape.kind) + ": none of " + names
                                      + " is present");
                return false;
            }
        }
        return true;
    }

    // -- plain members ------------------------------------------------------

    std::string text(const JsonNode &object, std::string_view key) { return m_json.stringOr(object, key, {}); }
    std::optional<std::int64_t> integer(const JsonNode &object, std::string_view key)
    {
        return m_json.optionalInt(object, key);
    }
    std::optional<bool> flag(const JsonNode &object, std::string_view key) { return m_json.optionalBool(object, key); }
    JsonNode object(const JsonNode &object, std::string_view key) { return m_json.optionalObject(object, key); }
    std::vector<std::string> texts(const JsonNode &object, std::string_view key)
    {
        return m_json.optionalStringArray(object, key);
    }
    /// Items of an array member; none when absent, null, or after an error.
    std::vector<JsonNode> array(const JsonNode &object, std::string_view key)
    {
        if (!ok())
            return {};
        return m_json.optionalArray(object, key);
    }

    /// A size: {"Value": bytes} as the API writes it, or a bare number.
    std::optional<std::uint64_t> bytes(const JsonNode &object, std::string_view key)
    {
        const JsonNode node = m_json.optionalMember(object, key);
        if (!node)
            return std::nullopt;
        if (node.value->isObject())
            return unsignedValue(m_json.requireMember(node, "Value"));
        if (node.value->isNumber())
            return unsignedValue(node);
        m_json.fail(node, "expected a size ({\"Value\": bytes}) but found " + std::string(node.value->kindName()));
        return std::nullopt;
    }

    /// A non-negative integer up to 2^64 - 1. The JSON model keeps exact
    /// integers only up to 2^63 - 1; larger ones (the API's "unlimited" is
    /// 18446744073709551615) arrive as doubles and may lose low digits.
    std::optional<std::uint64_t> unsignedValue(const JsonNode &node)
    {
        if (!ok())
            return std::nullopt;
        if (!node) {
            m_json.fail(node, "required field is missing");
            return std::nullopt;
        }
        if (!node.value->isNumber()) {
            m_json.fail(node, "expected a number but found " + std::string(node.value->kindName()));
            return std::nullopt;
        }
        if (const auto exact = node.value->asInt64()) {
            if (*exact < 0) {
                m_json.fail(node, std::to_string(*exact) + " is negative, expected a count of bytes");
                return std::nullopt;
            }
            return static_cast<std::uint64_t>(*exact);
        }
        const double value = node.value->asNumber();
        if (!std::isfinite(value) || std::trunc(value) != value || value < 0) {
            m_json.fail(node, "expected a non-negative integer");
            return std::nullopt;
        }
        if (value >= 18446744073709551616.0)
            return std::numeric_limits<std::uint64_t>::max();
        return static_cast<std::uint64_t>(value);
    }

    /// A "/Date(ms)/" member. Absent, null or DateTime.MinValue ("never")
    /// give nullopt silently; an unreadable date gives nullopt and a warning.
    std::optional<std::chrono::system_clock::time_point> date(const JsonNode &object, std::string_view key)
    {
        const JsonNode node = m_json.optionalMember(object, key);
        if (!node)
            return std::nullopt;
        const std::string text = m_json.readString(node);
        if (!ok())
            return std::nullopt;
        const std::optional<DataCoreDate> parsed = parseDataCoreDate(text);
        if (!parsed) {
            warn(node, "not a date: " + quoted(text));
            return std::nullopt;
        }
        if (parsed->isUnset())
            return std::nullopt;
        const auto time = parsed->timePoint();
        if (!time)
            warn(node, "date " + quoted(text) + " is outside the times this program can hold (" + clockSpanText() + ")");
        return time;
    }

    /// Role flags: the REST number, or role names as 2.0 "Roles" and the
    /// cmdlets write them. Unreadable roles are an error, not "none": the
    /// driver-replacement preflight decides on them.
    std::optional<RoleFlags> roles(const JsonNode &object, std::string_view key)
    {
        const JsonNode node = m_json.optionalMember(object, key);
        if (!node)
            return std::nullopt;
        if (node.value->isNumber()) {
            const std::int64_t bits = m_json.readInt(node, 0, std::numeric_limits<std::uint32_t>::max());
            if (!ok())
                return std::nullopt;
            constexpr RoleFlags known = RoleFrontEnd | RoleBackEnd | RoleMirror;
            const auto flags = static_cast<RoleFlags>(bits);
            if ((flags & ~known) != 0)
                warn(node, "unknown role bits in " + std::to_string(bits) + " ignored; read as "
                               + quoted(rolesToString(flags & known)));
            return flags & known;
        }
        if (node.value->isString()) {
            if (const auto flags = parseDataCoreRoleNames(node.value->asString()))
                return flags;
            m_json.fail(node, "expected role flags (a number such as 1, or names such as \"FE,MR\" or "
                              "\"FrontEnd, Mirror\") but found "
                                  + quoted(node.value->asString()));
            return std::nullopt;
        }
        m_json.fail(node, "expected role flags (a number or role names) but found "
                              + std::string(node.value->kindName()));
        return std::nullopt;
    }

    /// An enum sent as a REST number or a cmdlet string. A value this parser
    /// does not know is a warning (the API grows: NVMe/TCP ports are coming);
    /// another JSON kind is an error.
    template <typename E>
    std::optional<E> enumValue(const JsonNode &object, std::string_view key,
                               std::optional<E> (*fromCode)(std::int64_t),
                               std::optional<E> (*fromName)(std::string_view))
    {
        const JsonNode node = m_json.optionalMember(object, key);
        if (!node)
            return std::nullopt;
        if (node.value->isNumber()) {
            const std::int64_t code = m_json.readInt(node);
            if (!ok())
                return std::nullopt;
            if (const auto value = fromCode(code))
                return value;
            warn(node, "unknown " + std::string(key) + ' ' + std::to_string(code) + ", read as Unknown");
            return std::nullopt;
        }
        if (node.value->isString()) {
            if (const auto value = fromName(node.value->asString()))
                return value;
            warn(node, "unknown " + std::string(key) + ' ' + quoted(node.value->asString()) + ", read as Unknown");
            return std::nullopt;
        }
        m_json.fail(node, "expected a number or a string but found " + std::string(node.value->kindName()));
        return std::nullopt;
    }

    // -- objects ------------------------------------------------------------

    void readPort(const JsonNode &node, const std::string &fallbackServerId, DataCorePort &port,
                  DataCorePortExtra &extra);
    void readServer(const JsonNode &node, DataCoreServer &server, DataCoreServerExtra &extra);
    void readDisk(const JsonNode &node, const std::string &fallbackServerId, BackEndDisk &disk,
                  BackEndDiskExtra &extra);

private:
    void readPortNames(const JsonNode &node, DataCorePort &port, DataCorePortExtra &extra);
    void readPortRoles(const JsonNode &node, DataCorePort &port, DataCorePortExtra &extra);
    void readPortPresence(const JsonNode &node, DataCorePort &port, const DataCorePortExtra &extra);
    void readIdInfo(const JsonNode &node, DataCorePort &port, DataCorePortExtra &extra);

    JsonReader m_json;
    std::vector<DataCoreWarning> m_warnings;
};

void RestReader::readPort(const JsonNode &node, const std::string &fallbackServerId, DataCorePort &port,
                          DataCorePortExtra &extra)
{
    extra.position = node.position();
    port.id = text(node, "Id");
    port.serverId = text(node, "HostId");
    if (port.serverId.empty())
        port.serverId = fallbackServerId;
    extra.caption = text(node, "Caption");
    port.alias = text(node, "Alias");
    if (port.alias.empty())
        port.alias = extra.caption; // the console shows the caption where no alias is set
    extra.extendedCaption = text(node, "ExtendedCaption");
    extra.physicalName = text(node, "PhysicalName");
    extra.ipAddress = text(node, "PortIpAddress");
    extra.status = text(node, "Status");
    extra.statusLevel = integer(node, "StatusLevel");
    extra.aluaId = integer(node, "AluaId");

    port.type = enumValue<PortType>(node, "PortType", dataCorePortTypeFromCode, dataCorePortTypeFromName)
                    .value_or(PortType::Unknown);
    port.mode = enumValue<PortMode>(node, "PortMode", dataCorePortModeFromCode, dataCorePortModeFromName)
                    .value_or(PortMode::Unknown);
    port.connected = flag(node, "Connected").value_or(false);

    readPortNames(node, port, extra);
    readPortRoles(node, port, extra);
    readPortPresence(node, port, extra);
    readIdInfo(node, port, extra);

    if (const JsonNode state = object(node, "StateInfo")) {
        const JsonNode code = m_json.optionalMember(state, "State");
        if (code && code.value->isString())
            extra.linkStateText = code.value->asString();
        else
            extra.linkStateCode = integer(state, "State");
        if (const JsonNode errors = object(state, "LinkErrors")) {
            if (const JsonNode total = m_json.optionalMember(errors, "TotalErrorCount"))
                extra.linkErrorCount = unsignedValue(total);
        }
    }
    if (const JsonNode performance = object(node, "PerformanceData"))
        extra.collectionTime = date(performance, "CollectionTime");
}

void RestReader::readPortNames(const JsonNode &node, DataCorePort &port, DataCorePortExtra &extra)
{
    // 1.0 has PortName (WWPN, or the IQN of an iSCSI port); 2.0 has PortName
    // null and PortWwn / PortIqn instead; host ports carry PortName.
    const std::string portName = text(node, "PortName");
    const std::string portWwn = text(node, "PortWwn");
    const std::string portIqn = text(node, "PortIqn");
    const bool nameIsIscsi = looksLikeIscsiName(portName);
    extra.wwn = !portWwn.empty() ? portWwn : (nameIsIscsi ? std::string() : portName);
    extra.iqn = !portIqn.empty() ? portIqn : (nameIsIscsi ? portName : std::string());

    // An all-zero WWN is the placeholder of a port without hardware, not a name.
    const std::string wwn = isNullWwn(extra.wwn) ? std::string() : extra.wwn;
    if (port.type == PortType::iSCSI)
        port.portName = !extra.iqn.empty() ? extra.iqn : wwn;
    else
        port.portName = !wwn.empty() ? wwn : extra.iqn;
}

void RestReader::readPortRoles(const JsonNode &node, DataCorePort &port, DataCorePortExtra &extra)
{
    std::optional<RoleFlags> fromBits;
    const JsonNode properties = object(node, "ServerPortProperties");
    extra.isServerPort = static_cast<bool>(properties);
    if (properties)
        fromBits = roles(properties, "Role");

    const JsonNode rolesNode = m_json.optionalMember(node, "Roles");
    if (rolesNode && rolesNode.value->isString())
        extra.rolesText = rolesNode.value->asString();
    const std::optional<RoleFlags> fromNames = roles(node, "Roles");
    extra.roleCapability = roles(node, "RoleCapability");
    extra.frontEndRoleInUse = flag(node, "FrontEndRoleInUse");
    extra.backEndRoleInUse = flag(node, "BackEndRoleInUse");
    extra.mirrorRoleInUse = flag(node, "MirrorRoleInUse");
    if (!ok())
        return;

    extra.rolesReported = fromBits || fromNames;
    // The number is the raw configuration; the names are derived from it.
    port.roles = fromBits ? *fromBits : fromNames.value_or(RoleNone);
    if (fromBits && fromNames && *fromBits != *fromNames) {
        warn(rolesNode, "Roles " + quoted(extra.rolesText.empty() ? rolesToString(*fromNames) : extra.rolesText)
                            + " differs from ServerPortProperties.Role " + std::to_string(*fromBits)
                            + "; using Role");
    }
}

void RestReader::readPortPresence(const JsonNode &node, DataCorePort &port, const DataCorePortExtra &extra)
{
    const std::optional<Presence> fromStatusCode = enumValue<Presence>(node, "PresenceStatus",
                                                                      dataCorePresenceFromCode,
                                                                      dataCorePresenceFromName);
    // Status says "Not present" for a missing port (and "Present" for host
    // ports); other status words ("Loop/Link up") say nothing about presence.
    const std::optional<Presence> fromWords = dataCorePresenceFromName(extra.status);
    if (!ok())
        return;
    if (fromStatusCode) {
        port.presence = *fromStatusCode;
        if (fromWords && *fromWords != *fromStatusCode) {
            warn(m_json.optionalMember(node, "Status"),
                 "Status " + quoted(extra.status) + " contradicts PresenceStatus; using PresenceStatus");
        }
    } else if (fromWords) {
        port.presence = *fromWords;
    } else if (port.connected) {
        port.presence = Presence::Present; // a port with a live connection exists
    }
    if (port.connected && port.presence == Presence::NotPresent)
        warn(node, "port is Not present but reports Connected");
}

void RestReader::readIdInfo(const JsonNode &node, DataCorePort &port, DataCorePortExtra &extra)
{
    const JsonNode idInfo = object(node, "IdInfo");
    if (!idInfo)
        return;
    port.driverName = text(idInfo, "DriverName");
    extra.driverVersion = text(idInfo, "DriverVersion");
    extra.firmwareVersion = text(idInfo, "FirmwareVersion");
    extra.hbaVendorName = text(idInfo, "HBAVendorName");
    extra.hbaProductName = text(idInfo, "HBAProductName");

    const JsonNode pci = object(idInfo, "PCIInfo");
    if (!pci)
        return;
    const auto bus = integer(pci, "Bus");
    const auto slot = integer(pci, "Slot");
    const auto function = integer(pci, "Function");
    const auto vendorId = integer(pci, "VendorId");
    const auto deviceId = integer(pci, "DeviceId");
    if (!ok())
        return;

    // PCI ids are 16 bits; anything else is not an id to show or compare.
    const auto pciId = [this, &pci](const std::optional<std::int64_t> &value,
                                    std::string_view key) -> std::optional<std::uint32_t> {
        if (!value)
            return std::nullopt;
        if (*value < 0 || *value > 0xFFFF) {
            warn(m_json.optionalMember(pci, key), std::string(key) + ' ' + std::to_string(*value) + " is not a PCI id");
            return std::nullopt;
        }
        return static_cast<std::uint32_t>(*value);
    };
    extra.pciVendorId = pciId(vendorId, "VendorId");
    extra.pciDeviceId = pciId(deviceId, "DeviceId");

    if (!bus || !slot || !function) {
        if (bus || slot || function)
            warn(pci, "PCIInfo lacks Bus, Slot or Function; no PCI location");
        return;
    }
    // Matching ports to adapters by a nonsense location could pick the wrong
    // HBA, so out-of-range numbers give no location rather than a clamped one.
    if (*bus < 0 || *bus > 255 || *slot < 0 || *slot > 31 || *function < 0 || *function > 7) {
        warn(pci, "PCI location bus " + std::to_string(*bus) + ", slot " + std::to_string(*slot) + ", function "
                      + std::to_string(*function)
                      + " is outside the PCI ranges (bus 0-255, slot 0-31, function 0-7); not used for matching");
        return;
    }
    port.pci = PciLocation{static_cast<std::uint32_t>(*bus), static_cast<std::uint32_t>(*slot),
                           static_cast<std::uint32_t>(*function)};
}

void RestReader::readServer(const JsonNode &node, DataCoreServer &server, DataCoreServerExtra &extra)
{
    extra.position = node.position();
    server.id = text(node, "Id");
    server.name = text(node, "Caption");
    if (server.name.empty())
        server.name = text(node, "Alias");
    server.hostName = text(node, "HostName");
    server.groupId = text(node, "GroupId");
    server.version = text(node, "ProductVersion");
    extra.productBuild = text(node, "ProductBuild");
    extra.productName = text(node, "ProductName");
    extra.extendedCaption = text(node, "ExtendedCaption");
    extra.osVersion = text(node, "OsVersion");
    extra.status = text(node, "Status");
    extra.statusLevel = integer(node, "StatusLevel");
    extra.aluaGroupId = integer(node, "AluaGroupId");
    extra.ipAddresses = texts(node, "IpAddresses");
    extra.mpioCapable = flag(node, "MpioCapable");
    extra.regionNodeId = text(node, "RegionNodeId");

    // REST sends State as a number, the cmdlets as a word ("Online").
    const JsonNode state = m_json.optionalMember(node, "State");
    if (state && state.value->isString())
        server.state = state.value->asString();
    else
        extra.stateCode = integer(node, "State");
    if (server.state.empty())
        server.state = extra.status;

    if (const JsonNode configuration = object(node, "ConfigurationInfo"))
        extra.configurationTime = date(configuration, "TimeStamp");
    if (const JsonNode performance = object(node, "PerformanceData"))
        extra.collectionTime = date(performance, "CollectionTime");
}

void RestReader::readDisk(const JsonNode &node, const std::string &fallbackServerId, BackEndDisk &disk,
                          BackEndDiskExtra &extra)
{
    extra.position = node.position();
    disk.id = text(node, "Id");
    disk.serverId = text(node, "HostId");
    if (disk.serverId.empty())
        disk.serverId = fallbackServerId;
    extra.alias = text(node, "Alias");
    disk.caption = text(node, "Caption");
    if (disk.caption.empty())
        disk.caption = extra.alias;
    extra.extendedCaption = text(node, "ExtendedCaption");

    if (const JsonNode inquiry = object(node, "InquiryData")) {
        disk.vendor = std::string(trimBlanks(text(inquiry, "Vendor")));
        disk.product = std::string(trimBlanks(text(inquiry, "Product")));
        extra.revision = std::string(trimBlanks(text(inquiry, "Revision")));
        extra.inquirySerial = std::string(trimBlanks(text(inquiry, "Serial")));
    }
    extra.naaId = std::string(trimBlanks(text(node, "UniqueIdentifier")));
    extra.deviceIdString = std::string(trimBlanks(text(node, "ScsiDeviceIdString")));
    extra.serialNumber = std::string(trimBlanks(text(node, "SerialNumber")));
    for (const std::string *candidate : {&extra.naaId, &extra.deviceIdString, &extra.serialNumber,
                                         &extra.inquirySerial}) {
        if (!candidate->empty()) {
            disk.serial = *candidate;
            break;
        }
    }

    if (const auto size = bytes(node, "Size")) {
        disk.sizeBytes = *size;
        extra.sizeKnown = true;
    }
    extra.freeSpaceBytes = bytes(node, "FreeSpace");
    extra.sectorSizeBytes = bytes(node, "SectorSize");

    disk.status = text(node, "Status");
    extra.statusLevel = integer(node, "StatusLevel");
    extra.presence = enumValue<Presence>(node, "PresenceStatus", dataCorePresenceFromCode, dataCorePresenceFromName)
                         .value_or(Presence::Unknown);
    if (extra.presence == Presence::Unknown)
        extra.presence = dataCorePresenceFromName(disk.status).value_or(Presence::Unknown);

    extra.poolMemberId = text(node, "PoolMemberId");
    extra.usage = text(node, "Usage");
    if (const auto pool = dataCorePoolNameFromUsage(extra.usage))
        disk.poolName = *pool;
    extra.inPool = !extra.poolMemberId.empty() || !disk.poolName.empty();

    extra.inUse = flag(node, "InUse");
    extra.isDataCoreDisk = flag(node, "IsDataCoreDisk");
    extra.isBootDisk = flag(node, "IsBootDisk");
    extra.isSolidState = flag(node, "IsSolidState");
    extra.diskIndex = integer(node, "DiskIndex");
    extra.type = integer(node, "Type");
    extra.systemName = text(node, "SystemName");

    if (const JsonNode path = object(node, "ScsiPath")) {
        constexpr std::int64_t kMax = std::numeric_limits<std::uint32_t>::max();
        const auto port = m_json.optionalInt(path, "Port", 0, kMax);
        const auto bus = m_json.optionalInt(path, "Bus", 0, kMax);
        const auto target = m_json.optionalInt(path, "Target", 0, kMax);
        const auto lun = m_json.optionalInt(path, "LUN", 0, kMax);
        if (port && bus && target && lun) {
            extra.scsiPath = ScsiAddress{static_cast<std::uint32_t>(*port), static_cast<std::uint32_t>(*bus),
                                         static_cast<std::uint32_t>(*target), static_cast<std::uint32_t>(*lun)};
        } else if (ok()) {
            warn(path, "ScsiPath lacks Port, Bus, Target or LUN; no SCSI address");
        }
    }
    if (const JsonNode performance = object(node, "PerformanceData"))
        extra.collectionTime = date(performance, "CollectionTime");
}

// ---------------------------------------------------------------- documents

/// Text that decodeText must convert, or explain: UTF-16 with a BOM, or NUL
/// bytes at the start (UTF-16 without one). Plain UTF-8, with or without BOM,
/// goes straight to parseJson, which validates it as strictly and skips the
/// BOM; a second pass and copy would cost a tenth of the parse time.
bool needsDecoding(std::string_view bytes)
{
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF"))
        return true;
    return bytes.substr(0, 4).find('\0') != std::string_view::npos;
}

Result<JsonValue> parseDocument(std::string_view bytes, std::string_view operation)
{
    std::string decoded;
    if (needsDecoding(bytes)) {
        Result<std::string> text = decodeText(bytes);
        if (!text)
            return Error{std::string(operation), "cannot read the text: " + text.error().message, 0};
        decoded = std::move(text).value();
        bytes = decoded;
    }
    JsonSyntaxError syntax;
    Result<JsonValue> document = parseJson(bytes, &syntax);
    if (!document)
        return Error{std::string(operation), "not valid JSON: " + syntax.toString(), 0};
    return document;
}

} // namespace

Result<DataCorePortsParse> parsePortsJson(const JsonValue &document)
{
    RestReader reader;
    DataCorePortsParse result;
    const std::vector<JsonNode> items = reader.topLevelItems(document, "ports", "port");
    result.ports.reserve(items.size());
    result.extras.reserve(items.size());
    for (const JsonNode &item : items) {
        if (!reader.checkShape(item, kPortShape))
            break;
        reader.readPort(item, {}, result.ports.emplace_back(), result.extras.emplace_back());
        if (!reader.ok())
            break;
    }
    if (!reader.ok())
        return reader.error(kPortsOperation);
    result.warnings = reader.takeWarnings();
    return result;
}

Result<DataCoreServersParse> parseServersJson(const JsonValue &document)
{
    RestReader reader;
    DataCoreServersParse result;
    for (const JsonNode &item : reader.topLevelItems(document, "servers", "server")) {
        if (!reader.checkShape(item, kServerShape))
            break;
        reader.readServer(item, result.servers.emplace_back(), result.serverExtras.emplace_back());
        const std::string &serverId = result.servers.back().id;
        for (const JsonNode &portNode : reader.array(item, "ServerPorts")) {
            if (!reader.checkShape(portNode, kPortShape))
                break;
            reader.readPort(portNode, serverId, result.ports.emplace_back(), result.portExtras.emplace_back());
            if (!reader.ok())
                break;
        }
        for (const JsonNode &diskNode : reader.array(item, "PhysicalDisks")) {
            if (!reader.checkShape(diskNode, kDiskShape))
                break;
            reader.readDisk(diskNode, serverId, result.disks.emplace_back(), result.diskExtras.emplace_back());
            if (!reader.ok())
                break;
        }
        if (!reader.ok())
            break;
    }
    if (!reader.ok())
        return reader.error(kServersOperation);
    result.warnings = reader.takeWarnings();
    return result;
}

Result<DataCorePhysicalDisksParse> parsePhysicalDisksJson(const JsonValue &document)
{
    RestReader reader;
    DataCorePhysicalDisksParse result;
    const std::vector<JsonNode> items = reader.topLevelItems(document, "physical disks", "physical disk");
    result.disks.reserve(items.size());
    result.extras.reserve(items.size());
    for (const JsonNode &item : items) {
        if (!reader.checkShape(item, kDiskShape))
            break;
        reader.readDisk(item, {}, result.disks.emplace_back(), result.extras.emplace_back());
        if (!reader.ok())
            break;
    }
    if (!reader.ok())
        return reader.error(kDisksOperation);
    result.warnings = reader.takeWarnings();
    return result;
}

Result<DataCorePortsParse> parsePortsJson(std::string_view bytes)
{
    const Result<JsonValue> document = parseDocument(bytes, kPortsOperation);
    if (!document)
        return document.error();
    return parsePortsJson(*document);
}

Result<DataCoreServersParse> parseServersJson(std::string_view bytes)
{
    const Result<JsonValue> document = parseDocument(bytes, kServersOperation);
    if (!document)
        return document.error();
    return parseServersJson(*document);
}

Result<DataCorePhysicalDisksParse> parsePhysicalDisksJson(std::string_view bytes)
{
    const Result<JsonValue> document = parseDocument(bytes, kDisksOperation);
    if (!document)
        return document.error();
    return parsePhysicalDisksJson(*document);
}

} // namespace pathlens
