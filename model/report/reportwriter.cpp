#include "model/report/reportwriter.h"

#include "model/jsonreport.h"
#include "model/report/csvreport.h"
#include "model/report/htmlreport.h"
#include "model/report/pdfreport.h"
#include "model/report/prometheusreport.h"

#include <QFileInfo>
#include <QMetaObject>
#include <QSaveFile>
#include <QThread>

namespace pathlens {

namespace {

Error writeError(const QString &filePath, const QString &reason)
{
    return Error{"write report", "cannot write " + filePath.toStdString() + ": " + reason.toStdString(), 0};
}

} // namespace

Result<QByteArray> renderReport(const ReportContent &content, ReportFormat format)
{
    switch (format) {
    case ReportFormat::Csv: return csvReport(content);
    case ReportFormat::Json: return jsonReport(content);
    case ReportFormat::Html: return htmlReport(content);
    case ReportFormat::Pdf: return pdfReport(content);
    case ReportFormat::Prometheus: return prometheusReport(content);
    }
    return Error{"write report", "unknown report format", 0};
}

std::optional<Error> writeReportFile(const ReportContent &content, ReportFormat format, const QString &filePath)
{
    if (filePath.isEmpty())
        return Error{"write report", "no file name given", 0};
    if (QFileInfo(filePath).isDir())
        return writeError(filePath, QStringLiteral("it is a folder"));
    // Rendered first: a format that fails leaves the target untouched.
    const Result<QByteArray> bytes = renderReport(content, format);
    if (!bytes)
        return bytes.error();
    QSaveFile file(filePath);
    if (!file.open(QIODevice::WriteOnly))
        return writeError(filePath, file.errorString());
    if (file.write(bytes.value()) != bytes.value().size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return writeError(filePath, reason);
    }
    if (!file.commit())
        return writeError(filePath, file.errorString());
    return std::nullopt;
}

ReportExporter::ReportExporter(QObject *parent) : QObject(parent) {}

ReportExporter::~ReportExporter()
{
    wait();
}

bool ReportExporter::start(std::function<ReportContent()> build, ReportFormat format, const QString &filePath)
{
    if (m_running || !build)
        return false;
    wait();
    m_running = true;
    // The destructor waits for the thread, so `this` outlives it; the result
    // is queued to this object's thread.
    m_thread.reset(QThread::create([this, build = std::move(build), format, filePath] {
        const std::optional<Error> error = writeReportFile(build(), format, filePath);
        const QString message = error ? QString::fromStdString(error->toString()) : QString();
        QMetaObject::invokeMethod(
            this,
            [this, filePath, message] {
                m_running = false;
                Q_EMIT finished(filePath, message);
            },
            Qt::QueuedConnection);
    }));
    m_thread->start();
    return true;
}

void ReportExporter::wait()
{
    if (m_thread) {
        m_thread->wait();
        m_thread.reset();
    }
}

} // namespace pathlens
