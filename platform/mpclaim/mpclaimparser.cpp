#include "mpclaimparser.h"

#include "platform/text/textdecode.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace pathlens {
namespace {

// ------------------------------------------------------------------ helpers

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && isBlank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isBlank(s.back()))
        s.remove_suffix(1);
    return s;
}

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

bool istartsWith(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

/// Position of @p needle in @p s ignoring case; npos when absent.
std::size_t ifind(std::string_view s, std::string_view needle)
{
    for (std::size_t i = 0; i + needle.size() <= s.size(); ++i) {
        if (iequals(s.substr(i, needle.size()), needle))
            return i;
    }
    return std::string_view::npos;
}

bool icontains(std::string_view s, std::string_view needle)
{
    return ifind(s, needle) != std::string_view::npos;
}

/// Lower case, '-' and '_' as spaces, runs of blanks as one space: the form in
/// which spelling variants of one name compare equal.
std::string normalise(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    bool pendingSpace = false;
    for (char c : s) {
        if (c == '-' || c == '_')
            c = ' ';
        if (isBlank(c)) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace)
            out += ' ';
        pendingSpace = false;
        out += lower(c);
    }
    return out;
}

/// Whole-token unsigned decimal.
template <typename T>
std::optional<T> parseNumber(std::string_view s, int base = 10)
{
    T value{};
    if (s.empty())
        return std::nullopt;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, base);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return value;
}

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// mpclaim prints path ids as exactly 16 hex digits.
bool isPathIdToken(std::string_view s)
{
    return s.size() == 16 && std::all_of(s.begin(), s.end(), isHexDigit);
}

bool isDashLine(std::string_view trimmed)
{
    return trimmed.size() >= 3 && trimmed.find_first_not_of('-') == std::string_view::npos;
}

/// Splits a line at runs of blanks. A token that starts with '"' runs to the
/// closing quote, blanks included (mpclaim quotes padded hardware ids).
void tokenize(std::string_view line, std::vector<std::string_view> &tokens)
{
    tokens.clear();
    std::size_t i = 0;
    const std::size_t n = line.size();
    while (i < n) {
        while (i < n && isBlank(line[i]))
            ++i;
        if (i >= n)
            break;
        const std::size_t start = i;
        if (line[i] == '"') {
            const std::size_t close = line.find('"', i + 1);
            i = close == std::string_view::npos ? n : close + 1;
        } else {
            while (i < n && !isBlank(line[i]))
                ++i;
        }
        tokens.push_back(line.substr(start, i - start));
    }
}

/// The text from the start of tokens[first] to the end of tokens[last - 1],
/// inner spacing as printed.
std::string_view span(const std::vector<std::string_view> &tokens, std::size_t first, std::size_t last)
{
    if (first >= last || last > tokens.size())
        return {};
    const char *begin = tokens[first].data();
    const char *end = tokens[last - 1].data() + tokens[last - 1].size();
    return {begin, static_cast<std::size_t>(end - begin)};
}

class Warnings final
{
public:
    explicit Warnings(std::vector<MpclaimWarning> &out) : m_out(out) {}

    void add(std::size_t line, std::string_view text, std::string message)
    {
        // A binary file read as text can have megabyte-long "lines".
        constexpr std::size_t kMaxText = 512;
        std::string kept(text.substr(0, kMaxText));
        if (text.size() > kMaxText)
            message += " (line shortened to " + std::to_string(kMaxText) + " of " + std::to_string(text.size())
                       + " bytes)";
        m_out.push_back(MpclaimWarning{line, std::move(kept), std::move(message)});
    }

private:
    std::vector<MpclaimWarning> &m_out;
};

/// The lines of a parser's input, numbered from 1. Removes a leading UTF-8
/// BOM and warns once about NUL bytes (UTF-16 text that was not decoded).
class Lines final
{
public:
    Lines(std::string_view text, Warnings &warnings) : m_text(stripBom(text)), m_reader(m_text)
    {
        if (m_text.find('\0') != std::string_view::npos)
            warnings.add(0, {}, "text contains NUL bytes: UTF-16 read without decoding? (see decodeText)");
    }

    bool next()
    {
        if (!m_reader.next(m_line))
            return false;
        ++m_number;
        return true;
    }
    std::size_t number() const { return m_number; }
    std::string_view line() const { return m_line; }

    /// Reads to the end; the number of the last line.
    std::size_t skipToEnd()
    {
        while (next()) {
        }
        return m_number;
    }

