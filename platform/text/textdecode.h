#pragma once

// Turns captured text files into UTF-8. Support bundles hold files written by
// cmd.exe (plain bytes), by PowerShell's `>` (UTF-16LE with a byte order mark)
// and by editors (UTF-8 with or without a BOM); the parsers want one encoding.

#include "platform/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

/// Decodes a text file's bytes to UTF-8.
///
/// - UTF-8 BOM (EF BB BF): stripped, the rest validated as UTF-8.
/// - UTF-16LE BOM (FF FE) or UTF-16BE BOM (FE FF): converted, surrogate pairs
///   joined; the BOM is not part of the result.
/// - No BOM: validated as UTF-8 and returned unchanged.
///
/// Errors name the byte offset in @p bytes: invalid or truncated UTF-8, an
/// unpaired UTF-16 surrogate, an odd byte count in UTF-16 text, and a NUL byte
/// in BOM-less text (most likely UTF-16 written without a BOM; decoding it as
/// UTF-8 would only yield garbage).
Result<std::string> decodeText(std::string_view bytes);

/// Walks the lines of a text one by one, by the same rules as splitLines but
/// without building a vector first (bundles can hold megabytes of output).
class LineReader final
{
public:
    explicit LineReader(std::string_view text) : m_text(text) {}

    /// Sets @p line to the next line and returns true, or returns false at the end.
    bool next(std::string_view &line);

private:
    std::string_view m_text;
    std::size_t m_start = 0;
    std::size_t m_stop = 0; ///< next LF at or after m_start, size() when none is left
    bool m_stopValid = false;
};

/// Splits text into lines. CRLF, LF and a lone CR each end a line; the line end
/// is not part of the line. A final line end does not start another (empty) line,
/// so "a\n" gives {"a"} and "" gives {}. The views point into @p text.
std::vector<std::string_view> splitLines(std::string_view text);

} // namespace pathlens
