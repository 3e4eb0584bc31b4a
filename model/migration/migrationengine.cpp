#include "model/migration/migrationengine.h"

#include "model/health/counterhistory.h"
#include "model/health/healthengine.h"
#include "model/migration/migrationjson.h"
#include "platform/lab/labbackend.h"

#include <QJsonArray>
#include <QUuid>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <thread>

namespace pathlens {

namespace {

QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

bool equalNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool containsNoCase(std::string_view text, std::string_view word)
{
    const auto found = std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
    return found != text.end();
}

std::string plural(std::size_t count, const char *one, const char *many)
{
    return std::to_string(count) + ' ' + (count == 1 ? one : many);
}

std::string rate(double perSecond)
{
    const long tenths = std::lround(perSecond * 10);
    return std::to_string(tenths / 10) + '.' + std::to_string(tenths % 10);
}

/// Device instance ids are not case-sensitive on Windows.
const Adapter *findDevice(const std::vector<Adapter> &adapters, const std::string &instanceId)
{
    for (const Adapter &adapter : adapters) {
        if (equalNoCase(adapter.instanceId, instanceId))
            return &adapter;
    }
    return nullptr;
}

const DataCorePort *findPort(const std::vector<DataCorePort> &ports, const std::string &portId)
{
    for (const DataCorePort &port : ports) {
        if (port.id == portId)
            return &port;
    }
    return nullptr;
}

const MpioDisk *findDisk(const std::vector<MpioDisk> &disks, const std::string &serial)
{
    const std::string wanted = normaliseSerial(serial);
    for (const MpioDisk &disk : disks) {
        if (!wanted.empty() && normaliseSerial(disk.serial) == wanted)
            return &disk;
    }
    return nullptr;
}

const SourceData::HostData *findHost(const SourceData &sources, const std::string &host)
{
    for (const SourceData::HostData &data : sources.hosts) {
        if (equalNoCase(data.host, host))
            return &data;
    }
    return nullptr;
}

bool isMicrosoftDsm(std::string_view dsm)
{
    return containsNoCase(dsm, "microsoft");
}

/// The array's view of a path (the TPG state where known): under Fail Over
/// Only MSDSM shows optimized paths as Standby, which is not slow.
PathState arrayState(const MpioPath &path)
{
    if (path.state == PathState::Failed)
        return PathState::Failed;
    return path.tpgState != PathState::Unknown ? path.tpgState : path.state;
}

/// Policies that must send nothing down non-optimized paths while an
/// optimized one works; the queue-depth ones send a little by design.
bool strictlyOptimized(LoadBalancePolicy policy)
{
    return policy == LoadBalancePolicy::RoundRobinWithSubset || policy == LoadBalancePolicy::FailOverOnly;
}

/// A platform's detail as a sentence, so more can follow it.
std::string sentence(std::string text)
{
    if (!text.empty() && text.back() != '.')
        text += '.';
    return text;
}

void fail(MigrationStep &step, std::string detail, std::optional<Error> error = std::nullopt)
{
    step.status = StepStatus::Failed;
    step.detail = std::move(detail);
    step.error = std::move(error);
}

void done(MigrationStep &step, std::string detail)
{
    step.status = StepStatus::Done;
    step.detail = std::move(detail);
    step.error.reset();
}

} // namespace

TwoReadings measureTwice(Backend &backend, std::chrono::milliseconds interval)
{
    TwoReadings readings;
    if (auto *lab = dynamic_cast<LabBackend *>(&backend)) {
        // The lab's counters follow its clock: step it instead of waiting.
        const LabBackend::Clock previous = lab->clock();
        const auto start = lab->now();
        auto time = start;
        lab->setClock([&time] { return time; });
        readings.first = readSources(*lab);
        time = start + interval;
        readings.second = readSources(*lab);
        lab->setClock(previous);
        return readings;
    }
    readings.first = readSources(backend);
    std::this_thread::sleep_for(interval);
    readings.second = readSources(backend);
    return readings;
}

MigrationChoicesReading readMigrationChoices(Backend &backend)
{
    MigrationChoicesReading reading;
    reading.sources = readSources(backend);
    reading.snapshot = buildSnapshot(reading.sources);
    reading.servers = migrationChoices(reading.sources, reading.snapshot);
    return reading;
}

MigrationEngine::MigrationEngine(MigrationSettings settings) : m_settings(std::move(settings))
{
}

void MigrationEngine::log(const std::string &line) const
{
    if (m_log)
        m_log(line);
}

void MigrationEngine::checkpoint(StepCheckpoint point, const MigrationStep &step) const
{
    if (m_settings.checkpoint)
        m_settings.checkpoint(point, step);
}

// ------------------------------------------------------------- planning

std::optional<Error> MigrationEngine::prepare(Backend &backend, const MigrationRequest &request)
{
    m_run = MigrationRun{};
    m_journal.reset();
    m_deletePorts.reset();
    m_restartSeen = false;

    log("Reading " + backend.description() + " ...");
    MigrationChoicesReading reading = readMigrationChoices(backend);
    if (reading.sources.dataCoreError)
        return Error{"migration", "DataCore management could not be read: " + reading.sources.dataCoreError->toString(),
                     0};
    m_choices = std::move(reading.servers);
    const ServerChoice *server = findServerChoice(m_choices, request.server);
    if (!server) {
        std::string names;
        for (const ServerChoice &choice : m_choices)
            names += (names.empty() ? "" : ", ") + choice.server.name;
        return Error{"migration", "no DataCore server is named \"" + request.server + "\" (servers: "
                                      + (names.empty() ? "none" : names) + ")",
                     0};
    }
    const PortSelection selection = selectPorts(*server, request.ports);
    const PreflightFacts facts = gatherPreflightFacts(backend, server->server.hostName, selection.ports);
    PlanOutcome outcome = planMigration(*server, selection, reading.sources, facts, request);

    m_run.id = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    m_run.created = std::chrono::system_clock::now();
    m_run.backendDescription = backend.description();
    m_run.plan = std::move(outcome.plan);
    m_run.preflight = std::move(outcome.preflight);
    m_run.state = RunState::Planned;
    log("Measuring the I/O per path before the change ...");
    m_run.before = measureHealth(backend);
    refreshDeviceStates(backend);

    std::vector<std::string> blocks;
    for (const PreflightItem &item : m_run.preflight) {
        if (item.status == PreflightStatus::Block)
            blocks.push_back(item.title + ": " + item.detail);
    }
    if (!blocks.empty()) {
        m_run.stateDetail = "Blocked by the preflight:";
        for (const std::string &block : blocks)
            m_run.stateDetail += ' ' + block;
    } else {
        m_run.stateDetail = "Planned: " + plural(m_run.plan.steps.size(), "step", "steps") + " for "
            + m_run.plan.serverName + ".";
    }
    log(m_run.stateDetail);
    return std::nullopt;
}

HealthSummary MigrationEngine::measureHealth(Backend &backend, TwoReadings *readings) const
{
    TwoReadings measured = m_settings.measure ? m_settings.measure(backend)
                                              : measureTwice(backend, m_settings.measureInterval);
    HealthMonitor monitor(m_settings.health);
    monitor.update(measured.first);
    const HealthReport report = monitor.update(measured.second);
    HealthSummary summary;
    summary.ioMeasured = report.ioMeasured;
    for (const Finding &finding : report.findings()) {
        if (finding.object.serverKey == m_run.plan.serverKey)
            summary.findings.push_back(finding);
    }
    if (report.ioMeasured) {
        const double seconds = double(report.ioInterval.count()) / 1000.0;
        summary.note = "I/O measured over " + rate(seconds) + " s between two readings.";
    } else {
        summary.note = "I/O not measured: the source gave no per-path counters to compare.";
    }
    if (readings)
        *readings = std::move(measured);
    return summary;
}

void MigrationEngine::acknowledgeSupportConsequences()
{
    for (PreflightItem &item : m_run.preflight) {
        if (item.needsAcknowledgement)
            item.acknowledged = true;
    }
}

// -------------------------------------------------------------- journal

std::optional<Error> MigrationEngine::record(QJsonObject record)
{
    if (!m_journal)
        return Error{"migration journal", "the run has no journal", 0};
    return m_journal->append(std::move(record));
}

std::optional<Error> MigrationEngine::recordState(RunState state, const std::string &detail, bool withOutcome)
{
    QJsonObject json{{QStringLiteral("type"), QStringLiteral("run-state")},
                     {QStringLiteral("state"), qs(toString(state))},
                     {QStringLiteral("detail"), qs(detail)}};
    if (withOutcome) {
        QJsonArray devices;
        for (const DeviceState &device : m_run.devices)
            devices.append(toJson(device));
        json.insert(QStringLiteral("devices"), devices);
        QJsonArray luns;
        for (const LunOutcome &lun : m_run.luns)
            luns.append(toJson(lun));
        json.insert(QStringLiteral("backEndDisks"), luns);
        if (m_run.after)
            json.insert(QStringLiteral("after"), toJournalJson(*m_run.after));
    }
    return record(std::move(json));
}

std::optional<Error> MigrationEngine::stopWithJournalError(const Error &error)
{
    // Nothing changes without its record: stop until the journal can be written.
    m_run.state = RunState::Paused;
    m_run.stateDetail = "Stopped: the journal cannot be written (" + error.toString()
        + "). Nothing else is changed until it can; free the space or fix the folder's rights, then resume.";
    log(m_run.stateDetail);
    return error;
}

std::optional<Error> MigrationEngine::start()
{
    if (m_run.state != RunState::Planned || m_run.id.empty())
        return Error{"migration", "there is no planned run to start", 0};
    if (m_run.blocked())
        return Error{"migration", m_run.stateDetail, 0};
    if (!m_run.canStart())
        return Error{"migration", "the support consequences (DataCore FAQ 1302) must be acknowledged first", 0};
    const QString directory =
        m_settings.journalDirectory.isEmpty() ? defaultJournalDirectory() : m_settings.journalDirectory;
    Result<MigrationJournal> journal = MigrationJournal::create(directory, m_run);
    if (!journal)
        return journal.error();
    m_journal = std::move(journal).value();
    m_run.journalPath = m_journal->path().toStdString();

    QJsonArray preflight;
    for (const PreflightItem &item : m_run.preflight)
        preflight.append(toJson(item));
    const std::optional<Error> error = record(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("run-started")},
        {QStringLiteral("format"), QStringLiteral("pathlens-migration-journal")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("backend"), qs(m_run.backendDescription)},
        {QStringLiteral("created"), migrationTime(m_run.created)},
        {QStringLiteral("plan"), toJson(m_run.plan)},
        {QStringLiteral("preflight"), preflight},
        {QStringLiteral("before"), toJournalJson(m_run.before)},
    });
    if (error) {
        m_journal.reset();
        m_run.journalPath.clear();
        return error;
    }
    m_run.state = RunState::Running;
    m_run.stateDetail = "Running.";
    log("Journal: " + m_run.journalPath);
    return std::nullopt;
}

