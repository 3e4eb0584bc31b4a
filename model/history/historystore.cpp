#include "model/history/historystore.h"

#include <algorithm>

namespace pathlens {

using history::BlockRing;
using history::BucketCodec;
using history::CounterStep;
using history::RateBucket;
using history::RateField;
using history::StepCodec;

std::string_view toString(Metric metric)
{
    switch (metric) {
    case Metric::ReadIops:
        return "Read IOPS";
    case Metric::WriteIops:
        return "Write IOPS";
    case Metric::ReadMBps:
        return "Read MB/s";
    case Metric::WriteMBps:
        return "Write MB/s";
    case Metric::Outstanding:
        break;
    }
    return "Outstanding";
}

bool isGapBetween(const SeriesPoint &previous, const SeriesPoint &next)
{
    // Timestamps of separate readings jitter by a few milliseconds; only
    // half a point's length of nothing is a gap.
    const std::int64_t tolerance = std::max<std::int64_t>(1, (next.endMs - next.startMs) / 2);
    return next.startMs - previous.endMs > tolerance;
}

bool RateSeries::gapBefore(std::size_t i) const
{
    return i > 0 && i < points.size() && isGapBetween(points[i - 1], points[i]);
}

namespace {

std::int64_t floorTo(std::int64_t value, std::int64_t step)
{
    const std::int64_t q = value / step;
    return (q * step > value ? q - 1 : q) * step;
}

RateField fieldOf(Metric metric)
{
    switch (metric) {
    case Metric::ReadIops:
        return history::ReadOps;
    case Metric::WriteIops:
        return history::WriteOps;
    case Metric::ReadMBps:
        return history::ReadBytes;
    case Metric::WriteMBps:
    case Metric::Outstanding:
        break;
    }
    return history::WriteBytes;
}

double scaleOf(Metric metric)
{
    return metric == Metric::ReadMBps || metric == Metric::WriteMBps ? 1e-6 : 1.0;
}

std::uint64_t bucketSum(const RateBucket &bucket, RateField field)
{
    switch (field) {
    case history::ReadOps:
        return bucket.reads;
    case history::WriteOps:
        return bucket.writes;
    case history::ReadBytes:
        return bucket.bytesRead;
    case history::WriteBytes:
    case history::RateFieldCount:
        break;
    }
    return bucket.bytesWritten;
}

bool isUnder(std::string_view key, std::string_view prefix)
{
    return key.size() >= prefix.size() && key.substr(0, prefix.size()) == prefix
        && (key.size() == prefix.size() || prefix.empty() || key[prefix.size()] == '/');
}

} // namespace

// ------------------------------------------------------------- internals

struct HistoryStore::Series {
    struct Rolled {
        BlockRing<RateBucket, BucketCodec> ring;
        RateBucket open;
        bool hasOpen = false;
    };
    struct States {
        std::int64_t firstMs = 0;
        PathState first = PathState::Unknown;
        PathState last = PathState::Unknown;
        std::vector<StateEvent> events;
    };

    const std::string *keyPath = nullptr; ///< the map's key
    ObjectLevel level = ObjectLevel::Path;
    std::int64_t newestMs = 0;
    BlockRing<CounterStep, StepCodec> raw;
    std::unique_ptr<Rolled[]> rolled; ///< tiers 1..n-1
    std::unique_ptr<States> states;   ///< paths, once a state was noted
};

// Decoded blocks per series and tier, kept between queries. A block's bits
// never change once written, so a cached block stays right; the open block
// is topped up from where decoding stopped.
struct HistoryStore::DecodedCache {
    struct Key {
        SeriesId series = 0;
        std::uint32_t tier = 0;
        friend bool operator==(const Key &, const Key &) = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key &key) const
        {
            return std::hash<std::uint64_t>()(std::uint64_t(key.series) * 8 + key.tier);
        }
    };
    template <typename Record, typename Codec>
    struct Block {
        std::vector<Record> records;
        typename BlockRing<Record, Codec>::Cursor cursor;
    };
    template <typename Record, typename Codec>
    struct Blocks {
        std::uint64_t first = 0; ///< sequence number of blocks[0]
        std::vector<Block<Record, Codec>> blocks;
        std::uint64_t lastUse = 0;
        std::size_t bytes = 0;

