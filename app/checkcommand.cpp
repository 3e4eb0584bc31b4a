#include "app/checkcommand.h"

#include "model/health/healthinput.h"
#include "platform/bundle/bundlebackend.h"
#include "platform/lab/labbackend.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>
#include <thread>

namespace pathlens {

namespace {

QString secondsText(std::chrono::milliseconds interval)
{
    const double seconds = double(interval.count()) / 1000.0;
    if (std::abs(seconds - std::round(seconds)) < 0.05)
        return QStringLiteral("%1 s").arg(qint64(std::llround(seconds)));
    return QStringLiteral("%1 s").arg(seconds, 0, 'f', 1);
}

// The reading as it was at an older counter sample: the same disks and paths,
// each with that sample's counters (none where the sample lacks the path).
SourceData atSample(const SourceData &sources, const CounterSample &sample)
{
    SourceData older = sources;
    for (SourceData::HostData &host : older.hosts) {
        for (MpioDisk &disk : host.mpioDisks) {
            for (MpioPath &path : disk.paths) {
                path.counters = PathCounters{};
                // A path id repeats on every LUN behind the same adapter and
                // target: the disk must match too.
                for (const PathCounterSample &counted : sample.paths) {
                    if (counted.pathId == path.pathId && counted.mpioDisk == disk.number) {
                        path.counters = counted.counters;
                        break;
                    }
                }
            }
        }
    }
    return older;
}

bool nothingRead(const SourceData &sources)
{
    const bool anyHost = std::any_of(sources.hosts.begin(), sources.hosts.end(),
                                     [](const SourceData::HostData &host) { return !host.mpioError; });
    return (sources.dataCoreError || sources.servers.empty()) && !anyHost;
}

QString statusWord(CheckStatus status)
{
    switch (status) {
    case CheckOk: return QStringLiteral("OK");
    case CheckWarning: return QStringLiteral("WARNING");
    case CheckCritical: return QStringLiteral("CRITICAL");
    case CheckUnknown: return QStringLiteral("UNKNOWN");
    }
    return QStringLiteral("UNKNOWN");
}

// Monitoring systems take the first '|' of the output as the start of the
// performance data, so the text itself never contains one (SCSI addresses
// are printed 004:000:009:001 here).
QString plain(const std::string &text)
{
    return QString::fromStdString(text).replace(QLatin1Char('|'), QLatin1Char(':'));
}

QString plural(std::size_t count, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(count).arg(QLatin1String(count == 1 ? one : many));
}

struct SavedBaseline {
    std::optional<Baseline> baseline;
    QString note;
};

SavedBaseline savedBaselineFor(const SourceData &sources)
{
    SavedBaseline result;
    const QString file = baselineFilePath(baselineGroupKey(sources));
    const auto loaded = loadBaseline(file);
    if (!loaded) {
        result.note = QStringLiteral("Baseline not used: %1").arg(QString::fromStdString(loaded.error().toString()));
    } else if (!loaded.value()) {
        result.note = QStringLiteral("Baseline: none saved for this server group (%1).").arg(file);
    } else {
        result.baseline = *loaded.value();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            result.baseline->saved.time_since_epoch())
                            .count();
        result.note = QStringLiteral("Baseline: saved %1 (%2).")
                          .arg(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate), file);
    }
    return result;
}

} // namespace

HealthReading readWithHealth(Backend &backend, std::chrono::milliseconds interval, const BaselineLoader &loadBaseline,
                             const std::function<void(std::chrono::milliseconds)> &sleep)
{
    using std::chrono::milliseconds;
    HealthMonitor monitor;
    HealthReading reading;
    const bool twice = interval > milliseconds(0);
    auto useBaseline = [&](const SourceData &sources) {
        if (loadBaseline)
            monitor.setBaseline(loadBaseline(sources));
    };

    if (auto *lab = dynamic_cast<LabBackend *>(&backend); lab && twice) {
        // The lab's counters follow its clock: step it instead of waiting.
        const auto start = lab->now();
        auto clock = start;
        lab->setClock([&clock] { return clock; });
        const SourceData first = readSources(*lab);
        useBaseline(first);
        monitor.update(first);
        clock = start + interval;
        reading.sources = readSources(*lab);
        lab->setClock({});
        reading.health = monitor.update(reading.sources);
        if (reading.health.ioMeasured)
            reading.measurement = QStringLiteral("I/O measured over %1 of the lab's simulated clock.")
                                      .arg(secondsText(reading.health.ioInterval));
    } else if (auto *bundle = dynamic_cast<BundleBackend *>(&backend)) {
        reading.sources = readSources(*bundle);
        useBaseline(reading.sources);
        const std::vector<CounterSample> samples = bundle->counterSamples();
        if (twice && samples.size() >= 2)
            monitor.update(atSample(reading.sources, samples[samples.size() - 2]));
        reading.health = monitor.update(reading.sources);
        if (reading.health.ioMeasured)
            reading.measurement
                = QStringLiteral("I/O measured between the bundle's two newest counter samples (%1 apart).")
                      .arg(secondsText(reading.health.ioInterval));
        else if (twice && samples.size() < 2)
            reading.measurement =
                QStringLiteral("I/O not measured: the bundle holds %1; two are needed.")
                    .arg(plural(samples.size(), "counter sample (windows/msdsm-perf-*.json)", "counter samples"));
    } else {
        bool readAgain = true;
        if (twice) {
            SourceData first = readSources(backend);
            useBaseline(first);
            // A second read only helps where there are per-path counters to
            // compare; after a failed read it would only repeat the failure
            // (and, against REST, count as another failed login).
            const bool hasCounters
                = std::any_of(first.hosts.begin(), first.hosts.end(),
                              [](const SourceData::HostData &host) { return !host.mpioDisks.empty(); })
                || std::any_of(first.backEndDisks.begin(), first.backEndDisks.end(), [](const BackEndDisk &disk) {
                       return std::any_of(disk.paths.begin(), disk.paths.end(),
                                          [](const BackEndPath &path) { return path.counters.has_value(); });
                   });
            if (hasCounters) {
                monitor.update(first);
                if (sleep)
                    sleep(interval);
                else
                    std::this_thread::sleep_for(interval);
            } else {
                reading.sources = std::move(first);
                readAgain = false;
            }
        }
        if (readAgain)
            reading.sources = readSources(backend);
        if (!twice)
            useBaseline(reading.sources);
        reading.health = monitor.update(reading.sources);
        if (reading.health.ioMeasured)
            reading.measurement =
                QStringLiteral("I/O measured over %1.").arg(secondsText(reading.health.ioInterval));
    }

    if (!twice)
        reading.measurement = QStringLiteral("I/O not measured (interval 0): state rules only.");
    else if (reading.measurement.isEmpty())
        reading.measurement = QStringLiteral("I/O not measured: the source gives no per-path counters to compare.");
    return reading;
}

