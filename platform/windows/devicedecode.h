#pragma once

// Decoding what SetupAPI reports about a device into the platform's types.
// Portable, so the rules are unit-tested off Windows.

#include "platform/result.h"
#include "platform/types.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

/// SPDRP_ADDRESS of a PCI device: "the device number in the high word and the
/// function number in the low word".
PciLocation pciFromBusAndAddress(std::uint32_t bus, std::uint32_t address);

/// The PCI location of an adapter, or empty when it has none: the device is
/// not enumerated by PCI (instance id not "PCI\..."; the Microsoft iSCSI
/// initiator and virtual NICs are ROOT\ or SWD\ devices), a property is
/// missing, or the address is outside PCI's ranges (device 0-31, function 0-7).
std::optional<PciLocation> adapterPciLocation(std::string_view instanceId, std::optional<std::uint32_t> bus,
                                              std::optional<std::uint32_t> address);

/// "2023-05-17" from a FILETIME (100 ns ticks since 1601-01-01 UTC), as
/// DEVPKEY_Device_DriverDate and SP_DRVINFO_DATA.DriverDate hold it. INF
/// dates carry no time, so only the date is kept. Empty for 0.
std::string fileTimeToIsoDate(std::uint64_t fileTime);

/// A system_clock time from a FILETIME.
std::chrono::system_clock::time_point fileTimeToTimePoint(std::uint64_t fileTime);

/// "2024-06-08T21:13:30Z" (UTC, whole seconds).
std::string formatIsoUtc(std::chrono::system_clock::time_point time);

/// "9.4.5.20" from SP_DRVINFO_DATA.DriverVersion (four 16-bit parts, major first).
std::string formatDriverVersion(std::uint64_t version);

/// "oem12.inf" from "C:\Windows\INF\oem12.inf" (either slash).
std::string fileNameOf(std::string_view path);

/// The candidate that @p wanted names: same INF file name (case-insensitive),
/// same version, and, where @p wanted has one, the same description
/// (case-insensitive; one INF may list several models). Index into
/// @p candidates; an Error when none or several match.
Result<std::size_t> findDriver(const std::vector<DriverPackage> &candidates, const DriverPackage &wanted);

/// "QLogic Fibre Channel Adapter 9.4.5.20 (oem12.inf, QLogic)".
std::string describeDriver(const DriverPackage &driver);

/// Whether a host name given to the backend means this computer
/// (case-insensitive): empty, ".", "localhost"; a short name equal to the
/// computer name or the DNS name's first label; an FQDN equal to the DNS name
/// when that is known, else one whose first label is the computer name.
bool isLocalHost(std::string_view requested, std::string_view computerName, std::string_view dnsName);

/// Lower-cases ASCII letters only (host names, INF names, PnP ids).
std::string asciiLower(std::string_view text);

} // namespace pathlens
