#pragma once

// Single values as DataCore's REST API (and the PowerShell cmdlets, whose
// objects end up in support bundles via ConvertTo-Json) spell them. Kept apart
// from the document parsers so each rule can be tested on its own.

#include "platform/types.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pathlens {

/// .NET's DateTime.MinValue in milliseconds since 1970. DataCore sends it for
/// "never", e.g. a PerformanceData.CollectionTime of counters not yet collected.
inline constexpr std::int64_t kDataCoreUnsetDateMs = -62135596800000;

/// A date as the REST API writes it: "/Date(1717881200383)/" or
/// "/Date(1717829090942+0200)/". The milliseconds are UTC; the offset only
/// tells the server's time zone.
struct DataCoreDate {
    std::int64_t msSinceEpoch = 0;
    std::optional<int> utcOffsetMinutes; ///< "+0200" gives 120

    /// DateTime.MinValue (or earlier): the server means "no date".
    bool isUnset() const { return msSinceEpoch <= kDataCoreUnsetDateMs; }
    /// The instant; nullopt when unset or outside the range of system_clock.
    std::optional<std::chrono::system_clock::time_point> timePoint() const;

    friend bool operator==(const DataCoreDate &, const DataCoreDate &) = default;
};

/// Reads "/Date(ms)/", "/Date(ms+hhmm)/", "/Date(ms-hhmm)/" and, for bundles
/// written by PowerShell 7, ISO 8601 with a zone ("2024-06-08T21:13:20.383Z",
/// "...+02:00"). A time without a zone is refused: guessing it would shift it
/// by hours. nullopt for anything else.
std::optional<DataCoreDate> parseDataCoreDate(std::string_view text);

/// Role names to flags. Accepts the 2.0 "Roles" form ("FE", "BE,FE", "None"),
/// the .NET flags form ("FrontEnd, Mirror") and the cmdlet/SOAP form
/// ("Frontend Mirror"), in any case, with "Front-end"/"Front end" spellings.
/// nullopt when any word is not a role name, so "one" is not read as none.
std::optional<RoleFlags> parseDataCoreRoleNames(std::string_view text);

/// PortType: 2 FC, 3 iSCSI, 4 Loopback (REST numbers); nullopt for others.
std::optional<PortType> dataCorePortTypeFromCode(std::int64_t code);
/// "FibreChannel", "Fibre Channel", "FC", "iSCSI", "Loopback" in any case.
std::optional<PortType> dataCorePortTypeFromName(std::string_view name);

/// PortMode: 1 Initiator, 2 Target, 3 Initiator/Target; nullopt for others.
std::optional<PortMode> dataCorePortModeFromCode(std::int64_t code);
/// "Initiator", "Target", "InitiatorTarget", "Initiator/Target",
/// "Initiator, Target" (.NET flags form), "Target Only" in any case.
std::optional<PortMode> dataCorePortModeFromName(std::string_view name);

/// PresenceStatus: 1 present, 2 not present; nullopt for others.
std::optional<Presence> dataCorePresenceFromCode(std::int64_t code);
/// "Present", "Not present", "NotPresent" in any case; nullopt for other
/// status words ("Loop/Link up" says nothing about presence).
std::optional<Presence> dataCorePresenceFromName(std::string_view name);

/// The pool name from a physical disk's Usage text, `In pool "Disk pool 1"`;
/// nullopt when the text does not name a pool.
std::optional<std::string> dataCorePoolNameFromUsage(std::string_view usage);

/// True for a WWN made only of zero digits ("00-00-00-00-00-00-00-00"): the
/// placeholder DataCore reports for a port whose hardware is gone.
bool isNullWwn(std::string_view wwn);

/// Leading and trailing blanks removed; SCSI INQUIRY fields come space-padded.
std::string_view trimBlanks(std::string_view text);

} // namespace pathlens
