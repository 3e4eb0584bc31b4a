#include "platform/lab/labbackend.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

using namespace pathlens;
using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

namespace {

using TimePoint = std::chrono::system_clock::time_point;

std::string labPath(const std::string &name)
{
    return std::string(PATHLENS_SOURCE_DIR) + "/resources/labs/" + name;
}

std::string fixturePath(const std::string &name)
{
    return std::string(PATHLENS_TEST_DATA_DIR) + "/labs/" + name;
}

std::string readText(const std::string &path)
{
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

/// 2024-06-03T06:00:00Z, the traffic origin of the shipped labs.
TimePoint shippedOrigin()
{
    return TimePoint(std::chrono::seconds(1717394400));
}

/// 2024-01-01T00:00:00Z, the traffic origin of the minimal test lab.
TimePoint minimalOrigin()
{
    return TimePoint(std::chrono::seconds(1704067200));
}

/// A lab with a clock the test moves by hand.
struct SteppedLab {
    std::unique_ptr<LabBackend> lab;
    TimePoint time;

    void at(TimePoint when) { time = when; }
};

std::unique_ptr<SteppedLab> openStepped(const std::string &text, const std::string &name, TimePoint start)
{
    auto result = LabBackend::fromText(text, name);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().toString());
    if (!result.ok())
        return nullptr;
    auto stepped = std::make_unique<SteppedLab>();
    stepped->lab = std::move(result).value();
    stepped->time = start;
    SteppedLab *raw = stepped.get();
    stepped->lab->setClock([raw] { return raw->time; });
    return stepped;
}

std::unique_ptr<SteppedLab> openShipped(const std::string &name, TimePoint start = shippedOrigin() + 1h)
{
    return openStepped(readText(labPath(name)), name, start);
}

std::unique_ptr<SteppedLab> openMinimal(TimePoint start = minimalOrigin() + 1h)
{
    return openStepped(readText(fixturePath("minimal-lab.json")), "minimal-lab.json", start);
}

template <typename T>
T valueOf(Result<T> result)
{
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().toString());
    return result.ok() ? std::move(result).value() : T{};
}

const DataCorePort *portByAlias(const std::vector<DataCorePort> &ports, const std::string &alias)
{
    for (const DataCorePort &port : ports) {
        if (port.alias == alias)
            return &port;
    }
    return nullptr;
}

const Adapter *adapterAt(const std::vector<Adapter> &adapters, PciLocation pci)
{
    for (const Adapter &adapter : adapters) {
        if (adapter.pci == pci)
            return &adapter;
    }
    return nullptr;
}

DriverPackage nativeDriver(LabBackend &lab, const std::string &host, const std::string &instanceId)
{
    for (const DriverPackage &driver : valueOf(lab.devices()->compatibleDrivers(host, instanceId))) {
        if (driver.provider == "QLogic" && driver.version == "9.4.6.20")
            return driver;
    }
    ADD_FAILURE() << "no native driver offered";
    return {};
}

/// Replaces the driver on both back-end HBA ports of a shipped-lab server.
void replaceBackEndDrivers(LabBackend &lab, const std::string &host)
{
    const std::vector<Adapter> adapters = valueOf(lab.devices()->adapters(host));
    for (std::uint32_t function : {0u, 1u}) {
        const Adapter *adapter = adapterAt(adapters, PciLocation{175, 0, function});
        ASSERT_NE(adapter, nullptr);
        const ChangeResult change =
            lab.devices()->installDriver(host, adapter->instanceId, nativeDriver(lab, host, adapter->instanceId));
        ASSERT_TRUE(change.ok()) << change.error().toString();
    }
}

/// Remedy 2 on the default lab the way it works there: the drivers (which
/// need a restart), the claim registered before it, then the restart.
void handBackEndToMsdsm(LabBackend &lab, const std::string &host)
{
    replaceBackEndDrivers(lab, host);
    const ChangeResult claim = lab.mpio()->claim(host, ClaimRequest{});
    ASSERT_TRUE(claim.ok()) << claim.error().toString();
    ASSERT_TRUE(lab.restartHost(host).ok());
}

std::vector<BackEndDisk> disksOfServer(LabBackend &lab, const std::string &serverId)
{
    std::vector<BackEndDisk> result;
    for (BackEndDisk &disk : valueOf(lab.dataCore()->physicalDisks())) {
        if (disk.serverId == serverId)
            result.push_back(std::move(disk));
    }
    return result;
}

std::string serverIdOf(LabBackend &lab, const std::string &name)
{
    for (const DataCoreServer &server : valueOf(lab.dataCore()->servers())) {
        if (server.name == name)
            return server.id;
    }
    return {};
}

std::uint64_t totalReads(const PathCounters &counters, std::uint32_t blockSize)
{
    return counters.bytesRead / blockSize;
}

} // namespace

// ------------------------------------------------------------ loading

TEST(LabLoad, DescriptionNamesTheFile)
{
    auto lab = LabBackend::fromFile(labPath("default-lab.json"));
    ASSERT_TRUE(lab.ok()) << lab.error().toString();
    EXPECT_EQ(lab.value()->description(), "Simulated lab: default-lab.json");
    EXPECT_NE(lab.value()->dataCore(), nullptr);
    EXPECT_NE(lab.value()->devices(), nullptr);
    EXPECT_NE(lab.value()->mpio(), nullptr);

    auto healthy = LabBackend::fromFile(labPath("healthy-lab.json"));
    ASSERT_TRUE(healthy.ok()) << healthy.error().toString();
    EXPECT_EQ(healthy.value()->description(), "Simulated lab: healthy-lab.json");
}

TEST(LabLoad, MissingFileIsAnError)
{
    const std::string path = fixturePath("does-not-exist.json");
    auto lab = LabBackend::fromFile(path);
    ASSERT_FALSE(lab.ok());
    EXPECT_THAT(lab.error().message, HasSubstr(path));
    EXPECT_NE(lab.error().code, 0);
}

TEST(LabLoad, DirectoryIsRefused)
{
    auto lab = LabBackend::fromFile(fixturePath(""));
    EXPECT_FALSE(lab.ok());
}

struct BadScenario {
    const char *file;
    const char *expected; ///< "<line>:<column>: <reason>"
};

class LabBadInput : public ::testing::TestWithParam<BadScenario>
{
};

TEST_P(LabBadInput, RefusedWithFileLineColumnAndReason)
{
    const BadScenario &bad = GetParam();
    const std::string path = fixturePath(bad.file);
    auto lab = LabBackend::fromFile(path);
    ASSERT_FALSE(lab.ok()) << bad.file << " was accepted";
    EXPECT_EQ(lab.error().message, path + ':' + bad.expected);
}

const BadScenario kBadScenarios[] = {
    BadScenario{"bad-syntax.json", "4:3: expected ',' or '}' after object member but found '\"'"},
    BadScenario{"truncated.json", "31:10: unterminated string"},
    BadScenario{"invalid-utf8.json", "5:39: invalid UTF-8 byte 0xC3 in a string"},
    BadScenario{"duplicate-json-key.json", "4:3: duplicate key \"version\" (first used at line 3, column 3)"},
    BadScenario{"bad-format.json", "2:13: format: expected \"pathlens-lab\""},
    BadScenario{"wrong-type-pci-bus.json",
                "27:49: servers[0].adapters[1].pci.bus: expected a number but found a string"},
    BadScenario{"wrong-type-roles.json", "37:94: servers[0].ports[2].roles: expected an array but found a string"},
    BadScenario{"missing-host-name.json", "20:5: servers[0].hostName: required field is missing"},
    BadScenario{"unknown-field.json", "21:74: servers[0].colour: unknown field"},
    BadScenario{"duplicate-server-id.json",
                "221:13: servers[1].id: duplicate server id \"S1\" (first used at line 56, column 13)"},
    BadScenario{"duplicate-port-id.json",
                "34:16: servers[0].ports[1].id: duplicate port id \"P1\" (first used at line 31, column 16)"},
    BadScenario{"duplicate-adapter-id.json",
                "26:16: servers[0].adapters[1].id: duplicate adapter id \"be1\" (first used at line 23, column 16)"},
    BadScenario{"duplicate-lun-id.json",
                "50:16: servers[0].luns[1].id: duplicate LUN id \"L0\" (first used at line 42, column 16)"},
    BadScenario{"duplicate-path-id.json",
                "47:19: servers[0].luns[0].paths[2].id: duplicate path id \"a\" (first used at line 45, column 19)"},
    BadScenario{"same-nexus-twice.json", "47:12: servers[0].luns[0].paths[2]: another path of this LUN already "
                                         "uses adapter \"be1\" and target 0 (line 45, column 12)"},
    BadScenario{"unknown-path-adapter.json",
                "47:35: servers[0].luns[0].paths[2].adapter: unknown adapter \"be3\" on server \"SRV1\""},
    BadScenario{"unknown-path-controller.json",
                "48:56: servers[0].luns[0].paths[3].controller: unknown controller \"SPC\" of array \"arr\""},
    BadScenario{"unknown-owner.json", "51:19: servers[0].luns[1].owner: unknown controller \"SPX\" of array \"arr\""},
    BadScenario{"unknown-array.json", "50:31: servers[0].luns[1].array: unknown array \"vmax\""},
    BadScenario{"unknown-datacore-path.json",
                "43:42: servers[0].luns[0].dataCorePath: unknown path \"z\" of this LUN"},
    BadScenario{"unknown-driver.json", "25:63: servers[0].adapters[0].driver: unknown driver \"dcfc\""},
    BadScenario{"bad-role.json",
                "34:98: servers[0].ports[1].roles[1]: \"BACKEND\" is not one of \"FE\", \"MR\", \"BE\""},
    BadScenario{"bad-presence.json",
                "38:64: servers[0].ports[2].presence: \"Missing\" is not one of \"Present\", \"NotPresent\""},
    BadScenario{"bad-policy.json", "40:33: servers[0].mpio.defaultPolicy: \"FAST\" is not one of \"FOO\", \"RR\", "
                                   "\"RRWS\", \"LQD\", \"WP\", \"LB\""},
    BadScenario{"bad-server-state.json",
                "21:64: servers[0].state: \"Running\" is not one of \"Online\", \"Offline\", \"Stopped\""},
    BadScenario{"pci-function-out-of-range.json",
                "27:79: servers[0].adapters[1].pci.function: 9 is out of range (0 to 7)"},
    BadScenario{"lun-out-of-range.json", "50:45: servers[0].luns[1].lun: 300 is out of range (0 to 254)"},
    BadScenario{"negative-size.json", "50:105: servers[0].luns[1].sizeGiB: -5 is out of range (0.001 to 1048576)"},
    BadScenario{"bad-traffic-since.json",
                "5:75: group.trafficSince: there is no day 2024-02-30"},
    BadScenario{"no-servers.json", "19:14: servers: a server group needs at least one server"},
    BadScenario{"claimed-without-native-path.json",
                "43:67: servers[0].luns[0].mpio.claimed: MPIO cannot claim this LUN: none of its paths runs "
                "through an adapter with a native driver"},
    BadScenario{"fault-unknown-target.json", "60:46: faults[0].target: unknown adapter \"be9\""},
    BadScenario{"fault-bad-operation.json",
                "60:19: faults[0].operation: \"formatDisk\" is not one of \"servers\", \"ports\", "
                "\"physicalDisks\", \"deletePort\", \"adapters\", \"compatibleDrivers\", \"installDriver\", "
                "\"rollBackDriver\", \"disks\", \"claim\", \"setPolicy\""},
};

