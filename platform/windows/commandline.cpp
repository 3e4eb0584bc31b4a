#include "commandline.h"

#include "devicedecode.h"
#include "mpiodecode.h"
#include "unicode.h"

#include <algorithm>

namespace pathlens {
namespace {

bool isArgumentBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v';
}

std::string tail(std::string_view text, std::size_t max)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.remove_suffix(1);
    if (text.size() <= max)
        return std::string(text);
    return "..." + std::string(text.substr(text.size() - max));
}

std::string joinArguments(const std::vector<std::string> &arguments)
{
    std::string text = "mpclaim";
    for (const std::string &argument : arguments)
        text += ' ' + quoteArgument(argument);
    return text;
}

} // namespace

std::string quoteArgument(std::string_view argument)
{
    if (!argument.empty() && std::none_of(argument.begin(), argument.end(),
                                          [](char c) { return isArgumentBlank(c) || c == '"'; }))
        return std::string(argument);

    std::string quoted = "\"";
    std::size_t backslashes = 0;
    for (char c : argument) {
        if (c == '\\') {
            ++backslashes;
            continue;
        }
        if (c == '"') {
            // Backslashes before a quote are escapes: double them, then escape the quote.
            quoted.append(backslashes * 2 + 1, '\\');
            quoted += '"';
        } else {
            quoted.append(backslashes, '\\');
            quoted += c;
        }
        backslashes = 0;
    }
    // Backslashes before the closing quote would escape it: double them.
    quoted.append(backslashes * 2, '\\');
    quoted += '"';
    return quoted;
}

Result<std::string> buildCommandLine(std::string_view program, const std::vector<std::string> &arguments)
{
    if (program.empty())
        return Error{"build command line", "no program given", 0};
    if (program.find('"') != std::string_view::npos)
        return Error{"build command line", "a program path cannot contain '\"'", 0};
    if (program.find('\0') != std::string_view::npos)
        return Error{"build command line", "the program path contains a NUL character", 0};
    std::string line;
    // argv[0] ends at the first blank unless quoted, and knows no escapes.
    if (std::any_of(program.begin(), program.end(), isArgumentBlank))
        line = '"' + std::string(program) + '"';
    else
        line = std::string(program);
    for (const std::string &argument : arguments) {
        if (argument.find('\0') != std::string::npos)
            return Error{"build command line", "an argument contains a NUL character", 0};
        line += ' ';
        line += quoteArgument(argument);
    }
    return line;
}

std::vector<std::string> splitCommandLine(std::string_view line)
{
    std::vector<std::string> out;
    std::size_t pos = 0;

    // argv[0]: up to the next blank, or between quotes; no escapes.
    if (pos < line.size() && line[pos] == '"') {
        const std::size_t end = line.find('"', pos + 1);
        out.emplace_back(line.substr(pos + 1, end == std::string_view::npos ? std::string_view::npos : end - pos - 1));
        pos = end == std::string_view::npos ? line.size() : end + 1;
    } else {
        std::size_t end = pos;
        while (end < line.size() && line[end] != ' ' && line[end] != '\t')
            ++end;
        out.emplace_back(line.substr(pos, end - pos));
        pos = end;
    }

    while (true) {
        while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t'))
            ++pos;
        if (pos >= line.size())
            break;
        std::string argument;
        bool quoted = false;
        while (pos < line.size()) {
            const char c = line[pos];
            if (!quoted && (c == ' ' || c == '\t'))
                break;
            if (c == '\\') {
                std::size_t count = 0;
                while (pos < line.size() && line[pos] == '\\') {
                    ++count;
                    ++pos;
                }
                if (pos < line.size() && line[pos] == '"') {
                    argument.append(count / 2, '\\');
                    if (count % 2 == 1) {
                        argument += '"';
                        ++pos;
                    }
                    // An even count leaves the quote to toggle below.
                } else {
                    argument.append(count, '\\');
                }
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
                ++pos;
                continue;
            }
            argument += c;
            ++pos;
        }
        out.push_back(std::move(argument));
    }
    return out;
}

// ------------------------------------------------------------------ mpclaim

