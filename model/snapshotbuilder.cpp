#include "model/snapshotbuilder.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace pathlens {

namespace {

Error missingPart()
{
    return Error{{}, "not available from this backend", 0};
}

std::string problemText(std::string_view source, const Error &error)
{
    return std::string(source) + ": " + error.toString();
}

char lowerAscii(char c)
{
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool sameHostName(std::string_view a, std::string_view b)
{
    // Windows host names are case-insensitive.
    return a.size() == b.size()
        && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lowerAscii(x) == lowerAscii(y); });
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// "FC Port 2" before "FC Port 10": digit runs compare as numbers, letters
// without case.
int naturalCompare(std::string_view a, std::string_view b)
{
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        if (isDigit(a[i]) && isDigit(b[j])) {
            std::size_t ei = i;
            std::size_t ej = j;
            while (ei < a.size() && isDigit(a[ei]))
                ++ei;
            while (ej < b.size() && isDigit(b[ej]))
                ++ej;
            std::string_view na = a.substr(i, ei - i);
            std::string_view nb = b.substr(j, ej - j);
            while (na.size() > 1 && na.front() == '0')
                na.remove_prefix(1);
            while (nb.size() > 1 && nb.front() == '0')
                nb.remove_prefix(1);
            if (na.size() != nb.size())
                return na.size() < nb.size() ? -1 : 1;
            if (const int c = na.compare(nb); c != 0)
                return c < 0 ? -1 : 1;
            i = ei;
            j = ej;
            continue;
        }
        const char ca = lowerAscii(a[i]);
        const char cb = lowerAscii(b[j]);
        if (ca != cb)
            return ca < cb ? -1 : 1;
        ++i;
        ++j;
    }
    if (i < a.size())
        return 1;
    if (j < b.size())
        return -1;
    return 0;
}

std::string pciWords(const PciLocation &pci)
{
    return pci.toString() + " (" + pci.toHexString() + ")";
}

// Sibling keys must be unique for the merge; a duplicate (bad source data)
// gets a deterministic suffix instead of being dropped.
template <typename Entry>
void makeKeysUnique(std::vector<Entry> &entries)
{
    std::unordered_set<std::string> seen;
    for (Entry &entry : entries) {
        if (seen.insert(entry.key).second)
            continue;
        for (int n = 2;; ++n) {
            std::string candidate = entry.key + '#' + std::to_string(n);
            if (seen.insert(candidate).second) {
                entry.key = std::move(candidate);
                break;
            }
        }
    }
}

bool pathLess(const PathEntry &a, const PathEntry &b)
{
    if (a.owner != b.owner)
        return a.owner == PathOwner::DataCoreDriver;
    if (a.pathId != b.pathId)
        return a.pathId < b.pathId;
    const auto sa = std::tie(a.scsi.port, a.scsi.bus, a.scsi.target, a.scsi.lun);
    const auto sb = std::tie(b.scsi.port, b.scsi.bus, b.scsi.target, b.scsi.lun);
    if (sa != sb)
        return sa < sb;
    return a.key < b.key;
}

bool diskLess(const DiskEntry &a, const DiskEntry &b)
{
    if (const int c = naturalCompare(a.caption, b.caption); c != 0)
        return c < 0;
    if (a.owner != b.owner)
        return a.owner == PathOwner::DataCoreDriver;
    return a.key < b.key;
}

PathEntry dataCorePath(const BackEndPath &path, const std::optional<PciLocation> &pci)
{
    PathEntry entry;
    entry.key = "dc:" + path.portId + ':' + path.scsi.toString();
    entry.owner = PathOwner::DataCoreDriver;
    // The DataCore driver has no path state of its own: what is known is the
    // array's view of the target port group, so both say the same.
    entry.state = path.aluaState;
    entry.tpgState = path.aluaState;
    entry.tpgId = path.tpgId;
    entry.inUse = path.inUse;
    entry.scsi = path.scsi;
    entry.adapterPci = pci;
    return entry;
}

