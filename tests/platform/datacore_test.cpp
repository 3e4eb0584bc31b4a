#include "platform/datacore/restparser.h"
#include "platform/datacore/restvalues.h"
#include "platform/text/isotime.h"

#include <gtest/gtest.h>

#include <type_traits>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>

using namespace pathlens;

namespace {

const std::filesystem::path kSamplesDir = std::filesystem::path(PATHLENS_SAMPLES_DIR) / "datacore";
const std::filesystem::path kFixturesDir = std::filesystem::path(PATHLENS_TEST_DATA_DIR) / "datacore";

std::optional<std::string> readBytes(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The capture after the `# ` header lines at the top of a sample file.
std::string withoutHeader(const std::string &text)
{
    std::size_t pos = 0;
    while (pos < text.size() && text.compare(pos, 2, "# ") == 0) {
        const std::size_t end = text.find('\n', pos);
        pos = end == std::string::npos ? text.size() : end + 1;
    }
    return text.substr(pos);
}

std::string fixture(const std::string &name)
{
    const auto bytes = readBytes(kFixturesDir / name);
    EXPECT_TRUE(bytes.has_value()) << "missing fixture " << (kFixturesDir / name).string();
    return bytes.value_or(std::string());
}

std::chrono::system_clock::time_point atMs(std::int64_t ms)
{
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::milliseconds(ms)));
}

template <typename Parse>
const Parse &okOrFail(const Result<Parse> &result)
{
    static const Parse empty{};
    EXPECT_TRUE(result.ok()) << (result.ok() ? std::string() : result.error().toString());
    return result.ok() ? result.value() : empty;
}

std::string warningsText(const std::vector<DataCoreWarning> &warnings)
{
    std::string text;
    for (const DataCoreWarning &warning : warnings)
        text += warning.toString() + '\n';
    return text;
}

/// Index of the port with this alias, or npos.
std::size_t portByAlias(const std::vector<DataCorePort> &ports, std::string_view alias)
{
    for (std::size_t i = 0; i < ports.size(); ++i) {
        if (ports[i].alias == alias)
            return i;
    }
    return std::string::npos;
}

class DataCoreSamples : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (!std::filesystem::is_directory(kSamplesDir))
            GTEST_SKIP() << "DataCore REST samples not found at " << kSamplesDir.string()
                         << "; the shared samples folder is not beside the project";
    }

    static std::string sample(const std::string &name)
    {
        const auto bytes = readBytes(kSamplesDir / name);
        EXPECT_TRUE(bytes.has_value()) << "missing sample " << (kSamplesDir / name).string();
        return withoutHeader(bytes.value_or(std::string()));
    }
};

} // namespace

// ------------------------------------------------------------- single values

TEST(DataCoreValues, MsDates)
{
    auto date = parseDataCoreDate("/Date(1717881200383)/");
    ASSERT_TRUE(date);
    EXPECT_EQ(date->msSinceEpoch, 1717881200383);
    EXPECT_FALSE(date->utcOffsetMinutes);
    EXPECT_EQ(date->timePoint(), atMs(1717881200383));

    // The milliseconds are UTC; the offset only names the server's zone.
    date = parseDataCoreDate("/Date(1717829090942+0200)/");
    ASSERT_TRUE(date);
    EXPECT_EQ(date->msSinceEpoch, 1717829090942);
    EXPECT_EQ(date->utcOffsetMinutes, 120);
    date = parseDataCoreDate("/Date(1717829090942-0530)/");
    ASSERT_TRUE(date);
    EXPECT_EQ(date->utcOffsetMinutes, -330);

    // DateTime.MinValue means "never" and has no time point.
    date = parseDataCoreDate("/Date(-62135596800000)/");
    ASSERT_TRUE(date);
    EXPECT_TRUE(date->isUnset());
    EXPECT_FALSE(date->timePoint());

    for (const char *bad : {"", "/Date()/", "/Date(abc)/", "/Date(12+02)/", "/Date(12+0200", "Date(12)",
                            "/Date(1+2+0200)/", "/Date(99999999999999999999)/"})
        EXPECT_FALSE(parseDataCoreDate(bad)) << bad;
}

TEST(DataCoreValues, IsoDates)
{
    auto date = parseDataCoreDate("2024-06-08T21:13:20.383+02:00");
    ASSERT_TRUE(date);
    EXPECT_EQ(date->msSinceEpoch, 1717874000383);
    EXPECT_EQ(date->utcOffsetMinutes, 120);
    date = parseDataCoreDate("2024-06-08T19:13:20.3830000Z");
    ASSERT_TRUE(date);
    EXPECT_EQ(date->msSinceEpoch, 1717874000383);
    // Without a zone the instant is unknown; refused rather than guessed.
    EXPECT_FALSE(parseDataCoreDate("2024-06-08T19:13:20"));
    EXPECT_FALSE(parseDataCoreDate("2024-02-30T00:00:00Z"));
    EXPECT_FALSE(parseDataCoreDate("2024-06-08T25:00:00Z"));
}

TEST(DataCoreValues, RoleNames)
{
    EXPECT_EQ(parseDataCoreRoleNames("FE"), RoleFrontEnd);
    EXPECT_EQ(parseDataCoreRoleNames("BE,FE"), RoleFrontEnd | RoleBackEnd);
    EXPECT_EQ(parseDataCoreRoleNames("BE,MR"), RoleBackEnd | RoleMirror);
    EXPECT_EQ(parseDataCoreRoleNames("None"), RoleNone);
    EXPECT_EQ(parseDataCoreRoleNames(""), RoleNone);
    EXPECT_EQ(parseDataCoreRoleNames("FrontEnd, Mirror"), RoleFrontEnd | RoleMirror);
    EXPECT_EQ(parseDataCoreRoleNames("Frontend Mirror"), RoleFrontEnd | RoleMirror);
    EXPECT_EQ(parseDataCoreRoleNames("Front-end | Back end"), RoleFrontEnd | RoleBackEnd);
    EXPECT_EQ(parseDataCoreRoleNames("backend"), RoleBackEnd);
    EXPECT_FALSE(parseDataCoreRoleNames("one"));
    EXPECT_FALSE(parseDataCoreRoleNames("FE,XX"));
    EXPECT_FALSE(parseDataCoreRoleNames("1"));
    EXPECT_FALSE(parseDataCoreRoleNames("end"));
}

