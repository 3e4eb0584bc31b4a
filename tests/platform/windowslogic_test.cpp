// The Windows backend's portable logic, tested without Windows: decoding of
// WMI MPIO classes, path-state mapping, set-policy requests, SetupAPI value
// decoding, command-line quoting, mpclaim outcomes, UTF-16, error texts and
// the probe's JSON output (parsed back, the bundle formats by the bundle's
// own parsers).

#include "platform/bundle/bundleparts.h"
#include "platform/lab/windowsrules.h"
#include "platform/json/json.h"
#include "platform/mpclaim/mpclaimparser.h"
#include "platform/windows/commandline.h"
#include "platform/windows/devicedecode.h"
#include "platform/windows/errortext.h"
#include "platform/windows/jsonwriter.h"
#include "platform/windows/mpiodecode.h"
#include "platform/windows/probereport.h"
#include "platform/windows/unicode.h"
#include "platform/windows/wmivalue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace pathlens {
namespace {

using namespace std::chrono_literals;

// ------------------------------------------------------------ WMI fixtures
//
// Objects in the value kinds WMI actually delivers: uint64 as decimal
// strings (VT_BSTR), uint32 as VT_I4 (signed), uint8 as VT_UI1, booleans as
// VT_BOOL, embedded objects and arrays of them.

WmiValue u64(std::uint64_t value)
{
    return WmiValue::string(std::to_string(value));
}

WmiValue i4(std::int64_t value)
{
    return WmiValue::signedInt(static_cast<std::int32_t>(value), 32);
}

WmiValue ui1(std::uint32_t value)
{
    return WmiValue::unsignedInt(value, 8);
}

WmiValue str(std::string text)
{
    return WmiValue::string(std::move(text));
}

WmiValue objects(std::vector<WmiObject> items)
{
    std::vector<WmiValue> values;
    for (WmiObject &item : items)
        values.push_back(WmiValue::object(std::move(item)));
    return WmiValue::array(std::move(values));
}

const std::string kInstance0 = "MPIO\\Disk&Ven_HPE&Prod_MSA_2060_SAN&Rev_I210\\1&7f6ac24&0&36303046_0";
const std::string kInstance1 = "MPIO\\Disk&Ven_DGC&Prod_VRAID&Rev_4501\\1&7f6ac24&0&36303036_0";

WmiObject pdo(std::uint64_t pathId, std::uint32_t port, std::uint32_t bus, std::uint32_t target, std::uint32_t lun)
{
    WmiObject address;
    address.className = "PDOSCSI_ADDR";
    address.set("PortNumber", ui1(port)).set("ScsiPathId", ui1(bus)).set("TargetId", ui1(target)).set("Lun", ui1(lun));
    WmiObject object;
    object.className = "PDO_INFORMATION";
    object.set("ScsiAddress", WmiValue::object(address))
        .set("DeviceState", i4(0))
        .set("PathIdentifier", u64(pathId))
        .set("IdentifierType", i4(0))
        .set("IdentifierLength", i4(0))
        .set("Identifier", u64(0));
    return object;
}

WmiObject descriptor(const std::string &instance, const std::string &deviceName, std::vector<WmiObject> pdos)
{
    WmiObject object;
    object.className = "MPIO_GET_DESCRIPTOR";
    object.set("InstanceName", str(instance))
        .set("Active", WmiValue::boolean(true))
        .set("NumberPdos", i4(static_cast<std::int64_t>(pdos.size())))
        .set("DeviceName", str(deviceName))
        .set("PdoInformation", objects(std::move(pdos)));
    return object;
}

struct DsmPathSpec {
    std::uint64_t id = 0;
    int primary = 0;
    int optimized = 0;
    int failed = 0;
    std::uint32_t tpgState = kTpgStateNotUsed;
    std::uint32_t alua = 0;
    std::uint32_t tpgId = 0;
    int preferred = 0;
    std::uint32_t weight = 0;
};

WmiObject dsmPath(const DsmPathSpec &spec)
{
    WmiObject object;
    object.className = "MPIO_DSM_Path_V2";
    object.set("DsmPathId", u64(spec.id))
        .set("Reserved", u64(0))
        .set("PathWeight", i4(spec.weight))
        .set("PrimaryPath", i4(spec.primary))
        .set("OptimizedPath", i4(spec.optimized))
        .set("PreferredPath", i4(spec.preferred))
        .set("FailedPath", i4(spec.failed))
        .set("TargetPortGroup_State", i4(spec.tpgState))
        .set("ALUASupport", i4(spec.alua))
        .set("SymmetricLUA", ui1(0))
        .set("TargetPortGroup_Preferred", ui1(0))
        .set("TargetPortGroup_Identifier", i4(spec.tpgId))
        .set("TargetPort_Identifier", i4(0))
        .set("Reserved32", i4(0))
        .set("Reserved64", u64(0));
    return object;
}

WmiObject lbPolicy(const std::string &instance, std::uint32_t policy, const std::vector<DsmPathSpec> &paths)
{
    std::vector<WmiObject> items;
    for (const DsmPathSpec &spec : paths)
        items.push_back(dsmPath(spec));
    WmiObject inner;
    inner.className = "DSM_Load_Balance_Policy_V2";
    inner.set("Version", i4(2))
        .set("LoadBalancePolicy", i4(policy))
        .set("DSMPathCount", i4(static_cast<std::int64_t>(items.size())))
        .set("Reserved", i4(0))
        .set("DSM_Paths", objects(std::move(items)));
    WmiObject object;
    object.className = "DSM_QueryLBPolicy_V2";
    object.set("InstanceName", str(instance))
        .set("Active", WmiValue::boolean(true))
        .set("LoadBalancePolicy", WmiValue::object(inner));
    return object;
}

WmiObject adapterInfo(std::uint64_t pathId, std::uint32_t bus, std::uint32_t device, std::uint32_t function,
                      std::string name)
{
    WmiObject object;
    object.className = "MPIO_ADAPTER_INFORMATION";
    object.set("PathId", u64(pathId))
        .set("BusNumber", ui1(bus))
        .set("DeviceNumber", ui1(device))
        .set("FunctionNumber", ui1(function))
        .set("Pad", ui1(0))
        .set("AdapterName", str(std::move(name)));
    return object;
}

WmiObject pathInformation(std::vector<WmiObject> adapters)
{
    WmiObject object;
    object.className = "MPIO_PATH_INFORMATION";
    object.set("InstanceName", str("Root\\MPIO\\0000_0"))
        .set("NumberPaths", i4(static_cast<std::int64_t>(adapters.size())))
        .set("PathList", objects(std::move(adapters)));
    return object;
}

WmiObject diskInfo()
{
    WmiObject drive0;
    drive0.className = "MPIO_DRIVE_INFO";
    drive0.set("NumberPaths", i4(4))
        .set("Name", str("MPIO Disk0"))
        .set("SerialNumber", str("00c0ff5a1b2c0000  "))
        .set("DsmName", str("Microsoft DSM"));
    WmiObject drive1 = drive0;
    drive1.set("Name", str("MPIO Disk1")).set("SerialNumber", str("CKM00123456789")).set("NumberPaths", i4(2));
    WmiObject object;
    object.className = "MPIO_DISK_INFO";
    object.set("InstanceName", str("Root\\MPIO\\0000_0"))
        .set("NumberDrives", i4(2))
        .set("DriveInfo", objects({drive0, drive1}));
    return object;
}

WmiObject devicePerf(const std::string &instance, std::uint64_t pathId, std::int64_t readsAsI4,
                     std::uint64_t bytesRead)
{
    WmiObject perf;
    perf.className = "MSDSM_DEVICEPATH_PERF";
    perf.set("PathId", u64(pathId))
        .set("NumberReads", i4(readsAsI4))
        .set("NumberWrites", i4(7))
        .set("BytesRead", u64(bytesRead))
        .set("BytesWritten", u64(3584));
    WmiObject object;
    object.className = "MSDSM_DEVICE_PERF";
    object.set("InstanceName", str(instance)).set("NumberPaths", i4(1)).set("PerfInfo", objects({perf}));
    return object;
}

// The ALUA disk of the examples: two controllers, A/O and A/U TPGs, four paths.
const std::vector<DsmPathSpec> kAluaPaths = {
    {0x77010000, 1, 1, 0, 0, 1, 1, 0, 0},  // A/O, TPG 1 A/O
    {0x77010001, 1, 0, 0, 1, 1, 2, 0, 0},  // A/U, TPG 2 A/U
    {0x77020000, 1, 1, 0, 0, 1, 1, 0, 0},  // A/O
    {0x77020001, 1, 0, 0, 1, 1, 2, 0, 0},  // A/U
};

template <typename T>
const T &ok(const Result<T> &result)
{
    EXPECT_TRUE(result.ok()) << (result.ok() ? std::string() : result.error().toString());
    return result.value();
}

// ----------------------------------------------------------------- unicode

TEST(WindowsUnicode, RoundTripsEveryPlane)
{
    const std::string text = "A \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xe6\x97\xa5\xe6\x9c\xac";
    const std::u16string utf16 = utf8ToUtf16(text);
    EXPECT_EQ(utf16, u"A \u00e9 \u20ac \U0001F600 \u65e5\u672c");
    EXPECT_EQ(utf16ToUtf8(utf16), text);
}

TEST(WindowsUnicode, UnpairedSurrogatesBecomeReplacement)
{
    const std::u16string lone = {u'a', char16_t(0xD800), u'b', char16_t(0xDC00)};
    EXPECT_EQ(utf16ToUtf8(lone), "a\xef\xbf\xbd" "b\xef\xbf\xbd");
}

TEST(WindowsUnicode, InvalidUtf8BecomesReplacementPerByte)
{
    EXPECT_EQ(utf8ToUtf16("a\xff" "b"), u"a\uFFFDb");
    EXPECT_EQ(utf8ToUtf16("\xc0\xaf"), u"\uFFFD\uFFFD");          // overlong '/'
    EXPECT_EQ(utf8ToUtf16("\xed\xa0\x80"), u"\uFFFD\uFFFD\uFFFD"); // encoded surrogate
    EXPECT_EQ(utf8ToUtf16("\xf4\x90\x80\x80"), u"\uFFFD\uFFFD\uFFFD\uFFFD"); // above U+10FFFF
    EXPECT_EQ(utf8ToUtf16("\xe2\x82"), u"\uFFFD\uFFFD");          // truncated
    EXPECT_FALSE(isValidUtf8("\xe2\x82"));
    EXPECT_TRUE(isValidUtf8("\xe2\x82\xac"));
}

TEST(WindowsUnicode, PropertyBuffersAndMultiStrings)
{
    const std::uint8_t bytes[] = {'P', 0, 'C', 0, 'I', 0, 0, 0, 'x', 0};
    EXPECT_EQ(utf16FromBytes(bytes, sizeof bytes), u"PCI");
    EXPECT_EQ(utf16FromBytes(bytes, sizeof bytes, true).size(), 5u);
    EXPECT_EQ(utf16FromBytes(bytes, 3), u"P"); // odd trailing byte ignored

    const std::u16string multi(u"PCI\\VEN_1077&DEV_2261\0PCI\\VEN_1077\0\0", 35);
    EXPECT_EQ(splitMultiString(multi), (std::vector<std::string>{"PCI\\VEN_1077&DEV_2261", "PCI\\VEN_1077"}));
    EXPECT_EQ(splitMultiString(std::u16string(u"one", 3)), (std::vector<std::string>{"one"})); // no terminator
    EXPECT_TRUE(splitMultiString(std::u16string(1, u'\0')).empty());
}

// ------------------------------------------------------------ device decode

TEST(WindowsDeviceDecode, PciDeviceAndFunctionFromAddress)
{
    EXPECT_EQ(pciFromBusAndAddress(130, 0x00000001), (PciLocation{130, 0, 1}));
    EXPECT_EQ(pciFromBusAndAddress(3, 0x00110003), (PciLocation{3, 17, 3}));
}

TEST(WindowsDeviceDecode, OnlyPciDevicesHaveALocation)
{
    const std::string qlogic = "PCI\\VEN_1077&DEV_2261&SUBSYS_02611077&REV_01\\4&2A3B4C5D&0&0110";
    EXPECT_EQ(adapterPciLocation(qlogic, 130, 1), (PciLocation{130, 0, 1}));
    EXPECT_EQ(adapterPciLocation("pci\\ven_8086&dev_1572\\0", 4, 0x00000002), (PciLocation{4, 0, 2}));
    EXPECT_FALSE(adapterPciLocation("ROOT\\ISCSIPRT\\0000", 0, 0));
    EXPECT_FALSE(adapterPciLocation("SWD\\MSRRAS\\MS_NDISWANIP", 0, 0));
    EXPECT_FALSE(adapterPciLocation(qlogic, std::nullopt, 1));
    EXPECT_FALSE(adapterPciLocation(qlogic, 130, std::nullopt));
    EXPECT_FALSE(adapterPciLocation(qlogic, 130, 0x00000008)); // function 8
    EXPECT_FALSE(adapterPciLocation(qlogic, 130, 0x00200000)); // device 32
}

TEST(WindowsDeviceDecode, DatesAndVersions)
{
    // 2023-05-17T00:00:00Z: 1684281600 s after 1970, 11644473600 s from 1601 to 1970.
    const std::uint64_t may17 = (1684281600ull + 11644473600ull) * 10'000'000ull;
    EXPECT_EQ(fileTimeToIsoDate(may17), "2023-05-17");
    EXPECT_EQ(fileTimeToIsoDate(may17 + 86'399ull * 10'000'000ull), "2023-05-17");
    EXPECT_EQ(fileTimeToIsoDate(0), "");
    EXPECT_EQ(fileTimeToIsoDate(1), "1601-01-01");
    EXPECT_EQ(formatIsoUtc(fileTimeToTimePoint(may17 + 3723ull * 10'000'000ull)), "2023-05-17T01:02:03Z");
    EXPECT_EQ(formatDriverVersion(0x0009000400050014ull), "9.4.5.20");
    EXPECT_EQ(formatDriverVersion(0x000A000000004A61ull), "10.0.0.19041");
    EXPECT_EQ(fileNameOf("C:\\Windows\\INF\\oem12.inf"), "oem12.inf");
    EXPECT_EQ(fileNameOf("oem3.inf"), "oem3.inf");
}

TEST(WindowsDeviceDecode, FindsTheChosenDriverOnly)
{
    const std::vector<DriverPackage> candidates = {
        {"QLogic Fibre Channel Adapter", "QLogic", "9.4.5.20", "2022-03-18", "oem12.inf", ""},
        {"QLogic FC Adapter (Dual)", "QLogic", "9.4.5.20", "2022-03-18", "oem12.inf", ""},
        {"DataCore Fibre Channel Adapter", "DataCore Software", "10.0.1.7", "2023-01-02", "oem7.inf", ""},
    };
    // INF case-insensitive, path ignored.
    DriverPackage wanted{"", "", "10.0.1.7", "", "C:\\Windows\\INF\\OEM7.INF", ""};
    EXPECT_EQ(ok(findDriver(candidates, wanted)), 2u);
    // One INF, two models: ambiguous without the description, exact with it.
    wanted = DriverPackage{"", "", "9.4.5.20", "", "oem12.inf", ""};
    auto ambiguous = findDriver(candidates, wanted);
    ASSERT_FALSE(ambiguous.ok());
    EXPECT_NE(ambiguous.error().message.find("matches 2"), std::string::npos);
    wanted.description = "qlogic fc adapter (dual)";
    EXPECT_EQ(ok(findDriver(candidates, wanted)), 1u);
    // Another version is not silently taken.
    wanted = DriverPackage{"", "", "9.4.5.21", "", "oem12.inf", ""};
    auto missing = findDriver(candidates, wanted);
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("not among"), std::string::npos);
}

TEST(WindowsDeviceDecode, LocalHostNames)
{
    EXPECT_TRUE(isLocalHost("", "SSV1", "ssv1.lab.example"));
    EXPECT_TRUE(isLocalHost(".", "SSV1", ""));
    EXPECT_TRUE(isLocalHost("LocalHost", "SSV1", ""));
    EXPECT_TRUE(isLocalHost("ssv1", "SSV1", ""));
    EXPECT_TRUE(isLocalHost("SSV1.lab.example", "SSV1", "ssv1.lab.example"));
    EXPECT_TRUE(isLocalHost("ssv1.other.example", "SSV1", "")); // short name against an FQDN
    EXPECT_TRUE(isLocalHost("ssv1", "SSV1", "ssv1.lab.example"));
    EXPECT_FALSE(isLocalHost("ssv1.other.example", "SSV1", "ssv1.lab.example")); // two FQDNs differ
    EXPECT_FALSE(isLocalHost("SSV2", "SSV1", "ssv1.lab.example"));
    EXPECT_FALSE(isLocalHost("ssv", "SSV1", ""));
}

// --------------------------------------------------------------- WmiValue

TEST(WindowsWmiValue, UnsignedNumbersInEveryFormWmiUses)
{
    // uint32 above 2^31 arrives as a negative VT_I4.
    EXPECT_EQ(WmiValue::signedInt(-1, 32).toUnsigned(32), 0xFFFFFFFFull);
    EXPECT_EQ(WmiValue::signedInt(-2147483648LL, 32).toUnsigned(32), 0x80000000ull);
    EXPECT_FALSE(WmiValue::signedInt(-1, 32).toUnsigned(16));
    EXPECT_FALSE(WmiValue::signedInt(-1, 16).toUnsigned(32));
    // uint64 arrives as decimal digits.
    EXPECT_EQ(WmiValue::string("1996685312").toUnsigned(64), 1996685312ull);
    EXPECT_EQ(WmiValue::string("18446744073709551615").toUnsigned(64), 18446744073709551615ull);
    EXPECT_FALSE(WmiValue::string("18446744073709551616").toUnsigned(64));
    EXPECT_FALSE(WmiValue::string("12a").toUnsigned(64));
    EXPECT_FALSE(WmiValue::string("").toUnsigned(64));
    EXPECT_FALSE(WmiValue::string("4294967296").toUnsigned(32));
    EXPECT_EQ(WmiValue::unsignedInt(255, 8).toUnsigned(8), 255u);
    EXPECT_FALSE(WmiValue::unsignedInt(256, 16).toUnsigned(8));
    EXPECT_FALSE(WmiValue::boolean(true).toUnsigned(32));
    EXPECT_EQ(WmiValue::signedInt(3, 32).toBool(), true);
    EXPECT_EQ(WmiValue::signedInt(0, 32).toBool(), false);
    EXPECT_EQ(WmiValue::boolean(true).toBool(), true);
    EXPECT_FALSE(WmiValue::string("1").toBool());
}

TEST(WindowsWmiValue, ReaderErrorsNameTheField)
{
    WmiObject object = descriptor(kInstance0, "\\Device\\MPIODisk0", {pdo(1, 4, 0, 9, 1), pdo(2, 4, 0, 9, 1)});
    // Break the second path's id.
    WmiObject broken = pdo(2, 4, 0, 9, 1);
    broken.set("PathIdentifier", str("not a number"));
    object.set("PdoInformation", objects({pdo(1, 4, 0, 9, 1), broken}));
    auto decoded = decodeDescriptor(object);
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().operation, "WMI MPIO_GET_DESCRIPTOR");
    EXPECT_NE(decoded.error().message.find("MPIO_GET_DESCRIPTOR.PdoInformation[1].PathIdentifier"), std::string::npos)
        << decoded.error().message;
    EXPECT_NE(decoded.error().message.find("a string \"not a number\""), std::string::npos);

    object.properties.erase("DeviceName");
    auto missing = decodeDescriptor(object);
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("DeviceName: missing"), std::string::npos);
}

