#include "app/reportcommand.h"

#include "model/jsonreport.h"
#include "model/snapshotbuilder.h"

#include <QDateTime>
#include <QSaveFile>

namespace pathlens {

int runReportCommand(const CommandLineRequest &request, QTextStream &out, QTextStream &err)
{
    auto backend = createBackend(request.backend);
    if (!backend) {
        err << "pathlens: " << QString::fromStdString(backend.error().toString()) << '\n';
        return 1;
    }
    const SourceData sources = readSources(*backend.value());
    const ReportSource source{backend.value()->description(), backend.value()->missingParts()};
    const QByteArray bytes = toJsonBytes(buildJsonReport(sources, source, QDateTime::currentDateTimeUtc()));

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
