#include "platform/json/json.h"
#include "platform/json/jsonreader.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>

using namespace pathlens;

namespace {

JsonSyntaxError syntaxErrorOf(std::string_view text)
{
    JsonSyntaxError error;
    const Result<JsonValue> result = parseJson(text, &error);
    EXPECT_FALSE(result.ok()) << "accepted: " << text;
    return error;
}

JsonValue parsed(std::string_view text)
{
    Result<JsonValue> result = parseJson(text);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().toString());
    return result.ok() ? std::move(result).value() : JsonValue();
}

} // namespace

// ---------------------------------------------------------------- values

TEST(JsonParse, ScalarsAndKinds)
{
    EXPECT_TRUE(parsed("null").isNull());
    EXPECT_TRUE(parsed("true").asBool());
    EXPECT_FALSE(parsed("false").asBool());
    EXPECT_TRUE(parsed("false").isBool());
    EXPECT_DOUBLE_EQ(parsed("-12.5e1").asNumber(), -125.0);
    EXPECT_EQ(parsed("\"abc\"").asString(), "abc");
    EXPECT_TRUE(parsed("[]").isArray());
    EXPECT_TRUE(parsed("{}").isObject());
    EXPECT_EQ(parsed("  \t\r\n 7 \n").asInt64(), 7);
}

TEST(JsonParse, KindNames)
{
    EXPECT_EQ(JsonValue::kindName(JsonValue::Kind::String), "a string");
    EXPECT_EQ(JsonValue::kindName(JsonValue::Kind::Number), "a number");
    EXPECT_EQ(JsonValue::kindName(JsonValue::Kind::Object), "an object");
    EXPECT_EQ(JsonValue::kindName(JsonValue::Kind::Array), "an array");
    EXPECT_EQ(JsonValue::kindName(JsonValue::Kind::Bool), "a boolean");
    EXPECT_EQ(JsonValue::kindName(JsonValue::Kind::Null), "null");
}

TEST(JsonParse, ObjectsKeepOrderAndFind)
{
    const JsonValue value = parsed(R"({"b": 1, "a": [true, null], "c": {"d": "e"}})");
    ASSERT_EQ(value.members().size(), 3u);
    EXPECT_EQ(value.members()[0].key, "b");
    EXPECT_EQ(value.members()[1].key, "a");
    EXPECT_EQ(value.members()[2].key, "c");
    ASSERT_NE(value.find("a"), nullptr);
    EXPECT_EQ(value.find("a")->items().size(), 2u);
    EXPECT_EQ(value.find("c")->find("d")->asString(), "e");
    EXPECT_EQ(value.find("missing"), nullptr);
    EXPECT_EQ(value.find("a")->find("x"), nullptr); // not an object
}

TEST(JsonParse, AccessorsOnOtherKindsAreNeutral)
{
    const JsonValue value = parsed("[1]");
    EXPECT_EQ(value.asString(), "");
    EXPECT_FALSE(value.asBool());
    EXPECT_EQ(value.asNumber(), 0.0);
    EXPECT_FALSE(value.asInt64());
    EXPECT_TRUE(value.members().empty());
    EXPECT_TRUE(parsed("{}").items().empty());
}