    /// Call at the end. mpclaim ends every output with a line end; text that
    /// does not was cut off, and its last value ("25" read as "2") is suspect.
    void warnIfCutOff(Warnings &warnings) const
    {
        if (m_text.empty() || m_text.back() == '\n' || m_text.back() == '\r' || trim(m_line).empty())
            return;
        warnings.add(m_number, m_line, "last line has no line end: the text may be cut off here");
    }

private:
    static std::string_view stripBom(std::string_view text)
    {
        return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
    }

    std::string_view m_text;
    LineReader m_reader;
    std::string_view m_line;
    std::size_t m_number = 0;
};

void splitHardwareId(std::string_view quoted, std::string &id, std::string &vendor, std::string &product)
{
    std::string_view inner = quoted.substr(1);
    if (!inner.empty() && inner.back() == '"')
        inner.remove_suffix(1);
    id = std::string(inner);
    if (inner.size() == 24) { // vendor 8 + product 16, as INQUIRY pads them
        vendor = std::string(trim(inner.substr(0, 8)));
        product = std::string(trim(inner.substr(8)));
        return;
    }
    // Width lost (copied through a viewer that collapses spaces): first word is the vendor.
    const std::string_view t = trim(inner);
    const auto blank = std::find_if(t.begin(), t.end(), isBlank);
    vendor = std::string(t.substr(0, static_cast<std::size_t>(blank - t.begin())));
    product = std::string(trim(t.substr(vendor.size())));
}

bool isQuotedToken(std::string_view token)
{
    return token.size() >= 2 && token.front() == '"' && token.back() == '"';
}

bool isTargetHeader(const std::vector<std::string_view> &tokens)
{
    return !tokens.empty() && tokens[0].size() > 1 && tokens[0].front() == '"'
           && istartsWith(trim(tokens[0].substr(1)), "Target H/W Identifier");
}

// ------------------------------------------------------------ -s -d N lines

enum class DetailKind {
    Blank,
    Header,
    Dsm,
    Serial,
    Supported,
    TableHeader,
    Dashes,
    Tpg,
    PathRow,
    NotFound,
    Unknown,
};

bool isBoundary(DetailKind kind)
{
    return kind == DetailKind::Header || kind == DetailKind::NotFound;
}

/// "MPIO Disk2: ..." (the list view's rows have no colon after the number).
bool isDetailHeader(const std::vector<std::string_view> &tokens)
{
    return tokens.size() >= 2 && iequals(tokens[0], "MPIO") && istartsWith(tokens[1], "Disk")
           && tokens[1].find(':') != std::string_view::npos;
}

DetailKind classifyDetail(std::string_view line, const std::vector<std::string_view> &tokens)
{
    if (tokens.empty())
        return DetailKind::Blank;
    const std::string_view t0 = tokens[0];
    const std::string_view t1 = tokens.size() > 1 ? tokens[1] : std::string_view{};
    // Rows and TPG lines first: they are nearly all of a large output.
    const std::string_view first = t0 == "*" ? t1 : (t0.front() == '*' ? t0.substr(1) : t0);
    if (isPathIdToken(first))
        return DetailKind::PathRow;
    if (istartsWith(first, "TPG_State"))
        return DetailKind::Tpg;
    if (isDetailHeader(tokens))
        return DetailKind::Header;
    if (iequals(t0, "Controlling") && istartsWith(t1, "DSM"))
        return DetailKind::Dsm;
    if (istartsWith(t0, "SN:") || (iequals(t0, "SN") && istartsWith(t1, ":")))
        return DetailKind::Serial;
    if (iequals(t0, "Supported") && iequals(t1, "Load"))
        return DetailKind::Supported;
    if (iequals(t0, "Path") && iequals(t1, "ID"))
        return DetailKind::TableHeader;
    if (tokens.size() == 1 && isDashLine(t0))
        return DetailKind::Dashes;
    if (icontains(line, "Element not found"))
        return DetailKind::NotFound;
    return DetailKind::Unknown;
}

/// Reads the lines of one disk's output into an MpclaimDiskDetail.
class DetailParser final
{
public:
    explicit DetailParser(MpclaimDiskDetail &out) : m_out(out), m_warnings(out.warnings) {}