PathEntry mpioPath(const MpioPath &path)
{
    PathEntry entry;
    entry.key = formatPathId(path.pathId);
    entry.owner = PathOwner::Mpio;
    entry.pathId = path.pathId;
    entry.state = path.state;
    entry.tpgId = path.tpgId;
    entry.tpgState = path.tpgState;
    entry.preferred = path.preferred;
    entry.weight = path.weight;
    entry.scsi = path.scsi;
    entry.adapterPci = path.adapterPci;
    return entry;
}

// Builds one server's ports, disks and paths.
class ServerJoin
{
public:
    ServerJoin(const SourceData &sources, const DataCoreServer &server) : m_sources(sources), m_server(server) {}

    ServerEntry build()
    {
        m_entry.key = m_server.id.empty() ? m_server.hostName : m_server.id;
        m_entry.server = m_server;
        findHost();
        collectDataCore();
        countPaths();

        std::vector<PortEntry> ports;
        joinPorts(ports);
        addAdapterOnlyRows(ports);
        for (PortEntry &port : ports)
            addDisks(port);
        std::stable_sort(ports.begin(), ports.end(), [](const PortEntry &a, const PortEntry &b) {
            if (groupOf(a) != groupOf(b))
                return groupOf(a) < groupOf(b);
            if (a.port && b.port) {
                if (const int c = naturalCompare(a.port->alias, b.port->alias); c != 0)
                    return c < 0;
            }
            if (a.adapter && b.adapter && a.adapter->pci != b.adapter->pci) {
                if (!a.adapter->pci || !b.adapter->pci)
                    return a.adapter->pci.has_value();
                return *a.adapter->pci < *b.adapter->pci;
            }
            return a.key < b.key;
        });
        addUnmatchedRow(ports);
        makeKeysUnique(ports);
        m_entry.ports = std::move(ports);
        return std::move(m_entry);
    }

private:
    // DataCore ports first, then adapter-only rows, then the unmatched row.
    static int groupOf(const PortEntry &port) { return port.port ? 0 : 1; }

    void findHost()
    {
        if (m_server.hostName.empty()) {
            m_inventoryProblem = "DataCore reports no host name for this server; device inventory and MPIO were not read";
            m_entry.problems.push_back(m_inventoryProblem);
            return;
        }
        for (const SourceData::HostData &host : m_sources.hosts) {
            if (sameHostName(host.host, m_server.hostName)) {
                m_host = &host;
                break;
            }
        }
        if (!m_host) {
            m_inventoryProblem = "Host " + m_server.hostName + " was not read; device inventory and MPIO are missing";
            m_entry.problems.push_back(m_inventoryProblem);
            return;
        }
        if (m_host->adaptersError) {
            m_inventoryProblem = problemText("Device inventory", *m_host->adaptersError);
            m_entry.problems.push_back(m_inventoryProblem);
        }
        if (m_host->mpioError)
            m_entry.problems.push_back(problemText("MPIO", *m_host->mpioError));
        if (!m_host->mpioError)
            m_mpioMatched.resize(m_host->mpioDisks.size());
        for (std::size_t d = 0; d < m_mpioMatched.size(); ++d)
            m_mpioMatched[d].assign(m_host->mpioDisks[d].paths.size(), false);
    }

    const std::vector<Adapter> &adapters() const
    {
        static const std::vector<Adapter> none;
        return m_host && !m_host->adaptersError ? m_host->adapters : none;
    }

    const std::vector<MpioDisk> &mpioDisks() const
    {
        static const std::vector<MpioDisk> none;
        return m_host && !m_host->mpioError ? m_host->mpioDisks : none;
    }

    void collectDataCore()
    {
        if (m_server.id.empty())
            return; // a host DataCore did not list
        for (const DataCorePort &port : m_sources.ports) {
            if (port.serverId == m_server.id) {
                m_ports.push_back(&port);
                m_portIds.insert(port.id);
            }
        }
        for (const BackEndDisk &disk : m_sources.backEndDisks) {
            if (disk.serverId != m_server.id)
                continue;
            m_disks.push_back(&disk);
            if (std::string serial = normaliseSerial(disk.serial); !serial.empty())
                m_diskBySerial.emplace(std::move(serial), &disk);
        }
    }

