#include "json.h"
#include "platform/text/utf8.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace pathlens {

// ------------------------------------------------------------- JsonValue

JsonValue::JsonValue(Data data, TextPosition position) : m_data(std::move(data)), m_position(position) {}

JsonValue JsonValue::makeNull(TextPosition position)
{
    return JsonValue(Data{std::monostate{}}, position);
}

JsonValue JsonValue::makeBool(bool value, TextPosition position)
{
    return JsonValue(Data{value}, position);
}

JsonValue JsonValue::makeNumber(double value, std::optional<std::int64_t> exactInteger, TextPosition position)
{
    return JsonValue(Data{Number{value, exactInteger}}, position);
}

JsonValue JsonValue::makeString(std::string value, TextPosition position)
{
    return JsonValue(Data{std::move(value)}, position);
}

JsonValue JsonValue::makeArray(std::vector<JsonValue> items, TextPosition position)
{
    return JsonValue(Data{std::move(items)}, position);
}

JsonValue JsonValue::makeObject(std::vector<JsonMember> members, TextPosition position)
{
    return JsonValue(Data{std::move(members)}, position);
}

bool JsonValue::asBool() const
{
    const bool *value = std::get_if<bool>(&m_data);
    return value && *value;
}

double JsonValue::asNumber() const
{
    const Number *number = std::get_if<Number>(&m_data);
    return number ? number->value : 0.0;
}

std::optional<std::int64_t> JsonValue::asInt64() const
{
    const Number *number = std::get_if<Number>(&m_data);
    if (!number)
        return std::nullopt;
    if (number->exact)
        return number->exact;
    // Literals such as 1e3 or 2.0 are integers too; the bounds are the exact
    // doubles -2^63 and 2^63, so the cast below cannot overflow.
    const double value = number->value;
    if (!std::isfinite(value) || std::trunc(value) != value)
        return std::nullopt;
    if (value < -9223372036854775808.0 || value >= 9223372036854775808.0)
        return std::nullopt;
    return static_cast<std::int64_t>(value);
}

const std::string &JsonValue::asString() const
{
    static const std::string empty;
    const std::string *value = std::get_if<std::string>(&m_data);
    return value ? *value : empty;
}

const std::vector<JsonValue> &JsonValue::items() const
{
    static const std::vector<JsonValue> empty;
    const auto *value = std::get_if<std::vector<JsonValue>>(&m_data);
    return value ? *value : empty;
}

const std::vector<JsonMember> &JsonValue::members() const
{
    static const std::vector<JsonMember> empty;
    const auto *value = std::get_if<std::vector<JsonMember>>(&m_data);
    return value ? *value : empty;
}

const JsonValue *JsonValue::find(std::string_view key) const
{
    for (const JsonMember &member : members()) {
        if (member.key == key)
            return &member.value;
    }
    return nullptr;
}

std::string_view JsonValue::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Null: return "null";
    case Kind::Bool: return "a boolean";
    case Kind::Number: return "a number";
    case Kind::String: return "a string";
    case Kind::Array: return "an array";
    case Kind::Object: return "an object";
    }
    return "a value";
}

std::string JsonSyntaxError::toString() const
{
    return "line " + std::to_string(position.line) + ", column " + std::to_string(position.column) + ": " + reason;
}

// ---------------------------------------------------------------- parser

namespace {

/// Length of the UTF-8 sequence starting at `text[0]`, or 0 when it is not
/// well-formed (overlong forms, surrogates and code points past U+10FFFF
/// included, as RFC 3629 requires). `codePoint` receives the decoded value.
std::size_t decodeUtf8(std::string_view text, char32_t &codePoint)
{
    const auto byte = [&text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80) {
        codePoint = lead;
        return 1;
    }
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        codePoint = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        codePoint = lead & 0x0F;
        if (lead == 0xE0)
            low = 0xA0;
        else if (lead == 0xED)
            high = 0x9F; // U+D800..U+DFFF are not characters
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        codePoint = lead & 0x07;
        if (lead == 0xF0)
            low = 0x90;
        else if (lead == 0xF4)
            high = 0x8F;
    } else {
        return 0;
    }
    if (text.size() < length)
        return 0;
    for (std::size_t i = 1; i < length; ++i) {
        const unsigned char next = byte(i);
        const unsigned char min = i == 1 ? low : 0x80;
        const unsigned char max = i == 1 ? high : 0xBF;
        if (next < min || next > max)
            return 0;
        codePoint = (codePoint << 6) | (next & 0x3F);
    }
    return length;
}

std::string hexByte(unsigned char byte)
{
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", byte);
    return text;
}

std::string codePointName(char32_t cp)
{
    char text[16];
    std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(cp));
    return text;
}