Result<std::unique_ptr<MigrationEngine>> MigrationEngine::open(const QString &journalPath, MigrationSettings settings)
{
    Result<JournalContent> content = readJournal(journalPath);
    if (!content)
        return content.error();
    Result<MigrationRun> run = replayJournal(content.value(), journalPath);
    if (!run)
        return run.error();
    auto engine = std::make_unique<MigrationEngine>(std::move(settings));
    engine->m_run = std::move(run).value();
    engine->m_journal = MigrationJournal::resume(journalPath, engine->m_run.id, content->lastSeq);
    engine->m_restartSeen = restartSeenIn(content.value());
    return engine;
}

std::optional<Error> MigrationEngine::resume()
{
    if (!m_journal)
        return Error{"migration", "the run has not started", 0};
    const RunState from = m_run.state;
    switch (from) {
    case RunState::Running:
    case RunState::Paused:
    case RunState::WaitingForRestart:
    case RunState::Failed:
        break;
    case RunState::RollingBack:
        return Error{"migration", "the run stopped while rolling back: continue the rollback", 0};
    default:
        return Error{"migration", "a " + std::string(toString(from)) + " run cannot be resumed", 0};
    }
    if (from == RunState::WaitingForRestart)
        m_restartSeen = true; // the admin was told to restart before resuming
    if (from == RunState::Failed) {
        // Retry the step that failed, once its cause is fixed.
        for (MigrationStep &step : m_run.plan.steps) {
            if (step.status == StepStatus::Failed) {
                step.status = StepStatus::Planned;
                step.error.reset();
                step.detail = "Retried after: " + step.detail;
            }
        }
    }
    m_run.state = RunState::Running;
    m_run.stateDetail = "Resumed (was " + std::string(toString(from)) + ").";
    if (auto error = recordState(RunState::Running, m_run.stateDetail))
        return stopWithJournalError(*error);
    log(m_run.stateDetail);
    return std::nullopt;
}