TEST(DataCoreValues, EnumsAndWords)
{
    EXPECT_EQ(dataCorePortTypeFromCode(2), PortType::FibreChannel);
    EXPECT_EQ(dataCorePortTypeFromCode(3), PortType::iSCSI);
    EXPECT_EQ(dataCorePortTypeFromCode(4), PortType::Loopback);
    EXPECT_FALSE(dataCorePortTypeFromCode(0));
    EXPECT_FALSE(dataCorePortTypeFromCode(7));
    EXPECT_EQ(dataCorePortTypeFromName("Fibre Channel"), PortType::FibreChannel);
    EXPECT_EQ(dataCorePortTypeFromName("ISCSI"), PortType::iSCSI);
    EXPECT_FALSE(dataCorePortTypeFromName("NVMeTcp"));

    EXPECT_EQ(dataCorePortModeFromCode(1), PortMode::Initiator);
    EXPECT_EQ(dataCorePortModeFromCode(2), PortMode::Target);
    EXPECT_EQ(dataCorePortModeFromCode(3), PortMode::InitiatorTarget);
    EXPECT_EQ(dataCorePortModeFromName("Initiator/Target"), PortMode::InitiatorTarget);
    EXPECT_EQ(dataCorePortModeFromName("Target Only"), PortMode::Target);

    EXPECT_EQ(dataCorePresenceFromCode(2), Presence::NotPresent);
    EXPECT_EQ(dataCorePresenceFromName("Not present"), Presence::NotPresent);
    EXPECT_EQ(dataCorePresenceFromName("NotPresent"), Presence::NotPresent);
    EXPECT_EQ(dataCorePresenceFromName("Present"), Presence::Present);
    EXPECT_FALSE(dataCorePresenceFromName("Loop/Link up"));

    EXPECT_EQ(dataCorePoolNameFromUsage("In pool \"SSV1-HB51\""), "SSV1-HB51");
    EXPECT_EQ(dataCorePoolNameFromUsage("in pool Disk pool 1"), "Disk pool 1");
    EXPECT_FALSE(dataCorePoolNameFromUsage("Available for use"));
    EXPECT_FALSE(dataCorePoolNameFromUsage("In pool"));
    EXPECT_FALSE(dataCorePoolNameFromUsage("In poolside"));

    EXPECT_TRUE(isNullWwn("00-00-00-00-00-00-00-00"));
    EXPECT_TRUE(isNullWwn("0000000000000000"));
    EXPECT_FALSE(isNullWwn("51-40-2E-C0-18-1D-00-14"));
    EXPECT_FALSE(isNullWwn(""));
}

// ------------------------------------------------------------ real samples

TEST_F(DataCoreSamples, Ports01FibreChannelFrontEnd)
{
    const auto result = parsePortsJson(sample("01-rest-ports-json.txt"));
    const DataCorePortsParse &parse = okOrFail(result);
    ASSERT_EQ(parse.ports.size(), 1u);
    ASSERT_EQ(parse.extras.size(), 1u);
    EXPECT_TRUE(parse.warnings.empty()) << warningsText(parse.warnings);

    const DataCorePort &port = parse.ports[0];
    EXPECT_EQ(port.id, "cbf72f07-5c2a-416b-8c1f-0bcb2117fc35");
    EXPECT_EQ(port.serverId, "4B273A2A-1FE0-41D0-B993-6F7B35672AAF");
    EXPECT_EQ(port.alias, "ssv1_fe2");
    EXPECT_EQ(port.portName, "51-40-2E-C0-18-1D-00-14");
    EXPECT_EQ(port.roles, RoleFrontEnd);
    EXPECT_EQ(port.mode, PortMode::Target);
    EXPECT_EQ(port.type, PortType::FibreChannel);
    EXPECT_EQ(port.presence, Presence::Present);
    ASSERT_TRUE(port.pci);
    EXPECT_EQ(port.pci->bus, 130u);
    EXPECT_EQ(port.pci->device, 0u);
    EXPECT_EQ(port.pci->function, 0u);
    EXPECT_EQ(port.pci->toHexString(), "82:00.0");
    EXPECT_EQ(port.driverName, "DataCore QLogic 2X");
    EXPECT_TRUE(port.connected);

    const DataCorePortExtra &extra = parse.extras[0];
    EXPECT_EQ(extra.physicalName, "51402EC0181D0014");
    EXPECT_EQ(extra.extendedCaption, "ssv1_fe2 on ssv1");
    EXPECT_EQ(extra.wwn, "51-40-2E-C0-18-1D-00-14");
    EXPECT_TRUE(extra.iqn.empty());
    EXPECT_EQ(extra.aluaId, 2092);
    EXPECT_TRUE(extra.isServerPort);
    EXPECT_TRUE(extra.rolesReported);
    EXPECT_EQ(extra.roleCapability, RoleFrontEnd | RoleMirror);
    EXPECT_EQ(extra.pciVendorId, 4215u); // 0x1077 QLogic
    EXPECT_EQ(extra.pciDeviceId, 8833u);
    EXPECT_EQ(extra.driverVersion, "15.0.1700.41043");
    EXPECT_EQ(extra.firmwareVersion, "9.6.2.53461");
    EXPECT_EQ(extra.hbaVendorName, "QLogic");
    EXPECT_EQ(extra.linkStateCode, 5);
    EXPECT_EQ(extra.linkErrorCount, 1u);
    EXPECT_EQ(extra.collectionTime, atMs(1717881200383));
    EXPECT_TRUE(extra.status.empty()); // 1.0 ports carry no Status text
    EXPECT_EQ(extra.position, (TextPosition{1, 1}));
}

