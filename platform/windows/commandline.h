#pragma once

// Building Windows command lines from argument vectors, and what running
// mpclaim.exe means. CreateProcessW takes one string that the child splits
// again (CommandLineToArgvW / the C runtime rules), so every argument is
// quoted by those rules here; nothing ever goes through a shell.

#include "platform/mpclaim/mpclaimparser.h"
#include "platform/result.h"
#include "platform/types.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

/// One argument quoted so that CommandLineToArgvW gives it back unchanged:
/// left alone when it is non-empty and has no blank or quote; otherwise in
/// quotes, with backslashes doubled only where they precede a quote (or the
/// closing quote) and quotes escaped. "" for an empty argument.
std::string quoteArgument(std::string_view argument);

/// The full command line for CreateProcessW: the program (argv[0], which has
/// its own rules: quoted when it has a blank, no escapes, so it must not
/// contain '"') and the quoted arguments, separated by one space. An Error
/// for a '"' in the program or a NUL anywhere.
Result<std::string> buildCommandLine(std::string_view program, const std::vector<std::string> &arguments);

/// Splits a command line the way CommandLineToArgvW does (argv[0] by its own
/// rule, then 2n backslashes + '"' -> n backslashes and a quote toggle,
/// 2n+1 backslashes + '"' -> n backslashes and a literal quote, other
/// backslashes literal). Used to check buildCommandLine; mirrors the
/// documented rules, not every legacy corner of each runtime.
std::vector<std::string> splitCommandLine(std::string_view commandLine);

// ------------------------------------------------------------------ mpclaim

/// A hardware id mpclaim -d accepts: vendor (8) + product (16) as
/// `mpclaim -e` prints it between quotes, at most 24 printable ASCII
/// characters and no '"'. Trailing padding may be dropped.
Result<std::string> validateHardwareId(std::string_view hardwareId);

/// Arguments (without the program) for each mpclaim run a claim needs:
/// one `-n -i -d "<hwid>"` run per hardware id, or one `-n -i -a ""` for all.
/// `-n`: never restart on its own; the caller learns that a restart is
/// needed and says so. allowReboot is deliberately not turned into `-r`:
/// mpclaim would restart the server without asking.
Result<std::vector<std::vector<std::string>>> mpclaimClaimRuns(const ClaimRequest &request);

enum class MpclaimExit {
    Success,               ///< 0
    SuccessRebootRequired, ///< 3010 ERROR_SUCCESS_REBOOT_REQUIRED
    SuccessRebootStarted,  ///< 1641 ERROR_SUCCESS_REBOOT_INITIATED (not expected with -n)
    Failed,                ///< anything else
};
/// mpclaim's exit code. Microsoft does not document mpclaim's codes; 3010 and
/// 1641 are the Windows-wide "success, restart needed/started" codes, and
/// some builds return non-zero even on success, so the caller also re-reads
/// the state (evaluateClaim).
MpclaimExit classifyMpclaimExit(std::uint32_t exitCode);

/// Whether mpclaim's text asks for a restart ("reboot", "restart" on a line
/// that does not say it is not required).
bool outputMentionsReboot(std::string_view output);

/// One finished mpclaim run.
struct MpclaimRun {
    std::vector<std::string> arguments;
    std::uint32_t exitCode = 0;
    std::string output; ///< stdout and stderr, UTF-8
};

/// What a claim did, judged from the runs and a re-read afterwards.
struct ClaimVerdict {
    bool ok = false;
    bool rebootRequired = false;
    std::string detail; ///< what was done and why a restart is needed, for the journal
    Error error;        ///< when !ok
};

/// Judges a claim.
/// - A run succeeded when its exit code says so, or (exit codes are not
///   reliable on every build) when `mpclaim -e` afterwards lists its hardware
///   as MPIO-ed.
/// - A restart is needed when an exit code or the output says so, or when
///   hardware that `mpclaim -e` lists as MPIO-ed has no MPIO disk yet
///   (@p mpioInstanceNames: MPIO_GET_DESCRIPTOR instance names after the
///   claim): with -n the claim takes effect at the next start.
/// @p hardwareAfter is empty when `mpclaim -e` could not be run; then only the
/// exit codes and output count, and the detail says so.
ClaimVerdict evaluateClaim(const ClaimRequest &request, const std::vector<MpclaimRun> &runs,
                           const std::optional<MpclaimHardwareList> &hardwareAfter,
                           const std::vector<std::string> &mpioInstanceNames);

/// Program output bytes as UTF-8: UTF-16LE (with a BOM, or recognisable by
/// its NUL high bytes, as some tools write to pipes) is converted; other
/// bytes are returned as they are when valid UTF-8. Returns false in
/// @p converted when the bytes are neither (the Windows side then decodes
/// them with the OEM code page).
std::string decodeProcessOutput(std::string_view bytes, bool &converted);

} // namespace pathlens