std::optional<Error> MigrationEngine::pause(const std::string &reason)
{
    if (m_run.state != RunState::Running && m_run.state != RunState::WaitingForRestart)
        return Error{"migration", "only a running run can be paused", 0};
    m_run.state = RunState::Paused;
    m_run.stateDetail = "Paused: " + reason + ". Resume the run later, or roll it back.";
    log(m_run.stateDetail);
    return recordState(RunState::Paused, m_run.stateDetail);
}

std::optional<Error> MigrationEngine::abandon(const std::string &reason)
{
    if (!m_journal || isFinal(m_run.state))
        return Error{"migration", "there is no unfinished run to abandon", 0};
    m_run.state = RunState::Abandoned;
    m_run.stateDetail = "Left as it is: " + reason;
    log(m_run.stateDetail);
    return recordState(RunState::Abandoned, m_run.stateDetail);
}

// ----------------------------------------------------------- confirmations

bool MigrationEngine::needsPortDeletionConfirmation() const
{
    const int next = m_run.nextStepIndex();
    return next >= 0 && m_run.plan.steps[next].kind == StepKind::DeletePort
        && m_run.plan.steps[next].status == StepStatus::Planned && !m_deletePorts;
}

std::vector<std::string> MigrationEngine::portsToDelete() const
{
    std::vector<std::string> aliases;
    for (const MigrationStep &step : m_run.plan.steps) {
        if (step.kind == StepKind::DeletePort && step.status == StepStatus::Planned)
            aliases.push_back(step.portAlias);
    }
    return aliases;
}

void MigrationEngine::answerPortDeletion(bool confirmed)
{
    m_deletePorts = confirmed;
    if (m_journal && !portsToDelete().empty())
        record(QJsonObject{{QStringLiteral("type"), QStringLiteral("confirmation")},
                           {QStringLiteral("deletePorts"), confirmed}});
}

bool MigrationEngine::canRunNextStep() const
{
    return m_run.state == RunState::Running && m_journal && !needsPortDeletionConfirmation();
}

// ----------------------------------------------------------- running

bool MigrationEngine::restartPending(Backend &backend) const
{
    if (HostSystem *system = backend.hostSystem()) {
        const Result<PendingReboot> pending = system->rebootPending(m_run.plan.host);
        if (pending)
            return pending->pending;
    }
    // The system cannot tell: a step asked for a restart, and none was reported since.
    return m_run.restartRecommended() && !m_restartSeen;
}

MigrationEngine::GateResult MigrationEngine::waitOrFail(Backend &backend, const std::string &reason) const
{
    if (restartPending(backend))
        return {Gate::WaitForRestart, "Restart " + m_run.plan.host + " first: " + reason
                                          + ". A change of this run takes effect only after the restart; then "
                                            "resume the run."};
    return {Gate::Fail, "Not ready: " + reason
                            + (m_restartSeen ? ", even after the restart." : ", and no restart is pending.")};
}

MigrationEngine::GateResult MigrationEngine::gate(Backend &backend, const MigrationStep &step)
{
    switch (step.kind) {
    case StepKind::InstallDriver:
    case StepKind::Verify:
        return {};
    case StepKind::DeletePort: {
        if (!backend.dataCore())
            return {Gate::Fail, "DataCore management is not available from this source"};
        const auto ports = backend.dataCore()->ports();
        if (!ports)
            return {Gate::Fail, "The DataCore ports could not be read: " + ports.error().toString()};
        const DataCorePort *port = findPort(ports.value(), step.portId);
        if (port && port->presence == Presence::Present)
            return waitOrFail(backend, step.portAlias + " is still present, so its device still runs the DataCore "
                                                        "driver");
        return {};
    }
    case StepKind::Claim:
        // Registering the hardware with MSDSM needs nothing to be ready: the
        // disks still behind the DataCore driver are taken as they appear.
        if (!backend.mpio())
            return {Gate::Fail, "Windows MPIO is not available from this source"};
        return {};
    case StepKind::SetPolicy: {
        if (!backend.mpio())
            return {Gate::Fail, "Windows MPIO is not available from this source"};
        const auto disks = backend.mpio()->disks(m_run.plan.host);
        if (!disks)
            return {Gate::Fail, "The MPIO disks could not be read: " + disks.error().toString()};
        if (!findDisk(disks.value(), step.serial))
            return waitOrFail(backend, "MSDSM has not claimed " + step.diskCaption + " (serial " + step.serial + ")");
        return {};
    }
    }
    return {};
}