std::optional<Baseline> savedBaseline(const SourceData &sources)
{
    return savedBaselineFor(sources).baseline;
}

std::chrono::milliseconds intervalFromSeconds(double seconds)
{
    return std::chrono::milliseconds(seconds > 0 ? std::llround(seconds * 1000.0) : 0);
}

CheckStatus checkStatus(const HealthReport &health)
{
    switch (health.worst()) {
    case Severity::Critical: return CheckCritical;
    case Severity::Warning: return CheckWarning;
    case Severity::Info:
    case Severity::None: break;
    }
    return CheckOk;
}

int runCheckCommand(const CommandLineRequest &request, QTextStream &out, QTextStream &err)
{
    BackendChoice choice = request.backend;
    if (choice.rest) {
        if (choice.rest->user.isEmpty()) {
            out << "PATHLENS UNKNOWN - check --connect needs --user\n";
            return CheckUnknown;
        }
        // No window to ask in: the environment or the keychain has it.
        const Result<QString> password = reportPassword(*choice.rest);
        if (!password) {
            out << "PATHLENS UNKNOWN - " << QString::fromStdString(password.error().toString()) << '\n';
            return CheckUnknown;
        }
        choice.rest->password = password.value();
    }
    auto backend = createBackend(choice);
    if (!backend) {
        out << "PATHLENS UNKNOWN - cannot open the source: " << QString::fromStdString(backend.error().toString())
            << '\n';
        return CheckUnknown;
    }

    QString baselineNote;
    const BaselineLoader loader = [&baselineNote](const SourceData &sources) {
        SavedBaseline saved = savedBaselineFor(sources);
        baselineNote = saved.note;
        return saved.baseline;
    };
    const double seconds = request.check ? request.check->intervalSeconds : CheckRequest{}.intervalSeconds;
    const HealthReading reading = readWithHealth(*backend.value(), intervalFromSeconds(seconds), loader);

    const QString source = QString::fromStdString(backend.value()->description());
    if (nothingRead(reading.sources)) {
        QString reason = QStringLiteral("nothing could be read");
        if (reading.sources.dataCoreError)
            reason = QStringLiteral("DataCore management: ")
                + QString::fromStdString(reading.sources.dataCoreError->toString());
        out << "PATHLENS UNKNOWN - cannot read the data: " << plain(reason.toStdString()) << '\n'
            << "Source: " << plain(source.toStdString()) << '\n';
        out.flush();
        return CheckUnknown;
    }

    const HealthReport &health = reading.health;
    const CheckStatus status = checkStatus(health);
    const std::size_t critical = health.count(Severity::Critical);
    const std::size_t warning = health.count(Severity::Warning);
    const std::size_t info = health.count(Severity::Info);
    out << "PATHLENS " << statusWord(status) << " - ";
    if (health.empty())
        out << "no findings";
    else
        out << critical << " critical, " << plural(warning, "warning", "warnings") << ", " << info << " info";
    out << " | critical=" << critical << " warning=" << warning << " info=" << info << '\n';
    out << "Source: " << plain(source.toStdString()) << '\n';
    out << plain(reading.measurement.toStdString()) << '\n';
    if (!baselineNote.isEmpty())
        out << plain(baselineNote.toStdString()) << '\n';

    // Parts that could not be read limit what the rules could see.
    const InventorySnapshot snapshot = buildSnapshot(reading.sources);
    std::vector<std::string> problems = snapshot.problems;
    for (const ServerEntry &server : snapshot.servers) {
        for (const std::string &problem : server.problems)
            problems.push_back(serverName(server) + ": " + problem);
    }
    for (const std::string &problem : problems)
        out << "Problem: " << plain(problem) << '\n';

    for (const Finding &finding : health.findings()) {
        out << '\n'
            << QString::fromLatin1(toString(finding.severity).data(), qsizetype(toString(finding.severity).size()))
                   .toUpper()
            << ' ' << QString::fromStdString(finding.rule) << ": " << plain(finding.objectName) << '\n'
            << "  " << plain(finding.message) << '\n'
            << "  Recommendation: " << plain(finding.recommendation) << '\n';
    }
    out.flush();
    err.flush();
    return status;
}

} // namespace pathlens
