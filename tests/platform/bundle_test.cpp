#include "platform/bundle/bundlebackend.h"
#include "platform/bundle/bundledata.h"
#include "platform/bundle/bundlefiles.h"
#include "platform/bundle/bundleparts.h"
#include "platform/text/isotime.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#if PATHLENS_BUNDLE_ZIP
#include <zip.h>
#endif

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace pathlens;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

namespace fs = std::filesystem;

namespace {

const fs::path kFixture = fs::path(PATHLENS_TEST_DATA_DIR) / "bundles" / "ssv2";

// ------------------------------------------------------------------ helpers

/// A scratch folder below the system temp folder, removed at the end of the test.
class TempDir final
{
public:
    TempDir()
    {
        static std::atomic<int> counter{0};
        std::random_device random;
        m_path = fs::temp_directory_path()
            / ("pathlens-bundle-test-" + std::to_string(::getpid()) + '-' + std::to_string(counter++) + '-'
               + std::to_string(random()));
        fs::create_directories(m_path);
    }
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;

    const fs::path &path() const { return m_path; }
    fs::path operator/(const std::string &name) const { return m_path / name; }

private:
    fs::path m_path;
};

std::string readFile(const fs::path &path)
{
    std::ifstream stream(path, std::ios::binary);
    std::ostringstream out;
    out << stream.rdbuf();
    return out.str();
}

void writeFile(const fs::path &path, std::string_view bytes)
{
    fs::create_directories(path.parent_path());
    std::ofstream stream(path, std::ios::binary | std::ios::trunc);
    stream.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// The fixture copied to @p target, so a test can remove or spoil parts.
fs::path copyFixture(const fs::path &target)
{
    fs::copy(kFixture, target, fs::copy_options::recursive);
    return target;
}

/// Files below @p folder as (relative name with '/', bytes), sorted.
std::vector<std::pair<std::string, std::string>> filesBelow(const fs::path &folder)
{
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto &entry : fs::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file())
            files.emplace_back(fs::relative(entry.path(), folder).generic_string(), readFile(entry.path()));
    }
    std::sort(files.begin(), files.end());
    return files;
}

/// Writes a zip with libzip. Names are stored exactly as given, so tests can
/// write the hostile ones a crafted archive would hold.
void writeZip(const fs::path &zipPath, const std::vector<std::pair<std::string, std::string>> &entries)
{
#if PATHLENS_BUNDLE_ZIP
    int error = 0;
    zip_t *archive = zip_open(zipPath.string().c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(archive, nullptr) << "zip_open error " << error;
    for (const auto &[name, bytes] : entries) {
        zip_source_t *source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
        ASSERT_NE(source, nullptr);
        ASSERT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0)
            << name << ": " << zip_strerror(archive);
    }
    ASSERT_EQ(zip_close(archive), 0);
#else
    FAIL() << "no libzip to write " << zipPath << " (" << entries.size() << " entries)";
#endif
}

// Builds without libzip (the mingw cross build) read bundle folders only.
#if PATHLENS_BUNDLE_ZIP
#define SKIP_WITHOUT_ZIP()
#else
#define SKIP_WITHOUT_ZIP() GTEST_SKIP() << "this build reads bundle folders only (built without libzip)"
#endif

std::vector<std::pair<std::string, std::string>> withPrefix(std::vector<std::pair<std::string, std::string>> files,
                                                            const std::string &prefix)
{
    for (auto &file : files)
        file.first = prefix + file.first;
    return files;
}

/// UTF-8 (ASCII here) to UTF-16LE with a byte order mark, as PowerShell's `>` writes.
std::string toUtf16le(std::string_view text)
{
    std::string out = "\xFF\xFE";
    for (char c : text) {
        out += c;
        out += '\0';
    }
    return out;
}

std::string withCrlf(std::string_view text)
{
    std::string out;
    for (char c : text) {
        if (c == '\n')
            out += '\r';
        out += c;
    }
    return out;
}

std::unique_ptr<BundleBackend> openOk(const fs::path &path)
{
    Result<std::unique_ptr<BundleBackend>> bundle = BundleBackend::open(path.string());
    EXPECT_TRUE(bundle.ok()) << (bundle.ok() ? "" : bundle.error().toString());
    return bundle.ok() ? std::move(bundle).value() : nullptr;
}

std::string openError(const fs::path &path)
{
    Result<std::unique_ptr<BundleBackend>> bundle = BundleBackend::open(path.string());
    EXPECT_FALSE(bundle.ok()) << "opened: " << path;
    return bundle.ok() ? std::string() : bundle.error().toString();
}

std::string joined(const std::vector<std::string> &lines)
{
    std::string text;
    for (const std::string &line : lines)
        text += line + '\n';
    return text;
}

std::chrono::system_clock::time_point utc(int y, unsigned m, unsigned d, int hh, int mm, int ss)
{
    using namespace std::chrono;
    return sys_days(year(y) / month(m) / day(d)) + hours(hh) + minutes(mm) + seconds(ss);
}

const MpioDisk *diskNumber(const std::vector<MpioDisk> &disks, std::uint32_t number)
{
    const auto it = std::find_if(disks.begin(), disks.end(), [&](const MpioDisk &d) { return d.number == number; });
    return it == disks.end() ? nullptr : &*it;
}

const MpioPath *pathOf(const MpioDisk &disk, std::uint64_t id)
{
    const auto it = std::find_if(disk.paths.begin(), disk.paths.end(), [&](const MpioPath &p) { return p.pathId == id; });
    return it == disk.paths.end() ? nullptr : &*it;
}

/// Everything a bundle answers, as text: two opens of the same content must
/// give the same summary whatever their form.
std::string summary(BundleBackend &bundle)
{
    std::ostringstream out;
    out << "host " << bundle.host() << '\n';
    if (Mpio *mpio = bundle.mpio()) {
        const auto disks = mpio->disks(bundle.host());
        if (!disks.ok())
            return "disks failed: " + disks.error().toString();
        for (const MpioDisk &disk : disks.value()) {
            out << "disk " << disk.number << ' ' << disk.systemDisk << ' ' << disk.serial << ' ' << disk.vendor << '/'
                << disk.product << ' ' << toShortString(disk.policy) << ' ' << toString(disk.alua) << '\n';
            for (const MpioPath &path : disk.paths)
                out << "  " << formatPathId(path.pathId) << ' ' << toString(path.state) << ' '
                    << path.tpgId.value_or(0) << ' ' << toString(path.tpgState) << ' ' << path.preferred << ' '
                    << path.scsi.toString() << ' ' << (path.adapterPci ? path.adapterPci->toString() : "-") << ' '
                    << path.counters.reads << ' ' << path.counters.bytesWritten << '\n';
        }
    }
    if (DeviceInventory *devices = bundle.devices()) {
        const auto adapters = devices->adapters(bundle.host());
        if (!adapters.ok())
            return "adapters failed: " + adapters.error().toString();
        for (const Adapter &adapter : adapters.value())
            out << "adapter " << adapter.instanceId << ' ' << (adapter.pci ? adapter.pci->toString() : "-") << ' '
                << adapter.driver.key() << '\n';
    }
    if (DataCoreManagement *dataCore = bundle.dataCore()) {
        if (auto servers = dataCore->servers(); servers.ok()) {
            for (const DataCoreServer &server : servers.value())
                out << "server " << server.id << ' ' << server.hostName << '\n';
        }
        if (auto ports = dataCore->ports(); ports.ok()) {
            for (const DataCorePort &port : ports.value())
                out << "port " << port.alias << ' ' << (port.pci ? port.pci->toString() : "-") << '\n';
        }
        if (auto disks = dataCore->physicalDisks(); disks.ok()) {
            for (const BackEndDisk &disk : disks.value())
                out << "physical " << disk.caption << ' ' << disk.serial << '\n';
        }
    }
    for (const CounterSample &sample : bundle.counterSamples())
        out << "sample " << sample.file << ' ' << sample.paths.size() << '\n';
    out << joined(bundle.missingParts());
    return out.str();
}