        std::size_t measure() const
        {
            std::size_t total = sizeof(*this) + blocks.capacity() * sizeof(Block<Record, Codec>) + 64;
            for (const auto &block : blocks)
                total += block.records.capacity() * sizeof(Record);
            return total;
        }

        /// Block @p index of @p ring, decoded as far as the ring has it.
        const std::vector<Record> &records(const BlockRing<Record, Codec> &ring, std::size_t index)
        {
            // Blocks the ring dropped go from here too.
            const std::uint64_t oldest = ring.sequence(0);
            if (!blocks.empty() && first < oldest) {
                const std::size_t stale = std::size_t(std::min<std::uint64_t>(oldest - first, blocks.size()));
                blocks.erase(blocks.begin(), blocks.begin() + std::ptrdiff_t(stale));
                first += stale;
            }
            const std::uint64_t sequence = ring.sequence(index);
            if (blocks.empty())
                first = sequence;
            if (sequence < first) {
                blocks.insert(blocks.begin(), std::size_t(first - sequence), Block<Record, Codec>());
                first = sequence;
            }
            const std::size_t at = std::size_t(sequence - first);
            if (at >= blocks.size())
                blocks.resize(at + 1);
            Block<Record, Codec> &block = blocks[at];
            ring.decodeMore(index, block.cursor, block.records);
            return block.records;
        }
    };
    template <typename Record, typename Codec>
    using Map = std::unordered_map<Key, Blocks<Record, Codec>, KeyHash>;

    Map<CounterStep, StepCodec> steps;
    Map<RateBucket, BucketCodec> buckets;
    std::size_t bytes = 0;
    std::size_t limit = std::size_t(64) << 20;
    std::uint64_t clock = 0; ///< one per query

    void clear()
    {
        steps.clear();
        buckets.clear();
        bytes = 0;
    }

    template <typename Record, typename Codec>
    Blocks<Record, Codec> &blocksFor(Map<Record, Codec> &map, SeriesId series, std::size_t tier)
    {
        Blocks<Record, Codec> &blocks = map[Key{series, std::uint32_t(tier)}];
        blocks.lastUse = ++clock;
        return blocks;
    }

    /// After a query grew @p blocks: counts them, and evicts the least
    /// recently used series down to three quarters of the limit when over
    /// it (the one just read last of all).
    template <typename Record, typename Codec>
    void settle(Blocks<Record, Codec> &blocks)
    {
        const std::size_t now = blocks.measure();
        bytes = bytes - blocks.bytes + now;
        blocks.bytes = now;
        if (bytes > limit)
            trim(limit * 3 / 4);
    }

    void trim(std::size_t target)
    {
        std::vector<std::pair<std::uint64_t, std::size_t>> uses; // lastUse, bytes
        for (const auto &[key, blocks] : steps)
            uses.emplace_back(blocks.lastUse, blocks.bytes);
        for (const auto &[key, blocks] : buckets)
            uses.emplace_back(blocks.lastUse, blocks.bytes);
        std::sort(uses.begin(), uses.end());
        // Evict in order of use until under the target.
        std::uint64_t cutoff = 0;
        std::size_t left = bytes;
        for (const auto &[use, size] : uses) {
            if (left <= target)
                break;
            cutoff = use + 1;
            left -= std::min(left, size);
        }
        const auto evict = [&](auto &map) {
            for (auto it = map.begin(); it != map.end();) {
                if (it->second.lastUse < cutoff) {
                    bytes -= std::min(bytes, it->second.bytes);
                    it = map.erase(it);
                } else {
                    ++it;
                }
            }
        };
        evict(steps);
        evict(buckets);
    }
};

