#pragma once

// Pure helpers of the DataCore REST client: how a host the admin typed becomes
// a URL and a trust-store key, how the Authorization header is spelled, and
// how an error body is turned into the server's own words. No Qt, no I/O.

#include "platform/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace pathlens {

/// How the Authorization header carries the credentials.
enum class RestAuthorization {
    /// "Basic user password": the form DataCore's REST guide documents
    /// (Sending_Requests.htm: "Basic Administrator MyPassword1").
    DataCoreLiteral,
    /// "Basic base64(user:password)": standard HTTP Basic (RFC 7617), which
    /// DataCore's own tools also send.
    StandardBasic,
};

/// Where the REST service is, as read from what the admin typed.
struct RestEndpoint {
    std::string hostName;  ///< "ssv1.example.local", "10.0.0.5", "::1" (no brackets)
    std::uint16_t port = 443;
    /// Key of the host in the trust store: lower-case host name, with ":port"
    /// when the port is not 443 ("ssv1.example.local", "127.0.0.1:8443", "[::1]:8443").
    std::string key;
    std::string baseUrl;   ///< "https://ssv1.example.local/RestService/rest.svc/"
};

/// Reads "host", "host:port", "[v6]:port" or an https:// URL whose path, if
/// any, is ignored. Refuses http:// (credentials would travel in clear text),
/// empty names, blanks, user info and bad ports.
Result<RestEndpoint> parseRestHost(std::string_view text);

/// The Authorization header value for the chosen form.
std::string restAuthorizationHeader(RestAuthorization form, std::string_view user, std::string_view password);

/// "literal" / "base64", the spelling used on the command line and in settings.
std::string_view toString(RestAuthorization form);
/// Accepts "literal"/"datacore" and "base64"/"basic" in any case.
bool parseRestAuthorization(std::string_view text, RestAuthorization &form);

/// The message a DataCore error body carries: the first non-empty string of
/// Message, ErrorMessage, ExceptionMessage, Error, error or message, also one
/// level down (an "Error" object); empty when the body is not such JSON.
std::string restServerMessage(std::string_view body);

/// "AB:CD:..." (upper-case hex, colon-separated) for raw digest bytes.
std::string formatFingerprint(std::string_view digest);
/// The same fingerprint in canonical form whatever way it was typed: colons,
/// blanks or none, any case. Empty when it is not 32 bytes of hex.
std::string normaliseFingerprint(std::string_view text);

} // namespace pathlens
