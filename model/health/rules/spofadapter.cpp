#include "model/health/rules.h"

#include <set>

namespace pathlens {

void SpofAdapterRule::check(const HealthInput &input, std::vector<Finding> &out) const
{
    for (const ServerView &server : input.servers) {
        for (const LunView &lun : server.luns) {
            // One usable path is single-path's; none is no-optimized-path's.
            if (lun.usableCount() < 2)
                continue;
            std::set<std::string> adapters;
            const PathView *sample = nullptr;
            bool unknown = false;
            for (const PathView &path : lun.paths) {
                if (!path.usable())
                    continue;
                const std::string adapter = path.adapterIdentity();
                if (adapter.empty())
                    unknown = true;
                adapters.insert(adapter);
                sample = &path;
            }
            if (unknown || adapters.size() != 1 || !sample)
                continue;
            const std::optional<PciLocation> pci = sample->entry->adapterPci;
            const std::string where = pci ? "PCI function " + pci->toString() + " (" + pci->toHexString() + ", "
                    + sample->port->displayName() + ")"
                                          : sample->port->displayName();
            out.push_back(lunFinding(rules::SpofAdapter, Severity::Warning, lun,
                                     usableText(lun.usableCount()) + " leave through "
                                         + where + "; if that HBA port fails the LUN is unreachable.",
                                     "Zone and mask the LUN to another HBA port (preferably on another card) as "
                                     "well, or repair the paths through the other port."));
        }
    }
}

} // namespace pathlens
