#include "app/commandline.h"
#include "app/reportcommand.h"
#include "reportrun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace pathlens {
namespace {

QString sourcePath(const char *relative)
{
    return QDir(QStringLiteral(PATHLENS_SOURCE_DIR)).filePath(QString::fromLatin1(relative));
}

using ReportRun = testsupport::CommandRun;

ReportRun runReport(const QStringList &arguments)
{
    return testsupport::runReportCommandLine(arguments);
}

QJsonObject parseReport(const QString &text)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << error.errorString().toStdString();
    return document.object();
}

const QJsonObject *findPath(const QJsonArray &disks, const QString &pathId, QJsonObject &storage)
{
    for (const QJsonValue &disk : disks) {
        for (const QJsonValue &path : disk.toObject().value(QStringLiteral("paths")).toArray()) {
            if (path.toObject().value(QStringLiteral("pathId")).toString() == pathId) {
                storage = path.toObject();
                return &storage;
            }
        }
    }
    return nullptr;
}

TEST(ReportCommand, BundleReportCarriesPathsAsMpclaimPrintsThem)
{
    const ReportRun run = runReport({QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("json"),
                                     QStringLiteral("--bundle"), sourcePath("tests/data/bundles/ssv2")});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QJsonObject report = parseReport(run.out);
    EXPECT_EQ(report.value(QStringLiteral("schema")).toString(), QStringLiteral("pathlens-report/1"));
    EXPECT_TRUE(report.value(QStringLiteral("findings")).isArray());
    EXPECT_FALSE(report.value(QStringLiteral("generated")).toString().isEmpty());

    QJsonObject path;
    ASSERT_NE(findPath(report.value(QStringLiteral("disks")).toArray(), QStringLiteral("0000000077010001"), path),
              nullptr);
    EXPECT_EQ(path.value(QStringLiteral("state")).toString(), QStringLiteral("Active/Unoptimized"));
    EXPECT_EQ(path.value(QStringLiteral("scsiAddress")).toString(), QStringLiteral("001|000|001|001"));
    EXPECT_EQ(path.value(QStringLiteral("tpgId")).toInt(), 2);

    bool sawRrws = false;
    for (const QJsonValue &disk : report.value(QStringLiteral("disks")).toArray()) {
        const QJsonObject object = disk.toObject();
        if (object.value(QStringLiteral("serial")).toString() == QStringLiteral("600C0FF000F4B2A1D3E1B56501000000")) {
            sawRrws = object.value(QStringLiteral("policy")).toString() == QStringLiteral("RRWS");
            EXPECT_EQ(object.value(QStringLiteral("mpioDisk")).toInt(), 0);
        }
    }
    EXPECT_TRUE(sawRrws);

    // The bundle holds one host: what could not be read is said, not invented.
    const QJsonArray missing = report.value(QStringLiteral("source")).toObject().value(QStringLiteral("missing")).toArray();
    EXPECT_FALSE(missing.isEmpty());
}

TEST(ReportCommand, LabReportListsPortsWithRolesAndPresence)
{
    const ReportRun run = runReport({QStringLiteral("report"), QStringLiteral("--lab"),
                                     sourcePath("resources/labs/default-lab.json")});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QJsonObject report = parseReport(run.out);
    const QJsonArray servers = report.value(QStringLiteral("servers")).toArray();
    ASSERT_EQ(servers.size(), 2);
    int notPresent = 0;
    int backEnd = 0;
    for (const QJsonValue &server : servers) {
        for (const QJsonValue &portValue : server.toObject().value(QStringLiteral("ports")).toArray()) {
            const QJsonObject port = portValue.toObject();
            if (port.value(QStringLiteral("present")) == QJsonValue(false))
                ++notPresent;
            if (port.value(QStringLiteral("roles")).toArray().contains(QStringLiteral("BE")))
                ++backEnd;
            const QJsonValue pci = port.value(QStringLiteral("pci"));
            EXPECT_TRUE(pci.isNull() || pci.toObject().contains(QStringLiteral("function")));
        }
    }
    EXPECT_GE(notPresent, 2);
    EXPECT_GE(backEnd, 4);
}