INSTANTIATE_TEST_SUITE_P(
    Fixtures, LabBadInput, ::testing::ValuesIn(kBadScenarios),
    [](const ::testing::TestParamInfo<BadScenario> &info) {
        std::string name = info.param.file;
        name = name.substr(0, name.find('.'));
        std::replace(name.begin(), name.end(), '-', '_');
        return name;
    });

TEST(LabLoad, EveryFixtureLoadsOrHasAnExpectation)
{
    std::set<std::string> expected;
    for (const BadScenario &bad : kBadScenarios)
        expected.insert(bad.file);
    // A fixture without an expectation is a good scenario other tests use:
    // it must load.
    int bad = 0;
    for (const auto &entry : std::filesystem::directory_iterator(fixturePath(""))) {
        const std::string name = entry.path().filename().string();
        if (expected.contains(name)) {
            ++bad;
            continue;
        }
        auto good = LabBackend::fromFile(entry.path().string());
        EXPECT_TRUE(good.ok()) << name << " is refused but has no expectation: "
                               << (good.ok() ? "" : good.error().toString());
    }
    EXPECT_EQ(bad, static_cast<int>(expected.size()));
}

TEST(LabLoad, TenMegabytesOfGarbageAreRefusedQuickly)
{
    std::mt19937_64 random(99);
    std::string garbage(10 * 1024 * 1024, '\0');
    for (std::size_t i = 0; i < garbage.size(); i += 8) {
        const std::uint64_t bits = random();
        std::memcpy(&garbage[i], &bits, 8);
    }
    const auto start = std::chrono::steady_clock::now();
    auto lab = LabBackend::fromText(garbage, "garbage.json");
    ASSERT_FALSE(lab.ok());
    EXPECT_THAT(lab.error().message, StartsWith("garbage.json:1:1: "));

    // Valid JSON that is not a scenario at all.
    std::string numbers = "[";
    for (int i = 0; i < 300'000; ++i)
        numbers += "12345678,";
    numbers += "0]";
    auto notALab = LabBackend::fromText(numbers, "numbers.json");
    ASSERT_FALSE(notALab.ok());
    EXPECT_EQ(notALab.error().message, "numbers.json:1:1: expected an object but found an array");
    EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

// ------------------------------------------------------- default lab facts

TEST(DefaultLab, TwoServersOfOneGroup)
{
    auto lab = openShipped("default-lab.json");
    const std::vector<DataCoreServer> servers = valueOf(lab->lab->dataCore()->servers());
    ASSERT_EQ(servers.size(), 2u);
    EXPECT_EQ(servers[0].name, "DCS-A");
    EXPECT_EQ(servers[1].name, "DCS-B");
    EXPECT_EQ(servers[0].groupId, servers[1].groupId);
    EXPECT_FALSE(servers[0].groupId.empty());
    EXPECT_THAT(servers[0].version, HasSubstr("PSP 17"));
    EXPECT_EQ(servers[0].state, "Online");
}

TEST(DefaultLab, PortsWithRolesPciAndPresence)
{
    auto lab = openShipped("default-lab.json");
    const std::vector<DataCorePort> ports = valueOf(lab->lab->dataCore()->ports());
    for (const std::string server : {"DCS-A", "DCS-B"}) {
        const DataCorePort *fe = portByAlias(ports, server + " FE1");
        ASSERT_NE(fe, nullptr);
        EXPECT_EQ(fe->roles, RoleFlags(RoleFrontEnd));
        EXPECT_EQ(fe->mode, PortMode::Target);
        EXPECT_EQ(fe->pci, (PciLocation{130, 0, 0}));
        EXPECT_THAT(fe->portName, StartsWith("21:00:00:24:ff:"));
        EXPECT_EQ(fe->driverName, "DataCore QLogic 2X");

        const DataCorePort *mirror = portByAlias(ports, server + " FE2 MR1");
        ASSERT_NE(mirror, nullptr);
        EXPECT_EQ(rolesToString(mirror->roles), "FE,MR");
        EXPECT_EQ(mirror->pci, (PciLocation{130, 0, 1}));

        for (std::uint32_t function : {0u, 1u}) {
            const DataCorePort *be = portByAlias(ports, server + " BE" + std::to_string(function + 1));
            ASSERT_NE(be, nullptr);
            EXPECT_EQ(be->roles, RoleFlags(RoleBackEnd));
            EXPECT_EQ(be->mode, PortMode::Initiator);
            EXPECT_EQ(be->presence, Presence::Present);
            EXPECT_EQ(be->pci, (PciLocation{175, 0, function}));
        }
    }
    int loopbacks = 0, iscsi = 0, notPresent = 0;
    for (const DataCorePort &port : ports) {
        if (port.type == PortType::Loopback) {
            ++loopbacks;
            EXPECT_EQ(rolesToString(port.roles), "FE,BE");
            EXPECT_FALSE(port.pci);
        }
        if (port.type == PortType::iSCSI && port.roles & RoleFrontEnd) {
            ++iscsi;
            EXPECT_THAT(port.portName, StartsWith("iqn."));
        }
        if (port.presence == Presence::NotPresent) {
            ++notPresent;
            EXPECT_FALSE(port.connected);
        }
    }
    EXPECT_EQ(loopbacks, 2);
    EXPECT_EQ(iscsi, 2);
    EXPECT_EQ(notPresent, 3); // an old FC port on each server, the iSCSI initiator port of DCS-B
}

TEST(DefaultLab, BackEndDisksUnderTheDataCoreDriver)
{
    auto lab = openShipped("default-lab.json");
    const std::vector<DataCorePort> ports = valueOf(lab->lab->dataCore()->ports());
    std::set<std::string> backEndPortIds;
    for (const DataCorePort &port : ports) {
        if (port.roles & RoleBackEnd && port.type == PortType::FibreChannel)
            backEndPortIds.insert(port.id);
    }
    std::map<std::string, int> disksPerServer;
    int inUseUnoptimized = 0, inPool = 0;
    for (const BackEndDisk &disk : valueOf(lab->lab->dataCore()->physicalDisks())) {
        ++disksPerServer[disk.serverId];
        EXPECT_EQ(disk.vendor, "DGC");
        EXPECT_EQ(disk.serial.size(), 32u);
        EXPECT_EQ(disk.serial[0], '6');
        EXPECT_TRUE(disk.aluaCapable);
        EXPECT_GT(disk.sizeBytes, 0u);
        EXPECT_GE(disk.paths.size(), 2u);
        EXPECT_LE(disk.paths.size(), 8u);
        int inUse = 0;
        for (const BackEndPath &path : disk.paths) {
            EXPECT_TRUE(backEndPortIds.contains(path.portId)) << path.portId;
            EXPECT_NE(path.aluaState, PathState::Unknown);
            EXPECT_TRUE(path.tpgId.has_value());
            EXPECT_TRUE(path.counters.has_value());
            if (path.inUse) {
                ++inUse;
                if (path.aluaState == PathState::ActiveUnoptimized)
                    ++inUseUnoptimized;
            }
        }
        EXPECT_EQ(inUse, 1) << disk.id;
        if (!disk.poolName.empty())
            ++inPool;
    }
    ASSERT_EQ(disksPerServer.size(), 2u);
    for (const auto &[server, count] : disksPerServer)
        EXPECT_GE(count, 8) << server;
    EXPECT_GE(inUseUnoptimized, 2);
    EXPECT_GE(inPool, 1);
}

TEST(DefaultLab, AdaptersAndDrivers)
{
    auto lab = openShipped("default-lab.json");
    const std::vector<Adapter> adapters = valueOf(lab->lab->devices()->adapters("DCS-A"));
    ASSERT_EQ(adapters.size(), 5u);
    const Adapter *be = adapterAt(adapters, PciLocation{175, 0, 1});
    ASSERT_NE(be, nullptr);
    EXPECT_EQ(be->deviceClass, DeviceClass::ScsiAdapter);
    EXPECT_EQ(be->driver.provider, "DataCore Software");
    EXPECT_EQ(be->driver.service, "dcsfc");
    EXPECT_EQ(be->locationText, "PCI bus 175, device 0, function 1");
    EXPECT_EQ(be->rollbackAvailable, false);
    EXPECT_FALSE(be->hardwareIds.empty());
    const Adapter *nic = adapterAt(adapters, PciLocation{59, 0, 0});
    ASSERT_NE(nic, nullptr);
    EXPECT_EQ(nic->deviceClass, DeviceClass::Net);

    const std::vector<DriverPackage> drivers = valueOf(lab->lab->devices()->compatibleDrivers("DCS-A", be->instanceId));
    EXPECT_TRUE(std::any_of(drivers.begin(), drivers.end(), [](const DriverPackage &d) {
        return d.provider == "QLogic" && d.service == "ql2300i" && d.infName.starts_with("oem");
    }));
    EXPECT_TRUE(std::any_of(drivers.begin(), drivers.end(), [&](const DriverPackage &d) { return d == be->driver; }));
    // Host names are not case sensitive on Windows.
    EXPECT_TRUE(lab->lab->devices()->adapters("dcs-a").ok());
    EXPECT_FALSE(lab->lab->devices()->adapters("nohost").ok());
}

TEST(DefaultLab, MpioSeesNothingBeforeRemedy)
{
    auto lab = openShipped("default-lab.json");
    EXPECT_TRUE(valueOf(lab->lab->mpio()->disks("DCS-A")).empty());
    EXPECT_TRUE(valueOf(lab->lab->mpio()->disks("DCS-B")).empty());
    // Nothing is reachable through a native driver yet, so a claim finds nothing.
    const ChangeResult claim = lab->lab->mpio()->claim("DCS-A", {});
    ASSERT_TRUE(claim.ok());
    EXPECT_FALSE(claim->rebootRequired);
    EXPECT_TRUE(valueOf(lab->lab->mpio()->disks("DCS-A")).empty());
}

// --------------------------------------------------------- healthy lab

TEST(HealthyLab, BackEndBelongsToMsdsm)
{
    auto lab = openShipped("healthy-lab.json");
    for (const DataCorePort &port : valueOf(lab->lab->dataCore()->ports())) {
        EXPECT_EQ(port.presence, Presence::Present) << port.alias;
        EXPECT_FALSE(port.type == PortType::FibreChannel && (port.roles & RoleBackEnd)) << port.alias;
    }
    for (const BackEndDisk &disk : valueOf(lab->lab->dataCore()->physicalDisks()))
        EXPECT_TRUE(disk.paths.empty()) << disk.id;

    for (const std::string host : {"DCS-A", "DCS-B"}) {
        const std::vector<Adapter> adapters = valueOf(lab->lab->devices()->adapters(host));
        const Adapter *be = adapterAt(adapters, PciLocation{175, 0, 0});
        ASSERT_NE(be, nullptr);
        EXPECT_EQ(be->driver.provider, "QLogic");
        EXPECT_EQ(be->rollbackAvailable, true);

        const std::vector<MpioDisk> disks = valueOf(lab->lab->mpio()->disks(host));
        ASSERT_GE(disks.size(), 8u);
        for (std::size_t i = 0; i < disks.size(); ++i) {
            const MpioDisk &disk = disks[i];
            EXPECT_EQ(disk.number, i);
            EXPECT_EQ(disk.systemDisk, "Disk " + std::to_string(i + 1));
            EXPECT_EQ(disk.policy, LoadBalancePolicy::RoundRobinWithSubset);
            EXPECT_EQ(disk.dsm, "Microsoft DSM");
            EXPECT_EQ(disk.alua, AluaSupport::ImplicitOnly);
            std::set<std::uint32_t> optimizedFunctions, tpgs;
            for (const MpioPath &path : disk.paths) {
                ASSERT_TRUE(path.adapterPci.has_value());
                ASSERT_TRUE(path.tpgId.has_value());
                tpgs.insert(*path.tpgId);
                if (path.state == PathState::ActiveOptimized)
                    optimizedFunctions.insert(path.adapterPci->function);
            }
            EXPECT_EQ(optimizedFunctions.size(), 2u) << "disk " << i; // A/O through both HBA ports
            EXPECT_EQ(tpgs.size(), 2u) << "disk " << i;               // both controllers
        }
    }
}

TEST(HealthyLab, IoFlowsOnlyOnOptimizedPaths)
{
    auto lab = openShipped("healthy-lab.json");
    const std::vector<MpioDisk> before = valueOf(lab->lab->mpio()->disks("DCS-B"));
    lab->at(lab->time + 10min);
    const std::vector<MpioDisk> after = valueOf(lab->lab->mpio()->disks("DCS-B"));
    ASSERT_EQ(before.size(), after.size());
    for (std::size_t d = 0; d < after.size(); ++d) {
        for (std::size_t p = 0; p < after[d].paths.size(); ++p) {
            const MpioPath &path = after[d].paths[p];
            const std::uint64_t moved = path.counters.bytesRead - before[d].paths[p].counters.bytesRead;
            if (path.tpgState == PathState::ActiveOptimized)
                EXPECT_GT(moved, 0u);
            else
                EXPECT_EQ(moved, 0u);
        }
    }
}

// ----------------------------------------------------------- operations

TEST(LabOperations, DriverInstallTakesThePortFromDataCoreAtTheRestart)
{
    auto lab = openShipped("default-lab.json");
    LabBackend &backend = *lab->lab;
    const std::string serverA = serverIdOf(backend, "DCS-A");
    const Adapter be1 = *adapterAt(valueOf(backend.devices()->adapters("DCS-A")), PciLocation{175, 0, 0});
    const DriverPackage native = nativeDriver(backend, "DCS-A", be1.instanceId);
    const std::string be1PortId = portByAlias(valueOf(backend.dataCore()->ports()), "DCS-A BE1")->id;

    const ChangeResult change = backend.devices()->installDriver("DCS-A", be1.instanceId, native);
    ASSERT_TRUE(change.ok()) << change.error().toString();
    EXPECT_TRUE(change->rebootRequired);
    EXPECT_THAT(change->detail, HasSubstr("oem21.inf"));

    EXPECT_THAT(change->detail, HasSubstr("after the restart"));

    const std::vector<Adapter> adapters = valueOf(backend.devices()->adapters("DCS-A"));
    const Adapter *after = adapterAt(adapters, PciLocation{175, 0, 0});
    EXPECT_EQ(after->driver, native); // the registry names it already
    EXPECT_EQ(after->rollbackAvailable, true);
    // The sibling port of the same HBA keeps the DataCore driver.
    EXPECT_EQ(adapterAt(adapters, PciLocation{175, 0, 1})->driver.provider, "DataCore Software");

    // Rule install-needs-restart: until the restart the DataCore driver runs, its port stays present.
    EXPECT_EQ(portByAlias(valueOf(backend.dataCore()->ports()), "DCS-A BE1")->presence, Presence::Present);
    bool stillThrough = false;
    for (const BackEndDisk &disk : disksOfServer(backend, serverA)) {
        for (const BackEndPath &path : disk.paths)
            stillThrough = stillThrough || path.portId == be1PortId;
    }
    EXPECT_TRUE(stillThrough);
    ASSERT_TRUE(backend.restartHost("DCS-A").ok());

    const std::vector<DataCorePort> ports = valueOf(backend.dataCore()->ports());
    EXPECT_EQ(portByAlias(ports, "DCS-A BE1")->presence, Presence::NotPresent);
    EXPECT_EQ(portByAlias(ports, "DCS-A BE2")->presence, Presence::Present);
    EXPECT_EQ(portByAlias(ports, "DCS-B BE1")->presence, Presence::Present);

    for (const BackEndDisk &disk : disksOfServer(backend, serverA)) {
        int inUse = 0, working = 0;
        for (const BackEndPath &path : disk.paths) {
            EXPECT_NE(path.portId, be1PortId);
            inUse += path.inUse ? 1 : 0;
            working += path.aluaState != PathState::Failed ? 1 : 0;
        }
        // The driver moved to a path it still has, where one works.
        EXPECT_EQ(inUse, working > 0 ? 1 : 0) << disk.id;
    }
}

TEST(LabOperations, DriverInstallRefusesIncompatiblePackages)
{
    auto lab = openShipped("default-lab.json");
    LabBackend &backend = *lab->lab;
    const std::vector<Adapter> adapters = valueOf(backend.devices()->adapters("DCS-A"));
    const Adapter *be1 = adapterAt(adapters, PciLocation{175, 0, 0});
    const Adapter *nic = adapterAt(adapters, PciLocation{59, 0, 0});
    const ChangeResult wrong = backend.devices()->installDriver("DCS-A", be1->instanceId, nic->driver);
    ASSERT_FALSE(wrong.ok());
    EXPECT_THAT(wrong.error().message, HasSubstr("not compatible"));
    EXPECT_EQ(wrong.error().operation, "lab: install driver");
    EXPECT_FALSE(backend.devices()->installDriver("DCS-A", "PCI\\NOPE", be1->driver).ok());
    EXPECT_FALSE(backend.devices()->installDriver("NOHOST", be1->instanceId, be1->driver).ok());
    // Nothing changed.
    EXPECT_EQ(portByAlias(valueOf(backend.dataCore()->ports()), "DCS-A BE1")->presence, Presence::Present);
}

TEST(LabOperations, RollbackRestoresTheDataCoreDriver)
{
    auto lab = openShipped("default-lab.json");
    LabBackend &backend = *lab->lab;
    const Adapter be2 = *adapterAt(valueOf(backend.devices()->adapters("DCS-B")), PciLocation{175, 0, 1});
    EXPECT_FALSE(backend.devices()->rollBackDriver("DCS-B", be2.instanceId).ok()); // nothing recorded yet

    ASSERT_TRUE(backend.devices()->installDriver("DCS-B", be2.instanceId, nativeDriver(backend, "DCS-B", be2.instanceId)).ok());
    const ChangeResult rollback = backend.devices()->rollBackDriver("DCS-B", be2.instanceId);
    ASSERT_TRUE(rollback.ok()) << rollback.error().toString();
    EXPECT_TRUE(rollback->rebootRequired);

    const std::vector<Adapter> adapters = valueOf(backend.devices()->adapters("DCS-B"));
    const Adapter *after = adapterAt(adapters, PciLocation{175, 0, 1});
    EXPECT_EQ(after->driver, be2.driver);
    EXPECT_EQ(after->rollbackAvailable, false);
    EXPECT_EQ(portByAlias(valueOf(backend.dataCore()->ports()), "DCS-B BE2")->presence, Presence::Present);
    const ChangeResult again = backend.devices()->rollBackDriver("DCS-B", be2.instanceId);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, 259);
}

TEST(LabOperations, ARollbackRemovesTheReplacedPackageFromTheDriverStore)
{
    // Rule rollback-removes-package: the native driver is third-party (oem21.inf) and no other device uses it.
    auto lab = openShipped("default-lab.json");
    LabBackend &backend = *lab->lab;
    const std::vector<Adapter> adapters = valueOf(backend.devices()->adapters("DCS-B"));
    const Adapter be1 = *adapterAt(adapters, PciLocation{175, 0, 0});
    const DriverPackage native = nativeDriver(backend, "DCS-B", be1.instanceId);
    ASSERT_TRUE(backend.devices()->installDriver("DCS-B", be1.instanceId, native).ok());
    ASSERT_TRUE(backend.restartHost("DCS-B").ok());
    const ChangeResult rollback = backend.devices()->rollBackDriver("DCS-B", be1.instanceId);
    ASSERT_TRUE(rollback.ok()) << rollback.error().toString();
    EXPECT_THAT(rollback->detail, HasSubstr("removed oem21.inf from the driver store"));
    ASSERT_TRUE(backend.restartHost("DCS-B").ok());

    const std::vector<DriverPackage> offered = valueOf(backend.devices()->compatibleDrivers("DCS-B", be1.instanceId));
    EXPECT_EQ(std::count(offered.begin(), offered.end(), native), 0);
    const ChangeResult again = backend.devices()->installDriver("DCS-B", be1.instanceId, native);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, static_cast<long>(0xE0000203)); // ERROR_NO_DRIVER_SELECTED
    EXPECT_THAT(again.error().message, HasSubstr("pnputil /add-driver"));
    // DCS-A is another host with its own driver store.
    const Adapter a1 = *adapterAt(valueOf(backend.devices()->adapters("DCS-A")), PciLocation{175, 0, 0});
    EXPECT_TRUE(backend.devices()->installDriver("DCS-A", a1.instanceId, native).ok());
}