// ----------------------------------------------------------- real samples

#ifdef PATHLENS_SAMPLES_DIR
const fs::path kSamples = PATHLENS_SAMPLES_DIR;
#else
const fs::path kSamples;
#endif

/// The parts of a sample file: split at "# --- " lines, the leading "# " lines
/// of each part dropped.
std::vector<std::string> sampleSections(const fs::path &file)
{
    std::vector<std::string> sections(1);
    std::istringstream stream(readFile(file));
    std::string line;
    bool header = true;
    while (std::getline(stream, line)) {
        if (line.rfind("# --- ", 0) == 0) {
            sections.emplace_back();
            header = true;
            continue;
        }
        if (header && line.rfind("# ", 0) == 0)
            continue;
        header = false;
        sections.back() += line + '\n';
    }
    return sections;
}

std::string sampleBody(const fs::path &file)
{
    return sampleSections(file).front();
}

#define SKIP_WITHOUT_SAMPLES()                                                                                        \
    if (kSamples.empty() || !fs::exists(kSamples / "windows") || !fs::exists(kSamples / "datacore")) {               \
        GTEST_SKIP() << "real captures not found at " << kSamples << " (../shared/samples); skipped";               \
    }

/// A bundle built from real captures: mpclaim list and Disk0 detail from
/// windows/03, Disk2 detail from windows/01, DataCore REST responses from
/// datacore/01-03 (each wrapped in an array, as the REST list calls answer).
void assembleSampleBundle(const fs::path &folder)
{
    const std::vector<std::string> listAndDetail =
        sampleSections(kSamples / "windows" / "03-mpclaim-sd-list-and-disk0-4paths-mixed-tpg-states.txt");
    ASSERT_GE(listAndDetail.size(), 3u);
    writeFile(folder / "manifest.json",
              R"({"format":"pathlens-bundle","version":1,"host":"ssv1","collected":"2024-06-08T21:13:20+02:00"})");
    writeFile(folder / "mpclaim" / "list.txt", listAndDetail[1]);
    writeFile(folder / "mpclaim" / "disk-0.txt", listAndDetail[2]);
    writeFile(folder / "mpclaim" / "disk-2.txt",
              sampleBody(kSamples / "windows" / "01-mpclaim-sd2-vplex-8paths-rrws-non-alua.txt"));
    writeFile(folder / "datacore" / "ports.json",
              std::string("[").append(sampleBody(kSamples / "datacore" / "01-rest-ports-json.txt")).append("]"));
    writeFile(folder / "datacore" / "servers.json",
              std::string("[").append(sampleBody(kSamples / "datacore" / "02-rest-server-json.txt")).append("]"));
    writeFile(folder / "datacore" / "physicaldisks.json",
              std::string("[").append(sampleBody(kSamples / "datacore" / "03-rest-physicaldisks-json.txt")).append("]"));
}

} // namespace

// ================================================================ helpers

TEST(BundleNames, NormalisedAndRefused)
{
    EXPECT_EQ(normaliseBundleName("MPCLAIM\\List.txt"), "mpclaim/list.txt");
    EXPECT_EQ(normaliseBundleName("./windows//adapters.json"), "windows/adapters.json");
    EXPECT_EQ(normaliseBundleName("../evil"), "");
    EXPECT_EQ(normaliseBundleName("mpclaim/../../evil"), "");
    EXPECT_EQ(normaliseBundleName("..\\evil"), "");
    EXPECT_EQ(normaliseBundleName("/etc/passwd"), "");
    EXPECT_EQ(normaliseBundleName("C:\\Windows\\x"), "");
    EXPECT_EQ(normaliseBundleName(""), "");
}

TEST(BundleNames, LayoutNames)
{
    EXPECT_TRUE(isBundleLayoutName("manifest.json"));
    EXPECT_TRUE(isBundleLayoutName("mpclaim/disk-12.txt"));
    EXPECT_TRUE(isBundleLayoutName("windows/msdsm-perf-20240608T211320Z.json"));
    EXPECT_TRUE(isBundleLayoutName("datacore/physicaldisks.json"));
    EXPECT_FALSE(isBundleLayoutName("mpclaim/disk-.txt"));
    EXPECT_FALSE(isBundleLayoutName("mpclaim/disk-1a.txt"));
    EXPECT_FALSE(isBundleLayoutName("mpclaim/disk-1234567890.txt"));
    EXPECT_FALSE(isBundleLayoutName("windows/msdsm-perf-.json"));
    EXPECT_FALSE(isBundleLayoutName("datacore/virtualdisks.json"));
    EXPECT_FALSE(isBundleLayoutName("collector.log"));
}

TEST(BundleTimes, FileStamps)
{
    EXPECT_EQ(parseFileStamp("20240608T211320Z"), utc(2024, 6, 8, 21, 13, 20));
    EXPECT_EQ(parseFileStamp("20240608T211320250Z"), utc(2024, 6, 8, 21, 13, 20) + std::chrono::milliseconds(250));
    EXPECT_FALSE(parseFileStamp("20240608-211320"));
    EXPECT_FALSE(parseFileStamp("99990608T211320Z")); // a time the clock cannot hold
}

TEST(BundleTimes, ACounterSampleBeyondTheClockIsRefusedWithTheField)
{
    // Found by fuzzing: a "taken" time past 2262 overflowed the nanosecond clock.
    std::vector<std::string> problems;
    const auto sample = parseBundleCounterSample(
        R"({"format": "pathlens-msdsm-perf", "version": 1, "taken": "6269-07-01T00:00:00Z", "devices": []})",
        "20240608T211320Z", problems);
    ASSERT_FALSE(sample.ok());
    EXPECT_THAT(sample.error().message, HasSubstr("\"taken\""));
    EXPECT_THAT(sample.error().message, HasSubstr("outside the times this program can hold"));
    EXPECT_THAT(sample.error().message, HasSubstr(clockSpanText()));
    // A malformed time still falls back to the file name, and says so.
    const auto fallback = parseBundleCounterSample(
        R"({"format": "pathlens-msdsm-perf", "version": 1, "taken": "soon", "devices": []})", "20240608T211320Z",
        problems);
    ASSERT_TRUE(fallback.ok()) << fallback.error().toString();
    EXPECT_EQ(fallback->taken, utc(2024, 6, 8, 21, 13, 20));
}

TEST(BundleTimes, AManifestTimeBeyondTheClockIsNamedInTheNotes)
{
    const ManifestReading reading = parseBundleManifest(
        R"({"format": "pathlens-bundle", "version": 1, "host": "DCS-A", "collected": "0001-01-01T00:00:00Z"})");
    ASSERT_TRUE(reading.manifest) << reading.problem;
    EXPECT_FALSE(reading.manifest->collectedTime);
    EXPECT_THAT(reading.manifest->collectedProblem, HasSubstr("\"collected\""));
    EXPECT_THAT(reading.manifest->collectedProblem, HasSubstr(clockSpanText()));
}

TEST(BundleParts, PathIdsAndDeviceNames)
{
    EXPECT_EQ(parseHexPathId("0000000077040009"), 0x77040009u);
    EXPECT_EQ(parseHexPathId("000000007704000b"), 0x7704000bu);
    EXPECT_FALSE(parseHexPathId("00000000770400091")); // 17 digits
    EXPECT_FALSE(parseHexPathId("7704000g"));
    EXPECT_EQ(mpioDiskFromDeviceName("\\Device\\MPIODisk12"), 12u);
    EXPECT_FALSE(mpioDiskFromDeviceName("\\Device\\Harddisk2"));
}

