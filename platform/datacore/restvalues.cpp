#include "restvalues.h"

#include <charconv>
#include <vector>

namespace pathlens {
namespace {

char lowerAscii(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool isAsciiAlnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// Lower-case letters and digits only: "Fibre Channel" and "fibre_channel"
/// both become "fibrechannel".
std::string squeeze(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (isAsciiAlnum(c))
            out += lowerAscii(c);
    }
    return out;
}

/// All of `text` as a decimal number (with an optional sign), nothing else.
template <typename Int>
std::optional<Int> wholeNumber(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    if (text.front() == '+')
        text.remove_prefix(1); // from_chars refuses a plus sign
    Int value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

bool allDigits(std::string_view text)
{
    if (text.empty())
        return false;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

/// "+0200" / "-0130" / "+02:00" to minutes east of UTC.
std::optional<int> parseOffset(std::string_view text)
{
    if (text.size() < 5 || (text[0] != '+' && text[0] != '-'))
        return std::nullopt;
    std::string_view hours = text.substr(1, 2);
    std::string_view minutes = text.substr(3);
    if (!minutes.empty() && minutes.front() == ':')
        minutes.remove_prefix(1);
    if (minutes.size() != 2 || !allDigits(hours) || !allDigits(minutes))
        return std::nullopt;
    const int h = *wholeNumber<int>(hours);
    const int m = *wholeNumber<int>(minutes);
    if (h > 23 || m > 59)
        return std::nullopt;
    const int total = h * 60 + m;
    return text[0] == '-' ? -total : total;
}

std::optional<DataCoreDate> parseMsDate(std::string_view text)
{
    // "/Date(" digits [offset] ")/"; JSON may have escaped the slashes, the
    // JSON parser has already undone that.
    constexpr std::string_view prefix = "/Date(";
    constexpr std::string_view suffix = ")/";
    if (!text.starts_with(prefix) || !text.ends_with(suffix) || text.size() <= prefix.size() + suffix.size())
        return std::nullopt;
    std::string_view body = text.substr(prefix.size(), text.size() - prefix.size() - suffix.size());

    std::optional<int> offset;
    // An offset sign can only follow at least one digit, so search from 1.
    const std::size_t sign = body.find_first_of("+-", 1);
    if (sign != std::string_view::npos) {
        offset = parseOffset(body.substr(sign));
        if (!offset || body.size() - sign != 5)
            return std::nullopt;
        body = body.substr(0, sign);
    }
    const std::optional<std::int64_t> ms = wholeNumber<std::int64_t>(body);
    if (!ms)
        return std::nullopt;
    return DataCoreDate{*ms, offset};
}

std::optional<DataCoreDate> parseIsoDate(std::string_view text)
{
    // YYYY-MM-DDTHH:MM:SS[.fff...](Z|+HH:MM|-HH:MM|+HHMM|-HHMM)
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ')
        || text[13] != ':' || text[16] != ':')
        return std::nullopt;
    const std::string_view fields[] = {text.substr(0, 4), text.substr(5, 2), text.substr(8, 2),
                                       text.substr(11, 2), text.substr(14, 2), text.substr(17, 2)};
    for (std::string_view field : fields) {
        if (!allDigits(field))
            return std::nullopt;
    }
    const int year = *wholeNumber<int>(fields[0]);
    const unsigned month = *wholeNumber<unsigned>(fields[1]);
    const unsigned day = *wholeNumber<unsigned>(fields[2]);
    const int hour = *wholeNumber<int>(fields[3]);
    const int minute = *wholeNumber<int>(fields[4]);
    const int second = *wholeNumber<int>(fields[5]);
    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                           std::chrono::day{day}};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;

    std::string_view rest = text.substr(19);
    std::int64_t millis = 0;
    if (!rest.empty() && rest.front() == '.') {
        rest.remove_prefix(1);
        std::size_t digits = 0;
        while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9')
            ++digits;
        if (digits == 0)
            return std::nullopt;
        // Milliseconds from the first three digits; .NET writes seven.
        for (std::size_t i = 0; i < 3; ++i)
            millis = millis * 10 + (i < digits ? rest[i] - '0' : 0);
        rest.remove_prefix(digits);
    }

    std::optional<int> offset;
    if (rest == "Z" || rest == "z") {
        offset = 0;
    } else {
        offset = parseOffset(rest);
        if (!offset || (rest.size() != 5 && rest.size() != 6))
            return std::nullopt;
    }

    const auto days = std::chrono::sys_days{date}.time_since_epoch().count();
    const std::int64_t localMs = ((static_cast<std::int64_t>(days) * 24 + hour) * 60 + minute) * 60000
        + std::int64_t{second} * 1000 + millis;
    return DataCoreDate{localMs - std::int64_t{*offset} * 60000, offset};
}

} // namespace

std::optional<std::chrono::system_clock::time_point> DataCoreDate::timePoint() const
{
    using std::chrono::milliseconds;
    using Clock = std::chrono::system_clock;
    if (isUnset())
        return std::nullopt;
    // On Linux the clock counts nanoseconds in 64 bits: about 1678 to 2262.
    const auto maxMs = std::chrono::duration_cast<milliseconds>(Clock::duration::max()).count();
    const auto minMs = std::chrono::duration_cast<milliseconds>(Clock::duration::min()).count();
    if (msSinceEpoch > maxMs || msSinceEpoch < minMs)
        return std::nullopt;
    return Clock::time_point(std::chrono::duration_cast<Clock::duration>(milliseconds(msSinceEpoch)));
}

std::optional<DataCoreDate> parseDataCoreDate(std::string_view text)
{
    if (text.starts_with("/Date("))
        return parseMsDate(text);
    return parseIsoDate(text);
}

std::optional<RoleFlags> parseDataCoreRoleNames(std::string_view text)
{
    // Words split at any separator the known forms use; "Front-end" and
    // "Front end" arrive as two words and are joined below.
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
        if (isAsciiAlnum(c)) {
            word += lowerAscii(c);
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty())
        words.push_back(std::move(word));

    RoleFlags roles = RoleNone;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string &w = words[i];
        const bool nextIsEnd = i + 1 < words.size() && words[i + 1] == "end";
        if (w == "fe" || w == "frontend") {
            roles |= RoleFrontEnd;
        } else if (w == "front" && nextIsEnd) {
            roles |= RoleFrontEnd;
            ++i;
        } else if (w == "be" || w == "backend") {
            roles |= RoleBackEnd;
        } else if (w == "back" && nextIsEnd) {
            roles |= RoleBackEnd;
            ++i;
        } else if (w == "mr" || w == "mirror") {
            roles |= RoleMirror;
        } else if (w != "none") {
            return std::nullopt;
        }
    }
    return roles;
}

