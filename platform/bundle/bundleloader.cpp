#include "bundledata.h"

#include "bundlefiles.h"

#include "platform/datacore/restparser.h"
#include "platform/mpclaim/mpclaimparser.h"
#include "platform/text/textdecode.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <set>

namespace pathlens::bundle {
namespace {

constexpr std::string_view kCounterPrefix = "windows/msdsm-perf-";
constexpr std::string_view kDiskPrefix = "mpclaim/disk-";

char lowerAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        c = lowerAscii(c);
    return out;
}

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && lowered(a) == lowered(b);
}

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

/// Vendor or product as a PnP id spells it: trimmed, lower case, blanks as '_'.
std::string pnpSpelling(std::string_view text)
{
    const std::size_t first = text.find_first_not_of(' ');
    const std::size_t last = text.find_last_not_of(' ');
    std::string out = first == std::string_view::npos ? std::string() : lowered(text.substr(first, last - first + 1));
    std::replace(out.begin(), out.end(), ' ', '_');
    return out;
}

/// A line quoted for a message, cut to a readable length.
std::string quotedLine(std::string_view line)
{
    std::string text(line.substr(0, 100));
    if (line.size() > 100)
        text += "...";
    return '"' + text + '"';
}

std::string mpclaimWarning(const std::string &file, const MpclaimWarning &warning)
{
    if (warning.line == 0)
        return file + ": " + warning.message;
    return file + ": line " + std::to_string(warning.line) + ": " + warning.message + ": " + quotedLine(warning.text);
}

std::optional<std::uint32_t> numberIn(std::string_view digits)
{
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty())
        return std::nullopt;
    return value;
}

std::string sourceNameOf(const std::string &path)
{
    std::filesystem::path p(path);
    if (p.filename().empty())
        p = p.parent_path();
    const std::string name = p.filename().string();
    return name.empty() ? path : name;
}

/// Reads and joins the parts. Each step notes what it could not use.
class Loader final
{
public:
    Loader(const BundleFiles &files, BundleData &data) : m_files(files), m_data(data) {}

    std::optional<Error> manifest();
    void dataCore();
    void adapters();
    void mpioPaths();
    void mpclaim();
    void counters();
    void host();

private:
    enum class IfMissing { Note, Silent };

    void note(std::string text) { m_data.missing.push_back(std::move(text)); }
    /// A layout name as the bundle stores it (letter case kept), for messages.
    std::string shown(const std::string &name) const
    {
        const auto it = m_files.storedNames.find(name);
        return it == m_files.storedNames.end() ? name : it->second;
    }
    bool present(const std::string &name) const
    {
        return m_files.files.count(name) != 0 || m_files.unreadable.count(name) != 0;
    }
    /// Raw bytes of a part, or nullptr (noted unless silent when absent; an
    /// unreadable part is always noted).
    const std::string *bytes(const std::string &name, IfMissing ifMissing);
    /// The part decoded to UTF-8.
    std::optional<std::string> text(const std::string &name, IfMissing ifMissing);
    /// Layout names with this prefix, readable or not.
    std::vector<std::string> namesWithPrefix(std::string_view prefix) const;

    void mergeDetail(const std::string &file, std::uint32_t fileNumber, MpclaimDiskDetail detail, bool alone);
    void attributeHardware(const std::optional<MpclaimHardwareList> &hardware);
    void joinAdapters();

    const BundleFiles &m_files;
    BundleData &m_data;

    std::string m_adaptersHost;
    bool m_hasMpioPaths = false;
    std::string m_mpioPathsHost;
    std::map<std::uint64_t, BundlePathAdapter> m_pathAdapters;
    std::vector<BundleMpioDiskIdentity> m_diskIdentities;
    std::map<std::uint32_t, MpioDisk> m_disks;
    std::set<std::uint32_t> m_detailed; ///< disks that have their -s -d N output
};

const std::string *Loader::bytes(const std::string &name, IfMissing ifMissing)
{
    if (const auto it = m_files.unreadable.find(name); it != m_files.unreadable.end()) {
        note(shown(name) + ": " + it->second);
        return nullptr;
    }
    const auto it = m_files.files.find(name);
    if (it == m_files.files.end()) {
        if (ifMissing == IfMissing::Note)
            note(shown(name) + ": missing");
        return nullptr;
    }
    return &it->second;
}