// --------------------------------------------------------------- mappings

TEST(WindowsMpioMapping, PathStateFromPrimaryAndOptimized)
{
    EXPECT_EQ(pathStateFromFlags(true, true, false), PathState::ActiveOptimized);
    EXPECT_EQ(pathStateFromFlags(true, false, false), PathState::ActiveUnoptimized);
    EXPECT_EQ(pathStateFromFlags(false, true, false), PathState::Standby);
    EXPECT_EQ(pathStateFromFlags(false, false, false), PathState::Unavailable);
    EXPECT_EQ(pathStateFromFlags(true, true, true), PathState::Failed);
    EXPECT_EQ(pathStateFromFlags(false, false, true), PathState::Failed);
}

TEST(WindowsMpioMapping, TargetPortGroupStates)
{
    EXPECT_EQ(tpgStateFromWmi(0), PathState::ActiveOptimized);
    EXPECT_EQ(tpgStateFromWmi(1), PathState::ActiveUnoptimized);
    EXPECT_EQ(tpgStateFromWmi(2), PathState::Standby);
    EXPECT_EQ(tpgStateFromWmi(3), PathState::Unavailable);
    // MSDSM passes the RTPG access state through unchanged (rule tpg-state-raw): 14 is SPC's Offline.
    EXPECT_EQ(tpgStateFromWmi(14), PathState::Offline);
    EXPECT_EQ(tpgStateFromWmi(15), PathState::Transitioning);
    EXPECT_EQ(tpgStateFromWmi(16), PathState::Unknown); // not ALUA
    // 17-21 are MSDSM's internal device states; this field never carries them.
    EXPECT_EQ(tpgStateFromWmi(18), PathState::Unknown);
    EXPECT_EQ(tpgStateFromWmi(21), PathState::Unknown);
    EXPECT_EQ(tpgStateFromWmi(4), PathState::Unknown);
    EXPECT_EQ(tpgStateFromWmi(99), PathState::Unknown);
}

