#include "model/migration/migrationjournal.h"

#include "model/migration/migrationjson.h"
#include "model/snapshotbuilder.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <cctype>
#include <chrono>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

namespace pathlens {

namespace {

constexpr char kFormat[] = "pathlens-migration-journal";
// Journals hold a few hundred records; a file far bigger is not one.
constexpr qint64 kMaxJournalBytes = 64 * 1024 * 1024;

QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

std::string str(const QJsonValue &value)
{
    return value.toString().toStdString();
}

/// Pushes the written bytes to the disk, not just to the OS cache: the
/// record must survive the machine stopping, not only the process.
bool syncToDisk(QFile &file)
{
    if (!file.flush())
        return false;
#ifdef Q_OS_WIN
    return _commit(file.handle()) == 0;
#else
    return ::fsync(file.handle()) == 0;
#endif
}

QString safeName(const std::string &text)
{
    QString name;
    for (const QChar c : QString::fromStdString(text)) {
        if (c.isLetterOrNumber() && c.unicode() < 128)
            name += c;
        else if (c == QLatin1Char('-') || c == QLatin1Char('_'))
            name += c;
        else
            name += QLatin1Char('_');
        if (name.size() >= 40)
            break;
    }
    return name.isEmpty() ? QStringLiteral("server") : name;
}

Error journalError(const QString &path, const QString &what)
{
    return Error{"migration journal", (path + QStringLiteral(": ") + what).toStdString(), 0};
}

bool equalNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

QString defaultJournalDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("journals"));
}

MigrationJournal::MigrationJournal(QString path, std::string runId, int seq)
    : m_path(std::move(path)), m_runId(std::move(runId)), m_seq(seq)
{
}

Result<MigrationJournal> MigrationJournal::create(const QString &directory, const MigrationRun &run)
{
    if (directory.isEmpty())
        return Error{"migration journal", "no journal folder given", 0};
    QDir dir(directory);
    if (!dir.mkpath(QStringLiteral(".")))
        return journalError(directory, QStringLiteral("cannot create the folder"));
    const QString time = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    const QString name = QStringLiteral("migration-%1-%2-%3.jsonl")
                             .arg(time, safeName(run.plan.serverName), qs(run.id).left(8));
    const QString path = dir.filePath(name);
    if (QFileInfo::exists(path))
        return journalError(path, QStringLiteral("exists already"));
    return MigrationJournal(path, run.id, 0);
}

MigrationJournal MigrationJournal::resume(const QString &path, std::string runId, int lastSeq)
{
    return MigrationJournal(path, std::move(runId), lastSeq);
}

std::optional<Error> MigrationJournal::append(QJsonObject record)
{
    record.insert(QStringLiteral("run"), qs(m_runId));
    record.insert(QStringLiteral("seq"), m_seq + 1);
    record.insert(QStringLiteral("time"), migrationTime(std::chrono::system_clock::now()));
    QByteArray line = QJsonDocument(record).toJson(QJsonDocument::Compact);
    line.append('\n');

    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append))
        return journalError(m_path, QStringLiteral("cannot open for writing: ") + file.errorString());
    const qint64 before = file.size();
    if (file.write(line) != line.size() || !syncToDisk(file)) {
        const QString why = file.errorString();
        // Leave no half record behind where the file system allows it.
        file.resize(before);
        return journalError(m_path, QStringLiteral("cannot write: ") + why);
    }
    ++m_seq;
    return std::nullopt;
}

