#include "model/health/rules.h"

#include <algorithm>
#include <cctype>

namespace pathlens {

namespace {

bool isMicrosoftDsm(std::string_view dsm)
{
    while (!dsm.empty() && std::isspace(static_cast<unsigned char>(dsm.front())))
        dsm.remove_prefix(1);
    while (!dsm.empty() && std::isspace(static_cast<unsigned char>(dsm.back())))
        dsm.remove_suffix(1);
    constexpr std::string_view microsoft = "Microsoft DSM";
    return dsm.size() == microsoft.size() && std::equal(dsm.begin(), dsm.end(), microsoft.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           });
}

} // namespace

void ThirdPartyDsmRule::check(const HealthInput &input, std::vector<Finding> &out) const
{
    for (const ServerView &server : input.servers) {
        // Only a DataCore server is bound by DataCore's support statement; a
        // host DataCore does not list is not known to be one.
        if (server.entry->server.id.empty())
            continue;
        for (const LunView &lun : server.luns) {
            if (lun.owner != PathOwner::Mpio || lun.disk->dsm.empty() || isMicrosoftDsm(lun.disk->dsm))
                continue;
            out.push_back(lunFinding(rules::ThirdPartyDsm, Severity::Warning, lun,
                                     "The disk is claimed by \"" + lun.disk->dsm
                                         + "\", not the Microsoft DSM. DataCore does not support third-party failover "
                                           "software on the back-end of a DataCore server (FAQ 1302).",
                                     "Hand the disk to the Microsoft DSM (remove the vendor DSM or its claim for this "
                                     "array, then claim the LUNs with MSDSM) and set Round Robin with Subset."));
        }
    }
}

} // namespace pathlens