TEST(WindowsMpioMapping, AluaSupportAndPolicies)
{
    EXPECT_EQ(aluaSupportFromWmi(0), AluaSupport::NotSupported);
    EXPECT_EQ(aluaSupportFromWmi(1), AluaSupport::ImplicitOnly);
    EXPECT_EQ(aluaSupportFromWmi(2), AluaSupport::ExplicitOnly);
    EXPECT_EQ(aluaSupportFromWmi(3), AluaSupport::ImplicitAndExplicit);
    EXPECT_EQ(aluaSupportFromWmi(4), AluaSupport::Unknown);
    for (std::uint32_t n = 1; n <= 7; ++n) {
        EXPECT_NE(policyFromWmi(n), LoadBalancePolicy::Unknown);
        EXPECT_EQ(policyToWmi(policyFromWmi(n)), n);
    }
    EXPECT_EQ(policyFromWmi(3), LoadBalancePolicy::RoundRobinWithSubset);
    EXPECT_EQ(policyFromWmi(7), LoadBalancePolicy::VendorSpecific);
    EXPECT_EQ(policyFromWmi(0), LoadBalancePolicy::Unknown);
    EXPECT_EQ(policyFromWmi(8), LoadBalancePolicy::Unknown);
    EXPECT_EQ(policyToWmi(LoadBalancePolicy::Unknown), 0u);
}

TEST(WindowsMpioMapping, PathIdsPrintAsMpclaimDoes)
{
    // The mapping a public MPIO wrapper's tests use: 1996685312 -> 0000000077030000.
    EXPECT_EQ(formatPathId(1996685312ull), "0000000077030000");
    EXPECT_EQ(formatPathId(0x7704000Bull), "000000007704000b");
}

TEST(WindowsMpioMapping, MpioDiskNumbers)
{
    EXPECT_EQ(mpioDiskNumber("\\Device\\MPIODisk3"), 3u);
    EXPECT_EQ(mpioDiskNumber("\\Device\\MPIODisk123"), 123u);
    EXPECT_EQ(mpioDiskNumber("MPIO Disk0"), 0u);
    EXPECT_EQ(mpioDiskNumber("  \\device\\mpiodisk7 \0"), 7u);
    EXPECT_FALSE(mpioDiskNumber("\\Device\\MPIODisk"));
    EXPECT_FALSE(mpioDiskNumber("\\Device\\MPIODisk12x"));
    EXPECT_FALSE(mpioDiskNumber("\\Device\\MPIODisk99999999999"));
    EXPECT_FALSE(mpioDiskNumber("\\Device\\Harddisk3"));
}

TEST(WindowsMpioMapping, HardwareFromInstanceNamesAndIds)
{
    // As Dell's published WMI dump shows it.
    const HardwareName dgc = hardwareFromInstanceName("MPIO\\Disk&Ven_DGC&Prod_VRAID&Rev_4501\\1&7f6ac24&0&36303036303");
    EXPECT_EQ(dgc.vendor, "DGC");
    EXPECT_EQ(dgc.product, "VRAID");
    const HardwareName msa = hardwareFromInstanceName(kInstance0);
    EXPECT_EQ(msa.product, "MSA_2060_SAN");
    EXPECT_TRUE(hardwareFromInstanceName("nonsense").vendor.empty());

    EXPECT_TRUE(hardwareIdMatches("DGC     VRAID           ", dgc));
    EXPECT_TRUE(hardwareIdMatches("DGC     VRAID", dgc));       // padding dropped
    EXPECT_TRUE(hardwareIdMatches("DGC VRAID", dgc));           // padding collapsed
    EXPECT_TRUE(hardwareIdMatches("HPE     MSA 2060 SAN    ", msa)); // spaces are '_' in PnP
    EXPECT_FALSE(hardwareIdMatches("DGC     RAID 5          ", dgc));
    EXPECT_FALSE(hardwareIdMatches("IBM     2145            ", dgc));
    EXPECT_EQ(splitHardwareId("IBM 2145               ").vendor, "IBM"); // as sample 08 prints it
    EXPECT_EQ(splitHardwareId("IBM 2145               ").product, "2145");
}

// ---------------------------------------------------------- decoded classes

TEST(WindowsMpioDecode, Descriptor)
{
    const WmiDescriptor d = ok(decodeDescriptor(
        descriptor(kInstance0, "\\Device\\MPIODisk0", {pdo(0x77010000, 4, 0, 9, 1), pdo(0x77020001, 5, 0, 11, 1)})));
    EXPECT_EQ(d.instanceName, kInstance0);
    EXPECT_EQ(d.number, 0u);
    ASSERT_EQ(d.pdos.size(), 2u);
    EXPECT_EQ(d.pdos[1].pathId, 0x77020001u);
    EXPECT_EQ(d.pdos[1].scsi.toString(), "005|000|011|001");

    auto bad = decodeDescriptor(descriptor(kInstance0, "\\Device\\Harddisk0", {}));
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("MPIODisk<N>"), std::string::npos);
}

TEST(WindowsMpioDecode, LoadBalancePolicyV2)
{
    const WmiLbPolicy p = ok(decodeLbPolicy(lbPolicy(kInstance0, 3, kAluaPaths)));
    EXPECT_EQ(p.policy, LoadBalancePolicy::RoundRobinWithSubset);
    ASSERT_EQ(p.paths.size(), 4u);
    EXPECT_EQ(p.paths[1].pathId, 0x77010001u);
    EXPECT_TRUE(p.paths[1].primary);
    EXPECT_FALSE(p.paths[1].optimized);
    EXPECT_EQ(p.paths[1].tpgState, 1u);
    EXPECT_EQ(p.paths[1].tpgId, 2u);
    EXPECT_EQ(p.paths[1].aluaSupport, 1u);
    EXPECT_TRUE(p.paths[1].hasTpg());

    // DSMPathCount bounds the array.
    WmiObject object = lbPolicy(kInstance0, 1, kAluaPaths);
    WmiObject inner = *object.find("LoadBalancePolicy")->asObject();
    inner.set("DSMPathCount", i4(2));
    object.set("LoadBalancePolicy", WmiValue::object(inner));
    EXPECT_EQ(ok(decodeLbPolicy(object)).paths.size(), 2u);

    // The vendor DSM case of the Dell dump: policy 7, no paths.
    WmiObject vendor;
    vendor.className = "DSM_QueryLBPolicy";
    WmiObject vendorInner;
    vendorInner.set("LoadBalancePolicy", i4(7));
    vendor.set("InstanceName", str(kInstance1)).set("LoadBalancePolicy", WmiValue::object(vendorInner));
    const WmiLbPolicy vs = ok(decodeLbPolicy(vendor));
    EXPECT_EQ(vs.policy, LoadBalancePolicy::VendorSpecific);
    EXPECT_TRUE(vs.paths.empty());
}

TEST(WindowsMpioDecode, PathInformationDiskInfoAndPerf)
{
    const auto adapters = ok(decodePathInformation(pathInformation(
        {adapterInfo(0x77010000, 130, 0, 0, "QLogic QLE2692 Fibre Channel Adapter"),
         adapterInfo(0x03000000, 0, 0, 0, "Microsoft iSCSI Initiator")})));
    ASSERT_EQ(adapters.size(), 2u);
    EXPECT_EQ(adapters[0].pci, (PciLocation{130, 0, 0}));
    EXPECT_EQ(adapters[0].adapterName, "QLogic QLE2692 Fibre Channel Adapter");
    EXPECT_FALSE(adapters[1].pci); // software initiator: zeros are no PCI location
    EXPECT_EQ(adapters[1].wmiLocation, PciLocation{});

    const auto drives = ok(decodeDiskInfo(diskInfo()));
    ASSERT_EQ(drives.size(), 2u);
    EXPECT_EQ(drives[0].number, 0u);
    EXPECT_EQ(drives[0].serial, "00c0ff5a1b2c0000"); // trimmed
    EXPECT_EQ(drives[1].dsmName, "Microsoft DSM");

    const auto taken = std::chrono::system_clock::time_point(1700000000s);
    // NumberReads is uint32 and wraps; above 2^31 it comes as a negative VT_I4.
    const WmiDevicePerf perf = ok(decodeDevicePerf(devicePerf(kInstance0, 0x77010000, -2, 1ull << 40), taken));
    ASSERT_EQ(perf.paths.size(), 1u);
    EXPECT_EQ(perf.paths[0].counters.reads, 4294967294u);
    EXPECT_EQ(perf.paths[0].counters.writes, 7u);
    EXPECT_EQ(perf.paths[0].counters.bytesRead, 1ull << 40);
    EXPECT_EQ(perf.paths[0].counters.taken, taken);
}

// ---------------------------------------------------------------- assembly

