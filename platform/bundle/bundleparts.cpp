#include "bundleparts.h"

#include "platform/text/isotime.h"

#include "platform/json/json.h"
#include "platform/json/jsonreader.h"

#include <charconv>
#include <limits>

namespace pathlens {
namespace {

using Clock = std::chrono::system_clock;

constexpr std::int64_t kU32Max = std::numeric_limits<std::uint32_t>::max();

Error partError(std::string message)
{
    return Error{"read bundle part", std::move(message), 0};
}

char lowerAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lowerAscii(a[i]) != lowerAscii(b[i]))
            return false;
    }
    return true;
}

/// Parses the text and checks the "format" and "version" members every
/// PathLens-defined part carries.
Result<JsonValue> parseDocument(std::string_view text, std::string_view format)
{
    Result<JsonValue> parsed = parseJson(text);
    if (!parsed)
        return partError("not valid JSON: " + parsed.error().message);
    const JsonValue &document = parsed.value();
    if (!document.isObject())
        return partError("expected a JSON object but found " + std::string(document.kindName()) + " (line "
                         + std::to_string(document.position().line) + ", column "
                         + std::to_string(document.position().column) + ")");
    JsonReader reader;
    const JsonNode root = JsonReader::root(document);
    const std::string found = reader.requireString(root, "format");
    if (reader.ok() && found != format)
        reader.fail(reader.requireMember(root, "format"), "is \"" + found + "\", expected \"" + std::string(format) + '"');
    const std::int64_t version = reader.ok() ? reader.requireInt(root, "version", 1) : 0;
    if (reader.ok() && version > 1)
        reader.fail(reader.requireMember(root, "version"),
                    "version " + std::to_string(version) + " is newer than this PathLens reads (1)");
    if (!reader.ok())
        return partError(reader.error()->toString());
    return std::move(parsed).value();
}

/// A path id written as mpclaim prints it ("0000000077040009") or as the plain
/// WMI number.
std::optional<std::uint64_t> readPathId(JsonReader &reader, const JsonNode &item, std::string_view key)
{
    const JsonNode node = reader.requireMember(item, key);
    if (!reader.ok())
        return std::nullopt;
    if (node.value->isString()) {
        if (const auto id = parseHexPathId(node.value->asString()))
            return id;
        reader.fail(node, "\"" + node.value->asString() + "\" is not a path id of up to 16 hex digits");
        return std::nullopt;
    }
    const std::int64_t number = reader.readInt(node, 0);
    if (!reader.ok())
        return std::nullopt;
    return static_cast<std::uint64_t>(number);
}

std::optional<PciLocation> readPci(JsonReader &reader, const JsonNode &item)
{
    const JsonNode pci = reader.optionalObject(item, "pci");
    if (!pci)
        return std::nullopt;
    PciLocation location;
    location.bus = static_cast<std::uint32_t>(reader.requireInt(pci, "bus", 0, kU32Max));
    location.device = static_cast<std::uint32_t>(reader.requireInt(pci, "device", 0, kU32Max));
    location.function = static_cast<std::uint32_t>(reader.requireInt(pci, "function", 0, kU32Max));
    if (!reader.ok())
        return std::nullopt;
    return location;
}

/// Items of an array member; absent or null gives none (or an error when
/// required). Windows PowerShell 5.1 sometimes writes an array as
/// {"value": [...], "Count": n}; that form is read as the array.
std::vector<JsonNode> readList(JsonReader &reader, const JsonNode &object, std::string_view key, bool required)
{
    const JsonNode node = required ? reader.requireMember(object, key) : reader.optionalMember(object, key);
    if (!node)
        return {};
    if (node.value->isObject() && node.value->members().size() == 2 && node.value->find("Count")) {
        const JsonValue *items = node.value->find("value");
        if (items && items->isArray())
            return reader.readArray(JsonNode{items, node.childPath("value")});
    }
    return reader.readArray(node);
}

/// Windows PowerShell 5.1 also turns a one-element array into its element
/// unless told otherwise; a lone string is read as a list of one.
std::vector<std::string> readStringList(JsonReader &reader, const JsonNode &item, std::string_view key)
{
    const JsonNode node = reader.optionalMember(item, key);
    if (node && node.value->isString())
        return {node.value->asString()};
    std::vector<std::string> out;
    for (const JsonNode &entry : readList(reader, item, key, false))
        out.push_back(reader.readString(entry));
    return out;
}