    void consume(std::size_t number, std::string_view line, const std::vector<std::string_view> &tokens,
                 DetailKind kind)
    {
        if (kind != DetailKind::Blank && kind != DetailKind::Unknown)
            m_out.recognised = true;
        if (kind != DetailKind::Tpg && kind != DetailKind::Blank)
            m_lastRowAdded = false;

        switch (kind) {
        case DetailKind::Blank:
        case DetailKind::Dashes:
        case DetailKind::TableHeader:
            break;
        case DetailKind::Header:
            header(number, line, tokens);
            break;
        case DetailKind::Dsm:
            m_out.disk.dsm = std::string(valueAfterColon(number, line, "Controlling DSM line without ':'"));
            break;
        case DetailKind::Serial:
            m_out.disk.serial = std::string(valueAfterColon(number, line, "SN line without ':'"));
            break;
        case DetailKind::Supported:
            supported(number, line);
            break;
        case DetailKind::Tpg:
            tpg(number, line);
            break;
        case DetailKind::PathRow:
            pathRow(number, line, tokens);
            break;
        case DetailKind::NotFound:
            m_out.noSuchDisk = true;
            if (m_headerLine != 0)
                m_warnings.add(number, line, "\"Element not found\" after a disk header");
            break;
        case DetailKind::Unknown:
            m_warnings.add(number, line, "line not understood");
            break;
        }
    }

    void finish()
    {
        warnDuplicatePaths();
        if (m_out.recognised && m_headerLine == 0 && !m_out.noSuchDisk)
            m_warnings.add(0, {}, "no \"MPIO Disk<N>:\" header line: disk number, policy and ALUA state unknown");
        if (m_out.pathCountMismatch()) {
            m_warnings.add(m_headerLine, m_headerText,
                           "header declares " + std::to_string(*m_out.declaredPathCount) + " paths, "
                               + std::to_string(m_out.disk.paths.size())
                               + " listed (failed paths vanish from the table; the rows are used)");
        }
    }

private:
    /// Sorting once beats a hash set per disk: most disks have 2-8 paths.
    void warnDuplicatePaths()
    {
        const auto &paths = m_out.disk.paths;
        std::vector<std::pair<std::uint64_t, std::size_t>> ids; // id, row index
        ids.reserve(paths.size());
        for (std::size_t i = 0; i < paths.size(); ++i)
            ids.emplace_back(paths[i].pathId, i);
        std::sort(ids.begin(), ids.end());
        for (std::size_t i = 1; i < ids.size(); ++i) {
            if (ids[i].first != ids[i - 1].first)
                continue;
            const MpclaimPathExtra &extra = m_out.pathExtras[ids[i].second];
            m_warnings.add(extra.line, {}, "path id " + extra.pathIdText + " listed twice");
        }
    }