MpioSnapshot exampleSnapshot()
{
    MpioSnapshot snapshot;
    snapshot.taken = std::chrono::system_clock::time_point(1700000000s);
    snapshot.descriptors.push_back(ok(decodeDescriptor(descriptor(
        kInstance1, "\\Device\\MPIODisk1", {pdo(0x77010000, 4, 0, 2, 0), pdo(0x77030000, 5, 0, 2, 0)}))));
    snapshot.descriptors.push_back(ok(decodeDescriptor(
        descriptor(kInstance0, "\\Device\\MPIODisk0",
                   {pdo(0x77010000, 4, 0, 9, 1), pdo(0x77010001, 4, 0, 10, 1), pdo(0x77020000, 5, 0, 9, 1),
                    pdo(0x77020001, 5, 0, 10, 1)}))));
    snapshot.policies.push_back(ok(decodeLbPolicy(lbPolicy(kInstance0, 3, kAluaPaths))));
    // Disk 1: non-ALUA FOO, second path failed (MSDSM reports it with id 0).
    snapshot.policies.push_back(ok(decodeLbPolicy(
        lbPolicy(kInstance1, 1, {{0x77010000, 1, 1, 0, 16, 0, 0, 1, 0}, {0, 0, 0, 1, 16, 0, 0, 0, 0}}))));
    snapshot.adapterPaths = ok(decodePathInformation(pathInformation(
        {adapterInfo(0x77010000, 130, 0, 0, "QLogic port 1"), adapterInfo(0x77010001, 130, 0, 0, "QLogic port 1"),
         adapterInfo(0x77020000, 130, 0, 1, "QLogic port 2"), adapterInfo(0x77020001, 130, 0, 1, "QLogic port 2")})));
    snapshot.drives = ok(decodeDiskInfo(diskInfo()));
    snapshot.perf.push_back(ok(decodeDevicePerf(devicePerf(kInstance0, 0x77020000, 1000, 512000), snapshot.taken)));
    return snapshot;
}

TEST(WindowsMpioAssembly, JoinsEveryClass)
{
    const AssembledDisks assembled = assembleMpioDisks(exampleSnapshot());
    ASSERT_EQ(assembled.disks.size(), 2u);
    const MpioDisk &disk = assembled.disks[0];
    EXPECT_EQ(disk.number, 0u);
    EXPECT_EQ(disk.vendor, "HPE");
    EXPECT_EQ(disk.product, "MSA_2060_SAN");
    EXPECT_EQ(disk.serial, "00c0ff5a1b2c0000");
    EXPECT_EQ(disk.dsm, "Microsoft DSM");
    EXPECT_EQ(disk.policy, LoadBalancePolicy::RoundRobinWithSubset);
    EXPECT_EQ(disk.alua, AluaSupport::ImplicitOnly);
    ASSERT_EQ(disk.paths.size(), 4u);
    EXPECT_EQ(disk.paths[0].state, PathState::ActiveOptimized);
    EXPECT_EQ(disk.paths[1].state, PathState::ActiveUnoptimized);
    EXPECT_EQ(disk.paths[1].tpgState, PathState::ActiveUnoptimized);
    EXPECT_EQ(disk.paths[1].tpgId, 2u);
    EXPECT_EQ(disk.paths[1].scsi.toString(), "004|000|010|001");
    EXPECT_EQ(disk.paths[2].adapterPci, (PciLocation{130, 0, 1}));
    EXPECT_EQ(disk.paths[2].adapterName, "QLogic port 2");
    EXPECT_EQ(disk.paths[2].counters.reads, 1000u);
    EXPECT_EQ(disk.paths[2].counters.bytesRead, 512000u);
    EXPECT_EQ(disk.paths[2].counters.taken, std::chrono::system_clock::time_point(1700000000s));
    EXPECT_EQ(disk.paths[0].counters.reads, 0u); // no sample for that path: empty, not invented
}

TEST(WindowsMpioAssembly, FailedPathsAndNonAlua)
{
    const AssembledDisks assembled = assembleMpioDisks(exampleSnapshot());
    const MpioDisk &disk = assembled.disks[1];
    EXPECT_EQ(disk.number, 1u);
    EXPECT_EQ(disk.serial, "CKM00123456789");
    EXPECT_EQ(disk.policy, LoadBalancePolicy::FailOverOnly);
    EXPECT_EQ(disk.alua, AluaSupport::NotSupported);
    ASSERT_EQ(disk.paths.size(), 2u);
    EXPECT_EQ(disk.paths[0].state, PathState::ActiveOptimized);
    EXPECT_TRUE(disk.paths[0].preferred);
    EXPECT_FALSE(disk.paths[0].tpgId); // non-ALUA: no TPG
    EXPECT_EQ(disk.paths[0].tpgState, PathState::Unknown);
    // The one unmatched PDO and the one failed id-0 entry tie up.
    EXPECT_EQ(disk.paths[1].state, PathState::Failed);
    EXPECT_TRUE(assembled.problems.empty()) << assembled.problems.front();
}

TEST(WindowsMpioAssembly, NothingIsGuessed)
{
    MpioSnapshot snapshot = exampleSnapshot();
    // The DSM describes only one of disk 0's four paths, and a path no PDO has.
    snapshot.policies[0] =
        ok(decodeLbPolicy(lbPolicy(kInstance0, 2, {kAluaPaths[0], {0x77990000, 1, 1, 0, 0, 1, 1, 0, 0}})));
    snapshot.policies.erase(snapshot.policies.begin() + 1); // disk 1: no DSM view at all
    snapshot.drives.clear();
    const AssembledDisks assembled = assembleMpioDisks(snapshot);
    const MpioDisk &disk0 = assembled.disks[0];
    ASSERT_EQ(disk0.paths.size(), 5u);
    EXPECT_EQ(disk0.paths[1].state, PathState::Unknown);
    EXPECT_EQ(disk0.paths[4].pathId, 0x77990000u); // listed from the DSM alone
    EXPECT_EQ(disk0.paths[4].state, PathState::ActiveOptimized);
    EXPECT_TRUE(disk0.serial.empty());
    const MpioDisk &disk1 = assembled.disks[1];
    EXPECT_EQ(disk1.policy, LoadBalancePolicy::Unknown);
    EXPECT_EQ(disk1.paths[0].state, PathState::Unknown);
    ASSERT_EQ(assembled.problems.size(), 4u); // three paths of disk 0, disk 1's policy
    // In descriptor order: disk 1 came first from WMI.
    EXPECT_NE(assembled.problems[0].find("MPIO Disk1: its DSM reports no load-balance policy"), std::string::npos)
        << assembled.problems[0];
    EXPECT_NE(assembled.problems[1].find("MPIO Disk0: path 0000000077010001 is not described"), std::string::npos)
        << assembled.problems[1];
}

TEST(WindowsMpioAssembly, DuplicateAndUnnumberedDisksAreSkippedAndSaid)
{
    MpioSnapshot snapshot = exampleSnapshot();
    snapshot.descriptors.push_back(snapshot.descriptors[0]);
    WmiDescriptor unnumbered = snapshot.descriptors[0];
    unnumbered.number.reset();
    snapshot.descriptors.push_back(unnumbered);
    const AssembledDisks assembled = assembleMpioDisks(snapshot);
    EXPECT_EQ(assembled.disks.size(), 2u);
    EXPECT_EQ(assembled.problems.size(), 2u);
}

// ------------------------------------------------------- set load balance
//
// The request builder is judged by the rules of MSDSM (platform/lab/windowsrules.h,
// taken from DsmpValidateSetLBPolicyInput and DsmpSetLoadBalancePolicy of
// Microsoft's MSDSM sample), on a device described as MSDSM keeps it.

using lab::DsmDevice;
using lab::DsmDevicePath;

constexpr std::uint64_t kFailedPathId = 0x77030000;

/// MSDSM's own picture of disk 0: four working paths over two TPGs (1 A/O,
/// 2 A/U) and one failed path, still initialised, with its real id.
DsmDevice aluaDevice(std::uint32_t aluaSupport = 1)
{
    DsmDevice device;
    device.aluaSupport = aluaSupport;
    device.groupSymmetric = false;
    device.policy = LoadBalancePolicy::FailOverOnly;
    device.paths = {{0x77010000, true, false, 0, 0, 1}, {0x77010001, true, false, 1, 1, 2},
                    {0x77020000, true, false, 2, 0, 1}, {0x77020001, true, false, 1, 1, 2},
                    {kFailedPathId, true, true, 18, 0, 1}};
    return device;
}

/// What DSM_QueryLBPolicy_V2 reports for it: the failed path with id 0.
WmiLbPolicy currentAlua(std::uint32_t aluaSupport = 1)
{
    std::vector<DsmPathSpec> paths = kAluaPaths;
    for (DsmPathSpec &path : paths)
        path.alua = aluaSupport;
    paths.push_back({0, 0, 0, 1, 0, aluaSupport, 1, 0, 0}); // a failed path
    return ok(decodeLbPolicy(lbPolicy(kInstance0, 1, paths)));
}

/// MPIO_GET_DESCRIPTOR's PDOs of the same disk, failed path included.
const std::vector<std::uint64_t> kAluaPdos = {0x77010000, 0x77010001, 0x77020000, 0x77020001, kFailedPathId};

PathState requested(const WmiDsmPath &path)
{
    return pathStateFromFlags(path.primary, path.optimized, false);
}

Result<PolicyRequest> build(LoadBalancePolicy policy, std::optional<std::uint64_t> preferred = std::nullopt,
                            std::uint32_t aluaSupport = 1)
{
    return buildPolicyRequest(currentAlua(aluaSupport), policy, preferred, 0, kAluaPdos);
}

TEST(WindowsSetPolicy, TheQueryReportsAFailedPathWithIdZero)
{
    // Rule query-failed-path: the lab's query and the decoded WMI answer agree.
    const WmiLbPolicy query = lab::queryLoadBalancePolicy(aluaDevice());
    ASSERT_EQ(query.paths.size(), 5u);
    EXPECT_EQ(query.paths[4].pathId, 0u);
    EXPECT_TRUE(query.paths[4].failed);
    EXPECT_FALSE(query.paths[4].primary);
    const WmiLbPolicy decoded = currentAlua();
    EXPECT_EQ(decoded.paths[4].pathId, 0u);
    EXPECT_TRUE(decoded.paths[4].failed);
}

