#include "app/migratecommand.h"

#include "model/migration/migrationengine.h"
#include "model/migration/migrationjournal.h"
#include "model/migration/migrationjson.h"
#include "platform/lab/labbackend.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdlib>

namespace pathlens {

namespace {

struct OptionSpec {
    const char *name;
    const char *description;
    const char *valueName; ///< nullptr: a switch
};

// --server and --format come from the report command's options and are
// shared: registering a name twice is refused (with a warning) by the parser.
constexpr OptionSpec kOptions[] = {
    {"ports", "migrate: the back-end ports to change (ids, aliases or PCI locations such as 175:0.0 or "
              "0000:af:00.0, comma-separated; default: every back-end port that can be changed).",
     "ports"},
    {"dry-run", "migrate: plan and run the preflight only; nothing is changed.", nullptr},
    {"apply", "migrate: run the plan. Applying confirms that DataCore's support consequences (FAQ 1302) were read; "
              "see the dry run.",
     nullptr},
    {"resume", "migrate: continue the newest unfinished run (of --server, if given; or the one in --journal).",
     nullptr},
    {"rollback", "migrate: restore the previous driver of each device the newest unfinished run (or --journal) "
                 "replaced.",
     nullptr},
    {"abandon", "migrate: leave the newest unfinished run (or --journal) as it is; it is not offered again.", nullptr},
    {"policy", "migrate: load-balance policy for the claimed back-end disks: RRWS (default), LQD or LB.", "policy"},
    {"driver", "migrate: preferred native driver by INF name, optionally with its version (oem17.inf|9.2.9.27); "
               "default: the newest compatible one.",
     "inf"},
    {"journal-dir", "migrate: folder of the run journals (default: the application's data folder, journals/).",
     "folder"},
    {"journal", "migrate: the journal of the run to resume, roll back or abandon.", "file"},
    {"export-journal", "migrate: copy the run's journal to <file> when done.", "file"},
    {"keep-ports", "migrate: keep the DataCore ports the driver change leaves Not present (default: remove them).",
     nullptr},
    {"rollback-on-failure", "migrate: roll back at once when a step fails.", nullptr},
    {"lab-state", "migrate, simulated lab: keep the lab's changes in <file>, so later runs continue with them.",
     "file"},
    {"restart-lab-server", "migrate --resume, simulated lab: restart the simulated server first.", nullptr},
};

// Options only migrate uses (not --server, --format: shared).
constexpr const char *kMigrateOnly[] = {"ports",          "dry-run",   "apply",      "resume",
                                        "rollback",       "abandon",   "policy",     "driver",
                                        "journal-dir",    "journal",   "export-journal", "keep-ports",
                                        "rollback-on-failure", "lab-state", "restart-lab-server"};

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

std::string modeWord(MigrateRequest::Mode mode)
{
    switch (mode) {
    case MigrateRequest::Mode::DryRun: return "dry-run";
    case MigrateRequest::Mode::Apply: return "apply";
    case MigrateRequest::Mode::Resume: return "resume";
    case MigrateRequest::Mode::RollBack: return "rollback";
    case MigrateRequest::Mode::Abandon: return "abandon";
    }
    return "dry-run";
}

/// A test hook: PATHLENS_TEST_CRASH_AT=<started|changed|finished>@<step number>
/// ends the process there at once, as a crash or power cut would, so tests
/// can prove that --resume carries on at the right place.
std::function<void(StepCheckpoint, const MigrationStep &)> crashHook(const MigrationRun &run)
{
    const QByteArray spec = qgetenv("PATHLENS_TEST_CRASH_AT");
    const qsizetype at = spec.indexOf('@');
    if (at <= 0)
        return {};
    const QByteArray point = spec.left(at);
    bool ok = false;
    const int number = spec.mid(at + 1).toInt(&ok);
    if (!ok || number < 1)
        return {};
    StepCheckpoint wanted;
    if (point == "started")
        wanted = StepCheckpoint::Started;
    else if (point == "changed")
        wanted = StepCheckpoint::Changed;
    else if (point == "finished")
        wanted = StepCheckpoint::Finished;
    else
        return {};
    std::vector<std::string> ids;
    for (const MigrationStep &step : run.plan.steps)
        ids.push_back(step.id);
    return [wanted, number, ids](StepCheckpoint reached, const MigrationStep &step) {
        if (reached != wanted || number > static_cast<int>(ids.size()) || ids[std::size_t(number - 1)] != step.id)
            return;
        std::_Exit(86);
    };
}

/// The newest unfinished run in @p directory made on @p backend, for @p server
/// (name, id or host name; empty: any).
std::optional<JournalEntry> unfinishedRun(const QString &directory, const std::string &backend, const QString &server,
                                         std::vector<std::string> *unreadable = nullptr)
{
    const auto same = [&server](const std::string &name) {
        return QString::fromStdString(name).compare(server, Qt::CaseInsensitive) == 0;
    };
    for (JournalEntry &entry : findResumableRuns(directory, unreadable)) {
        const MigrationPlan &plan = entry.run.plan;
        if (entry.run.backendDescription == backend
            && (server.isEmpty() || same(plan.serverName) || same(plan.serverId) || same(plan.host)))
            return std::move(entry);
    }
    return std::nullopt;
}

class MigrateCommand final
{
public:
    MigrateCommand(const BackendChoice &choice, const MigrateRequest &request, QTextStream &out, QTextStream &err)
        : m_choice(choice), m_request(request), m_out(out), m_err(err)
    {
    }