TEST_F(DataCoreSamples, Server02WithPortsAndDisks)
{
    const auto result = parseServersJson(sample("02-rest-server-json.txt"));
    const DataCoreServersParse &parse = okOrFail(result);
    EXPECT_TRUE(parse.warnings.empty()) << warningsText(parse.warnings);
    ASSERT_EQ(parse.servers.size(), 1u);
    ASSERT_EQ(parse.serverExtras.size(), 1u);

    const DataCoreServer &server = parse.servers[0];
    EXPECT_EQ(server.id, "4B273A2A-1FE0-41D0-B993-6F7B35672AAF");
    EXPECT_EQ(server.name, "ssv1");
    EXPECT_EQ(server.hostName, "ssv1.akf.lan");
    EXPECT_EQ(server.version, "10.0 PSP 17, Update 1");
    EXPECT_EQ(server.groupId, "02a51922-4d06-4f8c-9dd3-eab194885e39");
    EXPECT_EQ(server.state, "Running");
    const DataCoreServerExtra &serverExtra = parse.serverExtras[0];
    EXPECT_EQ(serverExtra.productBuild, "15.0.1701.43466");
    EXPECT_EQ(serverExtra.productName, "DataCore SANsymphony");
    EXPECT_EQ(serverExtra.osVersion, "Microsoft Windows Server 2022 Standard, Build 20348");
    EXPECT_EQ(serverExtra.stateCode, 2);
    EXPECT_EQ(serverExtra.statusLevel, 0);
    EXPECT_EQ(serverExtra.aluaGroupId, 2);
    EXPECT_EQ(serverExtra.ipAddresses, std::vector<std::string>{"192.168.1.5"});
    EXPECT_EQ(serverExtra.mpioCapable, true);
    EXPECT_EQ(serverExtra.regionNodeId, "ExecutiveNode:4B273A2A-1FE0-41D0-B993-6F7B35672AAF");
    EXPECT_EQ(serverExtra.configurationTime, atMs(1717829090942));
    EXPECT_EQ(serverExtra.collectionTime, atMs(1717881200383));

    // 19 server ports: FC FE/MR, unassigned and Not present FC, iSCSI,
    // loopback and the Microsoft iSCSI Initiator.
    ASSERT_EQ(parse.ports.size(), 19u);
    ASSERT_EQ(parse.portExtras.size(), 19u);
    std::map<RoleFlags, int> byRoles;
    std::map<PortType, int> byType;
    int notPresent = 0;
    for (const DataCorePort &port : parse.ports) {
        EXPECT_EQ(port.serverId, server.id) << port.alias;
        EXPECT_FALSE(port.pci) << port.alias << ": 2.0 server ports carry no IdInfo";
        ++byRoles[port.roles];
        ++byType[port.type];
        notPresent += port.presence == Presence::NotPresent;
    }
    EXPECT_EQ(byRoles[RoleFrontEnd], 4);
    EXPECT_EQ(byRoles[RoleMirror], 4);
    EXPECT_EQ(byRoles[RoleFrontEnd | RoleBackEnd], 4);
    EXPECT_EQ(byRoles[RoleBackEnd | RoleMirror], 1);
    EXPECT_EQ(byRoles[RoleNone], 6);
    EXPECT_EQ(byType[PortType::FibreChannel], 12);
    EXPECT_EQ(byType[PortType::iSCSI], 3);
    EXPECT_EQ(byType[PortType::Loopback], 4);
    EXPECT_EQ(notPresent, 9);

    std::size_t i = portByAlias(parse.ports, "ssv1_fe2");
    ASSERT_NE(i, std::string::npos);
    EXPECT_EQ(parse.ports[i].id, "cbf72f07-5c2a-416b-8c1f-0bcb2117fc35");
    EXPECT_EQ(parse.ports[i].portName, "51-40-2E-C0-18-1D-00-14");
    EXPECT_EQ(parse.ports[i].roles, RoleFrontEnd);
    EXPECT_EQ(parse.ports[i].mode, PortMode::Target);
    EXPECT_EQ(parse.ports[i].presence, Presence::Present);
    EXPECT_TRUE(parse.ports[i].connected);
    EXPECT_EQ(parse.portExtras[i].status, "Loop/Link up");
    EXPECT_EQ(parse.portExtras[i].rolesText, "FE");
    EXPECT_EQ(parse.portExtras[i].frontEndRoleInUse, true);

    i = portByAlias(parse.ports, "ssv1_mr1");
    ASSERT_NE(i, std::string::npos);
    EXPECT_EQ(parse.ports[i].roles, RoleMirror);
    EXPECT_EQ(parse.ports[i].mode, PortMode::InitiatorTarget);
    EXPECT_EQ(parse.ports[i].portName, "51-40-2E-C0-18-1D-02-AE");
    EXPECT_EQ(parse.portExtras[i].mirrorRoleInUse, true);

    i = portByAlias(parse.ports, "Loopback Port");
    ASSERT_NE(i, std::string::npos);
    EXPECT_EQ(parse.ports[i].type, PortType::Loopback);
    EXPECT_EQ(parse.ports[i].roles, RoleFrontEnd | RoleBackEnd);
    EXPECT_EQ(rolesToString(parse.ports[i].roles), "FE,BE");
    EXPECT_EQ(parse.portExtras[i].rolesText, "BE,FE");
    EXPECT_EQ(parse.portExtras[i].status, "Connected");

    i = portByAlias(parse.ports, "Microsoft iSCSI Initiator");
    ASSERT_NE(i, std::string::npos);
    EXPECT_EQ(parse.ports[i].type, PortType::iSCSI);
    EXPECT_EQ(parse.ports[i].mode, PortMode::Initiator);
    EXPECT_EQ(parse.ports[i].roles, RoleBackEnd | RoleMirror);
    EXPECT_EQ(parse.ports[i].portName, "iqn.1991-05.com.microsoft:ssv1.akf.lan");
    EXPECT_EQ(parse.ports[i].presence, Presence::Present);
    EXPECT_FALSE(parse.ports[i].connected);
    EXPECT_EQ(parse.portExtras[i].physicalName, "MSFT-05-1991");

    i = portByAlias(parse.ports, "Server iSCSI Port 2");
    ASSERT_NE(i, std::string::npos);
    EXPECT_EQ(parse.ports[i].portName, "iqn.2000-08.com.datacore:ssv1-2");
    EXPECT_EQ(parse.portExtras[i].ipAddress, "192.168.1.10");
    EXPECT_EQ(parse.portExtras[i].status, "Ready");

    i = portByAlias(parse.ports, "Server iSCSI Port 1");
    ASSERT_NE(i, std::string::npos);
    EXPECT_EQ(parse.ports[i].presence, Presence::NotPresent);
    EXPECT_TRUE(parse.ports[i].portName.empty());
    EXPECT_EQ(parse.portExtras[i].physicalName, "MAC:00-62-0B-4D-FD-FA");

    // An old HBA port left behind by a swap: Not present, keeps its role, and
    // its all-zero WWN is a placeholder, not a name.
    i = portByAlias(parse.ports, "ssv1_fe1_old");
    ASSERT_NE(i, std::string::npos);
    EXPECT_EQ(parse.ports[i].presence, Presence::NotPresent);
    EXPECT_EQ(parse.ports[i].roles, RoleFrontEnd);
    EXPECT_EQ(parse.ports[i].mode, PortMode::Target);
    EXPECT_TRUE(parse.ports[i].portName.empty());
    EXPECT_EQ(parse.portExtras[i].wwn, "00-00-00-00-00-00-00-00");
    EXPECT_EQ(parse.portExtras[i].physicalName, "51402EC000F470B4");
    EXPECT_EQ(parse.portExtras[i].status, "Not present");
    EXPECT_EQ(parse.portExtras[i].statusLevel, 2);

    i = portByAlias(parse.ports, "reserve_1");
    ASSERT_NE(i, std::string::npos);
    EXPECT_EQ(parse.ports[i].roles, RoleNone);
    EXPECT_TRUE(parse.portExtras[i].rolesReported);

    // 6 back-end disks, all pool members on FUJITSU ETERNUS arrays.
    ASSERT_EQ(parse.disks.size(), 6u);
    ASSERT_EQ(parse.diskExtras.size(), 6u);
    const BackEndDisk &first = parse.disks[0];
    EXPECT_EQ(first.id, "{0b014904-9a06-4856-944c-51c78b55ee19}");
    EXPECT_EQ(first.serverId, server.id);
    EXPECT_EQ(first.caption, "ssv1-hb51-vol04");
    EXPECT_EQ(first.vendor, "FUJITSU");
    EXPECT_EQ(first.product, "ETERNUS_AHB");
    EXPECT_EQ(first.serial, "naa.6d039ea000a42dce00000207644b1f73");
    EXPECT_EQ(first.sizeBytes, 65970697666560u);
    EXPECT_EQ(first.status, "On-line");
    EXPECT_EQ(first.poolName, "SSV1-HB51");
    EXPECT_TRUE(first.paths.empty());
    const BackEndDiskExtra &firstExtra = parse.diskExtras[0];
    EXPECT_EQ(firstExtra.inquirySerial, "042249000046");
    EXPECT_EQ(firstExtra.naaId, "naa.6d039ea000a42dce00000207644b1f73");
    EXPECT_EQ(firstExtra.revision, "0874");
    EXPECT_EQ(firstExtra.poolMemberId, "5399554d-4af5-4f92-a056-c64fb1ce5098");
    EXPECT_TRUE(firstExtra.inPool);
    ASSERT_TRUE(firstExtra.scsiPath);
    EXPECT_EQ(firstExtra.scsiPath->toString(), "009|000|002|004");
    EXPECT_EQ(firstExtra.diskIndex, 44);
    EXPECT_EQ(firstExtra.presence, Presence::Present);
    EXPECT_EQ(firstExtra.sectorSizeBytes, 512u);
    EXPECT_EQ(firstExtra.freeSpaceBytes, 0u);
    EXPECT_EQ(firstExtra.isSolidState, true);

    // The INQUIRY serial is the array's, shared by LUNs; the NAA id is not.
    EXPECT_EQ(parse.diskExtras[2].inquirySerial, firstExtra.inquirySerial);
    EXPECT_NE(parse.disks[2].serial, first.serial);

    const BackEndDisk &last = parse.disks[5];
    EXPECT_EQ(last.caption, "SSV1-VOL-DX-AR-SAS-01");
    EXPECT_EQ(last.product, "ETERNUS_DXL");
    EXPECT_EQ(parse.diskExtras[5].inquirySerial, "32117D");
    EXPECT_EQ(last.serial, "naa.600000e00d320000003245f400000000");
    EXPECT_EQ(last.sizeBytes, 39148626903040u);
    EXPECT_EQ(last.poolName, "SSV1-DX-200-AR");
}