    std::string_view valueAfterColon(std::size_t number, std::string_view line, const char *problem)
    {
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            m_warnings.add(number, line, problem);
            return {};
        }
        return trim(line.substr(colon + 1));
    }

    void header(std::size_t number, std::string_view line, const std::vector<std::string_view> &tokens)
    {
        if (m_headerLine != 0) {
            m_warnings.add(number, line, "second disk header in one disk's output; ignored");
            return;
        }
        m_headerLine = number;
        m_headerText = line;

        // tokens[1] is "Disk<N>:" (isDetailHeader checked the prefix and the colon).
        const std::string_view diskToken = tokens[1];
        const std::size_t colonInToken = diskToken.find(':');
        const std::size_t colon = static_cast<std::size_t>(diskToken.data() - line.data()) + colonInToken;
        if (const auto n = parseNumber<std::uint32_t>(diskToken.substr(4, colonInToken - 4)))
            m_out.disk.number = *n;
        else
            m_warnings.add(number, line, "MPIO disk number not understood");

        // "08 Paths, Round Robin with Subset, ALUA Not Supported"
        std::vector<std::string_view> fields;
        std::string_view rest = line.substr(colon + 1);
        while (true) {
            const std::size_t comma = rest.find(',');
            fields.push_back(trim(rest.substr(0, comma)));
            if (comma == std::string_view::npos)
                break;
            rest.remove_prefix(comma + 1);
        }

        std::vector<std::string_view> words;
        tokenize(fields[0], words);
        if (words.size() == 2 && (iequals(words[1], "Paths") || iequals(words[1], "Path"))) {
            if (const auto n = parseNumber<std::uint32_t>(words[0])) {
                m_out.declaredPathCount = *n;
                // Trust no header with the allocation: a garbage count stays cheap.
                m_out.disk.paths.reserve(std::min<std::uint32_t>(*n, 256));
                m_out.pathExtras.reserve(std::min<std::uint32_t>(*n, 256));
            }
        }
        if (!m_out.declaredPathCount)
            m_warnings.add(number, line, "path count in the header not understood");

        if (fields.size() < 2) {
            m_warnings.add(number, line, "header ends before the load-balance policy");
            return;
        }
        m_out.policyText = std::string(fields[1]);
        if (const auto policy = parseLoadBalancePolicy(fields[1]))
            m_out.disk.policy = *policy;
        else
            m_warnings.add(number, line, "load-balance policy \"" + m_out.policyText + "\" not understood");

        if (fields.size() < 3) {
            m_warnings.add(number, line, "header ends before the ALUA state");
            return;
        }
        m_out.accessText = std::string(fields[2]);
        if (const auto alua = parseAluaSupport(fields[2]))
            m_out.disk.alua = *alua;
        else if (normalise(fields[2]) == "symmetric access")
            m_out.symmetricAccess = true;
        else
            m_warnings.add(number, line, "ALUA state \"" + m_out.accessText + "\" not understood");
        if (fields.size() > 3)
            m_warnings.add(number, line, "header has more fields than expected; extra ones ignored");
    }

    void supported(std::size_t number, std::string_view line)
    {
        std::vector<std::string_view> words;
        tokenize(valueAfterColon(number, line, "policy list without ':'"), words);
        for (const std::string_view word : words) {
            if (const auto policy = parseLoadBalancePolicy(word))
                m_out.supportedPolicies.push_back(*policy);
            else
                m_warnings.add(number, line, "supported policy \"" + std::string(word) + "\" not understood");
        }
    }

    void pathRow(std::size_t number, std::string_view line, const std::vector<std::string_view> &tokens)
    {
        // [*] <16 hex> <state words> <port|bus|target|lun> <weight>
        std::size_t i = 0;
        bool preferred = false;
        std::string_view id = tokens[0];
        if (id == "*") {
            preferred = true;
            id = tokens[++i];
        } else if (id.front() == '*') {
            preferred = true;
            id.remove_prefix(1);
        }
        ++i;
        std::size_t scsiIndex = i;
        while (scsiIndex < tokens.size() && tokens[scsiIndex].find('|') == std::string_view::npos)
            ++scsiIndex;
        if (scsiIndex == tokens.size()) {
            m_warnings.add(number, line, "path row without a SCSI address (truncated?); row not used");
            return;
        }
        if (scsiIndex == i) {
            m_warnings.add(number, line, "path row without a state; row not used");
            return;
        }
        const auto scsi = parseScsiAddress(tokens[scsiIndex]);
        if (!scsi) {
            m_warnings.add(number, line,
                           "SCSI address \"" + std::string(tokens[scsiIndex]) + "\" not understood; row not used");
            return;
        }

        MpioPath path;
        MpclaimPathExtra extra;
        path.pathId = parseNumber<std::uint64_t>(id, 16).value_or(0);
        path.preferred = preferred;
        path.scsi = *scsi;
        extra.pathIdText = std::string(id);
        extra.line = number;
        extra.stateText = std::string(span(tokens, i, scsiIndex));
        if (const auto state = parsePathState(extra.stateText))
            path.state = *state;
        else
            m_warnings.add(number, line, "path state \"" + extra.stateText + "\" not understood");

        const std::size_t weightIndex = scsiIndex + 1;
        if (weightIndex >= tokens.size()) {
            m_warnings.add(number, line, "path row without a weight (truncated?); weight taken as 0");
        } else if (const auto weight = parseNumber<std::uint32_t>(tokens[weightIndex])) {
            path.weight = *weight;
        } else {
            m_warnings.add(number, line, "path weight \"" + std::string(tokens[weightIndex]) + "\" not understood");
        }
        if (weightIndex + 1 < tokens.size())
            m_warnings.add(number, line, "path row has more columns than expected; extra ones ignored");

        m_out.disk.paths.push_back(std::move(path));
        m_out.pathExtras.push_back(std::move(extra));
        m_lastRowAdded = true;
        m_lastRowHasTpg = false;
    }

    static std::optional<ScsiAddress> parseScsiAddress(std::string_view text)
    {
        std::uint32_t parts[4] = {};
        for (int k = 0; k < 4; ++k) {
            const std::size_t bar = text.find('|');
            if ((k < 3) == (bar == std::string_view::npos))
                return std::nullopt; // too few or too many fields
            const auto value = parseNumber<std::uint32_t>(text.substr(0, bar));
            if (!value)
                return std::nullopt;
            parts[k] = *value;
            text = bar == std::string_view::npos ? std::string_view{} : text.substr(bar + 1);
        }
        return ScsiAddress{parts[0], parts[1], parts[2], parts[3]};
    }

    void tpg(std::size_t number, std::string_view line)
    {
        // [*] TPG_State : <state words> , TPG_Id: <n>, : <target port>
        if (!m_lastRowAdded || m_lastRowHasTpg) {
            m_warnings.add(number, line, "TPG line without a path row right before it; not used");
            return;
        }
        MpioPath &path = m_out.disk.paths.back();
        MpclaimPathExtra &extra = m_out.pathExtras.back();
        m_lastRowHasTpg = true;

        const std::size_t keyword = ifind(line, "TPG_State");
        extra.tpgPreferred = line.substr(0, keyword).find('*') != std::string_view::npos;
        std::string_view rest = trim(line.substr(keyword + 9));
        if (rest.empty() || rest.front() != ':') {
            m_warnings.add(number, line, "TPG line without ':' after TPG_State");
            return;
        }
        rest.remove_prefix(1);

        bool first = true;
        while (true) {
            const std::size_t comma = rest.find(',');
            const std::string_view field = trim(rest.substr(0, comma));
            if (first) {
                extra.tpgStateText = std::string(field);
                if (const auto state = parsePathState(field))
                    path.tpgState = *state;
                else
                    m_warnings.add(number, line, "TPG state \"" + extra.tpgStateText + "\" not understood");
            } else if (istartsWith(field, "TPG_Id")) {
                const std::size_t colon = field.find(':');
                const auto id = colon == std::string_view::npos
                                    ? std::nullopt
                                    : parseNumber<std::uint32_t>(trim(field.substr(colon + 1)));
                if (id)
                    path.tpgId = *id;
                else
                    m_warnings.add(number, line, "TPG_Id \"" + std::string(field) + "\" not understood");
            } else if (!field.empty() && field.front() == ':') {
                if (const auto port = parseNumber<std::uint32_t>(trim(field.substr(1))))
                    extra.targetPortId = *port;
                else
                    m_warnings.add(number, line, "target port \"" + std::string(field) + "\" not understood");
            } else if (!field.empty()) {
                m_warnings.add(number, line, "TPG field \"" + std::string(field) + "\" not understood");
            }
            first = false;
            if (comma == std::string_view::npos)
                break;
            rest.remove_prefix(comma + 1);
        }
        if (!path.tpgId)
            m_warnings.add(number, line, "TPG line without TPG_Id");
    }

    MpclaimDiskDetail &m_out;
    Warnings m_warnings;
    std::size_t m_headerLine = 0;
    std::string_view m_headerText;
    bool m_lastRowAdded = false; ///< the last non-blank line was a path row that was kept
    bool m_lastRowHasTpg = false;
};

