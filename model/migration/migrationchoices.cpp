#include "model/migration/migrationchoices.h"

#include <algorithm>
#include <cctype>

namespace pathlens {

namespace {

bool equalNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string roleWords(RoleFlags roles)
{
    std::string words;
    if (roles & RoleFrontEnd)
        words = "front-end";
    if (roles & RoleMirror)
        words += std::string(words.empty() ? "" : " and ") + "mirror";
    return words;
}

/// Present ports of the server on the same PCI function, other than @p port.
std::vector<const DataCorePort *> neighbours(const ServerEntry &server, const DataCorePort &port)
{
    std::vector<const DataCorePort *> result;
    for (const PortEntry &entry : server.ports) {
        if (!entry.port || entry.port->id == port.id || !entry.port->pci || entry.port->pci != port.pci)
            continue;
        if (entry.port->presence != Presence::NotPresent)
            result.push_back(&*entry.port);
    }
    return result;
}

std::vector<DiskBehindPort> disksBehind(const SourceData &sources, const DataCorePort &port)
{
    std::vector<DiskBehindPort> result;
    for (const BackEndDisk &disk : sources.backEndDisks) {
        if (disk.serverId != port.serverId)
            continue;
        DiskBehindPort behind;
        for (const BackEndPath &path : disk.paths) {
            if (path.portId != port.id)
                continue;
            ++behind.paths;
            behind.inUse = behind.inUse || path.inUse;
        }
        if (behind.paths == 0)
            continue;
        behind.id = disk.id;
        behind.caption = disk.caption;
        behind.serial = disk.serial;
        behind.vendor = disk.vendor;
        behind.product = disk.product;
        behind.pool = disk.poolName;
        behind.aluaCapable = disk.aluaCapable;
        result.push_back(std::move(behind));
    }
    return result;
}

BackEndPortChoice choiceFor(const SourceData &sources, const ServerEntry &server, const PortEntry &entry)
{
    const DataCorePort &port = *entry.port;
    BackEndPortChoice choice;
    choice.port = port;
    choice.disks = disksBehind(sources, port);
    const auto refuse = [&choice](PortMatch match, std::string reason) {
        choice.match = match;
        choice.reason = std::move(reason);
        return choice;
    };

    if (port.type == PortType::Loopback || !port.pci)
        return refuse(PortMatch::NoPciLocation,
                      entry.joinNote.empty() ? "The port reports no PCI location, so no device can be matched to it"
                                             : entry.joinNote);
    const PciLocation pci = *port.pci;
    if (port.type != PortType::FibreChannel)
        return refuse(PortMatch::NotFibreChannel,
                      "An iSCSI back-end port has no HBA driver to replace; remedy 2 hands Fibre Channel back-end "
                      "ports to Windows MPIO");
    if (port.presence == Presence::NotPresent)
        return refuse(PortMatch::NotPresent,
                      "The port is Not present already: there is no device behind it to change (remove the port in "
                      "the SANsymphony console)");
    if (port.roles & (RoleFrontEnd | RoleMirror))
        return refuse(PortMatch::RoleConflict,
                      "The port also has the " + roleWords(port.roles) + " role: replacing the driver of PCI function "
                          + pciWithHex(pci) + " would take that role down. Remove the role first, or choose a port "
                          "that is back-end only");

    switch (entry.join) {
    case JoinStatus::NoInventory:
        return refuse(PortMatch::NoInventory, entry.joinNote);
    case JoinStatus::NoAdapter:
    case JoinStatus::AdapterOnly:
        return refuse(PortMatch::Missing, entry.joinNote.empty() ? "No device is at PCI function " + pciWithHex(pci)
                                                                 : entry.joinNote);
    case JoinStatus::NoPciLocation:
        return refuse(PortMatch::NoPciLocation, entry.joinNote);
    case JoinStatus::Ambiguous: {
        for (const DataCorePort *other : neighbours(server, port)) {
            if (other->roles & (RoleFrontEnd | RoleMirror)) {
                return refuse(PortMatch::RoleConflict,
                              "Port " + other->alias + " (" + rolesToString(other->roles) + ") uses the same PCI "
                                  "function " + pciWithHex(pci) + ": one driver serves both, so replacing it would "
                                  "take the " + roleWords(other->roles) + " port down");
            }
        }
        return refuse(PortMatch::Ambiguous, entry.joinNote + ". Refusing to guess which device to change");
    }
    case JoinStatus::Matched:
        break;
    }

    choice.device = entry.adapter;
    if (!entry.adapter->pci || *entry.adapter->pci != pci)
        return refuse(PortMatch::Missing, "The matched device reports another PCI location than the port");
    if (!isDataCoreDriver(entry.adapter->driver))
        return refuse(PortMatch::AlreadyNative, "The device already runs " + driverWords(entry.adapter->driver)
                                                    + ", not SANsymphony's back-end driver");
    choice.match = PortMatch::Matched;
    return choice;
}

} // namespace

std::vector<ServerChoice> migrationChoices(const SourceData &sources, const InventorySnapshot &snapshot)
{
    std::vector<ServerChoice> result;
    for (const ServerEntry &server : snapshot.servers) {
        if (server.server.id.empty())
            continue; // a host DataCore does not list has no DataCore ports to hand over
        ServerChoice choice;
        choice.server = server.server;
        choice.serverKey = server.key;
        choice.problems = server.problems;
        for (const PortEntry &entry : server.ports) {
            if (entry.port && (entry.port->roles & RoleBackEnd))
                choice.ports.push_back(choiceFor(sources, server, entry));
        }
        result.push_back(std::move(choice));
    }
    return result;
}

const ServerChoice *findServerChoice(const std::vector<ServerChoice> &servers, std::string_view nameIdOrHost)
{
    for (const ServerChoice &server : servers) {
        if (equalNoCase(server.server.name, nameIdOrHost) || equalNoCase(server.server.id, nameIdOrHost)
            || equalNoCase(server.server.hostName, nameIdOrHost))
            return &server;
    }
    return nullptr;
}

PortSelection selectPorts(const ServerChoice &server, const std::vector<std::string> &wanted)
{
    PortSelection selection;
    if (wanted.empty()) {
        for (const BackEndPortChoice &port : server.ports) {
            if (port.selectable())
                selection.ports.push_back(&port);
        }
        return selection;
    }
    for (const std::string &word : wanted) {
        const std::optional<PciLocation> pci = parsePciLocation(word);
        const BackEndPortChoice *found = nullptr;
        for (const BackEndPortChoice &port : server.ports) {
            if (port.port.id == word || equalNoCase(port.port.alias, word) || (pci && port.port.pci == pci)) {
                // A PCI location can name a present port and its Not present
                // predecessor: the present one is meant.
                if (!found || (found->port.presence == Presence::NotPresent && port.port.presence != Presence::NotPresent))
                    found = &port;
            }
        }
        if (!found) {
            selection.unknown.push_back(word);
            continue;
        }
        if (std::find(selection.ports.begin(), selection.ports.end(), found) == selection.ports.end())
            selection.ports.push_back(found);
    }
    return selection;
}

} // namespace pathlens