TEST(ReportCommand, OutputFileIsWrittenWhole)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString target = dir.filePath(QStringLiteral("report.json"));
    QFile old(target);
    ASSERT_TRUE(old.open(QIODevice::WriteOnly));
    old.write("previous report");
    old.close();

    const ReportRun run = runReport({QStringLiteral("report"), QStringLiteral("--output"), target});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_TRUE(run.out.isEmpty());
    QFile written(target);
    ASSERT_TRUE(written.open(QIODevice::ReadOnly));
    EXPECT_EQ(QJsonDocument::fromJson(written.readAll()).object().value(QStringLiteral("schema")).toString(),
              QStringLiteral("pathlens-report/1"));
}

TEST(ReportCommand, UnwritableTargetIsAClearErrorAndLeavesNothing)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString target = dir.filePath(QStringLiteral("no-such-folder/report.json"));
    const ReportRun run = runReport({QStringLiteral("report"), QStringLiteral("--output"), target});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains(QStringLiteral("cannot write"))) << run.err.toStdString();
    EXPECT_FALSE(QFile::exists(target));
}

TEST(ReportCommand, BrokenSourceFailsWithItsReason)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString lab = dir.filePath(QStringLiteral("broken.json"));
    QFile file(lab);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("{\n  \"group\": [1, 2\n");
    file.close();
    const ReportRun run = runReport({QStringLiteral("report"), QStringLiteral("--lab"), lab});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains(QStringLiteral("broken.json:"))) << run.err.toStdString();
    EXPECT_TRUE(run.out.isEmpty());
}

QString hostileLab()
{
    return QDir(QStringLiteral(PATHLENS_TEST_DATA_DIR)).filePath(QStringLiteral("reports/hostile-names-lab.json"));
}

QByteArray readFile(const QString &file)
{
    QFile in(file);
    return in.open(QIODevice::ReadOnly) ? in.readAll() : QByteArray();
}

TEST(ReportCommand, CsvHasAHeaderAndOneRowPerPath)
{
    const ReportRun json = runReport({QStringLiteral("report"), QStringLiteral("--lab"), hostileLab(),
                                      QStringLiteral("--interval"), QStringLiteral("0")});
    ASSERT_EQ(json.exitCode, 0) << json.err.toStdString();
    int paths = 0;
    for (const QJsonValue &disk : parseReport(json.out).value(QStringLiteral("disks")).toArray())
        paths += int(disk.toObject().value(QStringLiteral("paths")).toArray().size());
    ASSERT_GT(paths, 0);

    const ReportRun run = runReport({QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("csv"),
                                     QStringLiteral("--lab"), hostileLab(), QStringLiteral("--interval"),
                                     QStringLiteral("0")});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_TRUE(run.out.startsWith(QStringLiteral("server,port,port roles,")));
    // Records end in CRLF; the alias with a line break is one quoted field.
    EXPECT_EQ(run.out.count(QStringLiteral("\r\n")), paths + 1);
    EXPECT_TRUE(run.out.contains(QStringLiteral("\"BE2, \"\"second\"\"\nnext line \\ back\"")));
}

