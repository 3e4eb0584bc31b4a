#pragma once

// UTF-16 <-> UTF-8 without the OS: Windows APIs speak UTF-16, the platform
// seam speaks UTF-8. Written portably so the rules are tested on Linux; the
// Windows files only copy wchar_t to char16_t around these.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

/// UTF-16 to UTF-8. Surrogate pairs are joined; an unpaired surrogate (Windows
/// names may hold one) becomes U+FFFD rather than failing the whole text.
std::string utf16ToUtf8(std::u16string_view text);

/// UTF-8 to UTF-16. Each byte that does not start a valid, shortest-form
/// sequence (overlong forms, encoded surrogates, values above U+10FFFF,
/// truncated sequences) becomes one U+FFFD.
std::u16string utf8ToUtf16(std::string_view text);

/// True when @p text is valid UTF-8 by the rules above.
bool isValidUtf8(std::string_view text);

/// Little-endian UTF-16 code units from raw bytes (a property buffer); a
/// trailing odd byte is ignored. Stops at the first NUL unless @p keepNuls.
std::u16string utf16FromBytes(const std::uint8_t *bytes, std::size_t size, bool keepNuls = false);

/// A REG_MULTI_SZ / DEVPROP_TYPE_STRING_LIST: strings separated by NUL, ended
/// by an empty string. Empty entries are dropped; a missing final terminator
/// is tolerated.
std::vector<std::string> splitMultiString(std::u16string_view text);

} // namespace pathlens
