#include "model/health/rules.h"

namespace pathlens {

void PortNotPresentRule::check(const HealthInput &input, std::vector<Finding> &out) const
{
    for (const ServerView &server : input.servers) {
        for (const PortEntry &port : server.entry->ports) {
            if (!port.port || port.port->presence != Presence::NotPresent)
                continue;
            const RoleFlags roles = port.port->roles;
            const std::string roleText = rolesToString(roles);
            // A back-end port (or one without roles) is what a driver swap
            // leaves behind: tidying up. A front-end or mirror port whose
            // hardware vanished may mean lost host or mirror paths.
            const bool serving = roles & (RoleFrontEnd | RoleMirror);
            std::string message = "The port";
            if (!roleText.empty())
                message += " (" + roleText + ")";
            message += " is Not present: SANsymphony keeps it in the configuration although its hardware is gone.";
            std::string advice;
            if (serving)
                advice = "If the HBA was replaced or removed on purpose, remove the port in the DataCore console; "
                         "otherwise check the hardware: hosts or mirrors that used it have lost a path.";
            else
                advice = "Remove the port in the DataCore console; after a driver swap on a back-end port this is "
                         "step 4 of remedy 2.";
            out.push_back(portFinding(rules::PortNotPresent, serving ? Severity::Warning : Severity::Info,
                *server.entry, port, std::move(message), std::move(advice)));
        }
    }
}

} // namespace pathlens