DriverPackage readDriver(JsonReader &reader, const JsonNode &node)
{
    DriverPackage driver;
    if (!reader.expectObject(node))
        return driver;
    driver.description = reader.stringOr(node, "description", {});
    driver.provider = reader.stringOr(node, "provider", {});
    driver.version = reader.stringOr(node, "version", {});
    driver.date = reader.stringOr(node, "date", {});
    driver.infName = reader.stringOr(node, "infName", {});
    driver.service = reader.stringOr(node, "service", {});
    return driver;
}

DeviceClass deviceClassOf(std::string_view text)
{
    if (iequals(text, "SCSIAdapter"))
        return DeviceClass::ScsiAdapter;
    if (iequals(text, "Net"))
        return DeviceClass::Net;
    return DeviceClass::Unknown;
}

/// The value of "Ven_" / "Prod_" in the second field of a PnP instance name.
std::string instanceField(std::string_view instanceName, std::string_view key)
{
    const std::size_t first = instanceName.find('\\');
    if (first == std::string_view::npos)
        return {};
    std::string_view id = instanceName.substr(first + 1);
    id = id.substr(0, id.find('\\'));
    while (!id.empty()) {
        const std::size_t amp = id.find('&');
        const std::string_view part = id.substr(0, amp);
        if (part.size() > key.size() && iequals(part.substr(0, key.size()), key))
            return std::string(part.substr(key.size()));
        if (amp == std::string_view::npos)
            break;
        id.remove_prefix(amp + 1);
    }
    return {};
}

template <typename T>
std::optional<T> digits(std::string_view text)
{
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    return value;
}

} // namespace

// ---------------------------------------------------------------- helpers

std::optional<Clock::time_point> parseFileStamp(std::string_view text)
{
    // yyyyMMddTHHmmss[fff]Z
    if ((text.size() != 16 && text.size() != 19) || (text[8] != 'T' && text[8] != 't')
        || (text.back() != 'Z' && text.back() != 'z'))
        return std::nullopt;
    const auto year = digits<int>(text.substr(0, 4));
    const auto month = digits<unsigned>(text.substr(4, 2));
    const auto day = digits<unsigned>(text.substr(6, 2));
    const auto hour = digits<int>(text.substr(9, 2));
    const auto minute = digits<int>(text.substr(11, 2));
    const auto second = digits<int>(text.substr(13, 2));
    std::optional<int> millis = 0;
    if (text.size() == 19)
        millis = digits<int>(text.substr(15, 3));
    if (!year || !month || !day || !hour || !minute || !second || !millis)
        return std::nullopt;
    auto time = civilTime(*year, *month, *day, *hour, *minute, *second, std::chrono::milliseconds(*millis),
                          std::chrono::minutes(0));
    if (!time)
        return std::nullopt;
    return *time;
}

