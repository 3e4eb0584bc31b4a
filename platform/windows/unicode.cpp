#include "unicode.h"

#include "platform/text/utf8.h"

namespace pathlens {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

void appendUtf16(std::u16string &out, char32_t cp)
{
    if (cp < 0x10000) {
        out += static_cast<char16_t>(cp);
    } else {
        cp -= 0x10000;
        out += static_cast<char16_t>(0xD800 + (cp >> 10));
        out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    }
}

/// Decodes one UTF-8 sequence at @p pos. Returns the code point and advances
/// @p pos; on an invalid sequence returns U+FFFD, advances by one byte and
/// sets @p valid to false.
char32_t decodeUtf8(std::string_view text, std::size_t &pos, bool &valid)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    valid = true;
    if (lead < 0x80) {
        ++pos;
        return lead;
    }
    std::size_t length = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        cp = lead & 0x1F;
        min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        cp = lead & 0x0F;
        min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        cp = lead & 0x07;
        min = 0x10000;
    } else {
        valid = false;
        ++pos;
        return kReplacement;
    }
    if (pos + length > text.size()) {
        valid = false;
        ++pos;
        return kReplacement;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const unsigned char next = byte(pos + i);
        if ((next & 0xC0) != 0x80) {
            valid = false;
            ++pos;
            return kReplacement;
        }
        cp = (cp << 6) | (next & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        valid = false;
        ++pos;
        return kReplacement;
    }
    pos += length;
    return cp;
}

} // namespace

std::string utf16ToUtf8(std::u16string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char16_t unit = text[i];
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            if (i + 1 < text.size() && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF) {
                const char32_t cp = 0x10000 + ((char32_t(unit) - 0xD800) << 10) + (char32_t(text[i + 1]) - 0xDC00);
                appendUtf8(out, cp);
                ++i;
            } else {
                appendUtf8(out, kReplacement);
            }
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            appendUtf8(out, kReplacement);
        } else {
            appendUtf8(out, unit);
        }
    }
    return out;
}

std::u16string utf8ToUtf16(std::string_view text)
{
    std::u16string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    bool valid = true;
    while (pos < text.size())
        appendUtf16(out, decodeUtf8(text, pos, valid));
    return out;
}

bool isValidUtf8(std::string_view text)
{
    std::size_t pos = 0;
    bool valid = true;
    while (pos < text.size()) {
        decodeUtf8(text, pos, valid);
        if (!valid)
            return false;
    }
    return true;
}

std::u16string utf16FromBytes(const std::uint8_t *bytes, std::size_t size, bool keepNuls)
{
    std::u16string out;
    if (!bytes)
        return out;
    out.reserve(size / 2);
    for (std::size_t i = 0; i + 1 < size; i += 2) {
        const auto unit = static_cast<char16_t>(bytes[i] | (bytes[i + 1] << 8));
        if (unit == 0 && !keepNuls)
            break;
        out += unit;
    }
    return out;
}

std::vector<std::string> splitMultiString(std::u16string_view text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(u'\0', start);
        if (end == std::u16string_view::npos)
            end = text.size();
        if (end == start) {
            // An empty string ends the list.
            break;
        }
        out.push_back(utf16ToUtf8(text.substr(start, end - start)));
        start = end + 1;
    }
    return out;
}

} // namespace pathlens