TEST(BundleParts, PowerShellArrayWrappersAreRead)
{
    // Windows PowerShell 5.1 may write arrays as {"value": [...], "Count": n}
    // and one-element arrays as their element.
    const auto inventory = parseBundleAdapters(R"({"format":"pathlens-adapters","version":1,"adapters":
        {"value":[{"instanceId":"PCI\\A","class":"net","pci":{"bus":3,"device":0,"function":1},
                   "hardwareIds":{"value":["PCI\\VEN_8086"],"Count":1}}],"Count":1}})");
    ASSERT_TRUE(inventory.ok()) << inventory.error().toString();
    ASSERT_EQ(inventory.value().adapters.size(), 1u);
    const Adapter &adapter = inventory.value().adapters[0].adapter;
    EXPECT_EQ(adapter.instanceId, "PCI\\A");
    EXPECT_EQ(adapter.deviceClass, DeviceClass::Net);
    EXPECT_EQ(adapter.pci, (PciLocation{3, 0, 1}));
    EXPECT_EQ(adapter.hardwareIds, std::vector<std::string>{"PCI\\VEN_8086"});
    EXPECT_FALSE(inventory.value().adapters[0].compatibleDrivers); // not captured
}

TEST(BundleParts, OwnSchemasCheckFormatAndVersion)
{
    const auto wrongKind = parseBundleAdapters(R"({"format":"pathlens-mpio-paths","version":1,"paths":[]})");
    ASSERT_FALSE(wrongKind.ok());
    EXPECT_THAT(wrongKind.error().message, HasSubstr("expected \"pathlens-adapters\""));
    const auto newer = parseBundleMpioPaths(R"({"format":"pathlens-mpio-paths","version":3})");
    ASSERT_FALSE(newer.ok());
    EXPECT_THAT(newer.error().message, HasSubstr("version 3 is newer than this PathLens reads"));
    const auto notJson = parseBundleMpioPaths("{\"format\": ");
    ASSERT_FALSE(notJson.ok());
    EXPECT_THAT(notJson.error().message, HasSubstr("line 1, column"));
}

TEST(BundleParts, CounterSampleTimeFromTheFileNameWhenAbsent)
{
    std::vector<std::string> problems;
    const auto sample = parseBundleCounterSample(
        R"({"format":"pathlens-msdsm-perf","version":1,"devices":[{"instanceName":"MPIO\\Disk&Ven_A&Prod_B\\1",
            "deviceName":"\\Device\\MPIODisk3","paths":[{"pathId":1996554240,"numberReads":5,"numberWrites":6,
            "bytesRead":7,"bytesWritten":8}]}]})",
        "20240608T211320Z", problems);
    ASSERT_TRUE(sample.ok()) << sample.error().toString();
    EXPECT_EQ(sample.value().taken, utc(2024, 6, 8, 21, 13, 20));
    EXPECT_THAT(problems, Contains(HasSubstr("no \"taken\" time")));
    ASSERT_EQ(sample.value().paths.size(), 1u);
    EXPECT_EQ(sample.value().paths[0].mpioDisk, 3u);
    EXPECT_EQ(sample.value().paths[0].pathId, 0x77010000u);
    EXPECT_EQ(sample.value().paths[0].counters.bytesWritten, 8u);

    problems.clear();
    EXPECT_FALSE(parseBundleCounterSample(R"({"format":"pathlens-msdsm-perf","version":1,"devices":[]})", "later", problems).ok());
}

TEST(BundleHosts, ShortNameMatchesFqdn)
{
    EXPECT_TRUE(bundle::hostNamesMatch("ssv1", "SSV1"));
    EXPECT_TRUE(bundle::hostNamesMatch("ssv1", "ssv1.akf.lan"));
    EXPECT_TRUE(bundle::hostNamesMatch("SSV1.akf.lan", "ssv1"));
    EXPECT_FALSE(bundle::hostNamesMatch("ssv1.a.lan", "ssv1.b.lan"));
    EXPECT_FALSE(bundle::hostNamesMatch("ssv1", "ssv10"));
    EXPECT_FALSE(bundle::hostNamesMatch("", ""));
}

// ========================================================== fixture folder

TEST(BundleFixture, OpensWithEveryPart)
{
    auto bundle = openOk(kFixture);
    ASSERT_TRUE(bundle);
    EXPECT_EQ(bundle->host(), "SSV2");
    ASSERT_TRUE(bundle->manifest());
    EXPECT_EQ(bundle->manifest()->collectedTime, utc(2024, 6, 8, 21, 13, 35) + std::chrono::milliseconds(250));
    EXPECT_EQ(bundle->description(), "Support bundle: SSV2, collected 2024-06-08T21:13:35.250Z (ssv2)");
    EXPECT_NE(bundle->mpio(), nullptr);
    EXPECT_NE(bundle->devices(), nullptr);
    EXPECT_NE(bundle->dataCore(), nullptr);

    // Complete bundle: the only remark is the path that vanished from Disk1.
    EXPECT_THAT(bundle->missingParts(),
                ::testing::ElementsAre(AllOf(HasSubstr("mpclaim/disk-1.txt: line 1: header declares 4 paths, 3 listed"))));
}

TEST(BundleFixture, MpioDisksFromListDetailAndHardware)
{
    auto bundle = openOk(kFixture);
    ASSERT_TRUE(bundle && bundle->mpio());
    const auto disks = bundle->mpio()->disks("SSV2");
    ASSERT_TRUE(disks.ok()) << disks.error().toString();
    ASSERT_EQ(disks.value().size(), 2u);

    const MpioDisk &d0 = disks.value()[0];
    EXPECT_EQ(d0.number, 0u);
    EXPECT_EQ(d0.systemDisk, "Disk 3"); // from list.txt (UTF-16LE, CRLF)
    EXPECT_EQ(d0.serial, "600C0FF000F4B2A1D3E1B56501000000");
    EXPECT_EQ(d0.dsm, "Microsoft DSM");
    EXPECT_EQ(d0.policy, LoadBalancePolicy::RoundRobinWithSubset);
    EXPECT_EQ(d0.alua, AluaSupport::ImplicitOnly);
    // WMI names the hardware "Prod_MSA_2060_SAN"; mpclaim -e gives the blanks back.
    EXPECT_EQ(d0.vendor, "HPE");
    EXPECT_EQ(d0.product, "MSA 2060 SAN");
    ASSERT_EQ(d0.paths.size(), 4u);
    EXPECT_EQ(d0.paths[0].pathId, 0x77010000u);
    EXPECT_EQ(d0.paths[0].state, PathState::ActiveOptimized);
    EXPECT_EQ(d0.paths[0].tpgId, 1u);
    EXPECT_EQ(d0.paths[0].tpgState, PathState::ActiveOptimized);
    EXPECT_EQ(d0.paths[0].scsi, (ScsiAddress{1, 0, 0, 1}));
    EXPECT_EQ(d0.paths[2].pathId, 0x77010001u);
    EXPECT_EQ(d0.paths[2].state, PathState::ActiveUnoptimized);
    EXPECT_EQ(d0.paths[2].tpgId, 2u);

    const MpioDisk &d1 = disks.value()[1];
    EXPECT_EQ(d1.systemDisk, "Disk 4");
    EXPECT_EQ(d1.policy, LoadBalancePolicy::FailOverOnly);
    ASSERT_EQ(d1.paths.size(), 3u);
    EXPECT_TRUE(d1.paths[0].preferred);
    EXPECT_EQ(d1.paths[0].pathId, 0x77010001u);
    // Fail Over Only shows an A/O target port group's path as Standby.
    EXPECT_EQ(d1.paths[1].state, PathState::Standby);
    EXPECT_EQ(d1.paths[1].tpgState, PathState::ActiveOptimized);
}