TEST(JsonParse, Numbers)
{
    EXPECT_EQ(parsed("0").asInt64(), 0);
    EXPECT_EQ(parsed("-0").asInt64(), 0);
    EXPECT_EQ(parsed("9223372036854775807").asInt64(), INT64_MAX);
    EXPECT_EQ(parsed("-9223372036854775808").asInt64(), INT64_MIN);
    EXPECT_FALSE(parsed("9223372036854775808").asInt64()); // past int64
    EXPECT_TRUE(parsed("9223372036854775808").isNumber());
    EXPECT_EQ(parsed("9007199254740993").asInt64(), 9007199254740993); // not representable as double
    EXPECT_EQ(parsed("1e3").asInt64(), 1000);
    EXPECT_EQ(parsed("2.0").asInt64(), 2);
    EXPECT_FALSE(parsed("2.5").asInt64());
    EXPECT_FALSE(parsed("1e300").asInt64());
    EXPECT_DOUBLE_EQ(parsed("1.5E-3").asNumber(), 0.0015);
    EXPECT_DOUBLE_EQ(parsed("1e+2").asNumber(), 100.0);
    EXPECT_EQ(parsed("1e-400").asNumber(), 0.0); // underflow is harmless
    EXPECT_EQ(parsed("0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                     "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                     "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                     "000000000000000000000000000000000000000000000000000000000000000000000000000001")
                  .asNumber(),
              0.0);
}

TEST(JsonParse, BadNumbers)
{
    EXPECT_EQ(syntaxErrorOf("01").reason, "a number must not start with a leading zero");
    EXPECT_NE(syntaxErrorOf("-").reason.find("expected a digit"), std::string::npos);
    EXPECT_NE(syntaxErrorOf("1.").reason.find("decimal point"), std::string::npos);
    EXPECT_NE(syntaxErrorOf("1e").reason.find("exponent"), std::string::npos);
    EXPECT_NE(syntaxErrorOf(".5").reason.find("expected a value"), std::string::npos);
    EXPECT_NE(syntaxErrorOf("+1").reason.find("expected a value"), std::string::npos);
    EXPECT_NE(syntaxErrorOf("1e400").reason.find("out of range"), std::string::npos);
    EXPECT_NE(syntaxErrorOf("-1e400").reason.find("out of range"), std::string::npos);
    EXPECT_NE(syntaxErrorOf(std::string(400, '9')).reason.find("out of range"), std::string::npos);
    EXPECT_NE(syntaxErrorOf("NaN").reason.find("expected a value"), std::string::npos);
    EXPECT_NE(syntaxErrorOf("Infinity").reason.find("expected a value"), std::string::npos);
    EXPECT_NE(syntaxErrorOf("0x10").reason.find("after the JSON value"), std::string::npos);
}

TEST(JsonParse, LiteralsMustBeExact)
{
    EXPECT_FALSE(parseJson("tru").ok());
    EXPECT_FALSE(parseJson("True").ok());
    EXPECT_FALSE(parseJson("nul").ok());
    EXPECT_FALSE(parseJson("truex").ok());
}

// --------------------------------------------------------------- strings

TEST(JsonParse, Escapes)
{
    EXPECT_EQ(parsed(R"("a\"b\\c\/d\be\ff\ng\rh\ti")").asString(), "a\"b\\c/d\be\ff\ng\rh\ti");
    EXPECT_EQ(parsed(R"("\u0041\u00e9\u20AC")").asString(), "A\xC3\xA9\xE2\x82\xAC");
    EXPECT_EQ(parsed(R"("\u0000")").asString(), std::string(1, '\0'));
}

TEST(JsonParse, SurrogatePairs)
{
    EXPECT_EQ(parsed(R"("\uD83D\uDE00")").asString(), "\xF0\x9F\x98\x80"); // U+1F600
    EXPECT_EQ(parsed(R"("\udbff\udfff")").asString(), "\xF4\x8F\xBF\xBF"); // U+10FFFF
    EXPECT_NE(syntaxErrorOf(R"("\uD83D")").reason.find("high surrogate"), std::string::npos);
    EXPECT_NE(syntaxErrorOf(R"("\uD83Dx")").reason.find("high surrogate"), std::string::npos);
    EXPECT_NE(syntaxErrorOf(R"("\uD83D\u0041")").reason.find("high surrogate"), std::string::npos);
    EXPECT_NE(syntaxErrorOf(R"("\uDE00")").reason.find("low surrogate"), std::string::npos);
}

TEST(JsonParse, BadEscapes)
{
    const JsonSyntaxError bad = syntaxErrorOf(R"(  "ab\x")");
    EXPECT_EQ(bad.reason, "invalid escape sequence '\\x'");
    EXPECT_EQ(bad.position, (TextPosition{1, 6}));
    EXPECT_NE(syntaxErrorOf(R"("\u12")").reason.find("four hex digits"), std::string::npos);
    EXPECT_NE(syntaxErrorOf(R"("\u12G4")").reason.find("four hex digits"), std::string::npos);
    EXPECT_NE(syntaxErrorOf("\"abc\\").reason.find("unterminated"), std::string::npos);
}

TEST(JsonParse, ControlCharactersAndUnterminatedStrings)
{
    const JsonSyntaxError tab = syntaxErrorOf("\"a\tb\"");
    EXPECT_NE(tab.reason.find("U+0009"), std::string::npos);
    EXPECT_EQ(tab.position, (TextPosition{1, 3}));
    const JsonSyntaxError open = syntaxErrorOf("[\"abc");
    EXPECT_EQ(open.reason, "unterminated string");
    EXPECT_EQ(open.position, (TextPosition{1, 2}));
    EXPECT_NE(syntaxErrorOf("\"abc\ndef\"").reason.find("line break"), std::string::npos);
}

TEST(JsonParse, Utf8)
{
    EXPECT_EQ(parsed("\"gr\xC3\xBC\xC3\x9F \xE2\x82\xAC \xF0\x9F\x98\x80\"").asString(),
              "gr\xC3\xBC\xC3\x9F \xE2\x82\xAC \xF0\x9F\x98\x80");

    struct Case {
        const char *text;
        std::size_t column;
    };
    // Each must be rejected at the column of the offending lead byte.
    const std::array<Case, 8> bad = {{
        {"\"ab\x80\"", 4},                 // lone continuation byte
        {"\"a\xC3\"", 3},                  // truncated two-byte sequence
        {"\"a\xC0\xAF\"", 3},              // overlong '/'
        {"\"a\xE0\x80\xAF\"", 3},          // overlong three-byte
        {"\"a\xED\xA0\x80\"", 3},          // encoded surrogate U+D800
        {"\"a\xF4\x90\x80\x80\"", 3},      // past U+10FFFF
        {"\"a\xFF\"", 3},                  // never valid
        {"\"\xC3\xA9\xC3\xA9\xFE\"", 4},   // columns count characters, not bytes
    }};
    for (const Case &c : bad) {
        const JsonSyntaxError error = syntaxErrorOf(c.text);
        EXPECT_NE(error.reason.find("invalid UTF-8"), std::string::npos) << c.text;
        EXPECT_EQ(error.position, (TextPosition{1, c.column})) << error.toString();
    }
    // Outside strings too.
    EXPECT_NE(syntaxErrorOf("[1, \xFF]").reason.find("invalid UTF-8 byte 0xFF"), std::string::npos);
    EXPECT_NE(syntaxErrorOf("[1, \xC3\xA9]").reason.find("U+00E9"), std::string::npos);
}

TEST(JsonParse, ByteOrderMarkIsSkipped)
{
    EXPECT_EQ(parsed("\xEF\xBB\xBF{\"a\": 1}").find("a")->asInt64(), 1);
    const JsonSyntaxError error = syntaxErrorOf("\xEF\xBB\xBF{\"a\" 1}");
    EXPECT_EQ(error.position, (TextPosition{1, 6}));
    // A BOM anywhere else is just an unexpected character.
    EXPECT_FALSE(parseJson(" \xEF\xBB\xBF{}").ok());
}

// --------------------------------------------------- structure and errors

TEST(JsonParse, PositionsOfValues)
{
    const JsonValue value = parsed("{\n  \"name\": \"x\",\n  \"list\": [1,\n    {\"k\": true}]\n}");
    EXPECT_EQ(value.position(), (TextPosition{1, 1}));
    EXPECT_EQ(value.find("name")->position(), (TextPosition{2, 11}));
    EXPECT_EQ(value.members()[0].keyPosition, (TextPosition{2, 3}));
    const JsonValue *list = value.find("list");
    EXPECT_EQ(list->position(), (TextPosition{3, 11}));
    EXPECT_EQ(list->items()[0].position(), (TextPosition{3, 12}));
    EXPECT_EQ(list->items()[1].position(), (TextPosition{4, 5}));
    EXPECT_EQ(list->items()[1].find("k")->position(), (TextPosition{4, 11}));
}

TEST(JsonParse, ColumnsCountCharactersAfterNonAscii)
{
    const JsonValue value = parsed("{\"\xC3\xA9t\xC3\xA9\": 5}");
    EXPECT_EQ(value.members()[0].value.position(), (TextPosition{1, 9}));
}

TEST(JsonParse, ErrorMessagesNamePosition)
{
    const Result<JsonValue> result = parseJson("{\n  \"a\": 1,\n  \"b\": 2 \"c\": 3\n}");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message, "line 3, column 10: expected ',' or '}' after object member but found '\"'");

    JsonSyntaxError error = syntaxErrorOf("[1 2]");
    EXPECT_EQ(error.toString(), "line 1, column 4: expected ',' or ']' after array item but found '2'");
    EXPECT_EQ(syntaxErrorOf("{\"a\" 1}").reason, "expected ':' after object key but found '1'");
    EXPECT_EQ(syntaxErrorOf("{1: 2}").reason, "expected a string key or '}' but found '1'");
    EXPECT_EQ(syntaxErrorOf("{\"a\": 1,}").reason, "expected a string key after ',' but found '}'");
    EXPECT_EQ(syntaxErrorOf("[1,]").reason, "expected a value but found ']'");
    EXPECT_EQ(syntaxErrorOf("").reason, "unexpected end of input, expected a value");
    EXPECT_EQ(syntaxErrorOf("   \n ").position, (TextPosition{2, 2}));
    EXPECT_EQ(syntaxErrorOf("[1,").reason, "unexpected end of input, expected a value");
    EXPECT_EQ(syntaxErrorOf("{\"a\":1").reason, "unexpected end of input, expected ',' or '}' after object member");
    EXPECT_EQ(syntaxErrorOf("// comment\n{}").reason, "expected a value but found '/'");
    EXPECT_EQ(syntaxErrorOf("['a']").reason, "expected a value but found '''");
}