TEST(LabOperations, APackageAnotherDeviceStillUsesStaysInTheStore)
{
    auto lab = openShipped("default-lab.json");
    LabBackend &backend = *lab->lab;
    replaceBackEndDrivers(backend, "DCS-B"); // both BE functions run oem21.inf after the restart
    ASSERT_TRUE(backend.restartHost("DCS-B").ok());
    const Adapter be1 = *adapterAt(valueOf(backend.devices()->adapters("DCS-B")), PciLocation{175, 0, 0});
    const ChangeResult rollback = backend.devices()->rollBackDriver("DCS-B", be1.instanceId);
    ASSERT_TRUE(rollback.ok());
    EXPECT_THAT(rollback->detail, Not(HasSubstr("driver store")));
    ASSERT_TRUE(backend.restartHost("DCS-B").ok());
    EXPECT_TRUE(backend.devices()->installDriver("DCS-B", be1.instanceId, nativeDriver(backend, "DCS-B", be1.instanceId)).ok());
}

TEST(LabOperations, APolicyChangeOnADiskWithAFailedPathSucceeds)
{
    // Rules set-policy-every-path and set-policy-real-ids: the request carries the failed path with its id.
    auto lab = openShipped("default-lab.json");
    LabBackend &backend = *lab->lab;
    handBackEndToMsdsm(backend, "DCS-A");
    std::optional<std::uint32_t> withFailed;
    for (const MpioDisk &disk : valueOf(backend.mpio()->disks("DCS-A"))) {
        for (const MpioPath &path : disk.paths) {
            if (path.state == PathState::Failed && !withFailed)
                withFailed = disk.number;
        }
    }
    ASSERT_TRUE(withFailed) << "the default lab has a LUN with a failed path";
    for (LoadBalancePolicy policy : {LoadBalancePolicy::RoundRobinWithSubset, LoadBalancePolicy::FailOverOnly,
                                     LoadBalancePolicy::LeastQueueDepth}) {
        const ChangeResult change = backend.mpio()->setPolicy("DCS-A", *withFailed, policy);
        ASSERT_TRUE(change.ok()) << change.error().toString();
        MpioDisk after;
        for (const MpioDisk &disk : valueOf(backend.mpio()->disks("DCS-A"))) {
            if (disk.number == *withFailed)
                after = disk;
        }
        EXPECT_EQ(after.policy, policy);
    }
}

