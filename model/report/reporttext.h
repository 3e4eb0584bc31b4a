#pragma once

// Text building for the report writers: appending to one growing buffer with
// the escaping each format needs. Data comes from the sources (port aliases,
// captions, adapter names) and is never trusted: every writer escapes it.

#include <QByteArray>

#include <cstdint>
#include <string>
#include <string_view>

namespace pathlens::reporttext {

/// @p text as valid UTF-8: invalid sequences become U+FFFD. Returns a view
/// of @p text itself when it already is (the usual case), else of @p storage.
std::string_view validUtf8(std::string_view text, std::string &storage);

void append(QByteArray &out, std::string_view text);
void appendNumber(QByteArray &out, std::uint64_t value);
void appendNumber(QByteArray &out, double value, int decimals);

/// 16 lower-case hex digits, as formatPathId() spells a path id.
void appendPathId(QByteArray &out, std::uint64_t pathId);
/// "004|000|009|001", as ScsiAddress::toString() spells it.
void appendScsiAddress(QByteArray &out, std::uint32_t port, std::uint32_t bus, std::uint32_t target,
                       std::uint32_t lun);

/// <, >, &, " and ' as entities; control characters other than tab and
/// newline dropped.
void appendHtml(QByteArray &out, std::string_view text);
/// One RFC 4180 field: quoted (with "" for ") when it holds a comma, a quote,
/// CR or LF, or starts or ends with a space.
void appendCsvField(QByteArray &out, std::string_view text);
/// A JSON string literal with its quotes.
void appendJsonString(QByteArray &out, std::string_view text);
/// A Prometheus label value (between the quotes): \\, \" and \n escaped.
void appendLabelValue(QByteArray &out, std::string_view text);

} // namespace pathlens::reporttext
