#pragma once

// I/O history of every path, disk, port and server, for the live charts.
//
// Each object (keyed by the tree's key path, "server/port/disk/path", so
// charts and tree agree) has one series in several tiers: every reading at
// full rate for a short span, then buckets of a coarser resolution for
// longer spans (by default 15 min at full rate, 10 s for 6 h, 1 min for 7
// days). Buckets keep sums and the per-reading minimum and maximum, so an
// average stays exact and a one-second peak survives a week-long view.
// Everything is compressed (historycodec.h) and dropped by whole blocks once
// older than its tier's span, so memory is bounded per series by the tier
// spans; memoryBytes() says what it is.
//
// Paths also keep their state changes (from, to, when) for the timeline.
//
// Not thread-safe: one thread (the UI thread, where PathSampler feeds it)
// appends and queries.

#include "model/history/historycodec.h"
#include "platform/types.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pathlens {

/// What a chart plots. Rates are per second; MB is 10^6 bytes.
enum class Metric { ReadIops, WriteIops, ReadMBps, WriteMBps, Outstanding };
inline constexpr Metric RateMetrics[] = {Metric::ReadIops, Metric::WriteIops, Metric::ReadMBps, Metric::WriteMBps};
/// "Read IOPS", "Write IOPS", "Read MB/s", "Write MB/s", "Outstanding".
std::string_view toString(Metric metric);

enum class ObjectLevel { Server, Port, Disk, Path };

/// [fromMs, toMs], milliseconds since the epoch (what QDateTimeAxis uses).
struct TimeWindow {
    std::int64_t fromMs = 0;
    std::int64_t toMs = 0;
    std::int64_t span() const { return toMs - fromMs; }
};

/// One reading (full rate) or one bucket. For a reading min == avg == max.
struct SeriesPoint {
    std::int64_t startMs = 0; ///< the interval the value covers
    std::int64_t endMs = 0;
    double min = 0.0;
    double avg = 0.0;
    double max = 0.0;

    std::int64_t midMs() const { return startMs + (endMs - startMs) / 2; }
};

/// One metric of one object over a window, oldest first.
struct RateSeries {
    std::string keyPath;
    Metric metric = Metric::ReadIops;
    std::int64_t resolutionMs = 0; ///< 0: every reading (full rate)
    std::vector<SeriesPoint> points;

    /// Whether nothing was measured between points[i - 1] and points[i]:
    /// a missed or failed reading, a counter reset, a path that was absent.
    bool gapBefore(std::size_t i) const;
};

/// Receives a query's points one at a time, oldest first per metric (no
/// vector in between; the chart's decimation reads them this way).
class PointSink
{
public:
    virtual ~PointSink() = default;
    /// @p metric: index into the metrics asked for.
    virtual void point(std::size_t metric, const SeriesPoint &point) = 0;
};

/// Whether nothing was measured between two successive points (see RateSeries::gapBefore).
bool isGapBetween(const SeriesPoint &previous, const SeriesPoint &next);

struct StateEvent {
    std::int64_t atMs = 0;
    PathState from = PathState::Unknown;
    PathState to = PathState::Unknown;
    friend bool operator==(const StateEvent &, const StateEvent &) = default;
};

/// One tier: readings rolled into buckets of @c resolution (zero: every
/// reading as it came), kept for @c span.
struct HistoryTier {
    std::chrono::milliseconds resolution{0};
    std::chrono::milliseconds span{0};
};

struct HistoryConfig {
    /// Tier 0 is the full-rate tier (resolution 0); then coarser ones, each
    /// with a longer span.
    std::vector<HistoryTier> tiers{{std::chrono::milliseconds(0), std::chrono::minutes(15)},
                                   {std::chrono::seconds(10), std::chrono::hours(6)},
                                   {std::chrono::minutes(1), std::chrono::hours(24 * 7)}};
    /// State changes kept per path at most (a flapping path makes many).
    std::size_t maxEventsPerPath = 1024;
    /// Records per compressed block: the unit of decoding and of dropping.
    std::uint32_t stepsPerBlock = 256;
    std::uint32_t bucketsPerBlock = 128;
};

class HistoryStore final
{
public:
    using SeriesId = std::uint32_t;
    using Step = history::CounterStep;

    explicit HistoryStore(HistoryConfig config = {});
    ~HistoryStore();
    HistoryStore(HistoryStore &&) noexcept;
    HistoryStore &operator=(HistoryStore &&) noexcept;

