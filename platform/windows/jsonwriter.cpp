#include "jsonwriter.h"

#include "unicode.h"

#include <cassert>
#include <cstdio>

namespace pathlens {

std::string jsonQuote(std::string_view text)
{
    // Round trip through UTF-16 replaces invalid bytes with U+FFFD.
    const std::string valid = isValidUtf8(text) ? std::string(text) : utf16ToUtf8(utf8ToUtf16(text));
    std::string out;
    out.reserve(valid.size() + 2);
    out += '"';
    for (std::size_t i = 0; i < valid.size(); ++i) {
        const auto c = static_cast<unsigned char>(valid[i]);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20 || c == 0x7F) {
                char escape[8];
                std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
                out += escape;
            } else if (c == 0xE2 && i + 2 < valid.size() && static_cast<unsigned char>(valid[i + 1]) == 0x80 &&
                       (static_cast<unsigned char>(valid[i + 2]) == 0xA8 ||
                        static_cast<unsigned char>(valid[i + 2]) == 0xA9)) {
                out += static_cast<unsigned char>(valid[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
                i += 2;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
    return out;
}

void JsonWriter::newline()
{
    if (m_indent <= 0)
        return;
    m_text += '\n';
    m_text.append(m_stack.size() * static_cast<std::size_t>(m_indent), ' ');
}

void JsonWriter::beforeValue()
{
    if (m_stack.empty()) {
        assert(!m_hasRoot && "a JSON document has one root value");
        m_hasRoot = true;
        return;
    }
    Level &level = m_stack.back();
    if (level.object) {
        assert(level.keyPending && "a value inside an object needs a key first");
        level.keyPending = false;
        return;
    }
    if (level.count++ > 0)
        m_text += ',';
    newline();
}

JsonWriter &JsonWriter::key(std::string_view name)
{
    assert(!m_stack.empty() && m_stack.back().object && !m_stack.back().keyPending);
    Level &level = m_stack.back();
    if (level.count++ > 0)
        m_text += ',';
    newline();
    m_text += jsonQuote(name);
    m_text += m_indent > 0 ? ": " : ":";
    level.keyPending = true;
    return *this;
}

JsonWriter &JsonWriter::beginObject()
{
    beforeValue();
    m_text += '{';
    m_stack.push_back(Level{true, 0, false});
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    assert(!m_stack.empty() && m_stack.back().object && !m_stack.back().keyPending);
    const bool empty = m_stack.back().count == 0;
    m_stack.pop_back();
    if (!empty)
        newline();
    m_text += '}';
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    beforeValue();
    m_text += '[';
    m_stack.push_back(Level{false, 0, false});
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    assert(!m_stack.empty() && !m_stack.back().object);
    const bool empty = m_stack.back().count == 0;
    m_stack.pop_back();
    if (!empty)
        newline();
    m_text += ']';
    return *this;
}

JsonWriter &JsonWriter::string(std::string_view value)
{
    beforeValue();
    m_text += jsonQuote(value);
    return *this;
}

JsonWriter &JsonWriter::boolean(bool value)
{
    beforeValue();
    m_text += value ? "true" : "false";
    return *this;
}

JsonWriter &JsonWriter::integer(std::int64_t value)
{
    beforeValue();
    m_text += std::to_string(value);
    return *this;
}

JsonWriter &JsonWriter::unsignedInteger(std::uint64_t value)
{
    beforeValue();
    m_text += std::to_string(value);
    return *this;
}

JsonWriter &JsonWriter::null()
{
    beforeValue();
    m_text += "null";
    return *this;
}

} // namespace pathlens