HistoryStore::HistoryStore(HistoryConfig config)
    : m_config(std::move(config))
    , m_cache(std::make_unique<DecodedCache>())
{
    if (m_config.tiers.empty() || m_config.tiers.front().resolution.count() != 0)
        m_config.tiers.insert(m_config.tiers.begin(), HistoryTier{std::chrono::milliseconds(0), std::chrono::minutes(15)});
    for (std::size_t t = 1; t < m_config.tiers.size(); ++t) {
        if (m_config.tiers[t].resolution.count() <= 0)
            m_config.tiers[t].resolution = std::chrono::seconds(1);
    }
    m_config.stepsPerBlock = std::max<std::uint32_t>(m_config.stepsPerBlock, 1);
    m_config.bucketsPerBlock = std::max<std::uint32_t>(m_config.bucketsPerBlock, 1);
}

HistoryStore::~HistoryStore() = default;
HistoryStore::HistoryStore(HistoryStore &&) noexcept = default;
HistoryStore &HistoryStore::operator=(HistoryStore &&) noexcept = default;

HistoryStore::SeriesId HistoryStore::seriesFor(std::string_view keyPath, ObjectLevel level)
{
    const auto [it, added] = m_byKey.try_emplace(std::string(keyPath), SeriesId(m_series.size()));
    if (!added)
        return it->second;
    auto series = std::make_unique<Series>();
    series->keyPath = &it->first;
    series->level = level;
    series->raw = BlockRing<CounterStep, StepCodec>(m_config.stepsPerBlock);
    if (m_config.tiers.size() > 1) {
        series->rolled = std::make_unique<Series::Rolled[]>(m_config.tiers.size() - 1);
        for (std::size_t t = 1; t < m_config.tiers.size(); ++t)
            series->rolled[t - 1].ring = BlockRing<RateBucket, BucketCodec>(m_config.bucketsPerBlock);
    }
    m_series.push_back(std::move(series));
    return it->second;
}

std::optional<HistoryStore::SeriesId> HistoryStore::find(std::string_view keyPath) const
{
    const auto found = m_byKey.find(std::string(keyPath));
    if (found == m_byKey.end())
        return std::nullopt;
    return found->second;
}

const HistoryStore::Series *HistoryStore::lookup(std::string_view keyPath) const
{
    const auto id = find(keyPath);
    return id ? m_series[*id].get() : nullptr;
}

const std::string &HistoryStore::keyPath(SeriesId id) const
{
    return *m_series.at(id)->keyPath;
}

ObjectLevel HistoryStore::level(SeriesId id) const
{
    return m_series.at(id)->level;
}

void HistoryStore::append(SeriesId id, const Step &step)
{
    if (id >= m_series.size() || step.intervalMs == 0)
        return;
    Series &series = *m_series[id];
    series.raw.append(step, step.startMs(), step.endMs);
    series.raw.dropBefore(step.endMs - m_config.tiers.front().span.count());

    const std::array<double, history::RateFieldCount> rates = history::stepRates(step);
    for (std::size_t t = 1; t < m_config.tiers.size(); ++t) {
        Series::Rolled &tier = series.rolled[t - 1];
        const std::int64_t resolution = m_config.tiers[t].resolution.count();
        // A step belongs to the slot its end falls in (an end exactly on a
        // boundary closes the slot before it).
        const std::int64_t slot = floorTo(step.endMs - 1, resolution);
        if (tier.hasOpen && slot != tier.open.startMs) {
            if (slot < tier.open.startMs)
                continue; // late step for a slot already closed
            tier.ring.append(tier.open, tier.open.startMs, tier.open.startMs + resolution);
            tier.hasOpen = false;
        }
        if (!tier.hasOpen) {
            tier.open = RateBucket();
            tier.open.startMs = slot;
            tier.hasOpen = true;
        }
        tier.open.add(step, rates);
        tier.ring.dropBefore(step.endMs - m_config.tiers[t].span.count());
    }

    series.newestMs = std::max(series.newestMs, step.endMs);
    if (m_firstMs == 0 || step.startMs() < m_firstMs)
        m_firstMs = step.startMs();
    m_newestMs = std::max(m_newestMs, step.endMs);
}

