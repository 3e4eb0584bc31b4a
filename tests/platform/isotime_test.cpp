#include "platform/lab/labscenario.h"
#include "platform/text/isotime.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <type_traits>

namespace pathlens {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::system_clock;
using namespace std::chrono_literals;

Clock::time_point at(std::int64_t secondsSinceEpoch)
{
    return Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(secondsSinceEpoch)));
}

Clock::time_point parsed(std::string_view text)
{
    const Result<IsoTime> time = parseIsoTimeText(text);
    EXPECT_TRUE(time.ok()) << text << ": " << (time.ok() ? "" : time.error().message);
    return time.ok() ? time->time : Clock::time_point{};
}

long codeOf(std::string_view text)
{
    const Result<IsoTime> time = parseIsoTimeText(text);
    return time.ok() ? 0 : time.error().code;
}

TEST(IsoTime, ZonesAndFractions)
{
    EXPECT_EQ(parsed("2024-06-08T21:13:20Z"), at(1717881200));
    EXPECT_EQ(parsed("2024-06-08T23:13:20+02:00"), at(1717881200));
    EXPECT_EQ(parsed("2024-06-08T19:13:20-0200"), at(1717881200));
    EXPECT_EQ(parsed("2024-06-08T21:13:20.5000000Z"), at(1717881200) + 500ms);
    EXPECT_EQ(parsed("2024-06-08T21:13:20,25Z"), at(1717881200) + 250ms);
    // Digits past nanoseconds are dropped, never carried into the seconds.
    EXPECT_EQ(parsed("2024-06-08T21:13:20.999999999999999999999Z"),
              at(1717881200) + std::chrono::duration_cast<Clock::duration>(999999999ns));
    EXPECT_EQ(parseIsoTimeText("2024-06-08T23:13:20+02:00")->offset, 120min);
    EXPECT_EQ(parsed("2016-12-31T23:59:60Z"), at(1483228800)); // a leap second reads as the next second
}

TEST(IsoTime, OffsetsUpToButNotIncludingADay)
{
    EXPECT_EQ(parsed("2024-06-08T23:59:00+23:59"), at(1717804800)); // midnight UTC
    EXPECT_EQ(parsed("2024-06-08T00:00:00-23:59"), at(1717804800 + 23 * 3600 + 59 * 60));
    EXPECT_EQ(codeOf("2024-06-08T00:00:00+24:00"), kTimeOutOfRange);
    EXPECT_EQ(codeOf("2024-06-08T00:00:00-24:00"), kTimeOutOfRange);
    EXPECT_THAT(parseIsoTimeText("2024-06-08T00:00:00+24:00").error().message, HasSubstr("-23:59 to +23:59"));
}

TEST(IsoTime, MalformedTextIsNotATime)
{
    for (std::string_view text : {"2024-06-08T21:13:20", "yesterday", "2024-06-08T21:13:20.Z", "2024-06-08 21:13:20Z",
                                  "2024-06-08T21:13:20+2:00", "+024-06-08T21:13:20Z", "2024-06-08T21:13:20Q", ""}) {
        EXPECT_EQ(codeOf(text), kTimeNotATime) << text;
    }
    EXPECT_EQ(parsed("2024-06-08T21:13:20Z"), parseIsoTimeText("2024-06-08 21:13:20Z", true)->time);
    EXPECT_THAT(parseIsoTimeText("yesterday").error().message, HasSubstr("is not an ISO 8601 time with a zone"));
}

TEST(IsoTime, FieldsOutOfTheirRanges)
{
    for (std::string_view text : {"2024-02-30T21:13:20Z", "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z",
                                  "2024-06-08T24:00:00Z", "2024-06-08T23:60:00Z", "2024-06-08T23:59:61Z",
                                  "0000-01-01T00:00:00Z"}) {
        EXPECT_EQ(codeOf(text), kTimeOutOfRange) << text;
    }
}

