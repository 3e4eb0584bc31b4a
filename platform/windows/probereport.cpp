#include "probereport.h"

#include "devicedecode.h"
#include "jsonwriter.h"

#include <algorithm>
#include <map>

namespace pathlens {
namespace {

void writePci(JsonWriter &json, std::string_view name, const std::optional<PciLocation> &pci)
{
    json.key(name);
    if (!pci) {
        json.null();
        return;
    }
    json.beginObject()
        .memberUInt("bus", pci->bus)
        .memberUInt("device", pci->device)
        .memberUInt("function", pci->function)
        .endObject();
}

void writeDriver(JsonWriter &json, const DriverPackage &driver)
{
    json.beginObject()
        .member("description", driver.description)
        .member("provider", driver.provider)
        .member("version", driver.version)
        .member("date", driver.date)
        .member("infName", driver.infName)
        .member("service", driver.service)
        .endObject();
}

void writeError(JsonWriter &json, const ProbeFailure &failure)
{
    json.beginObject()
        .member("part", failure.part)
        .member("operation", failure.error.operation)
        .member("message", failure.error.message)
        .memberInt("code", failure.error.code)
        .endObject();
}

const std::vector<DriverPackage> *driversOf(const ProbeData &data, const std::string &instanceId)
{
    for (const auto &[id, drivers] : data.drivers) {
        if (id == instanceId)
            return &drivers;
    }
    return nullptr;
}

/// One adapter in the shape of docs/bundle.md's windows/adapters.json.
void writeAdapter(JsonWriter &json, const ProbeData &data, const Adapter &adapter, bool withDrivers)
{
    json.beginObject()
        .member("instanceId", adapter.instanceId)
        .member("description", adapter.description)
        .member("class", toString(adapter.deviceClass));
    writePci(json, "pci", adapter.pci);
    json.member("locationText", adapter.locationText);
    json.key("hardwareIds").beginArray();
    for (const std::string &id : adapter.hardwareIds)
        json.string(id);
    json.endArray();
    json.key("driver");
    writeDriver(json, adapter.driver);
    if (withDrivers) {
        // Absent where the search failed (listed under "errors"): "not captured", not "none".
        if (const std::vector<DriverPackage> *drivers = driversOf(data, adapter.instanceId)) {
            json.key("compatibleDrivers").beginArray();
            for (const DriverPackage &driver : *drivers)
                writeDriver(json, driver);
            json.endArray();
        }
    }
    json.endObject();
}

void writeCounters(JsonWriter &json, const PathCounters &counters)
{
    json.beginObject()
        .memberUInt("numberReads", counters.reads)
        .memberUInt("numberWrites", counters.writes)
        .memberUInt("bytesRead", counters.bytesRead)
        .memberUInt("bytesWritten", counters.bytesWritten)
        .member("taken", formatIsoUtc(counters.taken))
        .endObject();
}

void writeDisk(JsonWriter &json, const MpioDisk &disk)
{
    json.beginObject()
        .memberUInt("mpioDisk", disk.number)
        .member("serial", disk.serial)
        .member("vendor", disk.vendor)
        .member("product", disk.product)
        .member("dsm", disk.dsm);
    json.key("policy");
    if (disk.policy == LoadBalancePolicy::Unknown)
        json.null();
    else
        json.string(toShortString(disk.policy));
    json.key("alua");
    if (disk.alua == AluaSupport::Unknown)
        json.null();
    else
        json.string(toString(disk.alua));
    json.key("paths").beginArray();
    for (const MpioPath &path : disk.paths) {
        json.beginObject()
            .member("pathId", formatPathId(path.pathId))
            .memberUInt("pathIdentifier", path.pathId);
        json.key("state");
        if (path.state == PathState::Unknown)
            json.null();
        else
            json.string(toString(path.state));
        json.member("scsiAddress", path.scsi.toString())
            .memberUInt("weight", path.weight)
            .memberUInt("tpgId", path.tpgId ? std::optional<std::uint64_t>(*path.tpgId) : std::nullopt);
        json.key("tpgState");
        if (path.tpgState == PathState::Unknown)
            json.null();
        else
            json.string(toString(path.tpgState));
        json.member("preferred", path.preferred).member("adapter", path.adapterName);
        writePci(json, "adapterPci", path.adapterPci);
        json.key("counters");
        writeCounters(json, path.counters);
        json.endObject();
    }
    json.endArray();
    json.endObject();
}

void writeProbe(JsonWriter &json, const ProbeData &data, const ProbeOptions &options)
{
    json.beginObject()
        .member("format", "pathlens-probe")
        .memberInt("version", 1)
        .member("tool", data.tool)
        .member("host", data.host);
    json.key("fqdn");
    if (data.fqdn.empty())
        json.null();
    else
        json.string(data.fqdn);
    json.member("collected", formatIsoUtc(data.collected));

    json.key("adapters");
    if (options.adapters && data.adapters) {
        json.beginArray();
        for (const Adapter &adapter : *data.adapters)
            writeAdapter(json, data, adapter, options.drivers);
        json.endArray();
    } else {
        json.null();
    }

    json.key("mpio");
    if (options.mpio && data.disks) {
        json.beginObject().key("disks").beginArray();
        for (const MpioDisk &disk : *data.disks)
            writeDisk(json, disk);
        json.endArray().endObject();
    } else {
        json.null();
    }

    json.key("errors").beginArray();
    for (const ProbeFailure &failure : data.failures)
        writeError(json, failure);
    json.endArray();
    json.key("problems").beginArray();
    for (const std::string &problem : data.problems)
        json.string(problem);
    json.endArray();
    json.endObject();
}

void writeBundleAdapters(JsonWriter &json, const ProbeData &data, const ProbeOptions &options)
{
    json.beginObject().member("format", "pathlens-adapters").memberInt("version", 1).member("host", data.host);
    json.key("adapters").beginArray();
    if (data.adapters) {
        for (const Adapter &adapter : *data.adapters)
            writeAdapter(json, data, adapter, options.drivers);
    }
    json.endArray().endObject();
}

void writeBundleMpioPaths(JsonWriter &json, const ProbeData &data)
{
    json.beginObject().member("format", "pathlens-mpio-paths").memberInt("version", 1).member("host", data.host);
    json.key("paths").beginArray();
    if (data.snapshot) {
        for (const WmiAdapterPath &path : data.snapshot->adapterPaths) {
            // As the collector does: a PCI location only where an adapter of
            // this computer sits there; without the inventory, WMI's non-zero ones.
            std::optional<PciLocation> pci = path.pci;
            if (data.adapters && pci) {
                const bool known = std::any_of(data.adapters->begin(), data.adapters->end(),
                                               [&](const Adapter &a) { return a.pci == pci; });
                if (!known)
                    pci.reset();
            }
            json.beginObject()
                .member("pathId", formatPathId(path.pathId))
                .memberUInt("pathIdentifier", path.pathId)
                .member("adapterName", path.adapterName);
            writePci(json, "pci", pci);
            writePci(json, "wmiLocation", path.wmiLocation);
            json.endObject();
        }
    }
    json.endArray();
    json.key("disks").beginArray();
    if (data.snapshot) {
        for (const WmiDescriptor &descriptor : data.snapshot->descriptors) {
            json.beginObject()
                .member("deviceName", descriptor.deviceName)
                .member("instanceName", descriptor.instanceName)
                .endObject();
        }
    }
    json.endArray().endObject();
}

void writeBundlePerf(JsonWriter &json, const ProbeData &data)
{
    const auto taken = data.snapshot ? data.snapshot->taken : data.collected;
    json.beginObject()
        .member("format", "pathlens-msdsm-perf")
        .memberInt("version", 1)
        .member("taken", formatIsoUtc(taken));
    json.key("devices").beginArray();
    if (data.snapshot) {
        std::map<std::string, std::string, std::less<>> deviceNames;
        for (const WmiDescriptor &descriptor : data.snapshot->descriptors)
            deviceNames.emplace(descriptor.instanceName, descriptor.deviceName);
        for (const WmiDevicePerf &device : data.snapshot->perf) {
            json.beginObject().member("instanceName", device.instanceName);
            if (auto name = deviceNames.find(device.instanceName); name != deviceNames.end())
                json.member("deviceName", name->second);
            json.key("paths").beginArray();
            for (const WmiPathPerf &path : device.paths) {
                json.beginObject()
                    .member("pathId", formatPathId(path.pathId))
                    .memberUInt("numberReads", path.counters.reads)
                    .memberUInt("numberWrites", path.counters.writes)
                    .memberUInt("bytesRead", path.counters.bytesRead)
                    .memberUInt("bytesWritten", path.counters.bytesWritten)
                    .endObject();
            }
            json.endArray().endObject();
        }
    }
    json.endArray().endObject();
}

} // namespace

Result<ProbeOptions> parseProbeOptions(const std::vector<std::string> &arguments)
{
    ProbeOptions options;
    const auto usageError = [](std::string message) { return Error{"pathlens-probe", std::move(message), 0}; };
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string &argument = arguments[i];
        if (argument == "--help" || argument == "-h" || argument == "/?" || argument == "-?") {
            options.help = true;
        } else if (argument == "--version") {
            options.version = true;
        } else if (argument == "--drivers") {
            options.drivers = true;
        } else if (argument == "--no-adapters") {
            options.adapters = false;
        } else if (argument == "--no-mpio") {
            options.mpio = false;
        } else if (argument == "--format" || argument.rfind("--format=", 0) == 0) {
            std::string value;
            if (argument == "--format") {
                if (i + 1 >= arguments.size())
                    return usageError("--format needs a value: probe, adapters, mpio-paths or msdsm-perf");
                value = arguments[++i];
            } else {
                value = argument.substr(9);
            }
            if (value == "probe")
                options.format = ProbeOptions::Format::Probe;
            else if (value == "adapters")
                options.format = ProbeOptions::Format::BundleAdapters;
            else if (value == "mpio-paths")
                options.format = ProbeOptions::Format::BundleMpioPaths;
            else if (value == "msdsm-perf")
                options.format = ProbeOptions::Format::BundlePerf;
            else
                return usageError("unknown format \"" + value + "\"; use probe, adapters, mpio-paths or msdsm-perf");
        } else {
            return usageError("unknown argument \"" + argument + "\"; see --help");
        }
    }
    if (options.format == ProbeOptions::Format::Probe && !options.adapters && !options.mpio && !options.help &&
        !options.version)
        return usageError("--no-adapters and --no-mpio together leave nothing to read");
    return options;
}