TEST(ReportCommand, HtmlToAFileEscapesTheLabsNames)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString target = dir.filePath(QStringLiteral("report.html"));
    const ReportRun run = runReport({QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("html"),
                                     QStringLiteral("--output"), target, QStringLiteral("--lab"), hostileLab(),
                                     QStringLiteral("--interval"), QStringLiteral("0")});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_TRUE(run.out.isEmpty());
    const QString html = QString::fromUtf8(readFile(target));
    EXPECT_TRUE(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
    EXPECT_FALSE(html.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
    EXPECT_FALSE(html.contains(QStringLiteral("<img"), Qt::CaseInsensitive));
    EXPECT_FALSE(html.contains(QStringLiteral("<u>under")));
    EXPECT_TRUE(html.contains(QStringLiteral("&lt;script&gt;alert(&quot;BE1&quot;)&lt;/script&gt;")));
    EXPECT_TRUE(html.contains(QStringLiteral("FE &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;img onerror=x&gt;")));
}

TEST(ReportCommand, PdfNeedsAFileAndIsWrittenToIt)
{
    const ReportRun refused = runReport({QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("pdf")});
    EXPECT_EQ(refused.exitCode, 2);
    EXPECT_TRUE(refused.err.contains(QStringLiteral("--output"))) << refused.err.toStdString();

    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString target = dir.filePath(QStringLiteral("report.pdf"));
    const ReportRun run = runReport({QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("PDF"),
                                     QStringLiteral("--output"), target, QStringLiteral("--lab"), hostileLab(),
                                     QStringLiteral("--interval"), QStringLiteral("0")});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_TRUE(readFile(target).startsWith("%PDF-"));
}

TEST(ReportCommand, PrometheusNamesEveryMetricWithTheProgramsPrefix)
{
    const ReportRun run = runReport({QStringLiteral("report"), QStringLiteral("--format"),
                                     QStringLiteral("prometheus"), QStringLiteral("--lab"), hostileLab(),
                                     QStringLiteral("--interval"), QStringLiteral("0")});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    for (const QString &line : run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (!line.startsWith(QLatin1Char('#'))) {
            EXPECT_TRUE(line.startsWith(QStringLiteral("pathlens_"))) << line.toStdString();
        }
    }
    EXPECT_TRUE(run.out.contains(QStringLiteral("port=\"BE2, \\\"second\\\"\\nnext line \\\\ back\"")));
}

TEST(ReportCommand, SavedBaselineThenDiffListsWhatChanged)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString baseline = dir.filePath(QStringLiteral("baseline.json"));
    const QString minimal = QDir(QStringLiteral(PATHLENS_TEST_DATA_DIR)).filePath(QStringLiteral("labs/minimal-lab.json"));
    const ReportRun save = runReport({QStringLiteral("report"), QStringLiteral("--lab"), minimal,
                                      QStringLiteral("--save-baseline"), baseline, QStringLiteral("--interval"),
                                      QStringLiteral("0")});
    ASSERT_EQ(save.exitCode, 0) << save.err.toStdString();
    ASSERT_TRUE(QFile::exists(baseline));

    // The same lab against itself: nothing changed.
    const ReportRun same = runReport({QStringLiteral("report"), QStringLiteral("--lab"), minimal,
                                      QStringLiteral("--diff"), baseline, QStringLiteral("--interval"),
                                      QStringLiteral("0")});
    ASSERT_EQ(same.exitCode, 0) << same.err.toStdString();
    const QJsonObject sameChanges = parseReport(same.out).value(QStringLiteral("changes")).toObject();
    EXPECT_TRUE(sameChanges.value(QStringLiteral("items")).toArray().isEmpty());
    EXPECT_TRUE(sameChanges.value(QStringLiteral("baseline")).toString().startsWith(QStringLiteral("baseline saved")));

    // A lab where a path is gone.
    QString lab = QString::fromUtf8(readFile(minimal));
    const QString lostPath = QStringLiteral("           {\"id\": \"d\", \"adapter\": \"be2\", \"controller\": \"SPB\", \"target\": 3}\n"
                                            "         ]},\n        {\"id\": \"L1\"");
    ASSERT_TRUE(lab.contains(lostPath));
    lab.replace(QStringLiteral(",\n") + lostPath, QStringLiteral("\n         ]},\n        {\"id\": \"L1\""));
    const QString changedLab = dir.filePath(QStringLiteral("changed-lab.json"));
    QFile out(changedLab);
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    out.write(lab.toUtf8());
    out.close();
    const ReportRun changed = runReport({QStringLiteral("report"), QStringLiteral("--lab"), changedLab,
                                         QStringLiteral("--diff"), baseline, QStringLiteral("--interval"),
                                         QStringLiteral("0")});
    ASSERT_EQ(changed.exitCode, 0) << changed.err.toStdString();
    const QJsonArray items = parseReport(changed.out)
                                 .value(QStringLiteral("changes"))
                                 .toObject()
                                 .value(QStringLiteral("items"))
                                 .toArray();
    ASSERT_EQ(items.size(), 1) << changed.out.toStdString();
    EXPECT_EQ(items[0].toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("path-lost"));
    EXPECT_EQ(items[0].toObject().value(QStringLiteral("worse")), QJsonValue(true));
}

