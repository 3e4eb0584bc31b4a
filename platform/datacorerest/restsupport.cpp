#include "platform/datacorerest/restsupport.h"

#include "platform/json/json.h"

#include <QByteArray>

#include <algorithm>
#include <array>
#include <cctype>

namespace pathlens {

namespace {

Error hostError(std::string message)
{
    return Error{"DataCore REST host", std::move(message), 0};
}

std::string lowered(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() && lowered(text.substr(0, prefix.size())) == prefix;
}

bool isHostNameChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

Result<RestEndpoint> parseRestHost(std::string_view text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    if (text.empty())
        return hostError("no host given");
    if (startsWithNoCase(text, "http://"))
        return hostError("PathLens connects over HTTPS only: the password would otherwise cross the network in clear "
                         "text");
    if (startsWithNoCase(text, "https://"))
        text.remove_prefix(8);
    // Whatever follows the authority ("/RestService/...") is ours to set.
    if (const std::size_t slash = text.find_first_of("/?#"); slash != std::string_view::npos)
        text = text.substr(0, slash);
    if (text.find('@') != std::string_view::npos)
        return hostError("give the user name in its own field, not in the host");

    RestEndpoint endpoint;
    std::string_view portText;
    if (text.starts_with('[')) {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos)
            return hostError("\"" + std::string(text) + "\": missing ']' after the IPv6 address");
        endpoint.hostName = std::string(text.substr(1, close - 1));
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':')
                return hostError("\"" + std::string(text) + "\": unexpected text after the IPv6 address");
            portText = rest.substr(1);
            if (portText.empty())
                return hostError("\"" + std::string(text) + "\": the port is missing after ':'");
        }
        const bool addressChars = !endpoint.hostName.empty()
            && std::all_of(endpoint.hostName.begin(), endpoint.hostName.end(), [](char c) {
                   return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
               });
        if (!addressChars)
            return hostError("\"" + std::string(text) + "\" is not an IPv6 address");
    } else {
        const std::size_t colon = text.find(':');
        if (colon != std::string_view::npos && text.find(':', colon + 1) != std::string_view::npos)
            return hostError("\"" + std::string(text) + "\": write an IPv6 address in brackets, e.g. [fe80::1]:443");
        endpoint.hostName = std::string(text.substr(0, colon));
        if (colon != std::string_view::npos) {
            portText = text.substr(colon + 1);
            if (portText.empty())
                return hostError("\"" + std::string(text) + "\": the port is missing after ':'");
        }
        if (endpoint.hostName.empty())
            return hostError("no host name given");
        if (!std::all_of(endpoint.hostName.begin(), endpoint.hostName.end(), isHostNameChar))
            return hostError("\"" + endpoint.hostName + "\" is not a host name or address");
    }
    endpoint.hostName = lowered(endpoint.hostName);

    if (!portText.empty()) {
        unsigned long port = 0;
        for (const char c : portText) {
            if (!std::isdigit(static_cast<unsigned char>(c)) || port > 65535)
                return hostError("\"" + std::string(portText) + "\" is not a port number");
            port = port * 10 + static_cast<unsigned long>(c - '0');
        }
        if (port == 0 || port > 65535)
            return hostError("\"" + std::string(portText) + "\" is not a port number (1-65535)");
        endpoint.port = static_cast<std::uint16_t>(port);
    }

    const bool v6 = endpoint.hostName.find(':') != std::string::npos;
    std::string authority = v6 ? "[" + endpoint.hostName + "]" : endpoint.hostName;
    if (endpoint.port != 443)
        authority += ":" + std::to_string(endpoint.port);
    endpoint.key = authority;
    endpoint.baseUrl = "https://" + authority + "/RestService/rest.svc/";
    return endpoint;
}

std::string restAuthorizationHeader(RestAuthorization form, std::string_view user, std::string_view password)
{
    if (form == RestAuthorization::DataCoreLiteral)
        return "Basic " + std::string(user) + " " + std::string(password);
    const std::string pair = std::string(user) + ":" + std::string(password);
    const QByteArray encoded = QByteArray(pair.data(), qsizetype(pair.size())).toBase64();
    return "Basic " + encoded.toStdString();
}

std::string_view toString(RestAuthorization form)
{
    return form == RestAuthorization::DataCoreLiteral ? "literal" : "base64";
}

bool parseRestAuthorization(std::string_view text, RestAuthorization &form)
{
    const std::string word = lowered(text);
    if (word == "literal" || word == "datacore") {
        form = RestAuthorization::DataCoreLiteral;
        return true;
    }
    if (word == "base64" || word == "basic") {
        form = RestAuthorization::StandardBasic;
        return true;
    }
    return false;
}

std::string restServerMessage(std::string_view body)
{
    Result<JsonValue> document = parseJson(body);
    if (!document)
        return {};
    // Seen and reported spellings of DataCore's and IIS/WCF's error bodies.
    static constexpr std::array<std::string_view, 6> keys = {"Message", "ErrorMessage", "ExceptionMessage",
                                                             "Error",   "error",        "message"};
    const auto messageOf = [](const JsonValue &object) -> std::string {
        for (const std::string_view key : keys) {
            const JsonValue *value = object.find(key);
            if (value && value->isString() && !value->asString().empty())
                return value->asString();
        }
        return {};
    };
    const JsonValue &root = document.value();
    if (!root.isObject())
        return {};
    if (std::string message = messageOf(root); !message.empty())
        return message;
    for (const std::string_view key : keys) {
        const JsonValue *inner = root.find(key);
        if (inner && inner->isObject())
            if (std::string message = messageOf(*inner); !message.empty())
                return message;
    }
    return {};
}

std::string formatFingerprint(std::string_view digest)
{
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(digest.size() * 3);
    for (const char byte : digest) {
        if (!out.empty())
            out += ':';
        const auto value = static_cast<unsigned char>(byte);
        out += digits[value >> 4];
        out += digits[value & 0x0f];
    }
    return out;
}

std::string normaliseFingerprint(std::string_view text)
{
    std::string bytes;
    int high = -1;
    for (const char c : text) {
        if (c == ':' || c == ' ' || c == '-')
            continue;
        const int value = hexValue(c);
        if (value < 0)
            return {};
        if (high < 0) {
            high = value;
        } else {
            bytes += char((high << 4) | value);
            high = -1;
        }
    }
    if (high >= 0 || bytes.size() != 32)
        return {};
    return formatFingerprint(bytes);
}

} // namespace pathlens