std::string probeUsage()
{
    return "Usage: pathlens-probe [options]\n"
           "\n"
           "Reads this computer's SCSI and network adapters (SetupAPI) and Windows MPIO\n"
           "(WMI root\\wmi) and prints them as JSON (UTF-8) on standard output. It only\n"
           "reads: no driver, claim or policy is changed. Run it elevated; without\n"
           "administrator rights MPIO data may be refused.\n"
           "\n"
           "Options:\n"
           "  --drivers            also list the drivers compatible with each adapter\n"
           "  --no-adapters        leave out the adapters\n"
           "  --no-mpio            leave out MPIO\n"
           "  --format FORMAT      probe (default): one document with everything;\n"
           "                       adapters:   windows/adapters.json of a support bundle;\n"
           "                       mpio-paths: windows/mpio-paths.json;\n"
           "                       msdsm-perf: windows/msdsm-perf-<t>.json\n"
           "  --version            print the version and exit\n"
           "  -h, --help, /?       print this help and exit\n"
           "\n"
           "Exit codes:\n"
           "  0  everything requested was read\n"
           "  1  the JSON was written, but a part could not be read (see \"errors\")\n"
           "  2  bad command line\n"
           "  3  the output could not be written\n";
}

bool probeNeedsAdapters(const ProbeOptions &options)
{
    switch (options.format) {
    case ProbeOptions::Format::Probe: return options.adapters;
    case ProbeOptions::Format::BundleAdapters: return true;
    case ProbeOptions::Format::BundleMpioPaths: return true; // filters PCI locations
    case ProbeOptions::Format::BundlePerf: return false;
    }
    return false;
}

