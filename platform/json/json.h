#pragma once

// A small JSON document model that remembers where each value starts, so a
// loader can point the user at the exact line and column of a bad value.

#include "platform/result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace pathlens {

/// 1-based line and column. Columns count Unicode characters, not bytes, so
/// they match what an editor shows.
struct TextPosition {
    std::size_t line = 1;
    std::size_t column = 1;

    friend bool operator==(const TextPosition &, const TextPosition &) = default;
};

struct JsonMember;

/// One JSON value with its start position. Objects keep their members in
/// document order; keys are unique (the parser refuses duplicates).
class JsonValue final
{
public:
    enum class Kind { Null, Bool, Number, String, Array, Object };

    JsonValue() = default;

    static JsonValue makeNull(TextPosition position = {});
    static JsonValue makeBool(bool value, TextPosition position = {});
    /// `exactInteger` is set when the literal is an integer that fits int64,
    /// so large ids keep all their digits even where a double cannot.
    static JsonValue makeNumber(double value, std::optional<std::int64_t> exactInteger,
                                TextPosition position = {});
    static JsonValue makeString(std::string value, TextPosition position = {});
    static JsonValue makeArray(std::vector<JsonValue> items, TextPosition position = {});
    static JsonValue makeObject(std::vector<JsonMember> members, TextPosition position = {});

    Kind kind() const { return static_cast<Kind>(m_data.index()); }
    TextPosition position() const { return m_position; }

    bool isNull() const { return kind() == Kind::Null; }
    bool isBool() const { return kind() == Kind::Bool; }
    bool isNumber() const { return kind() == Kind::Number; }
    bool isString() const { return kind() == Kind::String; }
    bool isArray() const { return kind() == Kind::Array; }
    bool isObject() const { return kind() == Kind::Object; }

    /// The accessors return a neutral value (false, 0, empty) for other kinds;
    /// check the kind first where the difference matters.
    bool asBool() const;
    double asNumber() const;
    /// The number as an integer, only when it is one exactly and fits int64.
    std::optional<std::int64_t> asInt64() const;
    const std::string &asString() const;
    const std::vector<JsonValue> &items() const;
    const std::vector<JsonMember> &members() const;

    /// The member with this key, or nullptr (also for non-objects).
    const JsonValue *find(std::string_view key) const;

    /// "a string", "a number", ... for messages.
    std::string_view kindName() const { return kindName(kind()); }
    static std::string_view kindName(Kind kind);

private:
    struct Number {
        double value = 0.0;
        std::optional<std::int64_t> exact;
    };
    // Alternatives in Kind order, so the index is the kind. One variant keeps
    // a value small: big documents hold millions of them.
    using Data = std::variant<std::monostate, bool, Number, std::string, std::vector<JsonValue>,
                              std::vector<JsonMember>>;

    // Defined in json.cpp, where JsonMember is complete.
    JsonValue(Data data, TextPosition position);

    Data m_data;
    TextPosition m_position;
};

struct JsonMember {
    std::string key;
    JsonValue value;
    TextPosition keyPosition;
};

/// Where and why parsing stopped.
struct JsonSyntaxError {
    TextPosition position;
    std::string reason; ///< plain words, without the position

    /// "line 3, column 17: expected ',' or '}' after object member"
    std::string toString() const;
};

/// Nesting deeper than this is refused, so hostile input cannot exhaust the stack.
inline constexpr std::size_t kJsonMaxDepth = 200;

/// Strict RFC 8259 parser for UTF-8 text (a leading BOM is skipped). On
/// failure the Error message carries line and column; `syntaxError`, when
/// given, receives them separately for callers that format their own message.
Result<JsonValue> parseJson(std::string_view text, JsonSyntaxError *syntaxError = nullptr);

} // namespace pathlens
