#include "platform/text/textdecode.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {
namespace {

using namespace std::string_view_literals;

/// UTF-16 bytes with a BOM, as PowerShell (LE) or a Java tool (BE) writes them.
std::string utf16Bytes(std::u16string_view units, bool bigEndian)
{
    std::string bytes = bigEndian ? "\xFE\xFF" : "\xFF\xFE";
    for (const char16_t unit : units) {
        const char high = static_cast<char>(unit >> 8);
        const char low = static_cast<char>(unit & 0xFF);
        bytes += bigEndian ? high : low;
        bytes += bigEndian ? low : high;
    }
    return bytes;
}

std::string errorText(const Result<std::string> &result)
{
    return result.ok() ? std::string("(no error)") : result.error().toString();
}

TEST(DecodeText, PlainAsciiIsUnchanged)
{
    const auto result = decodeText("MPIO Disk2: 08 Paths\r\n");
    ASSERT_TRUE(result.ok()) << errorText(result);
    EXPECT_EQ(*result, "MPIO Disk2: 08 Paths\r\n");
}

TEST(DecodeText, EmptyInputAndBomOnlyGiveEmptyText)
{
    EXPECT_EQ(decodeText("").value(), "");
    EXPECT_EQ(decodeText("\xEF\xBB\xBF").value(), "");
    EXPECT_EQ(decodeText("\xFF\xFE").value(), "");
    EXPECT_EQ(decodeText("\xFE\xFF").value(), "");
}

TEST(DecodeText, Utf8BomIsStripped)
{
    const auto result = decodeText("\xEF\xBB\xBFSN: 6000D31\n");
    ASSERT_TRUE(result.ok()) << errorText(result);
    EXPECT_EQ(*result, "SN: 6000D31\n");
}

TEST(DecodeText, ValidMultiByteUtf8IsKept)
{
    // 2-, 3- and 4-byte sequences, and the largest code point.
    const std::string text = "Gr\xC3\xBC\xC3\x9F" "e \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF";
    const auto result = decodeText(text);
    ASSERT_TRUE(result.ok()) << errorText(result);
    EXPECT_EQ(*result, text);
}

TEST(DecodeText, InvalidUtf8NamesTheByteOffset)
{
    const auto result = decodeText("abc\xFF" "def");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("invalid UTF-8"), std::string::npos) << errorText(result);
    EXPECT_NE(result.error().message.find("byte offset 3"), std::string::npos) << errorText(result);
    EXPECT_FALSE(result.error().operation.empty());
}

TEST(DecodeText, RejectsOverlongSurrogateAndOutOfRangeForms)
{
    struct Case {
        std::string_view bytes;
        std::string_view offset;
    };
    const Case cases[] = {
        {"x\xC0\xAF", "byte offset 1"},             // overlong '/'
        {"xx\xE0\x80\xAF", "byte offset 2"},        // overlong 3-byte
        {"\xED\xA0\x80", "byte offset 0"},          // encoded surrogate D800
        {"ab\xF4\x90\x80\x80", "byte offset 2"},    // above U+10FFFF
        {"\xF0\x80\x80\xAF", "byte offset 0"},      // overlong 4-byte
        {"abcd\x80", "byte offset 4"},              // stray continuation byte
        {"\xE2\x28\xA1", "byte offset 0"},          // bad second byte
        {"\xE2\x82\x28", "byte offset 0"},          // bad third byte
        {"\xF5\x80\x80\x80", "byte offset 0"},      // lead byte never valid
    };
    for (const Case &c : cases) {
        const auto result = decodeText(c.bytes);
        ASSERT_FALSE(result.ok()) << "accepted bytes at " << c.offset;
        EXPECT_NE(result.error().message.find(c.offset), std::string::npos) << errorText(result);
    }
}

TEST(DecodeText, TruncatedSequenceAtTheEndIsNamed)
{
    const auto result = decodeText("ab\xE2\x82");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("truncated"), std::string::npos) << errorText(result);
    EXPECT_NE(result.error().message.find("byte offset 2"), std::string::npos) << errorText(result);
}

TEST(DecodeText, OffsetsAfterAUtf8BomCountTheBom)
{
    const auto result = decodeText("\xEF\xBB\xBF" "a\xFF");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("byte offset 4"), std::string::npos) << errorText(result);
}

TEST(DecodeText, NulBytesWithoutBomAreRejectedAsProbablyUtf16)
{
    const auto result = decodeText("M\0P\0I\0O\0"sv);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("byte offset 1"), std::string::npos) << errorText(result);
    EXPECT_NE(result.error().message.find("UTF-16"), std::string::npos) << errorText(result);
}

TEST(DecodeText, Utf16LittleEndianWithBomBecomesUtf8)
{
    const auto result = decodeText(utf16Bytes(u"MPIO Disk2: \u00FC\u65E5 \U0001F600\r\n", false));
    ASSERT_TRUE(result.ok()) << errorText(result);
    EXPECT_EQ(*result, "MPIO Disk2: \xC3\xBC\xE6\x97\xA5 \xF0\x9F\x98\x80\r\n");
}

