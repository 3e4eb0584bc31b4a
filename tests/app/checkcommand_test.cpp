#include "app/checkcommand.h"
#include "app/commandline.h"
#include "app/reportcommand.h"
#include "platform/lab/labbackend.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace pathlens {
namespace {

using namespace std::chrono_literals;

QString sourcePath(const char *relative)
{
    return QDir(QStringLiteral(PATHLENS_SOURCE_DIR)).filePath(QString::fromLatin1(relative));
}

struct CommandRun {
    int exitCode = -1;
    QString out;
    QString err;
};

CommandRun run(const QStringList &arguments)
{
    const CommandLineOutcome outcome = parseCommandLine(QStringList{QStringLiteral("pathlens")} + arguments);
    CommandRun result;
    if (!outcome.request) {
        result.exitCode = outcome.exitCode;
        result.err = outcome.error;
        return result;
    }
    QTextStream out(&result.out);
    QTextStream err(&result.err);
    result.exitCode = outcome.request->check ? runCheckCommand(*outcome.request, out, err)
                                             : runReportCommand(*outcome.request, out, err);
    return result;
}

// Baselines are looked up next to the settings: each test gets its own
// settings folder, so tests running side by side never see each other's.
class CheckCommand : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_settings.isValid());
        m_hadConfigHome = qEnvironmentVariableIsSet("XDG_CONFIG_HOME");
        m_configHome = qgetenv("XDG_CONFIG_HOME");
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_settings.path()));
    }

    void TearDown() override
    {
        if (m_hadConfigHome)
            qputenv("XDG_CONFIG_HOME", m_configHome);
        else
            qunsetenv("XDG_CONFIG_HOME");
    }

    QTemporaryDir m_settings;

private:
    bool m_hadConfigHome = false;
    QByteArray m_configHome;
};

// ------------------------------------------------------------ parsing

TEST_F(CheckCommand, ParsesWithItsInterval)
{
    CommandLineOutcome outcome = parseCommandLine({QStringLiteral("pathlens"), QStringLiteral("check")});
    ASSERT_TRUE(outcome.request);
    ASSERT_TRUE(outcome.request->check);
    EXPECT_FALSE(outcome.request->report);
    EXPECT_DOUBLE_EQ(outcome.request->check->intervalSeconds, 2.0);

    outcome = parseCommandLine({QStringLiteral("pathlens"), QStringLiteral("check"), QStringLiteral("--interval"),
                                QStringLiteral("0.5"), QStringLiteral("--lab"), QStringLiteral("x.json")});
    ASSERT_TRUE(outcome.request);
    EXPECT_DOUBLE_EQ(outcome.request->check->intervalSeconds, 0.5);
    EXPECT_EQ(outcome.request->backend.labFile, QStringLiteral("x.json"));

    outcome = parseCommandLine({QStringLiteral("pathlens"), QStringLiteral("report"), QStringLiteral("--interval"),
                                QStringLiteral("0")});
    ASSERT_TRUE(outcome.request);
    EXPECT_DOUBLE_EQ(outcome.request->report->intervalSeconds, 0.0);
}

TEST_F(CheckCommand, UsageErrorsOfCheckAreUnknownForMonitoring)
{
    for (const QStringList &arguments :
         {QStringList{QStringLiteral("check"), QStringLiteral("--interval"), QStringLiteral("-1")},
          QStringList{QStringLiteral("check"), QStringLiteral("--format"), QStringLiteral("json")},
          QStringList{QStringLiteral("check"), QStringLiteral("extra")},
          QStringList{QStringLiteral("check"), QStringLiteral("--no-such-option")}}) {
        const CommandRun result = run(arguments);
        EXPECT_EQ(result.exitCode, CheckUnknown) << arguments.join(QLatin1Char(' ')).toStdString();
    }
    // Outside check, usage errors keep their code.
    EXPECT_EQ(run({QStringLiteral("--interval"), QStringLiteral("3")}).exitCode, 2);
}

