#include "model/health/rules.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace pathlens {

namespace {

bool mentionsDataCore(std::string_view text)
{
    constexpr std::string_view word = "datacore";
    const auto found = std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
    });
    return found != text.end();
}

std::string plural(std::size_t count, const char *one, const char *many)
{
    return std::to_string(count) + ' ' + (count == 1 ? one : many);
}

} // namespace

void DataCoreBeDriverAluaRule::check(const HealthInput &input, std::vector<Finding> &out) const
{
    for (const ServerView &server : input.servers) {
        for (const PortEntry &port : server.entry->ports) {
            if (!port.port)
                continue;
            const DataCorePort &dc = *port.port;
            // The back-end FC driver is what ignores ALUA; loopback and the
            // Microsoft iSCSI initiator are not it.
            if (!(dc.roles & RoleBackEnd) || dc.presence != Presence::Present || dc.type != PortType::FibreChannel)
                continue;
            if (!dc.driverName.empty() && !mentionsDataCore(dc.driverName))
                continue;

            std::size_t aluaDisks = 0;
            std::size_t slowInUse = 0;
            for (const LunView &lun : server.luns) {
                if (lun.owner != PathOwner::DataCoreDriver)
                    continue;
                const bool here = std::any_of(lun.paths.begin(), lun.paths.end(),
                                              [&](const PathView &path) { return path.port == &port; });
                if (!here || !lun.alua())
                    continue;
                ++aluaDisks;
                for (const PathView &path : lun.paths) {
                    if (path.port == &port && path.entry->inUse && path.nonOptimized())
                        ++slowInUse;
                }
            }
            if (aluaDisks == 0)
                continue;

            std::string message = "The port runs SANsymphony's back-end driver";
            if (!dc.driverName.empty())
                message += " (" + dc.driverName + ")";
            message += ", which ignores ALUA and uses one path per disk, optimized or not, while "
                + plural(aluaDisks, "back-end disk", "back-end disks") + " behind it report ALUA.";
            if (slowInUse > 0)
                message += " " + plural(slowInUse, "disk is", "disks are")
                    + " used over a non-optimized path from this port right now.";
            else
                message += " Every disk it uses is on an optimized path at the moment; that changes when a LUN "
                           "moves to the other controller.";

            std::string advice;
            if (dc.roles & (RoleFrontEnd | RoleMirror)) {
                advice = "The port also carries the front-end or mirror role, so its driver cannot be replaced: pin "
                         "each back-end disk to an Active/Optimized path (remedy 1), or move those roles to another "
                         "port first.";
            } else {
                advice = "Hand the back-end to Windows MPIO (remedy 2): install the vendor's native driver on ";
                advice += dc.pci ? "PCI function " + dc.pci->toString() + " (" + dc.pci->toHexString() + ")"
                                 : std::string("this port's PCI function");
                advice += ", claim the back-end LUNs with the Microsoft DSM, set Round Robin with Subset, then remove "
                          "the port left Not present. Until then, pin each back-end disk to an Active/Optimized path "
                          "(remedy 1).";
            }
            out.push_back(portFinding(rules::DataCoreBeDriverAlua, slowInUse > 0 ? Severity::Warning : Severity::Info,
                                      *server.entry, port, std::move(message), std::move(advice)));
        }
    }
}

} // namespace pathlens