TEST(DecodeText, Utf16BigEndianWithBomBecomesUtf8)
{
    const auto result = decodeText(utf16Bytes(u"SN: \u00E9\U0010FFFF", true));
    ASSERT_TRUE(result.ok()) << errorText(result);
    EXPECT_EQ(*result, "SN: \xC3\xA9\xF4\x8F\xBF\xBF");
}

TEST(DecodeText, Utf16OddByteCountIsAClearError)
{
    std::string bytes = utf16Bytes(u"ab", false);
    bytes += 'c';
    const auto result = decodeText(bytes);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("odd number of bytes (7)"), std::string::npos) << errorText(result);
    EXPECT_NE(result.error().message.find("byte offset 6"), std::string::npos) << errorText(result);
}

TEST(DecodeText, UnpairedSurrogatesNameTheirByteOffset)
{
    // High surrogate followed by an ordinary character: BOM 2 + 'a' 2 -> offset 4.
    const std::u16string highThenChar = {u'a', char16_t(0xD83D), u'b'};
    auto result = decodeText(utf16Bytes(highThenChar, false));
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("high surrogate at byte offset 4"), std::string::npos)
        << errorText(result);

    const std::u16string highAtEnd = {u'a', u'b', char16_t(0xDBFF)};
    result = decodeText(utf16Bytes(highAtEnd, true));
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("byte offset 6"), std::string::npos) << errorText(result);

    const std::u16string loneLow = {char16_t(0xDE00), u'a'};
    result = decodeText(utf16Bytes(loneLow, false));
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("low surrogate at byte offset 2"), std::string::npos)
        << errorText(result);
}

TEST(DecodeText, Utf16NeverFallsIntoUtf8Validation)
{
    // Bytes that are invalid UTF-8 are fine as UTF-16 code units.
    const auto result = decodeText("\xFF\xFE\xFF\x00"sv); // U+00FF
    ASSERT_TRUE(result.ok()) << errorText(result);
    EXPECT_EQ(*result, "\xC3\xBF");
}

TEST(SplitLines, HandlesCrlfLfAndLoneCr)
{
    const std::vector<std::string_view> expected = {"a", "b", "c", "", "d"};
    EXPECT_EQ(splitLines("a\r\nb\nc\r\rd"), expected);
}

TEST(SplitLines, FinalLineEndDoesNotAddALine)
{
    EXPECT_EQ(splitLines("a\n"), (std::vector<std::string_view>{"a"}));
    EXPECT_EQ(splitLines("a\r\n"), (std::vector<std::string_view>{"a"}));
    EXPECT_EQ(splitLines("a\r"), (std::vector<std::string_view>{"a"}));
    EXPECT_EQ(splitLines("a"), (std::vector<std::string_view>{"a"}));
    EXPECT_EQ(splitLines("a\n\n"), (std::vector<std::string_view>{"a", ""}));
}

TEST(SplitLines, EmptyAndBlankInputs)
{
    EXPECT_TRUE(splitLines("").empty());
    EXPECT_EQ(splitLines("\n"), (std::vector<std::string_view>{""}));
    EXPECT_EQ(splitLines("\r\n\r\n"), (std::vector<std::string_view>{"", ""}));
    // CR CR LF: a lone CR, then a CRLF.
    EXPECT_EQ(splitLines("x\r\r\ny"), (std::vector<std::string_view>{"x", "", "y"}));
}

TEST(SplitLines, ViewsPointIntoTheText)
{
    const std::string text = "first\r\nsecond";
    const auto lines = splitLines(text);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[1].data(), text.data() + 7);
}

/// The obvious byte-by-byte definition, to check the fast one against.
std::vector<std::string_view> referenceSplit(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n' && text[i] != '\r')
            continue;
        lines.push_back(text.substr(start, i - start));
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
            ++i;
        start = i + 1;
    }
    if (start < text.size())
        lines.push_back(text.substr(start));
    return lines;
}

TEST(SplitLines, MatchesTheByteByByteDefinitionOnMixedLineEnds)
{
    std::mt19937 random(7);
    const char alphabet[] = {'a', 'b', ' ', '\r', '\n'};
    for (int round = 0; round < 2000; ++round) {
        std::string text(random() % 40, ' ');
        for (char &c : text)
            c = alphabet[random() % sizeof alphabet];
        ASSERT_EQ(splitLines(text), referenceSplit(text)) << "round " << round;
    }
}

TEST(SplitLines, OldMacFileOfLoneCrsIsLinear)
{
    const std::string text(1 << 20, '\r'); // a quadratic scan would take minutes
    EXPECT_EQ(splitLines(text + "\n").size(), std::size_t(1) << 20);
}

} // namespace
} // namespace pathlens
