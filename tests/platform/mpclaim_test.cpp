#include "platform/mpclaim/mpclaimparser.h"
#include "platform/text/textdecode.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {
namespace {

namespace fs = std::filesystem;

// ------------------------------------------------------------ test helpers

/// One part of a capture file: the label of its "# --- label ---" line (empty
/// for a file without sections) and the text after its "# " header lines, line
/// ends as in the file.
struct Section {
    std::string label;
    std::string body;
};

/// Splits at "# --- label ---" lines and drops the "# " lines at the top of each
/// part, as samples/README.md describes.
std::vector<Section> splitSections(std::string_view text)
{
    std::vector<Section> sections(1);
    bool inHeader = true;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find_first_of("\r\n", pos);
        std::size_t next = end;
        if (end == std::string_view::npos) {
            end = next = text.size();
        } else {
            next = end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1);
        }
        const std::string_view line = text.substr(pos, end - pos);
        if (line.rfind("# --- ", 0) == 0) {
            std::string_view label = line.substr(6);
            if (label.size() >= 4 && label.substr(label.size() - 4) == " ---")
                label.remove_suffix(4);
            sections.push_back({std::string(label), {}});
            inHeader = true;
        } else if (inHeader && line.rfind("# ", 0) == 0) {
            // header line
        } else {
            inHeader = false;
            sections.back().body += text.substr(pos, next - pos);
        }
        pos = next;
    }
    if (sections.size() > 1 && sections.front().body.empty())
        sections.erase(sections.begin());
    return sections;
}

std::string readBytes(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

/// The decoded text of a capture file; fails the test when it does not decode.
std::string readText(const fs::path &path)
{
    const auto decoded = decodeText(readBytes(path));
    EXPECT_TRUE(decoded.ok()) << path << ": " << (decoded.ok() ? "" : decoded.error().toString());
    return decoded.ok() ? decoded.value() : std::string();
}

const fs::path kWindowsSamples = fs::path(PATHLENS_SAMPLES_DIR) / "windows";
const fs::path kFixtures = fs::path(PATHLENS_TEST_DATA_DIR) / "mpclaim";

/// The sample whose name starts with "NN-"; empty path when it is missing.
fs::path findSample(std::string_view number)
{
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(kWindowsSamples, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(std::string(number) + "-", 0) == 0)
            return entry.path();
    }
    return {};
}

#define SKIP_WITHOUT_SAMPLES()                                                                                        \
    do {                                                                                                               \
        if (!fs::is_directory(kWindowsSamples))                                                                        \
            GTEST_SKIP() << "samples folder not found: " << kWindowsSamples.string();                                \
    } while (false)

/// The sections of sample NN; fails the test if the sample is missing.
std::vector<Section> sampleSections(std::string_view number)
{
    const fs::path path = findSample(number);
    EXPECT_FALSE(path.empty()) << "sample " << number << "-* missing in " << kWindowsSamples;
    if (path.empty())
        return {};
    return splitSections(readText(path));
}

std::string sampleSection(std::string_view number, std::string_view labelStart)
{
    for (const Section &section : sampleSections(number)) {
        if (section.label.rfind(labelStart, 0) == 0)
            return section.body;
    }
    ADD_FAILURE() << "sample " << number << " has no section starting with \"" << labelStart << "\"";
    return {};
}

std::string fixture(std::string_view name)
{
    const auto sections = splitSections(readText(kFixtures / name));
    return sections.empty() ? std::string() : sections.front().body;
}

std::string describe(const std::vector<MpclaimWarning> &warnings)
{
    std::string text;
    for (const MpclaimWarning &w : warnings)
        text += "  line " + std::to_string(w.line) + ": " + w.message + " [" + w.text + "]\n";
    return text;
}

bool hasWarning(const std::vector<MpclaimWarning> &warnings, std::size_t line, std::string_view messagePart)
{
    return std::any_of(warnings.begin(), warnings.end(), [&](const MpclaimWarning &w) {
        return w.line == line && w.message.find(messagePart) != std::string::npos;
    });
}

struct ExpectedPath {
    std::string_view idText;
    std::uint64_t id;
    PathState state;
    ScsiAddress scsi;
    std::uint32_t weight;
};

void expectPaths(const MpclaimDiskDetail &detail, const std::vector<ExpectedPath> &expected)
{
    ASSERT_EQ(detail.disk.paths.size(), expected.size());
    ASSERT_EQ(detail.pathExtras.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        SCOPED_TRACE("path " + std::to_string(i));
        EXPECT_EQ(detail.pathExtras[i].pathIdText, expected[i].idText);
        EXPECT_EQ(detail.disk.paths[i].pathId, expected[i].id);
        EXPECT_EQ(detail.disk.paths[i].state, expected[i].state);
        EXPECT_EQ(detail.disk.paths[i].scsi, expected[i].scsi);
        EXPECT_EQ(detail.disk.paths[i].weight, expected[i].weight);
    }
}

const std::vector<LoadBalancePolicy> kMsdsmPolicies = {
    LoadBalancePolicy::FailOverOnly,    LoadBalancePolicy::RoundRobin,    LoadBalancePolicy::RoundRobinWithSubset,
    LoadBalancePolicy::LeastQueueDepth, LoadBalancePolicy::WeightedPaths, LoadBalancePolicy::LeastBlocks,
};

constexpr auto AO = PathState::ActiveOptimized;
constexpr auto AU = PathState::ActiveUnoptimized;
constexpr auto SB = PathState::Standby;
constexpr auto UA = PathState::Unavailable;

// ------------------------------------------------------------ the helpers themselves

TEST(MpclaimTestHelpers, SplitSectionsDropsHeaderLinesAndKeepsLineEnds)
{
    const auto sections = splitSections("# source: x\n# --- one ---\n# command: a\nA1\r\n# not header\n"
                                        "# --- two ---\nB1\n");
    ASSERT_EQ(sections.size(), 2u);
    EXPECT_EQ(sections[0].label, "one");
    EXPECT_EQ(sections[0].body, "A1\r\n# not header\n");
    EXPECT_EQ(sections[1].label, "two");
    EXPECT_EQ(sections[1].body, "B1\n");
}

// ------------------------------------------------------------ real captures

