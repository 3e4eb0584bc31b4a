#pragma once

#include "model/baseline.h"
#include "model/health/counterhistory.h"
#include "model/health/statehistory.h"

#include <chrono>
#include <cstddef>
#include <optional>

namespace pathlens {

/// Thresholds of the rules that need them (docs/health-rules.md).
struct HealthSettings {
    /// path-flapping: this many state changes ...
    std::size_t flapChanges = 3;
    /// ... within this window.
    std::chrono::seconds flapWindow{10 * 60};
    /// io-on-non-optimized: operations per second below this are noise
    /// (path verification, a stray inquiry), not I/O.
    double minIoRate = 1.0;
    /// io-on-non-optimized is critical when most of a LUN's reads take
    /// non-optimized paths at this rate or more.
    double criticalReadRate = 100.0;
    CounterLimits counters;
};

/// What an evaluation knows besides the reading itself.
struct HealthContext {
    HealthSettings settings;
    CounterHistory counters; ///< the previous reading of each path's counters
    StateHistory states;     ///< recent state changes, for path-flapping
    std::optional<Baseline> baseline;
    /// When the reading was taken; unset: the newest counter time in the
    /// reading, else the system clock.
    std::optional<std::chrono::system_clock::time_point> now;
};

} // namespace pathlens