// ------------------------------------------------------------ running

TEST_F(CheckCommand, HealthyLabIsOk)
{
    const CommandRun result
        = run({QStringLiteral("check"), QStringLiteral("--lab"), sourcePath("resources/labs/healthy-lab.json")});
    EXPECT_EQ(result.exitCode, CheckOk) << result.out.toStdString();
    EXPECT_TRUE(result.out.startsWith(QStringLiteral("PATHLENS OK - no findings | critical=0 warning=0 info=0\n")))
        << result.out.toStdString();
    EXPECT_TRUE(result.out.contains(QStringLiteral("I/O measured over 2 s of the lab's simulated clock.")));
}

TEST_F(CheckCommand, DefaultLabIsCriticalAndSaysWhy)
{
    const CommandRun result = run({QStringLiteral("check")});
    EXPECT_EQ(result.exitCode, CheckCritical);
    const QStringList lines = result.out.split(QLatin1Char('\n'));
    EXPECT_TRUE(lines.first().startsWith(QStringLiteral("PATHLENS CRITICAL - 8 critical,")))
        << lines.first().toStdString();
    EXPECT_TRUE(result.out.contains(QStringLiteral(
        "CRITICAL io-on-non-optimized: DCS-A / DGC VRAID LUN 1 / path 004:000:000:001 via DCS-A BE1")))
        << result.out.toStdString();
    EXPECT_TRUE(result.out.contains(QStringLiteral("WARNING datacore-be-driver-alua: DCS-A / DCS-A BE1")));
    EXPECT_TRUE(result.out.contains(QStringLiteral("  Recommendation: Hand the back-end to Windows MPIO (remedy 2)")));
    // Monitoring systems split performance data at the first '|': only the status line has one.
    for (int i = 1; i < lines.size(); ++i)
        EXPECT_FALSE(lines.at(i).contains(QLatin1Char('|'))) << lines.at(i).toStdString();
    EXPECT_EQ(lines.first().count(QLatin1Char('|')), 1);
}

TEST_F(CheckCommand, IntervalZeroJudgesStatesOnly)
{
    const CommandRun result = run({QStringLiteral("check"), QStringLiteral("--interval"), QStringLiteral("0")});
    EXPECT_EQ(result.exitCode, CheckWarning) << result.out.toStdString();
    EXPECT_TRUE(result.out.contains(QStringLiteral("state rules only")));
    EXPECT_FALSE(result.out.contains(QStringLiteral("io-on-non-optimized")));
}

TEST_F(CheckCommand, UnreadableSourceIsUnknown)
{
    const CommandRun result
        = run({QStringLiteral("check"), QStringLiteral("--lab"), sourcePath("tests/data/labs/no-such-lab.json")});
    EXPECT_EQ(result.exitCode, CheckUnknown);
    EXPECT_TRUE(result.out.startsWith(QStringLiteral("PATHLENS UNKNOWN - "))) << result.out.toStdString();
}

TEST_F(CheckCommand, BundleUsesItsTwoNewestCounterSamples)
{
    const CommandRun result
        = run({QStringLiteral("check"), QStringLiteral("--bundle"), sourcePath("tests/data/bundles/ssv2")});
    EXPECT_EQ(result.exitCode, CheckWarning) << result.out.toStdString();
    EXPECT_TRUE(result.out.contains(
        QStringLiteral("I/O measured between the bundle's two newest counter samples (10 s apart).")))
        << result.out.toStdString();
    // MPIO Disk1 runs Fail Over Only with two Active/Optimized paths.
    EXPECT_TRUE(result.out.contains(QStringLiteral("WARNING policy-mismatch: SSV2 / MPIO Disk1")));
}

