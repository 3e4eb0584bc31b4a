#pragma once

// Parsers for the text mpclaim.exe prints. They read the grammar of each line
// (whitespace-separated words, the line kind told by its leading words), not
// column offsets, because the columns shift with state names and indentation
// differs between captures. Every line is either understood or reported back as
// a warning with its number and text; nothing is dropped silently, and no input
// makes them throw or crash.
//
// Input is UTF-8 text (see platform/text/textdecode.h for files written as
// UTF-16); CRLF, LF and lone CR line ends and a leading UTF-8 BOM are accepted.
// mpclaim ends every output with a line end, so a last line without one gets a
// warning: the text was cut off and that line's last value may be short.

#include "platform/types.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

/// A line a parser did not understand, or a doubt about one it did.
struct MpclaimWarning {
    std::size_t line = 0; ///< 1-based line number in the parsed text; 0 for the text as a whole
    std::string text;     ///< the line as read, without its line end
    std::string message;  ///< what was wrong, in words

    friend bool operator==(const MpclaimWarning &, const MpclaimWarning &) = default;
};

// ------------------------------------------------------------ mpclaim -s -d

/// `mpclaim -s -d`: one MpioDisk per row with number, systemDisk ("Disk 4"),
/// policy and dsm set; the other fields and paths stay empty (the list does
/// not print them).
struct MpclaimDiskList {
    std::vector<MpioDisk> disks;
    bool recognised = false; ///< the text had the list's header or at least one row
    std::vector<MpclaimWarning> warnings;
};

MpclaimDiskList parseDiskList(std::string_view text);

// ---------------------------------------------------------- mpclaim -s -d N

/// What a path row and its TPG line say beyond MpioPath.
struct MpclaimPathExtra {
    /// The path id exactly as printed ("000000007704000b", mpclaim prints lower
    /// case). Reports print this text, not a reformatted number.
    std::string pathIdText;
    std::string stateText;    ///< the state words as printed
    std::string tpgStateText; ///< TPG state words as printed; empty without a TPG line
    bool tpgPreferred = false; ///< '*' before the TPG line: the preferred target port group
    /// The unlabelled number after TPG_Id (": 58"), presumably the relative
    /// target port identifier.
    std::optional<std::uint32_t> targetPortId;
    std::size_t line = 0; ///< line of the path row
};

/// `mpclaim -s -d N`.
///
/// disk.paths holds the rows in printed order; MpioPath::preferred is the '*'
/// before a path row (the preferred failback path under Fail Over Only), the
/// '*' before a TPG line is MpclaimPathExtra::tpgPreferred.
struct MpclaimDiskDetail {
    MpioDisk disk; ///< number, serial, dsm, policy, alua, paths (systemDisk/vendor/product are not printed)
    std::vector<MpclaimPathExtra> pathExtras; ///< pathExtras[i] belongs to disk.paths[i]

    /// "08 Paths" in the header. Failed paths vanish from the table while the
    /// header may still count them, so the rows are what counts.
    std::optional<std::uint32_t> declaredPathCount;
    std::string policyText; ///< second header field as printed
    std::string accessText; ///< third header field as printed ("ALUA Not Supported", ...)
    /// "Symmetric Access": non-ALUA or implicit ALUA with every TPG optimised;
    /// which of the two cannot be told, so disk.alua stays Unknown.
    bool symmetricAccess = false;
    std::vector<LoadBalancePolicy> supportedPolicies; ///< "Supported Load Balance Policies: ..."

    /// mpclaim answered "Element not found": there is no MPIO disk with that number.
    bool noSuchDisk = false;
    bool recognised = false; ///< at least one line of this output kind was seen
    std::vector<MpclaimWarning> warnings;

    /// The header's count disagrees with the rows listed.
    bool pathCountMismatch() const
    {
        return declaredPathCount && *declaredPathCount != disk.paths.size();
    }
};

/// Parses the output for one disk. A second "MPIO Disk<N>:" header is reported
/// as a warning and its lines are not merged in; use parseDiskDetails for that.
MpclaimDiskDetail parseDiskDetail(std::string_view text);

/// Parses several `mpclaim -s -d N` outputs run one after the other into one
/// file: a new entry starts at each "MPIO Disk<N>:" header and at each
/// "Element not found" answer. Non-blank lines before the first of those
/// become a leading entry of their own (normally junk: recognised == false and
/// a warning per line); warnings about the text as a whole go to the first entry.
std::vector<MpclaimDiskDetail> parseDiskDetails(std::string_view text);

// ---------------------------------------------------------------- mpclaim -e

struct MpclaimHardwareEntry {
    /// The id between the quotes, padding kept: vendor 8 + product 16 characters
    /// as mpclaim -l -t and -i -d expect it.
    std::string hardwareId;
    std::string vendor;  ///< first 8 characters, trimmed (first word where the id is not 24 wide)
    std::string product; ///< the rest, trimmed
    std::string busType; ///< "SAS", "Fibre", "iSCSI", as printed
    bool multipathed = false; ///< "MPIO-ed" column: YES
    AluaSupport alua = AluaSupport::Unknown;
    std::string aluaText; ///< ALUA column as printed
    std::size_t line = 0;
};

struct MpclaimHardwareList {
    std::vector<MpclaimHardwareEntry> entries;
    bool recognised = false;
    std::vector<MpclaimWarning> warnings;
};

MpclaimHardwareList parseHardware(std::string_view text);

// ------------------------------------------------------------- mpclaim -s -m

struct MpclaimMsdsmPolicy {
    /// Empty when no MSDSM-wide default is set; LoadBalancePolicy::Unknown when
    /// one is set but its name was not understood (then also a warning).
    std::optional<LoadBalancePolicy> policy;
    std::string policyText; ///< as printed
    bool recognised = false;
    std::vector<MpclaimWarning> warnings;
};

MpclaimMsdsmPolicy parseMsdsmPolicy(std::string_view text);

// ------------------------------------------------------------- mpclaim -s -t

struct MpclaimTargetPolicy {
    std::string hardwareId; ///< between the quotes, padding kept
    std::string vendor;
    std::string product;
    LoadBalancePolicy policy = LoadBalancePolicy::Unknown;
    std::string policyText; ///< as printed
    std::size_t line = 0;
};

struct MpclaimTargetPolicies {
    std::vector<MpclaimTargetPolicy> targets; ///< empty when none are set
    bool recognised = false;
    std::vector<MpclaimWarning> warnings;
};

MpclaimTargetPolicies parseTargetPolicies(std::string_view text);

// --------------------------------------------------------------- vocabulary

/// A load-balance policy from any spelling mpclaim uses: the abbreviation
/// ("RRWS"), the full name ("Round Robin with Subset", "Fail-Over Only",
/// "Dynamic Least Queue Depth", "Vendor-Specific") or its number 1-7. Case,
/// hyphens and runs of spaces do not matter. Empty when not understood
/// (including 0, "Clear the Policy", which is no policy).
std::optional<LoadBalancePolicy> parseLoadBalancePolicy(std::string_view text);

/// A path or TPG state as mpclaim prints it ("Active/Optimized",
/// "Active/Unoptimized", "Standby", "Unavailable", "Transitioning"). Empty
/// when not understood.
std::optional<PathState> parsePathState(std::string_view text);

/// ALUA wording from the -s -d N header or the -e table ("ALUA Not Supported",
/// "Implicit Only", "Explicit Only", "Implicit and Explicit"). Empty when not
/// understood; "Symmetric Access" is not an ALUA kind and also gives empty.
std::optional<AluaSupport> parseAluaSupport(std::string_view text);

} // namespace pathlens