TEST(LabOperations, OnlyNotPresentPortsCanBeDeleted)
{
    auto lab = openShipped("default-lab.json");
    LabBackend &backend = *lab->lab;
    const std::vector<DataCorePort> ports = valueOf(backend.dataCore()->ports());
    const DataCorePort present = *portByAlias(ports, "DCS-A FE1");
    const DataCorePort old = *portByAlias(ports, "DCS-A FE1 (old HBA)");
    const DataCorePort be1 = *portByAlias(ports, "DCS-A BE1");

    const ChangeResult refused = backend.dataCore()->deletePort(present.id);
    ASSERT_FALSE(refused.ok());
    EXPECT_THAT(refused.error().message, HasSubstr("only Not present ports"));
    EXPECT_FALSE(backend.dataCore()->deletePort("no-such-port").ok());

    const ChangeResult removed = backend.dataCore()->deletePort(old.id);
    ASSERT_TRUE(removed.ok()) << removed.error().toString();
    EXPECT_FALSE(removed->rebootRequired);
    EXPECT_EQ(portByAlias(valueOf(backend.dataCore()->ports()), old.alias), nullptr);
    EXPECT_FALSE(backend.dataCore()->deletePort(old.id).ok()); // already gone

    // Step 4 of remedy 2: the BE port left behind by the driver swap.
    const Adapter adapter = *adapterAt(valueOf(backend.devices()->adapters("DCS-A")), PciLocation{175, 0, 0});
    ASSERT_TRUE(backend.devices()->installDriver("DCS-A", adapter.instanceId, nativeDriver(backend, "DCS-A", adapter.instanceId)).ok());
    EXPECT_FALSE(backend.dataCore()->deletePort(be1.id).ok()); // still present until the restart
    ASSERT_TRUE(backend.restartHost("DCS-A").ok());
    ASSERT_TRUE(backend.dataCore()->deletePort(be1.id).ok());
    EXPECT_EQ(portByAlias(valueOf(backend.dataCore()->ports()), "DCS-A BE1"), nullptr);
    // Rolling the driver back brings SANsymphony's port back (after the restart it asks for).
    ASSERT_TRUE(backend.devices()->rollBackDriver("DCS-A", adapter.instanceId).ok());
    ASSERT_TRUE(backend.restartHost("DCS-A").ok());
    const std::vector<DataCorePort> portsAfter = valueOf(backend.dataCore()->ports());
    const DataCorePort *back = portByAlias(portsAfter, "DCS-A BE1");
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(back->presence, Presence::Present);
}