std::optional<std::string> Loader::text(const std::string &name, IfMissing ifMissing)
{
    const std::string *raw = bytes(name, ifMissing);
    if (!raw)
        return std::nullopt;
    Result<std::string> decoded = decodeText(*raw);
    if (!decoded) {
        note(shown(name) + ": unreadable: not text in UTF-8 or UTF-16: " + decoded.error().message);
        return std::nullopt;
    }
    return std::move(decoded).value();
}

std::vector<std::string> Loader::namesWithPrefix(std::string_view prefix) const
{
    std::vector<std::string> names;
    for (const auto &entry : m_files.files) {
        if (startsWith(entry.first, prefix))
            names.push_back(entry.first);
    }
    for (const auto &entry : m_files.unreadable) {
        if (startsWith(entry.first, prefix))
            names.push_back(entry.first);
    }
    std::sort(names.begin(), names.end());
    return names;
}

// ---------------------------------------------------------------- manifest

std::optional<Error> Loader::manifest()
{
    const bool exists = present("manifest.json");
    const std::optional<std::string> content = text("manifest.json", IfMissing::Silent);
    if (!exists) {
        note("manifest.json: missing; the host is taken from the other parts where they name it");
        return std::nullopt;
    }
    if (!content)
        return std::nullopt; // noted as unreadable
    ManifestReading reading = parseBundleManifest(*content);
    if (reading.wrongBundle)
        return Error{"open support bundle", m_data.path + ": manifest.json: " + reading.problem, 0};
    if (!reading.manifest) {
        note("manifest.json: unreadable: " + reading.problem);
        return std::nullopt;
    }
    if (reading.manifest->host.empty())
        note("manifest.json: no host named");
    if (!reading.manifest->collectedProblem.empty())
        note("manifest.json: " + reading.manifest->collectedProblem);
    m_data.manifest = std::move(reading.manifest);
    return std::nullopt;
}

// ---------------------------------------------------------------- DataCore

void Loader::dataCore()
{
    const auto warnings = [this](const std::string &file, const std::vector<DataCoreWarning> &list) {
        for (const DataCoreWarning &warning : list)
            note(shown(file) + ": " + warning.toString());
    };
    const auto unreadable = [this](const std::string &file, const Error &error) {
        note(shown(file) + ": unreadable: " + error.message);
    };

    std::optional<DataCoreServersParse> servers;
    if (const std::string *raw = bytes("datacore/servers.json", IfMissing::Note)) {
        Result<DataCoreServersParse> parsed = parseServersJson(*raw);
        if (parsed) {
            warnings("datacore/servers.json", parsed.value().warnings);
            servers = std::move(parsed).value();
        } else {
            unreadable("datacore/servers.json", parsed.error());
        }
    }
    if (servers)
        m_data.servers.items = servers->servers;
    else
        m_data.servers.absentReason = present("datacore/servers.json") ? "datacore/servers.json is unreadable"
                                                                      : "datacore/servers.json is missing";

    const bool portsExist = present("datacore/ports.json");
    if (const std::string *raw = bytes("datacore/ports.json", IfMissing::Silent)) {
        Result<DataCorePortsParse> parsed = parsePortsJson(*raw);
        if (parsed) {
            warnings("datacore/ports.json", parsed.value().warnings);
            m_data.ports.items = std::move(parsed).value().ports;
        } else {
            unreadable("datacore/ports.json", parsed.error());
        }
    }
    if (!m_data.ports.items && servers) {
        // 2.0 server objects embed their ports, without IdInfo.
        m_data.ports.items = servers->ports;
        note(std::string("datacore/ports.json: ") + (portsExist ? "not used" : "missing")
             + "; the ports embedded in datacore/servers.json are used, which carry no PCI location and no "
               "driver name");
    } else if (!portsExist) {
        note("datacore/ports.json: missing");
    }
    if (!m_data.ports.items)
        m_data.ports.absentReason = portsExist ? "datacore/ports.json is unreadable" : "datacore/ports.json is missing";

    const bool disksExist = present("datacore/physicaldisks.json");
    if (const std::string *raw = bytes("datacore/physicaldisks.json", IfMissing::Silent)) {
        Result<DataCorePhysicalDisksParse> parsed = parsePhysicalDisksJson(*raw);
        if (parsed) {
            warnings("datacore/physicaldisks.json", parsed.value().warnings);
            m_data.physicalDisks.items = std::move(parsed).value().disks;
        } else {
            unreadable("datacore/physicaldisks.json", parsed.error());
        }
    }
    if (!m_data.physicalDisks.items && servers) {
        m_data.physicalDisks.items = servers->disks;
        note(std::string("datacore/physicaldisks.json: ") + (disksExist ? "not used" : "missing")
             + "; the physical disks embedded in datacore/servers.json are used");
    } else if (!disksExist) {
        note("datacore/physicaldisks.json: missing");
    }
    if (!m_data.physicalDisks.items)
        m_data.physicalDisks.absentReason =
            disksExist ? "datacore/physicaldisks.json is unreadable" : "datacore/physicaldisks.json is missing";

    m_data.hasDataCore = m_data.servers.items || m_data.ports.items || m_data.physicalDisks.items;
}