/// Rough decimal exponent of a valid JSON number literal: positive when its
/// magnitude is at least 10, so an out-of-range result is an overflow.
long long decimalMagnitude(std::string_view literal)
{
    std::size_t i = literal.front() == '-' ? 1 : 0;
    long long magnitude = 0;
    bool seenNonZero = false;
    bool afterPoint = false;
    for (; i < literal.size() && literal[i] != 'e' && literal[i] != 'E'; ++i) {
        const char c = literal[i];
        if (c == '.') {
            afterPoint = true;
        } else if (!seenNonZero && c == '0') {
            if (afterPoint)
                --magnitude;
        } else {
            if (!seenNonZero && afterPoint)
                --magnitude;
            if (seenNonZero && !afterPoint)
                ++magnitude;
            seenNonZero = true;
        }
    }
    if (!seenNonZero)
        return 0;
    long long exponent = 0;
    if (i < literal.size()) {
        ++i;
        bool negative = false;
        if (literal[i] == '+' || literal[i] == '-')
            negative = literal[i++] == '-';
        for (; i < literal.size(); ++i) {
            if (exponent < 1'000'000'000)
                exponent = exponent * 10 + (literal[i] - '0');
        }
        if (negative)
            exponent = -exponent;
    }
    return magnitude + exponent;
}

class Parser final
{
public:
    explicit Parser(std::string_view text) : m_text(text) {}

    std::optional<JsonValue> parseDocument()
    {
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF")
            m_pos = 3; // the BOM is not part of the text and takes no column
        skipWhitespace();
        std::optional<JsonValue> value = parseValue(0);
        if (!value)
            return std::nullopt;
        skipWhitespace();
        if (!atEnd())
            return fail("unexpected " + describeHere() + " after the JSON value");
        return value;
    }

    const JsonSyntaxError &error() const { return m_error; }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    unsigned char peek() const { return static_cast<unsigned char>(m_text[m_pos]); }
    TextPosition here() const { return {m_line, m_column}; }

    // Moves over one byte; continuation bytes take no column so columns count characters.
    void advance()
    {
        const unsigned char byte = peek();
        ++m_pos;
        if (byte == '\n') {
            ++m_line;
            m_column = 1;
        } else if ((byte & 0xC0) != 0x80) {
            ++m_column;
        }
    }

    std::nullopt_t fail(std::string reason) { return fail(here(), std::move(reason)); }
    std::nullopt_t fail(TextPosition position, std::string reason)
    {
        m_error = {position, std::move(reason)};
        return std::nullopt;
    }

    /// What sits at the current position, for "expected X but found Y".
    std::string describeHere() const
    {
        if (atEnd())
            return "end of input";
        const unsigned char byte = peek();
        if (byte >= 0x20 && byte < 0x7F)
            return std::string("'") + static_cast<char>(byte) + "'";
        if (byte < 0x80)
            return "control character " + codePointName(byte);
        char32_t cp = 0;
        if (decodeUtf8(m_text.substr(m_pos), cp) == 0)
            return "invalid UTF-8 byte " + hexByte(byte);
        return "character " + codePointName(cp);
    }

    void skipWhitespace()
    {
        while (!atEnd()) {
            const unsigned char byte = peek();
            if (byte != ' ' && byte != '\t' && byte != '\n' && byte != '\r')
                return;
            advance();
        }
    }

    std::optional<JsonValue> parseValue(std::size_t depth)
    {
        if (atEnd())
            return fail("unexpected end of input, expected a value");
        switch (peek()) {
        case '{': return parseObject(depth + 1);
        case '[': return parseArray(depth + 1);
        case '"': {
            const TextPosition start = here();
            std::optional<std::string> text = parseString();
            if (!text)
                return std::nullopt;
            return JsonValue::makeString(std::move(*text), start);
        }
        case 't': return parseLiteral("true", JsonValue::makeBool(true, here()));
        case 'f': return parseLiteral("false", JsonValue::makeBool(false, here()));
        case 'n': return parseLiteral("null", JsonValue::makeNull(here()));
        default:
            if (peek() == '-' || (peek() >= '0' && peek() <= '9'))
                return parseNumber();
            return fail("expected a value but found " + describeHere());
        }
    }

    std::optional<JsonValue> parseLiteral(std::string_view word, JsonValue value)
    {
        if (m_text.substr(m_pos, word.size()) != word)
            return fail("expected a value but found " + describeHere());
        for (std::size_t i = 0; i < word.size(); ++i)
            advance();
        return value;
    }

    std::optional<JsonValue> parseNumber()
    {
        const TextPosition start = here();
        const std::size_t begin = m_pos;
        const auto digit = [this] { return !atEnd() && peek() >= '0' && peek() <= '9'; };
        bool integral = true;

        if (peek() == '-')
            advance();
        if (!digit())
            return fail("expected a digit but found " + describeHere());
        if (peek() == '0') {
            advance();
            if (digit())
                return fail("a number must not start with a leading zero");
        } else {
            while (digit())
                advance();
        }
        if (!atEnd() && peek() == '.') {
            integral = false;
            advance();
            if (!digit())
                return fail("expected a digit after the decimal point but found " + describeHere());
            while (digit())
                advance();
        }
        if (!atEnd() && (peek() == 'e' || peek() == 'E')) {
            integral = false;
            advance();
            if (!atEnd() && (peek() == '+' || peek() == '-'))
                advance();
            if (!digit())
                return fail("expected a digit in the exponent but found " + describeHere());
            while (digit())
                advance();
        }

        const std::string_view literal = m_text.substr(begin, m_pos - begin);
        const char *first = literal.data();
        const char *last = literal.data() + literal.size();
        double value = 0.0;
        const auto [end, error] = std::from_chars(first, last, value);
        if (error == std::errc::result_out_of_range) {
            // Underflow to zero is harmless; overflow to infinity is not a number JSON can carry.
            if (decimalMagnitude(literal) > 0)
                return fail(start, "number " + std::string(literal.substr(0, 40)) + " is out of range");
            value = 0.0;
        } else if (error != std::errc() || end != last) {
            return fail(start, "invalid number");
        }
        if (!std::isfinite(value))
            return fail(start, "number " + std::string(literal.substr(0, 40)) + " is out of range");

        std::optional<std::int64_t> exact;
        if (integral) {
            std::int64_t integer = 0;
            const auto [intEnd, intError] = std::from_chars(first, last, integer);
            if (intError == std::errc() && intEnd == last)
                exact = integer;
        }
        return JsonValue::makeNumber(value, exact, start);
    }

    std::optional<unsigned> parseHex4()
    {
        unsigned value = 0;
        for (int i = 0; i < 4; ++i) {
            if (atEnd())
                return std::nullopt;
            const unsigned char c = peek();
            unsigned nibble = 0;
            if (c >= '0' && c <= '9')
                nibble = c - '0';
            else if (c >= 'a' && c <= 'f')
                nibble = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                nibble = c - 'A' + 10;
            else
                return std::nullopt;
            value = (value << 4) | nibble;
            advance();
        }
        return value;
    }

    /// At the opening quote; leaves the position after the closing quote.
    std::optional<std::string> parseString()
    {
        const TextPosition start = here();
        advance(); // opening quote
        std::string out;
        while (true) {
            if (atEnd())
                return fail(start, "unterminated string");
            const unsigned char byte = peek();
            if (byte == '"') {
                advance();
                return out;
            }
            if (byte < 0x20) {
                if (byte == '\n')
                    return fail(start, "unterminated string (line break inside a string)");
                return fail("control character " + codePointName(byte) + " in a string must be escaped");
            }
            if (byte == '\\') {
                if (!parseEscape(out))
                    return std::nullopt;
                continue;
            }
            if (byte < 0x80) {
                // Copy the run of plain ASCII in one go; strings dominate real documents.
                const std::size_t begin = m_pos;
                std::size_t end = begin;
                while (end < m_text.size()) {
                    const auto c = static_cast<unsigned char>(m_text[end]);
                    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
                        break;
                    ++end;
                }
                out.append(m_text.substr(begin, end - begin));
                m_column += end - begin;
                m_pos = end;
                continue;
            }
            char32_t cp = 0;
            const std::size_t length = decodeUtf8(m_text.substr(m_pos), cp);
            if (length == 0)
                return fail("invalid UTF-8 byte " + hexByte(byte) + " in a string");
            out.append(m_text.substr(m_pos, length));
            for (std::size_t i = 0; i < length; ++i)
                advance();
        }
    }

    bool parseEscape(std::string &out)
    {
        const TextPosition escapeStart = here();
        advance(); // backslash
        if (atEnd()) {
            fail(escapeStart, "unterminated escape sequence");
            return false;
        }
        const unsigned char kind = peek();
        switch (kind) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
            advance();
            const std::optional<unsigned> unit = parseHex4();
            if (!unit) {
                fail(escapeStart, "invalid \\u escape: expected four hex digits");
                return false;
            }
            char32_t cp = *unit;
            if (cp >= 0xDC00 && cp <= 0xDFFF) {
                fail(escapeStart, "unpaired low surrogate in \\u escape");
                return false;
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (m_text.substr(m_pos, 2) != "\\u") {
                    fail(escapeStart, "high surrogate in \\u escape is not followed by a low surrogate");
                    return false;
                }
                advance();
                advance();
                const std::optional<unsigned> low = parseHex4();
                if (!low || *low < 0xDC00 || *low > 0xDFFF) {
                    fail(escapeStart, "high surrogate in \\u escape is not followed by a low surrogate");
                    return false;
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
            }
            appendUtf8(out, cp);
            return true;
        }
        default:
            fail(escapeStart, "invalid escape sequence '\\" + describeEscape(kind) + "'");
            return false;
        }
        advance();
        return true;
    }

    std::string describeEscape(unsigned char byte) const
    {
        if (byte >= 0x20 && byte < 0x7F)
            return std::string(1, static_cast<char>(byte));
        return hexByte(byte);
    }

    std::optional<JsonValue> parseArray(std::size_t depth)
    {
        const TextPosition start = here();
        if (depth > kJsonMaxDepth)
            return fail("nesting is deeper than " + std::to_string(kJsonMaxDepth) + " levels");
        advance(); // [
        std::vector<JsonValue> items;
        skipWhitespace();
        if (!atEnd() && peek() == ']') {
            advance();
            return JsonValue::makeArray(std::move(items), start);
        }
        while (true) {
            skipWhitespace();
            std::optional<JsonValue> item = parseValue(depth);
            if (!item)
                return std::nullopt;
            items.push_back(std::move(*item));
            skipWhitespace();
            if (atEnd())
                return fail("unexpected end of input, expected ',' or ']' after array item");
            if (peek() == ',') {
                advance();
                continue;
            }
            if (peek() == ']') {
                advance();
                return JsonValue::makeArray(std::move(items), start);
            }
            return fail("expected ',' or ']' after array item but found " + describeHere());
        }
    }

    std::optional<JsonValue> parseObject(std::size_t depth)
    {
        const TextPosition start = here();
        if (depth > kJsonMaxDepth)
            return fail("nesting is deeper than " + std::to_string(kJsonMaxDepth) + " levels");
        advance(); // {
        std::vector<JsonMember> members;
        // Small objects are checked for duplicate keys by a scan; large ones
        // by a set, so a hostile object with a million keys stays linear.
        std::unordered_set<std::string> seenKeys;
        constexpr std::size_t kScanLimit = 16;

        skipWhitespace();
        if (!atEnd() && peek() == '}') {
            advance();
            return JsonValue::makeObject(std::move(members), start);
        }
        while (true) {
            skipWhitespace();
            if (atEnd() || peek() != '"') {
                const bool afterComma = !members.empty();
                return fail(std::string(afterComma ? "expected a string key after ','"
                                                   : "expected a string key or '}'")
                            + " but found " + describeHere());
            }
            const TextPosition keyPosition = here();
            std::optional<std::string> key = parseString();
            if (!key)
                return std::nullopt;
            if (const JsonMember *previous = findDuplicate(members, seenKeys, *key, kScanLimit)) {
                return fail(keyPosition, "duplicate key \"" + *key + "\" (first used at line "
                                             + std::to_string(previous->keyPosition.line) + ", column "
                                             + std::to_string(previous->keyPosition.column) + ")");
            }
            skipWhitespace();
            if (atEnd() || peek() != ':')
                return fail("expected ':' after object key but found " + describeHere());
            advance();
            skipWhitespace();
            std::optional<JsonValue> value = parseValue(depth);
            if (!value)
                return std::nullopt;
            members.push_back(JsonMember{std::move(*key), std::move(*value), keyPosition});
            if (members.size() >= kScanLimit) {
                if (seenKeys.empty()) {
                    for (const JsonMember &member : members)
                        seenKeys.insert(member.key);
                } else {
                    seenKeys.insert(members.back().key);
                }
            }
            skipWhitespace();
            if (atEnd())
                return fail("unexpected end of input, expected ',' or '}' after object member");
            if (peek() == ',') {
                advance();
                continue;
            }
            if (peek() == '}') {
                advance();
                return JsonValue::makeObject(std::move(members), start);
            }
            return fail("expected ',' or '}' after object member but found " + describeHere());
        }
    }

    static const JsonMember *findDuplicate(const std::vector<JsonMember> &members,
                                           const std::unordered_set<std::string> &seenKeys, const std::string &key,
                                           std::size_t scanLimit)
    {
        if (members.size() >= scanLimit && !seenKeys.contains(key))
            return nullptr;
        // Found in the set (or the object is small): a scan names the first use.
        for (const JsonMember &member : members) {
            if (member.key == key)
                return &member;
        }
        return nullptr;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
    std::size_t m_column = 1;
    JsonSyntaxError m_error;
};

} // namespace

Result<JsonValue> parseJson(std::string_view text, JsonSyntaxError *syntaxError)
{
    Parser parser(text);
    std::optional<JsonValue> value = parser.parseDocument();
    if (!value) {
        if (syntaxError)
            *syntaxError = parser.error();
        return Error{"JSON", parser.error().toString(), 0};
    }
    return std::move(*value);
}

} // namespace pathlens
