#pragma once

// The health rules of domain.md §4, one class each (model/health/rules/).
// docs/health-rules.md says for each when it fires, how severe it is and
// what it deliberately leaves alone.

#include "model/health/finding.h"
#include "model/health/healthinput.h"

#include <memory>
#include <string_view>
#include <vector>

namespace pathlens {

class HealthRule
{
public:
    virtual ~HealthRule() = default;
    /// The stable id (rules::*).
    virtual std::string_view id() const = 0;
    /// Appends this rule's findings for the reading.
    virtual void check(const HealthInput &input, std::vector<Finding> &out) const = 0;
};

class NoOptimizedPathRule final : public HealthRule
{
public:
    std::string_view id() const override { return rules::NoOptimizedPath; }
    void check(const HealthInput &input, std::vector<Finding> &out) const override;
};

class IoOnNonOptimizedRule final : public HealthRule
{
public:
    std::string_view id() const override { return rules::IoOnNonOptimized; }
    void check(const HealthInput &input, std::vector<Finding> &out) const override;
};

class FailedPathRule final : public HealthRule
{
public:
    std::string_view id() const override { return rules::FailedPath; }
    void check(const HealthInput &input, std::vector<Finding> &out) const override;
};

class SinglePathRule final : public HealthRule
{
public:
    std::string_view id() const override { return rules::SinglePath; }
    void check(const HealthInput &input, std::vector<Finding> &out) const override;
};

class SpofAdapterRule final : public HealthRule
{
public:
    std::string_view id() const override { return rules::SpofAdapter; }
    void check(const HealthInput &input, std::vector<Finding> &out) const override;
};

class SpofControllerRule final : public HealthRule
{
public:
    std::string_view id() const override { return rules::SpofController; }
    void check(const HealthInput &input, std::vector<Finding> &out) const override;
};

class PolicyMismatchRule final : public HealthRule
{
public:
    std::string_view id() const override { return rules::PolicyMismatch; }
    void check(const HealthInput &input, std::vector<Finding> &out) const override;
};

class DataCoreBeDriverAluaRule final : public HealthRule
{
public:
    std::string_view id() const override { return rules::DataCoreBeDriverAlua; }
    void check(const HealthInput &input, std::vector<Finding> &out) const override;
};

class PortNotPresentRule final : public HealthRule
{
public:
    std::string_view id() const override { return rules::PortNotPresent; }
    void check(const HealthInput &input, std::vector<Finding> &out) const override;
};

class PathFlappingRule final : public HealthRule
{
public:
    std::string_view id() const override { return rules::PathFlapping; }
    void check(const HealthInput &input, std::vector<Finding> &out) const override;
};

class PathCountDriftRule final : public HealthRule
{
public:
    std::string_view id() const override { return rules::PathCountDrift; }
    void check(const HealthInput &input, std::vector<Finding> &out) const override;
};

class ThirdPartyDsmRule final : public HealthRule
{
public:
    std::string_view id() const override { return rules::ThirdPartyDsm; }
    void check(const HealthInput &input, std::vector<Finding> &out) const override;
};

/// One instance of every rule, in the order of domain.md §4.
const std::vector<std::unique_ptr<HealthRule>> &healthRules();

} // namespace pathlens
