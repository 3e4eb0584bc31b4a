#include "model/migration/migrationrunner.h"

#include "model/inventoryservice.h"
#include "platform/backend.h"
#include "platform/hostsystem.h"

#include <QMetaObject>
#include <QMutex>
#include <QMutexLocker>

#include <algorithm>

namespace pathlens {

/// How worker jobs reach the runner: the runner unhooks itself when it is
/// destroyed, and a call is queued only while it is hooked (under the lock),
/// so no job ever posts to a deleted object.
struct MigrationRunner::Link {
    QMutex mutex;
    MigrationRunner *runner = nullptr;

    void post(std::function<void(MigrationRunner &)> call)
    {
        QMutexLocker lock(&mutex);
        if (!runner)
            return;
        MigrationRunner *target = runner;
        QMetaObject::invokeMethod(
            target, [target, call = std::move(call)] { call(*target); }, Qt::QueuedConnection);
    }
};

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

MigrationRunner::MigrationRunner(InventoryService &service, MigrationSettings settings, QObject *parent)
    : QObject(parent), m_service(service), m_settings(std::move(settings)), m_link(std::make_shared<Link>())
{
    m_link->runner = this;
    // A run belongs to the source it started on: a new source stops it
    // between steps (it resumes from the journal once the source is back).
    connect(&m_service, &InventoryService::backendChanged, this, [this] {
        if (m_engine && m_run.state == RunState::Running)
            cancel();
    });
}

MigrationRunner::~MigrationRunner()
{
    QMutexLocker lock(&m_link->mutex);
    m_link->runner = nullptr;
}

QString MigrationRunner::journalDirectory() const
{
    return m_settings.journalDirectory.isEmpty() ? defaultJournalDirectory() : m_settings.journalDirectory;
}

std::vector<JournalEntry> MigrationRunner::resumableRuns() const
{
    // A run continues on the source it was made on only.
    std::vector<JournalEntry> runs = findResumableRuns(journalDirectory());
    const std::string source = m_service.backendDescription().toStdString();
    runs.erase(std::remove_if(runs.begin(), runs.end(),
                              [&source](const JournalEntry &entry) { return entry.run.backendDescription != source; }),
               runs.end());
    return runs;
}

Result<QByteArray> MigrationRunner::journal() const
{
    if (m_run.journalPath.empty())
        return Error{"migration", "the run has not started: there is no journal yet", 0};
    return journalBytes(qs(m_run.journalPath));
}

void MigrationRunner::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

std::shared_ptr<MigrationEngine> MigrationRunner::withLog(std::shared_ptr<MigrationEngine> engine)
{
    std::weak_ptr<Link> link = m_link;
    engine->setLogSink([link](const std::string &line) {
        if (auto strong = link.lock())
            strong->post([text = qs(line)](MigrationRunner &runner) { Q_EMIT runner.logLine(text); });
    });
    return engine;
}

void MigrationRunner::post(std::function<void(Backend &, MigrationEngine &, const std::shared_ptr<Link> &)> job)
{
    setBusy(true);
    m_service.runOnWorker([engine = m_engine, link = m_link, job = std::move(job)](Backend &backend) {
        job(backend, *engine, link);
    });
}

void MigrationRunner::loadChoices()
{
    if (m_busy)
        return;
    setBusy(true);
    m_service.runOnWorker([link = m_link](Backend &backend) {
        MigrationChoicesReading reading = readMigrationChoices(backend);
        link->post([servers = std::move(reading.servers)](MigrationRunner &runner) mutable {
            runner.m_choices = std::move(servers);
            runner.setBusy(false);
            Q_EMIT runner.choicesReady();
        });
    });
}

void MigrationRunner::prepare(const MigrationRequest &request)
{
    if (m_busy)
        return;
    m_engine = withLog(std::make_shared<MigrationEngine>(m_settings));
    m_portAnswer.reset();
    m_cancelRequested = false;
    post([request](Backend &backend, MigrationEngine &engine, const std::shared_ptr<Link> &link) {
        const std::optional<Error> error = engine.prepare(backend, request);
        link->post([run = engine.run(), choices = engine.choices(), error](MigrationRunner &runner) {
            runner.m_run = run;
            runner.m_choices = choices;
            runner.setBusy(false);
            if (error)
                Q_EMIT runner.errorOccurred(qs(error->toString()));
            else
                Q_EMIT runner.planReady();
        });
    });
}

void MigrationRunner::openRun(const QString &journalPath)
{
    if (m_busy)
        return;
    // Reading the journal touches no backend: here, at once.
    Result<std::unique_ptr<MigrationEngine>> opened = MigrationEngine::open(journalPath, m_settings);
    if (!opened) {
        Q_EMIT errorOccurred(qs(opened.error().toString()));
        return;
    }
    m_engine = withLog(std::shared_ptr<MigrationEngine>(std::move(opened).value()));
    m_run = m_engine->run();
    m_portAnswer.reset();
    m_cancelRequested = false;
    Q_EMIT runOpened();
}

void MigrationRunner::acknowledgeSupportConsequences()
{
    // The engine is the worker's between jobs as well: the answer travels
    // with the start job; the copy shows it at once.
    for (PreflightItem &item : m_run.preflight) {
        if (item.needsAcknowledgement)
            item.acknowledged = true;
    }
}

void MigrationRunner::start()
{
    if (m_busy || !m_engine)
        return;
    if (!m_run.canStart()) {
        Q_EMIT errorOccurred(m_run.blocked() ? QStringLiteral("The preflight blocks the run.")
                                             : QStringLiteral("Acknowledge the support consequences first."));
        return;
    }
    m_cancelRequested = false;
    post([](Backend &, MigrationEngine &engine, const std::shared_ptr<Link> &link) {
        engine.acknowledgeSupportConsequences();
        const std::optional<Error> error = engine.start();
        link->post([run = engine.run(), error](MigrationRunner &runner) {
            runner.m_run = run;
            runner.setBusy(false);
            if (error) {
                Q_EMIT runner.errorOccurred(qs(error->toString()));
                return;
            }
            runner.continueRun();
        });
    });
}

void MigrationRunner::resume(bool restartHostFirst)
{
    if (m_busy || !m_engine)
        return;
    m_cancelRequested = false;
    post([restartHostFirst](Backend &backend, MigrationEngine &engine, const std::shared_ptr<Link> &link) {
        if (restartHostFirst) {
            HostSystem *system = backend.hostSystem();
            const ChangeResult restarted = system && system->restartsOnRequest()
                ? system->restartHost(engine.run().plan.host)
                : ChangeResult(Error{"restart", "this source cannot restart " + engine.run().plan.host, 0});
            if (!restarted) {
                link->post([run = engine.run(), error = restarted.error()](MigrationRunner &runner) {
                    runner.onStopped(run, error);
                });
                return;
            }
            const std::string detail = restarted->detail;
            link->post([detail](MigrationRunner &runner) { Q_EMIT runner.logLine(qs(detail)); });
        }
        const std::optional<Error> error = engine.resume();
        link->post([run = engine.run(), error](MigrationRunner &runner) {
            runner.m_run = run;
            runner.setBusy(false);
            if (error) {
                Q_EMIT runner.errorOccurred(qs(error->toString()));
                return;
            }
            runner.continueRun();
        });
    });
}

void MigrationRunner::confirmPortDeletion(bool confirmed)
{
    m_portAnswer = confirmed;
    if (m_waitingForConfirmation) {
        m_waitingForConfirmation = false;
        continueRun();
    }
}

void MigrationRunner::cancel()
{
    m_cancelRequested = true;
    m_waitingForConfirmation = false;
    if (!m_busy && m_engine && (m_run.state == RunState::Running || m_run.state == RunState::WaitingForRestart))
        continueRun(); // pauses at once
}

void MigrationRunner::continueRun()
{
    if (m_busy || !m_engine)
        return;
    if (m_run.state != RunState::Running) {
        Q_EMIT finished(qs(std::string(toString(m_run.state))));
        return;
    }
    if (m_cancelRequested) {
        post([](Backend &, MigrationEngine &engine, const std::shared_ptr<Link> &link) {
            std::optional<Error> error = engine.pause("cancelled by the admin");
            link->post([run = engine.run(), error](MigrationRunner &runner) { runner.onStopped(run, error); });
        });
        return;
    }
    const int index = m_run.nextStepIndex();
    if (index >= 0) {
        const MigrationStep &step = m_run.plan.steps[static_cast<std::size_t>(index)];
        if (step.kind == StepKind::DeletePort && step.status == StepStatus::Planned && !m_portAnswer) {
            QStringList ports;
            for (const MigrationStep &candidate : m_run.plan.steps) {
                if (candidate.kind == StepKind::DeletePort && candidate.status == StepStatus::Planned)
                    ports << qs(candidate.portAlias);
            }
            m_waitingForConfirmation = true;
            Q_EMIT portDeletionConfirmationNeeded(ports);
            return;
        }
        Q_EMIT stepStarted(index, qs(step.id));
    }
    post([answer = m_portAnswer](Backend &backend, MigrationEngine &engine, const std::shared_ptr<Link> &link) {
        if (answer && engine.needsPortDeletionConfirmation())
            engine.answerPortDeletion(*answer);
        const int ran = engine.runNextStep(backend);
        const bool restartable = backend.hostSystem() && backend.hostSystem()->restartsOnRequest();
        link->post([ran, run = engine.run(), restartable](MigrationRunner &runner) {
            runner.m_canRestartHost = restartable;
            runner.onStepDone(ran, run);
        });
    });
}

void MigrationRunner::onStepDone(int index, MigrationRun run)
{
    m_run = std::move(run);
    setBusy(false);
    if (index >= 0 && index < static_cast<int>(m_run.plan.steps.size())) {
        const MigrationStep &step = m_run.plan.steps[static_cast<std::size_t>(index)];
        Q_EMIT stepFinished(index, qs(step.id), qs(std::string(toString(step.status))));
    }
    m_service.refresh(); // the tree shows each change as it happens
    continueRun();
}

void MigrationRunner::onStopped(MigrationRun run, std::optional<Error> error)
{
    m_run = std::move(run);
    setBusy(false);
    m_cancelRequested = false;
    m_service.refresh();
    if (error)
        Q_EMIT errorOccurred(qs(error->toString()));
    Q_EMIT finished(qs(std::string(toString(m_run.state))));
}

void MigrationRunner::rollBack()
{
    if (m_busy || !m_engine)
        return;
    post([](Backend &backend, MigrationEngine &engine, const std::shared_ptr<Link> &link) {
        std::optional<Error> error = engine.rollBack(backend);
        link->post([run = engine.run(), error](MigrationRunner &runner) { runner.onStopped(run, error); });
    });
}

void MigrationRunner::abandon()
{
    if (m_busy || !m_engine)
        return;
    post([](Backend &, MigrationEngine &engine, const std::shared_ptr<Link> &link) {
        std::optional<Error> error = engine.abandon("left as it is by the admin");
        link->post([run = engine.run(), error](MigrationRunner &runner) { runner.onStopped(run, error); });
    });
}

} // namespace pathlens