/// The value a vocabulary table gives for this exact spelling.
template <typename T, std::size_t N>
std::optional<T> findName(const std::pair<std::string_view, T> (&table)[N], std::string_view key)
{
    for (const auto &[name, value] : table) {
        if (key == name)
            return value;
    }
    return std::nullopt;
}

} // namespace

// ------------------------------------------------------------ vocabulary

std::optional<LoadBalancePolicy> parseLoadBalancePolicy(std::string_view text)
{
    using P = LoadBalancePolicy;
    // Exact spellings first: the common case without building a string.
    static constexpr std::pair<std::string_view, P> kExact[] = {
        {"FOO", P::FailOverOnly},     {"RR", P::RoundRobin},    {"RRWS", P::RoundRobinWithSubset},
        {"LQD", P::LeastQueueDepth},  {"WP", P::WeightedPaths}, {"LB", P::LeastBlocks},
        {"VS", P::VendorSpecific},
    };
    if (const auto exact = findName(kExact, text))
        return exact;
    static constexpr std::pair<std::string_view, P> kNames[] = {
        {"foo", P::FailOverOnly},
        {"fail over only", P::FailOverOnly},
        {"failover only", P::FailOverOnly},
        {"failover", P::FailOverOnly},
        {"rr", P::RoundRobin},
        {"round robin", P::RoundRobin},
        {"rrws", P::RoundRobinWithSubset},
        {"round robin with subset", P::RoundRobinWithSubset},
        {"lqd", P::LeastQueueDepth},
        {"least queue depth", P::LeastQueueDepth},
        {"dynamic least queue depth", P::LeastQueueDepth},
        {"wp", P::WeightedPaths},
        {"weighted paths", P::WeightedPaths},
        {"weighted path", P::WeightedPaths},
        {"lb", P::LeastBlocks},
        {"least blocks", P::LeastBlocks},
        {"vs", P::VendorSpecific},
        {"vendor specific", P::VendorSpecific},
        {"1", P::FailOverOnly},
        {"2", P::RoundRobin},
        {"3", P::RoundRobinWithSubset},
        {"4", P::LeastQueueDepth},
        {"5", P::WeightedPaths},
        {"6", P::LeastBlocks},
        {"7", P::VendorSpecific},
    };
    const std::string key = normalise(text);
    return findName(kNames, key);
}