// ------------------------------------------------------------------ Windows

void Loader::adapters()
{
    const std::string name = "windows/adapters.json";
    const std::optional<std::string> content = text(name, IfMissing::Note);
    if (!content)
        return;
    Result<BundleAdapterInventory> inventory = parseBundleAdapters(*content);
    if (!inventory) {
        note(shown(name) + ": unreadable: " + inventory.error().message);
        return;
    }
    for (const std::string &problem : inventory.value().problems)
        note(shown(name) + ": " + problem);
    std::set<std::string> seen;
    for (BundleAdapter &adapter : inventory.value().adapters) {
        if (!seen.insert(lowered(adapter.adapter.instanceId)).second) {
            note(shown(name) + ": adapter " + adapter.adapter.instanceId + " listed twice; the first entry is used");
            continue;
        }
        m_data.adapters.push_back(std::move(adapter));
    }
    m_adaptersHost = inventory.value().host;
    m_data.hasDevices = true;
}

void Loader::mpioPaths()
{
    const std::string name = "windows/mpio-paths.json";
    const std::optional<std::string> content = text(name, IfMissing::Note);
    if (!content)
        return;
    Result<BundleMpioPaths> paths = parseBundleMpioPaths(*content);
    if (!paths) {
        note(shown(name) + ": unreadable: " + paths.error().message);
        return;
    }
    for (const std::string &problem : paths.value().problems)
        note(shown(name) + ": " + problem);
    for (const BundlePathAdapter &path : paths.value().paths) {
        if (!m_pathAdapters.emplace(path.pathId, path).second)
            note(shown(name) + ": path " + formatPathId(path.pathId) + " listed twice; the first entry is used");
    }
    m_diskIdentities = std::move(paths.value().disks);
    m_mpioPathsHost = paths.value().host;
    m_hasMpioPaths = true;
}

// ------------------------------------------------------------------ mpclaim

void Loader::mergeDetail(const std::string &file, std::uint32_t fileNumber, MpclaimDiskDetail detail, bool alone)
{
    if (detail.noSuchDisk) {
        note(shown(file) + ": mpclaim answered \"Element not found\": there was no MPIO Disk" + std::to_string(fileNumber));
        return;
    }
    if (!detail.recognised) {
        if (alone) {
            note(shown(file) + ": unreadable: not the output of mpclaim -s -d " + std::to_string(fileNumber));
        } else {
            // Lines before the first disk header of an otherwise good file.
            for (const MpclaimWarning &warning : detail.warnings)
                note(mpclaimWarning(shown(file), warning));
        }
        return;
    }
    for (const MpclaimWarning &warning : detail.warnings)
        note(mpclaimWarning(shown(file), warning));

    const std::uint32_t number = detail.disk.number;
    if (number != fileNumber)
        note(shown(file) + ": holds the output for MPIO Disk" + std::to_string(number) + ", used as that disk");
    if (!m_detailed.insert(number).second) {
        note(shown(file) + ": MPIO Disk" + std::to_string(number) + " is described twice; the first description is used");
        return;
    }

    auto [it, added] = m_disks.try_emplace(number);
    MpioDisk &disk = it->second;
    if (added && present("mpclaim/list.txt"))
        note(shown(file) + ": MPIO Disk" + std::to_string(number) + " is not in mpclaim/list.txt; its system disk is unknown");
    disk.number = number;
    if (!detail.disk.serial.empty())
        disk.serial = detail.disk.serial;
    if (!detail.disk.dsm.empty())
        disk.dsm = detail.disk.dsm;
    // The detail names the policy in full; the list only abbreviates it.
    if (detail.disk.policy != LoadBalancePolicy::Unknown)
        disk.policy = detail.disk.policy;
    disk.alua = detail.disk.alua;
    disk.paths = std::move(detail.disk.paths);
}