TEST_F(DataCoreSamples, PhysicalDisks03PoolMember)
{
    const auto result = parsePhysicalDisksJson(sample("03-rest-physicaldisks-json.txt"));
    const DataCorePhysicalDisksParse &parse = okOrFail(result);
    EXPECT_TRUE(parse.warnings.empty()) << warningsText(parse.warnings);
    ASSERT_EQ(parse.disks.size(), 1u);
    const BackEndDisk &disk = parse.disks[0];
    const BackEndDiskExtra &extra = parse.extras[0];
    EXPECT_EQ(disk.id, "{574d760e-75f5-46f6-9534-f820a19f6893}");
    EXPECT_EQ(disk.serverId, "FDD5406C-1664-467B-AACC-889775A2C32E");
    EXPECT_EQ(disk.caption, "tier-1-storage");
    EXPECT_EQ(disk.vendor, "VMware,");
    EXPECT_EQ(disk.product, "VMware Virtual S");
    EXPECT_EQ(disk.serial, "UNKNOWN"); // no NAA id (UniqueIdentifier null): the INQUIRY serial as sent
    EXPECT_EQ(disk.sizeBytes, 1073741824u);
    EXPECT_EQ(disk.status, "On-line");
    EXPECT_EQ(disk.poolName, "Disk pool 1");
    EXPECT_FALSE(disk.aluaCapable);
    EXPECT_TRUE(extra.naaId.empty());
    EXPECT_EQ(extra.revision, "1.0");
    EXPECT_EQ(extra.poolMemberId, "2310a495-eeef-4d21-a714-0a43636eda6f");
    EXPECT_TRUE(extra.inPool);
    EXPECT_EQ(extra.usage, "In pool \"Disk pool 1\"");
    EXPECT_TRUE(extra.sizeKnown);
    EXPECT_EQ(extra.freeSpaceBytes, 4177408u);
    EXPECT_EQ(extra.sectorSizeBytes, 512u);
    ASSERT_TRUE(extra.scsiPath);
    EXPECT_EQ(*extra.scsiPath, (ScsiAddress{0, 0, 2, 0}));
    EXPECT_EQ(extra.diskIndex, 6);
    EXPECT_EQ(extra.type, 4);
    EXPECT_EQ(extra.systemName, "\\\\?\\PhysicalDrive6");
    EXPECT_EQ(extra.presence, Presence::Present);
    EXPECT_EQ(extra.inUse, true);
    EXPECT_EQ(extra.isDataCoreDisk, false);
    EXPECT_FALSE(extra.collectionTime); // "/Date(-62135596800000)/": not collected yet
}

TEST_F(DataCoreSamples, Hosts06ClientPortsReadAsPorts)
{
    // 1.0/ports lists host ports too; the host sample's ClientPorts have that form.
    const Result<JsonValue> document = parseJson(sample("06-rest-hosts-json.txt"));
    ASSERT_TRUE(document.ok());
    const JsonValue *clientPorts = document->find("ClientPorts");
    ASSERT_NE(clientPorts, nullptr);
    const auto result = parsePortsJson(*clientPorts);
    const DataCorePortsParse &parse = okOrFail(result);
    ASSERT_EQ(parse.ports.size(), 2u);
    EXPECT_EQ(parse.ports[0].portName, "51-40-2E-C0-12-3F-59-A4");
    EXPECT_EQ(parse.ports[0].serverId, "e69ea6aa78bd4b89b9b9ba9f251afa9a");
    EXPECT_EQ(parse.ports[0].type, PortType::FibreChannel);
    EXPECT_EQ(parse.ports[0].mode, PortMode::Initiator);
    EXPECT_EQ(parse.ports[0].presence, Presence::Present); // from Status "Present"
    EXPECT_EQ(parse.ports[0].roles, RoleNone);
    EXPECT_FALSE(parse.extras[0].rolesReported);
    EXPECT_FALSE(parse.extras[0].isServerPort);
    EXPECT_EQ(parse.ports[1].alias, "esx4_2");
}

TEST_F(DataCoreSamples, Alerts08TimeStamp)
{
    const Result<JsonValue> document = parseJson(sample("08-rest-alerts-json.txt"));
    ASSERT_TRUE(document.ok());
    const JsonValue *stamp = document->find("TimeStamp");
    ASSERT_NE(stamp, nullptr);
    const auto date = parseDataCoreDate(stamp->asString());
    ASSERT_TRUE(date);
    EXPECT_EQ(date->timePoint(), atMs(1717005930152));
}

