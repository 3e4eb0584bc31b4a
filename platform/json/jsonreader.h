#pragma once

// Typed, path-aware reading of a parsed JSON document. Loaders read fields
// one after another and check ok() once at the end; the first problem wins
// and names the JSON path and position, e.g.
//   servers[1].ports[0].pci.bus: expected a number but found a string (line 34, column 18)

#include "json.h"

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pathlens {

/// A value inside a document together with its JSON path ("servers[1].pci").
/// The root has an empty path. `value` is nullptr after a failed lookup.
struct JsonNode {
    const JsonValue *value = nullptr;
    std::string path;

    TextPosition position() const { return value ? value->position() : TextPosition{}; }
    explicit operator bool() const { return value != nullptr; }

    /// Path of a member or an item below this node (no lookup).
    std::string childPath(std::string_view key) const;
    std::string itemPath(std::size_t index) const;
};

struct JsonReadError {
    std::string path;       ///< "servers[1].ports[0].pci.bus"; empty for the document itself
    TextPosition position;  ///< where the offending value (or its enclosing object) starts
    std::string reason;     ///< "expected a number but found a string"

    /// "servers[1].ports[0].pci.bus: expected a number but found a string (line 34, column 18)"
    std::string toString() const;
    /// "servers[1].ports[0].pci.bus: expected a number but found a string", without position.
    std::string describe() const;
};

/// Allowed spellings of an enum-like string field and their values.
template <typename E>
using JsonEnumNames = std::span<const std::pair<std::string_view, E>>;

enum class StringRule { Any, NonEmpty };

class JsonReader final
{
public:
    static JsonNode root(const JsonValue &document) { return JsonNode{&document, {}}; }

    bool ok() const { return !m_error.has_value(); }
    const std::optional<JsonReadError> &error() const { return m_error; }

    /// Records a problem found by the caller (duplicate id, bad reference...).
    /// Only the first problem is kept; later ones are usually consequences.
    void fail(const JsonNode &at, std::string reason);
    void fail(std::string path, TextPosition position, std::string reason);

    // -- members of an object ------------------------------------------------

    /// The member, or an empty node when it is absent or null. Reports an error
    /// only when `object` is not an object.
    JsonNode optionalMember(const JsonNode &object, std::string_view key);
    /// The member; absent or null is an error.
    JsonNode requireMember(const JsonNode &object, std::string_view key);

    std::string requireString(const JsonNode &object, std::string_view key, StringRule rule = StringRule::Any);
    std::optional<std::string> optionalString(const JsonNode &object, std::string_view key,
                                              StringRule rule = StringRule::Any);
    std::string stringOr(const JsonNode &object, std::string_view key, std::string fallback);

    bool requireBool(const JsonNode &object, std::string_view key);
    std::optional<bool> optionalBool(const JsonNode &object, std::string_view key);
    bool boolOr(const JsonNode &object, std::string_view key, bool fallback);

    double requireNumber(const JsonNode &object, std::string_view key,
                         double min = std::numeric_limits<double>::lowest(),
                         double max = std::numeric_limits<double>::max());
    std::optional<double> optionalNumber(const JsonNode &object, std::string_view key,
                                         double min = std::numeric_limits<double>::lowest(),
                                         double max = std::numeric_limits<double>::max());

    std::int64_t requireInt(const JsonNode &object, std::string_view key,
                            std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                            std::int64_t max = std::numeric_limits<std::int64_t>::max());
    std::optional<std::int64_t> optionalInt(const JsonNode &object, std::string_view key,
                                            std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                                            std::int64_t max = std::numeric_limits<std::int64_t>::max());

    /// The member as an object node (empty node on error).
    JsonNode requireObject(const JsonNode &object, std::string_view key);
    /// Empty node when absent or null.
    JsonNode optionalObject(const JsonNode &object, std::string_view key);

    /// The items of an array member, each with its path ("ports[3]").
    std::vector<JsonNode> requireArray(const JsonNode &object, std::string_view key);
    /// An absent or null member reads as an empty array.
    std::vector<JsonNode> optionalArray(const JsonNode &object, std::string_view key);

    std::vector<std::string> requireStringArray(const JsonNode &object, std::string_view key);
    std::vector<std::string> optionalStringArray(const JsonNode &object, std::string_view key);

    template <typename E>
    E requireEnum(const JsonNode &object, std::string_view key, JsonEnumNames<E> names, E fallback = E{})
    {
        return readEnum(requireMember(object, key), names, fallback);
    }
    template <typename E>
    std::optional<E> optionalEnum(const JsonNode &object, std::string_view key, JsonEnumNames<E> names)
    {
        const JsonNode node = optionalMember(object, key);
        if (!node)
            return std::nullopt;
        return readEnum(node, names, E{});
    }

    /// Members not in `known` are refused, so a typo in a hand-written file
    /// ("hostname" for "hostName") is reported instead of silently ignored.
    void rejectUnknownMembers(const JsonNode &object, std::initializer_list<std::string_view> known);

    // -- a value itself (array items, or members fetched above) -------------

    bool expectObject(const JsonNode &node);
    std::string readString(const JsonNode &node, StringRule rule = StringRule::Any);
    bool readBool(const JsonNode &node);
    double readNumber(const JsonNode &node, double min = std::numeric_limits<double>::lowest(),
                      double max = std::numeric_limits<double>::max());
    std::int64_t readInt(const JsonNode &node, std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                         std::int64_t max = std::numeric_limits<std::int64_t>::max());
    std::vector<JsonNode> readArray(const JsonNode &node);

    template <typename E>
    E readEnum(const JsonNode &node, JsonEnumNames<E> names, E fallback = E{})
    {
        const std::string text = readString(node);
        if (!ok())
            return fallback;
        for (const auto &[name, value] : names) {
            if (name == text)
                return value;
        }
        std::vector<std::string_view> allowed;
        allowed.reserve(names.size());
        for (const auto &entry : names)
            allowed.push_back(entry.first);
        failNotOneOf(node, text, allowed);
        return fallback;
    }

private:
    /// True when `node` holds a value of `kind`; else records the mismatch.
    bool expectKind(const JsonNode &node, JsonValue::Kind kind);
    void failNotOneOf(const JsonNode &node, const std::string &text, const std::vector<std::string_view> &allowed);

    std::optional<JsonReadError> m_error;
};

} // namespace pathlens