    static std::string dataCoreDiskKey(const BackEndDisk &disk)
    {
        std::string serial = normaliseSerial(disk.serial);
        return serial.empty() ? disk.id : serial;
    }

    static std::string mpioDiskKey(const MpioDisk &disk)
    {
        std::string serial = normaliseSerial(disk.serial);
        return serial.empty() ? "mpio:" + std::to_string(disk.number) : serial;
    }

    // Paths of one LUN through every port of the server, both owners.
    void countPaths()
    {
        for (const BackEndDisk *disk : m_disks)
            m_totalPaths[dataCoreDiskKey(*disk)] += static_cast<std::uint32_t>(disk->paths.size());
        for (const MpioDisk &disk : mpioDisks())
            m_totalPaths[mpioDiskKey(disk)] += static_cast<std::uint32_t>(disk.paths.size());
    }

    void joinPorts(std::vector<PortEntry> &ports)
    {
        std::map<PciLocation, std::vector<std::size_t>> adaptersAt;
        for (std::size_t i = 0; i < adapters().size(); ++i) {
            if (adapters()[i].pci)
                adaptersAt[*adapters()[i].pci].push_back(i);
        }
        // A Not present port has no hardware, so it yields its PCI function
        // to a present port that reports the same one.
        std::map<PciLocation, std::vector<const DataCorePort *>> claimants;
        for (const DataCorePort *port : m_ports) {
            if (port->pci && port->presence != Presence::NotPresent)
                claimants[*port->pci].push_back(port);
        }
        for (const DataCorePort *port : m_ports) {
            if (port->pci && port->presence == Presence::NotPresent) {
                auto &list = claimants[*port->pci];
                if (list.empty() || list.front()->presence == Presence::NotPresent)
                    list.push_back(port);
            }
        }
        m_adapterReferenced.assign(adapters().size(), false);

        for (const DataCorePort *port : m_ports) {
            PortEntry entry;
            entry.key = port->id;
            entry.port = *port;
            if (!port->pci) {
                entry.join = JoinStatus::NoPciLocation;
                entry.joinNote = port->type == PortType::Loopback
                    ? "Loopback port: it has no PCI function to match"
                    : "The port reports no PCI location, so it cannot be matched to an adapter";
                ports.push_back(std::move(entry));
                continue;
            }
            const PciLocation pci = *port->pci;
            const auto &rivals = claimants[pci];
            const bool claims = std::find(rivals.begin(), rivals.end(), port) != rivals.end();
            const auto found = adaptersAt.find(pci);
            const std::vector<std::size_t> none;
            const std::vector<std::size_t> &candidates = found == adaptersAt.end() ? none : found->second;
            if (claims)
                m_mpioPci.emplace(entry.key, pci);
            for (std::size_t i : candidates)
                m_adapterReferenced[i] = true;

            if (!m_inventoryProblem.empty()) {
                entry.join = JoinStatus::NoInventory;
                entry.joinNote = "The device inventory of this host could not be read. " + m_inventoryProblem;
            } else if (!claims) {
                entry.join = JoinStatus::NoAdapter;
                entry.joinNote = "Not present; PCI function " + pciWords(pci) + " now belongs to port "
                    + rivals.front()->alias;
            } else if (rivals.size() > 1) {
                entry.join = JoinStatus::Ambiguous;
                entry.joinNote = "Ports ";
                for (std::size_t i = 0; i < rivals.size(); ++i)
                    entry.joinNote += (i ? ", " : "") + rivals[i]->alias;
                entry.joinNote += " all report PCI function " + pciWords(pci) + "; no adapter is matched";
            } else if (candidates.empty()) {
                entry.join = JoinStatus::NoAdapter;
                entry.joinNote = "No adapter of host " + m_server.hostName + " is at PCI function " + pciWords(pci);
            } else if (candidates.size() > 1) {
                entry.join = JoinStatus::Ambiguous;
                entry.joinNote = std::to_string(candidates.size()) + " adapters report PCI function " + pciWords(pci)
                    + ": ";
                for (std::size_t i = 0; i < candidates.size(); ++i)
                    entry.joinNote += (i ? ", " : "") + adapters()[candidates[i]].description;
            } else {
                entry.join = JoinStatus::Matched;
                entry.adapter = adapters()[candidates.front()];
            }
            ports.push_back(std::move(entry));
        }
    }

