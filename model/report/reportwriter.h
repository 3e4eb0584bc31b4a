#pragma once

// One entry point for every report format, and the atomic file write both the
// command line and the console use.

#include "model/report/reportcontent.h"
#include "platform/result.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QThread;

namespace pathlens {

/// The report in @p format.
Result<QByteArray> renderReport(const ReportContent &content, ReportFormat format);

/// Writes the report to @p filePath atomically (QSaveFile: written beside
/// the target and renamed over it), so an existing report is never left
/// half-written and a failed write leaves no new file. Returns the error
/// ("cannot write <file>: <reason>"), or nothing on success.
std::optional<Error> writeReportFile(const ReportContent &content, ReportFormat format, const QString &filePath);

/// Writes a report file on a thread of its own, so a large report never
/// blocks the caller's event loop; finished() comes back on the caller's
/// thread. One export at a time per exporter.
class ReportExporter final : public QObject
{
    Q_OBJECT

public:
    explicit ReportExporter(QObject *parent = nullptr);
    ~ReportExporter() override;

    bool isRunning() const { return m_running; }
    /// Builds the content with @p build and writes it, both on the export
    /// thread (@p build must only read what it captured: a snapshot is
    /// immutable). False, and nothing happens, while an export runs.
    bool start(std::function<ReportContent()> build, ReportFormat format, const QString &filePath);
    /// Waits for a running export to end (for shutdown and tests).
    void wait();

Q_SIGNALS:
    /// @p error is empty on success.
    void finished(const QString &filePath, const QString &error);

private:
    std::unique_ptr<QThread> m_thread;
    bool m_running = false;
};

} // namespace pathlens
