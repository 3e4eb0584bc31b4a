#include "wmimpio.h"

#include "commandline.h"
#include "comptr.h"
#include "devicedecode.h"
#include "processrunner.h"
#include "winsupport.h"
#include "wmisession.h"

#include "platform/mpclaim/mpclaimparser.h"

#include <chrono>

namespace pathlens {
namespace {

using win::ComScope;
using win::WmiInstance;
using win::WmiSession;

constexpr long kWbemNotFound = static_cast<long>(static_cast<std::int32_t>(0x80041002u));

/// mpclaim scans the storage stack; a claim of many LUNs takes minutes.
constexpr std::chrono::minutes kMpclaimTimeout{10};

/// Instances of one class; "no instances" (WBEM_E_NOT_FOUND from some
/// providers) is an empty list, not an error.
Result<std::vector<WmiInstance>> readClass(const WmiSession &session, std::string_view className)
{
    auto instances = session.instances(className);
    if (!instances && instances.error().code == kWbemNotFound)
        return std::vector<WmiInstance>();
    return instances;
}

Result<WmiSession> openSession()
{
    return WmiSession::connect(L"ROOT\\WMI");
}

/// The descriptor of one MPIO disk, by number.
Result<WmiDescriptor> findDescriptor(const WmiSession &session, std::uint32_t mpioDisk)
{
    auto instances = readClass(session, "MPIO_GET_DESCRIPTOR");
    if (!instances)
        return instances.error();
    for (const WmiInstance &instance : *instances) {
        auto descriptor = decodeDescriptor(instance.object);
        if (descriptor && descriptor->number == mpioDisk)
            return descriptor;
    }
    return Error{"set load-balance policy", "there is no MPIO Disk" + std::to_string(mpioDisk), 0};
}

Result<WmiLbPolicy> findPolicy(const WmiSession &session, const std::string &instanceName, std::uint32_t mpioDisk)
{
    auto instances = readClass(session, "DSM_QueryLBPolicy_V2");
    if (!instances)
        return instances.error();
    for (const WmiInstance &instance : *instances) {
        auto policy = decodeLbPolicy(instance.object);
        if (!policy)
            continue;
        if (policy->instanceName == instanceName)
            return policy;
    }
    return Error{"set load-balance policy",
                 "the DSM of MPIO Disk" + std::to_string(mpioDisk) +
                     " reports no load-balance policy (DSM_QueryLBPolicy_V2); a vendor DSM sets its own",
                 0};
}

} // namespace

WindowsMpio::WindowsMpio(std::string computerName, std::string dnsName)
    : m_computerName(std::move(computerName)), m_dnsName(std::move(dnsName))
{
}

Result<bool> WindowsMpio::checkHost(const std::string &host) const
{
    if (isLocalHost(host, m_computerName, m_dnsName))
        return true;
    return Error{"Windows MPIO", "this backend reads the local computer " + m_computerName + " only, not " + host, 0};
}

std::vector<std::string> WindowsMpio::problems() const
{
    std::lock_guard lock(m_mutex);
    return m_problems;
}

Result<MpioSnapshot> WindowsMpio::snapshot(const std::string &host)
{
    if (auto ok = checkHost(host); !ok)
        return ok.error();
    ComScope com;
    if (FAILED(com.result()))
        return win::hresultFailure("CoInitializeEx", com.result());
    auto session = openSession();
    if (!session)
        return session.error();

    MpioSnapshot snapshot;
    // The disks themselves: without them there is nothing to show.
    auto descriptors = readClass(*session, "MPIO_GET_DESCRIPTOR");
    if (!descriptors)
        return descriptors.error();
    for (const WmiInstance &instance : *descriptors) {
        auto descriptor = decodeDescriptor(instance.object);
        if (descriptor)
            snapshot.descriptors.push_back(std::move(descriptor.value()));
        else
            snapshot.problems.push_back(descriptor.error().toString() + "; disk skipped");
    }

    // The rest fills in details; a class that cannot be read leaves a gap.
    const auto optional = [&](std::string_view className, const char *consequence, auto &&decodeInto) {
        auto instances = readClass(*session, className);
        if (!instances) {
            snapshot.problems.push_back(instances.error().toString() + "; " + consequence);
            return;
        }
        for (const WmiInstance &instance : *instances)
            decodeInto(instance.object);
    };
    optional("DSM_QueryLBPolicy_V2", "policies and path states are unknown", [&](const WmiObject &object) {
        auto policy = decodeLbPolicy(object);
        if (policy)
            snapshot.policies.push_back(std::move(policy.value()));
        else
            snapshot.problems.push_back(policy.error().toString() + "; that disk's policy is unknown");
    });
    optional("MPIO_PATH_INFORMATION", "paths have no adapter", [&](const WmiObject &object) {
        auto paths = decodePathInformation(object);
        if (paths)
            snapshot.adapterPaths.insert(snapshot.adapterPaths.end(), paths->begin(), paths->end());
        else
            snapshot.problems.push_back(paths.error().toString() + "; paths have no adapter");
    });
    optional("MPIO_DISK_INFO", "serial numbers and DSM names are unknown", [&](const WmiObject &object) {
        auto drives = decodeDiskInfo(object);
        if (drives)
            snapshot.drives.insert(snapshot.drives.end(), drives->begin(), drives->end());
        else
            snapshot.problems.push_back(drives.error().toString() + "; serial numbers are unknown");
    });
    const auto taken = std::chrono::system_clock::now();
    optional("MSDSM_DEVICE_PERF", "path counters are unavailable", [&](const WmiObject &object) {
        auto perf = decodeDevicePerf(object, taken);
        if (perf)
            snapshot.perf.push_back(std::move(perf.value()));
        else
            snapshot.problems.push_back(perf.error().toString() + "; that disk has no counters");
    });
    snapshot.taken = taken;

    std::lock_guard lock(m_mutex);
    m_problems = snapshot.problems;
    return snapshot;
}

Result<std::vector<MpioDisk>> WindowsMpio::disks(const std::string &host)
{
    auto read = snapshot(host);
    if (!read)
        return read.error();
    AssembledDisks assembled = assembleMpioDisks(*read);
    std::lock_guard lock(m_mutex);
    m_problems = read->problems;
    m_problems.insert(m_problems.end(), assembled.problems.begin(), assembled.problems.end());
    return std::move(assembled.disks);
}

ChangeResult WindowsMpio::claim(const std::string &host, const ClaimRequest &request)
{
    if (auto ok = checkHost(host); !ok)
        return ok.error();
    auto runs = mpclaimClaimRuns(request);
    if (!runs)
        return runs.error();
    auto mpclaim = win::systemProgram("mpclaim.exe");
    if (!mpclaim)
        return mpclaim.error();

    std::vector<MpclaimRun> finished;
    for (const std::vector<std::string> &arguments : *runs) {
        auto output = win::runProcess(*mpclaim, arguments, kMpclaimTimeout);
        if (!output) {
            Error error = output.error();
            if (error.code == ERROR_FILE_NOT_FOUND)
                error.message += "; mpclaim.exe comes with the Multipath I/O feature";
            return error;
        }
        finished.push_back(MpclaimRun{arguments, output->exitCode, output->output});
    }

    // Re-read: exit codes alone are not trusted (mpio-windows.md §1).
    std::optional<MpclaimHardwareList> hardware;
    if (auto listed = win::runProcess(*mpclaim, {"-e"}, std::chrono::minutes(2)); listed) {
        MpclaimHardwareList parsed = parseHardware(listed->output);
        if (parsed.recognised)
            hardware = std::move(parsed);
    }
    std::vector<std::string> instanceNames;
    {
        ComScope com;
        if (SUCCEEDED(com.result())) {
            if (auto session = openSession()) {
                if (auto descriptors = readClass(*session, "MPIO_GET_DESCRIPTOR")) {
                    for (const WmiInstance &instance : *descriptors) {
                        if (const WmiValue *name = instance.object.find("InstanceName"); name && name->asString())
                            instanceNames.push_back(*name->asString());
                    }
                }
            }
        }
    }

    ClaimVerdict verdict = evaluateClaim(request, finished, hardware, instanceNames);
    if (!verdict.ok)
        return verdict.error;
    return Change{verdict.rebootRequired, verdict.detail};
}

ChangeResult WindowsMpio::setPolicy(const std::string &host, std::uint32_t mpioDisk, LoadBalancePolicy policy,
                                    std::optional<std::uint64_t> preferredPath)
{
    if (auto ok = checkHost(host); !ok)
        return ok.error();
    ComScope com;
    if (FAILED(com.result()))
        return win::hresultFailure("CoInitializeEx", com.result());
    auto session = openSession();
    if (!session)
        return session.error();

    auto descriptor = findDescriptor(*session, mpioDisk);
    if (!descriptor)
        return descriptor.error();
    auto current = findPolicy(*session, descriptor->instanceName, mpioDisk);
    if (!current)
        return current.error();
    std::vector<std::uint64_t> pdoPathIds;
    for (const WmiPdo &pdo : descriptor->pdos)
        pdoPathIds.push_back(pdo.pathId);
    auto request = buildPolicyRequest(*current, policy, preferredPath, mpioDisk, pdoPathIds);
    if (!request)
        return request.error();

    // The method runs on the LUN's own DSM_LB_Operations instance; its
    // __PATH is exact, the built path is the fallback.
    std::string objectPath = wmiObjectPath("DSM_LB_Operations", "InstanceName", descriptor->instanceName);
    if (auto operations = readClass(*session, "DSM_LB_Operations")) {
        for (const WmiInstance &instance : *operations) {
            const WmiValue *name = instance.object.find("InstanceName");
            if (name && name->asString() && *name->asString() == descriptor->instanceName && !instance.path.empty())
                objectPath = instance.path;
        }
    }

    const std::string method = "DsmSetLoadBalancePolicyALUA";
    auto out = session->execMethod("DSM_LB_Operations", objectPath, method,
                                   {{"LoadBalancePolicy", WmiValue::object(policyRequestToWmi(*request))}});
    if (!out)
        return setPolicyMethodFailure(out.error(), mpioDisk);
    if (const WmiValue *status = out->find("Status")) {
        if (auto code = status->toUnsigned(32); code && *code != 0)
            return Error{"DSM_LB_Operations." + method,
                         "MPIO Disk" + std::to_string(mpioDisk) + ": " + dsmStatusText(static_cast<std::uint32_t>(*code)),
                         static_cast<long>(static_cast<std::int32_t>(*code))};
    }

    std::string detail = "MPIO Disk" + std::to_string(mpioDisk) + ": load-balance policy set to " +
                         std::string(toString(policy)) + " (was " + std::string(toString(current->policy)) + ')';
    if (preferredPath)
        detail += ", preferred path " + formatPathId(*preferredPath);
    // Read back what the DSM now reports.
    if (auto after = findPolicy(*session, descriptor->instanceName, mpioDisk)) {
        if (after->policy != policy)
            detail += "; the DSM now reports " + std::string(toString(after->policy));
    }
    return Change{false, detail};
}

} // namespace pathlens