void HistoryStore::noteState(SeriesId id, std::int64_t atMs, PathState state)
{
    if (id >= m_series.size())
        return;
    Series &series = *m_series[id];
    if (!series.states) {
        series.states = std::make_unique<Series::States>();
        series.states->firstMs = atMs;
        series.states->first = state;
        series.states->last = state;
        return;
    }
    Series::States &states = *series.states;
    if (state == states.last)
        return;
    states.events.push_back(StateEvent{atMs, states.last, state});
    states.last = state;

    // Older than the longest tier, or beyond the cap: the oldest go, and the
    // state they led to becomes the known starting point.
    const std::int64_t horizon = atMs - m_config.tiers.back().span.count();
    std::size_t drop = 0;
    while (drop < states.events.size() && states.events[drop].atMs < horizon)
        ++drop;
    if (states.events.size() - drop > m_config.maxEventsPerPath)
        drop = states.events.size() - m_config.maxEventsPerPath;
    if (drop > 0) {
        states.first = states.events[drop - 1].to;
        states.firstMs = states.events[drop - 1].atMs;
        states.events.erase(states.events.begin(), states.events.begin() + std::ptrdiff_t(drop));
    }
}

void HistoryStore::clear()
{
    m_cache->clear();
    m_series.clear();
    m_byKey.clear();
    m_firstMs = 0;
    m_newestMs = 0;
}

// -------------------------------------------------------------- queries

std::size_t HistoryStore::tierFor(const TimeWindow &window, int pixelWidth) const
{
    const std::int64_t column = window.span() / std::max(pixelWidth, 1);
    const auto holds = [&](std::size_t t) {
        const std::int64_t horizon = m_newestMs - m_config.tiers[t].span.count();
        return horizon <= m_firstMs || window.fromMs >= horizon;
    };
    for (std::size_t t = m_config.tiers.size(); t-- > 0;) {
        if (holds(t) && m_config.tiers[t].resolution.count() <= column)
            return t;
    }
    for (std::size_t t = 0; t < m_config.tiers.size(); ++t) {
        if (holds(t))
            return t;
    }
    return m_config.tiers.size() - 1;
}