TEST(BundleFixture, PathsJoinAdaptersAndDataCorePortsByPci)
{
    auto bundle = openOk(kFixture);
    ASSERT_TRUE(bundle && bundle->mpio() && bundle->devices() && bundle->dataCore());
    const auto disks = bundle->mpio()->disks("SSV2").value();
    const MpioPath *path = pathOf(*diskNumber(disks, 0), 0x77010000);
    ASSERT_TRUE(path);
    ASSERT_TRUE(path->adapterPci);
    EXPECT_EQ(*path->adapterPci, (PciLocation{130, 0, 1}));
    EXPECT_EQ(path->adapterName, "QLogic QLE2692 Fibre Channel Adapter");
    EXPECT_EQ(pathOf(*diskNumber(disks, 0), 0x77020000)->adapterPci, (PciLocation{131, 0, 0}));

    // The same PCI function in the OS inventory, with the native driver...
    const auto adapters = bundle->devices()->adapters("SSV2").value();
    const auto adapter = std::find_if(adapters.begin(), adapters.end(),
                                      [&](const Adapter &a) { return a.pci == path->adapterPci; });
    ASSERT_NE(adapter, adapters.end());
    EXPECT_EQ(adapter->driver.provider, "QLogic");
    EXPECT_EQ(adapter->driver.service, "ql2300i");
    EXPECT_EQ(adapter->deviceClass, DeviceClass::ScsiAdapter);

    // ...and in DataCore: the old back-end port, Not present since the swap.
    const auto ports = bundle->dataCore()->ports().value();
    const auto port = std::find_if(ports.begin(), ports.end(), [&](const DataCorePort &p) { return p.pci == path->adapterPci; });
    ASSERT_NE(port, ports.end());
    EXPECT_EQ(port->alias, "ssv2_be1");
    EXPECT_EQ(port->presence, Presence::NotPresent);
    EXPECT_EQ(port->roles, RoleBackEnd);

    // The front-end function on the same bus keeps the DataCore driver.
    const auto fe = std::find_if(adapters.begin(), adapters.end(),
                                 [](const Adapter &a) { return a.pci == PciLocation{130, 0, 0}; });
    ASSERT_NE(fe, adapters.end());
    EXPECT_EQ(fe->driver.provider, "DataCore Software Corporation");
}

TEST(BundleFixture, LatestCounterSampleFillsPathCounters)
{
    auto bundle = openOk(kFixture);
    ASSERT_TRUE(bundle && bundle->mpio());
    const auto samples = bundle->counterSamples();
    ASSERT_EQ(samples.size(), 2u);
    EXPECT_EQ(samples[0].file, "windows/msdsm-perf-20240608T211320Z.json");
    EXPECT_EQ(samples[0].taken, utc(2024, 6, 8, 21, 13, 20));
    EXPECT_EQ(samples[1].taken, utc(2024, 6, 8, 21, 13, 30));
    EXPECT_EQ(samples[1].paths.size(), 7u);

    const auto disks = bundle->mpio()->disks("SSV2").value();
    const MpioPath *ao = pathOf(*diskNumber(disks, 0), 0x77010000);
    EXPECT_EQ(ao->counters.reads, 1012000u);
    EXPECT_EQ(ao->counters.writes, 506000u);
    EXPECT_EQ(ao->counters.bytesRead, 66322432000u);
    EXPECT_EQ(ao->counters.bytesWritten, 33161216000u);
    EXPECT_EQ(ao->counters.taken, utc(2024, 6, 8, 21, 13, 30));
    EXPECT_FALSE(ao->counters.outstanding);

    // Path ids repeat across disks; Disk1's counters are its own (and wrapped:
    // 4294967000 then 704). Disk1's device had no deviceName: tied through
    // windows/mpio-paths.json by its instance name.
    const MpioPath *shared = pathOf(*diskNumber(disks, 1), 0x77010001);
    EXPECT_EQ(shared->counters.reads, 704u);
    EXPECT_EQ(pathOf(*diskNumber(disks, 0), 0x77010001)->counters.reads, 12u);
    const auto first = std::find_if(samples[0].paths.begin(), samples[0].paths.end(), [](const PathCounterSample &p) {
        return p.mpioDisk == 1u && p.pathId == 0x77010001u;
    });
    ASSERT_NE(first, samples[0].paths.end());
    EXPECT_EQ(first->counters.reads, 4294967000u);
}

TEST(BundleFixture, DeviceInventoryAndCompatibleDrivers)
{
    auto bundle = openOk(kFixture);
    ASSERT_TRUE(bundle && bundle->devices());
    DeviceInventory &devices = *bundle->devices();
    const auto adapters = devices.adapters("ssv2.lab.example");
    ASSERT_TRUE(adapters.ok());
    ASSERT_EQ(adapters.value().size(), 5u);
    const Adapter &iscsi = adapters.value()[4];
    EXPECT_EQ(iscsi.instanceId, "ROOT\\ISCSIPRT\\0000");
    EXPECT_FALSE(iscsi.pci);
    EXPECT_EQ(adapters.value()[3].deviceClass, DeviceClass::Net);
    EXPECT_EQ(adapters.value()[3].pci, (PciLocation{24, 0, 0}));
    // A lone string where a list belongs (PowerShell 5.1 unrolling) is a list of one.
    EXPECT_EQ(adapters.value()[2].hardwareIds,
              std::vector<std::string>{"PCI\\VEN_1077&DEV_2261&SUBSYS_02611077&REV_01"});
    EXPECT_EQ(adapters.value()[0].driver.date, "2023-11-02");
    EXPECT_EQ(adapters.value()[0].locationText, "PCI bus 130, device 0, function 0");

    const auto drivers = devices.compatibleDrivers("SSV2", "pci\\ven_1077&dev_2261&subsys_02611077&rev_01\\4&2a3b4c5d&0&0110");
    ASSERT_TRUE(drivers.ok()) << drivers.error().toString();
    ASSERT_EQ(drivers.value().size(), 2u);
    EXPECT_EQ(drivers.value()[0].key(), "oem12.inf|9.4.5.20");
    const auto none = devices.compatibleDrivers("SSV2", "PCI\\VEN_1077&DEV_2261&SUBSYS_02611077&REV_01\\4&1C2D3E4F&0&0018");
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none.value().empty());
    const auto notCaptured = devices.compatibleDrivers("SSV2", adapters.value()[0].instanceId);
    ASSERT_FALSE(notCaptured.ok());
    EXPECT_THAT(notCaptured.error().message, HasSubstr("did not capture the compatible drivers"));
    EXPECT_FALSE(devices.compatibleDrivers("SSV2", "PCI\\NOPE").ok());
}

TEST(BundleFixture, DataCorePartsThroughTheRestParsers)
{
    auto bundle = openOk(kFixture);
    ASSERT_TRUE(bundle && bundle->dataCore());
    DataCoreManagement &dataCore = *bundle->dataCore();
    const auto servers = dataCore.servers().value();
    ASSERT_EQ(servers.size(), 2u);
    EXPECT_EQ(servers[1].hostName, "ssv2.lab.example");
    const auto ports = dataCore.ports().value();
    ASSERT_EQ(ports.size(), 4u); // from ports.json, not the two embedded ones
    EXPECT_EQ(ports[1].driverName, "DataCore QLogic 2X");
    EXPECT_EQ(ports[1].pci, (PciLocation{130, 0, 0}));
    EXPECT_EQ(ports[3].type, PortType::Loopback);
    EXPECT_FALSE(ports[3].pci);
    const auto disks = dataCore.physicalDisks().value();
    ASSERT_EQ(disks.size(), 2u);
    // The NAA id joins the DataCore disk to MPIO Disk0's serial.
    EXPECT_EQ(disks[0].serial, "naa.600c0ff000f4b2a1d3e1b56501000000");
    EXPECT_EQ(disks[0].poolName, "SSV2-MSA");
}