void MigrationEngine::reconcile(Backend &backend, MigrationStep &step)
{
    const std::string prefix = "Decided when the run resumed: ";
    switch (step.kind) {
    case StepKind::InstallDriver: {
        const auto adapters = backend.devices() ? backend.devices()->adapters(step.host)
                                                : Result<std::vector<Adapter>>(Error{"device inventory", "not available", 0});
        if (!adapters) {
            fail(step, prefix + "cannot tell whether the driver was installed: " + adapters.error().toString(),
                 adapters.error());
            break;
        }
        const Adapter *device = findDevice(adapters.value(), step.instanceId);
        if (!device)
            fail(step, prefix + "the device at PCI " + (step.pci ? pciWithHex(*step.pci) : "?") + " is gone.");
        else if (step.driverAfter && sameDriver(device->driver, *step.driverAfter))
            done(step, prefix + "the device runs " + driverWords(device->driver) + ", so the install happened.");
        else if (step.driverBefore && sameDriver(device->driver, *step.driverBefore))
            step.status = StepStatus::Planned; // it did not happen: run it now
        else
            fail(step, prefix + "the device runs " + driverWords(device->driver)
                           + ", neither its driver before the run nor the chosen one.");
        break;
    }
    case StepKind::DeletePort: {
        const auto ports = backend.dataCore() ? backend.dataCore()->ports()
                                              : Result<std::vector<DataCorePort>>(Error{"DataCore", "not available", 0});
        if (!ports)
            fail(step, prefix + "cannot tell whether the port was removed: " + ports.error().toString(), ports.error());
        else if (!findPort(ports.value(), step.portId))
            done(step, prefix + step.portAlias + " is no longer in the configuration, so it was removed.");
        else
            step.status = StepStatus::Planned;
        break;
    }
    case StepKind::Claim: {
        const auto disks = backend.mpio() ? backend.mpio()->disks(step.host)
                                          : Result<std::vector<MpioDisk>>(Error{"MPIO", "not available", 0});
        if (!disks) {
            fail(step, prefix + "cannot tell whether the disks were claimed: " + disks.error().toString(),
                 disks.error());
            break;
        }
        const bool all = std::all_of(m_run.plan.luns.begin(), m_run.plan.luns.end(),
                                     [&](const PlannedLun &lun) { return findDisk(disks.value(), lun.serial); });
        if (all)
            done(step, prefix + "every back-end disk of the run is an MPIO disk, so the claim happened.");
        else
            step.status = StepStatus::Planned; // claiming again is harmless
        break;
    }
    case StepKind::SetPolicy: {
        const auto disks = backend.mpio() ? backend.mpio()->disks(step.host)
                                          : Result<std::vector<MpioDisk>>(Error{"MPIO", "not available", 0});
        if (!disks) {
            fail(step, prefix + "cannot tell whether the policy was set: " + disks.error().toString(), disks.error());
            break;
        }
        const MpioDisk *disk = findDisk(disks.value(), step.serial);
        if (disk && disk->policy == step.policy) {
            step.mpioDisk = disk->number;
            done(step, prefix + "MPIO Disk" + std::to_string(disk->number) + " uses "
                           + std::string(toString(step.policy)) + ".");
        } else {
            step.status = StepStatus::Planned;
        }
        break;
    }
    case StepKind::Verify:
        step.status = StepStatus::Planned; // reading only: run it again
        break;
    }
}

int MigrationEngine::runNextStep(Backend &backend)
{
    if (m_run.state != RunState::Running || !m_journal)
        return -1;
    const int index = m_run.nextStepIndex();
    if (index < 0) {
        finishRun(backend);
        return -1;
    }
    MigrationStep &step = m_run.plan.steps[static_cast<std::size_t>(index)];

    if (step.status == StepStatus::Running) {
        log("Checking whether \"" + step.title + "\" happened before the run stopped ...");
        reconcile(backend, step);
        if (step.status != StepStatus::Planned) {
            step.finished = std::chrono::system_clock::now();
            log(step.detail);
            if (auto error = record(QJsonObject{{QStringLiteral("type"), QStringLiteral("step-finished")},
                                                {QStringLiteral("step"), toJson(step)}})) {
                stopWithJournalError(*error);
                return index;
            }
            if (step.status == StepStatus::Failed)
                failRun(backend, step);
            else if (m_run.nextStepIndex() < 0)
                finishRun(backend);
            return index;
        }
    }

    if (step.kind == StepKind::DeletePort && !m_deletePorts)
        return -1; // the admin has not answered yet
    if (step.kind == StepKind::DeletePort && !*m_deletePorts) {
        step.status = StepStatus::Skipped;
        step.detail = "Kept: the removal was not confirmed. " + step.portAlias
            + " stays in the configuration as Not present; remove it later in the SANsymphony console.";
        step.finished = std::chrono::system_clock::now();
        log(step.detail);
        if (auto error = record(QJsonObject{{QStringLiteral("type"), QStringLiteral("step-finished")},
                                            {QStringLiteral("step"), toJson(step)}}))
            stopWithJournalError(*error);
        return index;
    }

    const GateResult ready = gate(backend, step);
    if (ready.gate == Gate::WaitForRestart) {
        m_run.state = RunState::WaitingForRestart;
        m_run.stateDetail = ready.reason;
        log(ready.reason);
        if (auto error = recordState(RunState::WaitingForRestart, ready.reason))
            stopWithJournalError(*error);
        return -1;
    }
    if (ready.gate == Gate::Fail) {
        fail(step, ready.reason);
        step.finished = std::chrono::system_clock::now();
        log(step.title + ": " + ready.reason);
        if (auto error = record(QJsonObject{{QStringLiteral("type"), QStringLiteral("step-finished")},
                                            {QStringLiteral("step"), toJson(step)}})) {
            stopWithJournalError(*error);
            return index;
        }
        failRun(backend, step);
        return index;
    }

    step.status = StepStatus::Running;
    step.started = std::chrono::system_clock::now();
    step.finished.reset();
    if (auto error = record(QJsonObject{{QStringLiteral("type"), QStringLiteral("step-started")},
                                        {QStringLiteral("step"), qs(step.id)}})) {
        step.status = StepStatus::Planned;
        stopWithJournalError(*error);
        return -1;
    }
    checkpoint(StepCheckpoint::Started, step);
    log(step.title + " ...");
    execute(backend, step);
    step.finished = std::chrono::system_clock::now();
    if (auto error = record(QJsonObject{{QStringLiteral("type"), QStringLiteral("step-finished")},
                                        {QStringLiteral("step"), toJson(step)}})) {
        stopWithJournalError(*error);
        return index;
    }
    checkpoint(StepCheckpoint::Finished, step);
    log(std::string(toString(step.status)) + ": " + step.detail);

    if (step.status == StepStatus::Failed)
        failRun(backend, step);
    else if (m_run.nextStepIndex() < 0)
        finishRun(backend);
    return index;
}