    void addAdapterOnlyRows(std::vector<PortEntry> &ports)
    {
        for (std::size_t i = 0; i < adapters().size(); ++i) {
            const Adapter &adapter = adapters()[i];
            if (m_adapterReferenced[i]
                || (adapter.deviceClass != DeviceClass::ScsiAdapter && adapter.deviceClass != DeviceClass::Net))
                continue;
            PortEntry entry;
            entry.key = "adapter:" + adapter.instanceId;
            entry.adapter = adapter;
            entry.join = JoinStatus::AdapterOnly;
            entry.joinNote = "No DataCore port refers to this adapter (for example a back-end port that now runs "
                             "the native driver)";
            if (adapter.pci)
                m_mpioPci.emplace(entry.key, *adapter.pci);
            ports.push_back(std::move(entry));
        }
    }

    DiskEntry fromDataCore(const BackEndDisk &disk, std::vector<PathEntry> paths) const
    {
        DiskEntry entry;
        entry.paths = std::move(paths);
        entry.key = dataCoreDiskKey(disk);
        entry.owner = PathOwner::DataCoreDriver;
        entry.serial = disk.serial;
        entry.caption = disk.caption;
        entry.vendor = disk.vendor;
        entry.product = disk.product;
        entry.aluaCapable = disk.aluaCapable;
        entry.poolName = disk.poolName;
        entry.sizeBytes = disk.sizeBytes;
        entry.totalPaths = totalPaths(entry.key);
        return entry;
    }

    DiskEntry fromMpio(const MpioDisk &disk, std::vector<PathEntry> paths) const
    {
        DiskEntry entry;
        entry.paths = std::move(paths);
        entry.key = mpioDiskKey(disk);
        entry.owner = PathOwner::Mpio;
        entry.serial = disk.serial;
        entry.caption = "MPIO Disk" + std::to_string(disk.number);
        entry.vendor = disk.vendor;
        entry.product = disk.product;
        entry.mpioDisk = disk.number;
        entry.systemDisk = disk.systemDisk;
        entry.dsm = disk.dsm;
        entry.policy = disk.policy;
        entry.alua = disk.alua;
        // The same LUN as SANsymphony knows it: carry its name and pool use.
        if (const auto found = m_diskBySerial.find(entry.key); found != m_diskBySerial.end()) {
            const BackEndDisk &dataCore = *found->second;
            if (!dataCore.caption.empty())
                entry.caption = dataCore.caption;
            if (entry.vendor.empty())
                entry.vendor = dataCore.vendor;
            if (entry.product.empty())
                entry.product = dataCore.product;
            entry.aluaCapable = dataCore.aluaCapable;
            entry.poolName = dataCore.poolName;
            entry.sizeBytes = dataCore.sizeBytes;
        }
        entry.totalPaths = totalPaths(entry.key);
        return entry;
    }

    std::uint32_t totalPaths(const std::string &key) const
    {
        const auto found = m_totalPaths.find(key);
        return found == m_totalPaths.end() ? 0 : found->second;
    }