void Loader::mpclaim()
{
    bool recognised = false;

    if (const std::optional<std::string> content = text("mpclaim/list.txt", IfMissing::Note)) {
        const MpclaimDiskList list = parseDiskList(*content);
        if (list.recognised) {
            recognised = true;
            for (const MpclaimWarning &warning : list.warnings)
                note(mpclaimWarning(shown("mpclaim/list.txt"), warning));
            for (const MpioDisk &disk : list.disks)
                m_disks.try_emplace(disk.number, disk);
        } else {
            note("mpclaim/list.txt: unreadable: not the output of mpclaim -s -d");
        }
    }

    // disk-<N>.txt in numeric order, so notes read naturally.
    std::vector<std::pair<std::uint32_t, std::string>> detailFiles;
    for (const std::string &name : namesWithPrefix(kDiskPrefix)) {
        const std::string_view digits = std::string_view(name).substr(kDiskPrefix.size(), name.size() - kDiskPrefix.size() - 4);
        if (const auto number = numberIn(digits))
            detailFiles.emplace_back(*number, name);
        else
            note(shown(name) + ": ignored, the disk number is out of range");
    }
    std::sort(detailFiles.begin(), detailFiles.end());
    for (const auto &[number, name] : detailFiles) {
        const std::optional<std::string> content = text(name, IfMissing::Note);
        if (!content)
            continue;
        std::vector<MpclaimDiskDetail> details = parseDiskDetails(*content);
        if (details.empty()) {
            note(shown(name) + ": empty");
            continue;
        }
        const bool alone = details.size() == 1;
        for (MpclaimDiskDetail &detail : details) {
            recognised = recognised || detail.recognised;
            mergeDetail(name, number, std::move(detail), alone);
        }
    }
    for (const auto &[number, disk] : m_disks) {
        if (!m_detailed.count(number))
            note("mpclaim/disk-" + std::to_string(number) + ".txt: missing; MPIO Disk" + std::to_string(number)
                 + " has no path detail");
    }

    std::optional<MpclaimHardwareList> hardware;
    if (const std::optional<std::string> content = text("mpclaim/hw.txt", IfMissing::Note)) {
        MpclaimHardwareList list = parseHardware(*content);
        if (list.recognised) {
            for (const MpclaimWarning &warning : list.warnings)
                note(mpclaimWarning(shown("mpclaim/hw.txt"), warning));
            hardware = std::move(list);
        } else {
            note("mpclaim/hw.txt: unreadable: not the output of mpclaim -e");
        }
    }

    m_data.hasMpio = recognised;
    if (!recognised)
        return;
    attributeHardware(hardware);
    joinAdapters();
    for (auto &entry : m_disks)
        m_data.disks.push_back(std::move(entry.second));
}