std::optional<PathState> parsePathState(std::string_view text)
{
    using S = PathState;
    static constexpr std::pair<std::string_view, S> kExact[] = {
        {"Active/Optimized", S::ActiveOptimized},
        {"Active/Unoptimized", S::ActiveUnoptimized},
        {"Standby", S::Standby},
        {"Unavailable", S::Unavailable},
    };
    if (const auto exact = findName(kExact, text))
        return exact;
    static constexpr std::pair<std::string_view, S> kNames[] = {
        {"active/optimized", S::ActiveOptimized},
        {"active/unoptimized", S::ActiveUnoptimized},
        {"active/non optimized", S::ActiveUnoptimized},
        {"active/nonoptimized", S::ActiveUnoptimized},
        {"standby", S::Standby},
        {"stand by", S::Standby},
        {"unavailable", S::Unavailable},
        {"transitioning", S::Transitioning},
        {"offline", S::Offline},
    };
    const std::string key = normalise(text);
    return findName(kNames, key);
}

std::optional<AluaSupport> parseAluaSupport(std::string_view text)
{
    using A = AluaSupport;
    static constexpr std::pair<std::string_view, A> kNames[] = {
        {"alua not supported", A::NotSupported},
        {"not supported", A::NotSupported},
        {"no", A::NotSupported},
        {"none", A::NotSupported},
        {"implicit only", A::ImplicitOnly},
        {"explicit only", A::ExplicitOnly},
        {"implicit and explicit", A::ImplicitAndExplicit},
        {"explicit and implicit", A::ImplicitAndExplicit},
    };
    const std::string key = normalise(text);
    return findName(kNames, key);
}

// ------------------------------------------------------------ -s -d

MpclaimDiskList parseDiskList(std::string_view text)
{
    MpclaimDiskList result;
    Warnings warnings(result.warnings);
    Lines lines(text, warnings);
    std::vector<std::string_view> tokens;
    std::vector<std::pair<std::uint32_t, std::size_t>> seen; // disk number, line

    while (lines.next()) {
        const std::size_t number = lines.number();
        const std::string_view line = lines.line();
        tokenize(line, tokens);
        if (tokens.empty())
            continue;
        if (istartsWith(trim(line), "For more information")) {
            result.recognised = true;
            continue;
        }
        if (tokens.size() == 1 && isDashLine(tokens[0]))
            continue;
        const bool mpioDisk = tokens.size() >= 2 && iequals(tokens[0], "MPIO") && istartsWith(tokens[1], "Disk");
        if (mpioDisk && tokens.size() >= 3 && iequals(tokens[1], "Disk") && iequals(tokens[2], "System")) {
            result.recognised = true; // column header
            continue;
        }
        const auto diskNumber = mpioDisk ? parseNumber<std::uint32_t>(tokens[1].substr(4)) : std::nullopt;
        if (!diskNumber) {
            warnings.add(number, line, "line not understood");
            continue;
        }

        // MPIO Disk<N>  Disk <M>  <policy>  <DSM name, may have spaces>
        result.recognised = true;
        MpioDisk disk;
        disk.number = *diskNumber;
        std::size_t next = 2;
        if (tokens.size() > 3 && iequals(tokens[2], "Disk") && parseNumber<std::uint32_t>(tokens[3])) {
            next = 4;
        } else if (tokens.size() > 2 && istartsWith(tokens[2], "Disk")
                   && parseNumber<std::uint32_t>(tokens[2].substr(4))) {
            next = 3; // "Disk12" without the space
        } else {
            warnings.add(number, line, "no system disk in the row");
        }
        disk.systemDisk = std::string(span(tokens, 2, next));
        if (next >= tokens.size()) {
            warnings.add(number, line, "row ends before the load-balance policy (truncated?); row not used");
            continue;
        }
        if (const auto policy = parseLoadBalancePolicy(tokens[next]))
            disk.policy = *policy;
        else
            warnings.add(number, line, "load-balance policy \"" + std::string(tokens[next]) + "\" not understood");
        disk.dsm = std::string(span(tokens, next + 1, tokens.size()));
        if (disk.dsm.empty())
            warnings.add(number, line, "row without a DSM name (truncated?)");
        seen.emplace_back(disk.number, number);
        result.disks.push_back(std::move(disk));
    }
    lines.warnIfCutOff(warnings);

    // Duplicates by sorting once: a hostile file with many rows stays linearithmic.
    std::sort(seen.begin(), seen.end());
    for (std::size_t i = 1; i < seen.size(); ++i) {
        if (seen[i].first == seen[i - 1].first)
            warnings.add(seen[i].second, {}, "MPIO Disk" + std::to_string(seen[i].first) + " listed twice");
    }
    return result;
}