void HistoryStore::visit(SeriesId id, std::span<const Metric> metrics, const TimeWindow &window, std::size_t tier,
                         PointSink &sink) const
{
    const Series &series = *m_series[id];
    DecodedCache &cache = *m_cache;

    if (tier == 0) {
        const auto add = [&](const CounterStep &step) {
            if (step.endMs < window.fromMs || step.startMs() > window.toMs)
                return;
            for (std::size_t m = 0; m < metrics.size(); ++m) {
                SeriesPoint point{step.startMs(), step.endMs, 0, 0, 0};
                if (metrics[m] == Metric::Outstanding) {
                    if (!step.outstanding)
                        continue;
                    point.avg = double(*step.outstanding);
                } else {
                    point.avg = history::stepRate(step, fieldOf(metrics[m])) * scaleOf(metrics[m]);
                }
                point.min = point.max = point.avg;
                sink.point(m, point);
            }
        };
        auto &blocks = cache.blocksFor(cache.steps, id, tier);
        const auto [first, last] = series.raw.sealedOverlapping(window.fromMs, window.toMs);
        for (std::size_t b = first; b < last; ++b) {
            for (const CounterStep &step : blocks.records(series.raw, b))
                add(step);
        }
        if (series.raw.openOverlaps(window.fromMs, window.toMs)) {
            for (const CounterStep &step : blocks.records(series.raw, series.raw.sealedCount()))
                add(step);
        }
        cache.settle(blocks);
        return;
    }

    const Series::Rolled &rolled = series.rolled[tier - 1];
    const std::int64_t resolution = m_config.tiers[tier].resolution.count();
    const auto add = [&](const RateBucket &bucket, std::int64_t endMs) {
        if (endMs < window.fromMs || bucket.startMs > window.toMs || bucket.coveredMs == 0)
            return;
        for (std::size_t m = 0; m < metrics.size(); ++m) {
            SeriesPoint point{bucket.startMs, endMs, 0, 0, 0};
            if (metrics[m] == Metric::Outstanding) {
                if (bucket.outstandingSteps == 0)
                    continue;
                point.avg = double(bucket.outstandingSum) / double(bucket.outstandingSteps);
                point.min = bucket.outstandingMin;
                point.max = bucket.outstandingMax;
            } else {
                const RateField field = fieldOf(metrics[m]);
                const double scale = scaleOf(metrics[m]);
                point.avg = double(bucketSum(bucket, field)) * 1000.0 / double(bucket.coveredMs) * scale;
                point.min = bucket.minRate[field] * scale;
                point.max = bucket.maxRate[field] * scale;
            }
            sink.point(m, point);
        }
    };
    auto &blocks = cache.blocksFor(cache.buckets, id, tier);
    const auto [first, last] = rolled.ring.sealedOverlapping(window.fromMs, window.toMs);
    for (std::size_t b = first; b < last; ++b) {
        for (const RateBucket &bucket : blocks.records(rolled.ring, b))
            add(bucket, bucket.startMs + resolution);
    }
    if (rolled.ring.openOverlaps(window.fromMs, window.toMs)) {
        for (const RateBucket &bucket : blocks.records(rolled.ring, rolled.ring.sealedCount()))
            add(bucket, bucket.startMs + resolution);
    }
    cache.settle(blocks);
    // The slot being filled shows too, up to its newest reading.
    if (rolled.hasOpen)
        add(rolled.open, std::min(rolled.open.startMs + resolution, series.newestMs));
}

void HistoryStore::visit(std::string_view keyPath, std::span<const Metric> metrics, const TimeWindow &window,
                         std::size_t tier, PointSink &sink) const
{
    if (const auto id = find(keyPath))
        visit(*id, metrics, window, std::min(tier, m_config.tiers.size() - 1), sink);
}

std::vector<RateSeries> HistoryStore::series(std::string_view keyPath, std::span<const Metric> metrics,
                                             const TimeWindow &window, std::size_t tier) const
{
    tier = std::min(tier, m_config.tiers.size() - 1);
    std::vector<RateSeries> out(metrics.size());
    for (std::size_t m = 0; m < metrics.size(); ++m) {
        out[m].keyPath = std::string(keyPath);
        out[m].metric = metrics[m];
        out[m].resolutionMs = m_config.tiers[tier].resolution.count();
    }
    struct Collect final : PointSink {
        std::vector<RateSeries> &out;
        explicit Collect(std::vector<RateSeries> &series) : out(series) {}
        void point(std::size_t metric, const SeriesPoint &point) override { out[metric].points.push_back(point); }
    } collect(out);
    visit(keyPath, metrics, window, tier, collect);
    return out;
}

RateSeries HistoryStore::series(std::string_view keyPath, Metric metric, const TimeWindow &window,
                                std::size_t tier) const
{
    const Metric one[] = {metric};
    return std::move(series(keyPath, one, window, tier).front());
}

std::vector<StateEvent> HistoryStore::stateEvents(std::string_view pathKeyPath, const TimeWindow &window) const
{
    std::vector<StateEvent> events;
    const Series *found = lookup(pathKeyPath);
    if (!found || !found->states)
        return events;
    for (const StateEvent &event : found->states->events) {
        if (event.atMs >= window.fromMs && event.atMs <= window.toMs)
            events.push_back(event);
    }
    return events;
}

