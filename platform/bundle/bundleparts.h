#pragma once

// Parsers for the parts of a support bundle whose format PathLens defines
// itself: manifest.json, windows/adapters.json, windows/mpio-paths.json and
// windows/msdsm-perf-<t>.json. The schemas are documented in docs/bundle.md.
//
// A file that is not JSON, or not the expected kind of document, gives an
// Error naming line and column. Inside a good document, an entry with a bad
// field is skipped and described in `problems`, so one odd adapter does not
// cost the whole inventory. Members the parsers do not know are ignored: a
// newer collector may add fields.

#include "platform/result.h"
#include "platform/types.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

// ---------------------------------------------------------------- manifest

inline constexpr std::string_view kBundleFormat = "pathlens-bundle";
inline constexpr int kBundleVersion = 1;

struct BundleManifest {
    std::string host;       ///< computer name the bundle was collected on
    std::string fqdn;       ///< optional "fqdn" member; empty when absent
    std::string collected;  ///< as written, ISO-8601
    std::optional<std::chrono::system_clock::time_point> collectedTime; ///< empty when not understood
    std::string collectedProblem; ///< why collectedTime is empty, when "collected" is given
};

struct ManifestReading {
    std::optional<BundleManifest> manifest;
    /// Why the manifest could not be used, in words with line and column.
    std::string problem;
    /// The file is readable but belongs to another format or a newer version:
    /// the bundle as a whole must be refused rather than half understood.
    bool wrongBundle = false;
};

ManifestReading parseBundleManifest(std::string_view text);

// ------------------------------------------------------ windows/adapters.json

struct BundleAdapter {
    Adapter adapter;
    /// Drivers of the driver store found to match this device; empty optional
    /// when the collector did not capture them (not the same as "none").
    std::optional<std::vector<DriverPackage>> compatibleDrivers;
};

struct BundleAdapterInventory {
    std::string host; ///< optional "host" member
    std::vector<BundleAdapter> adapters;
    std::vector<std::string> problems; ///< entries skipped, with JSON path, line and column
};

Result<BundleAdapterInventory> parseBundleAdapters(std::string_view text);

// ---------------------------------------------------- windows/mpio-paths.json

/// One entry of WMI MPIO_PATH_INFORMATION.PathList: the HBA a path leaves from.
struct BundlePathAdapter {
    std::uint64_t pathId = 0;
    std::optional<PciLocation> pci;
    std::string adapterName;
};

/// One MPIO disk as WMI MPIO_GET_DESCRIPTOR names it.
struct BundleMpioDiskIdentity {
    std::optional<std::uint32_t> mpioDisk; ///< from deviceName "\Device\MPIODisk2"
    std::string deviceName;
    std::string instanceName;              ///< "MPIO\Disk&Ven_DGC&Prod_VRAID&Rev_4501\1&7f6ac24&0&3630..."
    std::string vendor;                    ///< from instanceName's Ven_ field, as PnP spells it
    std::string product;                   ///< from instanceName's Prod_ field, as PnP spells it
};

struct BundleMpioPaths {
    std::string host;
    std::vector<BundlePathAdapter> paths;
    std::vector<BundleMpioDiskIdentity> disks;
    std::vector<std::string> problems;
};

Result<BundleMpioPaths> parseBundleMpioPaths(std::string_view text);

// ------------------------------------------------ windows/msdsm-perf-<t>.json

/// Counters of one path of one MPIO disk at one moment (MSDSM_DEVICE_PERF).
/// Path ids repeat across disks (one id per initiator-target nexus), so a
/// counter belongs to a disk and a path together.
struct PathCounterSample {
    std::optional<std::uint32_t> mpioDisk; ///< empty when the device could not be tied to an MPIO disk
    std::string instanceName;              ///< WMI instance the counters came from
    std::uint64_t pathId = 0;
    PathCounters counters;                 ///< taken = the sample's time
};

/// One windows/msdsm-perf-<t>.json file.
struct CounterSample {
    std::chrono::system_clock::time_point taken{};
    std::string file; ///< layout name, e.g. "windows/msdsm-perf-20240608T211320Z.json"
    std::vector<PathCounterSample> paths;
};

/// @p fileStamp is the <t> of the file name; it gives the time when the
/// document has no usable "taken" member.
Result<CounterSample> parseBundleCounterSample(std::string_view text, std::string_view fileStamp,
                                               std::vector<std::string> &problems);

// ------------------------------------------------------------------ helpers

/// The <t> of msdsm-perf-<t>.json as the collector writes it: "20240608T211320Z",
/// optionally with milliseconds "20240608T211320123Z" (UTC); empty for anything
/// else, a time the clock cannot hold included.
std::optional<std::chrono::system_clock::time_point> parseFileStamp(std::string_view text);

/// "0000000077040009" (up to 16 hex digits, as mpclaim prints it).
std::optional<std::uint64_t> parseHexPathId(std::string_view text);

/// 2 from "\Device\MPIODisk2"; empty when the name does not end that way.
std::optional<std::uint32_t> mpioDiskFromDeviceName(std::string_view deviceName);

} // namespace pathlens