TEST_F(CheckCommand, SavedBaselineIsUsedAndACorruptOneIsReportedAndKept)
{
    auto lab = LabBackend::fromFile(sourcePath("resources/labs/healthy-lab.json").toStdString());
    ASSERT_TRUE(lab.ok());
    const SourceData sources = readSources(*lab.value());
    const QString file = baselineFilePath(baselineGroupKey(sources));
    ASSERT_TRUE(file.startsWith(m_settings.path())) << file.toStdString();
    ASSERT_EQ(
        saveBaseline(Baseline::capture(buildSnapshot(sources), baselineGroupKey(sources), {}), file), std::nullopt);

    const QStringList arguments{
        QStringLiteral("check"), QStringLiteral("--lab"), sourcePath("resources/labs/healthy-lab.json")};
    CommandRun result = run(arguments);
    EXPECT_EQ(result.exitCode, CheckOk) << result.out.toStdString();
    EXPECT_TRUE(result.out.contains(QStringLiteral("Baseline: saved "))) << result.out.toStdString();

    QFile damaged(file);
    ASSERT_TRUE(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
    damaged.write("{ not a baseline");
    damaged.close();
    result = run(arguments);
    EXPECT_EQ(result.exitCode, CheckOk);
    EXPECT_TRUE(result.out.contains(QStringLiteral("Baseline not used: load baseline: "))) << result.out.toStdString();
    ASSERT_TRUE(damaged.open(QIODevice::ReadOnly));
    EXPECT_EQ(damaged.readAll(), QByteArray("{ not a baseline"));
}

TEST_F(CheckCommand, ReportCarriesMeasuredFindings)
{
    const CommandRun result = run({QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("json")});
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const QJsonObject report = QJsonDocument::fromJson(result.out.toUtf8()).object();
    EXPECT_TRUE(report.value(QStringLiteral("health")).toObject().value(QStringLiteral("ioMeasured")).toBool());
    int io = 0;
    for (const QJsonValue &finding : report.value(QStringLiteral("findings")).toArray()) {
        const QJsonObject f = finding.toObject();
        for (const char *member : {"rule", "severity", "object", "message", "recommendation"})
            EXPECT_TRUE(f.value(QLatin1String(member)).isString()) << member;
        io += f.value(QStringLiteral("rule")).toString() == QLatin1String("io-on-non-optimized") ? 1 : 0;
    }
    EXPECT_EQ(io, 8);
}

// A backend that is neither the lab nor a bundle: read twice with a pause.
class ForwardingBackend final : public Backend
{
public:
    explicit ForwardingBackend(Backend &inner) : m_inner(inner) {}
    std::string description() const override { return "forwarding"; }
    DataCoreManagement *dataCore() override { return m_inner.dataCore(); }
    DeviceInventory *devices() override { return m_inner.devices(); }
    Mpio *mpio() override { return m_inner.mpio(); }

private:
    Backend &m_inner;
};

TEST_F(CheckCommand, OtherBackendsAreReadTwiceWithARealPause)
{
    auto lab = LabBackend::fromFile(sourcePath("resources/labs/default-lab.json").toStdString());
    ASSERT_TRUE(lab.ok());
    auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'718'013'600));
    lab.value()->setClock([&now] { return now; });
    ForwardingBackend backend(*lab.value());

    std::vector<std::chrono::milliseconds> pauses;
    const HealthReading reading = readWithHealth(backend, 3s, BaselineLoader(), [&](std::chrono::milliseconds pause) {
        pauses.push_back(pause);
        now += pause; // the time passes for the source as it would
    });
    EXPECT_EQ(pauses, (std::vector<std::chrono::milliseconds>{3s}));
    EXPECT_TRUE(reading.health.ioMeasured);
    EXPECT_EQ(reading.measurement, QStringLiteral("I/O measured over 3 s."));
    EXPECT_EQ(checkStatus(reading.health), CheckCritical);

    pauses.clear();
    const HealthReading once = readWithHealth(backend, 0s, BaselineLoader(), [&](std::chrono::milliseconds pause) {
        pauses.push_back(pause);
    });
    EXPECT_TRUE(pauses.empty());
    EXPECT_FALSE(once.health.ioMeasured);
}

} // namespace
} // namespace pathlens
