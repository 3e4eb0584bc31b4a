#include "model/health/rules.h"

namespace pathlens {

const std::vector<std::unique_ptr<HealthRule>> &healthRules()
{
    static const std::vector<std::unique_ptr<HealthRule>> all = [] {
        std::vector<std::unique_ptr<HealthRule>> list;
        list.push_back(std::make_unique<NoOptimizedPathRule>());
        list.push_back(std::make_unique<IoOnNonOptimizedRule>());
        list.push_back(std::make_unique<FailedPathRule>());
        list.push_back(std::make_unique<SinglePathRule>());
        list.push_back(std::make_unique<SpofAdapterRule>());
        list.push_back(std::make_unique<SpofControllerRule>());
        list.push_back(std::make_unique<PolicyMismatchRule>());
        list.push_back(std::make_unique<DataCoreBeDriverAluaRule>());
        list.push_back(std::make_unique<PortNotPresentRule>());
        list.push_back(std::make_unique<PathFlappingRule>());
        list.push_back(std::make_unique<PathCountDriftRule>());
        list.push_back(std::make_unique<ThirdPartyDsmRule>());
        return list;
    }();
    return all;
}

} // namespace pathlens