bool probeNeedsMpio(const ProbeOptions &options)
{
    switch (options.format) {
    case ProbeOptions::Format::Probe: return options.mpio;
    case ProbeOptions::Format::BundleAdapters: return false;
    case ProbeOptions::Format::BundleMpioPaths:
    case ProbeOptions::Format::BundlePerf: return true;
    }
    return false;
}

std::string probeBundleFileName(const ProbeOptions &options, std::chrono::system_clock::time_point taken)
{
    switch (options.format) {
    case ProbeOptions::Format::Probe: return {};
    case ProbeOptions::Format::BundleAdapters: return "windows/adapters.json";
    case ProbeOptions::Format::BundleMpioPaths: return "windows/mpio-paths.json";
    case ProbeOptions::Format::BundlePerf: {
        std::string stamp = formatIsoUtc(taken); // 2024-06-08T21:13:20Z -> 20240608T211320Z
        stamp.erase(std::remove_if(stamp.begin(), stamp.end(), [](char c) { return c == '-' || c == ':'; }),
                    stamp.end());
        return "windows/msdsm-perf-" + stamp + ".json";
    }
    }
    return {};
}

std::string renderProbe(const ProbeData &data, const ProbeOptions &options)
{
    JsonWriter json;
    switch (options.format) {
    case ProbeOptions::Format::Probe: writeProbe(json, data, options); break;
    case ProbeOptions::Format::BundleAdapters: writeBundleAdapters(json, data, options); break;
    case ProbeOptions::Format::BundleMpioPaths: writeBundleMpioPaths(json, data); break;
    case ProbeOptions::Format::BundlePerf: writeBundlePerf(json, data); break;
    }
    return json.text() + '\n';
}

int probeExitCode(const ProbeData &data)
{
    return data.failures.empty() ? kProbeExitOk : kProbeExitPartial;
}

} // namespace pathlens
