#include "app/reportcommand.h"

#include "app/checkcommand.h"
#include "model/jsonreport.h"
#include "model/snapshotbuilder.h"

#include <QDateTime>
#include <QSaveFile>

namespace pathlens {

int runReportCommand(const CommandLineRequest &request, QTextStream &out, QTextStream &err)
{
    BackendChoice choice = request.backend;
    if (choice.rest) {
        // No window to ask in: the environment or the keychain has it.
        const Result<QString> password = reportPassword(*choice.rest);
        if (!password) {
            err << "pathlens: " << QString::fromStdString(password.error().toString()) << '\n';
            return 1;
        }
        choice.rest->password = password.value();
    }
    auto backend = createBackend(choice);
    if (!backend) {
        err << "pathlens: " << QString::fromStdString(backend.error().toString()) << '\n';
        return 1;
    }
    // Read twice (see check) so the findings include measured I/O per path.
    const double seconds = request.report ? request.report->intervalSeconds : ReportRequest{}.intervalSeconds;
    const HealthReading reading = readWithHealth(*backend.value(), intervalFromSeconds(seconds));
    const SourceData &sources = reading.sources;
    // A live server that cannot be read (credentials, certificate, network)
    // is a failed report, not an empty one.
    if (choice.rest && sources.dataCoreError) {
        err << "pathlens: " << QString::fromStdString(sources.dataCoreError->toString()) << '\n';
        return 1;
    }
    const ReportSource source{backend.value()->description(), backend.value()->missingParts()};
    const QByteArray bytes =
        toJsonBytes(buildJsonReport(sources, source, QDateTime::currentDateTimeUtc(), reading.health));

    const QString target = request.report ? request.report->outputFile : QString();
    if (target.isEmpty()) {
        out << QString::fromUtf8(bytes);
        out.flush();
        return 0;
    }
    // Written beside the target and renamed over it: an existing report is
    // never left half-written.
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        err << "pathlens: cannot write " << target << ": " << file.errorString() << '\n';
        return 1;
    }
    return 0;
}

} // namespace pathlens
