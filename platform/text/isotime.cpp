#include "isotime.h"

#include <charconv>
#include <cstdio>

namespace pathlens {

namespace {

using Clock = std::chrono::system_clock;

template <typename T>
bool digitsOnly(std::string_view text, T &value)
{
    if (text.empty())
        return false;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

// The whole seconds the clock holds with any fraction added: the first one
// rounds the minimum up (the cast truncates toward zero), the last one stays a
// second below the maximum.
std::int64_t clockFirstSecond()
{
    return std::chrono::duration_cast<std::chrono::seconds>(Clock::duration::min()).count();
}

std::int64_t clockLastSecond()
{
    return std::chrono::duration_cast<std::chrono::seconds>(Clock::duration::max()).count() - 1;
}

std::string isoText(std::int64_t secondsSinceEpoch)
{
    using namespace std::chrono;
    const sys_days day = floor<days>(sys_seconds(seconds(secondsSinceEpoch)));
    const year_month_day date(day);
    const std::int64_t inDay = secondsSinceEpoch - day.time_since_epoch().count() * 86400;
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(inDay / 3600), static_cast<int>(inDay / 60 % 60), static_cast<int>(inDay % 60));
    return text;
}

Error timeError(std::string message)
{
    return Error{"time", std::move(message), kTimeOutOfRange};
}

} // namespace

std::string clockSpanText()
{
    return isoText(clockFirstSecond()) + " to " + isoText(clockLastSecond());
}

Result<std::int64_t> civilSeconds(int year, unsigned month, unsigned day, int hour, int minute, int second,
                                  bool requireClock)
{
    using namespace std::chrono;
    if (year < 1 || year > 9999)
        return timeError("the year " + std::to_string(year) + " is outside 1 to 9999");
    const year_month_day date{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
    char text[48];
    if (!date.ok()) {
        std::snprintf(text, sizeof text, "there is no day %04d-%02u-%02u", year, month % 100, day % 100);
        return timeError(text);
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
        std::snprintf(text, sizeof text, "the time of day %02d:%02d:%02d is outside 00:00:00 to 23:59:60",
                      hour % 100, minute % 100, second % 100);
        return timeError(text);
    }
    // Years 1 to 9999 are about +-3e11 seconds: no overflow in 64 bits.
    const std::int64_t days = sys_days(date).time_since_epoch().count();
    const std::int64_t total = days * 86400 + hour * 3600 + minute * 60 + second;
    if (requireClock && (total < clockFirstSecond() || total > clockLastSecond()))
        return timeError(isoText(total) + " is outside the times this program can hold (" + clockSpanText() + ")");
    return total;
}

Result<Clock::time_point> civilTime(int year, unsigned month, unsigned day, int hour, int minute, int second,
                                    std::chrono::nanoseconds fraction, std::chrono::minutes offset)
{
    if (fraction < std::chrono::nanoseconds(0) || fraction >= std::chrono::seconds(1))
        return timeError("a fraction of a second must be less than one second");
    if (offset <= -std::chrono::hours(24) || offset >= std::chrono::hours(24))
        return timeError("a UTC offset must be less than 24 hours");
    auto local = civilSeconds(year, month, day, hour, minute, second, false);
    if (!local)
        return local.error();
    const std::int64_t utc = *local - std::chrono::duration_cast<std::chrono::seconds>(offset).count();
    if (utc < clockFirstSecond() || utc > clockLastSecond())
        return timeError(isoText(utc) + " is outside the times this program can hold (" + clockSpanText() + ")");
    return Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(utc) + fraction));
}

Result<IsoTime> parseIsoTimeText(std::string_view text, bool spaceSeparator)
{
    const auto notATime = [&] {
        return Error{"time",
                     "\"" + std::string(text.substr(0, 64)) + (text.size() > 64 ? "..." : "")
                         + "\" is not an ISO 8601 time with a zone (YYYY-MM-DDTHH:MM:SS, an optional fraction, then Z "
                           "or an offset like +02:00)",
                     kTimeNotATime};
    };
    const bool separator = text.size() >= 11 && (text[10] == 'T' || text[10] == 't' || (spaceSeparator && text[10] == ' '));
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' || !separator || text[13] != ':' || text[16] != ':')
        return notATime();
    int year = 0, hour = 0, minute = 0, second = 0;
    unsigned month = 0, day = 0;
    if (!digitsOnly(text.substr(0, 4), year) || !digitsOnly(text.substr(5, 2), month)
        || !digitsOnly(text.substr(8, 2), day) || !digitsOnly(text.substr(11, 2), hour)
        || !digitsOnly(text.substr(14, 2), minute) || !digitsOnly(text.substr(17, 2), second))
        return notATime();

    std::size_t pos = 19;
    std::chrono::nanoseconds fraction{0};
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        std::int64_t scale = 100000000;
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            fraction += std::chrono::nanoseconds((text[pos] - '0') * scale);
            scale /= 10;
            ++pos;
        }
        if (pos == start)
            return notATime();
    }
    if (pos >= text.size())
        return notATime(); // no zone: the moment would be a guess
    std::chrono::minutes offset{0};
    const std::string_view zone = text.substr(pos);
    if (zone == "Z" || zone == "z") {
        // UTC
    } else if (zone[0] == '+' || zone[0] == '-') {
        const std::string_view rest = zone.substr(1);
        int zoneHours = 0, zoneMinutes = 0;
        bool read = false;
        if (rest.size() == 5 && rest[2] == ':')
            read = digitsOnly(rest.substr(0, 2), zoneHours) && digitsOnly(rest.substr(3, 2), zoneMinutes);
        else if (rest.size() == 4)
            read = digitsOnly(rest.substr(0, 2), zoneHours) && digitsOnly(rest.substr(2, 2), zoneMinutes);
        if (!read)
            return notATime();
        if (zoneHours > 23 || zoneMinutes > 59)
            return timeError("the UTC offset " + std::string(zone) + " is outside -23:59 to +23:59");
        offset = std::chrono::minutes(zoneHours * 60 + zoneMinutes);
        if (zone[0] == '-')
            offset = -offset;
    } else {
        return notATime();
    }
    auto time = civilTime(year, month, day, hour, minute, second, fraction, offset);
    if (!time)
        return Error{"time", "\"" + std::string(text.substr(0, 64)) + "\": " + time.error().message, kTimeOutOfRange};
    return IsoTime{*time, offset};
}

} // namespace pathlens