// ------------------------------------------------------------ -s -d N

MpclaimDiskDetail parseDiskDetail(std::string_view text)
{
    MpclaimDiskDetail result;
    Warnings warnings(result.warnings);
    Lines lines(text, warnings);
    DetailParser parser(result);
    std::vector<std::string_view> tokens;
    bool started = false;
    bool stopped = false;

    while (lines.next()) {
        tokenize(lines.line(), tokens);
        const DetailKind kind = classifyDetail(lines.line(), tokens);
        if (isBoundary(kind)) {
            if (started) {
                const std::size_t first = lines.number();
                const std::string_view firstText = lines.line();
                const std::size_t last = lines.skipToEnd();
                warnings.add(first, firstText,
                             "another disk's output starts here; lines " + std::to_string(first) + "-"
                                 + std::to_string(last) + " not parsed (see parseDiskDetails)");
                stopped = true;
                break;
            }
            started = true;
        }
        parser.consume(lines.number(), lines.line(), tokens, kind);
    }
    if (!stopped)
        lines.warnIfCutOff(warnings);
    parser.finish();
    return result;
}

std::vector<MpclaimDiskDetail> parseDiskDetails(std::string_view text)
{
    std::vector<MpclaimDiskDetail> results;
    // Each disk is read into `current`, which stays put while its parser holds
    // a reference to it, and is moved into the results when the next begins.
    std::optional<MpclaimDiskDetail> current;
    current.emplace();
    std::optional<DetailParser> parser;
    parser.emplace(*current);
    bool leading = true;        // still before the first header / "Element not found"
    bool leadingContent = false;

    Warnings textWarnings(current->warnings); // whole-text warnings go to the first entry
    Lines lines(text, textWarnings);
    std::vector<std::string_view> tokens;

    while (lines.next()) {
        tokenize(lines.line(), tokens);
        const DetailKind kind = classifyDetail(lines.line(), tokens);
        if (isBoundary(kind)) {
            parser->finish();
            if (!leading || leadingContent || !current->warnings.empty())
                results.push_back(std::move(*current));
            leading = false;
            parser.reset();
            current.emplace();
            parser.emplace(*current);
        } else if (leading && kind != DetailKind::Blank) {
            leadingContent = true;
        }
        parser->consume(lines.number(), lines.line(), tokens, kind);
    }
    Warnings lastWarnings(current->warnings);
    lines.warnIfCutOff(lastWarnings);
    parser->finish();
    if (!leading || leadingContent || !current->warnings.empty())
        results.push_back(std::move(*current));
    return results;
}

// ------------------------------------------------------------ -e

