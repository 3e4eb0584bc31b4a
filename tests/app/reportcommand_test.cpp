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