TEST(LabOperations, ClaimMakesMpioDisksWithFailOverOnly)
{
    auto lab = openShipped("default-lab.json");
    LabBackend &backend = *lab->lab;
    const std::string serverA = serverIdOf(backend, "DCS-A");
    std::map<std::string, std::string> ownerBySerial; // serial -> expected tpg of A/O paths
    replaceBackEndDrivers(backend, "DCS-A");
    ASSERT_TRUE(backend.restartHost("DCS-A").ok());

    // Rule claim-present-waits: the LUNs are already there as plain disks, so MSDSM takes them at the restart.
    const ChangeResult claim = backend.mpio()->claim("DCS-A", ClaimRequest{});
    ASSERT_TRUE(claim.ok()) << claim.error().toString();
    EXPECT_TRUE(claim->rebootRequired);
    EXPECT_THAT(claim->detail, HasSubstr("claimed after the restart"));
    EXPECT_TRUE(valueOf(backend.mpio()->disks("DCS-A")).empty());
    ASSERT_TRUE(backend.restartHost("DCS-A").ok());

    const std::vector<MpioDisk> disks = valueOf(backend.mpio()->disks("DCS-A"));
    ASSERT_EQ(disks.size(), 10u);
    EXPECT_TRUE(valueOf(backend.mpio()->disks("DCS-B")).empty());
    for (std::size_t i = 0; i < disks.size(); ++i) {
        const MpioDisk &disk = disks[i];
        EXPECT_EQ(disk.number, i);
        EXPECT_EQ(disk.systemDisk, "Disk " + std::to_string(i + 1));
        EXPECT_EQ(disk.dsm, "Microsoft DSM");
        EXPECT_EQ(disk.policy, LoadBalancePolicy::FailOverOnly); // the MSDSM default SANsymphony sets
        EXPECT_EQ(disk.alua, AluaSupport::ImplicitOnly);
        EXPECT_EQ(disk.vendor, "DGC");
        std::set<std::uint64_t> ids;
        int active = 0;
        for (const MpioPath &path : disk.paths) {
            EXPECT_TRUE(ids.insert(path.pathId).second) << formatPathId(path.pathId);
            EXPECT_EQ(path.pathId >> 24, 0x77u);
            EXPECT_EQ((path.pathId >> 16) & 0xFF, path.scsi.port);
            EXPECT_EQ(path.pathId & 0xFF, path.scsi.target);
            EXPECT_EQ(path.scsi.lun, i); // the shipped LUNs are numbered like their disks
            EXPECT_TRUE(path.adapterPci.has_value());
            EXPECT_FALSE(path.adapterName.empty());
            EXPECT_TRUE(path.tpgId == 1u || path.tpgId == 2u);
            if (path.state == PathState::Failed)
                continue;
            if (path.tpgState == PathState::ActiveOptimized) {
                if (path.state == PathState::ActiveOptimized)
                    ++active;
                else
                    EXPECT_EQ(path.state, PathState::Standby);
            } else {
                EXPECT_EQ(path.tpgState, PathState::ActiveUnoptimized);
                EXPECT_EQ(path.state, PathState::ActiveUnoptimized);
            }
        }
        EXPECT_EQ(active, 1) << "disk " << i;
    }
    // SANsymphony now sees them as direct-attached storage.
    const std::vector<BackEndDisk> backEnd = disksOfServer(backend, serverA);
    ASSERT_EQ(backEnd.size(), 10u);
    for (const BackEndDisk &disk : backEnd)
        EXPECT_TRUE(disk.paths.empty());
    // A second claim finds nothing new.
    const ChangeResult again = backend.mpio()->claim("DCS-A", ClaimRequest{});
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->rebootRequired);
    EXPECT_EQ(valueOf(backend.mpio()->disks("DCS-A")).size(), 10u);
}

TEST(LabOperations, ClaimByHardwareId)
{
    auto lab = openShipped("default-lab.json");
    LabBackend &backend = *lab->lab;
    replaceBackEndDrivers(backend, "DCS-B");
    // Registered before the restart: the LUNs are claimed as the native driver brings them up.
    ASSERT_TRUE(backend.mpio()->claim("DCS-B", ClaimRequest{{"HPE     MSA 2050 SAN    "}, false}).ok());
    ASSERT_TRUE(backend.restartHost("DCS-B").ok());
    EXPECT_TRUE(valueOf(backend.mpio()->disks("DCS-B")).empty());
    const ChangeResult claim = backend.mpio()->claim("DCS-B", ClaimRequest{{"DGC     VRAID           "}, false});
    ASSERT_TRUE(claim.ok());
    EXPECT_TRUE(claim->rebootRequired); // now they are present: at the restart
    ASSERT_TRUE(backend.restartHost("DCS-B").ok());
    EXPECT_EQ(valueOf(backend.mpio()->disks("DCS-B")).size(), 10u);
}

TEST(LabOperations, AClaimBeforeTheDriverRestartNeedsNoSecondRestart)
{
    auto lab = openShipped("default-lab.json");
    LabBackend &backend = *lab->lab;
    replaceBackEndDrivers(backend, "DCS-A");
    const ChangeResult claim = backend.mpio()->claim("DCS-A", ClaimRequest{{"DGC     VRAID           "}, false});
    ASSERT_TRUE(claim.ok());
    EXPECT_FALSE(claim->rebootRequired); // nothing present to take over yet
    EXPECT_THAT(claim->detail, HasSubstr("as they appear"));
    EXPECT_TRUE(valueOf(backend.mpio()->disks("DCS-A")).empty());
    const ChangeResult restart = backend.restartHost("DCS-A");
    ASSERT_TRUE(restart.ok());
    EXPECT_THAT(restart->detail, HasSubstr("claimed 10 device(s)"));
    EXPECT_EQ(valueOf(backend.mpio()->disks("DCS-A")).size(), 10u);
    EXPECT_FALSE(backend.hostSystem()->rebootPending("DCS-A")->pending);
}

TEST(LabOperations, PolicyChangesHowPathsLook)
{
    auto lab = openShipped("default-lab.json");
    LabBackend &backend = *lab->lab;
    handBackEndToMsdsm(backend, "DCS-A");
    const std::vector<MpioDisk> disks = valueOf(backend.mpio()->disks("DCS-A"));
    ASSERT_GT(disks.size(), 1u);
    const MpioDisk disk1 = disks[1]; // 8 paths, owned by SP B

    const ChangeResult rrws = backend.mpio()->setPolicy("DCS-A", 1, LoadBalancePolicy::RoundRobinWithSubset);
    ASSERT_TRUE(rrws.ok()) << rrws.error().toString();
    EXPECT_FALSE(rrws->rebootRequired);
    MpioDisk after = valueOf(backend.mpio()->disks("DCS-A"))[1];
    EXPECT_EQ(after.policy, LoadBalancePolicy::RoundRobinWithSubset);
    int optimized = 0;
    for (const MpioPath &path : after.paths) {
        EXPECT_EQ(path.state, path.tpgState);
        optimized += path.state == PathState::ActiveOptimized ? 1 : 0;
    }
    EXPECT_EQ(optimized, 4);

    // Fail Over Only with a chosen A/O path: that one is active, the other A/O paths stand by.
    std::uint64_t chosen = 0;
    for (const MpioPath &path : disk1.paths) {
        if (path.tpgState == PathState::ActiveOptimized)
            chosen = path.pathId; // the last one, not MSDSM's first pick
    }
    const ChangeResult foo = backend.mpio()->setPolicy("DCS-A", 1, LoadBalancePolicy::FailOverOnly, chosen);
    ASSERT_TRUE(foo.ok()) << foo.error().toString();
    after = valueOf(backend.mpio()->disks("DCS-A"))[1];
    int active = 0;
    for (const MpioPath &path : after.paths) {
        if (path.pathId == chosen) {
            EXPECT_TRUE(path.preferred);
            EXPECT_EQ(path.state, PathState::ActiveOptimized);
        } else {
            EXPECT_FALSE(path.preferred);
            EXPECT_NE(path.state, PathState::ActiveOptimized);
        }
        active += path.state == PathState::ActiveOptimized ? 1 : 0;
    }
    EXPECT_EQ(active, 1);

    const ChangeResult foreign = backend.mpio()->setPolicy("DCS-A", 1, LoadBalancePolicy::FailOverOnly, 0x1234);
    ASSERT_FALSE(foreign.ok());
    EXPECT_THAT(foreign.error().message, HasSubstr("0000000000001234"));
    EXPECT_FALSE(backend.mpio()->setPolicy("DCS-A", 99, LoadBalancePolicy::RoundRobin).ok());
    EXPECT_FALSE(backend.mpio()->setPolicy("DCS-A", 1, LoadBalancePolicy::VendorSpecific).ok());
    // Rule set-policy-no-rr-on-alua: the lab's arrays are ALUA.
    const ChangeResult rr = backend.mpio()->setPolicy("DCS-A", 1, LoadBalancePolicy::RoundRobin);
    ASSERT_FALSE(rr.ok());
    EXPECT_THAT(rr.error().message, HasSubstr("use Round Robin with Subset"));
    EXPECT_FALSE(backend.mpio()->setPolicy("DCS-B", 1, LoadBalancePolicy::RoundRobin).ok()); // nothing claimed there
}

// ------------------------------------------------------------- traffic

TEST(LabTraffic, DeterministicRegardlessOfSampling)
{
    const std::string text = readText(labPath("default-lab.json"));
    auto often = openStepped(text, "a", shippedOrigin());
    auto once = openStepped(text, "b", shippedOrigin());
    const TimePoint end = shippedOrigin() + 3h + 17s;
    // Both labs see the same change at the same simulated time; only the sampling differs.
    const TimePoint change = shippedOrigin() + 1h + 500ms;
    for (TimePoint t = shippedOrigin(); t < end; t += 97s) {
        if (t >= change && often->time < change) {
            often->at(change);
            replaceBackEndDrivers(*often->lab, "DCS-B");
        }
        often->at(t);
        ASSERT_TRUE(often->lab->dataCore()->physicalDisks().ok());
    }
    once->at(change);
    replaceBackEndDrivers(*once->lab, "DCS-B");
    often->at(end);
    once->at(end);
    const std::vector<BackEndDisk> a = valueOf(often->lab->dataCore()->physicalDisks());
    const std::vector<BackEndDisk> b = valueOf(once->lab->dataCore()->physicalDisks());
    ASSERT_EQ(a.size(), b.size());
    std::uint64_t total = 0;
    for (std::size_t d = 0; d < a.size(); ++d) {
        for (std::size_t p = 0; p < a[d].paths.size(); ++p) {
            const PathCounters &x = *a[d].paths[p].counters;
            const PathCounters &y = *b[d].paths[p].counters;
            EXPECT_EQ(x.reads, y.reads);
            EXPECT_EQ(x.writes, y.writes);
            EXPECT_EQ(x.bytesRead, y.bytesRead);
            EXPECT_EQ(x.bytesWritten, y.bytesWritten);
            EXPECT_EQ(x.taken, end);
            total += x.bytesRead;
        }
    }
    EXPECT_GT(total, 0u);
}