Result<JournalContent> readJournal(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return journalError(path, QStringLiteral("cannot open: ") + file.errorString());
    if (file.size() > kMaxJournalBytes)
        return journalError(path, QStringLiteral("is too large to be a migration journal"));
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return journalError(path, QStringLiteral("cannot read: ") + file.errorString());

    JournalContent content;
    const QList<QByteArray> lines = bytes.split('\n');
    const bool endsWithNewline = bytes.endsWith('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const bool last = i == lines.size() - 1;
        if (line.trimmed().isEmpty())
            continue;
        const std::string where = "line " + std::to_string(i + 1);
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError) {
            if (last && !endsWithNewline)
                content.problems.push_back(where + " is incomplete: the process stopped while writing it");
            else
                content.problems.push_back(where + ": not a JSON record (" + error.errorString().toStdString()
                                           + " at byte " + std::to_string(error.offset) + ")");
            continue;
        }
        if (!document.isObject()) {
            content.problems.push_back(where + ": a record must be a JSON object");
            continue;
        }
        const QJsonObject record = document.object();
        if (!record.value(QStringLiteral("type")).isString() || !record.value(QStringLiteral("seq")).isDouble()) {
            content.problems.push_back(where + ": a record needs a type and a sequence number");
            continue;
        }
        const int seq = record.value(QStringLiteral("seq")).toInt();
        if (seq != content.lastSeq + 1) {
            content.problems.push_back(where + ": record " + std::to_string(seq) + " follows record "
                                       + std::to_string(content.lastSeq) + "; records in between are missing");
        }
        content.lastSeq = std::max(content.lastSeq, seq);
        content.records.push_back(record);
    }
    return content;
}

Result<MigrationRun> replayJournal(const JournalContent &content, const QString &path)
{
    MigrationRun run;
    run.journalPath = path.toStdString();
    run.journalProblems = content.problems;
    bool started = false;
    for (std::size_t i = 0; i < content.records.size(); ++i) {
        const QJsonObject &record = content.records[i];
        const QString type = record.value(QStringLiteral("type")).toString();
        const std::string seq = "record " + std::to_string(record.value(QStringLiteral("seq")).toInt());
        if (!started) {
            if (type != QLatin1String("run-started")) {
                run.journalProblems.push_back(seq + ": comes before the run's first record and is skipped");
                continue;
            }
            if (record.value(QStringLiteral("format")).toString() != QLatin1String(kFormat)
                || record.value(QStringLiteral("version")).toInt() != 1)
                return journalError(path, QStringLiteral("is not a PathLens migration journal (version 1)"));
            Result<MigrationPlan> plan = planFromJson(record.value(QStringLiteral("plan")).toObject());
            if (!plan)
                return journalError(path, QStringLiteral("the plan cannot be read: ") + qs(plan.error().message));
            run.id = str(record.value(QStringLiteral("run")));
            run.backendDescription = str(record.value(QStringLiteral("backend")));
            run.created = migrationTimeFromText(record.value(QStringLiteral("created")).toString())
                              .value_or(std::chrono::system_clock::time_point{});
            run.plan = std::move(plan).value();
            for (const QJsonValue &value : record.value(QStringLiteral("preflight")).toArray()) {
                if (auto item = preflightItemFromJson(value.toObject()))
                    run.preflight.push_back(std::move(item).value());
            }
            if (auto before = healthFromJson(record.value(QStringLiteral("before")).toObject()))
                run.before = std::move(before).value();
            run.state = RunState::Running;
            started = true;
            continue;
        }
        if (str(record.value(QStringLiteral("run"))) != run.id) {
            run.journalProblems.push_back(seq + ": belongs to another run and is skipped");
            continue;
        }
        if (type == QLatin1String("step-started")) {
            MigrationStep *step = run.step(str(record.value(QStringLiteral("step"))));
            if (!step) {
                run.journalProblems.push_back(seq + ": names a step the plan does not have");
                continue;
            }
            step->status = StepStatus::Running;
            step->started = migrationTimeFromText(record.value(QStringLiteral("time")).toString());
        } else if (type == QLatin1String("step-finished") || type == QLatin1String("rollback-step-finished")) {
            Result<MigrationStep> finished = stepFromJson(record.value(QStringLiteral("step")).toObject());
            MigrationStep *step = finished ? run.step(finished->id) : nullptr;
            if (!step) {
                run.journalProblems.push_back(seq + ": the step in it cannot be read or is not in the plan");
                continue;
            }
            *step = std::move(finished).value();
        } else if (type == QLatin1String("run-state") || type == QLatin1String("rollback-finished")) {
            const auto state = runStateFromString(str(record.value(QStringLiteral("state"))));
            if (!state) {
                run.journalProblems.push_back(seq + ": unknown run state");
                continue;
            }
            run.state = *state;
            run.stateDetail = str(record.value(QStringLiteral("detail")));
            if (record.contains(QStringLiteral("devices"))) {
                run.devices.clear();
                for (const QJsonValue &value : record.value(QStringLiteral("devices")).toArray()) {
                    if (auto device = deviceStateFromJson(value.toObject()))
                        run.devices.push_back(std::move(device).value());
                }
            }
            if (record.contains(QStringLiteral("backEndDisks"))) {
                run.luns.clear();
                for (const QJsonValue &value : record.value(QStringLiteral("backEndDisks")).toArray()) {
                    if (auto lun = lunOutcomeFromJson(value.toObject()))
                        run.luns.push_back(std::move(lun).value());
                }
            }
            if (record.value(QStringLiteral("after")).isObject()) {
                if (auto after = healthFromJson(record.value(QStringLiteral("after")).toObject()))
                    run.after = std::move(after).value();
            }
        } else if (type == QLatin1String("rollback-started")) {
            run.state = RunState::RollingBack;
        } else if (type == QLatin1String("confirmation") || type == QLatin1String("run-resumed")) {
            // Informational: the answer is asked again when a run resumes.
        } else {
            run.journalProblems.push_back(seq + ": unknown record type \"" + type.toStdString() + "\" is skipped");
        }
    }
    if (!started) {
        return journalError(path, content.records.empty()
                                      ? QStringLiteral("holds no readable record")
                                      : QStringLiteral("has no readable \"run-started\" record to start from"));
    }
    return run;
}