void Loader::attributeHardware(const std::optional<MpclaimHardwareList> &hardware)
{
    // mpclaim -e lists hardware ids, not disks. A disk's own id comes from
    // WMI's instance name ("MPIO\Disk&Ven_DGC&Prod_VRAID&..."), spelled the
    // PnP way; -e gives the spelling with blanks where one matches. Without an
    // instance name, one MPIO-ed hardware id can only be the hardware of every
    // MSDSM disk.
    const MpclaimHardwareEntry *onlyEntry = nullptr;
    if (hardware) {
        std::size_t claimed = 0;
        for (const MpclaimHardwareEntry &entry : hardware->entries) {
            if (entry.multipathed) {
                ++claimed;
                onlyEntry = &entry;
            }
        }
        if (claimed != 1)
            onlyEntry = nullptr;
    }
    for (auto &[number, disk] : m_disks) {
        const auto identity = std::find_if(m_diskIdentities.begin(), m_diskIdentities.end(),
                                           [number = number](const BundleMpioDiskIdentity &id) {
                                               return id.mpioDisk == number;
                                           });
        if (identity != m_diskIdentities.end() && (!identity->vendor.empty() || !identity->product.empty())) {
            disk.vendor = identity->vendor;
            disk.product = identity->product;
            if (hardware) {
                for (const MpclaimHardwareEntry &entry : hardware->entries) {
                    if (pnpSpelling(entry.vendor) == pnpSpelling(identity->vendor)
                        && pnpSpelling(entry.product) == pnpSpelling(identity->product)) {
                        disk.vendor = entry.vendor;
                        disk.product = entry.product;
                        break;
                    }
                }
            }
            continue;
        }
        if (onlyEntry && lowered(disk.dsm).find("microsoft") != std::string::npos) {
            disk.vendor = onlyEntry->vendor;
            disk.product = onlyEntry->product;
        }
    }
}

void Loader::joinAdapters()
{
    if (!m_hasMpioPaths)
        return;
    for (auto &[number, disk] : m_disks) {
        for (MpioPath &path : disk.paths) {
            const auto it = m_pathAdapters.find(path.pathId);
            if (it == m_pathAdapters.end()) {
                note("windows/mpio-paths.json: no adapter recorded for path " + formatPathId(path.pathId)
                     + " of MPIO Disk" + std::to_string(number));
                continue;
            }
            path.adapterPci = it->second.pci;
            path.adapterName = it->second.adapterName;
        }
    }
}

// ----------------------------------------------------------------- counters

void Loader::counters()
{
    const auto diskOfInstance = [this](const std::string &instanceName) -> std::optional<std::uint32_t> {
        for (const BundleMpioDiskIdentity &identity : m_diskIdentities) {
            if (!instanceName.empty() && iequals(identity.instanceName, instanceName))
                return identity.mpioDisk;
        }
        return std::nullopt;
    };

    for (const std::string &name : namesWithPrefix(kCounterPrefix)) {
        const std::optional<std::string> content = text(name, IfMissing::Note);
        if (!content)
            continue;
        const std::string_view stamp =
            std::string_view(name).substr(kCounterPrefix.size(), name.size() - kCounterPrefix.size() - 5);
        std::vector<std::string> problems;
        Result<CounterSample> sample = parseBundleCounterSample(*content, stamp, problems);
        for (const std::string &problem : problems)
            note(shown(name) + ": " + problem);
        if (!sample) {
            note(shown(name) + ": unreadable: " + sample.error().message);
            continue;
        }
        sample.value().file = shown(name);
        std::set<std::string> untied;
        for (PathCounterSample &path : sample.value().paths) {
            if (!path.mpioDisk)
                path.mpioDisk = diskOfInstance(path.instanceName);
            if (!path.mpioDisk)
                untied.insert(path.instanceName);
        }
        for (const std::string &instance : untied)
            note(shown(name) + ": the counters of device " + quotedLine(instance)
                 + " cannot be tied to an MPIO disk (no deviceName, no match in windows/mpio-paths.json)");
        m_data.samples.push_back(std::move(sample).value());
    }
    std::stable_sort(m_data.samples.begin(), m_data.samples.end(),
                     [](const CounterSample &a, const CounterSample &b) { return a.taken < b.taken; });

    if (m_data.samples.empty()) {
        if (namesWithPrefix(kCounterPrefix).empty())
            note("windows/msdsm-perf-<t>.json: missing; no per-path counters");
        return;
    }
    if (m_data.samples.size() == 1)
        note("windows/msdsm-perf-<t>.json: only one counter sample; rates need two or more");
    for (std::size_t i = 1; i < m_data.samples.size(); ++i) {
        if (m_data.samples[i].taken == m_data.samples[i - 1].taken)
            note(m_data.samples[i].file + ": taken at the same time as " + m_data.samples[i - 1].file);
    }

    const CounterSample &latest = m_data.samples.back();
    for (MpioDisk &disk : m_data.disks) {
        for (MpioPath &path : disk.paths) {
            const auto it = std::find_if(latest.paths.begin(), latest.paths.end(), [&](const PathCounterSample &c) {
                return c.mpioDisk == disk.number && c.pathId == path.pathId;
            });
            if (it != latest.paths.end())
                path.counters = it->counters;
            else
                note(latest.file + ": no counters for path " + formatPathId(path.pathId) + " of MPIO Disk"
                     + std::to_string(disk.number));
        }
    }
}