std::optional<PathState> HistoryStore::stateAt(std::string_view pathKeyPath, std::int64_t ms) const
{
    const Series *found = lookup(pathKeyPath);
    if (!found || !found->states || ms < found->states->firstMs)
        return std::nullopt;
    PathState state = found->states->first;
    for (const StateEvent &event : found->states->events) {
        if (event.atMs > ms)
            break;
        state = event.to;
    }
    return state;
}

std::vector<HistoryStore::PathStateEvent> HistoryStore::stateEventsUnder(std::string_view keyPath,
                                                                         const TimeWindow &window) const
{
    std::vector<PathStateEvent> events;
    for (const auto &series : m_series) {
        if (!series->states || !isUnder(*series->keyPath, keyPath))
            continue;
        for (const StateEvent &event : series->states->events) {
            if (event.atMs >= window.fromMs && event.atMs <= window.toMs)
                events.push_back(PathStateEvent{*series->keyPath, event});
        }
    }
    std::stable_sort(events.begin(), events.end(), [](const PathStateEvent &a, const PathStateEvent &b) {
        return a.event.atMs < b.event.atMs;
    });
    return events;
}

std::vector<std::string> HistoryStore::keysUnder(std::string_view keyPath, ObjectLevel level) const
{
    std::vector<std::string> keys;
    for (const auto &series : m_series) {
        if (series->level == level && isUnder(*series->keyPath, keyPath))
            keys.push_back(*series->keyPath);
    }
    return keys;
}

// --------------------------------------------------------------- memory

void HistoryStore::setDecodedCacheLimit(std::size_t bytes)
{
    m_cache->limit = bytes;
    if (m_cache->bytes > bytes)
        m_cache->trim(bytes * 3 / 4);
}

std::size_t HistoryStore::decodedCacheBytes() const
{
    return m_cache->bytes;
}

void HistoryStore::dropDecodedCache() const
{
    m_cache->clear();
}

HistoryStore::Usage HistoryStore::usage() const
{
    // Heap blocks cost their size rounded up to 16 bytes plus an 8-byte
    // header with glibc's allocator; the map's nodes are counted the same way.
    const auto allocation = [](std::size_t bytes) { return bytes == 0 ? 0 : ((bytes + 8 + 15) / 16) * 16; };
    Usage usage;
    usage.series = m_series.size();
    usage.heapBytes = sizeof(*this) + allocation(m_series.capacity() * sizeof(void *))
        + allocation(m_byKey.bucket_count() * sizeof(void *));
    const std::size_t tiers = m_config.tiers.size();
    for (const auto &series : m_series) {
        usage.heapBytes += allocation(sizeof(Series));
        const std::string &key = *series->keyPath;
        usage.heapBytes += allocation(sizeof(std::pair<const std::string, SeriesId>) + 2 * sizeof(void *))
            + (key.capacity() > 15 ? allocation(key.capacity() + 1) : 0);
        usage.steps += series->raw.size();
        usage.stepBytes += series->raw.encodedBytes();
        usage.heapBytes += series->raw.memoryBytes();
        if (tiers > 1)
            usage.heapBytes += allocation((tiers - 1) * sizeof(Series::Rolled));
        for (std::size_t t = 1; t < tiers; ++t) {
            const Series::Rolled &rolled = series->rolled[t - 1];
            usage.buckets += rolled.ring.size() + (rolled.hasOpen ? 1 : 0);
            usage.bucketBytes += rolled.ring.encodedBytes();
            usage.heapBytes += rolled.ring.memoryBytes();
        }
        if (series->states) {
            usage.events += series->states->events.size();
            usage.heapBytes += allocation(sizeof(Series::States))
                + allocation(series->states->events.capacity() * sizeof(StateEvent));
        }
    }
    return usage;
}

} // namespace pathlens