std::optional<PortType> dataCorePortTypeFromCode(std::int64_t code)
{
    switch (code) {
    case 2: return PortType::FibreChannel;
    case 3: return PortType::iSCSI;
    case 4: return PortType::Loopback;
    default: return std::nullopt;
    }
}

std::optional<PortType> dataCorePortTypeFromName(std::string_view name)
{
    const std::string key = squeeze(name);
    if (key == "fibrechannel" || key == "fc")
        return PortType::FibreChannel;
    if (key == "iscsi")
        return PortType::iSCSI;
    if (key == "loopback")
        return PortType::Loopback;
    return std::nullopt;
}

std::optional<PortMode> dataCorePortModeFromCode(std::int64_t code)
{
    switch (code) {
    case 1: return PortMode::Initiator;
    case 2: return PortMode::Target;
    case 3: return PortMode::InitiatorTarget;
    default: return std::nullopt;
    }
}

std::optional<PortMode> dataCorePortModeFromName(std::string_view name)
{
    const std::string key = squeeze(name);
    if (key == "initiator" || key == "initiatoronly")
        return PortMode::Initiator;
    if (key == "target" || key == "targetonly")
        return PortMode::Target;
    if (key == "initiatortarget" || key == "targetinitiator" || key == "initiatorandtarget")
        return PortMode::InitiatorTarget;
    return std::nullopt;
}

std::optional<Presence> dataCorePresenceFromCode(std::int64_t code)
{
    switch (code) {
    case 1: return Presence::Present;
    case 2: return Presence::NotPresent;
    default: return std::nullopt;
    }
}

std::optional<Presence> dataCorePresenceFromName(std::string_view name)
{
    const std::string key = squeeze(name);
    if (key == "present")
        return Presence::Present;
    if (key == "notpresent")
        return Presence::NotPresent;
    return std::nullopt;
}

std::optional<std::string> dataCorePoolNameFromUsage(std::string_view usage)
{
    usage = trimBlanks(usage);
    constexpr std::string_view prefix = "in pool";
    if (usage.size() <= prefix.size())
        return std::nullopt;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (lowerAscii(usage[i]) != prefix[i])
            return std::nullopt;
    }
    std::string_view name = trimBlanks(usage.substr(prefix.size()));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
        name = name.substr(1, name.size() - 2);
    if (name.empty() || usage[prefix.size()] != ' ')
        return std::nullopt;
    return std::string(name);
}

bool isNullWwn(std::string_view wwn)
{
    bool sawDigit = false;
    for (char c : wwn) {
        if (c == '0')
            sawDigit = true;
        else if (c != '-' && c != ':' && c != ' ')
            return false;
    }
    return sawDigit;
}

std::string_view trimBlanks(std::string_view text)
{
    const auto isBlank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0'; };
    while (!text.empty() && isBlank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isBlank(text.back()))
        text.remove_suffix(1);
    return text;
}

} // namespace pathlens
