// The lab's saved state: what operations changed since the scenario was
// loaded (drivers, ports, claims, policies, used-up faults, pending restarts
// and the traffic bookkeeping), so a second process carries on with the same
// lab. The scenario itself is not repeated: the state names it by a hash of
// its text and is refused for any other.

#include "labstate.h"

#include "platform/json/json.h"
#include "platform/json/jsonreader.h"
#include "platform/windows/jsonwriter.h"

#include <cinttypes>
#include <cstdio>
#include <limits>

namespace pathlens::lab {

namespace {

constexpr std::string_view kFormat = "pathlens-lab-state";

constexpr std::pair<std::string_view, Presence> kPresences[] = {
    {"Present", Presence::Present},
    {"NotPresent", Presence::NotPresent},
    {"Unknown", Presence::Unknown},
};

constexpr std::pair<std::string_view, LoadBalancePolicy> kPolicies[] = {
    {"FOO", LoadBalancePolicy::FailOverOnly},   {"RR", LoadBalancePolicy::RoundRobin},
    {"RRWS", LoadBalancePolicy::RoundRobinWithSubset}, {"LQD", LoadBalancePolicy::LeastQueueDepth},
    {"WP", LoadBalancePolicy::WeightedPaths},   {"LB", LoadBalancePolicy::LeastBlocks},
    {"VS", LoadBalancePolicy::VendorSpecific},  {"?", LoadBalancePolicy::Unknown},
};

std::string hashHex(std::uint64_t hash)
{
    char text[17];
    std::snprintf(text, sizeof text, "%016" PRIx64, hash);
    return text;
}

std::string_view presenceName(Presence presence)
{
    for (const auto &[name, value] : kPresences) {
        if (value == presence)
            return name;
    }
    return "Unknown";
}

void optionalString(JsonWriter &out, std::string_view name, const std::optional<std::string> &value)
{
    out.key(name);
    if (value)
        out.string(*value);
    else
        out.null();
}

/// Reads a saved state into a copy of the scenario; the first problem wins.
class StateReader final
{
public:
    StateReader(JsonReader &reader, Scenario &scenario) : m_reader(reader), m_scenario(scenario) {}

    void read(const JsonNode &root)
    {
        JsonReader &r = m_reader;
        r.rejectUnknownMembers(root, {"format", "version", "scenario", "scenarioHash", "servers", "faults"});
        const JsonNode format = r.requireMember(root, "format");
        if (r.readString(format) != kFormat && r.ok())
            r.fail(format, "expected \"" + std::string(kFormat) + "\"");
        r.requireInt(root, "version", 1, 1);
        const std::string scenario = r.requireString(root, "scenario");
        const JsonNode hash = r.requireMember(root, "scenarioHash");
        if (r.readString(hash) != hashHex(m_scenario.textHash) && r.ok()) {
            r.fail(hash, "the state was saved for another scenario (\"" + scenario
                             + "\", or an earlier version of it); remove the state file to start the lab afresh");
        }

        const std::vector<JsonNode> servers = r.requireArray(root, "servers");
        if (r.ok() && servers.size() != m_scenario.servers.size())
            r.fail(r.requireMember(root, "servers"), "expected " + std::to_string(m_scenario.servers.size())
                                                         + " servers, as in the scenario");
        for (std::size_t i = 0; i < servers.size() && r.ok(); ++i)
            readServer(servers[i], m_scenario.servers[i]);

        const std::vector<JsonNode> faults = r.requireArray(root, "faults");
        if (r.ok() && faults.size() != m_scenario.faults.size())
            r.fail(r.requireMember(root, "faults"), "expected " + std::to_string(m_scenario.faults.size())
                                                        + " faults, as in the scenario");
        for (std::size_t i = 0; i < faults.size() && r.ok(); ++i) {
            r.rejectUnknownMembers(faults[i], {"remaining"});
            m_scenario.faults[i].remaining = r.optionalInt(faults[i], "remaining", 0, 1'000'000);
        }
    }

private:
    void expectId(const JsonNode &node, const std::string &expected)
    {
        const JsonNode id = m_reader.requireMember(node, "id");
        if (m_reader.readString(id) != expected && m_reader.ok())
            m_reader.fail(id, "expected \"" + expected + "\", as in the scenario");
    }

    std::optional<std::string> driverRef(const JsonNode &node, std::string_view key)
    {
        const JsonNode member = m_reader.optionalMember(node, key);
        if (!member)
            return std::nullopt;
        std::string id = m_reader.readString(member, StringRule::NonEmpty);
        if (m_reader.ok() && !m_scenario.driver(id))
            m_reader.fail(member, "unknown driver \"" + id + "\"");
        return id;
    }