TEST(BundleFixture, AnswersOnlyForItsHost)
{
    auto bundle = openOk(kFixture);
    ASSERT_TRUE(bundle && bundle->mpio() && bundle->devices());
    for (const char *name : {"SSV2", "ssv2", "ssv2.lab.example", "SSV2.LAB.EXAMPLE"}) {
        EXPECT_TRUE(bundle->acceptsHost(name)) << name;
        EXPECT_TRUE(bundle->mpio()->disks(name).ok()) << name;
    }
    const auto other = bundle->mpio()->disks("ssv1.lab.example");
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().message, "the bundle holds data of host SSV2 only");
    EXPECT_FALSE(bundle->devices()->adapters("SSV1").ok());
    EXPECT_FALSE(bundle->devices()->compatibleDrivers("SSV1", "ROOT\\ISCSIPRT\\0000").ok());
    EXPECT_FALSE(bundle->acceptsHost("ssv2.other.example"));
}

TEST(BundleFixture, IsReadOnly)
{
    auto bundle = openOk(kFixture);
    ASSERT_TRUE(bundle && bundle->mpio() && bundle->devices() && bundle->dataCore());
    const std::vector<ChangeResult> changes = {
        bundle->dataCore()->deletePort("7c1d2e3f-0002-4a00-8000-00000000be01"),
        bundle->devices()->installDriver("SSV2", "ROOT\\ISCSIPRT\\0000", DriverPackage{}),
        bundle->devices()->rollBackDriver("SSV2", "ROOT\\ISCSIPRT\\0000"),
        bundle->mpio()->claim("SSV2", ClaimRequest{}),
        bundle->mpio()->setPolicy("SSV2", 0, LoadBalancePolicy::RoundRobinWithSubset),
    };
    for (const ChangeResult &change : changes) {
        ASSERT_FALSE(change.ok());
        EXPECT_EQ(change.error().message, "a support bundle is read-only");
    }
}

// ======================================================= missing and bad parts

TEST(BundleMissing, AbsentPartsAreListedAndTheRestLoads)
{
    TempDir temp;
    const fs::path folder = copyFixture(temp / "b");
    fs::remove(folder / "manifest.json");
    fs::remove(folder / "datacore" / "ports.json");
    fs::remove(folder / "windows" / "adapters.json");
    fs::remove(folder / "mpclaim" / "disk-1.txt");
    fs::remove(folder / "mpclaim" / "hw.txt");

    auto bundle = openOk(folder);
    ASSERT_TRUE(bundle);
    const auto missing = bundle->missingParts();
    EXPECT_THAT(missing, Contains(HasSubstr("manifest.json: missing")));
    EXPECT_THAT(missing, Contains(HasSubstr("datacore/ports.json: missing; the ports embedded in datacore/servers.json are used")));
    EXPECT_THAT(missing, Contains("windows/adapters.json: missing"));
    EXPECT_THAT(missing, Contains("mpclaim/hw.txt: missing"));
    EXPECT_THAT(missing, Contains(HasSubstr("mpclaim/disk-1.txt: missing; MPIO Disk1 has no path detail")));

    // The host comes from the collector's windows/mpio-paths.json.
    EXPECT_EQ(bundle->host(), "SSV2");
    EXPECT_FALSE(bundle->manifest());
    EXPECT_EQ(bundle->devices(), nullptr);
    ASSERT_NE(bundle->dataCore(), nullptr);
    const auto ports = bundle->dataCore()->ports().value();
    ASSERT_EQ(ports.size(), 2u); // the 2.0 ports embedded in SSV2's server object
    EXPECT_EQ(ports[0].alias, "ssv2_fe1");
    EXPECT_FALSE(ports[0].pci); // 2.0 ports carry no IdInfo: not invented

    ASSERT_NE(bundle->mpio(), nullptr);
    const auto disks = bundle->mpio()->disks("SSV2").value();
    ASSERT_EQ(disks.size(), 2u);
    EXPECT_TRUE(disks[1].paths.empty());
    EXPECT_EQ(disks[1].systemDisk, "Disk 4");
    EXPECT_EQ(disks[1].policy, LoadBalancePolicy::FailOverOnly);
    // Vendor and product still come from WMI's instance name, spelled as PnP does.
    EXPECT_EQ(disks[0].product, "MSA_2060_SAN");
}

TEST(BundleMissing, NoDataCoreNoMpclaimNoAdapters)
{
    TempDir temp;
    writeFile(temp / "manifest.json", R"({"format":"pathlens-bundle","version":1,"host":"SSV9","collected":"2024-06-08T21:13:35Z"})");
    auto bundle = openOk(temp.path());
    ASSERT_TRUE(bundle);
    EXPECT_EQ(bundle->dataCore(), nullptr);
    EXPECT_EQ(bundle->mpio(), nullptr);
    EXPECT_EQ(bundle->devices(), nullptr);
    const auto missing = bundle->missingParts();
    for (const char *part : {"datacore/ports.json: missing", "datacore/servers.json: missing",
                             "datacore/physicaldisks.json: missing", "mpclaim/list.txt: missing",
                             "mpclaim/hw.txt: missing", "windows/adapters.json: missing",
                             "windows/mpio-paths.json: missing"})
        EXPECT_THAT(missing, Contains(part));
    EXPECT_THAT(missing, Contains(HasSubstr("windows/msdsm-perf-<t>.json: missing")));
    EXPECT_TRUE(bundle->counterSamples().empty());
}

TEST(BundleMissing, EmptyFolderOpensWithEverythingMissing)
{
    TempDir temp;
    auto bundle = openOk(temp.path());
    ASSERT_TRUE(bundle);
    EXPECT_EQ(bundle->host(), "");
    EXPECT_THAT(bundle->description(), HasSubstr("unknown host"));
    EXPECT_THAT(bundle->missingParts(), Contains(HasSubstr("manifest.json: missing")));
}

TEST(BundleBad, GarbledJsonIsListedWithItsPositionAndTheRestLoads)
{
    TempDir temp;
    const fs::path folder = copyFixture(temp / "b");
    writeFile(folder / "windows" / "adapters.json",
              "{\n  \"format\": \"pathlens-adapters\",\n  \"version\": 1,\n  \"adapters\": [ {\"instanceId\": \"X\",, } ]\n}\n");
    std::string ports = readFile(folder / "datacore" / "ports.json");
    writeFile(folder / "datacore" / "ports.json", ports.substr(0, ports.size() / 2)); // cut mid-way

    auto bundle = openOk(folder);
    ASSERT_TRUE(bundle);
    const auto missing = bundle->missingParts();
    EXPECT_THAT(missing, Contains(AllOf(HasSubstr("windows/adapters.json: unreadable"), HasSubstr("line 4, column"))));
    EXPECT_THAT(missing, Contains(AllOf(HasSubstr("datacore/ports.json: unreadable"), HasSubstr("line "))));
    EXPECT_THAT(missing, Contains(HasSubstr("datacore/ports.json: not used; the ports embedded")));
    EXPECT_EQ(bundle->devices(), nullptr);
    ASSERT_NE(bundle->mpio(), nullptr);
    EXPECT_EQ(bundle->mpio()->disks("SSV2").value().size(), 2u);
    ASSERT_NE(bundle->dataCore(), nullptr);
    EXPECT_EQ(bundle->dataCore()->ports().value().size(), 2u);
    EXPECT_EQ(bundle->dataCore()->physicalDisks().value().size(), 2u);
}