TEST_F(DataCoreSamples, EverySampleFitsOneParserAndIsRefusedCleanlyByTheOthers)
{
    // Which parser each REST sample belongs to; the rest must refuse it with
    // a message, never crash or return an empty success.
    const std::map<std::string, std::string> owner = {
        {"01-rest-ports-json.txt", "ports"},
        {"02-rest-server-json.txt", "servers"},
        {"03-rest-physicaldisks-json.txt", "disks"},
    };
    const std::map<std::string, std::string> kindOf = {
        {"01-rest-ports-json.txt", "port"},          {"02-rest-server-json.txt", "server"},
        {"03-rest-physicaldisks-json.txt", "physical disk"}, {"04-rest-virtualdisks-json.txt", "virtual disk"},
        {"05-rest-pools-json.txt", "pool"},          {"06-rest-hosts-json.txt", "host"},
        {"07-rest-servergroups-json.txt", "server group"}, {"08-rest-alerts-json.txt", "alert"},
    };
    int seen = 0;
    for (const auto &entry : std::filesystem::directory_iterator(kSamplesDir)) {
        const std::string name = entry.path().filename().string();
        const std::string text = sample(name);
        const bool isJson = kindOf.contains(name);
        seen += isJson;
        const auto ownerIt = owner.find(name);
        const std::string fits = ownerIt == owner.end() ? "" : ownerIt->second;

        const auto check = [&](const std::string &parser, bool ok, const std::string &error) {
            SCOPED_TRACE(name + " via " + parser);
            if (parser == fits) {
                EXPECT_TRUE(ok) << error;
                return;
            }
            ASSERT_FALSE(ok);
            // A REST object of another kind is named; other text is not JSON.
            const std::string expected = isJson ? "looks like a DataCore " + kindOf.at(name) : "not valid JSON";
            EXPECT_NE(error.find(expected), std::string::npos) << error;
        };
        const auto ports = parsePortsJson(text);
        check("ports", ports.ok(), ports.ok() ? "" : ports.error().toString());
        const auto servers = parseServersJson(text);
        check("servers", servers.ok(), servers.ok() ? "" : servers.error().toString());
        const auto disks = parsePhysicalDisksJson(text);
        check("disks", disks.ok(), disks.ok() ? "" : disks.error().toString());
    }
    EXPECT_EQ(seen, 8);
}

// ------------------------------------------------------------- own fixtures

TEST(DataCorePorts, DualPortHbaKeepsFunctionsApart)
{
    const auto result = parsePortsJson(fixture("ports-dual-port-hba.json"));
    const DataCorePortsParse &parse = okOrFail(result);
    EXPECT_TRUE(parse.warnings.empty()) << warningsText(parse.warnings);
    ASSERT_EQ(parse.ports.size(), 4u);

    const DataCorePort &be = parse.ports[0];
    const DataCorePort &fe = parse.ports[1];
    EXPECT_EQ(be.roles, RoleBackEnd);
    EXPECT_EQ(be.mode, PortMode::Initiator);
    EXPECT_EQ(fe.roles, RoleFrontEnd);
    ASSERT_TRUE(be.pci && fe.pci);
    // Same bus and slot: only the function tells the two ports apart.
    EXPECT_EQ(be.pci->bus, fe.pci->bus);
    EXPECT_EQ(be.pci->toString(), "130:0.0");
    EXPECT_EQ(fe.pci->toString(), "130:0.1");
    EXPECT_NE(*be.pci, *fe.pci);

    const DataCorePort &old = parse.ports[2];
    EXPECT_EQ(old.presence, Presence::NotPresent);
    EXPECT_EQ(old.roles, RoleBackEnd);
    EXPECT_FALSE(old.pci); // "PCIInfo": null
    EXPECT_TRUE(old.driverName.empty());
    EXPECT_TRUE(old.portName.empty());
    EXPECT_FALSE(old.connected);

    const DataCorePort &iscsi = parse.ports[3];
    EXPECT_EQ(iscsi.type, PortType::iSCSI);
    EXPECT_EQ(iscsi.portName, "iqn.2000-08.com.datacore:ssv2-1");
    EXPECT_EQ(parse.extras[3].iqn, "iqn.2000-08.com.datacore:ssv2-1");
    EXPECT_TRUE(parse.extras[3].wwn.empty());
    EXPECT_EQ(iscsi.alias, "Server iSCSI Port 1");
}

TEST(DataCorePorts, CmdletStringsAndIsoDates)
{
    const auto result = parsePortsJson(fixture("ports-cmdlet-strings.json"));
    const DataCorePortsParse &parse = okOrFail(result);
    EXPECT_TRUE(parse.warnings.empty()) << warningsText(parse.warnings);
    ASSERT_EQ(parse.ports.size(), 1u);
    const DataCorePort &port = parse.ports[0];
    EXPECT_EQ(port.type, PortType::FibreChannel);
    EXPECT_EQ(port.mode, PortMode::InitiatorTarget);
    EXPECT_EQ(port.roles, RoleFrontEnd | RoleMirror);
    EXPECT_EQ(port.presence, Presence::Present);
    ASSERT_TRUE(port.pci);
    EXPECT_EQ(*port.pci, (PciLocation{59, 0, 1}));
    EXPECT_EQ(parse.extras[0].linkStateText, "LoopLinkUp");
    EXPECT_FALSE(parse.extras[0].linkStateCode);
    EXPECT_EQ(parse.extras[0].collectionTime, atMs(1717874000383));
}

TEST(DataCorePorts, PowerShellArrayWrapper)
{
    const auto result = parsePortsJson(fixture("ports-powershell-wrapper.json"));
    const DataCorePortsParse &parse = okOrFail(result);
    ASSERT_EQ(parse.ports.size(), 2u);
    EXPECT_EQ(parse.ports[0].type, PortType::Loopback);
    EXPECT_EQ(parse.ports[0].roles, RoleFrontEnd | RoleBackEnd);
    EXPECT_EQ(parse.ports[1].roles, RoleBackEnd | RoleMirror);
    EXPECT_EQ(parse.ports[1].portName, "iqn.1991-05.com.microsoft:ssv1.akf.lan");
}

TEST(DataCorePorts, Utf16LittleEndianWithBom)
{
    const std::string bytes = fixture("ports-utf16le-bom.json");
    ASSERT_GE(bytes.size(), 2u);
    ASSERT_EQ(bytes.substr(0, 2), "\xFF\xFE");
    const auto result = parsePortsJson(bytes);
    const DataCorePortsParse &parse = okOrFail(result);
    ASSERT_EQ(parse.ports.size(), 1u);
    EXPECT_EQ(parse.ports[0].alias, "ssv1_fe2 \xC3\xBC" "ber Stra\xC3\x9F" "e");
    EXPECT_EQ(parse.ports[0].roles, RoleFrontEnd);
    ASSERT_TRUE(parse.ports[0].pci);
    EXPECT_EQ(parse.ports[0].pci->bus, 130u);
}

TEST(DataCorePorts, Utf8WithBomAndDecodeErrors)
{
    const std::string plain = fixture("ports-powershell-wrapper.json");
    const auto withBom = parsePortsJson("\xEF\xBB\xBF" + plain);
    EXPECT_EQ(okOrFail(withBom).ports.size(), 2u);

    // UTF-16 with a byte missing at the end: refused with the reason.
    std::string utf16 = fixture("ports-utf16le-bom.json");
    utf16.pop_back();
    const auto broken = parsePortsJson(utf16);
    ASSERT_FALSE(broken.ok());
    EXPECT_EQ(broken.error().operation, "DataCore 1.0/ports");
    EXPECT_NE(broken.error().message.find("cannot read the text"), std::string::npos) << broken.error().message;

    // UTF-16 whose BOM was lost: named as such, not as a JSON syntax error.
    const std::string noBom = fixture("ports-utf16le-bom.json").substr(2);
    const auto lostBom = parsePortsJson(noBom);
    ASSERT_FALSE(lostBom.ok());
    EXPECT_NE(lostBom.error().message.find("UTF-16"), std::string::npos) << lostBom.error().message;

    // Bytes that are not UTF-8 (Latin-1 "ü") are refused with their position.
    const auto latin1 = parsePortsJson("[{\"Id\": \"p\", \"PortType\": 2, \"Alias\": \"\xFC\"}]");
    ASSERT_FALSE(latin1.ok());
    EXPECT_NE(latin1.error().message.find("not valid JSON: line 1"), std::string::npos) << latin1.error().message;
}