TEST(MpclaimSamples, Sample01VplexEightPathsRrwsNonAlua)
{
    SKIP_WITHOUT_SAMPLES();
    const auto sections = sampleSections("01");
    ASSERT_EQ(sections.size(), 1u);
    const MpclaimDiskDetail d = parseDiskDetail(sections[0].body);

    EXPECT_TRUE(d.warnings.empty()) << describe(d.warnings);
    EXPECT_TRUE(d.recognised);
    EXPECT_FALSE(d.noSuchDisk);
    EXPECT_EQ(d.disk.number, 2u);
    EXPECT_EQ(d.declaredPathCount, 8u);
    EXPECT_FALSE(d.pathCountMismatch());
    EXPECT_EQ(d.disk.policy, LoadBalancePolicy::RoundRobinWithSubset);
    EXPECT_EQ(d.policyText, "Round Robin with Subset");
    EXPECT_EQ(d.disk.alua, AluaSupport::NotSupported);
    EXPECT_EQ(d.accessText, "ALUA Not Supported");
    EXPECT_FALSE(d.symmetricAccess);
    EXPECT_EQ(d.disk.dsm, "Microsoft DSM");
    EXPECT_EQ(d.disk.serial, "6000144000000010301F14F9976C13A6");
    EXPECT_EQ(d.supportedPolicies, kMsdsmPolicies);

    expectPaths(d, {
                       {"0000000077040009", 0x77040009, AO, {4, 0, 9, 1}, 0},
                       {"0000000077040008", 0x77040008, AO, {4, 0, 8, 1}, 0},
                       {"000000007704000b", 0x7704000b, AO, {4, 0, 11, 1}, 0},
                       {"000000007704000a", 0x7704000a, AO, {4, 0, 10, 1}, 0},
                       {"0000000077040005", 0x77040005, SB, {4, 0, 5, 1}, 0},
                       {"0000000077040004", 0x77040004, SB, {4, 0, 4, 1}, 0},
                       {"0000000077040007", 0x77040007, SB, {4, 0, 7, 1}, 0},
                       {"0000000077040006", 0x77040006, SB, {4, 0, 6, 1}, 0},
                   });
    for (std::size_t i = 0; i < d.disk.paths.size(); ++i) {
        EXPECT_FALSE(d.disk.paths[i].tpgId) << "non-ALUA disk has no TPG lines";
        EXPECT_EQ(d.disk.paths[i].tpgState, PathState::Unknown);
        EXPECT_FALSE(d.disk.paths[i].preferred);
        EXPECT_TRUE(d.pathExtras[i].tpgStateText.empty());
    }
    EXPECT_EQ(d.pathExtras[0].stateText, "Active/Optimized");
}

TEST(MpclaimSamples, Sample03DiskList)
{
    SKIP_WITHOUT_SAMPLES();
    const MpclaimDiskList list = parseDiskList(sampleSection("03", "MPIO disk list"));
    EXPECT_TRUE(list.warnings.empty()) << describe(list.warnings);
    EXPECT_TRUE(list.recognised);
    ASSERT_EQ(list.disks.size(), 3u);
    for (std::uint32_t i = 0; i < 3; ++i) {
        EXPECT_EQ(list.disks[i].number, i);
        EXPECT_EQ(list.disks[i].systemDisk, "Disk " + std::to_string(i + 2)); // MPIO disk # != system disk #
        EXPECT_EQ(list.disks[i].policy, LoadBalancePolicy::RoundRobin);
        EXPECT_EQ(list.disks[i].dsm, "Microsoft DSM");
        EXPECT_TRUE(list.disks[i].paths.empty());
    }
}

TEST(MpclaimSamples, Sample03DetailMixedTpgStates)
{
    SKIP_WITHOUT_SAMPLES();
    const MpclaimDiskDetail d = parseDiskDetail(sampleSection("03", "MPIO Disk0 detail"));
    EXPECT_TRUE(d.warnings.empty()) << describe(d.warnings);
    EXPECT_EQ(d.disk.number, 0u);
    EXPECT_EQ(d.declaredPathCount, 4u);
    EXPECT_EQ(d.disk.policy, LoadBalancePolicy::RoundRobin);
    EXPECT_TRUE(d.symmetricAccess);
    EXPECT_EQ(d.accessText, "Symmetric Access");
    EXPECT_EQ(d.disk.alua, AluaSupport::Unknown) << "Symmetric Access does not say which ALUA kind";
    EXPECT_EQ(d.disk.dsm, "Microsoft DSM");
    EXPECT_EQ(d.disk.serial, "6000D31004704E000000000000000008");
    EXPECT_EQ(d.supportedPolicies, kMsdsmPolicies);

    expectPaths(d, {
                       {"0000000077050007", 0x77050007, AO, {5, 0, 7, 1}, 0},
                       {"0000000077050006", 0x77050006, AU, {5, 0, 6, 1}, 0},
                       {"0000000077050003", 0x77050003, SB, {5, 0, 3, 1}, 0},
                       {"0000000077050002", 0x77050002, UA, {5, 0, 2, 1}, 0},
                   });
    const std::uint32_t tpgIds[] = {61498, 61498, 61495, 61495};
    const std::uint32_t ports[] = {58, 58, 55, 55};
    const PathState tpgStates[] = {AO, AU, SB, UA};
    const char *tpgTexts[] = {"Active/Optimized", "Active/Unoptimized", "Standby", "Unavailable"};
    for (std::size_t i = 0; i < 4; ++i) {
        SCOPED_TRACE("path " + std::to_string(i));
        EXPECT_EQ(d.disk.paths[i].tpgId, tpgIds[i]);
        EXPECT_EQ(d.disk.paths[i].tpgState, tpgStates[i]);
        EXPECT_EQ(d.pathExtras[i].tpgStateText, tpgTexts[i]);
        EXPECT_EQ(d.pathExtras[i].targetPortId, ports[i]);
        EXPECT_FALSE(d.pathExtras[i].tpgPreferred);
        EXPECT_FALSE(d.disk.paths[i].preferred);
    }
}

TEST(MpclaimSamples, Sample05MsdsmWideFailOverOnly)
{
    SKIP_WITHOUT_SAMPLES();
    const auto sections = sampleSections("05");
    ASSERT_EQ(sections.size(), 1u);
    const MpclaimMsdsmPolicy m = parseMsdsmPolicy(sections[0].body);
    EXPECT_TRUE(m.warnings.empty()) << describe(m.warnings);
    EXPECT_TRUE(m.recognised);
    EXPECT_EQ(m.policy, LoadBalancePolicy::FailOverOnly);
    EXPECT_EQ(m.policyText, "Fail Over Only");
}