TEST(WindowsSetPolicy, ADiskWithAFailedPathGetsEveryPathWithItsRealId)
{
    for (LoadBalancePolicy policy : lab::supportedPolicies(aluaDevice())) {
        SCOPED_TRACE(std::string(toString(policy)));
        const PolicyRequest request = ok(build(policy));
        ASSERT_EQ(request.paths.size(), 5u); // every path MSDSM knows
        EXPECT_EQ(request.paths[4].pathId, kFailedPathId);
        EXPECT_EQ(policyRequestToWmi(request).find("DSMPathCount")->toUnsigned(32), 5u);
        const lab::SetPolicyVerdict verdict = lab::validateSetPolicy(aluaDevice(), request);
        EXPECT_TRUE(verdict.ok()) << verdict.rule << ": " << verdict.reason;
    }
}

TEST(WindowsSetPolicy, MsdsmRefusesARequestWithoutTheFailedPath)
{
    // What the builder used to send: the failed path left out, or sent back as 0.
    PolicyRequest request = ok(build(LoadBalancePolicy::RoundRobinWithSubset));
    PolicyRequest withoutFailed = request;
    withoutFailed.paths.pop_back();
    lab::SetPolicyVerdict verdict = lab::validateSetPolicy(aluaDevice(), withoutFailed);
    EXPECT_EQ(verdict.status, lab::kStatusInvalidParameter);
    EXPECT_EQ(verdict.rule, "set-policy-every-path");
    PolicyRequest asQueried = request;
    asQueried.paths.back().pathId = 0;
    verdict = lab::validateSetPolicy(aluaDevice(), asQueried);
    EXPECT_EQ(verdict.status, lab::kStatusInvalidParameter);
    EXPECT_EQ(verdict.rule, "set-policy-real-ids");
    PolicyRequest duplicate = request;
    duplicate.paths[1].pathId = duplicate.paths[0].pathId;
    EXPECT_EQ(lab::validateSetPolicy(aluaDevice(), duplicate).rule, "set-policy-unique-ids");
}

TEST(WindowsSetPolicy, FailedPathIdsThatCannotBeToldAreRefusedBeforeSending)
{
    // Two PDOs no DSM entry names, one failed entry: which is which is unknown.
    std::vector<std::uint64_t> pdos = kAluaPdos;
    pdos.push_back(0x77040000);
    auto refused = buildPolicyRequest(currentAlua(), LoadBalancePolicy::RoundRobinWithSubset, std::nullopt, 3, pdos);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("MPIO Disk3"), std::string::npos);
    EXPECT_NE(refused.error().message.find("failed path"), std::string::npos) << refused.error().message;
}

TEST(WindowsSetPolicy, RoundRobinIsRefusedOnAluaStorage)
{
    auto refused = build(LoadBalancePolicy::RoundRobin);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("use Round Robin with Subset"), std::string::npos)
        << refused.error().message;
    // MSDSM itself refuses it too (rule set-policy-no-rr-on-alua), and never offers it.
    PolicyRequest handMade = ok(build(LoadBalancePolicy::RoundRobinWithSubset));
    handMade.policy = LoadBalancePolicy::RoundRobin;
    EXPECT_EQ(lab::validateSetPolicy(aluaDevice(), handMade).rule, "set-policy-no-rr-on-alua");
    const auto offered = lab::supportedPolicies(aluaDevice());
    EXPECT_EQ(std::count(offered.begin(), offered.end(), LoadBalancePolicy::RoundRobin), 0);
    EXPECT_EQ(offered.size(), 5u);
    // Explicit ALUA is never symmetric; no ALUA always is.
    DsmDevice symmetric = aluaDevice();
    symmetric.aluaSupport = 0;
    EXPECT_EQ(lab::supportedPolicies(symmetric).size(), 6u);
    DsmDevice explicitAlua = aluaDevice(2);
    explicitAlua.groupSymmetric = true;
    EXPECT_FALSE(lab::isSymmetricAccess(explicitAlua));
}

TEST(WindowsSetPolicy, FailOverOnlyWithPreferredPath)
{
    const PolicyRequest request = ok(build(LoadBalancePolicy::FailOverOnly, 0x77020000ull));
    ASSERT_EQ(request.paths.size(), 5u);
    for (std::size_t i = 0; i < 4; ++i) {
        const WmiDsmPath &path = request.paths[i];
        const bool chosen = path.pathId == 0x77020000u;
        EXPECT_EQ(requested(path), chosen ? PathState::ActiveOptimized : PathState::Standby);
        EXPECT_EQ(path.preferred, chosen);
    }
    EXPECT_FALSE(request.paths[4].preferred);
    EXPECT_TRUE(lab::validateSetPolicy(aluaDevice(), request).ok());
    // Two A/O paths under Fail Over Only: MSDSM refuses.
    PolicyRequest twoActive = request;
    twoActive.paths[0].primary = twoActive.paths[0].optimized = true;
    EXPECT_EQ(lab::validateSetPolicy(aluaDevice(), twoActive).rule, "set-policy-foo-one-active");
}

TEST(WindowsSetPolicy, FailOverOnlyWithoutPreferenceKeepsTheActivePath)
{
    WmiLbPolicy current = currentAlua();
    current.paths[0].primary = false; // now path 3 is the current A/O path
    const PolicyRequest request =
        ok(buildPolicyRequest(current, LoadBalancePolicy::FailOverOnly, std::nullopt, 0, kAluaPdos));
    EXPECT_EQ(requested(request.paths[2]), PathState::ActiveOptimized);
    EXPECT_EQ(requested(request.paths[0]), PathState::Standby);
    for (const WmiDsmPath &path : request.paths)
        EXPECT_FALSE(path.preferred);
}

TEST(WindowsSetPolicy, ImplicitAluaCannotActivateANonOptimizedGroup)
{
    auto refused = buildPolicyRequest(currentAlua(1), LoadBalancePolicy::FailOverOnly, 0x77010001ull, 2, kAluaPdos);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("MPIO Disk2"), std::string::npos);
    EXPECT_NE(refused.error().message.find("implicit"), std::string::npos) << refused.error().message;
    // Explicit ALUA can move the TPG: allowed, by the builder and by MSDSM.
    const PolicyRequest moved = ok(build(LoadBalancePolicy::FailOverOnly, 0x77010001ull, 3));
    EXPECT_TRUE(lab::validateSetPolicy(aluaDevice(3), moved).ok());
    // Rule set-policy-implicit-ao, against a hand-made request.
    EXPECT_EQ(lab::validateSetPolicy(aluaDevice(1), moved).rule, "set-policy-implicit-ao");
}

TEST(WindowsSetPolicy, TheRoundRobinFamilyFollowsTheTargetPortGroups)
{
    for (LoadBalancePolicy policy : {LoadBalancePolicy::RoundRobinWithSubset, LoadBalancePolicy::LeastQueueDepth,
                                     LoadBalancePolicy::LeastBlocks, LoadBalancePolicy::WeightedPaths}) {
        SCOPED_TRACE(std::string(toString(policy)));
        const PolicyRequest request = ok(build(policy));
        EXPECT_EQ(requested(request.paths[0]), PathState::ActiveOptimized);
        EXPECT_EQ(requested(request.paths[1]), PathState::ActiveUnoptimized);
        // An A/U path of an A/O TPG under Least Queue Depth: MSDSM refuses (rule set-policy-tpg-states).
        PolicyRequest wrong = request;
        wrong.paths[0].optimized = false;
        const lab::SetPolicyVerdict verdict = lab::validateSetPolicy(aluaDevice(), wrong);
        // Round Robin with Subset allows it: MSDSM checks A/U requests only for the other four.
        EXPECT_EQ(verdict.rule, policy == LoadBalancePolicy::RoundRobinWithSubset ? "" : "set-policy-tpg-states");
    }
}

TEST(WindowsSetPolicy, AnOfflineTargetPortGroupIsAskedForNothing)
{
    WmiLbPolicy current = currentAlua();
    current.paths[3].tpgState = 14;
    current.paths[3].primary = current.paths[3].optimized = false;
    DsmDevice device = aluaDevice();
    device.paths[3].tpgState = 14;
    device.paths[3].state = 14;
    const PolicyRequest request =
        ok(buildPolicyRequest(current, LoadBalancePolicy::RoundRobinWithSubset, std::nullopt, 0, kAluaPdos));
    EXPECT_EQ(requested(request.paths[3]), PathState::Unavailable);
    EXPECT_TRUE(lab::validateSetPolicy(device, request).ok());
    // And the assembled disk says Offline.
    MpioSnapshot snapshot = exampleSnapshot();
    std::vector<DsmPathSpec> paths = kAluaPaths;
    paths[3] = {0x77020001, 0, 0, 0, 14, 1, 2, 0, 0};
    snapshot.policies[0] = ok(decodeLbPolicy(lbPolicy(kInstance0, 3, paths)));
    const AssembledDisks assembled = assembleMpioDisks(snapshot);
    EXPECT_EQ(assembled.disks[0].paths[3].state, PathState::Offline);
    EXPECT_EQ(assembled.disks[0].paths[3].tpgState, PathState::Offline);
}