TEST(ReportCommand, UnreadableDiffFileFailsBeforeReading)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const ReportRun missing = runReport({QStringLiteral("report"), QStringLiteral("--diff"),
                                         dir.filePath(QStringLiteral("nope.json"))});
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_TRUE(missing.err.contains(QStringLiteral("--diff: "))) << missing.err.toStdString();
    EXPECT_TRUE(missing.out.isEmpty());

    const QString wrong = dir.filePath(QStringLiteral("wrong.json"));
    QFile file(wrong);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("{\"schema\": \"pathlens-report/1\", \"generated\": \"yesterday\"}");
    file.close();
    const ReportRun shape = runReport({QStringLiteral("report"), QStringLiteral("--diff"), wrong});
    EXPECT_EQ(shape.exitCode, 1);
    EXPECT_TRUE(shape.err.contains(QStringLiteral("generated: expected an ISO-8601 time"))) << shape.err.toStdString();
}

TEST(ReportCommand, ServerOptionLimitsTheReport)
{
    const ReportRun run = runReport({QStringLiteral("report"), QStringLiteral("--server"), QStringLiteral("dcs-b"),
                                     QStringLiteral("--interval"), QStringLiteral("0")});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QJsonArray servers = parseReport(run.out).value(QStringLiteral("servers")).toArray();
    ASSERT_EQ(servers.size(), 1);
    EXPECT_EQ(servers[0].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("DCS-B"));

    const ReportRun unknown = runReport({QStringLiteral("report"), QStringLiteral("--server"), QStringLiteral("nope"),
                                         QStringLiteral("--interval"), QStringLiteral("0")});
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_TRUE(unknown.err.contains(QStringLiteral("servers: DCS-A, DCS-B"))) << unknown.err.toStdString();
}

TEST(CommandLine, RejectsUnknownCommandsAndConflictingSources)
{
    auto parse = [](const QStringList &arguments) {
        return parseCommandLine(QStringList{QStringLiteral("pathlens")} + arguments);
    };
    EXPECT_EQ(parse({QStringLiteral("frobnicate")}).exitCode, 2);
    EXPECT_EQ(parse({QStringLiteral("--lab"), QStringLiteral("a.json"), QStringLiteral("--bundle"), QStringLiteral("b")})
                  .exitCode,
              2);
    EXPECT_EQ(parse({QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("xml")}).exitCode, 2);
    EXPECT_EQ(parse({QStringLiteral("check"), QStringLiteral("--diff"), QStringLiteral("b.json")}).exitCode, 3);
    EXPECT_EQ(parse({QStringLiteral("--save-baseline"), QStringLiteral("b.json")}).exitCode, 2);
    for (const char *format : {"json", "csv", "html", "prometheus"}) {
        const CommandLineOutcome report
            = parse({QStringLiteral("report"), QStringLiteral("--format"), QLatin1String(format)});
        ASSERT_TRUE(report.request && report.request->report) << format;
        EXPECT_EQ(report.request->report->format, QLatin1String(format));
    }
    EXPECT_EQ(parse({QStringLiteral("--output"), QStringLiteral("x.json")}).exitCode, 2);
    EXPECT_FALSE(parse({QStringLiteral("--nonsense")}).request.has_value());

    const CommandLineOutcome lab = parse({QStringLiteral("--lab"), QStringLiteral("my.json")});
    ASSERT_TRUE(lab.request.has_value());
    EXPECT_EQ(lab.request->backend.labFile, QStringLiteral("my.json"));
    EXPECT_FALSE(lab.request->report.has_value());

    const CommandLineOutcome help = parse({QStringLiteral("--help")});
    EXPECT_FALSE(help.request.has_value());
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.output.contains(QStringLiteral("--lab")));
}

} // namespace
} // namespace pathlens