TEST(MpclaimSamples, Sample08HardwareIbm2145SasImplicitOnly)
{
    SKIP_WITHOUT_SAMPLES();
    const auto sections = sampleSections("08");
    ASSERT_EQ(sections.size(), 1u);
    const MpclaimHardwareList hw = parseHardware(sections[0].body);
    EXPECT_TRUE(hw.warnings.empty()) << describe(hw.warnings);
    EXPECT_TRUE(hw.recognised);
    ASSERT_EQ(hw.entries.size(), 1u);
    const MpclaimHardwareEntry &e = hw.entries[0];
    EXPECT_EQ(e.hardwareId, "IBM 2145               ");
    EXPECT_EQ(e.vendor, "IBM");
    EXPECT_EQ(e.product, "2145");
    EXPECT_EQ(e.busType, "SAS");
    EXPECT_TRUE(e.multipathed);
    EXPECT_EQ(e.alua, AluaSupport::ImplicitOnly);
    EXPECT_EQ(e.aluaText, "Implicit     Only");
    EXPECT_EQ(e.line, 3u);
}

TEST(MpclaimSamples, Sample13LineFragments)
{
    SKIP_WITHOUT_SAMPLES();
    const MpclaimDiskDetail header = parseDiskDetail(sampleSection("13", "header line"));
    EXPECT_EQ(header.disk.number, 0u);
    EXPECT_EQ(header.declaredPathCount, 2u);
    EXPECT_EQ(header.disk.policy, LoadBalancePolicy::RoundRobin);
    EXPECT_EQ(header.disk.alua, AluaSupport::NotSupported);
    EXPECT_TRUE(header.disk.paths.empty());
    // The fragment has no rows: the count disagreement is flagged, not hidden.
    EXPECT_TRUE(header.pathCountMismatch());
    EXPECT_TRUE(hasWarning(header.warnings, 1, "declares 2 paths, 0 listed")) << describe(header.warnings);

    const MpclaimDiskDetail dsm = parseDiskDetail(sampleSection("13", "DSM line"));
    EXPECT_EQ(dsm.disk.dsm, "Microsoft DSM");
    EXPECT_TRUE(dsm.recognised);
    EXPECT_TRUE(hasWarning(dsm.warnings, 0, "no \"MPIO Disk<N>:\" header")) << describe(dsm.warnings);

    const MpclaimDiskDetail sn = parseDiskDetail(sampleSection("13", "SN line"));
    EXPECT_EQ(sn.disk.serial, "606E806D192000D192001042") << "trailing padding trimmed";

    const MpclaimDiskDetail row = parseDiskDetail(sampleSection("13", "path row"));
    ASSERT_EQ(row.warnings.size(), 1u) << describe(row.warnings); // only the missing header
    expectPaths(row, {{"0000000077080000", 0x77080000, AO, {8, 0, 0, 0}, 0}});
}

TEST(MpclaimSamples, Sample15TargetAndMsdsmPolicies)
{
    SKIP_WITHOUT_SAMPLES();
    const MpclaimTargetPolicies set = parseTargetPolicies(sampleSection("15", "mpclaim -s -t, policy set"));
    EXPECT_TRUE(set.warnings.empty()) << describe(set.warnings);
    EXPECT_TRUE(set.recognised);
    ASSERT_EQ(set.targets.size(), 1u);
    EXPECT_EQ(set.targets[0].hardwareId, "ABC     123             ");
    EXPECT_EQ(set.targets[0].vendor, "ABC");
    EXPECT_EQ(set.targets[0].product, "123");
    EXPECT_EQ(set.targets[0].policy, LoadBalancePolicy::RoundRobin);
    EXPECT_EQ(set.targets[0].policyText, "RR");

    const MpclaimTargetPolicies none = parseTargetPolicies(sampleSection("15", "mpclaim -s -t, none set"));
    EXPECT_TRUE(none.warnings.empty()) << describe(none.warnings);
    EXPECT_TRUE(none.recognised);
    EXPECT_TRUE(none.targets.empty());

    const MpclaimMsdsmPolicy mNone = parseMsdsmPolicy(sampleSection("15", "mpclaim -s -m, none set"));
    EXPECT_TRUE(mNone.warnings.empty()) << describe(mNone.warnings);
    EXPECT_TRUE(mNone.recognised);
    EXPECT_FALSE(mNone.policy);

    const MpclaimMsdsmPolicy mSet = parseMsdsmPolicy(sampleSection("15", "mpclaim -s -m, policy set"));
    EXPECT_TRUE(mSet.warnings.empty()) << describe(mSet.warnings);
    EXPECT_EQ(mSet.policy, LoadBalancePolicy::RoundRobin);
}

TEST(MpclaimSamples, EverySampleSurvivesEveryParser)
{
    SKIP_WITHOUT_SAMPLES();
    for (const char *number : {"01", "03", "05", "08", "13", "15"}) {
        for (const Section &section : sampleSections(number)) {
            // Wrong-parser inputs only produce warnings; nothing throws.
            (void)parseDiskList(section.body);
            (void)parseDiskDetail(section.body);
            (void)parseDiskDetails(section.body);
            (void)parseHardware(section.body);
            (void)parseMsdsmPolicy(section.body);
            (void)parseTargetPolicies(section.body);
        }
    }
}

// ------------------------------------------------------------ own fixtures

TEST(MpclaimFixtures, AluaEightPathsWithPreferredTpg)
{
    const MpclaimDiskDetail d = parseDiskDetail(fixture("disk-alua-8paths-preferred-tpg.txt"));
    EXPECT_TRUE(d.warnings.empty()) << describe(d.warnings);
    EXPECT_EQ(d.disk.number, 5u);
    EXPECT_EQ(d.disk.policy, LoadBalancePolicy::RoundRobinWithSubset);
    EXPECT_EQ(d.disk.alua, AluaSupport::ImplicitOnly);
    EXPECT_EQ(d.disk.serial, "60050768028086D0E800000000000123");
    expectPaths(d, {
                       {"0000000077030000", 0x77030000, AO, {3, 0, 0, 5}, 0},
                       {"0000000077030001", 0x77030001, AO, {3, 0, 1, 5}, 0},
                       {"0000000077040000", 0x77040000, AO, {4, 0, 0, 5}, 0},
                       {"0000000077040001", 0x77040001, AO, {4, 0, 1, 5}, 0},
                       {"000000007703000a", 0x7703000a, AU, {3, 0, 10, 5}, 0},
                       {"000000007703000b", 0x7703000b, AU, {3, 0, 11, 5}, 0},
                       {"000000007704000a", 0x7704000a, AU, {4, 0, 10, 5}, 0},
                       {"000000007704000b", 0x7704000b, AU, {4, 0, 11, 5}, 0},
                   });
    for (std::size_t i = 0; i < 8; ++i) {
        SCOPED_TRACE("path " + std::to_string(i));
        const bool first = i < 4;
        EXPECT_EQ(d.pathExtras[i].tpgPreferred, first) << "'*' with and without a space before TPG_State";
        EXPECT_FALSE(d.disk.paths[i].preferred) << "a preferred TPG is not a preferred path";
        EXPECT_EQ(d.disk.paths[i].tpgId, first ? 0u : 1u);
        EXPECT_EQ(d.disk.paths[i].tpgState, first ? AO : AU);
    }
    EXPECT_EQ(d.pathExtras[3].targetPortId, 4u);
    EXPECT_EQ(d.pathExtras[7].targetPortId, 1028u);
    EXPECT_EQ(d.pathExtras[4].line, 17u);
}