// --------------------------------------------------------------------- host

void Loader::host()
{
    std::string fqdn;
    if (m_data.manifest && !m_data.manifest->host.empty()) {
        m_data.host = m_data.manifest->host;
        fqdn = m_data.manifest->fqdn;
    } else if (!m_adaptersHost.empty()) {
        m_data.host = m_adaptersHost;
    } else if (!m_mpioPathsHost.empty()) {
        m_data.host = m_mpioPathsHost;
    } else if (m_data.servers.items && m_data.servers.items->size() == 1
               && !m_data.servers.items->front().hostName.empty()) {
        m_data.host = m_data.servers.items->front().hostName;
    }

    if (m_data.host.empty()) {
        const bool otherHosts = m_data.servers.items && !m_data.servers.items->empty();
        m_data.anyHost = !otherHosts;
        if (otherHosts && (m_data.hasMpio || m_data.hasDevices))
            note("the bundle does not name the host it was collected on; its MPIO and adapter data cannot be "
                 "assigned to one of the DataCore servers");
        return;
    }
    m_data.hostNames.push_back(m_data.host);
    if (!fqdn.empty())
        m_data.hostNames.push_back(fqdn);
    if (m_data.servers.items) {
        for (const DataCoreServer &server : *m_data.servers.items) {
            if (server.hostName.empty())
                continue;
            const bool same = std::any_of(m_data.hostNames.begin(), m_data.hostNames.end(),
                                          [&](const std::string &name) { return hostNamesMatch(name, server.hostName); });
            if (same)
                m_data.hostNames.push_back(server.hostName);
        }
    }
}

} // namespace

bool hostNamesMatch(std::string_view a, std::string_view b)
{
    if (a.empty() || b.empty())
        return false;
    if (iequals(a, b))
        return true;
    const std::size_t dotA = a.find('.');
    const std::size_t dotB = b.find('.');
    // A short name matches the first label of an FQDN; two FQDNs must be equal.
    if (dotA == std::string_view::npos && dotB != std::string_view::npos)
        return iequals(a, b.substr(0, dotB));
    if (dotB == std::string_view::npos && dotA != std::string_view::npos)
        return iequals(b, a.substr(0, dotA));
    return false;
}

std::optional<Error> BundleData::checkHost(std::string_view requested) const
{
    if (anyHost)
        return std::nullopt;
    if (host.empty())
        return Error{"support bundle",
                     "the bundle does not name the host it was collected on, so it cannot answer for host "
                         + std::string(requested),
                     0};
    // Once the bundle's FQDN is known, another FQDN with the same first label
    // is another machine.
    const auto isFqdn = [](std::string_view name) { return name.find('.') != std::string_view::npos; };
    const bool exactOnly = isFqdn(requested) && std::any_of(hostNames.begin(), hostNames.end(), isFqdn);
    for (const std::string &name : hostNames) {
        if (exactOnly ? iequals(name, requested) : hostNamesMatch(name, requested))
            return std::nullopt;
    }
    return Error{"support bundle", "the bundle holds data of host " + host + " only", 0};
}

Result<std::unique_ptr<BundleData>> loadBundle(const std::string &path)
{
    Result<BundleFiles> files = readBundleFiles(path);
    if (!files)
        return files.error();

    auto data = std::make_unique<BundleData>();
    data->path = path;
    data->sourceName = sourceNameOf(path);
    data->missing = files.value().notes;

    Loader loader(files.value(), *data);
    if (std::optional<Error> refused = loader.manifest())
        return *refused;
    loader.dataCore();
    loader.adapters();
    loader.mpioPaths();
    loader.mpclaim();
    loader.counters();
    loader.host();
    return data;
}

} // namespace pathlens::bundle
