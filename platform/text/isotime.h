#pragma once

// Civil UTC times as the files and APIs PathLens reads write them, turned
// into std::chrono::system_clock time points. The clock holds a limited span
// (64-bit nanoseconds on Linux: 1677 to 2262); a time outside it is refused
// with the span in words, never computed with an overflowed value.

#include "platform/result.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace pathlens {

/// Error codes of the functions below: the text is no such time, or a field
/// or the moment is outside its range.
inline constexpr long kTimeNotATime = 1;
inline constexpr long kTimeOutOfRange = 2;

/// A parsed time and the UTC offset it was written with.
struct IsoTime {
    std::chrono::system_clock::time_point time{};
    std::chrono::minutes offset{0};
};

/// The times the clock can hold, as "1677-09-21T00:12:44Z to 2262-04-11T23:47:16Z".
std::string clockSpanText();

/// The time of a civil UTC moment, checked: fields out of their ranges are
/// refused (month 13, 24:00, 23:60:00 is allowed as a leap second), and so is
/// a moment the clock cannot hold ("... is outside the times this program can
/// hold (<span>)").
Result<std::chrono::system_clock::time_point> civilTime(int year, unsigned month, unsigned day, int hour, int minute,
                                                        int second, std::chrono::nanoseconds fraction,
                                                        std::chrono::minutes offset);

/// Whole seconds since the Unix epoch of a civil UTC moment, for the years
/// 1 to 9999; with @p requireClock also refused outside the clock's span.
Result<std::int64_t> civilSeconds(int year, unsigned month, unsigned day, int hour, int minute, int second,
                                  bool requireClock);

/// "YYYY-MM-DDTHH:MM:SS[.f...](Z|+HH:MM|-HH:MM|+HHMM|-HHMM)": a date, a time,
/// an optional fraction of any length (digits past nanoseconds are dropped)
/// and a required zone, whose offset is less than 24 hours. With
/// @p spaceSeparator a blank may stand for the 'T'. The error says whether the
/// text is not such a time or is outside the clock's span.
Result<IsoTime> parseIsoTimeText(std::string_view text, bool spaceSeparator = false);

} // namespace pathlens
