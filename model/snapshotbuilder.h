#pragma once

#include "model/inventory.h"
#include "platform/backend.h"

namespace pathlens {

/// Everything read from the sources for one refresh, failures included. Kept
/// apart from the join so tests can build it by hand.
struct SourceData {
    std::string backendDescription;
    std::vector<std::string> missingParts; ///< Backend::missingParts(), listed with the problems
    std::optional<Error> dataCoreError;   ///< set when DataCore management failed or is missing
    std::optional<Error> portsError;      ///< servers were read but their ports were not
    std::optional<Error> backEndDisksError; ///< servers were read but the physical disks were not
    std::vector<DataCoreServer> servers;
    std::vector<DataCorePort> ports;
    std::vector<BackEndDisk> backEndDisks;

    struct HostData {
        std::string host;
        std::optional<Error> adaptersError;
        std::vector<Adapter> adapters;
        std::optional<Error> mpioError;
        std::vector<MpioDisk> mpioDisks;
    };
    std::vector<HostData> hosts; ///< one per server host name; a host no server names gets a row of its own
};

/// Reads every source of the backend (runs on the refresh worker).
SourceData readSources(Backend &backend);

/// Joins the sources into the tree (pure; see domain rules in inventory.h).
InventorySnapshot buildSnapshot(const SourceData &sources);

/// The join form of a serial or NAA id: trimmed, upper case.
std::string normaliseSerial(std::string_view serial);

} // namespace pathlens