TEST(WindowsSetPolicy, NonAluaStorage)
{
    const WmiLbPolicy current = ok(decodeLbPolicy(lbPolicy(
        kInstance1, 1,
        {{1, 1, 1, 0, 16, 0, 0, 0, 10}, {2, 0, 1, 0, 16, 0, 0, 0, 20}, {3, 0, 0, 0, 16, 0, 0, 0, 30}})));
    DsmDevice device;
    device.paths = {{1, true, false, 0, 16, 0, false, 10}, {2, true, false, 2, 16, 0, false, 20},
                    {3, true, false, 3, 16, 0, false, 30}};
    const std::vector<std::uint64_t> pdos = {1, 2, 3};
    const PolicyRequest rr = ok(buildPolicyRequest(current, LoadBalancePolicy::RoundRobin, std::nullopt, 1, pdos));
    for (const WmiDsmPath &path : rr.paths)
        EXPECT_EQ(requested(path), PathState::ActiveOptimized);
    EXPECT_TRUE(lab::validateSetPolicy(device, rr).ok());
    const PolicyRequest wp = ok(buildPolicyRequest(current, LoadBalancePolicy::WeightedPaths, std::nullopt, 1, pdos));
    EXPECT_EQ(wp.paths[2].weight, 30u); // weights kept
    // RRWS keeps the subset the administrator chose, which MSDSM allows on non-ALUA storage.
    const PolicyRequest rrws =
        ok(buildPolicyRequest(current, LoadBalancePolicy::RoundRobinWithSubset, std::nullopt, 1, pdos));
    EXPECT_EQ(requested(rrws.paths[0]), PathState::ActiveOptimized);
    EXPECT_EQ(requested(rrws.paths[1]), PathState::Standby);
    EXPECT_EQ(requested(rrws.paths[2]), PathState::Unavailable);
    EXPECT_TRUE(lab::validateSetPolicy(device, rrws).ok());
    // Standby under Round Robin on non-ALUA storage: refused.
    PolicyRequest wrong = rr;
    wrong.paths[1].primary = false;
    EXPECT_EQ(lab::validateSetPolicy(device, wrong).rule, "set-policy-tpg-states");
    // No A/O path at all: refused (rule set-policy-one-optimized).
    PolicyRequest none = rrws;
    none.paths[0].primary = false;
    EXPECT_EQ(lab::validateSetPolicy(device, none).rule, "set-policy-one-optimized");
    // Vendor Specific never reaches MSDSM; if it did, it is outside 1..6.
    PolicyRequest vendor = rr;
    vendor.policy = LoadBalancePolicy::VendorSpecific;
    EXPECT_EQ(lab::validateSetPolicy(device, vendor).rule, "set-policy-range");
}

TEST(WindowsSetPolicy, Refusals)
{
    const auto message = [&](LoadBalancePolicy policy, std::optional<std::uint64_t> preferred) {
        auto result = build(policy, preferred);
        return result.ok() ? std::string() : result.error().message;
    };
    EXPECT_NE(message(LoadBalancePolicy::RoundRobinWithSubset, 0x77010000ull).find("Fail Over Only"),
              std::string::npos);
    EXPECT_NE(message(LoadBalancePolicy::VendorSpecific, std::nullopt).find("vendor DSM"), std::string::npos);
    EXPECT_NE(message(LoadBalancePolicy::Unknown, std::nullopt).find("no policy"), std::string::npos);
    EXPECT_NE(message(LoadBalancePolicy::FailOverOnly, 0x12345ull).find("not a usable path"), std::string::npos);
    EXPECT_NE(message(LoadBalancePolicy::FailOverOnly, kFailedPathId).find("not a usable path"), std::string::npos);

    WmiLbPolicy transitioning = currentAlua();
    transitioning.paths[1].tpgState = 15;
    auto refused =
        buildPolicyRequest(transitioning, LoadBalancePolicy::RoundRobinWithSubset, std::nullopt, 0, kAluaPdos);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("Transitioning"), std::string::npos);

    WmiLbPolicy allFailed = currentAlua();
    for (WmiDsmPath &path : allFailed.paths)
        path.failed = true;
    EXPECT_FALSE(
        buildPolicyRequest(allFailed, LoadBalancePolicy::RoundRobinWithSubset, std::nullopt, 0, kAluaPdos).ok());
}

TEST(WindowsSetPolicy, TheRulesNameTheirSources)
{
    std::vector<std::string_view> ids;
    for (const lab::LabRule &rule : lab::labRules()) {
        EXPECT_FALSE(rule.rule.empty()) << rule.id;
        EXPECT_FALSE(rule.source.empty()) << rule.id;
        EXPECT_EQ(std::count(ids.begin(), ids.end(), rule.id), 0) << "twice: " << rule.id;
        ids.push_back(rule.id);
    }
    for (std::string_view needed : {"set-policy-every-path", "set-policy-real-ids", "set-policy-no-rr-on-alua",
                                    "supported-policies", "claim-present-waits", "install-needs-restart",
                                    "rollback-needs-backup", "rollback-removes-package", "tpg-state-raw"})
        EXPECT_EQ(std::count(ids.begin(), ids.end(), needed), 1) << needed;
}

TEST(WindowsSetPolicy, RequestObjectInWmiShape)
{
    const PolicyRequest request = ok(build(LoadBalancePolicy::FailOverOnly, 0x77010000ull));
    const WmiObject object = policyRequestToWmi(request);
    EXPECT_EQ(object.className, "DSM_Load_Balance_Policy_V2");
    EXPECT_EQ(object.find("Version")->toUnsigned(32), 2u);
    EXPECT_EQ(object.find("LoadBalancePolicy")->toUnsigned(32), 1u);
    EXPECT_EQ(object.find("DSMPathCount")->toUnsigned(32), 5u);
    const auto *paths = object.find("DSM_Paths")->asArray();
    ASSERT_NE(paths, nullptr);
    ASSERT_EQ(paths->size(), 5u);
    const WmiObject &first = *(*paths)[0].asObject();
    EXPECT_EQ(first.className, "MPIO_DSM_Path_V2");
    EXPECT_EQ(first.find("DsmPathId")->asUInt()->bits, 64);
    EXPECT_EQ(first.find("DsmPathId")->toUnsigned(64), 0x77010000u);
    EXPECT_EQ(first.find("PreferredPath")->toUnsigned(32), 1u);
    EXPECT_EQ(first.find("PrimaryPath")->toUnsigned(32), 1u);
    EXPECT_EQ(first.find("Reserved")->toUnsigned(64), 0u);
    // What it says decodes back to the request (the same reader the DSM answer goes through).
    WmiObject wrapper;
    wrapper.set("InstanceName", str(kInstance0)).set("LoadBalancePolicy", WmiValue::object(object));
    const WmiLbPolicy back = ok(decodeLbPolicy(wrapper));
    ASSERT_EQ(back.paths.size(), 5u);
    EXPECT_EQ(back.paths[4].pathId, kFailedPathId);
    EXPECT_EQ(requested(back.paths[0]), PathState::ActiveOptimized);
    EXPECT_EQ(requested(back.paths[3]), PathState::Standby);
}

TEST(WindowsSetPolicy, StatusTextsAndWmiSyntax)
{
    EXPECT_EQ(dsmStatusText(0), "success");
    // MSDSM returns STATUS_INVALID_PARAMETER for a wrong path count, a policy it does not offer and bad states.
    const std::string invalid = dsmStatusText(0xC000000D);
    EXPECT_NE(invalid.find("STATUS_INVALID_PARAMETER"), std::string::npos);
    EXPECT_NE(invalid.find("every path"), std::string::npos);
    EXPECT_NE(invalid.find("Round Robin on ALUA"), std::string::npos);
    const Error method = setPolicyMethodFailure(Error{"IWbemServices::ExecMethod", "Generic failure", -2147217407}, 4);
    EXPECT_EQ(method.code, -2147217407);
    EXPECT_NE(method.message.find("MPIO Disk4"), std::string::npos);
    EXPECT_NE(method.message.find("Generic failure"), std::string::npos);
    EXPECT_NE(method.message.find("every path"), std::string::npos);
    EXPECT_NE(dsmStatusText(0xC0000123).find("0xC0000123"), std::string::npos);
    EXPECT_EQ(wmiObjectPath("DSM_LB_Operations", "InstanceName", "MPIO\\Disk&Ven_X\\1&2_0"),
              "DSM_LB_Operations.InstanceName=\"MPIO\\\\Disk&Ven_X\\\\1&2_0\"");
    EXPECT_EQ(wmiObjectPath("C", "K", "a\"b"), "C.K=\"a\\\"b\"");
    EXPECT_EQ(wqlString("it's\\x"), "'it\\'s\\\\x'");
}

// ------------------------------------------------------------ command line

TEST(WindowsCommandLine, QuotesByTheArgvRules)
{
    EXPECT_EQ(quoteArgument("-n"), "-n");
    EXPECT_EQ(quoteArgument(""), "\"\"");
    EXPECT_EQ(quoteArgument("DGC     VRAID           "), "\"DGC     VRAID           \"");
    EXPECT_EQ(quoteArgument("a\"b"), "\"a\\\"b\"");
    EXPECT_EQ(quoteArgument("a\\\"b"), "\"a\\\\\\\"b\"");
    EXPECT_EQ(quoteArgument("C:\\dir with space\\"), "\"C:\\dir with space\\\\\"");
    EXPECT_EQ(quoteArgument("C:\\no\\space\\"), "C:\\no\\space\\"); // no quotes: backslashes stay
    EXPECT_EQ(quoteArgument("tab\there"), "\"tab\there\"");
}

TEST(WindowsCommandLine, MpclaimCommandLines)
{
    auto all = ok(mpclaimClaimRuns(ClaimRequest{}));
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(ok(buildCommandLine("C:\\Windows\\System32\\mpclaim.exe", all[0])),
              "C:\\Windows\\System32\\mpclaim.exe -n -i -a \"\"");

    ClaimRequest request;
    request.hardwareIds = {"DGC     VRAID           ", "IBM     2145"};
    request.allowReboot = true; // never becomes -r
    auto runs = ok(mpclaimClaimRuns(request));
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0], (std::vector<std::string>{"-n", "-i", "-d", "DGC     VRAID           "}));
    EXPECT_EQ(ok(buildCommandLine("C:\\Program Files\\x.exe", runs[0])),
              "\"C:\\Program Files\\x.exe\" -n -i -d \"DGC     VRAID           \"");

    request.hardwareIds = {"evil\" & shutdown /r"};
    EXPECT_FALSE(mpclaimClaimRuns(request).ok());
    request.hardwareIds = {"   "};
    EXPECT_FALSE(mpclaimClaimRuns(request).ok());
    request.hardwareIds = {"ABCDEFGHIJKLMNOPQRSTUVWXY"}; // 25
    EXPECT_FALSE(mpclaimClaimRuns(request).ok());
    request.hardwareIds = {"VEND\tPROD"};
    EXPECT_FALSE(mpclaimClaimRuns(request).ok());

    EXPECT_FALSE(buildCommandLine("C:\\a\"b.exe", {}).ok());
    EXPECT_FALSE(buildCommandLine("", {}).ok());
    EXPECT_FALSE(buildCommandLine("x.exe", {std::string("a\0b", 3)}).ok());
}