void MigrationEngine::runToEnd(Backend &backend, bool deletePorts)
{
    if (!m_deletePorts)
        answerPortDeletion(deletePorts);
    while (m_run.state == RunState::Running) {
        if (runNextStep(backend) < 0 && m_run.state == RunState::Running && m_run.nextStepIndex() >= 0)
            break; // nothing could run (a journal problem was reported)
    }
}

void MigrationEngine::execute(Backend &backend, MigrationStep &step)
{
    switch (step.kind) {
    case StepKind::InstallDriver: installDriver(backend, step); break;
    case StepKind::DeletePort: deletePort(backend, step); break;
    case StepKind::Claim: claim(backend, step); break;
    case StepKind::SetPolicy: setPolicy(backend, step); break;
    case StepKind::Verify: verify(backend, step); break;
    }
}

void MigrationEngine::installDriver(Backend &backend, MigrationStep &step)
{
    DeviceInventory *devices = backend.devices();
    if (!devices)
        return fail(step, "The device inventory is not available from this source; nothing was installed.");
    if (!step.driverAfter || !step.driverBefore)
        return fail(step, "No native driver was chosen for this device; nothing was installed.");
    const auto before = devices->adapters(step.host);
    if (!before)
        return fail(step, "The devices could not be read: " + before.error().toString() + ". Nothing was installed.",
                    before.error());
    const Adapter *device = findDevice(before.value(), step.instanceId);
    if (!device)
        return fail(step, "The device " + step.instanceId + " (PCI " + (step.pci ? pciWithHex(*step.pci) : "?")
                              + ") is no longer present; nothing was installed.");
    if (step.pci && device->pci != step.pci)
        return fail(step, "The device now reports PCI " + (device->pci ? pciWithHex(*device->pci) : "none")
                              + " instead of " + pciWithHex(*step.pci) + "; nothing was installed.");
    if (sameDriver(device->driver, *step.driverAfter))
        return done(step, "The device already runs " + driverWords(device->driver) + ".");
    if (!sameDriver(device->driver, *step.driverBefore))
        return fail(step, "The device runs " + driverWords(device->driver) + ", not "
                              + driverWords(*step.driverBefore)
                              + " as when the run was planned: something else changed it. Nothing was installed.");

    const ChangeResult result = devices->installDriver(step.host, step.instanceId, *step.driverAfter);
    checkpoint(StepCheckpoint::Changed, step);
    const auto after = devices->adapters(step.host);
    const Adapter *now = after ? findDevice(after.value(), step.instanceId) : nullptr;
    if (!result) {
        std::string detail = "Installing " + driverWords(*step.driverAfter) + " failed: " + result.error().toString()
            + ".";
        if (after && !now)
            detail += " The device is no longer in the device inventory.";
        else if (now)
            detail += " The device runs " + driverWords(now->driver) + ".";
        return fail(step, detail, result.error());
    }
    step.rebootRequired = result->rebootRequired;
    if (!after)
        return fail(step, "Windows reported the install done, but the devices could not be read again: "
                              + after.error().toString(),
                    after.error());
    if (!now)
        return fail(step, "The device is no longer in the device inventory after the install.");
    if (!sameDriver(now->driver, *step.driverAfter))
        return fail(step, "Windows reported the install done, but the device runs " + driverWords(now->driver) + ".");
    std::string detail = result->detail.empty() ? "Installed " + driverWords(*step.driverAfter) + "."
                                                : sentence(result->detail);
    if (result->rebootRequired)
        detail += " Windows asks for a restart to complete it.";
    done(step, detail);
}

void MigrationEngine::deletePort(Backend &backend, MigrationStep &step)
{
    DataCoreManagement *dataCore = backend.dataCore();
    if (!dataCore)
        return fail(step, "DataCore management is not available from this source.");
    const auto ports = dataCore->ports();
    if (!ports)
        return fail(step, "The DataCore ports could not be read: " + ports.error().toString(), ports.error());
    const DataCorePort *port = findPort(ports.value(), step.portId);
    if (!port)
        return done(step, step.portAlias + " is no longer in the configuration.");
    if (port->presence != Presence::NotPresent)
        return fail(step, step.portAlias + " is " + std::string(toString(port->presence))
                              + "; only the ports this run left Not present are removed.");
    const ChangeResult result = dataCore->deletePort(step.portId);
    checkpoint(StepCheckpoint::Changed, step);
    if (!result)
        return fail(step, "Removing " + step.portAlias + " failed: " + result.error().toString() + ".", result.error());
    step.rebootRequired = result->rebootRequired;
    const auto after = dataCore->ports();
    if (after && findPort(after.value(), step.portId))
        return fail(step, "DataCore reported " + step.portAlias + " removed, but still lists it.");
    done(step, result->detail.empty() ? "Removed " + step.portAlias + "." : sentence(result->detail));
}

void MigrationEngine::claim(Backend &backend, MigrationStep &step)
{
    Mpio *mpio = backend.mpio();
    if (!mpio)
        return fail(step, "Windows MPIO is not available from this source.");
    // An empty list would claim every device MSDSM supports: never here.
    if (step.hardwareIds.empty())
        return fail(step, "No hardware id to claim; nothing was claimed.");
    const ChangeResult result = mpio->claim(step.host, ClaimRequest{step.hardwareIds, false});
    checkpoint(StepCheckpoint::Changed, step);
    if (!result)
        return fail(step, "The claim failed: " + result.error().toString() + ".", result.error());
    step.rebootRequired = result->rebootRequired;
    const auto disks = mpio->disks(step.host);
    if (!disks)
        return fail(step, "The claim was accepted, but the MPIO disks could not be read: " + disks.error().toString(),
                    disks.error());
    std::vector<std::string> missing;
    for (const PlannedLun &lun : m_run.plan.luns) {
        if (!findDisk(disks.value(), lun.serial))
            missing.push_back(lun.caption);
    }
    const std::size_t claimed = m_run.plan.luns.size() - missing.size();
    std::string detail = result->detail.empty() ? "Claimed." : sentence(result->detail);
    if (missing.empty())
        return done(step, detail + (result->rebootRequired ? " Windows asks for a restart to complete it." : ""));
    if (result->rebootRequired || restartPending(backend))
        return done(step, detail + " " + std::to_string(claimed) + " of " + std::to_string(m_run.plan.luns.size())
                              + " back-end disks are MPIO disks now; the others follow the restart.");
    if (claimed == 0)
        return fail(step, detail + " None of the back-end disks became an MPIO disk.");
    std::string names;
    for (const std::string &name : missing)
        names += (names.empty() ? "" : ", ") + name;
    done(step, detail + " Not claimed: " + names + ".");
}

