#pragma once

// A small streaming JSON writer for the probe's output: pretty-printed,
// strings escaped per RFC 8259 (plus U+2028/U+2029, which JavaScript
// readers choke on), invalid UTF-8 replaced by U+FFFD so the document is
// always valid. Misuse (a value without a key inside an object) is a
// programming error and asserts in debug builds.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

/// @p text as a JSON string literal, quotes included.
std::string jsonQuote(std::string_view text);

class JsonWriter final
{
public:
    /// @p indent spaces per level; 0 writes everything on one line.
    explicit JsonWriter(int indent = 2) : m_indent(indent) {}

    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();

    /// The next member's name (inside an object only).
    JsonWriter &key(std::string_view name);

    JsonWriter &string(std::string_view value);
    JsonWriter &boolean(bool value);
    JsonWriter &integer(std::int64_t value);
    JsonWriter &unsignedInteger(std::uint64_t value);
    JsonWriter &null();

    /// Shorthands for key(name) followed by a value.
    JsonWriter &member(std::string_view name, std::string_view value) { return key(name).string(value); }
    JsonWriter &member(std::string_view name, const char *value) { return key(name).string(value); }
    JsonWriter &member(std::string_view name, bool value) { return key(name).boolean(value); }
    JsonWriter &memberInt(std::string_view name, std::int64_t value) { return key(name).integer(value); }
    JsonWriter &memberUInt(std::string_view name, std::uint64_t value) { return key(name).unsignedInteger(value); }
    JsonWriter &memberUInt(std::string_view name, std::optional<std::uint64_t> value)
    {
        key(name);
        return value ? unsignedInteger(*value) : null();
    }
    JsonWriter &memberNull(std::string_view name) { return key(name).null(); }

    /// The document so far; complete once every begin has its end.
    const std::string &text() const { return m_text; }
    bool complete() const { return m_stack.empty() && m_hasRoot; }

private:
    struct Level {
        bool object = false;
        std::size_t count = 0;
        bool keyPending = false;
    };
    void beforeValue();
    void newline();

    std::string m_text;
    std::vector<Level> m_stack;
    int m_indent = 2;
    bool m_hasRoot = false;
};

} // namespace pathlens