TEST(BundleBad, OneBadAdapterIsSkippedWithItsPath)
{
    TempDir temp;
    const fs::path folder = copyFixture(temp / "b");
    std::string text = readFile(folder / "windows" / "adapters.json");
    const std::string good = "\"pci\": { \"bus\": 130, \"device\": 0, \"function\": 1 }";
    const std::size_t at = text.find(good);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, good.size(), "\"pci\": { \"bus\": \"0x82\", \"device\": 0, \"function\": 1 }");
    writeFile(folder / "windows" / "adapters.json", text);

    auto bundle = openOk(folder);
    ASSERT_TRUE(bundle && bundle->devices());
    EXPECT_EQ(bundle->devices()->adapters("SSV2").value().size(), 4u);
    EXPECT_THAT(bundle->missingParts(),
                Contains(AllOf(HasSubstr("windows/adapters.json: adapters[1].pci.bus: expected"),
                               HasSubstr("(line 29, column"), HasSubstr("adapter skipped"))));
}

TEST(BundleBad, CountersBeyond32BitsAreRefused)
{
    TempDir temp;
    const fs::path folder = copyFixture(temp / "b");
    const fs::path file = folder / "windows" / "msdsm-perf-20240608T211330Z.json";
    std::string text = readFile(file);
    const std::size_t at = text.find("\"numberReads\": 1012000");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 22, "\"numberReads\": 4294967296");
    writeFile(file, text);

    auto bundle = openOk(folder);
    ASSERT_TRUE(bundle && bundle->mpio());
    EXPECT_THAT(bundle->missingParts(),
                Contains(AllOf(HasSubstr("msdsm-perf-20240608T211330Z.json: devices[0].paths[0].numberReads"),
                               HasSubstr("out of range"), HasSubstr("path skipped"))));
    EXPECT_THAT(bundle->missingParts(), Contains(HasSubstr("no counters for path 0000000077010000 of MPIO Disk0")));
    const auto disks = bundle->mpio()->disks("SSV2").value();
    const MpioPath *path = pathOf(disks[0], 0x77010000);
    EXPECT_EQ(path->counters.reads, 0u);
    EXPECT_EQ(path->counters.taken, std::chrono::system_clock::time_point{}); // unknown, not the older sample
}

TEST(BundleBad, WrongEncodingsAreListed)
{
    TempDir temp;
    const fs::path folder = copyFixture(temp / "b");
    // UTF-16 without a byte order mark, and bytes that are no text at all.
    std::string utf16 = toUtf16le(readFile(folder / "mpclaim" / "hw.txt")).substr(2);
    writeFile(folder / "mpclaim" / "hw.txt", utf16);
    writeFile(folder / "mpclaim" / "disk-1.txt", "MPIO Disk1: \xC3\x28 garbage\n"); // invalid UTF-8

    auto bundle = openOk(folder);
    ASSERT_TRUE(bundle && bundle->mpio());
    const auto missing = bundle->missingParts();
    EXPECT_THAT(missing, Contains(AllOf(HasSubstr("mpclaim/hw.txt: unreadable: not text"), HasSubstr("NUL byte"))));
    EXPECT_THAT(missing, Contains(HasSubstr("mpclaim/disk-1.txt: unreadable: not text")));
    const auto disks = bundle->mpio()->disks("SSV2").value();
    EXPECT_EQ(disks[0].paths.size(), 4u);
    EXPECT_TRUE(disks[1].paths.empty());
}

TEST(BundleBad, UnrecognisedMpclaimTextIsListed)
{
    TempDir temp;
    const fs::path folder = copyFixture(temp / "b");
    writeFile(folder / "mpclaim" / "disk-0.txt", "Access is denied.\r\n");
    writeFile(folder / "mpclaim" / "disk-1.txt", "Element not found.\r\n");
    auto bundle = openOk(folder);
    ASSERT_TRUE(bundle && bundle->mpio());
    const auto missing = bundle->missingParts();
    EXPECT_THAT(missing, Contains("mpclaim/disk-0.txt: unreadable: not the output of mpclaim -s -d 0"));
    EXPECT_THAT(missing, Contains(HasSubstr("mpclaim/disk-1.txt: mpclaim answered \"Element not found\"")));
    EXPECT_THAT(missing, Contains(HasSubstr("mpclaim/disk-0.txt: missing; MPIO Disk0 has no path detail")));
}

// ================================================================ UTF-16

TEST(BundleEncoding, Utf16AndCrlfGiveTheSameResult)
{
    TempDir temp;
    const fs::path plain = copyFixture(temp / "plain");
    const fs::path wide = copyFixture(temp / "wide");
    for (const auto &[name, bytes] : filesBelow(wide)) {
        if (bytes.rfind("\xFF\xFE", 0) == 0 || bytes.rfind("\xEF\xBB\xBF", 0) == 0)
            continue; // already marked
        writeFile(wide / name, toUtf16le(withCrlf(bytes)));
    }
    EXPECT_EQ(readFile(wide / "manifest.json").substr(0, 2), "\xFF\xFE");
    auto a = openOk(plain);
    auto b = openOk(wide);
    ASSERT_TRUE(a && b);
    std::string expected = summary(*a);
    EXPECT_THAT(expected, HasSubstr("adapter ROOT\\ISCSIPRT\\0000"));
    EXPECT_EQ(summary(*b), expected);
}

// ================================================================ manifest

TEST(BundleManifest, WrongFormatOrVersionRefusesTheBundle)
{
    TempDir temp;
    writeFile(temp / "a" / "manifest.json", R"({"format":"something-else","version":1,"host":"x"})");
    EXPECT_THAT(openError(temp / "a"), AllOf(HasSubstr("manifest.json"), HasSubstr("not a PathLens support bundle")));
    writeFile(temp / "b" / "manifest.json", R"({"format":"pathlens-bundle","version":2,"host":"x"})");
    EXPECT_THAT(openError(temp / "b"), HasSubstr("bundle version 2 is not supported (this PathLens reads version 1)"));
    writeFile(temp / "c" / "manifest.json", R"({"host":"x"})");
    EXPECT_THAT(openError(temp / "c"), HasSubstr("no \"format\" member"));
}

TEST(BundleManifest, GarbledManifestIsListedAndTheRestLoads)
{
    TempDir temp;
    const fs::path folder = copyFixture(temp / "b");
    writeFile(folder / "manifest.json", "{\"format\": \"pathlens-bundle\", \"version\": 1,\n  \"host\": SSV2}");
    auto bundle = openOk(folder);
    ASSERT_TRUE(bundle);
    EXPECT_THAT(bundle->missingParts(), Contains(AllOf(HasSubstr("manifest.json: unreadable"), HasSubstr("line 2, column"))));
    EXPECT_EQ(bundle->host(), "SSV2"); // from windows/adapters.json
    ASSERT_TRUE(bundle->mpio());
    EXPECT_TRUE(bundle->mpio()->disks("ssv2.lab.example").ok()); // via the DataCore server's HostName
}

TEST(BundleManifest, UnknownHostWithSeveralServersAnswersForNone)
{
    TempDir temp;
    const fs::path folder = copyFixture(temp / "b");
    fs::remove(folder / "manifest.json");
    fs::remove(folder / "windows" / "adapters.json");
    fs::remove(folder / "windows" / "mpio-paths.json");
    auto bundle = openOk(folder);
    ASSERT_TRUE(bundle && bundle->mpio());
    EXPECT_EQ(bundle->host(), "");
    const auto disks = bundle->mpio()->disks("ssv2.lab.example");
    ASSERT_FALSE(disks.ok());
    EXPECT_THAT(disks.error().message, HasSubstr("does not name the host"));
    EXPECT_THAT(bundle->missingParts(), Contains(HasSubstr("cannot be assigned to one of the DataCore servers")));
}

// ===================================================================== zip

