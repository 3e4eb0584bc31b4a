#include "model/inventoryservice.h"

#include "model/baseline.h"
#include "model/inventorytreemodel.h"
#include "model/health/healthengine.h"
#include "model/pathcounters.h"
#include "model/snapshotbuilder.h"

#include <QMetaObject>
#include <QThread>
#include <QTimer>

#include <exception>
#include <utility>

namespace pathlens {

// Owns the backend on the worker thread. It needs no signals: work arrives as
// queued functors and results leave the same way.
class InventoryService::Worker final : public QObject
{
public:
    explicit Worker(std::unique_ptr<Backend> backend) : m_backend(std::move(backend)) {}

    SnapshotPtr read()
    {
        if (!m_backend)
            return failedSnapshot("no backend");
        // A throwing backend breaks the seam's contract; it still must not
        // take the worker thread down.
        try {
            SourceData sources = readSources(*m_backend);
            auto snapshot = std::make_shared<InventorySnapshot>(buildSnapshot(sources));
            snapshot->counters = std::make_shared<const PathCounterReadings>(readPathCounters(sources, *snapshot));
            snapshot->baselineGroup = baselineGroupKey(sources);
            useBaselineOf(snapshot->baselineGroup);
            if (m_baselineError)
                snapshot->problems.push_back(*m_baselineError);
            if (const auto &baseline = m_health.baseline())
                snapshot->baselineSaved = baseline->saved;
            // Health before the digests are final: attachHealth updates the
            // digests of the rows it marks, so the tree announces them.
            attachHealth(*snapshot, std::make_shared<const HealthReport>(m_health.update(sources, *snapshot)));
            return snapshot;
        } catch (const std::exception &error) {
            return failedSnapshot(error.what());
        }
    }

    ChangeResult run(const ChangeFunction &change)
    {
        if (!m_backend)
            return Error{"change", "no backend", 0};
        try {
            return change(*m_backend);
        } catch (const std::exception &error) {
            return Error{"change", error.what(), 0};
        }
    }

    void runJob(const std::function<void(Backend &)> &job)
    {
        if (!m_backend)
            return;
        try {
            job(*m_backend);
        } catch (const std::exception &) {
            // The job reports its own outcome; a throwing backend must not end the worker.
        }
    }

    void shutDown() { m_backend.reset(); }
    void setBackend(std::unique_ptr<Backend> backend)
    {
        m_backend = std::move(backend);
        m_health.forgetHistory();
        // The new source may be another group: its first reading loads that group's baseline.
        m_baselineGroup.reset();
        m_baselineError.reset();
        m_health.setBaseline(std::nullopt);
    }

    /// A baseline the user just saved; compared against from the next reading on.
    void setBaseline(Baseline baseline)
    {
        m_baselineGroup = baseline.group;
        m_baselineError.reset();
        m_health.setBaseline(std::move(baseline));
    }

private:
    SnapshotPtr failedSnapshot(const std::string &why) const
    {
        auto snapshot = std::make_shared<InventorySnapshot>();
        snapshot->taken = std::chrono::system_clock::now();
        snapshot->backendDescription = m_backend ? m_backend->description() : std::string();
        snapshot->problems.push_back("Refresh failed: " + why);
        return snapshot;
    }

    // Loads the group's saved baseline when the group is not the one loaded
    // (the first reading of a source). A damaged file is reported with every
    // reading and left as it is; the rules then run without a baseline.
    void useBaselineOf(const std::string &group)
    {
        if (m_baselineGroup == group)
            return;
        m_baselineGroup = group;
        m_baselineError.reset();
        const QString file = baselineFilePath(group);
        auto loaded = loadBaseline(file);
        if (!loaded) {
            m_baselineError = "Baseline not used: " + loaded.error().toString();
            m_health.setBaseline(std::nullopt);
            return;
        }
        m_health.setBaseline(std::move(loaded).value());
    }