    template <typename Item, typename ReadItem>
    void readList(const JsonNode &node, std::string_view key, std::vector<Item> &items, ReadItem readItem)
    {
        JsonReader &r = m_reader;
        const std::vector<JsonNode> nodes = r.requireArray(node, key);
        if (r.ok() && nodes.size() != items.size())
            r.fail(r.requireMember(node, key),
                   "expected " + std::to_string(items.size()) + " entries, as in the scenario");
        for (std::size_t i = 0; i < nodes.size() && r.ok(); ++i)
            readItem(nodes[i], items[i]);
    }

    void readServer(const JsonNode &node, ServerSpec &server)
    {
        JsonReader &r = m_reader;
        r.rejectUnknownMembers(node, {"id", "rebootReasons", "pendingClaim", "registeredHardwareIds",
                                      "removedDrivers", "adapters", "ports", "luns"});
        expectId(node, server.server.id);
        server.rebootReasons = r.requireStringArray(node, "rebootReasons");
        server.pendingClaim.reset();
        if (const JsonNode claim = r.optionalObject(node, "pendingClaim")) {
            r.rejectUnknownMembers(claim, {"hardwareIds"});
            server.pendingClaim = ClaimRequest{r.requireStringArray(claim, "hardwareIds"), false};
        }
        // Both lists came with the restart rules; a state without them keeps the scenario's.
        if (r.optionalMember(node, "registeredHardwareIds"))
            server.mpio.registeredHardwareIds = r.requireStringArray(node, "registeredHardwareIds");
        if (r.optionalMember(node, "removedDrivers")) {
            server.removedDriverIds = r.requireStringArray(node, "removedDrivers");
            for (const std::string &id : server.removedDriverIds) {
                if (r.ok() && !m_scenario.driver(id))
                    r.fail(r.requireMember(node, "removedDrivers"), "unknown driver \"" + id + "\"");
            }
        }
        readList(node, "adapters", server.adapters, [this](const JsonNode &item, AdapterSpec &adapter) {
            JsonReader &r = m_reader;
            r.rejectUnknownMembers(item, {"id", "driver", "previousDriver", "pendingDriver", "vanished"});
            expectId(item, adapter.id);
            const std::optional<std::string> driver = driverRef(item, "driver");
            if (r.ok() && !driver)
                r.fail(r.requireMember(item, "driver"), "required field is missing");
            adapter.driverId = driver.value_or(adapter.driverId);
            adapter.previousDriverId = driverRef(item, "previousDriver");
            adapter.pendingDriverId = driverRef(item, "pendingDriver");
            adapter.vanished = r.requireBool(item, "vanished");
        });
        readList(node, "ports", server.ports, [this](const JsonNode &item, PortSpec &port) {
            JsonReader &r = m_reader;
            r.rejectUnknownMembers(item, {"id", "presence", "connected", "deleted"});
            expectId(item, port.port.id);
            port.port.presence = r.requireEnum(item, "presence", JsonEnumNames<Presence>(kPresences));
            port.port.connected = r.requireBool(item, "connected");
            port.deleted = r.requireBool(item, "deleted");
        });
        readList(node, "luns", server.luns, [this](const JsonNode &item, LunSpec &lun) {
            JsonReader &r = m_reader;
            r.rejectUnknownMembers(item, {"id", "claimed", "mpioDisk", "policy", "preferredPath", "activePath",
                                          "segmentStart", "paths"});
            expectId(item, lun.id);
            lun.claimed = r.requireBool(item, "claimed");
            lun.mpioDisk = static_cast<std::uint32_t>(r.requireInt(item, "mpioDisk", 0, 1'000'000));
            lun.policy = r.requireEnum(item, "policy", JsonEnumNames<LoadBalancePolicy>(kPolicies));
            lun.preferredPathId = r.stringOr(item, "preferredPath", {});
            if (r.ok() && !lun.preferredPathId.empty() && !lun.path(lun.preferredPathId))
                r.fail(r.requireMember(item, "preferredPath"), "unknown path \"" + lun.preferredPathId + "\"");
            lun.activePathId = r.stringOr(item, "activePath", {});
            if (r.ok() && !lun.activePathId.empty() && !lun.path(lun.activePathId))
                r.fail(r.requireMember(item, "activePath"), "unknown path \"" + lun.activePathId + "\"");
            lun.segmentStart = r.requireInt(item, "segmentStart", 0);
            readList(item, "paths", lun.paths, [this](const JsonNode &pathNode, PathSpec &path) {
                JsonReader &r = m_reader;
                r.rejectUnknownMembers(pathNode, {"id", "reads", "writes", "bytesRead", "bytesWritten"});
                expectId(pathNode, path.id);
                const auto count = [&](std::string_view key) {
                    return static_cast<std::uint64_t>(r.requireInt(pathNode, key, 0));
                };
                path.base = PathTotals{count("reads"), count("writes"), count("bytesRead"), count("bytesWritten")};
            });
        });
    }