TEST(MpclaimFixtures, VanishedPathTrustsRowsAndFlagsTheHeader)
{
    const MpclaimDiskDetail d = parseDiskDetail(fixture("disk-vanished-path.txt"));
    EXPECT_EQ(d.declaredPathCount, 4u);
    EXPECT_EQ(d.disk.paths.size(), 3u);
    EXPECT_TRUE(d.pathCountMismatch());
    ASSERT_EQ(d.warnings.size(), 1u) << describe(d.warnings);
    EXPECT_EQ(d.warnings[0].line, 2u); // the header (after the blank first line)
    EXPECT_NE(d.warnings[0].message.find("declares 4 paths, 3 listed"), std::string::npos);
    EXPECT_EQ(d.warnings[0].text, "MPIO Disk1: 04 Paths, Round Robin, ALUA Not Supported");
    expectPaths(d, {
                       {"0000000077010000", 0x77010000, AO, {1, 0, 0, 2}, 0},
                       {"0000000077010001", 0x77010001, AO, {1, 0, 1, 2}, 0},
                       {"0000000077020001", 0x77020001, AO, {2, 0, 1, 2}, 0},
                   });
}

TEST(MpclaimFixtures, FailOverOnlyPreferredPathAndWeights)
{
    const MpclaimDiskDetail d = parseDiskDetail(fixture("disk-foo-preferred-path.txt"));
    EXPECT_TRUE(d.warnings.empty()) << describe(d.warnings);
    EXPECT_EQ(d.disk.number, 7u);
    EXPECT_EQ(d.disk.policy, LoadBalancePolicy::FailOverOnly);
    EXPECT_EQ(d.disk.alua, AluaSupport::ExplicitOnly);
    expectPaths(d, {
                       {"0000000077060001", 0x77060001, AO, {6, 0, 1, 0}, 25},
                       {"0000000077060002", 0x77060002, SB, {6, 0, 2, 0}, 10},
                       {"0000000077070001", 0x77070001, SB, {7, 0, 1, 0}, 1},
                   });
    EXPECT_TRUE(d.disk.paths[0].preferred);
    EXPECT_FALSE(d.disk.paths[1].preferred);
    EXPECT_FALSE(d.disk.paths[2].preferred);
    EXPECT_EQ(d.disk.paths[1].tpgState, AO) << "Standby under FOO while its TPG is optimised";
    EXPECT_EQ(d.disk.paths[2].tpgId, 2u);
}

TEST(MpclaimFixtures, PreferredMarkerSeparatedBySpace)
{
    const MpclaimDiskDetail d = parseDiskDetail("MPIO Disk1: 01 Paths, Fail Over Only, ALUA Not Supported\n"
                                                "  * 0000000077060001 Active/Optimized   006|000|001|000   0\n");
    EXPECT_TRUE(d.warnings.empty()) << describe(d.warnings);
    ASSERT_EQ(d.disk.paths.size(), 1u);
    EXPECT_TRUE(d.disk.paths[0].preferred);
    EXPECT_EQ(d.pathExtras[0].pathIdText, "0000000077060001");
}

TEST(MpclaimFixtures, CrlfLineEnds)
{
    const std::string text = fixture("disk-crlf.txt");
    ASSERT_NE(text.find("\r\n"), std::string::npos) << "fixture lost its CRLF line ends";
    const MpclaimDiskDetail d = parseDiskDetail(text);
    EXPECT_TRUE(d.warnings.empty()) << describe(d.warnings);
    EXPECT_EQ(d.disk.serial, "6001405ABCDEF0123456789ABCDEF012") << "no CR left on values";
    EXPECT_EQ(d.disk.alua, AluaSupport::ExplicitOnly);
    ASSERT_EQ(d.disk.paths.size(), 3u);
    EXPECT_EQ(d.disk.paths[0].weight, 25u);
    EXPECT_EQ(d.disk.paths[2].tpgId, 2u);
    EXPECT_EQ(d.pathExtras[2].targetPortId, 17u);
}

TEST(MpclaimFixtures, Utf16LittleEndianFileAsPowerShellWritesIt)
{
    const std::string bytes = readBytes(kFixtures / "disk-utf16le.txt");
    ASSERT_GE(bytes.size(), 2u);
    ASSERT_EQ(bytes.substr(0, 2), "\xFF\xFE");
    const MpclaimDiskDetail fromUtf16 = parseDiskDetail(fixture("disk-utf16le.txt"));
    const MpclaimDiskDetail fromUtf8 = parseDiskDetail(fixture("disk-foo-preferred-path.txt"));
    EXPECT_TRUE(fromUtf16.warnings.empty()) << describe(fromUtf16.warnings);
    EXPECT_EQ(fromUtf16.disk.serial, fromUtf8.disk.serial);
    ASSERT_EQ(fromUtf16.disk.paths.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(fromUtf16.pathExtras[i].pathIdText, fromUtf8.pathExtras[i].pathIdText);
        EXPECT_EQ(fromUtf16.disk.paths[i].state, fromUtf8.disk.paths[i].state);
        EXPECT_EQ(fromUtf16.disk.paths[i].tpgId, fromUtf8.disk.paths[i].tpgId);
    }
}

TEST(MpclaimFixtures, Utf16BytesPassedWithoutDecodingAreFlagged)
{
    // A caller that forgets decodeText gets a warning, not a silent empty disk.
    const std::string bytes = readBytes(kFixtures / "disk-utf16le.txt");
    const MpclaimDiskDetail d = parseDiskDetail(bytes);
    EXPECT_FALSE(d.recognised);
    EXPECT_TRUE(hasWarning(d.warnings, 0, "NUL bytes")) << describe(d.warnings);
}