TEST(BundleZip, ZipGivesTheSameResultAsTheFolder)
{
    SKIP_WITHOUT_ZIP();
    TempDir temp;
    writeZip(temp / "root.zip", filesBelow(kFixture));
    writeZip(temp / "nested.zip", withPrefix(filesBelow(kFixture), "PathLens-bundle-SSV2-20240608T211335Z/"));
    auto folder = openOk(kFixture);
    auto atRoot = openOk(temp / "root.zip");
    auto nested = openOk(temp / "nested.zip");
    ASSERT_TRUE(folder && atRoot && nested);
    const std::string expected = summary(*folder);
    EXPECT_THAT(expected, HasSubstr("0000000077010000 Active/Optimized 1 Active/Optimized 0 001|000|000|001 130:0.1 1012000"));
    EXPECT_EQ(summary(*atRoot), expected);
    EXPECT_EQ(summary(*nested), expected);
    EXPECT_EQ(atRoot->description(), "Support bundle: SSV2, collected 2024-06-08T21:13:35.250Z (root.zip)");
}

TEST(BundleZip, BackslashNamesAsWindowsPowerShellWritesThem)
{
    SKIP_WITHOUT_ZIP();
    TempDir temp;
    auto files = filesBelow(kFixture);
    for (auto &file : files)
        std::replace(file.first.begin(), file.first.end(), '/', '\\');
    writeZip(temp / "ps51.zip", files);
    auto folder = openOk(kFixture);
    auto zipped = openOk(temp / "ps51.zip");
    ASSERT_TRUE(folder && zipped);
    EXPECT_EQ(summary(*zipped), summary(*folder));
}

TEST(BundleZip, TraversalEntriesAreRefusedWithANote)
{
    SKIP_WITHOUT_ZIP();
    TempDir temp;
    auto files = filesBelow(kFixture);
    files.emplace_back("../evil", "owned");
    files.emplace_back("..\\windows\\adapters.json", "{}");
    files.emplace_back("/etc/cron.d/x", "x");
    writeZip(temp / "evil.zip", files);
    auto bundle = openOk(temp / "evil.zip");
    ASSERT_TRUE(bundle);
    const auto missing = bundle->missingParts();
    EXPECT_THAT(missing, Contains("zip entry \"../evil\": refused, its name points outside the bundle"));
    EXPECT_THAT(missing, Contains(HasSubstr("zip entry \"..\\windows\\adapters.json\": refused")));
    EXPECT_THAT(missing, Contains(HasSubstr("zip entry \"/etc/cron.d/x\": refused")));
    EXPECT_FALSE(fs::exists(temp.path().parent_path() / "evil"));
    ASSERT_TRUE(bundle->devices());
    EXPECT_EQ(bundle->devices()->adapters("SSV2").value().size(), 5u);
}

TEST(BundleZip, DuplicateEntriesUseTheFirst)
{
    SKIP_WITHOUT_ZIP();
    TempDir temp;
    auto files = filesBelow(kFixture);
    files.emplace_back("MANIFEST.JSON", R"({"format":"pathlens-bundle","version":1,"host":"OTHER"})");
    writeZip(temp / "dup.zip", files);
    auto bundle = openOk(temp / "dup.zip");
    ASSERT_TRUE(bundle);
    EXPECT_EQ(bundle->host(), "SSV2");
    EXPECT_THAT(bundle->missingParts(), Contains(HasSubstr("zip entry \"MANIFEST.JSON\": ignored, the zip holds manifest.json more than once")));
}

TEST(BundleZip, HugeEntryIsRefusedAndTheRestLoads)
{
    SKIP_WITHOUT_ZIP();
    TempDir temp;
    auto files = filesBelow(kFixture);
    for (auto &file : files) {
        if (file.first == "windows/adapters.json")
            file.second = std::string(kBundleMaxFileBytes + 1, ' '); // inflates far beyond its packed size
    }
    writeZip(temp / "huge.zip", files);
    auto bundle = openOk(temp / "huge.zip");
    ASSERT_TRUE(bundle);
    EXPECT_THAT(bundle->missingParts(), Contains(HasSubstr("windows/adapters.json: larger than the 64 MiB limit")));
    EXPECT_EQ(bundle->devices(), nullptr);
    ASSERT_TRUE(bundle->mpio());
    EXPECT_EQ(bundle->mpio()->disks("SSV2").value().size(), 2u);
}

TEST(BundleZip, DamagedOrForeignFilesGiveCleanErrors)
{
    SKIP_WITHOUT_ZIP();
    TempDir temp;
    writeZip(temp / "good.zip", filesBelow(kFixture));
    const std::string bytes = readFile(temp / "good.zip");
    for (std::size_t cut : {bytes.size() - 10, bytes.size() / 2, std::size_t{30}, std::size_t{0}}) {
        writeFile(temp / "cut.zip", bytes.substr(0, cut));
        EXPECT_THAT(openError(temp / "cut.zip"), HasSubstr("open support bundle")) << "cut at " << cut;
    }
    // Damaged data inside one entry: that entry is unreadable, the bundle opens.
    // The first copy of the name is the local header; its data follows the
    // 30-byte header, the name and the extra field.
    const std::string name = "windows/adapters.json";
    const std::size_t nameAt = bytes.find(name);
    ASSERT_NE(nameAt, std::string::npos);
    const std::size_t header = nameAt - 30;
    const std::size_t extra = static_cast<unsigned char>(bytes[header + 28])
        | static_cast<std::size_t>(static_cast<unsigned char>(bytes[header + 29])) << 8;
    std::string spoilt = bytes;
    for (std::size_t i = 0; i < 8; ++i)
        spoilt[nameAt + name.size() + extra + 4 + i] ^= 0x5A;
    writeFile(temp / "spoilt.zip", spoilt);
    auto opened = openOk(temp / "spoilt.zip");
    ASSERT_TRUE(opened);
    EXPECT_THAT(opened->missingParts(), Contains(HasSubstr("windows/adapters.json: unreadable: ")));
    EXPECT_EQ(opened->devices(), nullptr);
    ASSERT_TRUE(opened->mpio());

    writeFile(temp / "notes.txt", "just text");
    EXPECT_THAT(openError(temp / "notes.txt"), HasSubstr("not a zip file and not a folder"));
    EXPECT_THAT(openError(temp / "absent.zip"), HasSubstr("no such file or folder"));
    EXPECT_THAT(openError(""), HasSubstr("no bundle path given"));
}

TEST(BundleZip, MutatedZipsNeverCrash)
{
    SKIP_WITHOUT_ZIP();
    TempDir temp;
    writeZip(temp / "good.zip", filesBelow(kFixture));
    const std::string bytes = readFile(temp / "good.zip");
    std::mt19937 random(20240608);
    for (int round = 0; round < 150; ++round) {
        std::string mutated = bytes;
        const int flips = 1 + round % 4;
        for (int i = 0; i < flips; ++i)
            mutated[random() % mutated.size()] = static_cast<char>(random());
        writeFile(temp / "mutated.zip", mutated);
        Result<std::unique_ptr<BundleBackend>> bundle = BundleBackend::open((temp / "mutated.zip").string());
        if (bundle.ok() && bundle.value()->mpio())
            (void)bundle.value()->mpio()->disks(bundle.value()->host());
    }
}

TEST(BundleFolder, MutatedPartsNeverCrash)
{
    TempDir temp;
    const auto files = filesBelow(kFixture);
    std::mt19937 random(8062024);
    for (int round = 0; round < 60; ++round) {
        const fs::path folder = temp / (std::string("r").append(std::to_string(round)));
        for (const auto &[name, original] : files) {
            std::string content = original;
            // Cut, flip or duplicate a stretch, differently per file and round.
            switch (random() % 4) {
            case 0: content = content.substr(0, random() % (content.size() + 1)); break;
            case 1:
                for (int i = 0; i < 3 && !content.empty(); ++i)
                    content[random() % content.size()] = static_cast<char>(random());
                break;
            case 2: content += content.substr(random() % (content.size() + 1)); break;
            default: break;
            }
            writeFile(folder / name, content);
        }
        Result<std::unique_ptr<BundleBackend>> bundle = BundleBackend::open(folder.string());
        if (!bundle.ok())
            continue; // a spoilt manifest may name another format
        (void)summary(*bundle.value());
    }
}