TEST(WindowsCommandLine, SplittingGivesTheArgumentsBack)
{
    const std::vector<std::string> tricky = {"",        " ",          "\"",         "\\",       "\\\\",
                                             "a\\\"b",  "a\\\\\"b",   "end\\",      "end\\\\",  "x y\\",
                                             "\\\"\\",  "\t",         "\"quoted\"", "a\"\"b",   "ä ö €",
                                             "-a",      "\\\\server\\share\\", "trailing space "};
    const std::string program = "C:\\Windows\\System32\\mpclaim.exe";
    auto line = ok(buildCommandLine(program, tricky));
    std::vector<std::string> expected = {program};
    expected.insert(expected.end(), tricky.begin(), tricky.end());
    EXPECT_EQ(splitCommandLine(line), expected) << line;

    // Random arguments from an alphabet of the characters that matter.
    std::mt19937 random(20240608);
    const std::string alphabet = "ab \\\"\t";
    for (int round = 0; round < 2000; ++round) {
        std::vector<std::string> arguments(random() % 5);
        for (std::string &argument : arguments) {
            const std::size_t length = random() % 7;
            for (std::size_t i = 0; i < length; ++i)
                argument += alphabet[random() % alphabet.size()];
        }
        auto built = ok(buildCommandLine("C:\\Program Files\\p.exe", arguments));
        std::vector<std::string> want = {"C:\\Program Files\\p.exe"};
        want.insert(want.end(), arguments.begin(), arguments.end());
        ASSERT_EQ(splitCommandLine(built), want) << built;
    }
}

// ----------------------------------------------------------------- mpclaim

const char *kHardwareAfter = "\"Target H/W Identifier  \"    Bus Type   MPIO-ed     ALUA Support\n"
                             "-------------------------------------------------------------------------------\n"
                             "\"DGC     VRAID           \"    Fibre      YES         Implicit Only\n"
                             "\"IBM     2145            \"    SAS        NO          Implicit Only\n";

TEST(WindowsMpclaim, ExitCodesAndRebootWords)
{
    EXPECT_EQ(classifyMpclaimExit(0), MpclaimExit::Success);
    EXPECT_EQ(classifyMpclaimExit(3010), MpclaimExit::SuccessRebootRequired);
    EXPECT_EQ(classifyMpclaimExit(1641), MpclaimExit::SuccessRebootStarted);
    EXPECT_EQ(classifyMpclaimExit(1), MpclaimExit::Failed);
    EXPECT_EQ(classifyMpclaimExit(0x80070005u), MpclaimExit::Failed);

    EXPECT_TRUE(outputMentionsReboot("Success. The system must be restarted.\r\n"));
    EXPECT_TRUE(outputMentionsReboot("line one\nA REBOOT is required\n"));
    EXPECT_FALSE(outputMentionsReboot("Reboot not required.\n"));
    EXPECT_FALSE(outputMentionsReboot("No reboot needed\n"));
    EXPECT_FALSE(outputMentionsReboot("The operation completed successfully.\n"));
}

TEST(WindowsMpclaim, ClaimedButNoDiskYetNeedsARestart)
{
    ClaimRequest request;
    request.hardwareIds = {"DGC     VRAID           "};
    const std::vector<MpclaimRun> runs = {{{"-n", "-i", "-d", "DGC     VRAID           "}, 0, "Success\n"}};
    const auto hardware = parseHardware(kHardwareAfter);
    ASSERT_EQ(hardware.entries.size(), 2u);

    ClaimVerdict verdict = evaluateClaim(request, runs, hardware, {});
    EXPECT_TRUE(verdict.ok);
    EXPECT_TRUE(verdict.rebootRequired);
    EXPECT_NE(verdict.detail.find("no MPIO disk yet"), std::string::npos) << verdict.detail;

    // Once an MPIO disk of that hardware exists, no restart is needed.
    verdict = evaluateClaim(request, runs, hardware, {kInstance1});
    EXPECT_TRUE(verdict.ok);
    EXPECT_FALSE(verdict.rebootRequired) << verdict.detail;
}

TEST(WindowsMpclaim, ExitCodeDecidesUnlessTheReReadShowsTheClaim)
{
    ClaimRequest request;
    request.hardwareIds = {"IBM     2145            "};
    const std::vector<MpclaimRun> failed = {{{"-n", "-i", "-d", "IBM     2145            "}, 5, "Access denied\n"}};
    const auto hardware = parseHardware(kHardwareAfter);
    ClaimVerdict verdict = evaluateClaim(request, failed, hardware, {});
    EXPECT_FALSE(verdict.ok);
    EXPECT_EQ(verdict.error.operation, "mpclaim claim");
    EXPECT_EQ(verdict.error.code, 5);
    EXPECT_NE(verdict.error.message.find("exit code 5: Access denied"), std::string::npos) << verdict.error.message;

    // Some builds exit non-zero on success: MPIO-ed afterwards counts.
    request.hardwareIds = {"DGC     VRAID           "};
    const std::vector<MpclaimRun> odd = {{{"-n", "-i", "-d", "DGC     VRAID           "}, 1, ""}};
    verdict = evaluateClaim(request, odd, hardware, {kInstance1});
    EXPECT_TRUE(verdict.ok);
    EXPECT_NE(verdict.detail.find("MPIO-ed afterwards"), std::string::npos);

    // 3010 asks for a restart; without mpclaim -e the verdict says what it rests on.
    const std::vector<MpclaimRun> reboot = {{{"-n", "-i", "-a", ""}, 3010, ""}};
    verdict = evaluateClaim(ClaimRequest{}, reboot, std::nullopt, {});
    EXPECT_TRUE(verdict.ok);
    EXPECT_TRUE(verdict.rebootRequired);
    EXPECT_NE(verdict.detail.find("exit codes and output only"), std::string::npos);
}

TEST(WindowsMpclaim, ClaimAllLooksAtEveryListedDevice)
{
    const std::vector<MpclaimRun> runs = {{{"-n", "-i", "-a", ""}, 0, ""}};
    const auto hardware = parseHardware(kHardwareAfter);
    // IBM is still not MPIO-ed: the claim completes at the next start.
    const ClaimVerdict verdict = evaluateClaim(ClaimRequest{}, runs, hardware, {kInstance1});
    EXPECT_TRUE(verdict.ok);
    EXPECT_TRUE(verdict.rebootRequired);
    EXPECT_NE(verdict.detail.find("\"IBM     2145            \" is not yet listed"), std::string::npos)
        << verdict.detail;
}

TEST(WindowsMpclaim, ProcessOutputEncodings)
{
    bool converted = false;
    EXPECT_EQ(decodeProcessOutput("plain\r\n", converted), "plain\r\n");
    EXPECT_TRUE(converted);
    EXPECT_EQ(decodeProcessOutput(std::string("\xff\xfeO\0K\0", 6), converted), "OK");
    EXPECT_EQ(decodeProcessOutput(std::string("M\0P\0I\0O\0\r\0\n\0", 12), converted), "MPIO\r\n");
    EXPECT_EQ(decodeProcessOutput("\xef\xbb\xbf" "bom", converted), "bom");
    decodeProcessOutput("Ger\x84t", converted); // OEM code page 850 text
    EXPECT_FALSE(converted);
}

// ------------------------------------------------------------- error texts

TEST(WindowsErrorText, Win32AndHresultMessages)
{
    const Error denied = win32Error("SetupDiGetClassDevsW", 5, "Access is denied.\r\n");
    EXPECT_EQ(denied.operation, "SetupDiGetClassDevsW");
    EXPECT_EQ(denied.message, "Access is denied.; run PathLens as administrator (elevated)");
    EXPECT_EQ(denied.code, 5);
    EXPECT_EQ(denied.toString(), "SetupDiGetClassDevsW: Access is denied.; run PathLens as administrator (elevated) (code 5)");

    const Error setup = win32Error("SetupDiOpenDeviceInfoW", 0xE000020B, "");
    EXPECT_NE(setup.message.find("0xE000020B"), std::string::npos);
    EXPECT_NE(setup.message.find("no longer present"), std::string::npos);

    const Error wmi = hresultError("IWbemServices::ExecQuery MPIO_GET_DESCRIPTOR", 0x80041010, "");
    EXPECT_NE(wmi.message.find("WBEM_E_INVALID_CLASS (0x80041010)"), std::string::npos) << wmi.message;
    EXPECT_NE(wmi.message.find("Multipath I/O feature"), std::string::npos);
    EXPECT_EQ(wmi.code, static_cast<long>(static_cast<std::int32_t>(0x80041010u)));

    const Error texted = hresultError("CoCreateInstance WbemLocator", 0x80041003, "Access denied \r\n");
    EXPECT_EQ(texted.message.rfind("Access denied (WBEM_E_ACCESS_DENIED, 0x80041003)", 0), 0u) << texted.message;
    EXPECT_EQ(cleanSystemMessage("  two\r\nlines\r\n"), "two lines");
    EXPECT_EQ(hex32(0xC000000D), "0xC000000D");
}

// ------------------------------------------------------------- JSON writer