TEST(LabTraffic, SeedChangesTheNumbers)
{
    std::string text = readText(fixturePath("minimal-lab.json"));
    auto first = openStepped(text, "a", minimalOrigin() + 1h);
    text.replace(text.find("\"seed\": 42"), 10, "\"seed\": 43");
    auto second = openStepped(text, "b", minimalOrigin() + 1h);
    const BackEndDisk a = valueOf(first->lab->dataCore()->physicalDisks())[0];
    const BackEndDisk b = valueOf(second->lab->dataCore()->physicalDisks())[0];
    ASSERT_EQ(a.paths.size(), b.paths.size());
    EXPECT_NE(a.paths[1].counters->reads, b.paths[1].counters->reads);
    // About 1000 reads per second for an hour, whatever the seed.
    EXPECT_NEAR(static_cast<double>(a.paths[1].counters->reads), 3.6e6, 3.6e6 * 0.1);
}

TEST(LabTraffic, NothingBeforeTheOrigin)
{
    auto lab = openMinimal(minimalOrigin() - 1h);
    const std::vector<BackEndDisk> disks = valueOf(lab->lab->dataCore()->physicalDisks());
    for (const BackEndPath &path : disks[0].paths) {
        EXPECT_EQ(path.counters->reads, 0u);
        EXPECT_EQ(path.counters->bytesWritten, 0u);
    }
}

TEST(LabTraffic, DataCoreDriverUsesOnlyItsChosenPath)
{
    auto lab = openMinimal();
    const std::vector<BackEndDisk> before = valueOf(lab->lab->dataCore()->physicalDisks());
    lab->at(lab->time + 60s);
    const std::vector<BackEndDisk> after = valueOf(lab->lab->dataCore()->physicalDisks());
    for (std::size_t d = 0; d < after.size(); ++d) {
        for (std::size_t p = 0; p < after[d].paths.size(); ++p) {
            const BackEndPath &path = after[d].paths[p];
            const std::uint32_t reads = path.counters->reads - before[d].paths[p].counters->reads;
            const std::uint32_t writes = path.counters->writes - before[d].paths[p].counters->writes;
            if (path.inUse) {
                EXPECT_GT(reads, 0u);
                EXPECT_GT(writes, 0u);
                EXPECT_GT(path.counters->outstanding.value_or(0), 0u);
            } else {
                EXPECT_EQ(reads, 0u);
                EXPECT_EQ(writes, 0u);
                EXPECT_EQ(path.counters->outstanding, 0u);
            }
        }
    }
    // L0's driver path is "b" to SP B, while SP A owns the LUN.
    const BackEndPath &inUse = after[0].paths[1];
    EXPECT_TRUE(inUse.inUse);
    EXPECT_EQ(inUse.aluaState, PathState::ActiveUnoptimized);
    EXPECT_EQ(inUse.scsi.toString(), "004|000|002|000");
}

TEST(LabTraffic, PoliciesSendIoWhereMsdsmWould)
{
    auto lab = openMinimal();
    LabBackend &backend = *lab->lab;
    for (const Adapter &adapter : valueOf(backend.devices()->adapters("SRV1"))) {
        ASSERT_TRUE(
            backend.devices()->installDriver("SRV1", adapter.instanceId, nativeDriver(backend, "SRV1", adapter.instanceId)).ok());
    }
    ASSERT_TRUE(backend.mpio()->claim("SRV1", {}).ok());
    ASSERT_TRUE(backend.restartHost("SRV1").ok()); // present devices are claimed at the restart

    // Bytes moved per path of MPIO Disk0 (owned by SP A: paths a and c are A/O) over one minute.
    const auto movedPerPath = [&]() {
        const MpioDisk before = valueOf(backend.mpio()->disks("SRV1"))[0];
        lab->at(lab->time + 60s);
        const MpioDisk after = valueOf(backend.mpio()->disks("SRV1"))[0];
        std::vector<std::pair<PathState, std::uint64_t>> moved;
        for (std::size_t p = 0; p < after.paths.size(); ++p) {
            moved.emplace_back(after.paths[p].tpgState,
                               after.paths[p].counters.bytesRead - before.paths[p].counters.bytesRead
                                   + after.paths[p].counters.bytesWritten - before.paths[p].counters.bytesWritten);
        }
        return moved;
    };
    const auto busyPaths = [](const std::vector<std::pair<PathState, std::uint64_t>> &moved, PathState tpg) {
        int busy = 0;
        for (const auto &[state, bytes] : moved)
            busy += (state == tpg && bytes > 0) ? 1 : 0;
        return busy;
    };

    // Claimed with Fail Over Only: one path carries everything.
    auto moved = movedPerPath();
    EXPECT_EQ(busyPaths(moved, PathState::ActiveOptimized) + busyPaths(moved, PathState::ActiveUnoptimized), 1);

    ASSERT_TRUE(backend.mpio()->setPolicy("SRV1", 0, LoadBalancePolicy::RoundRobinWithSubset).ok());
    moved = movedPerPath();
    EXPECT_EQ(busyPaths(moved, PathState::ActiveOptimized), 2);
    EXPECT_EQ(busyPaths(moved, PathState::ActiveUnoptimized), 0); // nothing on A/NO under RRWS

    // Plain Round Robin would use A/NO too, which is why MSDSM refuses it on ALUA storage.
    EXPECT_FALSE(backend.mpio()->setPolicy("SRV1", 0, LoadBalancePolicy::RoundRobin).ok());

    ASSERT_TRUE(backend.mpio()->setPolicy("SRV1", 0, LoadBalancePolicy::LeastQueueDepth).ok());
    moved = movedPerPath();
    std::uint64_t optimizedBytes = 0, unoptimizedBytes = 0;
    for (const auto &[state, bytes] : moved)
        (state == PathState::ActiveOptimized ? optimizedBytes : unoptimizedBytes) += bytes;
    EXPECT_GT(unoptimizedBytes, 0u);
    EXPECT_GT(optimizedBytes, 5 * unoptimizedBytes); // mostly A/O

    // Counters started at zero when MSDSM claimed the disk.
    const MpioDisk disk = valueOf(backend.mpio()->disks("SRV1"))[0];
    std::uint64_t reads = 0;
    for (const MpioPath &path : disk.paths)
        reads += path.counters.reads;
    EXPECT_LT(reads, 1000u * 60 * 10);
}

TEST(LabTraffic, CountsWrapAtThirtyTwoBits)
{
    auto lab = openMinimal(minimalOrigin() + 24h * 60);
    const BackEndPath path = valueOf(lab->lab->dataCore()->physicalDisks())[0].paths[1];
    ASSERT_TRUE(path.inUse);
    const std::uint64_t reads = totalReads(*path.counters, 8192);
    EXPECT_GT(reads, 0x100000000ull); // ~1000 reads per second for 60 days
    EXPECT_EQ(path.counters->reads, static_cast<std::uint32_t>(reads));
}

TEST(LabTraffic, SamplingIsCheapAfterLongRuns)
{
    // 100 LUNs on one server, sampled after a day and after a year of simulated time.
    std::string text = readText(fixturePath("minimal-lab.json"));
    const std::string lun =
        R"({"id": "X%", "array": "arr", "lun": %, "serial": "S%", "sizeGiB": 10, "owner": "SPA",
            "traffic": {"readIops": 5000, "writeIops": 2000},
            "paths": [{"id": "a", "adapter": "be1", "controller": "SPA", "target": 0},
                      {"id": "b", "adapter": "be2", "controller": "SPB", "target": 3}]},)";
    std::string many;
    for (int i = 0; i < 100; ++i) {
        std::string one = lun;
        for (std::size_t at; (at = one.find('%')) != std::string::npos;)
            one.replace(at, 1, std::to_string(i + 2));
        many += one;
    }
    text.insert(text.find("{\"id\": \"L0\""), many);
    auto lab = openStepped(text, "many", minimalOrigin() + 24h);
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) {
        lab->at(lab->time + 24h * 18);
        EXPECT_EQ(valueOf(lab->lab->dataCore()->physicalDisks()).size(), 102u);
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

// -------------------------------------------------------------- faults

TEST(LabFaults, ScenarioFaultsFailTheChosenOperation)
{
    std::string text = readText(fixturePath("minimal-lab.json"));
    text.replace(text.find("\"faults\": []"), 12, R"("faults": [
    {"operation": "installDriver", "server": "S1", "target": "be1", "message": "Access is denied.", "code": 5, "times": 1},
    {"operation": "claim", "message": "The MPIO service is not running.", "code": 1062},
    {"operation": "deletePort", "target": "P3", "message": "The server is busy.", "code": 503, "times": 2},
    {"operation": "physicalDisks", "message": "Connection refused.", "times": 1}
  ])");
    auto lab = openStepped(text, "faults.json", minimalOrigin() + 1h);
    LabBackend &backend = *lab->lab;

    const Result<std::vector<BackEndDisk>> disks = backend.dataCore()->physicalDisks();
    ASSERT_FALSE(disks.ok());
    EXPECT_EQ(disks.error().message, "Connection refused.");
    EXPECT_TRUE(backend.dataCore()->physicalDisks().ok()); // only once

    const std::vector<Adapter> adapters = valueOf(backend.devices()->adapters("SRV1"));
    const Adapter *be1 = adapterAt(adapters, PciLocation{175, 0, 0});
    const Adapter *be2 = adapterAt(adapters, PciLocation{175, 0, 1});
    const DriverPackage native = nativeDriver(backend, "SRV1", be1->instanceId);
    const ChangeResult denied = backend.devices()->installDriver("SRV1", be1->instanceId, native);
    ASSERT_FALSE(denied.ok());
    EXPECT_EQ(denied.error(), (Error{"lab: install driver", "Access is denied.", 5}));
    EXPECT_EQ(adapterAt(valueOf(backend.devices()->adapters("SRV1")), PciLocation{175, 0, 0})->driver, be1->driver);
    EXPECT_TRUE(backend.devices()->installDriver("SRV1", be2->instanceId, native).ok()); // other target
    EXPECT_TRUE(backend.devices()->installDriver("SRV1", be1->instanceId, native).ok()); // the retry works

    const ChangeResult claim = backend.mpio()->claim("SRV1", {});
    ASSERT_FALSE(claim.ok());
    EXPECT_EQ(claim.error().code, 1062);
    EXPECT_TRUE(valueOf(backend.mpio()->disks("SRV1")).empty());

    EXPECT_EQ(backend.dataCore()->deletePort("P3").error().message, "The server is busy.");
    EXPECT_EQ(backend.dataCore()->deletePort("P3").error().code, 503);
    EXPECT_TRUE(backend.dataCore()->deletePort("P3").ok());
}

