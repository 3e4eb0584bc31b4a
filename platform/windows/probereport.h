#pragma once

// What pathlens-probe.exe prints: its options and the JSON documents it
// writes. Portable, so the output is tested on Linux (the documents are
// parsed back, the bundle formats by the bundle's own parsers); only
// gathering the data (probemain.cpp) needs Windows.

#include "mpiodecode.h"
#include "platform/result.h"
#include "platform/types.h"

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pathlens {

inline constexpr int kProbeExitOk = 0;       ///< every requested part was read
inline constexpr int kProbeExitPartial = 1;  ///< JSON written, some part failed (listed under "errors")
inline constexpr int kProbeExitUsage = 2;    ///< bad command line; usage on stderr
inline constexpr int kProbeExitOutput = 3;   ///< the output could not be written

struct ProbeOptions {
    enum class Format {
        Probe,           ///< one document with everything (default)
        BundleAdapters,  ///< windows/adapters.json of a support bundle (docs/bundle.md)
        BundleMpioPaths, ///< windows/mpio-paths.json
        BundlePerf,      ///< windows/msdsm-perf-<t>.json
    };
    Format format = Format::Probe;
    bool help = false;
    bool version = false;
    bool drivers = false;  ///< compatible drivers per adapter (SetupAPI driver search; slower)
    bool adapters = true;  ///< probe format: include adapters
    bool mpio = true;      ///< probe format: include MPIO
};

/// Parses the arguments after the program name. "--format X" and
/// "--format=X" both work; "/?" and "-h" mean --help.
Result<ProbeOptions> parseProbeOptions(const std::vector<std::string> &arguments);
std::string probeUsage();

/// Which OS parts the options need.
bool probeNeedsAdapters(const ProbeOptions &options);
bool probeNeedsMpio(const ProbeOptions &options);

/// The file name the bundle format is meant for ("windows/adapters.json",
/// "windows/msdsm-perf-20240608T211320Z.json"), empty for the probe format.
std::string probeBundleFileName(const ProbeOptions &options, std::chrono::system_clock::time_point taken);

struct ProbeFailure {
    std::string part; ///< "adapters", "mpio", "drivers <instance id>"
    Error error;
};

/// Everything the probe gathered. Optional parts are empty when not
/// requested or not readable (then a failure says why).
struct ProbeData {
    std::string tool;   ///< "pathlens-probe 0.1.0"
    std::string host;
    std::string fqdn;
    std::chrono::system_clock::time_point collected{};
    std::optional<std::vector<Adapter>> adapters;
    /// Compatible drivers per adapter instance id, where asked and found.
    std::vector<std::pair<std::string, std::vector<DriverPackage>>> drivers;
    std::optional<std::vector<MpioDisk>> disks;
    std::optional<MpioSnapshot> snapshot; ///< the decoded WMI data the disks came from
    std::vector<ProbeFailure> failures;
    std::vector<std::string> problems;    ///< parts read with gaps, in words
};

/// The JSON document for the chosen format, ending in a line end.
std::string renderProbe(const ProbeData &data, const ProbeOptions &options);

/// kProbeExitOk, or kProbeExitPartial when a part failed.
int probeExitCode(const ProbeData &data);

} // namespace pathlens