TEST(MpclaimFixtures, Utf16BigEndianAndBomVariants)
{
    const std::string utf8 = "MPIO Disk4: 01 Paths, Least Blocks, ALUA Not Supported\r\n"
                             "0000000077010000 Active/Optimized   001|000|000|000   0\r\n";
    std::string be = "\xFE\xFF";
    for (const char c : utf8) {
        be += '\0';
        be += c;
    }
    const auto decoded = decodeText(be);
    ASSERT_TRUE(decoded.ok());
    const MpclaimDiskDetail d = parseDiskDetail(*decoded);
    EXPECT_TRUE(d.warnings.empty()) << describe(d.warnings);
    EXPECT_EQ(d.disk.policy, LoadBalancePolicy::LeastBlocks);
    EXPECT_EQ(d.disk.paths.size(), 1u);

    // A UTF-8 BOM left in the text is tolerated by the parser itself.
    const MpclaimDiskDetail withBom = parseDiskDetail("\xEF\xBB\xBF" + utf8);
    EXPECT_TRUE(withBom.warnings.empty()) << describe(withBom.warnings);
    EXPECT_EQ(withBom.disk.number, 4u);
}

TEST(MpclaimFixtures, AllPoliciesInOneConcatenatedFile)
{
    const std::vector<MpclaimDiskDetail> disks = parseDiskDetails(fixture("disks-all-policies.txt"));
    ASSERT_EQ(disks.size(), 9u);
    struct Expected {
        LoadBalancePolicy policy;
        std::string_view policyText;
        AluaSupport alua;
        bool symmetric;
    };
    const Expected expected[] = {
        {LoadBalancePolicy::FailOverOnly, "Fail-Over Only", AluaSupport::NotSupported, false},
        {LoadBalancePolicy::RoundRobin, "Round Robin", AluaSupport::Unknown, true},
        {LoadBalancePolicy::RoundRobinWithSubset, "Round Robin with Subset", AluaSupport::ImplicitOnly, false},
        {LoadBalancePolicy::LeastQueueDepth, "Dynamic Least Queue Depth", AluaSupport::ExplicitOnly, false},
        {LoadBalancePolicy::WeightedPaths, "Weighted Paths", AluaSupport::ImplicitAndExplicit, false},
        {LoadBalancePolicy::LeastBlocks, "Least Blocks", AluaSupport::NotSupported, false},
        {LoadBalancePolicy::VendorSpecific, "Vendor Specific", AluaSupport::NotSupported, false},
        {LoadBalancePolicy::FailOverOnly, "Fail Over Only", AluaSupport::NotSupported, false},
    };
    for (std::uint32_t i = 0; i < 8; ++i) {
        SCOPED_TRACE("MPIO Disk" + std::to_string(i));
        const MpclaimDiskDetail &d = disks[i];
        EXPECT_TRUE(d.warnings.empty()) << describe(d.warnings);
        EXPECT_EQ(d.disk.number, i);
        EXPECT_EQ(d.disk.policy, expected[i].policy);
        EXPECT_EQ(d.policyText, expected[i].policyText);
        EXPECT_EQ(d.disk.alua, expected[i].alua);
        EXPECT_EQ(d.symmetricAccess, expected[i].symmetric);
        const std::string serial = i == 6 ? "60050768028086D0E800000000000106"
                                          : "6000D31004704E00000000000000010" + std::to_string(i);
        EXPECT_EQ(d.disk.serial, serial);
        EXPECT_EQ(d.disk.paths.size(), d.declaredPathCount.value_or(99));
    }
    EXPECT_EQ(disks[4].disk.paths[0].weight, 25u);
    EXPECT_EQ(disks[4].disk.paths[1].weight, 75u);
    EXPECT_EQ(disks[6].disk.dsm, "IBM SDDDSM");
    EXPECT_EQ(disks[6].supportedPolicies, std::vector<LoadBalancePolicy>{LoadBalancePolicy::VendorSpecific});
    EXPECT_EQ(disks[7].declaredPathCount, 1u) << "singular \"Path\"";
    EXPECT_EQ(disks[2].disk.paths[1].tpgState, AU);
    EXPECT_EQ(disks[2].disk.paths[1].tpgId, 2u);

    EXPECT_TRUE(disks[8].noSuchDisk);
    EXPECT_TRUE(disks[8].disk.paths.empty());
    EXPECT_TRUE(disks[8].warnings.empty()) << describe(disks[8].warnings);
}

TEST(MpclaimFixtures, SingleDetailParserStopsAtASecondDisk)
{
    const MpclaimDiskDetail d = parseDiskDetail(fixture("disks-all-policies.txt"));
    EXPECT_EQ(d.disk.number, 0u);
    EXPECT_EQ(d.disk.paths.size(), 2u);
    ASSERT_EQ(d.warnings.size(), 1u) << describe(d.warnings);
    EXPECT_EQ(d.warnings[0].line, 11u);
    EXPECT_NE(d.warnings[0].message.find("another disk's output"), std::string::npos);
}

TEST(MpclaimFixtures, VendorDsmWithSpacesInItsName)
{
    const MpclaimDiskDetail d = parseDiskDetail(fixture("disk-vendor-dsm.txt"));
    EXPECT_TRUE(d.warnings.empty()) << describe(d.warnings);
    EXPECT_EQ(d.disk.dsm, "Dell EMC PowerPath DSM");
    EXPECT_EQ(d.disk.policy, LoadBalancePolicy::VendorSpecific);
    EXPECT_EQ(d.disk.paths.size(), 2u);
}

TEST(MpclaimFixtures, ElementNotFoundMeansNoSuchDisk)
{
    const MpclaimDiskDetail d = parseDiskDetail(fixture("disk-element-not-found.txt"));
    EXPECT_TRUE(d.noSuchDisk);
    EXPECT_TRUE(d.recognised);
    EXPECT_TRUE(d.disk.paths.empty());
    EXPECT_TRUE(d.warnings.empty()) << describe(d.warnings);

    EXPECT_TRUE(parseDiskDetail("Error: Element not found.\r\n").noSuchDisk);
}