TEST(JsonParse, DuplicateKeysAreRefused)
{
    const JsonSyntaxError error = syntaxErrorOf("{\n  \"id\": 1,\n  \"id\": 2\n}");
    EXPECT_EQ(error.position, (TextPosition{3, 3}));
    EXPECT_EQ(error.reason, "duplicate key \"id\" (first used at line 2, column 3)");
    // Same key in different objects is fine.
    EXPECT_TRUE(parseJson(R"([{"id": 1}, {"id": 2}, {"x": {"id": 3}}])").ok());
}

TEST(JsonParse, DuplicateKeysInLargeObjects)
{
    for (int duplicateAt : {15, 16, 17, 40}) {
        std::string text = "{";
        for (int i = 0; i < 50; ++i)
            text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ",";
        text += "\"k" + std::to_string(duplicateAt) + "\": 0}";
        const JsonSyntaxError error = syntaxErrorOf(text);
        EXPECT_NE(error.reason.find("duplicate key \"k" + std::to_string(duplicateAt) + "\""), std::string::npos)
            << duplicateAt;
    }
    std::string unique = "{";
    for (int i = 0; i < 20000; ++i)
        unique += (i ? ",\"" : "\"") + std::to_string(i) + "\":0";
    unique += "}";
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(parsed(unique).members().size(), 20000u);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(JsonParse, TrailingGarbage)
{
    const JsonSyntaxError error = syntaxErrorOf("{\"a\": 1}\n  x");
    EXPECT_EQ(error.position, (TextPosition{2, 3}));
    EXPECT_EQ(error.reason, "unexpected 'x' after the JSON value");
    EXPECT_FALSE(parseJson("1 2").ok());
    EXPECT_FALSE(parseJson("{}{}").ok());
    EXPECT_FALSE(parseJson("[] \x01").ok());
    EXPECT_NE(syntaxErrorOf(std::string("{}\0", 3)).reason.find("U+0000"), std::string::npos);
}

TEST(JsonParse, DepthLimit)
{
    const std::string ok = std::string(kJsonMaxDepth, '[') + std::string(kJsonMaxDepth, ']');
    EXPECT_TRUE(parseJson(ok).ok());
    const std::string tooDeep = std::string(kJsonMaxDepth + 1, '[') + std::string(kJsonMaxDepth + 1, ']');
    const JsonSyntaxError error = syntaxErrorOf(tooDeep);
    EXPECT_NE(error.reason.find("deeper than 200"), std::string::npos);
    EXPECT_EQ(error.position, (TextPosition{1, kJsonMaxDepth + 1}));

    std::string objects;
    for (int i = 0; i < 100000; ++i)
        objects += "{\"a\":";
    EXPECT_NE(syntaxErrorOf(objects).reason.find("deeper than"), std::string::npos);
    // A million open brackets: refused quickly, no stack overflow.
    EXPECT_FALSE(parseJson(std::string(1'000'000, '[')).ok());
}

TEST(JsonParse, TenMegabytesOfRandomBytesFailCleanly)
{
    std::mt19937_64 random(12345);
    std::string garbage(10 * 1024 * 1024, '\0');
    for (std::size_t i = 0; i < garbage.size(); i += 8) {
        const std::uint64_t bits = random();
        std::memcpy(&garbage[i], &bits, 8);
    }
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t offset : {0, 1, 2, 3}) {
        const Result<JsonValue> result = parseJson(std::string_view(garbage).substr(offset));
        EXPECT_FALSE(result.ok());
    }
    // A long valid-looking prefix that turns bad at the very end.
    std::string longString = "\"" + std::string(10 * 1024 * 1024, 'a') + "\xFF\"";
    const JsonSyntaxError error = syntaxErrorOf(longString);
    EXPECT_EQ(error.position.column, 10u * 1024 * 1024 + 2);
    std::string bigArray = "[";
    for (int i = 0; i < 300'000; ++i)
        bigArray += "1234567,";
    bigArray += "]";
    EXPECT_FALSE(parseJson(bigArray).ok());
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(JsonParse, RandomMutationsNeverCrash)
{
    const std::string base = R"({"servers": [{"id": "a", "n": [1, 2.5e3, true, null], "s": "x\u00e9\uD83D\uDE00"}]})";
    ASSERT_TRUE(parseJson(base).ok());
    std::mt19937 random(7);
    for (int round = 0; round < 20000; ++round) {
        std::string text = base;
        const int edits = 1 + static_cast<int>(random() % 4);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = random() % text.size();
            switch (random() % 3) {
            case 0: text[at] = static_cast<char>(random() & 0xFF); break;
            case 1: text.erase(at, 1); break;
            default: text.insert(at, 1, static_cast<char>(random() & 0xFF)); break;
            }
        }
        JsonSyntaxError error;
        const Result<JsonValue> result = parseJson(text, &error);
        if (!result.ok()) {
            EXPECT_GE(error.position.line, 1u);
            EXPECT_GE(error.position.column, 1u);
            EXPECT_FALSE(error.reason.empty());
        }
    }
}

// ----------------------------------------------------------------- reader

namespace {

enum class Color { Red, Green };
constexpr std::pair<std::string_view, Color> kColors[] = {{"red", Color::Red}, {"green", Color::Green}};

const char *kDocument = R"({
  "servers": [
    {"name": "DCS-A", "ports": [{"pci": {"bus": 130}}]},
    {"name": "DCS-B", "ports": [{"pci": {"bus": "130"}}], "color": "blue"}
  ],
  "count": 3,
  "ratio": 0.5,
  "flag": true,
  "none": null,
  "tags": ["a", "b"],
  "empty": ""
})";

} // namespace

