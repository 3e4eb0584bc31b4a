#pragma once

#include "model/inventory.h"
#include "platform/backend.h"
#include "platform/result.h"

#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

class QThread;
class QTimer;

namespace pathlens {

class InventoryTreeModel;

/// Owns the backend and the worker thread that talks to it. Every backend call
/// (reads and changes) runs on the worker, one at a time; results come back to
/// the owner's thread as signals. The UI thread never blocks on the platform.
class InventoryService final : public QObject
{
    Q_OBJECT

public:
    explicit InventoryService(std::unique_ptr<Backend> backend, QObject *parent = nullptr);
    ~InventoryService() override;

    QString backendDescription() const;
    InventoryTreeModel *model() const;
    SnapshotPtr lastSnapshot() const;
    bool isRefreshing() const;

    /// Periodic refresh; zero turns it off.
    void setAutoRefreshInterval(std::chrono::milliseconds interval);

    /// Runs a change on the worker, then refreshes. The callback runs on the
    /// owner's thread with the result.
    using ChangeFunction = std::function<ChangeResult(Backend &)>;
    using ChangeCallback = std::function<void(const ChangeResult &)>;
    void submitChange(ChangeFunction change, ChangeCallback done);

    /// Runs a job with the backend on the worker, in turn with refreshes and
    /// changes (a backend is used by one thread only). Not run when there is
    /// no backend. The job posts its results back itself (e.g. with
    /// QMetaObject::invokeMethod to an object on the caller's thread).
    void runOnWorker(std::function<void(Backend &)> job);

    /// Saves the last reading as its server group's baseline
    /// (baselineFilePath(), written atomically) and has the health rules
    /// compare against it from the next refresh on. Returns the file written,
    /// or why nothing was saved (no reading yet, the file could not be written).
    /// The worker loads a group's saved baseline by itself with the first
    /// reading of a source (also after replaceBackend()).
    Result<QString> saveBaseline();

    /// Switches to another backend (File > Open): the old one is closed on the
    /// worker, the tree is emptied (the one time rows do not carry over) and
    /// read again. Results still in flight from the old backend are dropped.
    void replaceBackend(std::unique_ptr<Backend> backend);

public Q_SLOTS:
    /// Starts an asynchronous refresh; a request while one runs is folded into it.
    void refresh();

Q_SIGNALS:
    void refreshStarted();
    void refreshFinished(pathlens::SnapshotPtr snapshot);
    void backendChanged(const QString &description);

private:
    class Worker;
    void onSnapshot(SnapshotPtr snapshot, quint64 generation);

    std::unique_ptr<QThread> m_thread;
    Worker *m_worker = nullptr; // lives on m_thread; it drops the backend there, and is deleted once the thread stopped
    InventoryTreeModel *m_model = nullptr;
    QTimer *m_timer = nullptr;
    QString m_description;
    SnapshotPtr m_last;
    bool m_refreshing = false;
    bool m_refreshQueued = false;
    quint64 m_generation = 0; ///< bumped per backend; older results are stale
};

} // namespace pathlens
