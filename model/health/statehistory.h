#pragma once

// Recent state changes per path, for path-flapping. Kept small: changes older
// than a horizon are dropped, and each path keeps a bounded number of them.

#include "platform/types.h"

#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

namespace pathlens {

class StateHistory final
{
public:
    using TimePoint = std::chrono::system_clock::time_point;

    /// A path's state at one reading; nullopt: the path was absent.
    using Observed = std::optional<PathState>;

    struct Change {
        TimePoint at;
        Observed from;
        Observed to;
    };

    /// Notes the state seen at @p at; a change from the last state seen is kept.
    void record(const std::string &pathIdentity, Observed state, TimePoint at);

    /// Whether the path was ever recorded (and not forgotten).
    bool knows(const std::string &pathIdentity) const;
    /// The last state recorded; nullopt when unknown or last seen absent.
    Observed last(const std::string &pathIdentity) const;
    /// Changes recorded at or after @p since.
    std::size_t changesSince(const std::string &pathIdentity, TimePoint since) const;
    const std::deque<Change> *changes(const std::string &pathIdentity) const;

    /// Drops changes before @p horizon, and paths last seen absent before it.
    void forgetBefore(TimePoint horizon);
    std::size_t size() const { return m_tracks.size(); }
    void clear() { m_tracks.clear(); }

    /// Changes kept per path at most; flapping needs only a few.
    static constexpr std::size_t MaxChangesPerPath = 64;

private:
    struct Track {
        Observed state;
        TimePoint seen{};
        std::deque<Change> changes;
    };
    std::unordered_map<std::string, Track> m_tracks;
};

} // namespace pathlens
