#include "jsonreader.h"

#include <cmath>
#include <cstdio>

namespace pathlens {

namespace {

/// A short rendering of a value for messages: strings quoted, numbers as written.
std::string shortValue(const JsonValue &value)
{
    switch (value.kind()) {
    case JsonValue::Kind::String: {
        std::string text = value.asString();
        if (text.size() > 60)
            text = text.substr(0, 57) + "...";
        return '"' + text + '"';
    }
    case JsonValue::Kind::Number: {
        if (const auto integer = value.asInt64())
            return std::to_string(*integer);
        char text[40];
        std::snprintf(text, sizeof text, "%.17g", value.asNumber());
        return text;
    }
    case JsonValue::Kind::Bool: return value.asBool() ? "true" : "false";
    default: break;
    }
    return std::string(value.kindName());
}

std::string formatNumber(double value)
{
    char text[40];
    std::snprintf(text, sizeof text, "%.15g", value);
    return text;
}

} // namespace

std::string JsonNode::childPath(std::string_view key) const
{
    if (path.empty())
        return std::string(key);
    std::string result = path;
    result += '.';
    result += key;
    return result;
}

std::string JsonNode::itemPath(std::size_t index) const
{
    return path + '[' + std::to_string(index) + ']';
}

std::string JsonReadError::describe() const
{
    return path.empty() ? reason : path + ": " + reason;
}

std::string JsonReadError::toString() const
{
    return describe() + " (line " + std::to_string(position.line) + ", column " + std::to_string(position.column)
        + ')';
}

void JsonReader::fail(const JsonNode &at, std::string reason)
{
    fail(at.path, at.position(), std::move(reason));
}

void JsonReader::fail(std::string path, TextPosition position, std::string reason)
{
    if (!m_error)
        m_error = JsonReadError{std::move(path), position, std::move(reason)};
}

bool JsonReader::expectKind(const JsonNode &node, JsonValue::Kind kind)
{
    if (!ok())
        return false;
    if (!node.value) {
        fail(node, "required field is missing");
        return false;
    }
    if (node.value->kind() != kind) {
        fail(node, "expected " + std::string(JsonValue::kindName(kind)) + " but found "
                       + std::string(node.value->kindName()));
        return false;
    }
    return true;
}

void JsonReader::failNotOneOf(const JsonNode &node, const std::string &text,
                              const std::vector<std::string_view> &allowed)
{
    std::string list;
    for (std::string_view name : allowed) {
        if (!list.empty())
            list += ", ";
        list += '"';
        list += name;
        list += '"';
    }
    fail(node, '"' + text + "\" is not one of " + list);
}

// ------------------------------------------------------------ members

JsonNode JsonReader::optionalMember(const JsonNode &object, std::string_view key)
{
    if (!expectObject(object))
        return JsonNode{nullptr, object.childPath(key)};
    const JsonValue *value = object.value->find(key);
    if (value && value->isNull())
        value = nullptr; // null reads as absent: "pool": null means no pool
    return JsonNode{value, object.childPath(key)};
}

JsonNode JsonReader::requireMember(const JsonNode &object, std::string_view key)
{
    JsonNode node = optionalMember(object, key);
    if (ok() && !node.value)
        fail(node.path, object.position(), "required field is missing");
    return node;
}

std::string JsonReader::requireString(const JsonNode &object, std::string_view key, StringRule rule)
{
    return readString(requireMember(object, key), rule);
}

std::optional<std::string> JsonReader::optionalString(const JsonNode &object, std::string_view key,
                                                      StringRule rule)
{
    const JsonNode node = optionalMember(object, key);
    if (!node)
        return std::nullopt;
    std::string text = readString(node, rule);
    if (!ok())
        return std::nullopt;
    return text;
}

std::string JsonReader::stringOr(const JsonNode &object, std::string_view key, std::string fallback)
{
    std::optional<std::string> text = optionalString(object, key);
    return text ? std::move(*text) : std::move(fallback);
}

bool JsonReader::requireBool(const JsonNode &object, std::string_view key)
{
    return readBool(requireMember(object, key));
}

std::optional<bool> JsonReader::optionalBool(const JsonNode &object, std::string_view key)
{
    const JsonNode node = optionalMember(object, key);
    if (!node)
        return std::nullopt;
    const bool value = readBool(node);
    if (!ok())
        return std::nullopt;
    return value;
}

bool JsonReader::boolOr(const JsonNode &object, std::string_view key, bool fallback)
{
    return optionalBool(object, key).value_or(fallback);
}

double JsonReader::requireNumber(const JsonNode &object, std::string_view key, double min, double max)
{
    return readNumber(requireMember(object, key), min, max);
}

std::optional<double> JsonReader::optionalNumber(const JsonNode &object, std::string_view key, double min,
                                                 double max)
{
    const JsonNode node = optionalMember(object, key);
    if (!node)
        return std::nullopt;
    const double value = readNumber(node, min, max);
    if (!ok())
        return std::nullopt;
    return value;
}

std::int64_t JsonReader::requireInt(const JsonNode &object, std::string_view key, std::int64_t min,
                                    std::int64_t max)
{
    return readInt(requireMember(object, key), min, max);
}

std::optional<std::int64_t> JsonReader::optionalInt(const JsonNode &object, std::string_view key,
                                                    std::int64_t min, std::int64_t max)
{
    const JsonNode node = optionalMember(object, key);
    if (!node)
        return std::nullopt;
    const std::int64_t value = readInt(node, min, max);
    if (!ok())
        return std::nullopt;
    return value;
}

JsonNode JsonReader::requireObject(const JsonNode &object, std::string_view key)
{
    JsonNode node = requireMember(object, key);
    if (!expectObject(node))
        node.value = nullptr;
    return node;
}

JsonNode JsonReader::optionalObject(const JsonNode &object, std::string_view key)
{
    JsonNode node = optionalMember(object, key);
    if (node && !expectObject(node))
        node.value = nullptr;
    return node;
}

std::vector<JsonNode> JsonReader::requireArray(const JsonNode &object, std::string_view key)
{
    return readArray(requireMember(object, key));
}

std::vector<JsonNode> JsonReader::optionalArray(const JsonNode &object, std::string_view key)
{
    const JsonNode node = optionalMember(object, key);
    if (!node)
        return {};
    return readArray(node);
}

std::vector<std::string> JsonReader::requireStringArray(const JsonNode &object, std::string_view key)
{
    std::vector<std::string> result;
    for (const JsonNode &item : requireArray(object, key))
        result.push_back(readString(item));
    return result;
}

std::vector<std::string> JsonReader::optionalStringArray(const JsonNode &object, std::string_view key)
{
    std::vector<std::string> result;
    for (const JsonNode &item : optionalArray(object, key))
        result.push_back(readString(item));
    return result;
}

void JsonReader::rejectUnknownMembers(const JsonNode &object, std::initializer_list<std::string_view> known)
{
    if (!expectObject(object))
        return;
    for (const JsonMember &member : object.value->members()) {
        bool isKnown = false;
        for (std::string_view name : known) {
            if (member.key == name) {
                isKnown = true;
                break;
            }
        }
        if (!isKnown) {
            fail(object.childPath(member.key), member.keyPosition, "unknown field");
            return;
        }
    }
}

// ------------------------------------------------------------- values

bool JsonReader::expectObject(const JsonNode &node)
{
    return expectKind(node, JsonValue::Kind::Object);
}

std::string JsonReader::readString(const JsonNode &node, StringRule rule)
{
    if (!expectKind(node, JsonValue::Kind::String))
        return {};
    if (rule == StringRule::NonEmpty && node.value->asString().empty()) {
        fail(node, "must not be empty");
        return {};
    }
    return node.value->asString();
}

bool JsonReader::readBool(const JsonNode &node)
{
    if (!expectKind(node, JsonValue::Kind::Bool))
        return false;
    return node.value->asBool();
}

double JsonReader::readNumber(const JsonNode &node, double min, double max)
{
    if (!expectKind(node, JsonValue::Kind::Number))
        return 0.0;
    const double value = node.value->asNumber();
    if (value < min || value > max) {
        fail(node, shortValue(*node.value) + " is out of range (" + formatNumber(min) + " to " + formatNumber(max)
                       + ')');
        return 0.0;
    }
    return value;
}

std::int64_t JsonReader::readInt(const JsonNode &node, std::int64_t min, std::int64_t max)
{
    if (!expectKind(node, JsonValue::Kind::Number))
        return 0;
    const std::optional<std::int64_t> value = node.value->asInt64();
    if (!value) {
        fail(node, "expected an integer but found " + shortValue(*node.value));
        return 0;
    }
    if (*value < min || *value > max) {
        fail(node, std::to_string(*value) + " is out of range (" + std::to_string(min) + " to " + std::to_string(max)
                       + ')');
        return 0;
    }
    return *value;
}

std::vector<JsonNode> JsonReader::readArray(const JsonNode &node)
{
    if (!expectKind(node, JsonValue::Kind::Array))
        return {};
    const std::vector<JsonValue> &items = node.value->items();
    std::vector<JsonNode> result;
    result.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i)
        result.push_back(JsonNode{&items[i], node.itemPath(i)});
    return result;
}

} // namespace pathlens
