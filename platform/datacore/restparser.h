#pragma once

// Parsers for the JSON that DataCore SANsymphony's REST API returns for
// 1.0/ports, 2.0/servers and 2.0/physicaldisks, as fetched live or as saved in
// a support bundle.
//
// - The top level may be an array, a single object (PowerShell unwraps
//   one-element arrays) or Windows PowerShell 5.1's {"value": [...], "Count": n}
//   wrapper.
// - Unknown members are ignored: the API has hundreds and adds more with each
//   release. A known member of the wrong type is an error that names its JSON
//   path and line/column, e.g.
//   "[3].ServerPortProperties.Role: expected role flags ... (line 40, column 21)".
// - An absent or null member leaves its field empty, nullopt or Unknown;
//   nothing is guessed. Values the parser reads but cannot map (a PortType it
//   does not know, an implausible PCI location) become warnings.
// - Enums come as REST numbers or as the cmdlets' strings; both are read.
//
// Entry points taking bytes decode UTF-8 (with or without BOM) and UTF-16 with
// BOM first (files written by PowerShell); the JsonValue overloads are for
// callers that have parsed the document already.

#include "platform/json/json.h"
#include "platform/result.h"
#include "platform/types.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

/// A value that was read but could not be used as it stands.
struct DataCoreWarning {
    std::string path;      ///< JSON path, "[3].PortType"; empty for the document itself
    TextPosition position; ///< where the value starts
    std::string message;   ///< "unknown PortType 7, read as Unknown"

    /// "[3].PortType: unknown PortType 7, read as Unknown (line 40, column 21)"
    std::string toString() const;

    friend bool operator==(const DataCoreWarning &, const DataCoreWarning &) = default;
};

/// What a port object says beyond DataCorePort. Empty strings and nullopt mean
/// the response did not carry the value.
struct DataCorePortExtra {
    std::string caption;         ///< "Caption"
    std::string extendedCaption; ///< "ssv1_fe2 on ssv1"
    /// "51402EC0181D0014", "MAC:00-62-0B-4D-FD-FA", "MSFT-05-1991". For a Not
    /// present port this still names the vanished hardware, while its WWN reads
    /// all zeros.
    std::string physicalName;
    std::string wwn;       ///< WWN as reported (PortName in 1.0, PortWwn in 2.0), zeros included
    std::string iqn;       ///< PortIqn (2.0), or an iSCSI name found in PortName
    std::string ipAddress; ///< PortIpAddress (2.0 iSCSI)
    std::string status;    ///< "Loop/Link up", "Ready", "Connected", "Not present" (2.0)
    std::optional<std::int64_t> statusLevel; ///< 0 fine, 2 error
    std::optional<std::int64_t> aluaId;
    /// The roles came from the response (ServerPortProperties.Role or Roles).
    /// False for host ports and for ports that state no roles.
    bool rolesReported = false;
    std::string rolesText;                  ///< "Roles" as printed, "BE,FE" (2.0)
    std::optional<RoleFlags> roleCapability; ///< roles the port could take
    /// ServerPortProperties is present: a DataCore server's port. 1.0/ports
    /// also lists host (client) ports, which lack it.
    bool isServerPort = false;
    std::optional<bool> frontEndRoleInUse; ///< 2.0
    std::optional<bool> backEndRoleInUse;
    std::optional<bool> mirrorRoleInUse;
    std::optional<std::uint32_t> pciVendorId; ///< IdInfo.PCIInfo.VendorId, decimal (4215 = 0x1077 QLogic)
    std::optional<std::uint32_t> pciDeviceId;
    std::string driverVersion;   ///< IdInfo.DriverVersion
    std::string firmwareVersion; ///< IdInfo.FirmwareVersion
    std::string hbaVendorName;   ///< IdInfo.HBAVendorName
    std::string hbaProductName;  ///< IdInfo.HBAProductName
    std::optional<std::int64_t> linkStateCode; ///< StateInfo.State as a REST number (5 with "Loop/Link up")
    std::string linkStateText;                 ///< StateInfo.State as a cmdlet string ("LoopLinkUp")
    std::optional<std::uint64_t> linkErrorCount; ///< StateInfo.LinkErrors.TotalErrorCount
    std::optional<std::chrono::system_clock::time_point> collectionTime; ///< PerformanceData.CollectionTime
    TextPosition position; ///< where the port's object starts
};

