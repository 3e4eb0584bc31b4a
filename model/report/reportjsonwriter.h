#pragma once

// A streaming JSON writer: indented output straight into a byte buffer, for
// reports with hundreds of thousands of paths (a QJsonObject tree of that
// size costs several times the writing itself).

#include "model/report/reporttext.h"
#include "platform/types.h"

#include <QByteArray>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

namespace pathlens {

class ReportJsonWriter final
{
public:
    explicit ReportJsonWriter(QByteArray &out) : m_out(out) {}

    /// Containers opened at this nesting depth or deeper are written on one
    /// line (a report's paths: one line each instead of twenty).
    void setInlineDepth(std::size_t depth) { m_inlineDepth = depth; }

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }

    /// The member name (one of the program's own: plain ASCII, written as
    /// it is); the next call writes its value.
    void key(std::string_view name)
    {
        // Separator, indentation and name in one append: the writer's own
        // punctuation is most of the calls.
        char text[160];
        std::size_t size = separator(text);
        text[size++] = '"';
        const std::size_t length = std::min(name.size(), sizeof text - size - 3);
        std::memcpy(text + size, name.data(), length);
        size += length;
        text[size++] = '"';
        text[size++] = ':';
        text[size++] = ' ';
        m_out.append(text, qsizetype(size));
        m_afterKey = true;
    }

    /// A value already written as JSON (e.g. a string quoted and escaped
    /// once and used for many paths).
    void rawValue(const QByteArray &json)
    {
        separate();
        m_out.append(json);
    }

    /// A path id as a string, without escaping (hex digits only).
    void pathId(std::uint64_t id)
    {
        separate();
        m_out.append('"');
        reporttext::appendPathId(m_out, id);
        m_out.append('"');
    }
    /// A SCSI address as a string, without escaping (digits and '|').
    void scsiAddress(const ScsiAddress &scsi)
    {
        separate();
        m_out.append('"');
        reporttext::appendScsiAddress(m_out, scsi.port, scsi.bus, scsi.target, scsi.lun);
        m_out.append('"');
    }

    void string(std::string_view text)
    {
        separate();
        reporttext::appendJsonString(m_out, text);
    }
    /// null for an empty text: unknown, not "".
    void stringOrNull(std::string_view text)
    {
        if (text.empty())
            null();
        else
            string(text);
    }
    void number(std::uint64_t value)
    {
        separate();
        reporttext::appendNumber(m_out, value);
    }
    void number(double value, int decimals)
    {
        separate();
        reporttext::appendNumber(m_out, value, decimals);
    }
    template <typename T>
    void numberOrNull(const std::optional<T> &value)
    {
        if (value)
            number(std::uint64_t(*value));
        else
            null();
    }
    void boolean(bool value)
    {
        separate();
        m_out.append(value ? "true" : "false");
    }
    void null()
    {
        separate();
        m_out.append("null", 4);
    }

    // Member shorthands.
    void member(std::string_view name, std::string_view text) { key(name), string(text); }
    /// Without it a literal would take the bool overload.
    void member(std::string_view name, const char *text) { key(name), string(text); }
    void memberOrNull(std::string_view name, std::string_view text) { key(name), stringOrNull(text); }
    void member(std::string_view name, std::uint64_t value) { key(name), number(value); }
    void member(std::string_view name, bool value) { key(name), boolean(value); }
    void nullMember(std::string_view name) { key(name), null(); }

private:
    struct Level {
        bool hasItems = false;
        bool inlined = false;
    };

    /// Writes what goes before the next item into @p text (room for at least
    /// 80 bytes); returns its length.
    std::size_t separator(char *text)
    {
        if (m_afterKey) {
            m_afterKey = false;
            return 0;
        }
        std::size_t size = 0;
        if (!m_levels.empty()) {
            Level &level = m_levels.back();
            if (level.inlined) {
                if (level.hasItems) {
                    text[size++] = ',';
                    text[size++] = ' ';
                }
            } else {
                if (level.hasItems)
                    text[size++] = ',';
                text[size++] = '\n';
                const std::size_t indent = std::min<std::size_t>(m_levels.size() * 2, 64);
                std::memset(text + size, ' ', indent);
                size += indent;
            }
            level.hasItems = true;
        }
        return size;
    }
    void separate()
    {
        char text[80];
        if (const std::size_t size = separator(text))
            m_out.append(text, qsizetype(size));
    }
    void open(char bracket)
    {
        separate();
        m_out.append(bracket);
        const bool inlined = (!m_levels.empty() && m_levels.back().inlined) || m_levels.size() >= m_inlineDepth;
        m_levels.push_back(Level{false, inlined});
    }
    void close(char bracket)
    {
        const Level level = m_levels.back();
        m_levels.pop_back();
        if (level.hasItems && !level.inlined)
            newline();
        m_out.append(bracket);
    }
    void newline()
    {
        char text[80];
        text[0] = '\n';
        const std::size_t indent = std::min<std::size_t>(m_levels.size() * 2, 64);
        std::memset(text + 1, ' ', indent);
        m_out.append(text, qsizetype(indent + 1));
    }

    QByteArray &m_out;
    std::vector<Level> m_levels; ///< per open bracket
    std::size_t m_inlineDepth = std::size_t(-1);
    bool m_afterKey = false;
};

} // namespace pathlens