TEST(BundleZip, SeveralBundleFoldersAreAmbiguous)
{
    SKIP_WITHOUT_ZIP();
    TempDir temp;
    auto files = withPrefix(filesBelow(kFixture), "a/");
    auto more = withPrefix(filesBelow(kFixture), "b/");
    files.insert(files.end(), more.begin(), more.end());
    writeZip(temp / "two.zip", files);
    EXPECT_THAT(openError(temp / "two.zip"), HasSubstr("several bundle folders (a/, b/)"));
}

TEST(BundleFolder, ExtractedZipFolderOneLevelDown)
{
    TempDir temp;
    copyFixture(temp / "PathLens-bundle-SSV2");
    auto nested = openOk(temp.path());
    auto direct = openOk(kFixture);
    ASSERT_TRUE(nested && direct);
    EXPECT_EQ(summary(*nested), summary(*direct));
}

TEST(BundleFolder, AFileThatIsNoBundleIsRefusedInWords)
{
    // With libzip a file is read as a zip; a build without it opens folders only.
    TempDir temp;
    writeFile(temp / "bundle.zip", "PK\x03\x04 not really a zip");
    const std::string error = openError(temp / "bundle.zip");
    EXPECT_THAT(error, HasSubstr("open support bundle"));
#if PATHLENS_BUNDLE_ZIP
    EXPECT_THAT(error, Not(HasSubstr("folders only")));
#else
    EXPECT_THAT(error, HasSubstr("reads support bundles as folders only (no libzip)"));
#endif
}

// ============================================================ real samples

TEST(BundleSamples, RealCapturesAssembleIntoABundle)
{
    SKIP_WITHOUT_SAMPLES();
    TempDir temp;
    const fs::path folder = temp / "samples";
    assembleSampleBundle(folder);
    auto bundle = openOk(folder);
    ASSERT_TRUE(bundle && bundle->mpio() && bundle->dataCore());
    EXPECT_EQ(bundle->devices(), nullptr);

    // mpclaim: list + Disk0 detail from windows/03, Disk2 from windows/01.
    const auto disks = bundle->mpio()->disks("ssv1.akf.lan"); // the DataCore server's HostName
    ASSERT_TRUE(disks.ok()) << disks.error().toString();
    ASSERT_EQ(disks.value().size(), 3u);
    const MpioDisk &d0 = *diskNumber(disks.value(), 0);
    EXPECT_EQ(d0.systemDisk, "Disk 2");
    EXPECT_EQ(d0.serial, "6000D31004704E000000000000000008");
    EXPECT_EQ(d0.policy, LoadBalancePolicy::RoundRobin);
    ASSERT_EQ(d0.paths.size(), 4u);
    EXPECT_EQ(d0.paths[0].pathId, 0x77050007u);
    EXPECT_EQ(d0.paths[0].state, PathState::ActiveOptimized);
    EXPECT_EQ(d0.paths[0].tpgId, 61498u);
    EXPECT_EQ(d0.paths[1].state, PathState::ActiveUnoptimized);
    EXPECT_EQ(d0.paths[2].state, PathState::Standby);
    EXPECT_EQ(d0.paths[3].pathId, 0x77050002u);
    EXPECT_EQ(d0.paths[3].state, PathState::Unavailable);
    EXPECT_EQ(d0.paths[3].tpgId, 61495u);
    EXPECT_EQ(d0.paths[3].scsi, (ScsiAddress{5, 0, 2, 1}));
    EXPECT_FALSE(d0.paths[0].adapterPci); // mpclaim does not say; no mpio-paths.json here

    const MpioDisk &d2 = *diskNumber(disks.value(), 2);
    EXPECT_EQ(d2.systemDisk, "Disk 4");
    EXPECT_EQ(d2.policy, LoadBalancePolicy::RoundRobinWithSubset); // the detail names it in full
    EXPECT_EQ(d2.alua, AluaSupport::NotSupported);
    ASSERT_EQ(d2.paths.size(), 8u);
    EXPECT_EQ(std::count_if(d2.paths.begin(), d2.paths.end(),
                            [](const MpioPath &p) { return p.state == PathState::ActiveOptimized; }),
              4);
    ASSERT_TRUE(pathOf(d2, 0x7704000b));
    EXPECT_EQ(pathOf(d2, 0x7704000b)->scsi, (ScsiAddress{4, 0, 11, 1}));
    EXPECT_TRUE(diskNumber(disks.value(), 1)->paths.empty());

    const auto missing = bundle->missingParts();
    EXPECT_THAT(missing, Contains(HasSubstr("mpclaim/disk-1.txt: missing; MPIO Disk1 has no path detail")));
    EXPECT_THAT(missing, Contains("windows/adapters.json: missing"));
    EXPECT_THAT(missing, Contains("mpclaim/hw.txt: missing"));
    EXPECT_THAT(missing, Not(Contains(HasSubstr("datacore/ports.json"))));

    // DataCore: the REST responses through the colleague parsers.
    const auto ports = bundle->dataCore()->ports().value();
    ASSERT_EQ(ports.size(), 1u);
    EXPECT_EQ(ports[0].alias, "ssv1_fe2");
    EXPECT_EQ(ports[0].pci, (PciLocation{130, 0, 0}));
    EXPECT_EQ(ports[0].driverName, "DataCore QLogic 2X");
    EXPECT_EQ(ports[0].roles, RoleFrontEnd);
    const auto servers = bundle->dataCore()->servers().value();
    ASSERT_EQ(servers.size(), 1u);
    EXPECT_EQ(servers[0].hostName, "ssv1.akf.lan");
    const auto physical = bundle->dataCore()->physicalDisks().value();
    ASSERT_EQ(physical.size(), 1u);
    EXPECT_EQ(physical[0].caption, "tier-1-storage");
    EXPECT_EQ(physical[0].sizeBytes, 1073741824u);

    EXPECT_TRUE(bundle->acceptsHost("SSV1"));
    EXPECT_FALSE(bundle->acceptsHost("ssv2"));
}

TEST(BundleSamples, ZipOfRealCapturesMatchesTheFolder)
{
    SKIP_WITHOUT_SAMPLES();
    SKIP_WITHOUT_ZIP();
    TempDir temp;
    const fs::path folder = temp / "samples";
    assembleSampleBundle(folder);
    writeZip(temp / "samples.zip", withPrefix(filesBelow(folder), "samples/"));
    auto a = openOk(folder);
    auto b = openOk(temp / "samples.zip");
    ASSERT_TRUE(a && b);
    EXPECT_EQ(summary(*b), summary(*a));
}

TEST(BundleSamples, RealCapturesAsUtf16)
{
    SKIP_WITHOUT_SAMPLES();
    TempDir temp;
    const fs::path folder = temp / "samples";
    assembleSampleBundle(folder);
    auto plain = openOk(folder);
    ASSERT_TRUE(plain);
    const std::string expected = summary(*plain);
    // PowerShell's `mpclaim -s -d > list.txt` writes UTF-16LE with a BOM and CRLF.
    for (const char *name : {"mpclaim/list.txt", "mpclaim/disk-0.txt", "mpclaim/disk-2.txt"})
        writeFile(folder / name, toUtf16le(withCrlf(readFile(folder / name))));
    auto wide = openOk(folder);
    ASSERT_TRUE(wide);
    EXPECT_EQ(summary(*wide), expected);
}