// ---------------------------------------------------------- host system

namespace {

/// The minimal lab with @p faults and the server's `system` object.
std::unique_ptr<SteppedLab> openMinimalWith(const std::string &faults, const std::string &system = {})
{
    std::string text = readText(fixturePath("minimal-lab.json"));
    text.replace(text.find("\"faults\": []"), 12, "\"faults\": " + faults);
    if (!system.empty()) {
        const std::string anchor = "\"version\": \"10.0 PSP 17\",";
        text.replace(text.find(anchor), anchor.size(), anchor + " \"system\": " + system + ",");
    }
    return openStepped(text, "minimal-with-faults.json", minimalOrigin() + 1h);
}

const DataCorePort *portById(const std::vector<DataCorePort> &ports, const std::string &id)
{
    for (const DataCorePort &port : ports) {
        if (port.id == id)
            return &port;
    }
    return nullptr;
}

std::string temporaryFolder(const std::string &name)
{
    const std::filesystem::path folder = std::filesystem::temp_directory_path()
        / ("pathlens-lab-test-" + name + "-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(folder);
    return folder.string();
}

} // namespace

TEST(LabHostSystem, AnswersFromTheScenario)
{
    auto lab = openMinimalWith("[]", R"({"elevated": false, "rebootPending": true})");
    HostSystem *system = lab->lab->hostSystem();
    ASSERT_NE(system, nullptr);
    const Result<Elevation> elevation = system->isElevated("srv1");
    ASSERT_TRUE(elevation.ok());
    EXPECT_FALSE(elevation->elevated);
    EXPECT_THAT(elevation->detail, HasSubstr("without administrator rights"));
    const Result<PendingReboot> pending = system->rebootPending("SRV1");
    ASSERT_TRUE(pending.ok());
    EXPECT_TRUE(pending->pending);
    EXPECT_EQ(pending->reasons.size(), 1u);
    EXPECT_TRUE(system->mpioFeatureInstalled("SRV1")->installed);
    EXPECT_FALSE(system->isElevated("NOHOST").ok());

    // The defaults: an elevated process, no restart pending.
    auto plain = openMinimal();
    EXPECT_TRUE(plain->lab->hostSystem()->isElevated("SRV1")->elevated);
    EXPECT_FALSE(plain->lab->hostSystem()->rebootPending("SRV1")->pending);
}

TEST(LabHostSystem, AChangeThatAsksForARestartLeavesOnePendingUntilTheRestart)
{
    auto lab = openShipped("default-lab.json"); // installing a driver asks for a restart there
    LabBackend &backend = *lab->lab;
    EXPECT_FALSE(backend.hostSystem()->rebootPending("DCS-A")->pending);
    replaceBackEndDrivers(backend, "DCS-A");
    const Result<PendingReboot> pending = backend.hostSystem()->rebootPending("DCS-A");
    ASSERT_TRUE(pending->pending);
    EXPECT_EQ(pending->reasons.size(), 2u);
    EXPECT_THAT(pending->reasons[0], HasSubstr("installed QLogic driver"));
    EXPECT_FALSE(backend.hostSystem()->rebootPending("DCS-B")->pending);

    const ChangeResult restart = backend.restartHost("DCS-A");
    ASSERT_TRUE(restart.ok());
    EXPECT_THAT(restart->detail, HasSubstr("restarted DCS-A"));
    EXPECT_FALSE(backend.hostSystem()->rebootPending("DCS-A")->pending);
    EXPECT_FALSE(backend.restartHost("NOHOST").ok());
}

// ------------------------------------------------------- fault outcomes

TEST(LabFaultOutcomes, ADriverInstallThatNeedsARestartTakesEffectOnlyThen)
{
    auto lab = openMinimalWith(R"([{"operation": "installDriver", "target": "be1", "outcome": "rebootRequired"}])");
    LabBackend &backend = *lab->lab;
    const Adapter be1 = *adapterAt(valueOf(backend.devices()->adapters("SRV1")), PciLocation{175, 0, 0});
    const DriverPackage native = nativeDriver(backend, "SRV1", be1.instanceId);
    const ChangeResult change = backend.devices()->installDriver("SRV1", be1.instanceId, native);
    ASSERT_TRUE(change.ok()) << change.error().toString();
    EXPECT_TRUE(change->rebootRequired);
    EXPECT_THAT(change->detail, HasSubstr("after the restart"));

    // The registry names the new driver; the old one still runs.
    const Adapter after = *adapterAt(valueOf(backend.devices()->adapters("SRV1")), PciLocation{175, 0, 0});
    EXPECT_EQ(after.driver, native);
    EXPECT_EQ(after.rollbackAvailable, true);
    EXPECT_EQ(portById(valueOf(backend.dataCore()->ports()), "P1")->presence, Presence::Present);
    EXPECT_TRUE(backend.hostSystem()->rebootPending("SRV1")->pending);

    ASSERT_TRUE(backend.restartHost("SRV1").ok());
    EXPECT_EQ(portById(valueOf(backend.dataCore()->ports()), "P1")->presence, Presence::NotPresent);
    const ChangeResult claim = backend.mpio()->claim("SRV1", {});
    ASSERT_TRUE(claim.ok());
    EXPECT_TRUE(claim->rebootRequired); // the LUNs are present now: MSDSM takes them at the restart
    ASSERT_TRUE(backend.restartHost("SRV1").ok());
    EXPECT_EQ(valueOf(backend.mpio()->disks("SRV1")).size(), 2u);
}

TEST(LabFaultOutcomes, RollingBackAPendingInstallCancelsIt)
{
    auto lab = openMinimalWith(R"([{"operation": "installDriver", "outcome": "rebootRequired", "times": 1}])");
    LabBackend &backend = *lab->lab;
    const Adapter be1 = *adapterAt(valueOf(backend.devices()->adapters("SRV1")), PciLocation{175, 0, 0});
    ASSERT_TRUE(backend.devices()->installDriver("SRV1", be1.instanceId, nativeDriver(backend, "SRV1", be1.instanceId)).ok());
    const ChangeResult rollback = backend.devices()->rollBackDriver("SRV1", be1.instanceId);
    ASSERT_TRUE(rollback.ok()) << rollback.error().toString();
    EXPECT_THAT(rollback->detail, HasSubstr("had not taken effect"));
    EXPECT_EQ(adapterAt(valueOf(backend.devices()->adapters("SRV1")), PciLocation{175, 0, 0})->driver, be1.driver);
    ASSERT_TRUE(backend.restartHost("SRV1").ok());
    EXPECT_EQ(portById(valueOf(backend.dataCore()->ports()), "P1")->presence, Presence::Present);
}

TEST(LabFaultOutcomes, AVanishingDeviceLeavesTheInventoryWithItsPortAndPaths)
{
    auto lab = openMinimalWith(R"([{"operation": "installDriver", "target": "be2", "outcome": "vanish"}])");
    LabBackend &backend = *lab->lab;
    const std::vector<Adapter> adapters = valueOf(backend.devices()->adapters("SRV1"));
    const Adapter be2 = *adapterAt(adapters, PciLocation{175, 0, 1});
    const ChangeResult change =
        backend.devices()->installDriver("SRV1", be2.instanceId, nativeDriver(backend, "SRV1", be2.instanceId));
    ASSERT_FALSE(change.ok());
    EXPECT_EQ(change.error().code, 55);
    EXPECT_EQ(change.error().message, "The specified device is no longer available.");

    EXPECT_EQ(valueOf(backend.devices()->adapters("SRV1")).size(), 1u);
    EXPECT_FALSE(backend.devices()->compatibleDrivers("SRV1", be2.instanceId).ok());
    EXPECT_EQ(portById(valueOf(backend.dataCore()->ports()), "P2")->presence, Presence::NotPresent);
    for (const BackEndDisk &disk : valueOf(backend.dataCore()->physicalDisks())) {
        for (const BackEndPath &path : disk.paths)
            EXPECT_NE(path.portId, "P2");
    }
    // MSDSM gets no path through the missing hardware either.
    const Adapter be1 = *adapterAt(adapters, PciLocation{175, 0, 0});
    ASSERT_TRUE(backend.devices()->installDriver("SRV1", be1.instanceId, nativeDriver(backend, "SRV1", be1.instanceId)).ok());
    ASSERT_TRUE(backend.mpio()->claim("SRV1", {}).ok());
    for (const MpioDisk &disk : valueOf(backend.mpio()->disks("SRV1"))) {
        for (const MpioPath &path : disk.paths)
            EXPECT_EQ(path.adapterPci, (PciLocation{175, 0, 0}));
    }
    // A restart does not bring failed hardware back.
    ASSERT_TRUE(backend.restartHost("SRV1").ok());
    EXPECT_EQ(valueOf(backend.devices()->adapters("SRV1")).size(), 1u);
}

TEST(LabFaultOutcomes, AClaimThatNeedsARestartClaimsAtTheRestart)
{
    auto lab = openMinimalWith(R"([{"operation": "claim", "outcome": "rebootRequired"}])");
    LabBackend &backend = *lab->lab;
    for (const Adapter &adapter : valueOf(backend.devices()->adapters("SRV1"))) {
        ASSERT_TRUE(backend.devices()->installDriver("SRV1", adapter.instanceId,
                                                     nativeDriver(backend, "SRV1", adapter.instanceId)).ok());
    }
    const ChangeResult claim = backend.mpio()->claim("SRV1", ClaimRequest{{"DGC     VRAID           "}, false});
    ASSERT_TRUE(claim.ok());
    EXPECT_TRUE(claim->rebootRequired);
    EXPECT_TRUE(valueOf(backend.mpio()->disks("SRV1")).empty());
    const ChangeResult restart = backend.restartHost("SRV1");
    ASSERT_TRUE(restart.ok());
    EXPECT_THAT(restart->detail, HasSubstr("claimed 2 device(s)"));
    const std::vector<MpioDisk> disks = valueOf(backend.mpio()->disks("SRV1"));
    ASSERT_EQ(disks.size(), 2u);
    EXPECT_EQ(disks[0].policy, LoadBalancePolicy::FailOverOnly);
}

TEST(LabFaultOutcomes, OutcomesAreCheckedAgainstTheOperation)
{
    const auto refusal = [](const std::string &faults) {
        std::string text = readText(fixturePath("minimal-lab.json"));
        text.replace(text.find("\"faults\": []"), 12, "\"faults\": " + faults);
        auto lab = LabBackend::fromText(text, "outcomes.json");
        return lab.ok() ? std::string("accepted") : lab.error().message;
    };
    EXPECT_THAT(refusal(R"([{"operation": "deletePort", "outcome": "rebootRequired"}])"),
                HasSubstr("faults[0].outcome: \"rebootRequired\" applies to installDriver, rollBackDriver and claim"));
    EXPECT_THAT(refusal(R"([{"operation": "claim", "outcome": "vanish"}])"),
                HasSubstr("\"vanish\" applies to installDriver, rollBackDriver and compatibleDrivers only"));
    EXPECT_THAT(refusal(R"([{"operation": "claim", "outcome": "explode", "message": "x"}])"),
                HasSubstr("\"explode\" is not one of \"error\", \"rebootRequired\", \"vanish\""));
    EXPECT_THAT(refusal(R"([{"operation": "claim"}])"), HasSubstr("faults[0].message: required field is missing"));
    EXPECT_EQ(refusal(R"([{"operation": "installDriver", "outcome": "vanish", "target": "be1"}])"), "accepted");
}

TEST(LabOperations, RollingBackEveryDriverGivesTheLunsBackToDataCore)
{
    auto lab = openShipped("default-lab.json");
    LabBackend &backend = *lab->lab;
    handBackEndToMsdsm(backend, "DCS-A");
    ASSERT_EQ(valueOf(backend.mpio()->disks("DCS-A")).size(), 10u);
    for (const Adapter &adapter : valueOf(backend.devices()->adapters("DCS-A"))) {
        if (adapter.rollbackAvailable == true) {
            ASSERT_TRUE(backend.devices()->rollBackDriver("DCS-A", adapter.instanceId).ok());
        }
    }
    ASSERT_TRUE(backend.restartHost("DCS-A").ok()); // the default lab's rollback takes effect at the restart
    // MSDSM has no path left; SANsymphony's driver has them all again.
    EXPECT_TRUE(valueOf(backend.mpio()->disks("DCS-A")).empty());
    for (const BackEndDisk &disk : disksOfServer(backend, serverIdOf(backend, "DCS-A")))
        EXPECT_FALSE(disk.paths.empty()) << disk.id;
}

// ------------------------------------------------------------ state file

TEST(LabStateFile, AnotherProcessCarriesOnWithTheSameLab)
{
    const std::string folder = temporaryFolder("state");
    const std::string path = folder + "/lab-state.json";
    const std::string text = readText(fixturePath("minimal-lab.json"));
    std::string withFault = text;
    withFault.replace(withFault.find("\"faults\": []"), 12,
                      R"("faults": [{"operation": "deletePort", "message": "Busy.", "code": 503, "times": 2}])");

    const TimePoint when = minimalOrigin() + 2h;
    PathCounters counted;
    {
        auto first = openStepped(withFault, "minimal.json", minimalOrigin() + 1h);
        LabBackend &lab = *first->lab;
        ASSERT_FALSE(lab.useStateFile(path)) << "a new state file is written";
        ASSERT_TRUE(std::filesystem::exists(path));
        const Adapter be1 = *adapterAt(valueOf(lab.devices()->adapters("SRV1")), PciLocation{175, 0, 0});
        ASSERT_TRUE(lab.devices()->installDriver("SRV1", be1.instanceId, nativeDriver(lab, "SRV1", be1.instanceId)).ok());
        EXPECT_FALSE(lab.dataCore()->deletePort("P1").ok()); // one of the fault's two uses
        ASSERT_TRUE(lab.mpio()->claim("SRV1", {}).ok());
        ASSERT_TRUE(lab.restartHost("SRV1").ok());
        ASSERT_TRUE(lab.mpio()->setPolicy("SRV1", 0, LoadBalancePolicy::RoundRobinWithSubset).ok());
        first->at(when);
        counted = valueOf(lab.mpio()->disks("SRV1"))[0].paths[0].counters;
        EXPECT_FALSE(lab.stateFileError());
    }

    auto second = openStepped(withFault, "minimal.json", when);
    LabBackend &lab = *second->lab;
    ASSERT_FALSE(lab.useStateFile(path));
    const Adapter be1 = *adapterAt(valueOf(lab.devices()->adapters("SRV1")), PciLocation{175, 0, 0});
    EXPECT_EQ(be1.driver.service, "ql2300i");
    EXPECT_EQ(be1.rollbackAvailable, true);
    EXPECT_EQ(portById(valueOf(lab.dataCore()->ports()), "P1")->presence, Presence::NotPresent);
    const std::vector<MpioDisk> disks = valueOf(lab.mpio()->disks("SRV1"));
    ASSERT_EQ(disks.size(), 2u);
    EXPECT_EQ(disks[0].policy, LoadBalancePolicy::RoundRobinWithSubset);
    // The counters go on where the first process left them.
    EXPECT_EQ(disks[0].paths[0].counters.reads, counted.reads);
    EXPECT_EQ(disks[0].paths[0].counters.bytesWritten, counted.bytesWritten);
    // The fault has one use left.
    EXPECT_FALSE(lab.dataCore()->deletePort("P1").ok());
    EXPECT_TRUE(lab.dataCore()->deletePort("P1").ok());
    std::filesystem::remove_all(folder);
}

TEST(LabStateFile, AStateOfAnotherScenarioOrOfTheWrongShapeIsRefusedWhole)
{
    const std::string folder = temporaryFolder("refused");
    const std::string path = folder + "/state.json";
    {
        auto shipped = openShipped("default-lab.json");
        ASSERT_FALSE(shipped->lab->useStateFile(path));
    }
    auto minimal = openMinimal();
    const auto other = minimal->lab->useStateFile(path);
    ASSERT_TRUE(other);
    EXPECT_THAT(other->message, HasSubstr("saved for another scenario"));
    EXPECT_THAT(other->message, HasSubstr("default-lab.json"));

    const auto write = [&](const std::string &text) {
        std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    };
    write(minimal->lab->stateJson().substr(0, 200));
    const auto truncated = minimal->lab->useStateFile(path);
    ASSERT_TRUE(truncated);
    EXPECT_THAT(truncated->message, StartsWith(path + ":"));

    std::string shape = minimal->lab->stateJson();
    shape.replace(shape.find("\"driver\": \"dcsfc\""), 17, "\"driver\": \"nodriver\"");
    write(shape);
    const auto badDriver = minimal->lab->useStateFile(path);
    ASSERT_TRUE(badDriver);
    EXPECT_THAT(badDriver->message, HasSubstr("servers[0].adapters[0].driver: unknown driver \"nodriver\""));
    // Nothing was taken over from the refused files.
    EXPECT_EQ(adapterAt(valueOf(minimal->lab->devices()->adapters("SRV1")), PciLocation{175, 0, 0})->driver.service,
              "dcsfc");
    std::filesystem::remove_all(folder);
}

TEST(LabStateFile, ASaveThatFailsIsReported)
{
    const std::string folder = temporaryFolder("unwritable");
    const std::string sub = folder + "/sub";
    std::filesystem::create_directories(sub);
    auto lab = openMinimal();
    ASSERT_FALSE(lab->lab->useStateFile(sub + "/state.json"));
    std::filesystem::remove_all(sub);
    std::ofstream(sub) << "a file where the folder was";
    const Adapter be1 = *adapterAt(valueOf(lab->lab->devices()->adapters("SRV1")), PciLocation{175, 0, 0});
    ASSERT_TRUE(lab->lab->devices()->installDriver("SRV1", be1.instanceId, nativeDriver(*lab->lab, "SRV1", be1.instanceId)).ok());
    ASSERT_TRUE(lab->lab->stateFileError());
    EXPECT_THAT(lab->lab->stateFileError()->message, HasSubstr("cannot write"));
    ASSERT_EQ(lab->lab->missingParts().size(), 1u);
    EXPECT_THAT(lab->lab->missingParts()[0], StartsWith("lab state: "));
    EXPECT_FALSE(lab->lab->useStateFile(folder + "/missing/deeper/state.json") == std::nullopt);
    std::filesystem::remove_all(folder);
}