Result<std::string> validateHardwareId(std::string_view hardwareId)
{
    const auto fail = [&](std::string why) {
        return Error{"mpclaim claim", "hardware id \"" + std::string(hardwareId) + "\": " + std::move(why), 0};
    };
    if (hardwareId.find_first_not_of(' ') == std::string_view::npos)
        return fail("empty; leave the list empty to claim all devices");
    if (hardwareId.size() > 24)
        return fail("longer than 24 characters (vendor 8 + product 16)");
    for (char c : hardwareId) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7E)
            return fail("only printable ASCII characters are allowed");
        if (c == '"')
            return fail("a quote is not allowed");
    }
    return std::string(hardwareId);
}

Result<std::vector<std::vector<std::string>>> mpclaimClaimRuns(const ClaimRequest &request)
{
    std::vector<std::vector<std::string>> runs;
    if (request.hardwareIds.empty()) {
        runs.push_back({"-n", "-i", "-a", ""});
        return runs;
    }
    for (const std::string &id : request.hardwareIds) {
        auto valid = validateHardwareId(id);
        if (!valid)
            return valid.error();
        runs.push_back({"-n", "-i", "-d", *valid});
    }
    return runs;
}

MpclaimExit classifyMpclaimExit(std::uint32_t exitCode)
{
    switch (exitCode) {
    case 0: return MpclaimExit::Success;
    case 3010: return MpclaimExit::SuccessRebootRequired;
    case 1641: return MpclaimExit::SuccessRebootStarted;
    default: return MpclaimExit::Failed;
    }
}

bool outputMentionsReboot(std::string_view output)
{
    std::size_t pos = 0;
    while (pos < output.size()) {
        std::size_t end = output.find_first_of("\r\n", pos);
        if (end == std::string_view::npos)
            end = output.size();
        const std::string line = asciiLower(output.substr(pos, end - pos));
        const bool mentions = line.find("reboot") != std::string::npos || line.find("restart") != std::string::npos;
        const bool denied = line.find("not required") != std::string::npos ||
                            line.find("not needed") != std::string::npos ||
                            line.find("no reboot") != std::string::npos ||
                            line.find("no restart") != std::string::npos;
        if (mentions && !denied)
            return true;
        pos = end + 1;
    }
    return false;
}