    JsonReader &m_reader;
    Scenario &m_scenario;
};

} // namespace

std::string LabState::stateJson(const std::string &scenarioName) const
{
    JsonWriter out(1);
    out.beginObject();
    out.member("format", kFormat);
    out.memberInt("version", 1);
    out.member("scenario", scenarioName);
    out.member("scenarioHash", hashHex(m_scenario.textHash));
    out.key("servers").beginArray();
    for (const ServerSpec &server : m_scenario.servers) {
        out.beginObject();
        out.member("id", server.server.id);
        out.key("rebootReasons").beginArray();
        for (const std::string &reason : server.rebootReasons)
            out.string(reason);
        out.endArray();
        out.key("pendingClaim");
        if (server.pendingClaim) {
            out.beginObject().key("hardwareIds").beginArray();
            for (const std::string &id : server.pendingClaim->hardwareIds)
                out.string(id);
            out.endArray().endObject();
        } else {
            out.null();
        }
        out.key("registeredHardwareIds").beginArray();
        for (const std::string &id : server.mpio.registeredHardwareIds)
            out.string(id);
        out.endArray();
        out.key("removedDrivers").beginArray();
        for (const std::string &id : server.removedDriverIds)
            out.string(id);
        out.endArray();
        out.key("adapters").beginArray();
        for (const AdapterSpec &adapter : server.adapters) {
            out.beginObject();
            out.member("id", adapter.id);
            out.member("driver", adapter.driverId);
            optionalString(out, "previousDriver", adapter.previousDriverId);
            optionalString(out, "pendingDriver", adapter.pendingDriverId);
            out.member("vanished", adapter.vanished);
            out.endObject();
        }
        out.endArray();
        out.key("ports").beginArray();
        for (const PortSpec &port : server.ports) {
            out.beginObject();
            out.member("id", port.port.id);
            out.member("presence", presenceName(port.port.presence));
            out.member("connected", port.port.connected);
            out.member("deleted", port.deleted);
            out.endObject();
        }
        out.endArray();
        out.key("luns").beginArray();
        for (const LunSpec &lun : server.luns) {
            out.beginObject();
            out.member("id", lun.id);
            out.member("claimed", lun.claimed);
            out.memberInt("mpioDisk", lun.mpioDisk);
            out.member("policy", toShortString(lun.policy));
            out.member("preferredPath", lun.preferredPathId);
            out.member("activePath", lun.activePathId);
            out.memberInt("segmentStart", lun.segmentStart);
            out.key("paths").beginArray();
            for (const PathSpec &path : lun.paths) {
                out.beginObject();
                out.member("id", path.id);
                out.memberUInt("reads", path.base.reads);
                out.memberUInt("writes", path.base.writes);
                out.memberUInt("bytesRead", path.base.bytesRead);
                out.memberUInt("bytesWritten", path.base.bytesWritten);
                out.endObject();
            }
            out.endArray();
            out.endObject();
        }
        out.endArray();
        out.endObject();
    }
    out.endArray();
    out.key("faults").beginArray();
    for (const FaultSpec &fault : m_scenario.faults) {
        out.beginObject().key("remaining");
        if (fault.remaining)
            out.integer(*fault.remaining);
        else
            out.null();
        out.endObject();
    }
    out.endArray();
    out.endObject();
    return out.text() + '\n';
}

std::optional<Error> LabState::applyState(std::string_view json, const std::string &sourceName)
{
    const auto failure = [&sourceName](TextPosition position, const std::string &reason) {
        return Error{"lab: load state",
                     sourceName + ':' + std::to_string(position.line) + ':' + std::to_string(position.column) + ": "
                         + reason,
                     0};
    };
    JsonSyntaxError syntax;
    const Result<JsonValue> document = parseJson(json, &syntax);
    if (!document)
        return failure(syntax.position, syntax.reason);

    Scenario copy = m_scenario;
    JsonReader reader;
    StateReader(reader, copy).read(JsonReader::root(*document));
    if (!reader.ok())
        return failure(reader.error()->position, reader.error()->describe());
    m_scenario = std::move(copy);
    routeAll();
    m_changed = false;
    return std::nullopt;
}

} // namespace pathlens::lab
