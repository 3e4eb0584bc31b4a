#include "app/reportcommand.h"

#include "app/checkcommand.h"
#include "model/baseline.h"
#include "model/health/healthinput.h"
#include "model/report/reportcontent.h"
#include "model/report/reportdiff.h"
#include "model/report/reportwriter.h"
#include "model/snapshotbuilder.h"

#include <QStringList>

#include <algorithm>
#include <chrono>

namespace pathlens {

namespace {

QString words(const std::string &text)
{
    return QString::fromStdString(text);
}

// --server: a name, host name or id, compared without regard to case.
const ServerEntry *findServer(const InventorySnapshot &snapshot, const QString &wanted)
{
    for (const ServerEntry &server : snapshot.servers) {
        for (const std::string *name : {&server.server.name, &server.server.hostName, &server.server.id, &server.key}) {
            if (!name->empty() && words(*name).compare(wanted, Qt::CaseInsensitive) == 0)
                return &server;
        }
    }
    return nullptr;
}

} // namespace

int runReportCommand(const CommandLineRequest &request, QTextStream &out, QTextStream &err)
{
    const ReportRequest report = request.report.value_or(ReportRequest{});
    const std::optional<ReportFormat> format = reportFormatFromString(report.format.toStdString());
    if (!format) {
        err << "pathlens: unsupported report format '" << report.format << "'\n";
        return 1;
    }
    if (*format == ReportFormat::Pdf && report.outputFile.isEmpty()) {
        err << "pathlens: --format pdf needs --output <file>\n";
        return 1;
    }
    // The baseline is read before the source: a wrong file name fails at once.
    std::optional<DiffSide> baseline;
    if (!report.diffFile.isEmpty()) {
        Result<DiffSide> loaded = loadDiffSide(report.diffFile);
        if (!loaded) {
            err << "pathlens: --diff: " << words(loaded.error().toString()) << '\n';
            return 1;
        }
        baseline = std::move(loaded).value();
    }

    BackendChoice choice = request.backend;
    if (choice.rest) {
        // No window to ask in: the environment or the keychain has it.
        const Result<QString> password = reportPassword(*choice.rest);
        if (!password) {
            err << "pathlens: " << words(password.error().toString()) << '\n';
            return 1;
        }
        choice.rest->password = password.value();
    }
    auto backend = createBackend(choice);
    if (!backend) {
        err << "pathlens: " << words(backend.error().toString()) << '\n';
        return 1;
    }
    // Read twice (see check) so the findings include measured I/O per path.
    const HealthReading reading = readWithHealth(*backend.value(), intervalFromSeconds(report.intervalSeconds));
    const SourceData &sources = reading.sources;
    // A live server that cannot be read (credentials, certificate, network)
    // is a failed report, not an empty one.
    if (choice.rest && sources.dataCoreError) {
        err << "pathlens: " << words(sources.dataCoreError->toString()) << '\n';
        return 1;
    }

    const InventorySnapshot snapshot = buildSnapshot(sources);
    const PathCounterReadings counters = readPathCounters(sources, snapshot);
    std::optional<ReportDiff> diff;
    if (baseline)
        diff = diffSides(*baseline, diffSide(snapshot));

    ReportInput input;
    input.snapshot = &snapshot;
    input.health = &reading.health;
    input.counters = &counters;
    input.diff = diff ? &*diff : nullptr;
    input.generated = std::chrono::system_clock::now();
    input.backend = backend.value()->description();
    if (!report.server.isEmpty()) {
        const ServerEntry *server = findServer(snapshot, report.server);
        if (!server) {
            QStringList names;
            for (const ServerEntry &entry : snapshot.servers)
                names.append(words(serverName(entry)));
            err << "pathlens: --server: no server '" << report.server << "' in this group (servers: "
                << (names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))) << ")\n";
            return 1;
        }
        input.scope = ReportScope::server(server->key);
    }
    ReportContent content = buildReportContent(input);
    for (const std::string &part : backend.value()->missingParts()) {
        if (std::find(content.problems.begin(), content.problems.end(), part) == content.problems.end())
            content.problems.push_back(part);
    }

    if (!report.saveBaselineFile.isEmpty()) {
        const Baseline current
            = Baseline::capture(snapshot, baselineGroupKey(sources), std::chrono::system_clock::now());
        if (const std::optional<Error> error = saveBaseline(current, report.saveBaselineFile)) {
            err << "pathlens: --save-baseline: " << words(error->toString()) << '\n';
            return 1;
        }
    }

    if (report.outputFile.isEmpty()) {
        const Result<QByteArray> bytes = renderReport(content, *format);
        if (!bytes) {
            err << "pathlens: " << words(bytes.error().toString()) << '\n';
            return 1;
        }
        out << QString::fromUtf8(bytes.value());
        out.flush();
        return 0;
    }
    // Written beside the target and renamed over it: an existing report is
    // never left half-written.
    if (const std::optional<Error> error = writeReportFile(content, *format, report.outputFile)) {
        err << "pathlens: " << words(error->message) << '\n';
        return 1;
    }
    return 0;
}

} // namespace pathlens