void MigrationEngine::setPolicy(Backend &backend, MigrationStep &step)
{
    Mpio *mpio = backend.mpio();
    if (!mpio)
        return fail(step, "Windows MPIO is not available from this source.");
    const auto disks = mpio->disks(step.host);
    if (!disks)
        return fail(step, "The MPIO disks could not be read: " + disks.error().toString(), disks.error());
    const MpioDisk *disk = findDisk(disks.value(), step.serial);
    if (!disk)
        return fail(step, "MSDSM has not claimed " + step.diskCaption + ".");
    step.mpioDisk = disk->number;
    step.manualAction = policyCommand(disk->number, step.policy, disk->paths, step.serial);
    if (!isMicrosoftDsm(disk->dsm))
        return fail(step, step.diskCaption + " is claimed by " + disk->dsm
                              + ", not the Microsoft DSM; remedy 2 hands the back-end to MSDSM.");
    if (disk->policy == step.policy)
        return done(step, "MPIO Disk" + std::to_string(disk->number) + " already uses "
                              + std::string(toString(step.policy)) + ".");
    const ChangeResult result = mpio->setPolicy(step.host, disk->number, step.policy);
    checkpoint(StepCheckpoint::Changed, step);
    if (!result)
        return fail(step, "Setting the policy failed: " + result.error().toString() + ".", result.error());
    step.rebootRequired = result->rebootRequired;
    const auto after = mpio->disks(step.host);
    const MpioDisk *now = after ? findDisk(after.value(), step.serial) : nullptr;
    if (!now || now->policy != step.policy)
        return fail(step, "MSDSM accepted the policy, but MPIO Disk" + std::to_string(disk->number) + " shows "
                              + (now ? std::string(toString(now->policy)) : std::string("nothing")) + ".");
    done(step, result->detail.empty() ? "Set." : sentence(result->detail));
}

void MigrationEngine::verify(Backend &backend, MigrationStep &step)
{
    log("Measuring the I/O per path after the change ...");
    TwoReadings readings;
    m_run.after = measureHealth(backend, &readings);
    checkpoint(StepCheckpoint::Changed, step);
    const SourceData::HostData *first = findHost(readings.first, m_run.plan.host);
    const SourceData::HostData *second = findHost(readings.second, m_run.plan.host);
    std::vector<std::string> problems;
    if (!second || second->mpioError) {
        problems.push_back("the MPIO disks of " + m_run.plan.host + " could not be read"
                           + (second && second->mpioError ? ": " + second->mpioError->toString() : std::string()));
    }

    m_run.luns.clear();
    for (const PlannedLun &planned : m_run.plan.luns) {
        LunOutcome lun;
        lun.serial = planned.serial;
        lun.caption = planned.caption;
        lun.expectedPaths = planned.expectedPaths;
        const MpioDisk *disk = second ? findDisk(second->mpioDisks, planned.serial) : nullptr;
        if (!disk) {
            lun.problems.push_back("not an MPIO disk");
        } else {
            lun.mpioDisk = disk->number;
            lun.dsm = disk->dsm;
            lun.policy = disk->policy;
            if (!isMicrosoftDsm(disk->dsm))
                lun.problems.push_back("claimed by " + disk->dsm + ", not the Microsoft DSM");
            if (disk->policy != m_run.plan.policy)
                lun.problems.push_back("uses " + std::string(toString(disk->policy)) + ", not "
                                       + std::string(toString(m_run.plan.policy)));
            const MpioDisk *earlier = first ? findDisk(first->mpioDisks, planned.serial) : nullptr;
            double slowReads = 0, slowWrites = 0;
            bool measured = false;
            for (const MpioPath &path : disk->paths) {
                ++lun.paths;
                const PathState state = arrayState(path);
                if (isUsable(path.state) && state != PathState::Failed && state != PathState::Unavailable)
                    ++lun.usablePaths;
                if (state == PathState::ActiveOptimized)
                    ++lun.optimizedPaths;
                if (!earlier)
                    continue;
                for (const MpioPath &before : earlier->paths) {
                    if (before.pathId != path.pathId)
                        continue;
                    const CounterDelta delta = counterDelta(before.counters, path.counters, m_settings.health.counters);
                    if (!delta.measured())
                        break;
                    measured = true;
                    if (state != PathState::ActiveOptimized) {
                        slowReads += delta.readRate();
                        slowWrites += delta.writeRate();
                    }
                    break;
                }
            }
            lun.ioMeasured = measured;
            lun.readsPerSecondOnNonOptimized = slowReads;
            lun.writesPerSecondOnNonOptimized = slowWrites;
            if (lun.usablePaths < planned.expectedPaths)
                lun.problems.push_back(std::to_string(lun.usablePaths) + " working paths, "
                                       + std::to_string(planned.expectedPaths) + " expected");
            if (lun.optimizedPaths == 0)
                lun.problems.push_back("no Active/Optimized path");
            const double minimum = m_settings.health.minIoRate;
            if (measured && lun.optimizedPaths > 0 && (slowReads >= minimum || slowWrites >= minimum)
                && strictlyOptimized(m_run.plan.policy)) {
                lun.problems.push_back("I/O on non-optimized paths: " + rate(slowReads) + " reads/s, "
                                       + rate(slowWrites) + " writes/s");
            }
        }
        for (const std::string &problem : lun.problems)
            problems.push_back(lun.caption + ": " + problem);
        m_run.luns.push_back(std::move(lun));
    }

    refreshDeviceStates(backend);
    for (const DeviceState &device : m_run.devices) {
        if (device.state != DeviceState::State::Replaced)
            problems.push_back(device.portAlias + ": " + device.text);
    }
    // The rules remedy 2 exists to clear must be gone for the run's ports
    // and back-end disks (other ports of the server may keep theirs).
    std::set<std::string> ports;
    for (const PlannedDevice &device : m_run.plan.devices)
        ports.insert(device.portId);
    std::set<std::string> serials;
    for (const PlannedLun &lun : m_run.plan.luns)
        serials.insert(normaliseSerial(lun.serial));
    for (const Finding &finding : m_run.after->findings) {
        if (finding.rule != rules::DataCoreBeDriverAlua && finding.rule != rules::IoOnNonOptimized
            && finding.rule != rules::NoOptimizedPath)
            continue;
        const bool ours = finding.object.diskKey.empty() ? ports.count(finding.object.portKey) > 0
                                                         : serials.count(finding.object.diskKey) > 0;
        if (ours && (finding.rule != rules::IoOnNonOptimized || strictlyOptimized(m_run.plan.policy)))
            problems.push_back(finding.rule + ": " + finding.objectName);
    }
    std::sort(problems.begin(), problems.end());
    problems.erase(std::unique(problems.begin(), problems.end()), problems.end());

    std::size_t measuredLuns = 0;
    for (const LunOutcome &lun : m_run.luns)
        measuredLuns += lun.ioMeasured ? 1 : 0;
    std::string summary = plural(m_run.luns.size(), "back-end disk", "back-end disks") + " checked";
    if (!m_run.luns.empty())
        summary += ", I/O measured on " + std::to_string(measuredLuns);
    summary += ". " + m_run.after->note;
    if (problems.empty()) {
        done(step, "All as expected: " + summary);
        return;
    }
    std::string detail = "Verification found " + plural(problems.size(), "problem", "problems") + ":";
    for (const std::string &problem : problems)
        detail += " " + problem + ";";
    detail.back() = '.';
    fail(step, detail + " " + summary);
}

