#include "model/health/statehistory.h"

#include <algorithm>

namespace pathlens {

void StateHistory::record(const std::string &pathIdentity, Observed state, TimePoint at)
{
    auto found = m_tracks.find(pathIdentity);
    if (found == m_tracks.end()) {
        // A path first seen absent has nothing to compare with.
        if (!state)
            return;
        m_tracks.emplace(pathIdentity, Track{state, at, {}});
        return;
    }
    Track &track = found->second;
    if (track.state != state) {
        track.changes.push_back(Change{at, track.state, state});
        while (track.changes.size() > MaxChangesPerPath)
            track.changes.pop_front();
        track.state = state;
    }
    track.seen = at;
}

bool StateHistory::knows(const std::string &pathIdentity) const
{
    return m_tracks.count(pathIdentity) != 0;
}

StateHistory::Observed StateHistory::last(const std::string &pathIdentity) const
{
    const auto found = m_tracks.find(pathIdentity);
    return found == m_tracks.end() ? Observed{} : found->second.state;
}

std::size_t StateHistory::changesSince(const std::string &pathIdentity, TimePoint since) const
{
    const auto found = m_tracks.find(pathIdentity);
    if (found == m_tracks.end())
        return 0;
    const auto &changes = found->second.changes;
    return std::size_t(
        std::count_if(changes.begin(), changes.end(), [since](const Change &c) { return c.at >= since; }));
}

const std::deque<StateHistory::Change> *StateHistory::changes(const std::string &pathIdentity) const
{
    const auto found = m_tracks.find(pathIdentity);
    return found == m_tracks.end() ? nullptr : &found->second.changes;
}

void StateHistory::forgetBefore(TimePoint horizon)
{
    for (auto it = m_tracks.begin(); it != m_tracks.end();) {
        Track &track = it->second;
        while (!track.changes.empty() && track.changes.front().at < horizon)
            track.changes.pop_front();
        if (!track.state && track.seen < horizon)
            it = m_tracks.erase(it);
        else
            ++it;
    }
}

} // namespace pathlens
