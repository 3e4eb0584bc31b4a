#pragma once

// Everything a support bundle said, read and joined once by loadBundle().
// Internal to platform/bundle: BundleBackend and its interfaces answer from it.

#include "bundleparts.h"

#include "platform/result.h"
#include "platform/types.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens::bundle {

/// A DataCore list together with the reason it is absent, so the interface
/// can answer with an Error rather than with an empty list that would claim
/// "there are none".
template <typename T>
struct Part {
    std::optional<std::vector<T>> items;
    std::string absentReason; ///< "datacore/servers.json: missing"
};

struct BundleData {
    std::string path;
    std::string sourceName; ///< file or folder name, for description()
    std::optional<BundleManifest> manifest;
    std::string host;                   ///< empty when unknown
    std::vector<std::string> hostNames; ///< names accepted for host, host itself first
    /// The host is unknown but the bundle names no other host either, so its
    /// answers cannot be mixed up with another server's.
    bool anyHost = false;
    std::vector<std::string> missing;

    bool hasDataCore = false;
    Part<DataCoreServer> servers;
    Part<DataCorePort> ports;
    Part<BackEndDisk> physicalDisks;

    bool hasDevices = false;
    std::vector<BundleAdapter> adapters;

    bool hasMpio = false;
    std::vector<MpioDisk> disks;

    std::vector<CounterSample> samples; ///< oldest first

    /// Error when Mpio/DeviceInventory must not answer for @p host.
    std::optional<Error> checkHost(std::string_view requested) const;
};

/// "ssv1" matches "SSV1" and "ssv1.akf.lan"; two different FQDNs do not match.
bool hostNamesMatch(std::string_view a, std::string_view b);

/// Reads and joins a bundle; see BundleBackend::open.
Result<std::unique_ptr<BundleData>> loadBundle(const std::string &path);

} // namespace pathlens::bundle