void MigrationEngine::refreshDeviceStates(Backend &backend)
{
    m_run.devices.clear();
    const auto adapters = backend.devices() ? backend.devices()->adapters(m_run.plan.host)
                                            : Result<std::vector<Adapter>>(Error{"device inventory", "not available", 0});
    for (const PlannedDevice &planned : m_run.plan.devices) {
        DeviceState state;
        state.instanceId = planned.instanceId;
        state.description = planned.description;
        state.pci = planned.pci;
        state.portAlias = planned.portAlias;
        state.driverBefore = planned.driverBefore;
        const MigrationStep *install = m_run.step("install-driver:" + planned.pci.toString());
        if (!adapters) {
            state.state = DeviceState::State::Unknown;
            state.text = "unknown: the devices could not be read (" + adapters.error().toString() + ")";
        } else if (const Adapter *device = findDevice(adapters.value(), planned.instanceId); !device) {
            state.state = DeviceState::State::Vanished;
            state.text = "no longer in the device inventory (removed or failed hardware)";
        } else {
            state.driverNow = device->driver;
            if (planned.nativeDriver && sameDriver(device->driver, *planned.nativeDriver)) {
                state.state = DeviceState::State::Replaced;
                state.text = "runs " + driverWords(device->driver) + ", installed by this run";
            } else if (sameDriver(device->driver, planned.driverBefore)) {
                const bool rolledBack = install && install->status == StepStatus::RolledBack;
                state.state = rolledBack ? DeviceState::State::RolledBack : DeviceState::State::Unchanged;
                state.text = "runs " + driverWords(device->driver)
                    + (rolledBack ? ", its driver before the run, again" : ", as before the run");
            } else {
                state.state = DeviceState::State::Other;
                state.text = "runs " + driverWords(device->driver) + ", which this run did not install";
            }
        }
        m_run.devices.push_back(std::move(state));
    }
}

void MigrationEngine::finishRun(Backend &backend)
{
    if (m_run.devices.empty())
        refreshDeviceStates(backend);
    if (HostSystem *system = backend.hostSystem()) {
        if (const Result<PendingReboot> pending = system->rebootPending(m_run.plan.host))
            m_run.restartPendingAtEnd = pending->pending;
    }
    m_run.state = RunState::Completed;
    m_run.stateDetail = "Completed: " + m_run.plan.serverName + "'s back-end runs on Windows MPIO with "
        + std::string(toString(m_run.plan.policy)) + ".";
    if (m_run.restartRecommended()) {
        std::string asked;
        for (const MigrationStep &step : m_run.plan.steps) {
            if (step.rebootRequired && step.status == StepStatus::Done)
                asked += (asked.empty() ? "" : "; ") + step.title;
        }
        m_run.stateDetail += " Restart " + m_run.plan.host + " when convenient: Windows asked for a restart after: "
            + asked + ".";
    }
    log(m_run.stateDetail);
    if (auto error = recordState(RunState::Completed, m_run.stateDetail, true))
        log("The journal could not record the end of the run: " + error->toString());
}

void MigrationEngine::failRun(Backend &backend, const MigrationStep &step)
{
    refreshDeviceStates(backend);
    m_run.state = RunState::Failed;
    m_run.stateDetail = "Stopped: \"" + step.title + "\" failed. " + step.detail
        + " Each device is as listed. Roll back to restore the previous drivers, or remove the cause and resume "
          "to retry the step.";
    log(m_run.stateDetail);
    if (auto error = recordState(RunState::Failed, m_run.stateDetail, true))
        log("The journal could not record the failure: " + error->toString());
}

// ------------------------------------------------------------- rollback

