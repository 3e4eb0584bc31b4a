#pragma once

// Runs a program from an argument vector and captures what it prints.
// Windows only. The command line is built by buildCommandLine (quoted per
// CommandLineToArgvW rules); no shell is involved.

#include "platform/result.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace pathlens::win {

struct ProcessOutput {
    std::uint32_t exitCode = 0;
    std::string output; ///< stdout and stderr together, as UTF-8
};

/// Starts @p program (a full path) with @p arguments, without a console
/// window, stdin from NUL, stdout and stderr into one pipe; only the pipe's
/// write end is inherited. Waits at most @p timeout, then ends that process
/// and reports an Error.
Result<ProcessOutput> runProcess(const std::string &program, const std::vector<std::string> &arguments,
                                 std::chrono::milliseconds timeout);

/// "C:\Windows\System32\mpclaim.exe" from the system directory (not PATH).
Result<std::string> systemProgram(const std::string &fileName);

} // namespace pathlens::win