ClaimVerdict evaluateClaim(const ClaimRequest &request, const std::vector<MpclaimRun> &runs,
                           const std::optional<MpclaimHardwareList> &hardwareAfter,
                           const std::vector<std::string> &mpioInstanceNames)
{
    ClaimVerdict verdict;
    std::vector<std::string> notes;

    std::vector<HardwareName> disks;
    disks.reserve(mpioInstanceNames.size());
    for (const std::string &name : mpioInstanceNames)
        disks.push_back(hardwareFromInstanceName(name));
    const auto hasMpioDisk = [&](const MpclaimHardwareEntry &entry) {
        return std::any_of(disks.begin(), disks.end(), [&](const HardwareName &disk) {
            return hardwareIdMatches(entry.hardwareId, disk) ||
                   hardwareIdMatches(entry.vendor + ' ' + entry.product, disk);
        });
    };
    const auto sameHardware = [](const MpclaimHardwareEntry &entry, std::string_view id) {
        const HardwareName wanted = splitHardwareId(id);
        return hardwareIdMatches(entry.hardwareId, wanted) ||
               (asciiLower(entry.vendor) == asciiLower(wanted.vendor) &&
                asciiLower(entry.product) == asciiLower(wanted.product));
    };
    // The entries of `mpclaim -e` this request is about.
    const auto entriesFor = [&](const MpclaimRun &run) {
        std::vector<const MpclaimHardwareEntry *> entries;
        if (!hardwareAfter)
            return entries;
        const bool all = run.arguments.size() >= 3 && run.arguments[2] == "-a";
        for (const MpclaimHardwareEntry &entry : hardwareAfter->entries) {
            if (all || (run.arguments.size() >= 4 && sameHardware(entry, run.arguments[3])))
                entries.push_back(&entry);
        }
        return entries;
    };

    std::vector<std::string> failures;
    for (const MpclaimRun &run : runs) {
        const std::string command = joinArguments(run.arguments);
        const MpclaimExit exit = classifyMpclaimExit(run.exitCode);
        const auto entries = entriesFor(run);
        const bool listedAsMpio = !entries.empty() && std::all_of(entries.begin(), entries.end(),
                                                                 [](const auto *e) { return e->multipathed; });
        if (exit == MpclaimExit::SuccessRebootRequired || exit == MpclaimExit::SuccessRebootStarted) {
            verdict.rebootRequired = true;
            notes.push_back(command + ": exit code " + std::to_string(run.exitCode) + " asks for a restart");
        } else if (exit == MpclaimExit::Failed) {
            if (listedAsMpio) {
                notes.push_back(command + ": exit code " + std::to_string(run.exitCode) +
                                ", but mpclaim -e lists the hardware as MPIO-ed afterwards");
            } else {
                failures.push_back(command + " failed with exit code " + std::to_string(run.exitCode) +
                                   (run.output.empty() ? std::string() : ": " + tail(run.output, 400)));
                continue;
            }
        } else {
            notes.push_back(command + ": done");
        }
        if (outputMentionsReboot(run.output)) {
            verdict.rebootRequired = true;
            notes.push_back(command + ": its output asks for a restart");
        }
        for (const MpclaimHardwareEntry *entry : entries) {
            const std::string id = '"' + entry->hardwareId + '"';
            if (!entry->multipathed) {
                verdict.rebootRequired = true;
                notes.push_back(id + " is not yet listed as MPIO-ed; a restart should complete the claim");
            } else if (!hasMpioDisk(*entry)) {
                verdict.rebootRequired = true;
                notes.push_back(id + " is claimed but has no MPIO disk yet; it appears after a restart");
            }
        }
    }
    if (!hardwareAfter)
        notes.push_back("mpclaim -e could not be read afterwards; the result rests on exit codes and output only");

    std::string detail;
    for (const std::string &note : notes)
        detail += (detail.empty() ? "" : "; ") + note;
    if (!failures.empty()) {
        std::string message;
        for (const std::string &failure : failures)
            message += (message.empty() ? "" : "; ") + failure;
        verdict.ok = false;
        verdict.error = Error{"mpclaim claim", message, static_cast<long>(runs.empty() ? 0 : runs.back().exitCode)};
        for (const MpclaimRun &run : runs) {
            if (classifyMpclaimExit(run.exitCode) == MpclaimExit::Failed) {
                verdict.error.code = static_cast<long>(run.exitCode);
                break;
            }
        }
        verdict.detail = detail;
        return verdict;
    }
    verdict.ok = true;
    verdict.detail = (request.hardwareIds.empty() ? std::string("claimed all eligible devices for MPIO")
                                                  : "claimed " + std::to_string(request.hardwareIds.size()) +
                                                        " hardware id(s) for MPIO") +
                     (detail.empty() ? std::string() : " (" + detail + ')') +
                     (verdict.rebootRequired ? "; restart required" : "");
    return verdict;
}

std::string decodeProcessOutput(std::string_view bytes, bool &converted)
{
    converted = true;
    const auto *data = reinterpret_cast<const std::uint8_t *>(bytes.data());
    if (bytes.size() >= 2 && data[0] == 0xFF && data[1] == 0xFE)
        return utf16ToUtf8(utf16FromBytes(data + 2, bytes.size() - 2, true));
    if (bytes.size() >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
        bytes.remove_prefix(3);
        data += 3;
    }
    // UTF-16LE without a BOM: ASCII text leaves every odd byte NUL.
    if (bytes.size() >= 4 && bytes.size() % 2 == 0) {
        std::size_t oddNuls = 0;
        for (std::size_t i = 1; i < bytes.size(); i += 2)
            oddNuls += bytes[i] == '\0' ? 1 : 0;
        if (oddNuls * 4 >= bytes.size() / 2 * 3)
            return utf16ToUtf8(utf16FromBytes(data, bytes.size(), true));
    }
    if (isValidUtf8(bytes))
        return std::string(bytes);
    converted = false;
    return {};
}

} // namespace pathlens
