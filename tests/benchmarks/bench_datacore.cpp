// Parsing a 1.0/ports response of a full server group: 64 servers, 1,300
// ports, each with the field groups a real SANsymphony port carries
// (CapabilityInfo, CurrentConfigInfo, IdInfo with PCIInfo, PerformanceData,
// ServerPortProperties, StateInfo). Target: 100 ms for the whole response.

#include "platform/datacore/restparser.h"
#include "platform/json/json.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

namespace {

constexpr int kServers = 64;
constexpr int kPorts = 1300;

/// Writes one JSON object member by member, with the indentation the REST
/// service uses, so the byte count matches real responses.
class ObjectWriter
{
public:
    ObjectWriter(std::string &out, int depth) : m_out(out), m_depth(depth) { m_out += "{"; }

    void number(const char *key, long long value) { raw(key, std::to_string(value)); }
    void boolean(const char *key, bool value) { raw(key, value ? "true" : "false"); }
    void string(const char *key, const std::string &value) { raw(key, '"' + value + '"'); }
    void null(const char *key) { raw(key, "null"); }
    void raw(const char *key, const std::string &value)
    {
        next(key);
        m_out += value;
    }
    /// Starts a nested object; the caller closes it with end().
    ObjectWriter object(const char *key)
    {
        next(key);
        return ObjectWriter(m_out, m_depth + 1);
    }
    void end()
    {
        m_out += '\n';
        m_out.append(static_cast<std::size_t>(m_depth) * 4, ' ');
        m_out += '}';
    }

private:
    void next(const char *key)
    {
        m_out += m_first ? "\n" : ",\n";
        m_first = false;
        m_out.append(static_cast<std::size_t>(m_depth + 1) * 4, ' ');
        m_out += '"';
        m_out += key;
        m_out += "\": ";
    }