    void addDisks(PortEntry &port)
    {
        if (port.port) {
            for (const BackEndDisk *disk : m_disks) {
                std::vector<PathEntry> paths;
                for (const BackEndPath &path : disk->paths) {
                    if (path.portId == port.port->id)
                        paths.push_back(dataCorePath(path, port.pci()));
                }
                if (!paths.empty())
                    port.disks.push_back(fromDataCore(*disk, std::move(paths)));
            }
        }
        if (const auto pci = m_mpioPci.find(port.key); pci != m_mpioPci.end()) {
            const auto &disks = mpioDisks();
            for (std::size_t d = 0; d < disks.size(); ++d) {
                std::vector<PathEntry> paths;
                for (std::size_t p = 0; p < disks[d].paths.size(); ++p) {
                    const MpioPath &path = disks[d].paths[p];
                    if (path.adapterPci && *path.adapterPci == pci->second) {
                        paths.push_back(mpioPath(path));
                        m_mpioMatched[d][p] = true;
                    }
                }
                if (paths.empty())
                    continue;
                port.disks.push_back(fromMpio(disks[d], std::move(paths)));
            }
        }
        finishDisks(port.disks);
    }

    static void finishDisks(std::vector<DiskEntry> &disks)
    {
        for (DiskEntry &disk : disks) {
            std::sort(disk.paths.begin(), disk.paths.end(), pathLess);
            makeKeysUnique(disk.paths);
        }
        std::stable_sort(disks.begin(), disks.end(), diskLess);
        makeKeysUnique(disks);
    }

    // Paths no row claims still show, under one synthetic row.
    void addUnmatchedRow(std::vector<PortEntry> &ports)
    {
        PortEntry unmatched;
        unmatched.key = std::string(UnmatchedPortKey);
        unmatched.join = JoinStatus::NoAdapter;
        unmatched.joinNote = "Paths whose port or adapter PCI location matches no port or adapter of this server";

        for (const BackEndDisk *disk : m_disks) {
            std::vector<PathEntry> paths;
            for (const BackEndPath &path : disk->paths) {
                if (!m_portIds.count(path.portId))
                    paths.push_back(dataCorePath(path, std::nullopt));
            }
            if (!paths.empty())
                unmatched.disks.push_back(fromDataCore(*disk, std::move(paths)));
        }
        const auto &disks = mpioDisks();
        for (std::size_t d = 0; d < disks.size(); ++d) {
            std::vector<PathEntry> paths;
            for (std::size_t p = 0; p < disks[d].paths.size(); ++p) {
                if (!m_mpioMatched[d][p])
                    paths.push_back(mpioPath(disks[d].paths[p]));
            }
            if (paths.empty())
                continue;
            unmatched.disks.push_back(fromMpio(disks[d], std::move(paths)));
        }
        if (unmatched.disks.empty())
            return;
        finishDisks(unmatched.disks);
        ports.push_back(std::move(unmatched));
    }

    const SourceData &m_sources;
    const DataCoreServer &m_server;
    ServerEntry m_entry;
    const SourceData::HostData *m_host = nullptr;
    std::string m_inventoryProblem; ///< non-empty: adapters could not be read
    std::vector<const DataCorePort *> m_ports;
    std::set<std::string> m_portIds;
    std::vector<const BackEndDisk *> m_disks;
    std::unordered_map<std::string, const BackEndDisk *> m_diskBySerial;
    std::unordered_map<std::string, std::uint32_t> m_totalPaths;
    std::vector<bool> m_adapterReferenced;
    std::unordered_map<std::string, PciLocation> m_mpioPci; ///< port row key -> PCI its MPIO paths leave from
    std::vector<std::vector<bool>> m_mpioMatched;
};

} // namespace

