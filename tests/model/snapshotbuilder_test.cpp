#include "model/snapshotbuilder.h"

#include "mocks/mockplatform.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>

namespace pathlens {
namespace {

using ::testing::_;
using ::testing::Return;

// ------------------------------------------------------------ source data

DataCoreServer server(std::string id, std::string host)
{
    DataCoreServer s;
    s.name = "Server " + id;
    s.id = std::move(id);
    s.hostName = std::move(host);
    s.state = "Online";
    return s;
}

DataCorePort port(std::string id, std::string serverId, std::string alias, std::optional<PciLocation> pci,
                  RoleFlags roles = RoleBackEnd, Presence presence = Presence::Present)
{
    DataCorePort p;
    p.id = std::move(id);
    p.serverId = std::move(serverId);
    p.alias = std::move(alias);
    p.pci = pci;
    p.roles = roles;
    p.presence = presence;
    p.type = pci ? PortType::FibreChannel : PortType::Loopback;
    p.driverName = "DataCore QLogic 2X";
    return p;
}

Adapter adapter(std::string instanceId, std::optional<PciLocation> pci, DeviceClass cls = DeviceClass::ScsiAdapter)
{
    Adapter a;
    a.description = "HBA " + instanceId;
    a.instanceId = std::move(instanceId);
    a.pci = pci;
    a.deviceClass = cls;
    return a;
}

MpioPath mpath(std::uint64_t id, std::optional<PciLocation> pci, PathState state)
{
    MpioPath p;
    p.pathId = id;
    p.adapterPci = pci;
    p.state = state;
    p.tpgState = state;
    p.tpgId = state == PathState::ActiveOptimized ? 1 : 2;
    return p;
}

MpioDisk mdisk(std::uint32_t number, std::string serial, std::vector<MpioPath> paths)
{
    MpioDisk d;
    d.number = number;
    d.systemDisk = "Disk " + std::to_string(number + 2);
    d.serial = std::move(serial);
    d.dsm = "Microsoft DSM";
    d.policy = LoadBalancePolicy::RoundRobinWithSubset;
    d.alua = AluaSupport::ImplicitOnly;
    d.paths = std::move(paths);
    return d;
}

BackEndPath bpath(std::string portId, std::uint32_t target, bool inUse = false)
{
    BackEndPath p;
    p.portId = std::move(portId);
    p.scsi = ScsiAddress{4, 0, target, 1};
    p.inUse = inUse;
    return p;
}

BackEndDisk bdisk(std::string id, std::string serverId, std::string caption, std::string serial,
                  std::vector<BackEndPath> paths = {})
{
    BackEndDisk d;
    d.id = std::move(id);
    d.serverId = std::move(serverId);
    d.caption = std::move(caption);
    d.serial = std::move(serial);
    d.paths = std::move(paths);
    d.aluaCapable = true;
    d.poolName = "Pool 1";
    return d;
}

SourceData::HostData host(std::string name, std::vector<Adapter> adapters, std::vector<MpioDisk> disks = {})
{
    SourceData::HostData h;
    h.host = std::move(name);
    h.adapters = std::move(adapters);
    h.mpioDisks = std::move(disks);
    return h;
}

// ------------------------------------------------------------ printing

std::string describe(const InventorySnapshot &snapshot)
{
    std::ostringstream out;
    for (const std::string &problem : snapshot.problems)
        out << "! " << problem << '\n';
    for (const ServerEntry &s : snapshot.servers) {
        out << "S " << s.key << '\n';
        for (const std::string &problem : s.problems)
            out << "  ! " << problem << '\n';
        for (const PortEntry &p : s.ports) {
            out << "  P " << p.key << ' ' << toString(p.join);
            if (const auto pci = p.pci())
                out << ' ' << pci->toString();
            if (p.adapter)
                out << " -> " << p.adapter->instanceId;
            out << '\n';
            for (const DiskEntry &d : p.disks) {
                out << "    D " << d.key << (d.owner == PathOwner::Mpio ? " mpio" : " dc") << " \"" << d.caption
                    << "\" total=" << d.totalPaths;
                if (!d.poolName.empty())
                    out << " pool=" << d.poolName;
                out << '\n';
                for (const PathEntry &path : d.paths)
                    out << "      " << path.key << ' ' << toShortString(path.state) << (path.inUse ? " in-use" : "")
                        << '\n';
            }
        }
    }
    return out.str();
}

std::string lines(std::initializer_list<const char *> list)
{
    std::string text;
    for (const char *line : list)
        text += std::string(line) + '\n';
    return text;
}

const PortEntry *findPort(const InventorySnapshot &snapshot, std::string_view key)
{
    for (const ServerEntry &s : snapshot.servers) {
        for (const PortEntry &p : s.ports) {
            if (p.key == key)
                return &p;
        }
    }
    return nullptr;
}

// A dual-port HBA on bus 130 (functions 0 and 1), an FE HBA on bus 131, a
// loopback port and a NIC no DataCore port uses.
SourceData dualPortHba()
{
    SourceData data;
    data.servers = {server("s1", "ds1")};
    data.ports = {
        port("be1", "s1", "S1 FC Port 1", PciLocation{130, 0, 0}),
        port("be2", "s1", "S1 FC Port 2", PciLocation{130, 0, 1}),
        port("fe1", "s1", "S1 FC Port 3", PciLocation{131, 0, 0}, RoleFrontEnd | RoleMirror),
        port("lb", "s1", "S1 Loopback", std::nullopt, RoleFrontEnd | RoleBackEnd),
    };
    data.hosts = {host("ds1",
                       {adapter("PCI\\A1", PciLocation{130, 0, 1}), adapter("PCI\\A0", PciLocation{130, 0, 0}),
                        adapter("PCI\\A2", PciLocation{131, 0, 0}),
                        adapter("PCI\\NIC", PciLocation{5, 0, 0}, DeviceClass::Net),
                        adapter("PCI\\OTHER", PciLocation{6, 0, 0}, DeviceClass::Unknown)},
                       {mdisk(0, "600A0B80000001",
                              {mpath(0x77030000, PciLocation{130, 0, 0}, PathState::ActiveOptimized),
                               mpath(0x77030002, PciLocation{130, 0, 1}, PathState::ActiveOptimized),
                               mpath(0x77030001, PciLocation{130, 0, 1}, PathState::ActiveUnoptimized)})})};
    return data;
}

// ------------------------------------------------------------ the join

TEST(SnapshotBuilder, DualPortHbaFunctionsGoToTheirOwnPorts)
{
    const InventorySnapshot snapshot = buildSnapshot(dualPortHba());
    EXPECT_EQ(describe(snapshot), lines({
                                      "S s1",
                                      "  P be1 Matched 130:0.0 -> PCI\\A0",
                                      "    D 600A0B80000001 mpio \"MPIO Disk0\" total=3",
                                      "      0000000077030000 A/O",
                                      "  P be2 Matched 130:0.1 -> PCI\\A1",
                                      "    D 600A0B80000001 mpio \"MPIO Disk0\" total=3",
                                      "      0000000077030001 A/NO",
                                      "      0000000077030002 A/O",
                                      "  P fe1 Matched 131:0.0 -> PCI\\A2",
                                      "  P lb No PCI location",
                                      "  P adapter:PCI\\NIC Adapter only 5:0.0 -> PCI\\NIC",
                                  }));
}

TEST(SnapshotBuilder, BusAloneDoesNotMatch)
{
    SourceData data = dualPortHba();
    // Only function 0 of the HBA is in the inventory, and a port on another
    // device of the same bus.
    data.hosts[0].adapters = {adapter("PCI\\A0", PciLocation{130, 0, 0})};
    data.ports.push_back(port("be3", "s1", "S1 FC Port 4", PciLocation{130, 1, 0}));
    const InventorySnapshot snapshot = buildSnapshot(data);

    EXPECT_EQ(findPort(snapshot, "be1")->join, JoinStatus::Matched);
    EXPECT_EQ(findPort(snapshot, "be2")->join, JoinStatus::NoAdapter);
    EXPECT_FALSE(findPort(snapshot, "be2")->adapter);
    EXPECT_EQ(findPort(snapshot, "be2")->joinNote, "No adapter of host ds1 is at PCI function 130:0.1 (82:00.1)");
    EXPECT_EQ(findPort(snapshot, "be3")->join, JoinStatus::NoAdapter);
    // MPIO paths still land by the port's own PCI location.
    EXPECT_EQ(findPort(snapshot, "be2")->disks.at(0).paths.size(), 2u);
}

TEST(SnapshotBuilder, TwoAdaptersOnOnePciFunctionAreAmbiguous)
{
    SourceData data = dualPortHba();
    data.hosts[0].adapters.push_back(adapter("PCI\\TWIN", PciLocation{130, 0, 1}));
    const InventorySnapshot snapshot = buildSnapshot(data);

    const PortEntry *be2 = findPort(snapshot, "be2");
    EXPECT_EQ(be2->join, JoinStatus::Ambiguous);
    EXPECT_FALSE(be2->adapter);
    EXPECT_EQ(be2->joinNote, "2 adapters report PCI function 130:0.1 (82:00.1): HBA PCI\\A1, HBA PCI\\TWIN");
    // Both adapters are referred to, so neither becomes an adapter-only row.
    EXPECT_EQ(findPort(snapshot, "adapter:PCI\\TWIN"), nullptr);
    EXPECT_EQ(findPort(snapshot, "adapter:PCI\\A1"), nullptr);
}

TEST(SnapshotBuilder, TwoPortsOnOnePciFunctionAreAmbiguous)
{
    SourceData data = dualPortHba();
    data.ports.push_back(port("dup", "s1", "S1 FC Port 9", PciLocation{130, 0, 1}));
    const InventorySnapshot snapshot = buildSnapshot(data);

    for (const char *key : {"be2", "dup"}) {
        const PortEntry *entry = findPort(snapshot, key);
        EXPECT_EQ(entry->join, JoinStatus::Ambiguous) << key;
        EXPECT_FALSE(entry->adapter) << key;
        EXPECT_EQ(entry->joinNote,
                  "Ports S1 FC Port 2, S1 FC Port 9 all report PCI function 130:0.1 (82:00.1); no adapter is matched");
    }
    EXPECT_EQ(findPort(snapshot, "adapter:PCI\\A1"), nullptr);
}

TEST(SnapshotBuilder, NotPresentPortYieldsItsPciFunctionToAPresentOne)
{
    SourceData data = dualPortHba();
    data.ports.push_back(port("old", "s1", "S1 FC Port 0", PciLocation{130, 0, 1}, RoleBackEnd, Presence::NotPresent));
    const InventorySnapshot snapshot = buildSnapshot(data);

    EXPECT_EQ(findPort(snapshot, "be2")->join, JoinStatus::Matched);
    const PortEntry *old = findPort(snapshot, "old");
    EXPECT_EQ(old->join, JoinStatus::NoAdapter);
    EXPECT_EQ(old->joinNote, "Not present; PCI function 130:0.1 (82:00.1) now belongs to port S1 FC Port 2");
    EXPECT_TRUE(old->disks.empty()) << "its paths are the present port's";
}

TEST(SnapshotBuilder, NotPresentPortAloneStillMatchesItsAdapter)
{
    // Right after a driver swap: DataCore still lists the port as Not present
    // while the adapter runs the native driver and MPIO sees its paths.
    SourceData data = dualPortHba();
    data.ports[1].presence = Presence::NotPresent;
    const InventorySnapshot snapshot = buildSnapshot(data);
    const PortEntry *be2 = findPort(snapshot, "be2");
    EXPECT_EQ(be2->join, JoinStatus::Matched);
    EXPECT_EQ(be2->disks.at(0).paths.size(), 2u);
}

TEST(SnapshotBuilder, AdapterOnlyRowsCarryMpioDisksJoinedToDataCoreBySerial)
{
    // After remedy 2: the BE ports were deleted from DataCore, the adapters
    // run the native driver and MSDSM owns the LUN.
    SourceData data = dualPortHba();
    data.ports.erase(data.ports.begin(), data.ports.begin() + 2);
    data.backEndDisks = {bdisk("pd1", "s1", "Array LUN 1", " 600a0b80000001 ")};
    const InventorySnapshot snapshot = buildSnapshot(data);

    EXPECT_EQ(describe(snapshot), lines({
                                      "S s1",
                                      "  P fe1 Matched 131:0.0 -> PCI\\A2",
                                      "  P lb No PCI location",
                                      "  P adapter:PCI\\NIC Adapter only 5:0.0 -> PCI\\NIC",
                                      "  P adapter:PCI\\A0 Adapter only 130:0.0 -> PCI\\A0",
                                      "    D 600A0B80000001 mpio \"Array LUN 1\" total=3 pool=Pool 1",
                                      "      0000000077030000 A/O",
                                      "  P adapter:PCI\\A1 Adapter only 130:0.1 -> PCI\\A1",
                                      "    D 600A0B80000001 mpio \"Array LUN 1\" total=3 pool=Pool 1",
                                      "      0000000077030001 A/NO",
                                      "      0000000077030002 A/O",
                                  }));
    const DiskEntry &disk = findPort(snapshot, "adapter:PCI\\A0")->disks.at(0);
    EXPECT_TRUE(disk.aluaCapable);
    EXPECT_EQ(disk.mpioDisk, 0u);
    EXPECT_EQ(disk.systemDisk, "Disk 2");
    EXPECT_EQ(disk.policy, LoadBalancePolicy::RoundRobinWithSubset);
}

TEST(SnapshotBuilder, DataCoreDriverDisksListTheirPathsPerPort)
{
    SourceData data = dualPortHba();
    data.hosts[0].mpioDisks.clear();
    data.backEndDisks = {
        bdisk("pd2", "s1", "LUN 10", "SER10", {bpath("be2", 9), bpath("be1", 9, true), bpath("be1", 8)}),
        bdisk("pd1", "s1", "LUN 2", "SER2", {bpath("be1", 3)}),
        bdisk("other", "s2", "Elsewhere", "SER3", {bpath("xx", 1)}),
    };
    const InventorySnapshot snapshot = buildSnapshot(data);
    EXPECT_EQ(describe(snapshot), lines({
                                      "S s1",
                                      "  P be1 Matched 130:0.0 -> PCI\\A0",
                                      "    D SER2 dc \"LUN 2\" total=1 pool=Pool 1",
                                      "      dc:be1:004|000|003|001 ?",
                                      "    D SER10 dc \"LUN 10\" total=3 pool=Pool 1",
                                      "      dc:be1:004|000|008|001 ?",
                                      "      dc:be1:004|000|009|001 ? in-use",
                                      "  P be2 Matched 130:0.1 -> PCI\\A1",
                                      "    D SER10 dc \"LUN 10\" total=3 pool=Pool 1",
                                      "      dc:be2:004|000|009|001 ?",
                                      "  P fe1 Matched 131:0.0 -> PCI\\A2",
                                      "  P lb No PCI location",
                                      "  P adapter:PCI\\NIC Adapter only 5:0.0 -> PCI\\NIC",
                                  }));
    const PathEntry &path = findPort(snapshot, "be1")->disks.at(1).paths.at(1);
    EXPECT_EQ(path.owner, PathOwner::DataCoreDriver);
    EXPECT_FALSE(path.pathId);
    EXPECT_EQ(path.state, PathState::Unknown) << "the DataCore driver does not report ALUA";
    EXPECT_EQ(path.adapterPci, (PciLocation{130, 0, 0}));
}

TEST(SnapshotBuilder, PathsNoPortClaimsGoUnderUnmatched)
{
    SourceData data = dualPortHba();
    data.hosts[0].mpioDisks.push_back(mdisk(1, "SER-B",
                                            {mpath(0x1, PciLocation{200, 0, 0}, PathState::Standby),
                                             mpath(0x2, std::nullopt, PathState::ActiveOptimized),
                                             mpath(0x3, PciLocation{130, 0, 0}, PathState::ActiveOptimized)}));
    data.backEndDisks = {bdisk("pd9", "s1", "Lost", "SER-L", {bpath("gone", 2, true)})};
    const InventorySnapshot snapshot = buildSnapshot(data);

    const ServerEntry &s1 = snapshot.servers.at(0);
    const PortEntry &unmatched = s1.ports.back();
    EXPECT_EQ(unmatched.key, "unmatched");
    EXPECT_TRUE(unmatched.isUnmatchedPaths());
    EXPECT_EQ(unmatched.displayName(), "Unmatched paths");
    ASSERT_EQ(unmatched.disks.size(), 2u);
    EXPECT_EQ(unmatched.disks[0].caption, "Lost");
    EXPECT_EQ(unmatched.disks[0].paths.at(0).key, "dc:gone:004|000|002|001");
    EXPECT_EQ(unmatched.disks[1].caption, "MPIO Disk1");
    ASSERT_EQ(unmatched.disks[1].paths.size(), 2u);
    EXPECT_EQ(unmatched.disks[1].paths[0].key, "0000000000000001");
    EXPECT_EQ(unmatched.disks[1].paths[1].key, "0000000000000002");
    EXPECT_EQ(unmatched.disks[1].totalPaths, 3u);
    EXPECT_EQ(findPort(snapshot, "be1")->disks.size(), 2u);

    // Every path of the sources appears exactly once.
    EXPECT_EQ(snapshot.pathCount(), 3u + 3u + 1u);
}

TEST(SnapshotBuilder, InventoryFailureIsAServerProblemAndPortsGetNoInventory)
{
    SourceData data = dualPortHba();
    data.hosts[0].adapters.clear();
    data.hosts[0].adaptersError = Error{"SetupDiGetClassDevsW", "Access is denied.", 5};
    const InventorySnapshot snapshot = buildSnapshot(data);

    const ServerEntry &s1 = snapshot.servers.at(0);
    ASSERT_EQ(s1.problems.size(), 1u);
    EXPECT_EQ(s1.problems[0], "Device inventory: SetupDiGetClassDevsW: Access is denied. (code 5)");
    for (const char *key : {"be1", "be2", "fe1"})
        EXPECT_EQ(findPort(snapshot, key)->join, JoinStatus::NoInventory) << key;
    EXPECT_EQ(findPort(snapshot, "lb")->join, JoinStatus::NoPciLocation);
    // MPIO still reports the PCI function of each path.
    EXPECT_EQ(findPort(snapshot, "be2")->disks.at(0).paths.size(), 2u);
    EXPECT_EQ(s1.ports.size(), 4u) << "no adapter-only rows without an inventory";
}

TEST(SnapshotBuilder, MissingHostAndMpioFailureAreProblems)
{
    SourceData data = dualPortHba();
    data.servers.push_back(server("s2", "ds2"));
    data.ports.push_back(port("s2p", "s2", "S2 FC Port 1", PciLocation{3, 0, 0}));
    data.hosts[0].mpioDisks.clear();
    data.hosts[0].mpioError = Error{"root\\wmi MPIO_DISK_INFO", "Invalid class", 0x80041010};
    const InventorySnapshot snapshot = buildSnapshot(data);

    ASSERT_EQ(snapshot.servers.size(), 2u);
    EXPECT_EQ(snapshot.servers[0].problems,
              std::vector<std::string>{"MPIO: root\\wmi MPIO_DISK_INFO: Invalid class (code 2147749904)"});
    EXPECT_EQ(snapshot.servers[1].problems,
              std::vector<std::string>{"Host ds2 was not read; device inventory and MPIO are missing"});
    EXPECT_EQ(findPort(snapshot, "s2p")->join, JoinStatus::NoInventory);
    EXPECT_EQ(findPort(snapshot, "be1")->join, JoinStatus::Matched);
}

TEST(SnapshotBuilder, DataCoreFailureIsAGroupProblem)
{
    SourceData data;
    data.backendDescription = "Bundle";
    data.dataCoreError = Error{"GET 2.0/servers", "connection refused", 0};
    const InventorySnapshot snapshot = buildSnapshot(data);
    EXPECT_TRUE(snapshot.servers.empty());
    EXPECT_EQ(snapshot.problems, std::vector<std::string>{"DataCore management: GET 2.0/servers: connection refused"});
    EXPECT_EQ(snapshot.backendDescription, "Bundle");
}

TEST(SnapshotBuilder, HostWithoutADataCoreServerGetsItsOwnRow)
{
    SourceData data = dualPortHba();
    data.servers.clear();
    data.ports.clear();
    data.dataCoreError = Error{{}, "not available from this backend", 0};
    data.missingParts = {"datacore/servers.json: missing"};
    const InventorySnapshot snapshot = buildSnapshot(data);
    EXPECT_EQ(describe(snapshot), lines({
                                      "! DataCore management: not available from this backend",
                                      "! datacore/servers.json: missing",
                                      "S ds1",
                                      "  P adapter:PCI\\NIC Adapter only 5:0.0 -> PCI\\NIC",
                                      "  P adapter:PCI\\A0 Adapter only 130:0.0 -> PCI\\A0",
                                      "    D 600A0B80000001 mpio \"MPIO Disk0\" total=3",
                                      "      0000000077030000 A/O",
                                      "  P adapter:PCI\\A1 Adapter only 130:0.1 -> PCI\\A1",
                                      "    D 600A0B80000001 mpio \"MPIO Disk0\" total=3",
                                      "      0000000077030001 A/NO",
                                      "      0000000077030002 A/O",
                                      "  P adapter:PCI\\A2 Adapter only 131:0.0 -> PCI\\A2",
                                  }));
    EXPECT_EQ(snapshot.servers.at(0).server.name, "ds1");
    EXPECT_TRUE(snapshot.servers.at(0).server.state.empty()) << "not invented";
}

TEST(SnapshotBuilder, TotalPathsCountsTheLunOnTheWholeServer)
{
    SourceData data = dualPortHba();
    const InventorySnapshot snapshot = buildSnapshot(data);
    EXPECT_EQ(findPort(snapshot, "be1")->disks.at(0).paths.size(), 1u);
    EXPECT_EQ(findPort(snapshot, "be1")->disks.at(0).totalPaths, 3u);
}

TEST(SnapshotBuilder, OrderIsHumanFriendlyAndIndependentOfSourceOrder)
{
    SourceData data;
    data.servers = {server("b", "hb"), server("a10", "ha10"), server("a9", "ha9")};
    data.servers[0].name = "Server b";
    for (const char *s : {"b", "a10", "a9"}) {
        for (int n : {10, 2, 1})
            data.ports.push_back(port(std::string(s) + "p" + std::to_string(n), s, "FC Port " + std::to_string(n),
                                      PciLocation{std::uint32_t(n), 0, 0}));
    }
    std::vector<MpioPath> paths;
    for (std::uint64_t id : {0x30u, 0x10u, 0x20u})
        paths.push_back(mpath(id, PciLocation{2, 0, 0}, PathState::ActiveOptimized));
    data.hosts = {host("hb", {}, {mdisk(11, "S11", paths), mdisk(2, "S2", paths)}), host("ha9", {}),
                  host("ha10", {})};
    const std::string first = describe(buildSnapshot(data));

    std::mt19937 random(7);
    for (int round = 0; round < 5; ++round) {
        std::shuffle(data.servers.begin(), data.servers.end(), random);
        std::shuffle(data.ports.begin(), data.ports.end(), random);
        std::shuffle(data.hosts[0].mpioDisks.begin(), data.hosts[0].mpioDisks.end(), random);
        EXPECT_EQ(describe(buildSnapshot(data)), first);
    }
    const InventorySnapshot snapshot = buildSnapshot(data);
    ASSERT_EQ(snapshot.servers.size(), 3u);
    EXPECT_EQ(snapshot.servers[0].key, "a9");
    EXPECT_EQ(snapshot.servers[1].key, "a10");
    EXPECT_EQ(snapshot.servers[2].key, "b");
    const ServerEntry &b = snapshot.servers[2];
    ASSERT_EQ(b.ports.size(), 3u);
    EXPECT_EQ(b.ports[0].port->alias, "FC Port 1");
    EXPECT_EQ(b.ports[1].port->alias, "FC Port 2");
    EXPECT_EQ(b.ports[2].port->alias, "FC Port 10");
    const PortEntry &p2 = b.ports[1];
    ASSERT_EQ(p2.disks.size(), 2u);
    EXPECT_EQ(p2.disks[0].caption, "MPIO Disk2");
    EXPECT_EQ(p2.disks[1].caption, "MPIO Disk11");
    EXPECT_EQ(p2.disks[0].paths[0].key, "0000000000000010");
    EXPECT_EQ(p2.disks[0].paths[2].key, "0000000000000030");
}

TEST(SnapshotBuilder, DuplicateKeysAreMadeUnique)
{
    SourceData data = dualPortHba();
    // Two MPIO disks with one serial through one port (bad source data).
    data.hosts[0].mpioDisks.push_back(
        mdisk(5, "600a0b80000001", {mpath(0x99, PciLocation{130, 0, 0}, PathState::Standby)}));
    const InventorySnapshot snapshot = buildSnapshot(data);
    const PortEntry *be1 = findPort(snapshot, "be1");
    ASSERT_EQ(be1->disks.size(), 2u);
    EXPECT_EQ(be1->disks[0].key, "600A0B80000001");
    EXPECT_EQ(be1->disks[1].key, "600A0B80000001#2");
}

TEST(SnapshotBuilder, NormalisesSerials)
{
    EXPECT_EQ(normaliseSerial("  naa.600a0b80\t\r\n"), "NAA.600A0B80");
    EXPECT_EQ(normaliseSerial(""), "");
    EXPECT_EQ(normaliseSerial("   "), "");
}

// ------------------------------------------------------------ readSources

using testing::MockBackend;

void serveDualPortHba(MockBackend &backend, const SourceData &data)
{
    ON_CALL(backend.dataCoreMock, servers()).WillByDefault(Return(Result<std::vector<DataCoreServer>>(data.servers)));
    ON_CALL(backend.dataCoreMock, ports()).WillByDefault(Return(Result<std::vector<DataCorePort>>(data.ports)));
    ON_CALL(backend.dataCoreMock, physicalDisks())
        .WillByDefault(Return(Result<std::vector<BackEndDisk>>(data.backEndDisks)));
    ON_CALL(backend.devicesMock, adapters(_))
        .WillByDefault(Return(Result<std::vector<Adapter>>(data.hosts.at(0).adapters)));
    ON_CALL(backend.mpioMock, disks(_)).WillByDefault(Return(Result<std::vector<MpioDisk>>(data.hosts.at(0).mpioDisks)));
}

TEST(ReadSources, ReadsEverySourceOncePerHost)
{
    const SourceData expected = dualPortHba();
    MockBackend backend;
    serveDualPortHba(backend, expected);
    EXPECT_CALL(backend.devicesMock, adapters("ds1")).Times(1);
    EXPECT_CALL(backend.mpioMock, disks("ds1")).Times(1);

    const SourceData data = readSources(backend);
    EXPECT_EQ(data.backendDescription, "Mock backend");
    EXPECT_FALSE(data.dataCoreError);
    ASSERT_EQ(data.hosts.size(), 1u);
    EXPECT_EQ(describe(buildSnapshot(data)), describe(buildSnapshot(expected)));
}

TEST(ReadSources, HostsAreAskedOnceEvenWhenNamesDifferInCase)
{
    SourceData source = dualPortHba();
    source.servers.push_back(server("s1b", "DS1"));
    MockBackend backend;
    serveDualPortHba(backend, source);
    EXPECT_CALL(backend.devicesMock, adapters(_)).Times(1);
    const SourceData data = readSources(backend);
    EXPECT_EQ(data.hosts.size(), 1u);
}

TEST(ReadSources, AdapterFailureBecomesAServerProblem)
{
    MockBackend backend;
    serveDualPortHba(backend, dualPortHba());
    ON_CALL(backend.devicesMock, adapters(_))
        .WillByDefault(Return(Result<std::vector<Adapter>>(Error{"SetupDiGetClassDevsW", "Access is denied.", 5})));
    const InventorySnapshot snapshot = buildSnapshot(readSources(backend));
    ASSERT_EQ(snapshot.servers.size(), 1u);
    EXPECT_EQ(snapshot.servers[0].problems,
              std::vector<std::string>{"Device inventory: SetupDiGetClassDevsW: Access is denied. (code 5)"});
    EXPECT_EQ(findPort(snapshot, "be1")->join, JoinStatus::NoInventory);
}

TEST(ReadSources, MissingPartsAreSaidNotInvented)
{
    MockBackend backend;
    serveDualPortHba(backend, dualPortHba());
    backend.setParts(true, false, false);
    const InventorySnapshot snapshot = buildSnapshot(readSources(backend));
    ASSERT_EQ(snapshot.servers.size(), 1u);
    EXPECT_EQ(snapshot.servers[0].problems, (std::vector<std::string>{"Device inventory: not available from this backend",
                                                                      "MPIO: not available from this backend"}));
    EXPECT_EQ(snapshot.pathCount(), 0u);

    MockBackend noDataCore;
    noDataCore.setParts(false, true, true);
    const SourceData data = readSources(noDataCore);
    ASSERT_TRUE(data.dataCoreError);
    EXPECT_EQ(data.dataCoreError->message, "not available from this backend");
    EXPECT_EQ(buildSnapshot(data).problems,
              std::vector<std::string>{"DataCore management: not available from this backend"});
}

TEST(ReadSources, MissingPartsOfTheBackendAreListedAsProblems)
{
    class PartialBackend final : public MockBackend
    {
    public:
        std::vector<std::string> missingParts() const override { return {"mpclaim/disk-1.txt: missing"}; }
    };
    PartialBackend backend;
    serveDualPortHba(backend, dualPortHba());
    const SourceData data = readSources(backend);
    EXPECT_EQ(data.missingParts, std::vector<std::string>{"mpclaim/disk-1.txt: missing"});
    EXPECT_EQ(buildSnapshot(data).problems, std::vector<std::string>{"mpclaim/disk-1.txt: missing"});
}

TEST(ReadSources, ServerFailureSkipsTheOtherDataCoreCalls)
{
    MockBackend backend;
    ON_CALL(backend.dataCoreMock, servers())
        .WillByDefault(Return(Result<std::vector<DataCoreServer>>(Error{"GET 2.0/servers", "timed out", 0})));
    EXPECT_CALL(backend.dataCoreMock, ports()).Times(0);
    EXPECT_CALL(backend.dataCoreMock, physicalDisks()).Times(0);
    EXPECT_CALL(backend.devicesMock, adapters(_)).Times(0);
    const SourceData data = readSources(backend);
    ASSERT_TRUE(data.dataCoreError);
    EXPECT_EQ(data.dataCoreError->operation, "GET 2.0/servers");
}

TEST(ReadSources, PortAndDiskFailuresAreGroupProblems)
{
    MockBackend backend;
    serveDualPortHba(backend, dualPortHba());
    ON_CALL(backend.dataCoreMock, ports())
        .WillByDefault(Return(Result<std::vector<DataCorePort>>(Error{"GET 1.0/ports", "HTTP 500", 500})));
    ON_CALL(backend.dataCoreMock, physicalDisks())
        .WillByDefault(Return(Result<std::vector<BackEndDisk>>(Error{"GET 2.0/physicaldisks", "HTTP 503", 503})));
    const InventorySnapshot snapshot = buildSnapshot(readSources(backend));
    EXPECT_EQ(snapshot.problems, (std::vector<std::string>{"DataCore ports: GET 1.0/ports: HTTP 500 (code 500)",
                                                           "DataCore physical disks: GET 2.0/physicaldisks: HTTP 503 (code 503)"}));
    // Without ports every adapter shows as adapter-only and MPIO paths still show.
    ASSERT_EQ(snapshot.servers.size(), 1u);
    EXPECT_EQ(snapshot.servers[0].ports.front().join, JoinStatus::AdapterOnly);
    EXPECT_EQ(snapshot.pathCount(), 3u);
}

} // namespace
} // namespace pathlens