TEST(MpclaimFixtures, UnknownLinesBecomeWarnings)
{
    const MpclaimDiskDetail d = parseDiskDetail(fixture("disk-unknown-lines.txt"));
    // Line numbers count from the first line after the "# " header lines.
    EXPECT_TRUE(hasWarning(d.warnings, 2, "ALUA state \"Asymmetric Access\" not understood")) << describe(d.warnings);
    EXPECT_TRUE(hasWarning(d.warnings, 5, "supported policy \"XYZ\"")) << describe(d.warnings);
    EXPECT_TRUE(hasWarning(d.warnings, 6, "line not understood")) << describe(d.warnings);
    EXPECT_TRUE(hasWarning(d.warnings, 12, "path state \"Removal Pending\"")) << describe(d.warnings);
    EXPECT_TRUE(hasWarning(d.warnings, 14, "more columns")) << describe(d.warnings);
    EXPECT_TRUE(hasWarning(d.warnings, 16, "TPG line without a path row")) << describe(d.warnings);
    EXPECT_TRUE(hasWarning(d.warnings, 17, "line not understood")) << describe(d.warnings);
    EXPECT_EQ(d.warnings.size(), 7u) << describe(d.warnings);
    EXPECT_EQ(d.warnings[2].text, "    Some future line mpclaim might print") << "text kept as read";

    EXPECT_EQ(d.disk.alua, AluaSupport::Unknown);
    EXPECT_EQ(d.accessText, "Asymmetric Access");
    EXPECT_EQ(d.supportedPolicies.size(), 6u);
    ASSERT_EQ(d.disk.paths.size(), 3u) << "rows with unknown words are kept";
    EXPECT_EQ(d.disk.paths[1].state, PathState::Unknown);
    EXPECT_EQ(d.pathExtras[1].stateText, "Removal Pending");
    EXPECT_EQ(d.disk.paths[1].tpgState, PathState::Offline); // SPC-4's ALUA state Eh
    EXPECT_EQ(d.pathExtras[1].tpgStateText, "Offline");
    EXPECT_EQ(d.disk.paths[1].tpgId, 2u);
    EXPECT_EQ(d.pathExtras[2].targetPortId, 3u) << "first TPG line after the row is the one used";
}

TEST(MpclaimFixtures, TruncatedMidRow)
{
    const MpclaimDiskDetail d = parseDiskDetail(fixture("disk-truncated.txt"));
    EXPECT_EQ(d.declaredPathCount, 4u);
    ASSERT_EQ(d.disk.paths.size(), 3u);
    EXPECT_EQ(d.pathExtras[2].pathIdText, "0000000077050003");
    EXPECT_TRUE(hasWarning(d.warnings, 17, "without a SCSI address (truncated?)")) << describe(d.warnings);
    EXPECT_TRUE(hasWarning(d.warnings, 17, "no line end")) << describe(d.warnings);
    EXPECT_TRUE(hasWarning(d.warnings, 1, "declares 4 paths, 3 listed")) << describe(d.warnings);
    EXPECT_EQ(d.warnings.size(), 3u) << describe(d.warnings);
}

TEST(MpclaimFixtures, TruncatedAtEveryByteNeverCrashesAndNeverInventsPaths)
{
    for (const char *name : {"disk-alua-8paths-preferred-tpg.txt", "disk-foo-preferred-path.txt", "disk-crlf.txt"}) {
        const std::string text = fixture(name);
        const std::size_t full = parseDiskDetail(text).disk.paths.size();
        for (std::size_t cut = 0; cut <= text.size(); ++cut) {
            const MpclaimDiskDetail d = parseDiskDetail(std::string_view(text).substr(0, cut));
            ASSERT_LE(d.disk.paths.size(), full) << name << " cut at " << cut;
            ASSERT_EQ(d.pathExtras.size(), d.disk.paths.size());
            for (const MpclaimPathExtra &extra : d.pathExtras)
                ASSERT_EQ(extra.pathIdText.size(), 16u) << name << " cut at " << cut;
            // A cut inside a line is always reported: its last value may be short.
            const std::string_view head = std::string_view(text).substr(0, cut);
            const std::size_t lineStart = head.find_last_of("\r\n") + 1; // npos + 1 == 0
            const bool cutInsideLine = head.substr(lineStart).find_first_not_of(' ') != std::string_view::npos;
            if (cutInsideLine) {
                ASSERT_FALSE(d.warnings.empty()) << name << " cut at " << cut;
            }
        }
    }
    const std::string list = fixture("list-vendor-dsm.txt");
    for (std::size_t cut = 0; cut <= list.size(); ++cut)
        ASSERT_LE(parseDiskList(std::string_view(list).substr(0, cut)).disks.size(), 8u);
}

TEST(MpclaimFixtures, GarbageBytesNeverCrash)
{
    std::mt19937 random(20240611); // fixed seed: the same bytes every run
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> length(0, 4096);
    const std::string detail = fixture("disk-alua-8paths-preferred-tpg.txt");
    for (int round = 0; round < 300; ++round) {
        std::string bytes(static_cast<std::size_t>(length(random)), '\0');
        for (char &c : bytes)
            c = static_cast<char>(byte(random));
        // Half the rounds: a real output with random bytes flipped, which
        // reaches deeper into the row grammar than pure noise.
        if (round % 2 == 1) {
            bytes = detail;
            for (int flips = 0; flips < 20; ++flips)
                bytes[static_cast<std::size_t>(random() % bytes.size())] = static_cast<char>(byte(random));
        }
        const auto list = parseDiskList(bytes);
        const auto d = parseDiskDetail(bytes);
        const auto all = parseDiskDetails(bytes);
        const auto hw = parseHardware(bytes);
        const auto m = parseMsdsmPolicy(bytes);
        const auto t = parseTargetPolicies(bytes);
        ASSERT_EQ(d.pathExtras.size(), d.disk.paths.size());
        for (const auto &w : d.warnings)
            ASSERT_LE(w.text.size(), 512u);
        (void)list;
        (void)all;
        (void)hw;
        (void)m;
        (void)t;
        (void)decodeText(bytes);
    }
}