TEST(JsonReader, ReadsFieldsOfEachKind)
{
    const JsonValue document = parsed(kDocument);
    JsonReader reader;
    const JsonNode root = JsonReader::root(document);
    EXPECT_EQ(reader.requireInt(root, "count", 0, 10), 3);
    EXPECT_DOUBLE_EQ(reader.requireNumber(root, "ratio", 0.0, 1.0), 0.5);
    EXPECT_TRUE(reader.requireBool(root, "flag"));
    EXPECT_EQ(reader.optionalString(root, "none"), std::nullopt); // null reads as absent
    EXPECT_EQ(reader.optionalString(root, "nothing"), std::nullopt);
    EXPECT_EQ(reader.stringOr(root, "nothing", "fallback"), "fallback");
    EXPECT_EQ(reader.optionalInt(root, "nothing"), std::nullopt);
    EXPECT_EQ(reader.boolOr(root, "nothing", true), true);
    EXPECT_EQ(reader.requireStringArray(root, "tags"), (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(reader.optionalArray(root, "nothing").empty());
    EXPECT_FALSE(reader.optionalObject(root, "nothing"));
    const std::vector<JsonNode> servers = reader.requireArray(root, "servers");
    ASSERT_EQ(servers.size(), 2u);
    EXPECT_EQ(servers[1].path, "servers[1]");
    EXPECT_EQ(reader.requireString(servers[0], "name", StringRule::NonEmpty), "DCS-A");
    const std::vector<JsonNode> ports = reader.requireArray(servers[0], "ports");
    const JsonNode pci = reader.requireObject(ports[0], "pci");
    EXPECT_EQ(pci.path, "servers[0].ports[0].pci");
    EXPECT_EQ(reader.requireInt(pci, "bus", 0, 255), 130);
    EXPECT_EQ(reader.optionalEnum(servers[0], "color", JsonEnumNames<Color>(kColors)), std::nullopt);
    EXPECT_TRUE(reader.ok()) << reader.error()->toString();
}

TEST(JsonReader, WrongTypeNamesPathAndPosition)
{
    const JsonValue document = parsed(kDocument);
    JsonReader reader;
    const std::vector<JsonNode> servers = reader.requireArray(JsonReader::root(document), "servers");
    const JsonNode pci = reader.requireObject(reader.requireArray(servers[1], "ports")[0], "pci");
    EXPECT_EQ(reader.requireInt(pci, "bus"), 0);
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.error()->toString(),
              "servers[1].ports[0].pci.bus: expected a number but found a string (line 4, column 49)");
    // The first problem wins.
    reader.requireString(JsonReader::root(document), "count");
    EXPECT_EQ(reader.error()->path, "servers[1].ports[0].pci.bus");
}

TEST(JsonReader, MissingFieldPointsAtItsObject)
{
    const JsonValue document = parsed(kDocument);
    JsonReader reader;
    const std::vector<JsonNode> servers = reader.requireArray(JsonReader::root(document), "servers");
    reader.requireString(servers[0], "hostName");
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.error()->toString(), "servers[0].hostName: required field is missing (line 3, column 5)");
}