std::string normaliseSerial(std::string_view serial)
{
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0'; };
    while (!serial.empty() && blank(serial.front()))
        serial.remove_prefix(1);
    while (!serial.empty() && blank(serial.back()))
        serial.remove_suffix(1);
    std::string text(serial);
    for (char &c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

SourceData readSources(Backend &backend)
{
    SourceData sources;
    sources.backendDescription = backend.description();
    sources.missingParts = backend.missingParts();

    if (DataCoreManagement *dataCore = backend.dataCore()) {
        auto servers = dataCore->servers();
        if (servers) {
            sources.servers = std::move(servers).value();
            // Without servers the other calls cannot be placed anywhere, so
            // they are only made when the server list came back.
            if (auto ports = dataCore->ports())
                sources.ports = std::move(ports).value();
            else
                sources.portsError = ports.error();
            if (auto disks = dataCore->physicalDisks())
                sources.backEndDisks = std::move(disks).value();
            else
                sources.backEndDisksError = disks.error();
        } else {
            sources.dataCoreError = servers.error();
        }
    } else {
        sources.dataCoreError = missingPart();
    }

    std::vector<std::string> hostNames;
    for (const DataCoreServer &server : sources.servers)
        hostNames.push_back(server.hostName);
    for (const std::string &host : backend.hosts())
        hostNames.push_back(host);

    DeviceInventory *devices = backend.devices();
    Mpio *mpio = backend.mpio();
    for (const std::string &hostName : hostNames) {
        if (hostName.empty())
            continue;
        const bool seen = std::any_of(sources.hosts.begin(), sources.hosts.end(),
                                      [&](const SourceData::HostData &host) { return sameHostName(host.host, hostName); });
        if (seen)
            continue;
        SourceData::HostData host;
        host.host = hostName;
        if (devices) {
            if (auto adapters = devices->adapters(host.host))
                host.adapters = std::move(adapters).value();
            else
                host.adaptersError = adapters.error();
        } else {
            host.adaptersError = missingPart();
        }
        if (mpio) {
            if (auto disks = mpio->disks(host.host))
                host.mpioDisks = std::move(disks).value();
            else
                host.mpioError = disks.error();
        } else {
            host.mpioError = missingPart();
        }
        sources.hosts.push_back(std::move(host));
    }
    return sources;
}

InventorySnapshot buildSnapshot(const SourceData &sources)
{
    InventorySnapshot snapshot;
    snapshot.taken = std::chrono::system_clock::now();
    snapshot.backendDescription = sources.backendDescription;
    if (sources.dataCoreError)
        snapshot.problems.push_back(problemText("DataCore management", *sources.dataCoreError));
    if (sources.portsError)
        snapshot.problems.push_back(problemText("DataCore ports", *sources.portsError));
    if (sources.backEndDisksError)
        snapshot.problems.push_back(problemText("DataCore physical disks", *sources.backEndDisksError));
    snapshot.problems.insert(snapshot.problems.end(), sources.missingParts.begin(), sources.missingParts.end());

    std::vector<const DataCoreServer *> servers;
    servers.reserve(sources.servers.size());
    for (const DataCoreServer &server : sources.servers)
        servers.push_back(&server);
    // A host read without a DataCore server (no DataCore management, or a
    // host it does not list) still shows, under its own name.
    std::vector<DataCoreServer> hostsOnly;
    for (const SourceData::HostData &host : sources.hosts) {
        const bool listed = std::any_of(sources.servers.begin(), sources.servers.end(),
                                        [&](const DataCoreServer &server) { return sameHostName(server.hostName, host.host); });
        if (!listed && !host.host.empty()) {
            DataCoreServer server;
            server.name = host.host;
            server.hostName = host.host;
            hostsOnly.push_back(std::move(server));
        }
    }
    for (const DataCoreServer &server : hostsOnly)
        servers.push_back(&server);
    std::stable_sort(servers.begin(), servers.end(), [](const DataCoreServer *a, const DataCoreServer *b) {
        if (const int c = naturalCompare(a->name, b->name); c != 0)
            return c < 0;
        return a->id < b->id;
    });
    for (const DataCoreServer *server : servers)
        snapshot.servers.push_back(ServerJoin(sources, *server).build());
    makeKeysUnique(snapshot.servers);

    std::set<std::string> serverIds;
    for (const DataCoreServer &server : sources.servers)
        serverIds.insert(server.id);
    const auto orphans = std::count_if(sources.ports.begin(), sources.ports.end(),
                                       [&](const DataCorePort &port) { return !serverIds.count(port.serverId); });
    if (orphans > 0)
        snapshot.problems.push_back(std::to_string(orphans) + " DataCore port(s) belong to no listed server");
    // Here, on the worker, so the UI thread's merge can skip what did not change.
    updateDigests(snapshot);
    return snapshot;
}

} // namespace pathlens