TEST(MpclaimFixtures, DiskListEveryAbbreviationAndVendorDsms)
{
    const MpclaimDiskList list = parseDiskList(fixture("list-vendor-dsm.txt"));
    EXPECT_TRUE(list.warnings.empty()) << describe(list.warnings);
    ASSERT_EQ(list.disks.size(), 8u);
    const LoadBalancePolicy policies[] = {
        LoadBalancePolicy::FailOverOnly,  LoadBalancePolicy::RoundRobin,  LoadBalancePolicy::RoundRobinWithSubset,
        LoadBalancePolicy::LeastQueueDepth, LoadBalancePolicy::WeightedPaths, LoadBalancePolicy::LeastBlocks,
        LoadBalancePolicy::VendorSpecific, LoadBalancePolicy::VendorSpecific,
    };
    for (std::uint32_t i = 0; i < 8; ++i) {
        EXPECT_EQ(list.disks[i].number, i);
        EXPECT_EQ(list.disks[i].policy, policies[i]);
    }
    EXPECT_EQ(list.disks[6].systemDisk, "Disk 12");
    EXPECT_EQ(list.disks[6].dsm, "IBM SDDDSM");
    EXPECT_EQ(list.disks[7].dsm, "Dell EMC PowerPath DSM");
}

TEST(MpclaimFixtures, DiskListUnknownAbbreviationAndJunk)
{
    const MpclaimDiskList list = parseDiskList("MPIO Disk    System Disk  LB Policy    DSM Name\n"
                                               "MPIO Disk0   Disk 2       ZZZ          Microsoft DSM\n"
                                               "C:\\> mpclaim -s -d\n"
                                               "MPIO Disk1   Disk 3\n");
    ASSERT_EQ(list.disks.size(), 1u);
    EXPECT_EQ(list.disks[0].policy, LoadBalancePolicy::Unknown);
    EXPECT_TRUE(hasWarning(list.warnings, 2, "\"ZZZ\" not understood")) << describe(list.warnings);
    EXPECT_TRUE(hasWarning(list.warnings, 3, "line not understood")) << describe(list.warnings);
    EXPECT_TRUE(hasWarning(list.warnings, 4, "truncated?")) << describe(list.warnings);
}

TEST(MpclaimFixtures, DuplicatesAreReportedWithTheirLines)
{
    const MpclaimDiskList list = parseDiskList("MPIO Disk0   Disk 2       RR           Microsoft DSM\n"
                                               "MPIO Disk1   Disk 3       RR           Microsoft DSM\n"
                                               "MPIO Disk0   Disk 4       RR           Microsoft DSM\n");
    EXPECT_EQ(list.disks.size(), 3u) << "kept, as printed";
    ASSERT_EQ(list.warnings.size(), 1u) << describe(list.warnings);
    EXPECT_EQ(list.warnings[0].line, 3u);
    EXPECT_NE(list.warnings[0].message.find("MPIO Disk0 listed twice"), std::string::npos);

    const MpclaimDiskDetail d = parseDiskDetail("MPIO Disk1: 02 Paths, Round Robin, ALUA Not Supported\n"
                                                "0000000077010000 Active/Optimized   001|000|000|002   0\n"
                                                "0000000077010000 Active/Optimized   001|000|000|002   0\n");
    EXPECT_EQ(d.disk.paths.size(), 2u);
    ASSERT_EQ(d.warnings.size(), 1u) << describe(d.warnings);
    EXPECT_EQ(d.warnings[0].line, 3u);
    EXPECT_NE(d.warnings[0].message.find("0000000077010000 listed twice"), std::string::npos);
}

TEST(MpclaimFixtures, HardwareWithWrappedHeader)
{
    const MpclaimHardwareList hw = parseHardware(fixture("hw-wrapped-header.txt"));
    EXPECT_TRUE(hw.warnings.empty()) << describe(hw.warnings);
    ASSERT_EQ(hw.entries.size(), 4u);
    EXPECT_EQ(hw.entries[0].hardwareId, "DGC     VRAID           ");
    EXPECT_EQ(hw.entries[0].vendor, "DGC");
    EXPECT_EQ(hw.entries[0].product, "VRAID");
    EXPECT_EQ(hw.entries[0].busType, "Fibre");
    EXPECT_TRUE(hw.entries[0].multipathed);
    EXPECT_EQ(hw.entries[0].alua, AluaSupport::ImplicitOnly);
    EXPECT_EQ(hw.entries[1].vendor, "3PARdata");
    EXPECT_EQ(hw.entries[1].product, "VV");
    EXPECT_EQ(hw.entries[1].alua, AluaSupport::ImplicitAndExplicit);
    EXPECT_EQ(hw.entries[2].product, "Virtual HD");
    EXPECT_EQ(hw.entries[2].busType, "iSCSI");
    EXPECT_FALSE(hw.entries[2].multipathed);
    EXPECT_EQ(hw.entries[2].alua, AluaSupport::NotSupported);
    EXPECT_EQ(hw.entries[3].alua, AluaSupport::ExplicitOnly);
    EXPECT_EQ(hw.entries[3].busType, "SAS");
}

TEST(MpclaimFixtures, HardwareOddRows)
{
    const MpclaimHardwareList hw = parseHardware("\"Target H/W Identifier  \"    Bus Type   MPIO-ed     ALUA Support\n"
                                                 "---------------------------------------\n"
                                                 "\"ACME    Array            \"   Fibre   YES   Sometimes\n"
                                                 "\"ACME    Arr\n"
                                                 "\"ACME    Array2           \"   Fibre\n");
    ASSERT_EQ(hw.entries.size(), 1u);
    EXPECT_EQ(hw.entries[0].alua, AluaSupport::Unknown);
    EXPECT_TRUE(hasWarning(hw.warnings, 3, "\"Sometimes\" not understood")) << describe(hw.warnings);
    EXPECT_TRUE(hasWarning(hw.warnings, 4, "closing quote")) << describe(hw.warnings);
    EXPECT_TRUE(hasWarning(hw.warnings, 5, "YES/NO")) << describe(hw.warnings);
}

TEST(MpclaimFixtures, TargetPolicies)
{
    const MpclaimTargetPolicies t = parseTargetPolicies(fixture("target-policies.txt"));
    EXPECT_TRUE(t.warnings.empty()) << describe(t.warnings);
    ASSERT_EQ(t.targets.size(), 3u);
    EXPECT_EQ(t.targets[0].vendor, "DGC");
    EXPECT_EQ(t.targets[0].policy, LoadBalancePolicy::LeastQueueDepth);
    EXPECT_EQ(t.targets[1].hardwareId, "IBM     2145            ");
    EXPECT_EQ(t.targets[1].policy, LoadBalancePolicy::RoundRobin);
    EXPECT_EQ(t.targets[2].product, "LUN C-Mode");
    EXPECT_EQ(t.targets[2].policy, LoadBalancePolicy::FailOverOnly);
}

