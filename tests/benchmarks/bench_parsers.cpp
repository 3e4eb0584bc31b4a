// Parser throughput on a large server: 1,024 MPIO disks with 8 ALUA paths
// each, as `mpclaim -s -d N` prints them. Budget: one full parse <= 10 ms.

#include "platform/mpclaim/mpclaimparser.h"
#include "platform/text/textdecode.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

constexpr int kDisks = 1024;
constexpr int kPathsPerDisk = 8;

/// One disk's output in the real layout: four A/O paths on one controller,
/// four A/U on the other, a TPG line under each path.
std::string diskOutput(int disk)
{
    char line[160];
    std::string text;
    std::snprintf(line, sizeof line, "MPIO Disk%d: %02d Paths, Round Robin with Subset, Implicit Only\n", disk,
                  kPathsPerDisk);
    text += line;
    text += "    Controlling DSM: Microsoft DSM\n";
    std::snprintf(line, sizeof line, "    SN: 60050768028086D0E8000000%08X\n", static_cast<unsigned>(disk));
    text += line;
    text += "    Supported Load Balance Policies: FOO RR RRWS LQD WP LB\n\n"
            "    Path ID          State              SCSI Address      Weight\n"
            "    ---------------------------------------------------------------------------\n";
    for (int path = 0; path < kPathsPerDisk; ++path) {
        const bool optimised = path < kPathsPerDisk / 2;
        const unsigned port = 3 + static_cast<unsigned>(path % 2);
        std::snprintf(line, sizeof line, "    00000000770%u%04x %-18s %03u|000|%03d|%03d   0\n", port,
                      static_cast<unsigned>(path), optimised ? "Active/Optimized" : "Active/Unoptimized", port, path,
                      disk % 256);
        text += line;
        std::snprintf(line, sizeof line, "      %sTPG_State : %-18s, TPG_Id: %d, : %d\n", optimised ? "* " : "",
                      optimised ? "Active/Optimized" : "Active/Unoptimized", optimised ? 0 : 1, path + 1);
        text += line;
    }
    text += "\n";
    return text;
}

const std::vector<std::string> &perDiskOutputs()
{
    static const std::vector<std::string> outputs = [] {
        std::vector<std::string> all;
        all.reserve(kDisks);
        for (int disk = 0; disk < kDisks; ++disk)
            all.push_back(diskOutput(disk));
        return all;
    }();
    return outputs;
}

const std::string &concatenatedOutput()
{
    static const std::string text = [] {
        std::string all;
        for (const std::string &one : perDiskOutputs())
            all += one;
        return all;
    }();
    return text;
}

/// 1,024 separate outputs (one mpclaim -s -d N call each), parsed one by one.
void BM_MpclaimDiskDetail_1024x8_Separate(benchmark::State &state)
{
    const auto &outputs = perDiskOutputs();
    std::size_t bytes = 0;
    for (const std::string &one : outputs)
        bytes += one.size();
    for (auto _ : state) {
        std::size_t paths = 0;
        for (const std::string &one : outputs) {
            const pathlens::MpclaimDiskDetail detail = pathlens::parseDiskDetail(one);
            paths += detail.disk.paths.size();
        }
        if (paths != std::size_t(kDisks) * kPathsPerDisk)
            state.SkipWithError("wrong path count");
        benchmark::DoNotOptimize(paths);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
    state.counters["paths"] = double(kDisks) * kPathsPerDisk;
}
BENCHMARK(BM_MpclaimDiskDetail_1024x8_Separate)->Unit(benchmark::kMillisecond);

/// The same outputs in one file (a bundle collected with a loop), split by disk.
void BM_MpclaimDiskDetails_1024x8_OneFile(benchmark::State &state)
{
    const std::string &text = concatenatedOutput();
    for (auto _ : state) {
        const auto disks = pathlens::parseDiskDetails(text);
        if (disks.size() != std::size_t(kDisks) || disks.back().disk.paths.size() != std::size_t(kPathsPerDisk))
            state.SkipWithError("wrong disk count");
        benchmark::DoNotOptimize(disks.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_MpclaimDiskDetails_1024x8_OneFile)->Unit(benchmark::kMillisecond);

/// The one-file input as PowerShell writes it (UTF-16LE): decode, then parse.
void BM_MpclaimDiskDetails_1024x8_Utf16Decode(benchmark::State &state)
{
    static const std::string utf16 = [] {
        std::string bytes = "\xFF\xFE";
        for (const char c : concatenatedOutput()) {
            bytes += c;
            bytes += '\0';
        }
        return bytes;
    }();
    for (auto _ : state) {
        const auto decoded = pathlens::decodeText(utf16);
        if (!decoded.ok()) {
            state.SkipWithError("decode failed");
            break;
        }
        const auto disks = pathlens::parseDiskDetails(*decoded);
        benchmark::DoNotOptimize(disks.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * utf16.size()));
}
BENCHMARK(BM_MpclaimDiskDetails_1024x8_Utf16Decode)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