bool restartSeenIn(const JournalContent &content)
{
    // A run that went on after its latest wait for a restart has seen it.
    bool waited = false;
    bool seen = false;
    for (const QJsonObject &record : content.records) {
        if (record.value(QStringLiteral("type")).toString() != QLatin1String("run-state"))
            continue;
        const QString state = record.value(QStringLiteral("state")).toString();
        if (state == QLatin1String("waiting-for-restart")) {
            waited = true;
            seen = false;
        } else if (state == QLatin1String("running") && waited) {
            waited = false;
            seen = true;
        }
    }
    return seen;
}

std::vector<JournalEntry> findResumableRuns(const QString &directory, std::vector<std::string> *unreadable)
{
    std::vector<JournalEntry> result;
    const QDir dir(directory);
    // Names start with the UTC time: newest first by name.
    const QStringList names =
        dir.entryList({QStringLiteral("migration-*.jsonl")}, QDir::Files | QDir::Readable, QDir::Name | QDir::Reversed);
    for (const QString &name : names) {
        const QString path = dir.filePath(name);
        Result<JournalContent> content = readJournal(path);
        if (!content) {
            if (unreadable)
                unreadable->push_back(content.error().message);
            continue;
        }
        Result<MigrationRun> run = replayJournal(content.value(), path);
        if (!run) {
            if (unreadable)
                unreadable->push_back(run.error().message);
            continue;
        }
        if (isFinal(run->state))
            continue;
        JournalEntry entry;
        entry.path = path;
        entry.restartSeen = restartSeenIn(content.value());
        entry.run = std::move(run).value();
        result.push_back(std::move(entry));
    }
    return result;
}

std::optional<JournalEntry> findResumableRun(const QString &directory, std::string_view server)
{
    for (JournalEntry &entry : findResumableRuns(directory)) {
        const MigrationPlan &plan = entry.run.plan;
        if (server.empty() || equalNoCase(plan.serverName, server) || equalNoCase(plan.serverId, server)
            || equalNoCase(plan.host, server))
            return std::move(entry);
    }
    return std::nullopt;
}

Result<QByteArray> journalBytes(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return journalError(path, QStringLiteral("cannot open: ") + file.errorString());
    if (file.size() > kMaxJournalBytes)
        return journalError(path, QStringLiteral("is too large to be a migration journal"));
    QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return journalError(path, QStringLiteral("cannot read: ") + file.errorString());
    return bytes;
}

std::optional<Error> exportJournal(const QString &path, const QString &target)
{
    Result<QByteArray> bytes = journalBytes(path);
    if (!bytes)
        return bytes.error();
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes.value()) != bytes->size() || !file.commit())
        return journalError(target, QStringLiteral("cannot write: ") + file.errorString());
    return std::nullopt;
}

} // namespace pathlens