    int run();

private:
    QString journalDirectory() const
    {
        return m_request.journalDirectory.isEmpty() ? defaultJournalDirectory() : m_request.journalDirectory;
    }
    MigrationSettings settings() const;
    int openBackend();
    int plan();
    int openRun();
    int finish(int code);
    int failEarly(int code, const QString &message, const std::optional<JournalEntry> &unfinished = std::nullopt);
    /// The lab's state file of the run with this journal (unless --lab-state names one).
    int keepLabWithRun(const std::string &journal);
    void printJson(int code);
    void printText(int code);
    void note(const QString &message) { m_messages << message; }

    const BackendChoice &m_choice;
    const MigrateRequest &m_request;
    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<Backend> m_backend;
    LabBackend *m_lab = nullptr;
    std::unique_ptr<MigrationEngine> m_engine;
    QStringList m_messages;
    bool m_acknowledged = false;
};

MigrationSettings MigrateCommand::settings() const
{
    MigrationSettings settings;
    settings.journalDirectory = journalDirectory();
    // Live systems need a real pause between the readings; the lab steps its clock.
    settings.measureInterval = std::chrono::seconds(5);
    return settings;
}

int MigrateCommand::openBackend()
{
    BackendChoice choice = m_choice;
    if (choice.rest) {
        // No window to ask in: the environment or the keychain has it.
        const Result<QString> password = reportPassword(*choice.rest);
        if (!password)
            return failEarly(MigrateUnreadable, qs(password.error().toString()));
        choice.rest->password = password.value();
    }
    auto created = createBackend(choice);
    if (!created)
        return failEarly(MigrateUnreadable, qs(created.error().toString()));
    m_backend = std::move(created).value();
    m_lab = dynamic_cast<LabBackend *>(m_backend.get());
    if (!m_request.labState.isEmpty()) {
        if (!m_lab)
            return failEarly(MigrateBlocked, QStringLiteral("--lab-state works with the simulated lab only"));
        if (auto error = m_lab->useStateFile(m_request.labState.toStdString()))
            return failEarly(MigrateUnreadable, qs(error->toString()));
    }
    if (m_request.restartLabServer && !m_lab)
        return failEarly(MigrateBlocked, QStringLiteral("--restart-lab-server works with the simulated lab only"));
    return MigrateSucceeded;
}

int MigrateCommand::keepLabWithRun(const std::string &journal)
{
    // A run on the simulated lab often waits for a restart and goes on in a
    // later process: the lab's changes are kept beside the run's journal, so
    // that process finds the lab as the run left it.
    if (!m_lab || !m_request.labState.isEmpty() || journal.empty())
        return MigrateSucceeded;
    if (auto error = m_lab->useStateFile(journal + ".lab-state.json"))
        return failEarly(MigrateUnreadable, qs(error->toString()));
    return MigrateSucceeded;
}

int MigrateCommand::run()
{
    if (const int code = openBackend(); code != MigrateSucceeded)
        return code;
    switch (m_request.mode) {
    case MigrateRequest::Mode::DryRun:
    case MigrateRequest::Mode::Apply:
        return plan();
    case MigrateRequest::Mode::Resume:
    case MigrateRequest::Mode::RollBack:
    case MigrateRequest::Mode::Abandon:
        return openRun();
    }
    return MigrateBlocked;
}

int MigrateCommand::plan()
{
    const bool apply = m_request.mode == MigrateRequest::Mode::Apply;
    const std::optional<JournalEntry> unfinished =
        unfinishedRun(journalDirectory(), m_backend->description(), m_request.server);
    if (apply) {
        // Two runs on one server at once would fight over its devices.
        if (unfinished) {
            return failEarly(
                MigrateBlocked,
                QStringLiteral("%1 has an unfinished run (%2) in %3: resume it with --resume, roll it back with "
                               "--rollback, or leave it with --abandon")
                    .arg(qs(unfinished->run.plan.serverName), qs(std::string(toString(unfinished->run.state))),
                         unfinished->path),
                unfinished);
        }
    }
    MigrationRequest request;
    request.server = m_request.server.toStdString();
    for (const QString &port : m_request.ports)
        request.ports.push_back(port.toStdString());
    for (const QString &driver : m_request.drivers)
        request.drivers.push_back(driver.toStdString());
    request.policy = m_request.policy;

    if (unfinished) {
        note(QStringLiteral("%1 has an unfinished run (%2) in %3; --apply refuses to start another until it is "
                            "resumed, rolled back or abandoned.")
                 .arg(qs(unfinished->run.plan.serverName), qs(std::string(toString(unfinished->run.state))),
                      unfinished->path));
    }
    m_engine = std::make_unique<MigrationEngine>(settings());
    m_engine->setLogSink([this](const std::string &line) { m_err << qs(line) << '\n' << Qt::flush; });
    if (auto error = m_engine->prepare(*m_backend, request))
        return failEarly(MigrateUnreadable, qs(error->toString()));
    if (m_engine->run().blocked())
        return finish(MigrateBlocked);
    if (!apply)
        return finish(MigrateSucceeded);

    m_engine->acknowledgeSupportConsequences();
    m_acknowledged = true;
    if (auto error = m_engine->start()) {
        note(qs(error->toString()));
        return finish(MigrateFailed);
    }
    if (const int code = keepLabWithRun(m_engine->run().journalPath); code != MigrateSucceeded)
        return code;
    return finish(MigrateSucceeded);
}

int MigrateCommand::openRun()
{
    std::optional<JournalEntry> entry;
    QString path = m_request.journal;
    if (path.isEmpty()) {
        std::vector<std::string> unreadable;
        entry = unfinishedRun(journalDirectory(), m_backend->description(), m_request.server, &unreadable);
        for (const std::string &reason : unreadable)
            note(QStringLiteral("A journal could not be read: %1").arg(qs(reason)));
        if (!entry) {
            return failEarly(MigrateUnreadable,
                             QStringLiteral("no unfinished run%1 on %2 in %3")
                                 .arg(m_request.server.isEmpty() ? QString() : QStringLiteral(" of ") + m_request.server,
                                      qs(m_backend->description()), journalDirectory()));
        }
        path = entry->path;
    }
    if (const int code = keepLabWithRun(path.toStdString()); code != MigrateSucceeded)
        return code;
    auto opened = MigrationEngine::open(path, settings());
    if (!opened)
        return failEarly(MigrateUnreadable, qs(opened.error().toString()));
    m_engine = std::move(opened).value();
    m_engine->setLogSink([this](const std::string &line) { m_err << qs(line) << '\n' << Qt::flush; });
    const MigrationRun &run = m_engine->run();
    for (const std::string &problem : run.journalProblems)
        note(QStringLiteral("Journal %1: %2").arg(path, qs(problem)));
    if (run.backendDescription != m_backend->description()) {
        return failEarly(MigrateUnreadable, QStringLiteral("the run in %1 was made on \"%2\", not on \"%3\"")
                                                .arg(path, qs(run.backendDescription), qs(m_backend->description())));
    }

    switch (m_request.mode) {
    case MigrateRequest::Mode::Abandon:
        if (auto error = m_engine->abandon("left as it is (pathlens migrate --abandon)")) {
            note(qs(error->toString()));
            return finish(MigrateFailed);
        }
        return finish(MigrateSucceeded);
    case MigrateRequest::Mode::RollBack:
        if (auto error = m_engine->rollBack(*m_backend)) {
            note(qs(error->toString()));
            return finish(MigrateFailed);
        }
        return finish(m_engine->run().state == RunState::RolledBack ? MigrateSucceeded : MigrateFailed);
    default:
        break;
    }

    if (m_request.restartLabServer && m_lab) {
        const ChangeResult restarted = m_lab->restartHost(run.plan.host);
        if (!restarted)
            return failEarly(MigrateUnreadable, qs(restarted.error().toString()));
        note(qs(restarted->detail));
    }
    if (run.state == RunState::RollingBack) {
        // The process stopped while rolling back: finish the rollback.
        if (auto error = m_engine->rollBack(*m_backend))
            note(qs(error->toString()));
        return finish(MigrateFailed);
    }
    if (auto error = m_engine->resume()) {
        note(qs(error->toString()));
        return finish(MigrateFailed);
    }
    return finish(MigrateSucceeded);
}

int MigrateCommand::finish(int code)
{
    // Running states go on here: a planned run that started, or a resumed one.
    if (m_engine && m_engine->run().state == RunState::Running) {
        m_engine->setCheckpoint(crashHook(m_engine->run()));
        m_engine->runToEnd(*m_backend, !m_request.keepPorts);
        if (m_engine->run().state == RunState::Failed && m_request.rollBackOnFailure) {
            note(QStringLiteral("A step failed: rolling back (--rollback-on-failure)."));
            if (auto error = m_engine->rollBack(*m_backend))
                note(qs(error->toString()));
        }
    }
    if (m_engine && m_request.mode != MigrateRequest::Mode::DryRun) {
        switch (m_engine->run().state) {
        case RunState::Completed:
        case RunState::Abandoned:
            break;
        case RunState::RolledBack:
            if (m_request.mode != MigrateRequest::Mode::RollBack)
                code = MigrateFailed;
            break;
        case RunState::Paused:
        case RunState::WaitingForRestart:
            code = code == MigrateSucceeded ? MigrateStopped : code;
            break;
        case RunState::Failed:
        case RunState::RollbackFailed:
        case RunState::RollingBack:
        case RunState::Running:
            code = MigrateFailed;
            break;
        case RunState::Planned:
            break;
        }
    }
    if (m_engine && !m_request.exportJournal.isEmpty()) {
        const std::string &journal = m_engine->run().journalPath;
        if (journal.empty()) {
            note(QStringLiteral("No journal to export: the run did not start."));
        } else if (auto error = exportJournal(qs(journal), m_request.exportJournal)) {
            note(qs(error->toString()));
            if (code == MigrateSucceeded)
                code = MigrateFailed;
        } else {
            note(QStringLiteral("Journal exported to %1.").arg(m_request.exportJournal));
        }
    }
    if (m_lab) {
        if (auto error = m_lab->stateFileError()) {
            note(QStringLiteral("The lab state could not be saved: %1").arg(qs(error->toString())));
            if (code == MigrateSucceeded)
                code = MigrateFailed;
        }
    }
    if (m_request.format == QLatin1String("text"))
        printText(code);
    else
        printJson(code);
    return code;
}

int MigrateCommand::failEarly(int code, const QString &message, const std::optional<JournalEntry> &unfinished)
{
    m_err << "pathlens: " << message << '\n';
    note(message);
    if (m_request.format == QLatin1String("text")) {
        m_out << "Not done: " << message << '\n';
        m_out.flush();
        return code;
    }
    QJsonObject json{{QStringLiteral("schema"), QStringLiteral("pathlens-migration/1")},
                     {QStringLiteral("generated"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                     {QStringLiteral("mode"), qs(modeWord(m_request.mode))},
                     {QStringLiteral("state"), code == MigrateBlocked ? QStringLiteral("blocked")
                                                                       : QStringLiteral("not-read")},
                     {QStringLiteral("exitCode"), code},
                     {QStringLiteral("steps"), QJsonArray()},
                     {QStringLiteral("messages"), QJsonArray::fromStringList(m_messages)}};
    if (unfinished)
        json.insert(QStringLiteral("unfinishedRun"), runSummaryJson(unfinished->run));
    m_out << QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented));
    m_out.flush();
    return code;
}

void MigrateCommand::printJson(int code)
{
    const MigrationRun &run = m_engine->run();
    QJsonObject json = runSummaryJson(run);
    json.insert(QStringLiteral("schema"), QStringLiteral("pathlens-migration/1"));
    json.insert(QStringLiteral("generated"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    json.insert(QStringLiteral("mode"), qs(modeWord(m_request.mode)));
    json.insert(QStringLiteral("exitCode"), code);
    if (run.blocked() && run.state == RunState::Planned)
        json.insert(QStringLiteral("state"), QStringLiteral("blocked"));
    QJsonObject source{{QStringLiteral("backend"), qs(m_backend->description())},
                       {QStringLiteral("labState"), m_request.labState.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                                 : QJsonValue(m_request.labState)}};
    json.insert(QStringLiteral("source"), source);
    json.insert(QStringLiteral("supportConsequencesAcknowledged"),
                m_acknowledged || std::any_of(run.preflight.begin(), run.preflight.end(), [](const PreflightItem &item) {
                    return item.needsAcknowledgement && item.acknowledged;
                }));
    // The server's back-end ports as the wizard offers them.
    QJsonArray ports;
    if (const ServerChoice *server = findServerChoice(m_engine->choices(), run.plan.serverId)) {
        for (const BackEndPortChoice &port : server->ports)
            ports.append(toJson(port));
    }
    json.insert(QStringLiteral("ports"), ports);
    json.insert(QStringLiteral("messages"), QJsonArray::fromStringList(m_messages));
    m_out << QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented));
    m_out.flush();
}

void MigrateCommand::printText(int code)
{
    const MigrationRun &run = m_engine->run();
    m_out << "Remedy 2 on " << qs(run.plan.serverName) << " (" << qs(run.plan.host) << "): "
          << qs(std::string(run.blocked() && run.state == RunState::Planned ? "blocked" : toString(run.state)))
          << " (exit " << code << ")\n";
    m_out << qs(run.stateDetail) << '\n';
    if (run.state == RunState::WaitingForRestart) {
        // Where to go on: the simulated server restarts on request, a real one by its admin.
        const QString next = m_lab ? QStringLiteral("Next: pathlens migrate --server %1 --resume --restart-lab-server "
                                                    "(%2, the simulated server, restarts first)")
                                   : QStringLiteral("Next: restart %2, then pathlens migrate --server %1 --resume");
        m_out << next.arg(qs(run.plan.serverName), qs(run.plan.host)) << '\n';
    }
    m_out << "\nPreflight:\n";
    for (const PreflightItem &item : run.preflight) {
        m_out << "  [" << qs(std::string(toString(item.status))) << "] " << qs(item.title) << ": " << qs(item.detail)
              << (item.needsAcknowledgement ? (item.acknowledged ? " (acknowledged)" : " (to acknowledge)") : "")
              << '\n';
    }
    m_out << "\nSteps:\n";
    for (std::size_t i = 0; i < run.plan.steps.size(); ++i) {
        const MigrationStep &step = run.plan.steps[i];
        m_out << "  " << (i + 1) << ". [" << qs(std::string(toString(step.status))) << "] " << qs(step.title) << '\n';
        if (!step.detail.empty())
            m_out << "     " << qs(step.detail) << '\n';
        m_out << "     By hand: " << qs(step.manualAction) << '\n';
    }
    if (!run.devices.empty()) {
        m_out << "\nDevices:\n";
        for (const DeviceState &device : run.devices)
            m_out << "  " << qs(device.portAlias) << " (PCI " << qs(pciWithHex(device.pci)) << "): " << qs(device.text)
                  << '\n';
    }
    if (!run.luns.empty()) {
        m_out << "\nBack-end disks:\n";
        for (const LunOutcome &lun : run.luns) {
            m_out << "  " << qs(lun.caption) << ": "
                  << (lun.mpioDisk ? QStringLiteral("MPIO Disk%1").arg(*lun.mpioDisk) : QStringLiteral("not claimed"))
                  << ", " << qs(lun.dsm) << ", " << qs(std::string(toShortString(lun.policy))) << ", "
                  << lun.usablePaths << "/" << lun.expectedPaths << " working paths, " << lun.optimizedPaths
                  << " Active/Optimized" << (lun.problems.empty() ? "" : " - PROBLEM") << '\n';
        }
    }
    const auto findings = [this](const char *title, const HealthSummary &health) {
        m_out << '\n' << title << ": " << health.findings.size() << " finding(s). " << qs(health.note) << '\n';
        for (const Finding &finding : health.findings)
            m_out << "  " << qs(std::string(toString(finding.severity))) << ' ' << qs(finding.rule) << ": "
                  << qs(finding.objectName) << '\n';
    };
    findings("Before", run.before);
    if (run.after)
        findings("After", *run.after);
    if (!run.journalPath.empty())
        m_out << "\nJournal: " << qs(run.journalPath) << '\n';
    for (const QString &message : m_messages)
        m_out << "Note: " << message << '\n';
    m_out.flush();
}

} // namespace

void addMigrateOptions(QCommandLineParser &parser)
{
    for (const OptionSpec &spec : kOptions) {
        QCommandLineOption option(QString::fromLatin1(spec.name), QString::fromUtf8(spec.description));
        if (spec.valueName)
            option.setValueName(QString::fromLatin1(spec.valueName));
        parser.addOption(option);
    }
}

QString migrateOptionUsed(const QCommandLineParser &parser)
{
    for (const char *name : kMigrateOnly) {
        if (parser.isSet(QString::fromLatin1(name)))
            return QStringLiteral("--") + QString::fromLatin1(name);
    }
    return {};
}

std::optional<MigrateRequest> migrateRequestFrom(const QCommandLineParser &parser, QString &error)
{
    MigrateRequest request;
    const bool dryRun = parser.isSet(QStringLiteral("dry-run"));
    const bool apply = parser.isSet(QStringLiteral("apply"));
    const bool resume = parser.isSet(QStringLiteral("resume"));
    const bool rollBack = parser.isSet(QStringLiteral("rollback"));
    const bool abandon = parser.isSet(QStringLiteral("abandon"));
    if (int(dryRun) + int(apply) + int(resume) + int(rollBack) + int(abandon) != 1) {
        error = QStringLiteral("migrate needs exactly one of --dry-run, --apply, --resume, --rollback, --abandon");
        return std::nullopt;
    }
    request.mode = apply      ? MigrateRequest::Mode::Apply
        : resume              ? MigrateRequest::Mode::Resume
        : rollBack            ? MigrateRequest::Mode::RollBack
        : abandon             ? MigrateRequest::Mode::Abandon
                              : MigrateRequest::Mode::DryRun;
    request.server = parser.value(QStringLiteral("server")).trimmed();
    if ((dryRun || apply) && request.server.isEmpty()) {
        error = QStringLiteral("migrate --dry-run and --apply need --server");
        return std::nullopt;
    }
    for (const QString &value : parser.values(QStringLiteral("ports"))) {
        for (const QString &port : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
            request.ports << port.trimmed();
    }
    if (parser.isSet(QStringLiteral("policy"))) {
        const QString policy = parser.value(QStringLiteral("policy")).trimmed().toUpper();
        if (policy == QLatin1String("RRWS"))
            request.policy = LoadBalancePolicy::RoundRobinWithSubset;
        else if (policy == QLatin1String("LQD"))
            request.policy = LoadBalancePolicy::LeastQueueDepth;
        else if (policy == QLatin1String("LB"))
            request.policy = LoadBalancePolicy::LeastBlocks;
        else {
            error = QStringLiteral("unknown --policy '%1' (RRWS, LQD or LB: the policies that keep I/O on the "
                                   "Active/Optimized paths)")
                        .arg(parser.value(QStringLiteral("policy")));
            return std::nullopt;
        }
    }
    request.drivers = parser.values(QStringLiteral("driver"));
    request.format = parser.value(QStringLiteral("format")).toLower();
    if (request.format.isEmpty())
        request.format = QStringLiteral("json");
    if (request.format != QLatin1String("json") && request.format != QLatin1String("text")) {
        error = QStringLiteral("unsupported migrate format '%1' (supported: json, text)").arg(request.format);
        return std::nullopt;
    }
    request.journalDirectory = parser.value(QStringLiteral("journal-dir"));
    request.journal = parser.value(QStringLiteral("journal"));
    request.exportJournal = parser.value(QStringLiteral("export-journal"));
    request.labState = parser.value(QStringLiteral("lab-state"));
    request.keepPorts = parser.isSet(QStringLiteral("keep-ports"));
    request.rollBackOnFailure = parser.isSet(QStringLiteral("rollback-on-failure"));
    request.restartLabServer = parser.isSet(QStringLiteral("restart-lab-server"));
    if (request.restartLabServer && !resume) {
        error = QStringLiteral("--restart-lab-server belongs to migrate --resume");
        return std::nullopt;
    }
    if (!request.journal.isEmpty() && (dryRun || apply)) {
        error = QStringLiteral("--journal names a run to resume, roll back or abandon");
        return std::nullopt;
    }
    for (const char *name : {"journal-dir", "journal", "export-journal", "lab-state"}) {
        if (parser.isSet(QString::fromLatin1(name)) && parser.value(QString::fromLatin1(name)).isEmpty()) {
            error = QStringLiteral("--%1 needs a value").arg(QString::fromLatin1(name));
            return std::nullopt;
        }
    }
    return request;
}

int runMigrateCommand(const BackendChoice &backend, const MigrateRequest &request, QTextStream &out,
                      QTextStream &err)
{
    return MigrateCommand(backend, request, out, err).run();
}

} // namespace pathlens
