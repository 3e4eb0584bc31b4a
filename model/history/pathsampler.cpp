#include "model/history/pathsampler.h"

#include "model/inventoryservice.h"

#include <QMetaObject>
#include <QTimer>

#include <algorithm>
#include <mutex>

namespace pathlens {

// The worker posts readings here; the sampler unhooks itself under the lock
// before it goes, so a reading never reaches a destroyed sampler.
struct PathSampler::Mailbox {
    std::mutex mutex;
    PathSampler *target = nullptr;
};

PathSampler::PathSampler(InventoryService *service, HistoryConfig config, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_store(std::move(config))
    , m_recorder(m_store)
    , m_timer(new QTimer(this))
    , m_mailbox(std::make_shared<Mailbox>())
{
    m_mailbox->target = this;
    m_timer->setTimerType(Qt::PreciseTimer);
    m_recorder.setGapAfter(3 * m_interval);
    connect(m_timer, &QTimer::timeout, this, &PathSampler::sampleNow);
    if (m_service) {
        connect(m_service, &InventoryService::refreshFinished, this, &PathSampler::onSnapshot);
        connect(m_service, &InventoryService::backendChanged, this, &PathSampler::onBackendChanged);
        if (SnapshotPtr last = m_service->lastSnapshot())
            onSnapshot(last);
    }
}

PathSampler::~PathSampler()
{
    std::lock_guard lock(m_mailbox->mutex);
    m_mailbox->target = nullptr;
}

void PathSampler::setInterval(std::chrono::seconds interval)
{
    m_interval = std::clamp(interval, MinInterval, MaxInterval);
    // Three missed readings in a row are a gap, not a slow stretch.
    m_recorder.setGapAfter(3 * m_interval);
    if (m_timer->isActive())
        m_timer->start(m_interval);
}

void PathSampler::start()
{
    const bool was = m_timer->isActive();
    m_timer->start(m_interval);
    if (!was)
        Q_EMIT runningChanged(true);
    sampleNow();
}

void PathSampler::pause()
{
    if (!m_timer->isActive())
        return;
    m_timer->stop();
    Q_EMIT runningChanged(false);
}

bool PathSampler::isRunning() const
{
    return m_timer->isActive();
}

void PathSampler::sampleNow()
{
    if (!m_service)
        return;
    // A reading that never came back (no backend: the worker drops the job)
    // must not stop sampling for good.
    const auto now = std::chrono::steady_clock::now();
    if (m_reading && now - m_readingSince < std::max<std::chrono::steady_clock::duration>(5 * m_interval, std::chrono::seconds(30)))
        return;
    m_reading = true;
    m_readingSince = now;
    m_service->runOnWorker([mailbox = m_mailbox, hosts = m_recorder.index().hosts(),
                            generation = m_generation](Backend &backend) {
        auto reading = std::make_shared<const CounterReading>(readCounters(backend, hosts));
        std::lock_guard lock(mailbox->mutex);
        if (PathSampler *target = mailbox->target) {
            QMetaObject::invokeMethod(
                target, [target, reading, generation] { target->onReading(*reading, generation); },
                Qt::QueuedConnection);
        }
    });
}

void PathSampler::onReading(const CounterReading &reading, quint64 generation)
{
    if (generation != m_generation)
        return; // read from a backend that was replaced meanwhile
    m_reading = false;
    m_lastTick = m_recorder.record(reading);
    m_lastProblems.clear();
    for (const std::string &problem : reading.problems)
        m_lastProblems << QString::fromStdString(problem);
    Q_EMIT sampled(m_lastTick.atMs);
}

void PathSampler::onSnapshot(const SnapshotPtr &snapshot)
{
    // A refresh that failed as a whole leaves no servers: keep placing paths
    // where the last good one put them.
    if (!snapshot || (snapshot->servers.empty() && !snapshot->problems.empty()))
        return;
    m_recorder.setIndex(*snapshot);
}

void PathSampler::onBackendChanged()
{
    ++m_generation;
    m_reading = false;
    m_recorder.forgetCounters();
    m_recorder.setIndex(InventorySnapshot());
    m_store.clear();
    Q_EMIT historyCleared();
}

} // namespace pathlens
