#pragma once

// pathlens-platform-tests.exe is also the child program of the process
// tests: started with one of these as its first argument, main() does that
// one small thing instead of running the tests. A copy of a real console
// program, so what it receives is what mpclaim.exe would receive.

#include <string_view>

namespace pathlens::wintest {

/// Prints "argc <n>" and then, for every argument CommandLineToArgvW finds
/// in GetCommandLineW() (argv[0] included), "arg <hex of its UTF-8>", one a
/// line. Hex, so no code page or quoting can blur what arrived.
inline constexpr std::string_view kEchoArguments = "--child-echo-arguments";
/// Prints "hanging" and sleeps for two minutes: the caller's timeout must end it.
inline constexpr std::string_view kHang = "--child-hang";
/// Prints "out" on stdout and "err" on stderr, then exits with the number
/// in the next argument.
inline constexpr std::string_view kExit = "--child-exit";
/// Writes as many bytes as the next argument says ('x's, a line end every 64).
inline constexpr std::string_view kFlood = "--child-flood";

/// Runs the child mode named by argv[1]: its exit code, or -1 for none.
int runChildMode(int argc, char **argv);

} // namespace pathlens::wintest
