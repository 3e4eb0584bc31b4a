#pragma once

namespace pathlens {

/// Parses the command line, opens the chosen backend and runs the console.
/// Returns the process exit code.
int runApplication(int argc, char **argv);

} // namespace pathlens