    const HistoryConfig &config() const { return m_config; }
    std::size_t tierCount() const { return m_config.tiers.size(); }

    // ---------------------------------------------------------- writing

    /// The series of an object, made on first use.
    SeriesId seriesFor(std::string_view keyPath, ObjectLevel level);
    std::optional<SeriesId> find(std::string_view keyPath) const;
    std::size_t seriesCount() const { return m_series.size(); }
    const std::string &keyPath(SeriesId id) const;
    ObjectLevel level(SeriesId id) const;

    /// Adds a step; steps of one series arrive in time order.
    void append(SeriesId id, const Step &step);
    /// Notes a path's state at a reading; a change from the last one noted
    /// is kept as an event.
    void noteState(SeriesId id, std::int64_t atMs, PathState state);

    void clear();

    // --------------------------------------------------------- querying

    /// The tier a chart of @p window, @p pixelWidth columns wide, reads: the
    /// coarsest one still finer than a pixel column among those holding the
    /// whole window; else the finest that holds it; else the longest.
    std::size_t tierFor(const TimeWindow &window, int pixelWidth) const;

    /// One metric of an object over the window from one tier. Unknown keys
    /// give an empty series.
    RateSeries series(std::string_view keyPath, Metric metric, const TimeWindow &window, std::size_t tier) const;
    /// Several metrics of an object, decoded once.
    std::vector<RateSeries> series(std::string_view keyPath, std::span<const Metric> metrics,
                                   const TimeWindow &window, std::size_t tier) const;

    /// The same points handed to @p sink as they are decoded.
    void visit(std::string_view keyPath, std::span<const Metric> metrics, const TimeWindow &window, std::size_t tier,
               PointSink &sink) const;

    /// A path's state changes in the window, oldest first.
    std::vector<StateEvent> stateEvents(std::string_view pathKeyPath, const TimeWindow &window) const;
    /// A path's state at a moment; nullopt before it was first seen.
    std::optional<PathState> stateAt(std::string_view pathKeyPath, std::int64_t ms) const;
    struct PathStateEvent {
        std::string pathKeyPath;
        StateEvent event;
    };
    /// State changes of every path at or below @p keyPath (a disk's, a
    /// port's, a server's paths), by time.
    std::vector<PathStateEvent> stateEventsUnder(std::string_view keyPath, const TimeWindow &window) const;

    /// Key paths of the series at or below @p keyPath on one level, in the
    /// order they were first seen (e.g. a disk's paths).
    std::vector<std::string> keysUnder(std::string_view keyPath, ObjectLevel level) const;

    /// Newest step time of any series; 0 when empty.
    std::int64_t newestMs() const { return m_newestMs; }

    // ----------------------------------------------------------- memory

    struct Usage {
        std::size_t series = 0;
        std::size_t steps = 0;        ///< full-rate records held
        std::size_t buckets = 0;      ///< rolled records held (open ones included)
        std::size_t events = 0;
        std::size_t stepBytes = 0;    ///< encoded bytes of the full-rate tier
        std::size_t bucketBytes = 0;  ///< encoded bytes of the rolled tiers
        std::size_t heapBytes = 0;    ///< everything, spare capacity and bookkeeping included
    };
    Usage usage() const;
    std::size_t memoryBytes() const { return usage().heapBytes; }

    /// Blocks a query decoded are kept for the next one (a chart reads the
    /// same window every tick; only the newest block changes), least
    /// recently used out first, within this many bytes (default 64 MB;
    /// not part of memoryBytes()). Zero turns the cache off.
    void setDecodedCacheLimit(std::size_t bytes);
    std::size_t decodedCacheBytes() const;
    void dropDecodedCache() const;

private:
    struct Series;
    struct DecodedCache;
    void visit(SeriesId id, std::span<const Metric> metrics, const TimeWindow &window, std::size_t tier,
               PointSink &sink) const;
    const Series *lookup(std::string_view keyPath) const;

    HistoryConfig m_config;
    std::unique_ptr<DecodedCache> m_cache;
    std::vector<std::unique_ptr<Series>> m_series;
    std::unordered_map<std::string, SeriesId> m_byKey;
    std::int64_t m_firstMs = 0;
    std::int64_t m_newestMs = 0;
};

} // namespace pathlens
