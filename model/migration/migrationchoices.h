#pragma once

// Which back-end ports remedy 2 can take over, and the device instance each
// one is. The join is the snapshot's (model/snapshotbuilder: DataCore port and
// OS adapter by PCI bus, device and function); this adds what the driver
// change needs on top: the roles on the same PCI function, the port's
// presence and the driver the device runs.

#include "model/inventory.h"
#include "model/migration/migrationtypes.h"
#include "model/snapshotbuilder.h"

#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

/// Every DataCore server with its back-end ports, each matched or with the
/// reason it cannot be chosen, and the back-end disks behind it.
std::vector<ServerChoice> migrationChoices(const SourceData &sources, const InventorySnapshot &snapshot);

/// The server by name, id or host name (case-insensitive); nullptr when none.
const ServerChoice *findServerChoice(const std::vector<ServerChoice> &servers, std::string_view nameIdOrHost);

struct PortSelection {
    std::vector<const BackEndPortChoice *> ports; ///< chosen, selectable or not (preflight says why not)
    std::vector<std::string> unknown;             ///< words that named no back-end port of the server
};

/// The admin's choice of ports by id, alias (case-insensitive) or PCI
/// location (parsePciLocation: decimal or hex); empty: every selectable
/// back-end port of the server.
PortSelection selectPorts(const ServerChoice &server, const std::vector<std::string> &wanted);

} // namespace pathlens