std::optional<std::uint64_t> parseHexPathId(std::string_view text)
{
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        text.remove_prefix(2);
    if (text.empty() || text.size() > 16)
        return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::optional<std::uint32_t> mpioDiskFromDeviceName(std::string_view deviceName)
{
    std::string lower(deviceName);
    for (char &c : lower)
        c = lowerAscii(c);
    const std::size_t pos = lower.rfind("mpiodisk"); // "\Device\MPIODisk12"
    if (pos == std::string::npos)
        return std::nullopt;
    return digits<std::uint32_t>(std::string_view(deviceName).substr(pos + 8));
}

// ---------------------------------------------------------------- manifest

ManifestReading parseBundleManifest(std::string_view text)
{
    ManifestReading out;
    Result<JsonValue> parsed = parseJson(text);
    if (!parsed) {
        out.problem = "not valid JSON: " + parsed.error().message;
        return out;
    }
    const JsonValue &document = parsed.value();
    if (!document.isObject()) {
        out.problem = "expected a JSON object but found " + std::string(document.kindName());
        return out;
    }
    JsonReader reader;
    const JsonNode root = JsonReader::root(document);
    const JsonNode formatNode = reader.optionalMember(root, "format");
    const std::string format = formatNode ? reader.readString(formatNode) : std::string();
    if (!reader.ok() || format != kBundleFormat) {
        out.wrongBundle = true;
        out.problem = formatNode ? "\"format\" is \"" + format + "\", not \"" + std::string(kBundleFormat)
                                       + "\": this is not a PathLens support bundle"
                                 : "no \"format\" member: this is not a PathLens support bundle manifest";
        if (!reader.ok())
            out.problem = reader.error()->toString() + ": this is not a PathLens support bundle manifest";
        return out;
    }
    const std::int64_t version = reader.requireInt(root, "version");
    if (!reader.ok() || version != kBundleVersion) {
        out.wrongBundle = true;
        out.problem = !reader.ok() ? reader.error()->toString()
                                   : "bundle version " + std::to_string(version)
                                       + " is not supported (this PathLens reads version "
                                       + std::to_string(kBundleVersion) + ")";
        return out;
    }
    BundleManifest manifest;
    manifest.host = reader.stringOr(root, "host", {});
    manifest.fqdn = reader.stringOr(root, "fqdn", {});
    manifest.collected = reader.stringOr(root, "collected", {});
    if (!reader.ok()) {
        out.problem = reader.error()->toString();
        return out;
    }
    if (!manifest.collected.empty()) {
        if (auto time = parseIsoTimeText(manifest.collected))
            manifest.collectedTime = time->time;
        else
            manifest.collectedProblem = "\"collected\": " + time.error().message;
    }
    out.manifest = std::move(manifest);
    return out;
}

// ------------------------------------------------------ windows/adapters.json

Result<BundleAdapterInventory> parseBundleAdapters(std::string_view text)
{
    Result<JsonValue> document = parseDocument(text, "pathlens-adapters");
    if (!document)
        return document.error();
    BundleAdapterInventory out;
    JsonReader top;
    const JsonNode root = JsonReader::root(document.value());
    out.host = top.stringOr(root, "host", {});
    const std::vector<JsonNode> items = readList(top, root, "adapters", true);
    if (!top.ok())
        return partError(top.error()->toString());

    for (const JsonNode &item : items) {
        JsonReader reader;
        BundleAdapter entry;
        Adapter &adapter = entry.adapter;
        if (reader.expectObject(item)) {
            adapter.instanceId = reader.requireString(item, "instanceId", StringRule::NonEmpty);
            adapter.description = reader.stringOr(item, "description", {});
            adapter.deviceClass = deviceClassOf(reader.stringOr(item, "class", {}));
            adapter.pci = readPci(reader, item);
            adapter.locationText = reader.stringOr(item, "locationText", {});
            adapter.hardwareIds = readStringList(reader, item, "hardwareIds");
            if (const JsonNode driver = reader.optionalMember(item, "driver"))
                adapter.driver = readDriver(reader, driver);
            const JsonNode compatible = reader.optionalMember(item, "compatibleDrivers");
            if (compatible) {
                std::vector<DriverPackage> drivers;
                for (const JsonNode &node : readList(reader, item, "compatibleDrivers", false))
                    drivers.push_back(readDriver(reader, node));
                entry.compatibleDrivers = std::move(drivers);
            }
        }
        if (!reader.ok()) {
            out.problems.push_back(reader.error()->toString() + "; adapter skipped");
            continue;
        }
        out.adapters.push_back(std::move(entry));
    }
    return out;
}

// ---------------------------------------------------- windows/mpio-paths.json

Result<BundleMpioPaths> parseBundleMpioPaths(std::string_view text)
{
    Result<JsonValue> document = parseDocument(text, "pathlens-mpio-paths");
    if (!document)
        return document.error();
    BundleMpioPaths out;
    JsonReader top;
    const JsonNode root = JsonReader::root(document.value());
    out.host = top.stringOr(root, "host", {});
    const std::vector<JsonNode> paths = readList(top, root, "paths", false);
    const std::vector<JsonNode> disks = readList(top, root, "disks", false);
    if (!top.ok())
        return partError(top.error()->toString());

    for (const JsonNode &item : paths) {
        JsonReader reader;
        BundlePathAdapter entry;
        if (reader.expectObject(item)) {
            entry.pathId = readPathId(reader, item, "pathId").value_or(0);
            entry.pci = readPci(reader, item);
            entry.adapterName = reader.stringOr(item, "adapterName", {});
        }
        if (!reader.ok()) {
            out.problems.push_back(reader.error()->toString() + "; path skipped");
            continue;
        }
        out.paths.push_back(std::move(entry));
    }
    for (const JsonNode &item : disks) {
        JsonReader reader;
        BundleMpioDiskIdentity entry;
        if (reader.expectObject(item)) {
            entry.deviceName = reader.stringOr(item, "deviceName", {});
            entry.instanceName = reader.stringOr(item, "instanceName", {});
        }
        if (!reader.ok()) {
            out.problems.push_back(reader.error()->toString() + "; disk skipped");
            continue;
        }
        entry.mpioDisk = mpioDiskFromDeviceName(entry.deviceName);
        entry.vendor = instanceField(entry.instanceName, "Ven_");
        entry.product = instanceField(entry.instanceName, "Prod_");
        out.disks.push_back(std::move(entry));
    }
    return out;
}

// ------------------------------------------------ windows/msdsm-perf-<t>.json

Result<CounterSample> parseBundleCounterSample(std::string_view text, std::string_view fileStamp,
                                               std::vector<std::string> &problems)
{
    Result<JsonValue> document = parseDocument(text, "pathlens-msdsm-perf");
    if (!document)
        return document.error();
    JsonReader top;
    const JsonNode root = JsonReader::root(document.value());
    const std::string takenText = top.stringOr(root, "taken", {});
    const std::vector<JsonNode> devices = readList(top, root, "devices", true);
    if (!top.ok())
        return partError(top.error()->toString());

    CounterSample sample;
    const Result<IsoTime> taken = parseIsoTimeText(takenText);
    if (taken) {
        sample.taken = taken->time;
    } else if (taken.error().code == kTimeOutOfRange) {
        // A well-formed time the clock cannot hold: refused, never replaced by a guess.
        return partError("\"taken\": " + taken.error().message);
    } else if (const auto stamp = parseFileStamp(fileStamp)) {
        sample.taken = *stamp;
        problems.push_back(takenText.empty() ? "no \"taken\" time; the time in the file name is used"
                                             : "\"taken\" \"" + takenText
                                                   + "\" is not an ISO-8601 time with a zone; the time in the "
                                                     "file name is used");
    } else {
        return partError("neither the \"taken\" member nor the file name gives the time of the sample");
    }

    for (const JsonNode &device : devices) {
        JsonReader reader;
        std::string instanceName;
        std::optional<std::uint32_t> mpioDisk;
        std::vector<JsonNode> paths;
        if (reader.expectObject(device)) {
            instanceName = reader.stringOr(device, "instanceName", {});
            mpioDisk = mpioDiskFromDeviceName(reader.stringOr(device, "deviceName", {}));
            paths = readList(reader, device, "paths", true);
        }
        if (!reader.ok()) {
            problems.push_back(reader.error()->toString() + "; device skipped");
            continue;
        }
        for (const JsonNode &path : paths) {
            JsonReader pathReader;
            PathCounterSample entry;
            entry.mpioDisk = mpioDisk;
            entry.instanceName = instanceName;
            if (pathReader.expectObject(path)) {
                entry.pathId = readPathId(pathReader, path, "pathId").value_or(0);
                // MSDSM keeps the counts in 32 bits; a bigger value is not from MSDSM.
                entry.counters.reads = static_cast<std::uint32_t>(pathReader.requireInt(path, "numberReads", 0, kU32Max));
                entry.counters.writes =
                    static_cast<std::uint32_t>(pathReader.requireInt(path, "numberWrites", 0, kU32Max));
                entry.counters.bytesRead = static_cast<std::uint64_t>(pathReader.requireInt(path, "bytesRead", 0));
                entry.counters.bytesWritten =
                    static_cast<std::uint64_t>(pathReader.requireInt(path, "bytesWritten", 0));
                entry.counters.taken = sample.taken;
            }
            if (!pathReader.ok()) {
                problems.push_back(pathReader.error()->toString() + "; path skipped");
                continue;
            }
            sample.paths.push_back(std::move(entry));
        }
    }
    return sample;
}

} // namespace pathlens