TEST(DataCorePorts, RoleOfWrongTypeNamesFieldAndPosition)
{
    const auto result = parsePortsJson(fixture("ports-role-wrong-type.json"));
    ASSERT_FALSE(result.ok());
    const std::string message = result.error().message;
    EXPECT_EQ(result.error().operation, "DataCore 1.0/ports");
    EXPECT_NE(message.find("[1].ServerPortProperties.Role"), std::string::npos) << message;
    EXPECT_NE(message.find("\"one\""), std::string::npos) << message;
    EXPECT_NE(message.find("line 23, column 21"), std::string::npos) << message;
}

TEST(DataCorePorts, OtherWrongTypesNameFieldAndPosition)
{
    auto result = parsePortsJson(fixture("ports-connected-wrong-type.json"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message, "Connected: expected a boolean but found a string (line 3, column 18)");

    result = parsePortsJson(fixture("ports-pcibus-wrong-type.json"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message,
              "[0].IdInfo.PCIInfo.Bus: expected a number but found a string (line 1, column 59)");

    const auto disks = parsePhysicalDisksJson(fixture("physicaldisks-size-wrong-type.json"));
    ASSERT_FALSE(disks.ok());
    EXPECT_EQ(disks.error().message, "Size.Value: expected a number but found a string (line 10, column 18)");

    auto servers = parseServersJson(fixture("servers-hostname-wrong-type.json"));
    ASSERT_FALSE(servers.ok());
    EXPECT_EQ(servers.error().operation, "DataCore 2.0/servers");
    EXPECT_EQ(servers.error().message, "[0].HostName: expected a string but found a number (line 5, column 21)");

    servers = parseServersJson(fixture("servers-embedded-port-wrong-type.json"));
    ASSERT_FALSE(servers.ok());
    EXPECT_EQ(servers.error().message,
              "[0].ServerPorts[1].PortType: expected a number or a string but found an array (line 22, column 29)");
}

TEST(DataCorePorts, TruncatedJson)
{
    const auto result = parsePortsJson(fixture("ports-truncated.json"));
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("not valid JSON: line 13, column 17"), std::string::npos)
        << result.error().message;

    // Every prefix of a real-shaped document is refused or read, never a crash.
    const std::string full = fixture("ports-dual-port-hba.json");
    for (std::size_t n = 0; n < full.size(); n += 7)
        (void)parsePortsJson(std::string_view(full).substr(0, n));
}

TEST(DataCorePorts, HostileStringsAreKeptVerbatim)
{
    const auto result = parsePortsJson(fixture("ports-hostile-strings.json"));
    const DataCorePortsParse &parse = okOrFail(result);
    ASSERT_EQ(parse.ports.size(), 1u);
    // Escaping is the job of whoever renders; the parser neither strips nor
    // interprets markup or control characters.
    EXPECT_EQ(parse.ports[0].alias, "<script>alert('x')</script>");
    const char caption[] = "tab\there, bell\a, escape\x1b[31mred\x1b[0m, nul\0end";
    EXPECT_EQ(parse.extras[0].caption, std::string(caption, sizeof caption - 1));
    EXPECT_EQ(parse.ports[0].id, "\"'; DROP TABLE ports; --");
    EXPECT_EQ(parse.ports[0].driverName, "..\\..\\Windows\\System32\\drivers\\evil.sys");
    EXPECT_EQ(parse.ports[0].portName, "\xE2\x80\xAE" "evil\xE2\x80\xAC 51-40-2E-C0-18-1D-00-14");
    EXPECT_EQ(parse.extras[0].status, "<img src=x onerror=alert(1)>");
    EXPECT_EQ(parse.ports[0].roles, RoleFrontEnd);
}

TEST(DataCorePorts, VeryLongStrings)
{
    const std::string longName(1'000'000, 'A');
    const std::string json = R"([{"Id": "x", "PortType": 2, "PhysicalName": ")" + longName + R"(", "Alias": ")"
        + std::string(100'000, 'b') + R"("}])";
    const auto result = parsePortsJson(json);
    const DataCorePortsParse &parse = okOrFail(result);
    ASSERT_EQ(parse.ports.size(), 1u);
    EXPECT_EQ(parse.extras[0].physicalName.size(), 1'000'000u);
    EXPECT_EQ(parse.ports[0].alias.size(), 100'000u);

    // A long bad value is shortened in the message, and control characters in
    // it do not reach the log line.
    const std::string badRole = R"([{"Id": "x", "PortType": 2, "ServerPortProperties": {"Role": "\u001b[2J)"
        + std::string(50'000, 'r') + R"("}}])";
    const auto refused = parsePortsJson(badRole);
    ASSERT_FALSE(refused.ok());
    EXPECT_LT(refused.error().message.size(), 400u) << refused.error().message;
    EXPECT_EQ(refused.error().message.find('\x1b'), std::string::npos);
}

TEST(DataCorePorts, WrongShapes)
{
    auto result = parsePortsJson(fixture("ports-wrong-shape-number.json"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message,
              "expected an array of DataCore ports or a single port object but found a number (line 1, column 1)");

    result = parsePortsJson(fixture("ports-wrong-shape-object.json"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message, "Id: required field of a DataCore port is missing (line 1, column 1)");

    result = parsePortsJson(R"([{"Id": "a", "PortType": 2}, 5])");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message, "[1]: expected an object but found a number (line 1, column 30)");

    result = parsePortsJson(R"("ports")");
    ASSERT_FALSE(result.ok());
    result = parsePortsJson("");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("not valid JSON"), std::string::npos);
    result = parsePortsJson(std::string(5000, '[') + std::string(5000, ']'));
    ASSERT_FALSE(result.ok()); // nesting limit of the JSON parser

    const auto servers = parseServersJson(R"({"Id": "x"})");
    ASSERT_FALSE(servers.ok());
    EXPECT_EQ(servers.error().message, "HostName: required field of a DataCore server is missing (line 1, column 1)");

    const auto disks = parsePhysicalDisksJson(R"([{"Id": "x", "Caption": "c"}])");
    ASSERT_FALSE(disks.ok());
    EXPECT_NE(disks.error().message.find("none of InquiryData, DiskIndex, ScsiPath, Size"), std::string::npos)
        << disks.error().message;

    // An empty response is no ports, not an error.
    const auto none = parsePortsJson("[]");
    EXPECT_TRUE(okOrFail(none).ports.empty());
}

TEST(DataCorePorts, UnknownValuesBecomeWarnings)
{
    const auto result = parsePortsJson(fixture("ports-unknown-values.json"));
    const DataCorePortsParse &parse = okOrFail(result);
    ASSERT_EQ(parse.ports.size(), 1u);
    const DataCorePort &port = parse.ports[0];
    EXPECT_EQ(port.type, PortType::Unknown);
    EXPECT_EQ(port.mode, PortMode::Unknown);
    EXPECT_EQ(port.presence, Presence::Unknown);
    EXPECT_EQ(port.roles, RoleFrontEnd); // 9 = FE + an unknown bit 8
    EXPECT_FALSE(port.pci);
    EXPECT_EQ(parse.extras[0].pciVendorId, 4215u);
    EXPECT_FALSE(parse.extras[0].pciDeviceId);
    EXPECT_FALSE(parse.extras[0].collectionTime);

    const std::string text = warningsText(parse.warnings);
    EXPECT_EQ(parse.warnings.size(), 7u) << text;
    EXPECT_NE(text.find("[0].PortType: unknown PortType 7, read as Unknown (line 22, column 21)"), std::string::npos)
        << text;
    EXPECT_NE(text.find("[0].PortMode: unknown PortMode 0"), std::string::npos) << text;
    EXPECT_NE(text.find("[0].PresenceStatus: unknown PresenceStatus 3"), std::string::npos) << text;
    EXPECT_NE(text.find("[0].ServerPortProperties.Role: unknown role bits in 9"), std::string::npos) << text;
    EXPECT_NE(text.find("[0].IdInfo.PCIInfo: PCI location bus 4294967295"), std::string::npos) << text;
    EXPECT_NE(text.find("[0].IdInfo.PCIInfo.DeviceId: DeviceId 70000 is not a PCI id"), std::string::npos) << text;
    EXPECT_NE(text.find("[0].PerformanceData.CollectionTime: not a date: \"yesterday\""), std::string::npos)
        << text;
}

TEST(DataCorePorts, ADateBeyondTheClockIsAWarningWithTheSpan)
{
    // Year 9999 in .NET milliseconds: a valid DateTime, but past what system_clock holds on Linux.
    const auto result = parsePortsJson(
        R"({"Id": "p", "PortType": 2, "PerformanceData": {"CollectionTime": "/Date(253402300799000)/"}})");
    const DataCorePortsParse &parse = okOrFail(result);
    const std::string text = warningsText(parse.warnings);
    if constexpr (std::is_same_v<std::chrono::system_clock::duration, std::chrono::nanoseconds>) {
        EXPECT_FALSE(parse.extras[0].collectionTime);
        EXPECT_NE(text.find("PerformanceData.CollectionTime: date \"/Date(253402300799000)/\" is outside the "
                            "times this program can hold (" + clockSpanText() + ")"),
                  std::string::npos)
            << text;
    }
}

TEST(DataCorePorts, RolesAndNamesThatDisagree)
{
    const auto result = parsePortsJson(
        R"({"Id": "p", "PortType": 2, "Roles": "FE", "ServerPortProperties": {"Role": 4}})");
    const DataCorePortsParse &parse = okOrFail(result);
    EXPECT_EQ(parse.ports[0].roles, RoleMirror);
    ASSERT_EQ(parse.warnings.size(), 1u);
    EXPECT_EQ(parse.warnings[0].path, "Roles");
    EXPECT_NE(parse.warnings[0].message.find("using Role"), std::string::npos);

    // Roles alone (no ServerPortProperties) is used as it stands.
    const auto namesOnly = parsePortsJson(R"({"Id": "p", "PortType": 3, "Roles": "BE,MR"})");
    EXPECT_EQ(okOrFail(namesOnly).ports[0].roles, RoleBackEnd | RoleMirror);
    EXPECT_TRUE(okOrFail(namesOnly).extras[0].rolesReported);
}

TEST(DataCorePorts, PresenceFromStatusWordsAndConnected)
{
    const auto result = parsePortsJson(R"([
        {"Id": "a", "PortType": 2, "Status": "Not present"},
        {"Id": "b", "PortType": 2, "Connected": true},
        {"Id": "c", "PortType": 2},
        {"Id": "d", "PortType": 2, "PresenceStatus": 1, "Status": "Not present"}
    ])");
    const DataCorePortsParse &parse = okOrFail(result);
    ASSERT_EQ(parse.ports.size(), 4u);
    EXPECT_EQ(parse.ports[0].presence, Presence::NotPresent);
    EXPECT_EQ(parse.ports[1].presence, Presence::Present);
    EXPECT_EQ(parse.ports[2].presence, Presence::Unknown); // nothing said, nothing invented
    EXPECT_EQ(parse.ports[3].presence, Presence::Present);
    ASSERT_EQ(parse.warnings.size(), 1u);
    EXPECT_EQ(parse.warnings[0].path, "[3].Status");
}

TEST(DataCorePorts, MissingOptionalFieldsStayEmpty)
{
    const auto result = parsePortsJson(R"({"Id": "p", "PortType": 2, "Alias": null, "IdInfo": {}})");
    const DataCorePortsParse &parse = okOrFail(result);
    const DataCorePort &port = parse.ports[0];
    EXPECT_TRUE(port.alias.empty());
    EXPECT_TRUE(port.serverId.empty());
    EXPECT_TRUE(port.portName.empty());
    EXPECT_TRUE(port.driverName.empty());
    EXPECT_FALSE(port.pci);
    EXPECT_EQ(port.mode, PortMode::Unknown);
    EXPECT_EQ(port.presence, Presence::Unknown);
    EXPECT_EQ(port.roles, RoleNone);
    EXPECT_FALSE(parse.extras[0].rolesReported);
    EXPECT_FALSE(parse.extras[0].statusLevel);
    EXPECT_FALSE(parse.extras[0].collectionTime);
    EXPECT_TRUE(parse.warnings.empty());
}

TEST(DataCorePorts, GeneratedGroupOf64ServersAnd1300Ports)
{
    // 20 servers with 21 ports and 44 with 20: 1,300 ports.
    std::ostringstream json;
    std::map<RoleFlags, int> expectedRoles;
    int expectedNotPresent = 0;
    json << "[";
    bool firstPort = true;
    for (int server = 0; server < 64; ++server) {
        const int portCount = server < 20 ? 21 : 20;
        char serverId[40];
        std::snprintf(serverId, sizeof serverId, "%08X-1FE0-41D0-B993-6F7B35672AAF", 0x4B273A00 + server);
        for (int p = 0; p < portCount; ++p) {
            static constexpr RoleFlags kRoles[] = {RoleFrontEnd, RoleFrontEnd, RoleMirror, RoleBackEnd,
                                                   RoleFrontEnd | RoleBackEnd, RoleNone};
            const RoleFlags role = kRoles[p % 6];
            const bool present = p % 10 != 9;
            ++expectedRoles[role];
            expectedNotPresent += !present;
            json << (firstPort ? "\n" : ",\n");
            firstPort = false;
            json << R"({"Alias": "ssv)" << server << "_p" << p << R"(", "Connected": )"
                 << (present ? "true" : "false") << R"(, "HostId": ")" << serverId << R"(", "Id": "port-)" << server
                 << '-' << p << R"(", "IdInfo": {"DriverName": "DataCore QLogic 2X", "PCIInfo": {"Bus": )"
                 << 64 + p / 2 << R"(, "Slot": 0, "Function": )" << p % 2 << R"(, "VendorId": 4215}}, "PortMode": )"
                 << (role == RoleFrontEnd ? 2 : 3) << R"(, "PortName": "51-40-2E-C0-18-)" << std::hex
                 << (0x10 + server) << '-' << (0x10 + p) << std::dec << R"(-14", "PortType": 2, "PresenceStatus": )"
                 << (present ? 1 : 2) << R"(, "ServerPortProperties": {"Role": )" << role << "}}";
        }
    }
    json << "\n]\n";

    const auto result = parsePortsJson(json.str());
    const DataCorePortsParse &parse = okOrFail(result);
    ASSERT_EQ(parse.ports.size(), 1300u);
    EXPECT_TRUE(parse.warnings.empty()) << warningsText(parse.warnings);

    std::set<std::string> servers;
    std::map<RoleFlags, int> roles;
    int notPresent = 0;
    for (const DataCorePort &port : parse.ports) {
        servers.insert(port.serverId);
        ++roles[port.roles];
        notPresent += port.presence == Presence::NotPresent;
        ASSERT_TRUE(port.pci) << port.alias;
    }
    EXPECT_EQ(servers.size(), 64u);
    EXPECT_EQ(roles, expectedRoles);
    EXPECT_EQ(notPresent, expectedNotPresent);

    const std::size_t i = portByAlias(parse.ports, "ssv63_p19");
    ASSERT_NE(i, std::string::npos);
    EXPECT_EQ(parse.ports[i].portName, "51-40-2E-C0-18-4f-23-14");
    EXPECT_EQ(*parse.ports[i].pci, (PciLocation{73, 0, 1}));
    EXPECT_EQ(parse.ports[i].presence, Presence::NotPresent);
    EXPECT_EQ(parse.ports[i].roles, RoleFrontEnd);
}

