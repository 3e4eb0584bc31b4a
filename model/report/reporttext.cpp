#include "model/report/reporttext.h"

#include <QString>

#include <charconv>
#include <cmath>

namespace pathlens::reporttext {

namespace {

bool isAscii(std::string_view text)
{
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    }
    return true;
}

// Strict UTF-8 check (no overlongs, no surrogates, nothing above U+10FFFF).
bool isValidUtf8(std::string_view text)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        const unsigned char c = bytes[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t code = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            code = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            code = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            code = c & 0x07;
        } else {
            return false;
        }
        if (i + length > size)
            return false;
        for (std::size_t k = 1; k < length; ++k) {
            if ((bytes[i + k] & 0xC0) != 0x80)
                return false;
            code = (code << 6) | (bytes[i + k] & 0x3F);
        }
        if ((length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF)))
            || (length == 4 && (code < 0x10000 || code > 0x10FFFF)))
            return false;
        i += length;
    }
    return true;
}

} // namespace

std::string_view validUtf8(std::string_view text, std::string &storage)
{
    if (isAscii(text) || isValidUtf8(text))
        return text;
    storage = QString::fromUtf8(text.data(), qsizetype(text.size())).toStdString();
    return storage;
}

void append(QByteArray &out, std::string_view text)
{
    std::string storage;
    const std::string_view valid = validUtf8(text, storage);
    out.append(valid.data(), qsizetype(valid.size()));
}

void appendNumber(QByteArray &out, std::uint64_t value)
{
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, qsizetype(result.ptr - buffer));
}

void appendNumber(QByteArray &out, double value, int decimals)
{
    if (!std::isfinite(value)) {
        out.append("0");
        return;
    }
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
    out.append(buffer, qsizetype(result.ptr - buffer));
}

void appendPathId(QByteArray &out, std::uint64_t pathId)
{
    static constexpr char hex[] = "0123456789abcdef";
    char text[16];
    for (int i = 15; i >= 0; --i) {
        text[i] = hex[pathId & 0xF];
        pathId >>= 4;
    }
    out.append(text, 16);
}

void appendScsiAddress(QByteArray &out, std::uint32_t port, std::uint32_t bus, std::uint32_t target,
                       std::uint32_t lun)
{
    // At least three digits each, like "%03u".
    auto part = [&out](std::uint32_t value) {
        char text[16];
        const auto result = std::to_chars(text, text + sizeof text, value);
        for (std::ptrdiff_t pad = 3 - (result.ptr - text); pad > 0; --pad)
            out.append('0');
        out.append(text, qsizetype(result.ptr - text));
    };
    part(port);
    out.append('|');
    part(bus);
    out.append('|');
    part(target);
    out.append('|');
    part(lun);
}

void appendHtml(QByteArray &out, std::string_view text)
{
    std::string storage;
    const std::string_view valid = validUtf8(text, storage);
    std::size_t plainFrom = 0;
    auto flush = [&](std::size_t to) {
        if (to > plainFrom)
            out.append(valid.data() + plainFrom, qsizetype(to - plainFrom));
    };
    for (std::size_t i = 0; i < valid.size(); ++i) {
        const char c = valid[i];
        const char *entity = nullptr;
        switch (c) {
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '&': entity = "&amp;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n')
                entity = "";
            break;
        }
        if (entity) {
            flush(i);
            out.append(entity);
            plainFrom = i + 1;
        }
    }
    flush(valid.size());
}

void appendCsvField(QByteArray &out, std::string_view text)
{
    std::string storage;
    const std::string_view valid = validUtf8(text, storage);
    bool quote = !valid.empty() && (valid.front() == ' ' || valid.back() == ' ');
    for (const char c : valid) {
        if (c == ',' || c == '"' || c == '\r' || c == '\n') {
            quote = true;
            break;
        }
    }
    if (!quote) {
        out.append(valid.data(), qsizetype(valid.size()));
        return;
    }
    out.append('"');
    for (const char c : valid) {
        if (c == '"')
            out.append('"');
        out.append(c);
    }
    out.append('"');
}

void appendJsonString(QByteArray &out, std::string_view text)
{
    std::string storage;
    const std::string_view valid = validUtf8(text, storage);
    out.append('"');
    std::size_t plainFrom = 0;
    for (std::size_t i = 0; i < valid.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(valid[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(valid.data() + plainFrom, qsizetype(i - plainFrom));
        plainFrom = i + 1;
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default: {
            static const char hex[] = "0123456789abcdef";
            const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
            out.append(escape, 6);
        }
        }
    }
    out.append(valid.data() + plainFrom, qsizetype(valid.size() - plainFrom));
    out.append('"');
}

void appendLabelValue(QByteArray &out, std::string_view text)
{
    std::string storage;
    const std::string_view valid = validUtf8(text, storage);
    for (const char c : valid) {
        switch (c) {
        case '\\': out.append("\\\\"); break;
        case '"': out.append("\\\""); break;
        case '\n': out.append("\\n"); break;
        case '\r': break;
        default: out.append(c);
        }
    }
}

} // namespace pathlens::reporttext
