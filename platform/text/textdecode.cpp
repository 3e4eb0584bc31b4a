#include "textdecode.h"
#include "platform/text/utf8.h"

#include <cstdint>
#include <optional>

namespace pathlens {
namespace {

constexpr std::string_view kOperation = "decode text";

Error decodeError(std::string message)
{
    return Error{std::string(kOperation), std::move(message), 0};
}

std::string offsetText(std::size_t offset)
{
    return "byte offset " + std::to_string(offset);
}

/// Validates @p text as UTF-8 (Unicode 15, table 3-7: no overlong forms, no
/// surrogates, nothing above U+10FFFF). @p base is added to reported offsets.
std::optional<Error> validateUtf8(std::string_view text, std::size_t base)
{
    const auto *p = reinterpret_cast<const unsigned char *>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char lead = p[i];
        if (lead == 0)
            return decodeError("NUL byte at " + offsetText(base + i)
                               + ": not UTF-8 text (UTF-16 without a byte order mark?)");
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0)
                low = 0xA0; // overlong
            else if (lead == 0xED)
                high = 0x9F; // surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0)
                low = 0x90; // overlong
            else if (lead == 0xF4)
                high = 0x8F; // above U+10FFFF
        } else {
            return decodeError("invalid UTF-8 at " + offsetText(base + i));
        }
        if (n - i < length) {
            // Check the bytes that are there first, so a bad byte is named as such.
            for (std::size_t k = 1; i + k < n; ++k) {
                const unsigned char c = p[i + k];
                const bool fits = k == 1 ? (c >= low && c <= high) : (c >= 0x80 && c <= 0xBF);
                if (!fits)
                    return decodeError("invalid UTF-8 at " + offsetText(base + i));
            }
            return decodeError("truncated UTF-8 sequence at " + offsetText(base + i) + " (end of input)");
        }
        if (p[i + 1] < low || p[i + 1] > high)
            return decodeError("invalid UTF-8 at " + offsetText(base + i));
        for (std::size_t k = 2; k < length; ++k) {
            if (p[i + k] < 0x80 || p[i + k] > 0xBF)
                return decodeError("invalid UTF-8 at " + offsetText(base + i));
        }
        i += length;
    }
    return std::nullopt;
}

Result<std::string> decodeUtf16(std::string_view bytes, bool bigEndian)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const std::size_t n = bytes.size();
    if (n % 2 != 0) {
        return decodeError("UTF-16 text has an odd number of bytes (" + std::to_string(n)
                           + "): the byte at " + offsetText(n - 1) + " is half a character");
    }
    auto unitAt = [&](std::size_t i) -> std::uint32_t {
        return bigEndian ? (std::uint32_t(p[i]) << 8) | p[i + 1] : (std::uint32_t(p[i + 1]) << 8) | p[i];
    };

    std::string out;
    out.reserve(n / 2);
    for (std::size_t i = 2; i < n; i += 2) { // 2: past the BOM
        const std::uint32_t unit = unitAt(i);
        if (unit >= 0xDC00 && unit <= 0xDFFF)
            return decodeError("unpaired UTF-16 low surrogate at " + offsetText(i));
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            if (i + 2 >= n)
                return decodeError("unpaired UTF-16 high surrogate at " + offsetText(i) + " (end of input)");
            const std::uint32_t next = unitAt(i + 2);
            if (next < 0xDC00 || next > 0xDFFF)
                return decodeError("unpaired UTF-16 high surrogate at " + offsetText(i));
            appendUtf8(out, 0x10000 + ((unit - 0xD800) << 10) + (next - 0xDC00));
            i += 2;
            continue;
        }
        appendUtf8(out, unit);
    }
    return out;
}

} // namespace

Result<std::string> decodeText(std::string_view bytes)
{
    auto startsWith = [bytes](std::string_view prefix) { return bytes.substr(0, prefix.size()) == prefix; };

    if (startsWith("\xEF\xBB\xBF")) {
        if (auto error = validateUtf8(bytes.substr(3), 3))
            return *error;
        return std::string(bytes.substr(3));
    }
    if (startsWith("\xFF\xFE"))
        return decodeUtf16(bytes, false);
    if (startsWith("\xFE\xFF"))
        return decodeUtf16(bytes, true);
    if (auto error = validateUtf8(bytes, 0))
        return *error;
    return std::string(bytes);
}

bool LineReader::next(std::string_view &line)
{
    const std::size_t n = m_text.size();
    if (m_start >= n)
        return false;
    // memchr-backed search for LF; a lone CR inside the segment is rare (old
    // Mac files) and is found by the second search. The LF found is kept, so a
    // file of lone CRs is not rescanned once per line.
    if (!m_stopValid || m_stop < m_start) {
        const std::size_t lf = m_text.find('\n', m_start);
        m_stop = lf == std::string_view::npos ? n : lf;
        m_stopValid = true;
    }
    const std::size_t cr = m_text.substr(0, m_stop).find('\r', m_start);
    if (cr != std::string_view::npos && cr + 1 < m_stop) { // lone CR ends a line
        line = m_text.substr(m_start, cr - m_start);
        m_start = cr + 1;
        return true;
    }
    const std::size_t end = cr != std::string_view::npos ? cr : m_stop; // CRLF, or CR at the very end
    line = m_text.substr(m_start, end - m_start);
    m_start = m_stop + 1;
    return true;
}

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    LineReader reader(text);
    std::string_view line;
    while (reader.next(line))
        lines.push_back(line);
    return lines;
}

} // namespace pathlens