// ------------------------------------------------------ servers and disks

TEST(DataCoreServers, MinimalServerWithCmdletState)
{
    const auto result = parseServersJson(fixture("servers-minimal.json"));
    const DataCoreServersParse &parse = okOrFail(result);
    ASSERT_EQ(parse.servers.size(), 1u);
    EXPECT_EQ(parse.servers[0].name, "ssv9");
    EXPECT_EQ(parse.servers[0].hostName, "ssv9.example.lan");
    EXPECT_EQ(parse.servers[0].state, "Online");
    EXPECT_TRUE(parse.servers[0].version.empty());
    EXPECT_TRUE(parse.servers[0].groupId.empty());
    EXPECT_FALSE(parse.serverExtras[0].stateCode);
    EXPECT_TRUE(parse.ports.empty());
    EXPECT_TRUE(parse.disks.empty());
}

TEST(DataCoreServers, EmbeddedPortsWithoutHostIdGetTheServersId)
{
    const auto result = parseServersJson(R"([{"Id": "S1", "HostName": "a", "ServerPorts": [
        {"Id": "p1", "PortType": 2, "Roles": "FE"}], "PhysicalDisks": [
        {"Id": "d1", "InquiryData": {"Vendor": "X", "Product": "Y", "Serial": "Z"}}]},
        {"Id": "S2", "HostName": "b", "ServerPorts": [
        {"Id": "p2", "HostId": "S2", "PortType": 3}]}])");
    const DataCoreServersParse &parse = okOrFail(result);
    ASSERT_EQ(parse.servers.size(), 2u);
    ASSERT_EQ(parse.ports.size(), 2u);
    EXPECT_EQ(parse.ports[0].serverId, "S1");
    EXPECT_EQ(parse.ports[1].serverId, "S2");
    ASSERT_EQ(parse.disks.size(), 1u);
    EXPECT_EQ(parse.disks[0].serverId, "S1");
    EXPECT_EQ(parse.disks[0].serial, "Z");
    EXPECT_FALSE(parse.diskExtras[0].sizeKnown);
    EXPECT_EQ(parse.disks[0].sizeBytes, 0u);
}