std::optional<Error> MigrationEngine::rollBack(Backend &backend)
{
    if (!m_journal)
        return Error{"migration", "the run has not started: there is nothing to roll back", 0};
    switch (m_run.state) {
    case RunState::Running:
    case RunState::Paused:
    case RunState::WaitingForRestart:
    case RunState::Failed:
    case RunState::Completed:
    case RunState::RollingBack:
    case RunState::RollbackFailed:
        break;
    default:
        return Error{"migration", "a " + std::string(toString(m_run.state)) + " run cannot be rolled back", 0};
    }
    m_run.state = RunState::RollingBack;
    if (auto error = record(QJsonObject{{QStringLiteral("type"), QStringLiteral("rollback-started")}}))
        return stopWithJournalError(*error);
    log("Rolling back: restoring the previous driver of each replaced device ...");

    bool complete = true;
    bool restart = false;
    DeviceInventory *devices = backend.devices();
    for (auto it = m_run.plan.steps.rbegin(); it != m_run.plan.steps.rend(); ++it) {
        MigrationStep &step = *it;
        if (step.kind != StepKind::InstallDriver)
            continue;
        if (step.status == StepStatus::Running)
            reconcile(backend, step);
        if (step.status != StepStatus::Done)
            continue;
        const auto adapters = devices ? devices->adapters(step.host)
                                      : Result<std::vector<Adapter>>(Error{"device inventory", "not available", 0});
        const Adapter *device = adapters ? findDevice(adapters.value(), step.instanceId) : nullptr;
        if (!adapters) {
            complete = false;
            step.detail += " Rollback not possible: the devices could not be read (" + adapters.error().toString() + ").";
        } else if (!device) {
            complete = false;
            step.detail += " Rollback not possible: the device is no longer present.";
        } else if (step.driverBefore && sameDriver(device->driver, *step.driverBefore)) {
            step.status = StepStatus::RolledBack;
            step.detail = "Rolled back: the device runs " + driverWords(device->driver) + " again.";
        } else if (step.driverAfter && sameDriver(device->driver, *step.driverAfter)) {
            log("Restoring " + driverWords(*step.driverBefore) + " on " + step.portAlias + " ...");
            ChangeResult result = devices->rollBackDriver(step.host, step.instanceId);
            if (!result && result.error().code == kErrorNoBackupDriver && step.driverBefore) {
                // Windows keeps a backup driver only after some installs; the
                // journal names the previous package, so install that again.
                log("No backup driver is set for " + step.portAlias + "; installing the recorded "
                    + driverWords(*step.driverBefore) + " again ...");
                const Error noBackup = result.error();
                result = devices->installDriver(step.host, step.instanceId, *step.driverBefore);
                if (!result)
                    result = Error{result.error().operation,
                                   result.error().message + " (after DiRollbackDriver found no backup driver: "
                                       + noBackup.message + ")",
                                   result.error().code};
            }
            if (!result) {
                complete = false;
                step.detail += " Rollback failed: " + result.error().toString() + ".";
                step.error = result.error();
            } else {
                const auto now = devices->adapters(step.host);
                const Adapter *after = now ? findDevice(now.value(), step.instanceId) : nullptr;
                if (after && sameDriver(after->driver, *step.driverBefore)) {
                    step.status = StepStatus::RolledBack;
                    step.detail = "Rolled back: " + sentence(result->detail);
                    if (result->rebootRequired) {
                        restart = true;
                        step.detail += " Windows asks for a restart to complete it.";
                    }
                } else {
                    complete = false;
                    step.detail += " Rollback reported done, but the device runs "
                        + (after ? driverWords(after->driver) : std::string("nothing readable")) + ".";
                }
            }
        } else {
            complete = false;
            step.detail += " Not rolled back: the device runs " + driverWords(device->driver)
                + ", which this run did not install.";
        }
        log(step.portAlias + ": " + step.detail);
        if (auto error = record(QJsonObject{{QStringLiteral("type"), QStringLiteral("rollback-step-finished")},
                                            {QStringLiteral("step"), toJson(step)}}))
            return stopWithJournalError(*error);
    }
    for (MigrationStep &step : m_run.plan.steps) {
        if (step.status != StepStatus::Planned && step.status != StepStatus::Running)
            continue;
        step.status = StepStatus::Skipped;
        step.detail = "Not run: the run was rolled back.";
        if (auto error = record(QJsonObject{{QStringLiteral("type"), QStringLiteral("rollback-step-finished")},
                                            {QStringLiteral("step"), toJson(step)}}))
            return stopWithJournalError(*error);
    }

    refreshDeviceStates(backend);
    m_run.luns.clear();
    m_run.after = measureHealth(backend);
    m_run.state = complete ? RunState::RolledBack : RunState::RollbackFailed;
    if (complete) {
        m_run.stateDetail = "Rolled back: every device the run changed runs its previous driver again. SANsymphony "
                            "finds its back-end ports again once its driver runs, the removed ones included.";
    } else {
        m_run.stateDetail = "The rollback is incomplete: see each device. Fix what blocks it and roll back again, "
                            "or restore the driver by hand (Device Manager > Driver > Roll Back Driver).";
    }
    if (!m_run.plan.hardwareIds.empty()) {
        std::string ids;
        for (const std::string &id : m_run.plan.hardwareIds)
            ids += " \"" + id + "\"";
        m_run.stateDetail += " MSDSM keeps the back-end array in its supported list; remove it with mpclaim -n -u -d"
            + ids + " if wanted.";
    }
    if (restart)
        m_run.stateDetail += " Restart " + m_run.plan.host + " to complete the rollback.";
    log(m_run.stateDetail);

    QJsonArray states;
    for (const DeviceState &device : m_run.devices)
        states.append(toJson(device));
    if (auto error = record(QJsonObject{{QStringLiteral("type"), QStringLiteral("rollback-finished")},
                                        {QStringLiteral("state"), qs(toString(m_run.state))},
                                        {QStringLiteral("detail"), qs(m_run.stateDetail)},
                                        {QStringLiteral("devices"), states},
                                        {QStringLiteral("backEndDisks"), QJsonArray()},
                                        {QStringLiteral("after"), toJournalJson(*m_run.after)}}))
        return stopWithJournalError(*error);
    return std::nullopt;
}

} // namespace pathlens