TEST(MpclaimFixtures, MsdsmPolicySpellingsAndJunk)
{
    EXPECT_EQ(parseMsdsmPolicy("MSDSM-wide Load Balance Policy: Least Queue Depth\r\n").policy,
              LoadBalancePolicy::LeastQueueDepth);
    EXPECT_EQ(parseMsdsmPolicy("MSDSM-wide Load Balance Policy: Fail-Over Only").policy,
              LoadBalancePolicy::FailOverOnly);
    const MpclaimMsdsmPolicy odd = parseMsdsmPolicy("MSDSM-wide Load Balance Policy: Sideways\nhello\n");
    EXPECT_EQ(odd.policy, LoadBalancePolicy::Unknown);
    EXPECT_EQ(odd.policyText, "Sideways");
    EXPECT_TRUE(hasWarning(odd.warnings, 1, "\"Sideways\" not understood")) << describe(odd.warnings);
    EXPECT_TRUE(hasWarning(odd.warnings, 2, "line not understood")) << describe(odd.warnings);
    const MpclaimMsdsmPolicy empty = parseMsdsmPolicy("");
    EXPECT_FALSE(empty.recognised);
    EXPECT_FALSE(empty.policy);
}

// ------------------------------------------------------------ vocabulary

TEST(MpclaimVocabulary, PolicyNamesNumbersAndAbbreviations)
{
    struct Case {
        std::string_view text;
        LoadBalancePolicy policy;
    };
    const Case cases[] = {
        {"FOO", LoadBalancePolicy::FailOverOnly},
        {"Fail Over Only", LoadBalancePolicy::FailOverOnly},
        {"Fail-Over Only", LoadBalancePolicy::FailOverOnly},
        {"1", LoadBalancePolicy::FailOverOnly},
        {"RR", LoadBalancePolicy::RoundRobin},
        {"round  robin", LoadBalancePolicy::RoundRobin},
        {"Round Robin with Subset", LoadBalancePolicy::RoundRobinWithSubset},
        {"rrws", LoadBalancePolicy::RoundRobinWithSubset},
        {"Least Queue Depth", LoadBalancePolicy::LeastQueueDepth},
        {"Dynamic Least Queue Depth", LoadBalancePolicy::LeastQueueDepth},
        {"Weighted Paths", LoadBalancePolicy::WeightedPaths},
        {"5", LoadBalancePolicy::WeightedPaths},
        {"Least Blocks", LoadBalancePolicy::LeastBlocks},
        {"LB", LoadBalancePolicy::LeastBlocks},
        {"Vendor Specific", LoadBalancePolicy::VendorSpecific},
        {"Vendor-Specific", LoadBalancePolicy::VendorSpecific},
        {"VS", LoadBalancePolicy::VendorSpecific},
    };
    for (const Case &c : cases)
        EXPECT_EQ(parseLoadBalancePolicy(c.text), c.policy) << c.text;
    EXPECT_FALSE(parseLoadBalancePolicy("0")) << "0 clears the policy; it is none";
    EXPECT_FALSE(parseLoadBalancePolicy("8"));
    EXPECT_FALSE(parseLoadBalancePolicy(""));
    EXPECT_FALSE(parseLoadBalancePolicy("Round"));

    // Every policy's own spellings from types.h read back.
    for (int n = 1; n <= 7; ++n) {
        const auto policy = static_cast<LoadBalancePolicy>(n);
        EXPECT_EQ(parseLoadBalancePolicy(toString(policy)), policy);
        EXPECT_EQ(parseLoadBalancePolicy(toShortString(policy)), policy);
    }
}

TEST(MpclaimVocabulary, PathStatesAndAlua)
{
    EXPECT_EQ(parsePathState("Active/Optimized"), PathState::ActiveOptimized);
    EXPECT_EQ(parsePathState("active/unoptimized"), PathState::ActiveUnoptimized);
    EXPECT_EQ(parsePathState("Active/Non-optimized"), PathState::ActiveUnoptimized);
    EXPECT_EQ(parsePathState("StandBy"), PathState::Standby);
    EXPECT_EQ(parsePathState("Unavailable"), PathState::Unavailable);
    EXPECT_EQ(parsePathState("Transitioning"), PathState::Transitioning);
    EXPECT_FALSE(parsePathState("Failed?"));
    EXPECT_FALSE(parsePathState(""));

    EXPECT_EQ(parseAluaSupport("ALUA Not Supported"), AluaSupport::NotSupported);
    EXPECT_EQ(parseAluaSupport("Implicit     Only"), AluaSupport::ImplicitOnly);
    EXPECT_EQ(parseAluaSupport("Explicit Only"), AluaSupport::ExplicitOnly);
    EXPECT_EQ(parseAluaSupport("Implicit and Explicit"), AluaSupport::ImplicitAndExplicit);
    EXPECT_FALSE(parseAluaSupport("Symmetric Access"));
    for (int n = 1; n <= 4; ++n) {
        const auto alua = static_cast<AluaSupport>(n);
        EXPECT_EQ(parseAluaSupport(toString(alua)), alua);
    }
}

TEST(MpclaimVocabulary, ManyDisksParseIntoOneEntryEach)
{
    std::string text;
    for (int disk = 0; disk < 64; ++disk) {
        text += "MPIO Disk" + std::to_string(disk) + ": 02 Paths, Round Robin with Subset, Implicit Only\n"
                "    Controlling DSM: Microsoft DSM\n    SN: 6000D31000000000000000000000" + std::to_string(1000 + disk)
                + "\n\n    Path ID          State              SCSI Address      Weight\n"
                  "    ---------------------------------------------------------------------------\n"
                  "    0000000077030000 Active/Optimized   003|000|000|001   0\n"
                  "      TPG_State : Active/Optimized  , TPG_Id: 1, : 1\n"
                  "    0000000077040000 Active/Unoptimized   004|000|000|001   0\n"
                  "      TPG_State : Active/Unoptimized  , TPG_Id: 2, : 2\n\n";
    }
    const auto disks = parseDiskDetails(text);
    ASSERT_EQ(disks.size(), 64u);
    for (std::uint32_t i = 0; i < 64; ++i) {
        EXPECT_EQ(disks[i].disk.number, i);
        EXPECT_EQ(disks[i].disk.paths.size(), 2u);
        EXPECT_TRUE(disks[i].warnings.empty()) << describe(disks[i].warnings);
    }
    EXPECT_TRUE(parseDiskDetails("").empty());
    EXPECT_TRUE(parseDiskDetails("\n\n").empty());
}

} // namespace
} // namespace pathlens