MpclaimHardwareList parseHardware(std::string_view text)
{
    MpclaimHardwareList result;
    Warnings warnings(result.warnings);
    Lines lines(text, warnings);
    std::vector<std::string_view> tokens;
    bool inHeader = false; // between the header and the dashes: wrapped header words

    while (lines.next()) {
        const std::size_t number = lines.number();
        const std::string_view line = lines.line();
        tokenize(line, tokens);
        if (tokens.empty())
            continue;
        if (isTargetHeader(tokens)) {
            result.recognised = true;
            inHeader = true;
            if (icontains(line, "LB Policy"))
                warnings.add(number, line, "this is the header of mpclaim -s -t, not -e");
            continue;
        }
        if (tokens.size() == 1 && isDashLine(tokens[0])) {
            inHeader = false;
            continue;
        }
        if (inHeader) {
            // The "ALUA Support" title wraps onto the next line in narrow consoles.
            const bool headerWords = std::all_of(tokens.begin(), tokens.end(), [](std::string_view t) {
                return iequals(t, "ALUA") || iequals(t, "Support") || iequals(t, "Bus") || iequals(t, "Type")
                       || iequals(t, "MPIO-ed");
            });
            if (headerWords)
                continue;
        }
        if (tokens[0].front() != '"') {
            warnings.add(number, line, "line not understood");
            continue;
        }
        if (!isQuotedToken(tokens[0])) {
            warnings.add(number, line, "hardware id without its closing quote (truncated?); row not used");
            continue;
        }

        // "<vendor8product16>"  <bus type>  YES|NO  <ALUA support words>
        std::size_t yesNo = 1;
        while (yesNo < tokens.size() && !iequals(tokens[yesNo], "YES") && !iequals(tokens[yesNo], "NO"))
            ++yesNo;
        if (yesNo == tokens.size()) {
            warnings.add(number, line, "no YES/NO in the MPIO-ed column (truncated?); row not used");
            continue;
        }
        result.recognised = true;
        MpclaimHardwareEntry entry;
        splitHardwareId(tokens[0], entry.hardwareId, entry.vendor, entry.product);
        entry.busType = std::string(span(tokens, 1, yesNo));
        entry.multipathed = iequals(tokens[yesNo], "YES");
        entry.aluaText = std::string(span(tokens, yesNo + 1, tokens.size()));
        entry.line = number;
        if (entry.busType.empty())
            warnings.add(number, line, "row without a bus type");
        if (const auto alua = parseAluaSupport(entry.aluaText))
            entry.alua = *alua;
        else
            warnings.add(number, line, "ALUA support \"" + entry.aluaText + "\" not understood");
        result.entries.push_back(std::move(entry));
    }
    lines.warnIfCutOff(warnings);
    return result;
}

// ------------------------------------------------------------ -s -m

MpclaimMsdsmPolicy parseMsdsmPolicy(std::string_view text)
{
    MpclaimMsdsmPolicy result;
    Warnings warnings(result.warnings);
    Lines lines(text, warnings);
    while (lines.next()) {
        const std::size_t number = lines.number();
        const std::string_view raw = lines.line();
        const std::string_view line = trim(raw);
        if (line.empty())
            continue;
        if (istartsWith(line, "No MSDSM-wide default load balance policy")) {
            if (result.policy)
                warnings.add(number, raw, "contradicts the policy given earlier");
            result.recognised = true;
            continue;
        }
        if (istartsWith(line, "MSDSM-wide Load Balance Policy")) {
            const std::size_t colon = line.find(':');
            if (colon == std::string_view::npos) {
                warnings.add(number, raw, "policy line without ':'");
                continue;
            }
            result.recognised = true;
            result.policyText = std::string(trim(line.substr(colon + 1)));
            result.policy = parseLoadBalancePolicy(result.policyText).value_or(LoadBalancePolicy::Unknown);
            if (*result.policy == LoadBalancePolicy::Unknown)
                warnings.add(number, raw, "load-balance policy \"" + result.policyText + "\" not understood");
            continue;
        }
        warnings.add(number, raw, "line not understood");
    }
    lines.warnIfCutOff(warnings);
    return result;
}

// ------------------------------------------------------------ -s -t

MpclaimTargetPolicies parseTargetPolicies(std::string_view text)
{
    MpclaimTargetPolicies result;
    Warnings warnings(result.warnings);
    Lines lines(text, warnings);
    std::vector<std::string_view> tokens;
    while (lines.next()) {
        const std::size_t number = lines.number();
        const std::string_view line = lines.line();
        tokenize(line, tokens);
        if (tokens.empty())
            continue;
        if (istartsWith(trim(line), "No target-level default load balance polic")) {
            result.recognised = true;
            continue;
        }
        if (isTargetHeader(tokens)) {
            result.recognised = true;
            continue;
        }
        if (tokens.size() == 1 && isDashLine(tokens[0]))
            continue;
        if (!isQuotedToken(tokens[0])) {
            warnings.add(number, line,
                         tokens[0].front() == '"' ? "hardware id without its closing quote (truncated?); row not used"
                                                  : "line not understood");
            continue;
        }

        // "<vendor8product16>"  <policy>
        result.recognised = true;
        MpclaimTargetPolicy target;
        splitHardwareId(tokens[0], target.hardwareId, target.vendor, target.product);
        target.policyText = std::string(span(tokens, 1, tokens.size()));
        target.line = number;
        if (const auto policy = parseLoadBalancePolicy(target.policyText))
            target.policy = *policy;
        else
            warnings.add(number, line, "load-balance policy \"" + target.policyText + "\" not understood");
        result.targets.push_back(std::move(target));
    }
    lines.warnIfCutOff(warnings);
    return result;
}

} // namespace pathlens