TEST(JsonReader, NullRequiredFieldIsMissing)
{
    const JsonValue document = parsed(kDocument);
    JsonReader reader;
    reader.requireString(JsonReader::root(document), "none");
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.error()->describe(), "none: required field is missing");
}

TEST(JsonReader, EnumsListAllowedValues)
{
    const JsonValue document = parsed(kDocument);
    JsonReader reader;
    const std::vector<JsonNode> servers = reader.requireArray(JsonReader::root(document), "servers");
    EXPECT_EQ(reader.requireEnum(servers[1], "color", JsonEnumNames<Color>(kColors), Color::Green), Color::Green);
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.error()->describe(), R"(servers[1].color: "blue" is not one of "red", "green")");
    EXPECT_EQ(reader.error()->position, (TextPosition{4, 68}));
}

TEST(JsonReader, RangesAndIntegers)
{
    const JsonValue document = parsed(R"({"a": 300, "b": 1.5, "c": -1, "d": 2.5})");
    const JsonNode root = JsonReader::root(document);
    {
        JsonReader reader;
        reader.requireInt(root, "a", 0, 255);
        EXPECT_EQ(reader.error()->describe(), "a: 300 is out of range (0 to 255)");
    }
    {
        JsonReader reader;
        reader.requireInt(root, "b");
        EXPECT_EQ(reader.error()->describe(), "b: expected an integer but found 1.5");
    }
    {
        JsonReader reader;
        reader.optionalInt(root, "c", 0, 10);
        EXPECT_EQ(reader.error()->describe(), "c: -1 is out of range (0 to 10)");
    }
    {
        JsonReader reader;
        reader.requireNumber(root, "d", 0.0, 1.0);
        EXPECT_EQ(reader.error()->describe(), "d: 2.5 is out of range (0 to 1)");
    }
}

TEST(JsonReader, EmptyStringsAndUnknownMembers)
{
    const JsonValue document = parsed(kDocument);
    const JsonNode root = JsonReader::root(document);
    {
        JsonReader reader;
        reader.requireString(root, "empty", StringRule::NonEmpty);
        EXPECT_EQ(reader.error()->describe(), "empty: must not be empty");
    }
    {
        JsonReader reader;
        reader.rejectUnknownMembers(root, {"servers", "count", "ratio", "flag", "none", "tags"});
        ASSERT_FALSE(reader.ok());
        EXPECT_EQ(reader.error()->toString(), "empty: unknown field (line 11, column 3)");
    }
    {
        JsonReader reader;
        reader.requireObject(root, "tags");
        EXPECT_EQ(reader.error()->describe(), "tags: expected an object but found an array");
    }
    {
        JsonReader reader;
        const JsonNode tags = reader.requireMember(root, "tags");
        reader.readArray(tags);
        reader.fail(tags, "custom problem");
        EXPECT_EQ(reader.error()->toString(), "tags: custom problem (line 10, column 11)");
    }
}