TEST(DataCorePhysicalDisks, ArrayWithSerialFallbacksAndPools)
{
    const auto result = parsePhysicalDisksJson(fixture("physicaldisks-array.json"));
    const DataCorePhysicalDisksParse &parse = okOrFail(result);
    EXPECT_TRUE(parse.warnings.empty()) << warningsText(parse.warnings);
    ASSERT_EQ(parse.disks.size(), 2u);

    const BackEndDisk &pooled = parse.disks[0];
    EXPECT_EQ(pooled.vendor, "HP");
    EXPECT_EQ(pooled.product, "P2000 G3 FC");
    EXPECT_EQ(pooled.serial, "naa.600c0ff0001b7e2a1c2d3e4f01000000");
    EXPECT_EQ(pooled.sizeBytes, 9223372036854775807u);
    EXPECT_EQ(pooled.poolName, "Tier 2 \"archive\"");
    EXPECT_EQ(parse.extras[0].sectorSizeBytes, 4096u);
    EXPECT_EQ(parse.extras[0].collectionTime, atMs(1717829090942));
    ASSERT_TRUE(parse.extras[0].scsiPath);
    EXPECT_EQ(parse.extras[0].scsiPath->toString(), "004|000|001|007");

    const BackEndDisk &loose = parse.disks[1];
    EXPECT_EQ(loose.serial, "5002538E40A1B2C3"); // ScsiDeviceIdString; INQUIRY serial is empty
    EXPECT_EQ(loose.sizeBytes, 960197124096u);   // a bare number instead of {"Value": n}
    EXPECT_TRUE(loose.poolName.empty());
    EXPECT_FALSE(parse.extras[1].inPool);
    EXPECT_EQ(parse.extras[1].usage, "Available for use");
    EXPECT_EQ(parse.extras[1].presence, Presence::NotPresent);
    EXPECT_EQ(parse.extras[1].diskIndex, -1);
    EXPECT_FALSE(parse.extras[1].scsiPath);
    EXPECT_EQ(loose.status, "Not present");
}

TEST(DataCorePhysicalDisks, HugeAndNegativeSizes)
{
    // The API's "unlimited" is 2^64 - 1, beyond what the JSON model keeps exactly.
    auto result = parsePhysicalDisksJson(R"({"Id": "d", "Size": {"Value": 18446744073709551615}})");
    EXPECT_EQ(okOrFail(result).disks[0].sizeBytes, 18446744073709551615u);

    result = parsePhysicalDisksJson(R"({"Id": "d", "Size": {"Value": -1}})");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("Size.Value: -1 is negative"), std::string::npos)
        << result.error().message;

    result = parsePhysicalDisksJson(R"({"Id": "d", "Size": "1 GB"})");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("Size: expected a size"), std::string::npos) << result.error().message;
}