    std::unique_ptr<Backend> m_backend;
    HealthMonitor m_health; ///< keeps counters and state changes from refresh to refresh
    std::optional<std::string> m_baselineGroup; ///< whose baseline m_health holds (or found none)
    std::optional<std::string> m_baselineError; ///< why that group's saved baseline could not be used
};

InventoryService::InventoryService(std::unique_ptr<Backend> backend, QObject *parent)
    : QObject(parent)
    , m_thread(std::make_unique<QThread>())
    , m_model(new InventoryTreeModel(this))
    , m_timer(new QTimer(this))
{
    qRegisterMetaType<pathlens::SnapshotPtr>("pathlens::SnapshotPtr");
    if (backend)
        m_description = QString::fromStdString(backend->description());
    m_worker = new Worker(std::move(backend));
    m_worker->moveToThread(m_thread.get());
    m_thread->setObjectName(QStringLiteral("inventory worker"));
    m_thread->start();
    connect(m_timer, &QTimer::timeout, this, &InventoryService::refresh);
}

InventoryService::~InventoryService()
{
    m_timer->stop();
    // Queued behind any running refresh or change: the backend is destroyed on
    // the thread that used it (COM objects on Windows care), then the loop ends.
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker] {
            worker->shutDown();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread->wait();
    delete m_worker;
}

QString InventoryService::backendDescription() const
{
    return m_description;
}

InventoryTreeModel *InventoryService::model() const
{
    return m_model;
}

SnapshotPtr InventoryService::lastSnapshot() const
{
    return m_last;
}

bool InventoryService::isRefreshing() const
{
    return m_refreshing;
}

void InventoryService::setAutoRefreshInterval(std::chrono::milliseconds interval)
{
    if (interval.count() <= 0) {
        m_timer->stop();
        return;
    }
    m_timer->start(interval);
}

void InventoryService::submitChange(ChangeFunction change, ChangeCallback done)
{
    QMetaObject::invokeMethod(
        m_worker,
        [this, worker = m_worker, change = std::move(change), done = std::move(done)] {
            ChangeResult result = worker->run(change);
            QMetaObject::invokeMethod(
                this,
                [this, result = std::move(result), done] {
                    if (done)
                        done(result);
                    refresh();
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void InventoryService::runOnWorker(std::function<void(Backend &)> job)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, job = std::move(job)] { worker->runJob(job); }, Qt::QueuedConnection);
}

Result<QString> InventoryService::saveBaseline()
{
    const SnapshotPtr last = m_last;
    if (!last || last->servers.empty() || last->baselineGroup.empty())
        return Error{"save baseline", "there is no reading of a server group to save yet", 0};
    Baseline baseline = Baseline::capture(*last, last->baselineGroup, std::chrono::system_clock::now());
    const QString file = baselineFilePath(baseline.group);
    if (const auto error = pathlens::saveBaseline(baseline, file))
        return *error;
    // Results still in flight were judged without it; the next reading is not.
    auto handover = std::make_shared<Baseline>(std::move(baseline));
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, handover] { worker->setBaseline(std::move(*handover)); }, Qt::QueuedConnection);
    return file;
}

void InventoryService::replaceBackend(std::unique_ptr<Backend> backend)
{
    ++m_generation;
    m_description = backend ? QString::fromStdString(backend->description()) : QString();
    // std::function needs a copyable callable, so the backend travels as a shared_ptr.
    auto handover = std::make_shared<std::unique_ptr<Backend>>(std::move(backend));
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, handover] { worker->setBackend(std::move(*handover)); }, Qt::QueuedConnection);

    SnapshotPtr previous = std::exchange(m_last, SnapshotPtr());
    m_model->apply(std::make_shared<const InventorySnapshot>());
    if (previous)
        QMetaObject::invokeMethod(m_worker, [previous = std::move(previous)] {}, Qt::QueuedConnection);
    Q_EMIT backendChanged(m_description);
    m_refreshing = false;
    m_refreshQueued = false;
    refresh();
}

void InventoryService::refresh()
{
    if (m_refreshing) {
        m_refreshQueued = true;
        return;
    }
    m_refreshing = true;
    Q_EMIT refreshStarted();
    QMetaObject::invokeMethod(
        m_worker,
        [this, worker = m_worker, generation = m_generation] {
            SnapshotPtr snapshot = worker->read();
            QMetaObject::invokeMethod(
                this, [this, snapshot = std::move(snapshot), generation] { onSnapshot(snapshot, generation); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void InventoryService::onSnapshot(SnapshotPtr snapshot, quint64 generation)
{
    if (generation != m_generation)
        return; // read from a backend that was replaced meanwhile
    // The previous snapshot stays referenced through the merge; then the
    // worker frees it, since a large one is hundreds of thousands of frees.
    SnapshotPtr previous = std::exchange(m_last, snapshot);
    m_model->apply(snapshot);
    if (previous)
        QMetaObject::invokeMethod(m_worker, [previous = std::move(previous)] {}, Qt::QueuedConnection);
    m_refreshing = false;
    Q_EMIT refreshFinished(snapshot);
    if (m_refreshQueued) {
        m_refreshQueued = false;
        refresh();
    }
}

} // namespace pathlens