/// What a physical disk object says beyond BackEndDisk.
///
/// BackEndDisk::serial holds the best join key: the NAA id (UniqueIdentifier)
/// when present, else ScsiDeviceIdString, SerialNumber, the INQUIRY serial.
/// The INQUIRY serial is not always unique per LUN (some arrays report the
/// array's serial), hence the order. BackEndDisk::vendor/product/serial are
/// trimmed; aluaCapable and paths stay empty: the REST disk object does not
/// carry them (the SCSI address is in scsiPath below).
struct BackEndDiskExtra {
    std::string alias;
    std::string extendedCaption;     ///< "ssv1-hb51-vol04 on ssv1"
    std::string naaId;               ///< UniqueIdentifier, "naa.6d039ea000a42dce00000207644b1f73"
    std::string deviceIdString;      ///< ScsiDeviceIdString
    std::string serialNumber;        ///< SerialNumber
    std::string inquirySerial;       ///< InquiryData.Serial, trimmed ("UNKNOWN" stays as sent)
    std::string revision;            ///< InquiryData.Revision, trimmed
    std::optional<ScsiAddress> scsiPath; ///< ScsiPath {Port, Bus, Target, LUN}
    bool sizeKnown = false;              ///< Size was present (BackEndDisk::sizeBytes is 0 otherwise)
    std::optional<std::uint64_t> freeSpaceBytes;
    std::optional<std::uint64_t> sectorSizeBytes;
    Presence presence = Presence::Unknown;
    std::optional<std::int64_t> statusLevel;
    std::optional<std::int64_t> diskIndex; ///< Windows disk number; -1 = not yet visible
    std::optional<std::int64_t> type;      ///< 4 = pool disk
    std::string poolMemberId;              ///< PoolMemberId: the pool member this disk backs
    std::string usage;                     ///< `In pool "SSV1-HB51"`
    bool inPool = false;                   ///< PoolMemberId set or Usage names a pool
    std::optional<bool> inUse;
    std::optional<bool> isDataCoreDisk;
    std::optional<bool> isBootDisk;
    std::optional<bool> isSolidState;
    std::string systemName; ///< "\\?\PhysicalDrive6", often empty
    std::optional<std::chrono::system_clock::time_point> collectionTime;
    TextPosition position;
};

/// What a server object says beyond DataCoreServer. DataCoreServer::state is
/// the State text where the response has one (cmdlets: "Online"), else the
/// REST Status text ("Running"); the REST State number is stateCode.
struct DataCoreServerExtra {
    std::string extendedCaption; ///< "ssv1 in RZ"
    std::string productName;     ///< "DataCore SANsymphony"
    std::string productBuild;    ///< "15.0.1701.43466"
    std::string osVersion;
    std::string status;                     ///< "Running"
    std::optional<std::int64_t> stateCode;  ///< REST State (2 with "Running")
    std::optional<std::int64_t> statusLevel;
    std::optional<std::int64_t> aluaGroupId;
    std::vector<std::string> ipAddresses;
    std::optional<bool> mpioCapable;
    std::string regionNodeId;               ///< "ExecutiveNode:<Id>"
    std::optional<std::chrono::system_clock::time_point> configurationTime; ///< ConfigurationInfo.TimeStamp
    std::optional<std::chrono::system_clock::time_point> collectionTime;    ///< PerformanceData.CollectionTime
    TextPosition position;
};

/// 1.0/ports. extras[i] belongs to ports[i].
struct DataCorePortsParse {
    std::vector<DataCorePort> ports;
    std::vector<DataCorePortExtra> extras;
    std::vector<DataCoreWarning> warnings;
};

/// 2.0/physicaldisks. extras[i] belongs to disks[i].
struct DataCorePhysicalDisksParse {
    std::vector<BackEndDisk> disks;
    std::vector<BackEndDiskExtra> extras;
    std::vector<DataCoreWarning> warnings;
};

/// 2.0/servers with the ServerPorts and PhysicalDisks each server embeds,
/// flattened in document order. A port or disk without a HostId gets the
/// embedding server's id. The 2.0 server ports carry no IdInfo, so no PCI
/// location and no driver name: those come from 1.0/ports.
struct DataCoreServersParse {
    std::vector<DataCoreServer> servers;
    std::vector<DataCoreServerExtra> serverExtras; ///< serverExtras[i] belongs to servers[i]
    std::vector<DataCorePort> ports;
    std::vector<DataCorePortExtra> portExtras;     ///< portExtras[i] belongs to ports[i]
    std::vector<BackEndDisk> disks;
    std::vector<BackEndDiskExtra> diskExtras;      ///< diskExtras[i] belongs to disks[i]
    std::vector<DataCoreWarning> warnings;
};

Result<DataCorePortsParse> parsePortsJson(std::string_view bytes);
Result<DataCorePortsParse> parsePortsJson(const JsonValue &document);

Result<DataCoreServersParse> parseServersJson(std::string_view bytes);
Result<DataCoreServersParse> parseServersJson(const JsonValue &document);

Result<DataCorePhysicalDisksParse> parsePhysicalDisksJson(std::string_view bytes);
Result<DataCorePhysicalDisksParse> parsePhysicalDisksJson(const JsonValue &document);

} // namespace pathlens