TEST(IsoTime, TheClocksSpanIsTheLimit)
{
    // 1969 is before the epoch and fine.
    EXPECT_EQ(parsed("1969-12-31T23:59:59Z"), at(-1));
    EXPECT_EQ(parsed("1970-01-01T00:00:00Z"), at(0));
    const Result<IsoTime> year1 = parseIsoTimeText("0001-01-01T00:00:00Z");
    const Result<IsoTime> year9999 = parseIsoTimeText("9999-12-31T23:59:59.9999999Z");
    if constexpr (std::is_same_v<Clock::duration, std::chrono::nanoseconds>) {
        // 64-bit nanoseconds: 1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z.
        EXPECT_EQ(clockSpanText(), "1677-09-21T00:12:44Z to 2262-04-11T23:47:15Z");
        EXPECT_TRUE(parseIsoTimeText("2262-04-11T23:47:15Z").ok());
        EXPECT_EQ(codeOf("2262-04-11T23:47:16Z"), kTimeOutOfRange);
        EXPECT_EQ(codeOf("2262-04-12T00:00:00Z"), kTimeOutOfRange);
        EXPECT_TRUE(parseIsoTimeText("1677-09-21T00:12:44Z").ok());
        EXPECT_EQ(codeOf("1677-09-21T00:12:43Z"), kTimeOutOfRange);
        // An offset that moves the moment across the end is judged on the UTC moment.
        EXPECT_EQ(codeOf("2262-04-11T23:47:15-01:00"), kTimeOutOfRange);
        EXPECT_TRUE(parseIsoTimeText("2262-04-12T00:47:15+01:00").ok());
        ASSERT_FALSE(year1.ok());
        ASSERT_FALSE(year9999.ok());
    }
    // Whatever the clock, its span holds today and the answer for a time past it names the span.
    if (!year9999.ok()) {
        EXPECT_EQ(year9999.error().code, kTimeOutOfRange);
        EXPECT_THAT(year9999.error().message, HasSubstr("outside the times this program can hold"));
        EXPECT_THAT(year9999.error().message, HasSubstr(clockSpanText()));
        EXPECT_THAT(year9999.error().message, HasSubstr("9999-12-31T23:59:59.9999999Z"));
    }
    if (!year1.ok()) {
        EXPECT_EQ(year1.error().code, kTimeOutOfRange);
    }
}

TEST(IsoTime, CivilSecondsCoverTheCalendarWithoutTheClock)
{
    EXPECT_EQ(civilSeconds(1970, 1, 1, 0, 0, 0, false).value(), 0);
    EXPECT_EQ(civilSeconds(1, 1, 1, 0, 0, 0, false).value(), -62135596800);
    EXPECT_EQ(civilSeconds(9999, 12, 31, 23, 59, 59, false).value(), 253402300799);
    EXPECT_FALSE(civilSeconds(10000, 1, 1, 0, 0, 0, false).ok());
    EXPECT_FALSE(civilSeconds(0, 1, 1, 0, 0, 0, false).ok());
    if constexpr (std::is_same_v<Clock::duration, std::chrono::nanoseconds>) {
        EXPECT_FALSE(civilSeconds(9999, 12, 31, 23, 59, 59, true).ok());
    }
}

TEST(LabTimes, TrafficSinceMustBeATimeTheClockHolds)
{
    EXPECT_EQ(lab::parseUtcTimestamp("2024-06-03T06:00:00Z", true).value(), 1717394400);
    EXPECT_EQ(lab::parseUtcTimestamp("1969-12-31T23:59:59Z", true).value(), -1);
    const Result<std::int64_t> far = lab::parseUtcTimestamp("9999-01-01T00:00:00Z", true);
    if constexpr (std::is_same_v<Clock::duration, std::chrono::nanoseconds>) {
        ASSERT_FALSE(far.ok());
        EXPECT_THAT(far.error().message, HasSubstr(clockSpanText()));
    }
    // A driver's date is a calendar date: year 1 and 9999 are dates.
    EXPECT_TRUE(lab::parseUtcTimestamp("0001-01-01T00:00:00Z", false).ok());
    EXPECT_TRUE(lab::parseUtcTimestamp("9999-12-31T00:00:00Z", false).ok());
    EXPECT_EQ(lab::parseUtcTimestamp("2024-06-03 06:00:00Z", false).error().code, kTimeNotATime);
}

} // namespace
} // namespace pathlens
