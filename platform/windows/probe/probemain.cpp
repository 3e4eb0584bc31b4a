// pathlens-probe: prints the local computer's SCSI/network adapters and
// Windows MPIO state as JSON, through the same backend the console uses.
// Read-only. See --help and platform/windows/probereport.h.

#include "platform/windows/comptr.h"
#include "platform/windows/probereport.h"
#include "platform/windows/setupapidevices.h"
#include "platform/windows/windowsbackend.h"
#include "platform/windows/winsupport.h"
#include "platform/windows/wmimpio.h"

#include <windows.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace pathlens;

/// Writes UTF-8 text to a standard handle: as UTF-16 to a console (whose code
/// page may not be UTF-8), as the bytes themselves to a file or pipe.
bool writeText(DWORD which, std::string_view text)
{
    const HANDLE handle = GetStdHandle(which);
    if (handle == nullptr || handle == INVALID_HANDLE_VALUE)
        return false;
    DWORD mode = 0;
    if (GetConsoleMode(handle, &mode)) {
        const std::wstring wide = win::toWide(text);
        std::size_t done = 0;
        while (done < wide.size()) {
            DWORD written = 0;
            const auto chunk = static_cast<DWORD>(std::min<std::size_t>(wide.size() - done, 16384));
            if (!WriteConsoleW(handle, wide.data() + done, chunk, &written, nullptr) || written == 0)
                return false;
            done += written;
        }
        return true;
    }
    std::size_t done = 0;
    while (done < text.size()) {
        DWORD written = 0;
        const auto chunk = static_cast<DWORD>(std::min<std::size_t>(text.size() - done, 1 << 20));
        if (!WriteFile(handle, text.data() + done, chunk, &written, nullptr) || written == 0)
            return false;
        done += written;
    }
    return true;
}

void gatherAdapters(WindowsBackend &backend, const ProbeOptions &options, ProbeData &data)
{
    auto adapters = backend.devices()->adapters(backend.computerName());
    for (const std::string &problem : backend.windowsDevices().problems())
        data.problems.push_back(problem);
    if (!adapters) {
        data.failures.push_back({"adapters", adapters.error()});
        return;
    }
    if (options.drivers) {
        for (const Adapter &adapter : *adapters) {
            auto drivers = backend.devices()->compatibleDrivers(backend.computerName(), adapter.instanceId);
            if (drivers)
                data.drivers.emplace_back(adapter.instanceId, std::move(drivers.value()));
            else
                data.failures.push_back({"drivers " + adapter.instanceId, drivers.error()});
        }
    }
    data.adapters = std::move(adapters.value());
}

void gatherMpio(WindowsBackend &backend, ProbeData &data)
{
    auto snapshot = backend.windowsMpio().snapshot(backend.computerName());
    if (!snapshot) {
        data.failures.push_back({"mpio", snapshot.error()});
        return;
    }
    AssembledDisks assembled = assembleMpioDisks(*snapshot);
    data.problems.insert(data.problems.end(), snapshot->problems.begin(), snapshot->problems.end());
    data.problems.insert(data.problems.end(), assembled.problems.begin(), assembled.problems.end());
    data.disks = std::move(assembled.disks);
    data.snapshot = std::move(snapshot.value());
}

} // namespace

int wmain(int argc, wchar_t **argv)
{
    std::vector<std::string> arguments;
    for (int i = 1; i < argc; ++i)
        arguments.push_back(win::toUtf8(argv[i]));

    auto options = parseProbeOptions(arguments);
    if (!options) {
        writeText(STD_ERROR_HANDLE, "pathlens-probe: " + options.error().message + '\n');
        return kProbeExitUsage;
    }
    if (options->help)
        return writeText(STD_OUTPUT_HANDLE, probeUsage()) ? kProbeExitOk : kProbeExitOutput;
    if (options->version)
        return writeText(STD_OUTPUT_HANDLE, std::string("pathlens-probe ") + PATHLENS_VERSION + '\n')
                   ? kProbeExitOk
                   : kProbeExitOutput;

    // One apartment for the whole run, so the COM security WindowsBackend::open
    // sets stays in force for every later WMI call.
    win::ComScope com;

    ProbeData data;
    data.tool = std::string("pathlens-probe ") + PATHLENS_VERSION;
    data.collected = std::chrono::system_clock::now();

    auto backend = WindowsBackend::open();
    if (!backend) {
        data.failures.push_back({"backend", backend.error()});
    } else {
        WindowsBackend &windows = *backend.value();
        data.host = windows.computerName();
        data.fqdn = windows.dnsName();
        if (probeNeedsAdapters(*options))
            gatherAdapters(windows, *options, data);
        if (probeNeedsMpio(*options))
            gatherMpio(windows, data);
    }

    if (!writeText(STD_OUTPUT_HANDLE, renderProbe(data, *options)))
        return kProbeExitOutput;
    for (const ProbeFailure &failure : data.failures)
        writeText(STD_ERROR_HANDLE, "pathlens-probe: " + failure.part + ": " + failure.error.toString() + '\n');
    return probeExitCode(data);
}
