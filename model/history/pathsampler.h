#pragma once

// Samples every path's counters at a fixed interval and keeps the history the
// live charts draw. The reading is a light one (MPIO disks and DataCore's
// physical disks, no inventory or join) and runs on the service's worker,
// where the backend lives; the result comes back to this object's thread,
// where the rates go into the history. Paths are placed by the tree's last
// snapshot, so a chart of a row shows exactly that row's paths.

#include "model/history/historyrecorder.h"
#include "model/history/historystore.h"
#include "model/inventory.h"

#include <QObject>
#include <QStringList>

#include <chrono>
#include <memory>

class QTimer;

namespace pathlens {

class InventoryService;

class PathSampler final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::seconds DefaultInterval{2};
    static constexpr std::chrono::seconds MinInterval{1};
    static constexpr std::chrono::seconds MaxInterval{60};

    /// Follows @p service: its snapshots place the paths, a new backend
    /// clears the history. Does not start by itself.
    explicit PathSampler(InventoryService *service, HistoryConfig config = {}, QObject *parent = nullptr);
    ~PathSampler() override;

    /// Clamped to MinInterval..MaxInterval; applies from the next tick.
    void setInterval(std::chrono::seconds interval);
    std::chrono::seconds interval() const { return m_interval; }

    /// Starts ticking, with a first reading at once.
    void start();
    void pause();
    void resume() { start(); }
    bool isRunning() const;

    /// One reading now, besides the timer's. Skipped while one is in flight.
    void sampleNow();
    bool isReading() const { return m_reading; }

    const HistoryStore &history() const { return m_store; }
    HistoryStore &history() { return m_store; }
    const HistoryRecorder::Tick &lastTick() const { return m_lastTick; }
    /// Sources that failed on the last reading, in words.
    const QStringList &lastProblems() const { return m_lastProblems; }

Q_SIGNALS:
    /// After each reading went into the history; @p atMs is its time
    /// (the backend's clock).
    void sampled(qint64 atMs);
    void runningChanged(bool running);
    /// The backend was replaced and the history emptied.
    void historyCleared();

private:
    struct Mailbox;
    void onReading(const CounterReading &reading, quint64 generation);
    void onSnapshot(const SnapshotPtr &snapshot);
    void onBackendChanged();

    InventoryService *m_service;
    HistoryStore m_store;
    HistoryRecorder m_recorder;
    QTimer *m_timer;
    std::shared_ptr<Mailbox> m_mailbox;
    std::chrono::seconds m_interval = DefaultInterval;
    std::chrono::steady_clock::time_point m_readingSince{};
    quint64 m_generation = 0;
    bool m_reading = false;
    HistoryRecorder::Tick m_lastTick;
    QStringList m_lastProblems;
};

} // namespace pathlens