    std::string &m_out;
    int m_depth;
    bool m_first = true;
};

std::string hex2(int value)
{
    char text[4];
    std::snprintf(text, sizeof text, "%02X", value & 0xFF);
    return text;
}

std::string wwn(int server, int port)
{
    return "51-40-2E-C0-" + hex2(server) + "-" + hex2(port >> 8) + "-" + hex2(port) + "-14";
}

void writePort(std::string &out, int server, int port, int indexInServer)
{
    static constexpr int kRoles[] = {1, 1, 4, 4, 2, 2, 0};
    const int role = kRoles[indexInServer % 7];
    const bool present = indexInServer % 11 != 10;
    const std::string name = wwn(server, port);
    const std::string serverId = "4B273A" + hex2(server) + "-1FE0-41D0-B993-6F7B35672AAF";
    const std::string alias = "ssv" + std::to_string(server) + "_p" + std::to_string(indexInServer);

    ObjectWriter p(out, 1);
    p.string("Alias", alias);
    p.number("AluaId", 2000 + port);
    {
        ObjectWriter caps = p.object("CapabilityInfo");
        ObjectWriter extra = caps.object("ExtraCapability");
        extra.boolean("Valid", false);
        extra.number("VmIdModes", 1);
        extra.end();
        caps.number("MaxActiveICommands", 2048);
        caps.number("MaxActiveTCommands", 2048);
        caps.number("MaxSGSegments", 257);
        caps.number("MaxTransferSize", 1048576);
        caps.boolean("NeedPhysAddresses", true);
        caps.boolean("SoftWWNames", true);
        caps.raw("SupportedConnections", "[1, 2, 3, 0]");
        caps.raw("SupportedDataRates", "[4, 5, 6, 8, 0]");
        caps.raw("SupportedScsiModes", "[1, 2, 3]");
        caps.end();
    }
    p.string("Caption", alias);
    p.boolean("Connected", present);
    {
        ObjectWriter config = p.object("CurrentConfigInfo");
        config.number("ConnectionMode", 1);
        config.number("DataRateMode", 5);
        config.boolean("DisableMirrorPortWhileStopped", false);
        config.boolean("DisablePortWhileStopped", role == 1);
        config.number("HardAssignedId", 4294967295LL);
        config.number("HardIdMode", 2);
        config.number("MaxActiveICommands", 2);
        config.number("MaxActiveTCommands", 2046);
        ObjectWriter node = config.object("NodeName");
        node.string("Name", name);
        node.end();
        config.number("NumaNode", server % 2);
        config.number("PortDownTimeout", 30);
        ObjectWriter portName = config.object("PortName");
        portName.string("Name", name);
        portName.end();
        config.number("PrevAssignedId", 4294967295LL);
        config.number("ScsiMode", role == 1 ? 2 : 3);
        config.string("SymbolicNodeName", "FCP Port " + std::to_string(indexInServer));
        config.string("SymbolicPortName", "");
        config.boolean("UseSoftWWN", false);
        config.number("VmIdMode", 0);
        config.end();
    }
    p.null("Description");
    p.string("ExtendedCaption", alias + " on ssv" + std::to_string(server));
    p.string("HostId", serverId);
    p.string("Id", "cbf72f07-5c2a-416b-" + hex2(server) + hex2(indexInServer) + "-0bcb2117fc35");
    {
        ObjectWriter id = p.object("IdInfo");
        id.string("ChipsetVersion", "2.A.0.E");
        id.string("DriverName", role == 2 ? "QLogic Fibre Channel STOR Miniport" : "DataCore QLogic 2X");
        id.string("DriverVersion", "15.0.1700.41043");
        id.string("FirmwareVersion", "9.6.2.53461");
        id.string("HBAProductName", "SN1610Q 2P Enhanced 32GFC Dual Port");
        id.string("HBAVendorName", "QLogic");
        ObjectWriter original = id.object("OriginalPortName");
        original.string("Name", name);
        original.end();
        ObjectWriter pci = id.object("PCIInfo");
        pci.number("Bus", 59 + indexInServer / 2);
        pci.number("DeviceId", 8833);
        pci.number("Function", indexInServer % 2);
        pci.number("InterruptLevel", 6);
        pci.number("Slot", 0);
        pci.number("SubVendorId", 0);
        pci.number("VendorId", 4215);
        pci.end();
        id.end();
    }
    p.boolean("Internal", false);
    {
        static constexpr const char *kCounters[] = {
            "BusyCount", "InitiatorBytesRead", "InitiatorBytesTransferred", "InitiatorBytesWritten",
            "InitiatorMaxReadTime", "InitiatorMaxWriteTime", "InitiatorOperations", "InitiatorReadTime",
            "InitiatorReads", "InitiatorWriteTime", "InitiatorWrites", "InvalidCrcCount",
            "InvalidTransmissionWordCount", "LinkFailureCount", "LossOfSignalCount", "LossOfSyncCount",
            "NullCounterMap", "PendingInitiatorCommands", "PendingTargetCommands", "PrimitiveSeqProtocolErrCount",
            "TargetBytesRead", "TargetBytesTransferred", "TargetBytesWritten", "TargetMaxIOTime",
            "TargetMaxReadTime", "TargetMaxWriteTime", "TargetOperations", "TargetReadTime", "TargetReads",
            "TargetTotalOperationsTime", "TargetWriteTime", "TargetWrites", "TotalBytesRead",
            "TotalBytesTransferred", "TotalBytesWritten", "TotalOperations", "TotalPendingCommands", "TotalReads",
            "TotalWrites"};
        ObjectWriter perf = p.object("PerformanceData");
        perf.string("CollectionTime", "/Date(" + std::to_string(1717881200383LL + port) + ")/");
        long long value = 17427869888512LL + port * 7919LL;
        for (const char *counter : kCounters) {
            perf.number(counter, value);
            value = value / 3 + 11;
        }
        perf.end();
    }
    p.string("PhysicalName", "51402EC0" + hex2(server) + hex2(port >> 8) + hex2(port) + "14");
    p.number("PortMode", role == 1 ? 2 : (role == 2 ? 1 : 3));
    p.string("PortName", present ? name : "00-00-00-00-00-00-00-00");
    p.number("PortType", 2);
    p.number("PresenceStatus", present ? 1 : 2);
    p.number("RoleCapability", 7);
    p.number("SequenceNumber", 61576085 + port);
    {
        ObjectWriter props = p.object("ServerPortProperties");
        props.number("ConnectionMode", 1);
        props.number("DataRateMode", 5);
        props.boolean("DisableMirrorPortWhileStopped", false);
        props.boolean("DisablePortWhileStopped", role == 1);
        props.number("HardAssignedId", 4294967295LL);
        props.number("HardIdMode", 2);
        props.number("MaxActiveICommands", 2);
        props.number("MaxActiveTCommands", 2046);
        ObjectWriter node = props.object("NodeName");
        node.string("Name", name);
        node.end();
        props.number("PortDownTimeout", 30);
        props.null("PortGroup");
        ObjectWriter portName = props.object("PortName");
        portName.string("Name", name);
        portName.end();
        props.number("PrevAssignedId", 4294967295LL);
        props.number("Role", role);
        props.number("ScsiMode", role == 1 ? 2 : 3);
        props.string("SymbolicNodeName", "FCP Port " + std::to_string(indexInServer));
        props.string("SymbolicPortName", name);
        props.boolean("UseSoftWWN", false);
        props.number("VmIdMode", 0);
        props.end();
    }
    {
        ObjectWriter state = p.object("StateInfo");
        state.boolean("Active", present);
        state.number("Connection", 3);
        state.number("DataRate", 5);
        ObjectWriter errors = state.object("LinkErrors");
        errors.number("InvalidCrcCount", 0);
        errors.number("InvalidTransmissionWordCount", 0);
        errors.number("LinkFailureCount", port % 3);
        errors.number("LossOfSignalCount", 0);
        errors.number("LossOfSyncCount", 0);
        errors.number("PrimitiveSeqProtocolErrCount", 0);
        errors.number("TotalErrorCount", port % 3);
        errors.end();
        state.number("LoopId", 4294967295LL);
        state.number("PortId", 726272 + port);
        state.number("State", present ? 5 : 0);
        state.end();
    }
    p.end();
}

/// 20 servers with 21 ports and 44 with 20: 1,300 ports in all.
const std::string &groupPortsResponse()
{
    static const std::string text = [] {
        std::string out = "[";
        int port = 0;
        for (int server = 0; server < kServers; ++server) {
            const int count = server < kPorts - kServers * 20 ? 21 : 20;
            for (int i = 0; i < count; ++i, ++port) {
                out += port == 0 ? "\n    " : ",\n    ";
                writePort(out, server, port, i);
            }
        }
        out += "\n]\n";
        return out;
    }();
    return text;
}

/// Bytes to ports and extras: decoding, JSON parsing and mapping together.
void BM_DataCorePorts_GroupOf64Servers(benchmark::State &state)
{
    const std::string &bytes = groupPortsResponse();
    for (auto _ : state) {
        auto result = pathlens::parsePortsJson(std::string_view(bytes));
        if (!result.ok() || result->ports.size() != kPorts) {
            state.SkipWithError(result.ok() ? "wrong port count" : result.error().toString().c_str());
            break;
        }
        benchmark::DoNotOptimize(result);
    }
    state.counters["ports"] = kPorts;
    state.counters["MB"] = static_cast<double>(bytes.size()) / 1e6;
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(BM_DataCorePorts_GroupOf64Servers)->Unit(benchmark::kMillisecond);

/// The JSON parse alone, to see how the total splits.
void BM_DataCorePorts_JsonOnly(benchmark::State &state)
{
    const std::string &bytes = groupPortsResponse();
    for (auto _ : state) {
        auto document = pathlens::parseJson(bytes);
        benchmark::DoNotOptimize(document);
    }
}
BENCHMARK(BM_DataCorePorts_JsonOnly)->Unit(benchmark::kMillisecond);

/// Mapping an already parsed document to ports.
void BM_DataCorePorts_MappingOnly(benchmark::State &state)
{
    const auto document = pathlens::parseJson(groupPortsResponse());
    if (!document.ok()) {
        state.SkipWithError(document.error().toString().c_str());
        return;
    }
    for (auto _ : state) {
        auto result = pathlens::parsePortsJson(*document);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(BM_DataCorePorts_MappingOnly)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