TEST(WindowsJsonWriter, EscapesAndStaysValid)
{
    EXPECT_EQ(jsonQuote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(jsonQuote("\n\t\r\b\f"), "\"\\n\\t\\r\\b\\f\"");
    EXPECT_EQ(jsonQuote(std::string("\x01\x1f\x7f", 3)), "\"\\u0001\\u001f\\u007f\"");
    EXPECT_EQ(jsonQuote(std::string("nul\0", 4)), "\"nul\\u0000\"");
    EXPECT_EQ(jsonQuote("\xe2\x80\xa8"), "\"\\u2028\"");
    EXPECT_EQ(jsonQuote("bad\xff"), "\"bad\xef\xbf\xbd\"");
    EXPECT_EQ(jsonQuote("PCI\\VEN_1077"), "\"PCI\\\\VEN_1077\"");

    JsonWriter json;
    json.beginObject()
        .member("name", "x\"y")
        .memberUInt("big", 18446744073709551615ull)
        .memberInt("negative", -5)
        .member("flag", true)
        .memberNull("none");
    json.key("empty").beginArray().endArray();
    json.key("list").beginArray().string("a").beginObject().endObject().unsignedInteger(1).endArray();
    json.endObject();
    EXPECT_TRUE(json.complete());
    auto parsed = parseJson(json.text());
    ASSERT_TRUE(parsed.ok()) << parsed.error().toString() << "\n" << json.text();
    EXPECT_EQ(parsed->find("name")->asString(), "x\"y");
    EXPECT_TRUE(parsed->find("none")->isNull());
    EXPECT_EQ(parsed->find("list")->items().size(), 3u);

    JsonWriter compact(0);
    compact.beginArray().integer(1).integer(2).endArray();
    EXPECT_EQ(compact.text(), "[1,2]");
}

// ------------------------------------------------------------------- probe

TEST(WindowsProbe, Options)
{
    const ProbeOptions defaults = ok(parseProbeOptions({}));
    EXPECT_EQ(defaults.format, ProbeOptions::Format::Probe);
    EXPECT_TRUE(probeNeedsAdapters(defaults));
    EXPECT_TRUE(probeNeedsMpio(defaults));
    EXPECT_FALSE(defaults.drivers);

    EXPECT_TRUE(ok(parseProbeOptions({"/?"})).help);
    EXPECT_TRUE(ok(parseProbeOptions({"--version"})).version);
    const ProbeOptions drivers = ok(parseProbeOptions({"--drivers", "--no-mpio"}));
    EXPECT_TRUE(drivers.drivers);
    EXPECT_FALSE(probeNeedsMpio(drivers));
    EXPECT_EQ(ok(parseProbeOptions({"--format", "adapters"})).format, ProbeOptions::Format::BundleAdapters);
    const ProbeOptions perf = ok(parseProbeOptions({"--format=msdsm-perf"}));
    EXPECT_FALSE(probeNeedsAdapters(perf));
    EXPECT_TRUE(probeNeedsMpio(perf));
    EXPECT_EQ(probeBundleFileName(perf, std::chrono::system_clock::time_point(1717881200s)),
              "windows/msdsm-perf-20240608T211320Z.json");

    EXPECT_FALSE(parseProbeOptions({"--format"}).ok());
    EXPECT_FALSE(parseProbeOptions({"--format", "xml"}).ok());
    EXPECT_FALSE(parseProbeOptions({"--bogus"}).ok());
    EXPECT_FALSE(parseProbeOptions({"--no-adapters", "--no-mpio"}).ok());
    EXPECT_NE(probeUsage().find("Exit codes"), std::string::npos);
}

ProbeData exampleProbe()
{
    ProbeData data;
    data.tool = "pathlens-probe 0.1.0";
    data.host = "SSV2";
    data.collected = std::chrono::system_clock::time_point(1717881210s);
    Adapter qlogic;
    qlogic.instanceId = "PCI\\VEN_1077&DEV_2261&SUBSYS_02611077&REV_01\\4&2A3B4C5D&0&0110";
    qlogic.description = "QLogic QLE2692 \"Fibre\" Channel Adapter";
    qlogic.deviceClass = DeviceClass::ScsiAdapter;
    qlogic.pci = PciLocation{130, 0, 1};
    qlogic.locationText = "PCI bus 130, device 0, function 1";
    qlogic.hardwareIds = {"PCI\\VEN_1077&DEV_2261&SUBSYS_02611077&REV_01", "PCI\\VEN_1077&DEV_2261"};
    qlogic.driver = {"QLogic Fibre Channel Adapter", "QLogic", "9.4.5.20", "2022-03-18", "oem12.inf", "ql2300i"};
    Adapter iscsi;
    iscsi.instanceId = "ROOT\\ISCSIPRT\\0000";
    iscsi.description = "Microsoft iSCSI Initiator";
    iscsi.deviceClass = DeviceClass::ScsiAdapter;
    data.adapters = std::vector<Adapter>{qlogic, iscsi};
    data.drivers.emplace_back(qlogic.instanceId,
                              std::vector<DriverPackage>{qlogic.driver, {"DataCore FC", "DataCore Software", "10.0.1.7",
                                                                         "2023-01-02", "oem7.inf", ""}});
    data.snapshot = exampleSnapshot();
    data.snapshot->adapterPaths.push_back(ok(decodePathInformation(pathInformation({adapterInfo(
        0x03000000, 0, 0, 0, "Microsoft iSCSI Initiator")})))[0]);
    data.disks = assembleMpioDisks(*data.snapshot).disks;
    data.failures.push_back({"drivers ROOT\\ISCSIPRT\\0000",
                             Error{"SetupDiBuildDriverInfoList", "Access is denied.", 5}});
    data.problems.push_back("MSDSM_DEVICE_PERF: gap");
    return data;
}

TEST(WindowsProbe, ProbeDocument)
{
    ProbeOptions options;
    options.drivers = true;
    const ProbeData data = exampleProbe();
    const std::string text = renderProbe(data, options);
    ASSERT_EQ(text.back(), '\n');
    auto parsed = parseJson(text);
    ASSERT_TRUE(parsed.ok()) << parsed.error().toString();
    const JsonValue &root = *parsed;
    EXPECT_EQ(root.find("format")->asString(), "pathlens-probe");
    EXPECT_EQ(root.find("host")->asString(), "SSV2");
    EXPECT_TRUE(root.find("fqdn")->isNull());
    EXPECT_EQ(root.find("collected")->asString(), "2024-06-08T21:13:30Z");
    const auto &adapters = root.find("adapters")->items();
    ASSERT_EQ(adapters.size(), 2u);
    EXPECT_EQ(adapters[0].find("description")->asString(), "QLogic QLE2692 \"Fibre\" Channel Adapter");
    EXPECT_EQ(adapters[0].find("pci")->find("bus")->asInt64(), 130);
    EXPECT_EQ(adapters[0].find("compatibleDrivers")->items().size(), 2u);
    EXPECT_TRUE(adapters[1].find("pci")->isNull());
    EXPECT_EQ(adapters[1].find("compatibleDrivers"), nullptr); // search failed: not "none"

    const auto &disks = root.find("mpio")->find("disks")->items();
    ASSERT_EQ(disks.size(), 2u);
    EXPECT_EQ(disks[0].find("policy")->asString(), "RRWS");
    EXPECT_EQ(disks[0].find("alua")->asString(), "Implicit Only");
    const JsonValue &path = disks[0].find("paths")->items()[1];
    EXPECT_EQ(path.find("pathId")->asString(), "0000000077010001");
    EXPECT_EQ(path.find("state")->asString(), "Active/Unoptimized");
    EXPECT_EQ(path.find("scsiAddress")->asString(), "004|000|010|001");
    EXPECT_EQ(path.find("tpgId")->asInt64(), 2);
    EXPECT_TRUE(disks[1].find("paths")->items()[0].find("tpgId")->isNull());

    const auto &errors = root.find("errors")->items();
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].find("operation")->asString(), "SetupDiBuildDriverInfoList");
    EXPECT_EQ(errors[0].find("code")->asInt64(), 5);
    EXPECT_EQ(probeExitCode(data), kProbeExitPartial);
    EXPECT_EQ(probeExitCode(ProbeData{}), kProbeExitOk);

    // Without --drivers no adapter carries the list; left-out parts are null.
    ProbeOptions plain;
    plain.mpio = false;
    auto reduced = parseJson(renderProbe(data, plain));
    ASSERT_TRUE(reduced.ok());
    EXPECT_EQ(reduced->find("adapters")->items()[0].find("compatibleDrivers"), nullptr);
    EXPECT_TRUE(reduced->find("mpio")->isNull());
}

TEST(WindowsProbe, BundleFormatsReadByTheBundleParsers)
{
    const ProbeData data = exampleProbe();
    ProbeOptions options;
    options.drivers = true;

    options.format = ProbeOptions::Format::BundleAdapters;
    const BundleAdapterInventory inventory = ok(parseBundleAdapters(renderProbe(data, options)));
    EXPECT_TRUE(inventory.problems.empty());
    EXPECT_EQ(inventory.host, "SSV2");
    ASSERT_EQ(inventory.adapters.size(), 2u);
    EXPECT_EQ(inventory.adapters[0].adapter.instanceId, (*data.adapters)[0].instanceId);
    EXPECT_EQ(inventory.adapters[0].adapter.pci, (PciLocation{130, 0, 1}));
    EXPECT_EQ(inventory.adapters[0].adapter.driver, (*data.adapters)[0].driver);
    EXPECT_EQ(inventory.adapters[0].adapter.hardwareIds, (*data.adapters)[0].hardwareIds);
    EXPECT_EQ(inventory.adapters[0].adapter.deviceClass, DeviceClass::ScsiAdapter);
    ASSERT_TRUE(inventory.adapters[0].compatibleDrivers);
    EXPECT_EQ(inventory.adapters[0].compatibleDrivers->size(), 2u);
    EXPECT_FALSE(inventory.adapters[1].compatibleDrivers);

    options.format = ProbeOptions::Format::BundleMpioPaths;
    const BundleMpioPaths paths = ok(parseBundleMpioPaths(renderProbe(data, options)));
    EXPECT_TRUE(paths.problems.empty());
    ASSERT_EQ(paths.paths.size(), 5u);
    EXPECT_EQ(paths.paths[0].pathId, 0x77010000u);
    // 130:0.0 is no adapter of this inventory (only 130:0.1 is): no location, as the collector does.
    EXPECT_FALSE(paths.paths[0].pci);
    EXPECT_EQ(paths.paths[2].pci, (PciLocation{130, 0, 1}));
    EXPECT_FALSE(paths.paths[4].pci);
    ASSERT_EQ(paths.disks.size(), 2u);
    EXPECT_EQ(paths.disks[1].mpioDisk, 0u);
    EXPECT_EQ(paths.disks[1].vendor, "HPE");

    options.format = ProbeOptions::Format::BundlePerf;
    std::vector<std::string> problems;
    const CounterSample sample =
        ok(parseBundleCounterSample(renderProbe(data, options), "20231114T221320Z", problems));
    EXPECT_TRUE(problems.empty());
    EXPECT_EQ(sample.taken, std::chrono::system_clock::time_point(1700000000s));
    ASSERT_EQ(sample.paths.size(), 1u);
    EXPECT_EQ(sample.paths[0].mpioDisk, 0u);
    EXPECT_EQ(sample.paths[0].pathId, 0x77020000u);
    EXPECT_EQ(sample.paths[0].counters.reads, 1000u);
    EXPECT_EQ(sample.paths[0].counters.bytesWritten, 3584u);
}

} // namespace
} // namespace pathlens
