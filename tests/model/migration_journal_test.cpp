// The run journal on disk: damaged and truncated lines are reported and
// skipped, never fatal; a journal that cannot be written stops the run
// before anything changes; unfinished runs are found for resuming.

#include "migration_testlab.h"

#include "model/migration/migrationjournal.h"
#include "model/migration/migrationjson.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QThread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pathlens {
namespace {

using namespace testlab;
using ::testing::HasSubstr;

QByteArray readAll(const QString &path)
{
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    return file.readAll();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    ASSERT_EQ(file.write(bytes), bytes.size());
}

/// A completed run's journal in @p journals.
std::string completedJournal(const QTemporaryDir &journals, const std::string &text = fixtureText("migration-base.json"))
{
    auto lab = openLab(text);
    MigrationEngine engine(settingsIn(journals));
    EXPECT_FALSE(engine.prepare(**lab, requestFor("SRV1")));
    engine.acknowledgeSupportConsequences();
    EXPECT_FALSE(engine.start());
    engine.runToEnd(**lab, true);
    EXPECT_EQ(engine.run().state, RunState::Completed);
    return engine.run().journalPath;
}

TEST(MigrationJournal, DamagedLinesAreReportedAndTheRestStillReads)
{
    QTemporaryDir journals;
    const QString path = QString::fromStdString(completedJournal(journals));
    QList<QByteArray> lines = readAll(path).split('\n');
    ASSERT_GT(lines.size(), 6);
    lines.insert(3, "{\"type\": \"step-started\", \"seq\": ");     // cut in the middle
    lines.insert(5, "\xff\xfe garbage \x01\x02");                     // binary junk
    lines.insert(7, "[1, 2, 3]");                                     // JSON, but not a record
    lines.insert(8, "{\"note\": \"no type\"}");                      // a record without type
    writeAll(path, lines.join('\n'));

    const Result<JournalContent> content = readJournal(path);
    ASSERT_TRUE(content.ok()) << content.error().toString();
    ASSERT_EQ(content->problems.size(), 4u);
    EXPECT_THAT(content->problems[0], HasSubstr("line 4: not a JSON record"));
    EXPECT_THAT(content->problems[1], HasSubstr("line 6: not a JSON record"));
    EXPECT_THAT(content->problems[2], HasSubstr("line 8: a record must be a JSON object"));
    EXPECT_THAT(content->problems[3], HasSubstr("line 9: a record needs a type"));

    const Result<MigrationRun> run = replayJournal(content.value(), path);
    ASSERT_TRUE(run.ok()) << run.error().toString();
    EXPECT_EQ(run->state, RunState::Completed);
    EXPECT_EQ(run->journalProblems.size(), 4u);
    for (const MigrationStep &step : run->plan.steps)
        EXPECT_EQ(step.status, StepStatus::Done) << step.id;
}

TEST(MigrationJournal, ALastLineCutOffWhileWritingIsReportedAndTheRunResumes)
{
    auto lab = openLab(fixtureText("migration-base.json"));
    QTemporaryDir journals;
    QString path;
    {
        MigrationEngine engine(settingsIn(journals));
        ASSERT_FALSE(engine.prepare(**lab, requestFor("SRV1")));
        engine.acknowledgeSupportConsequences();
        ASSERT_FALSE(engine.start());
        path = QString::fromStdString(engine.run().journalPath);
        ASSERT_EQ(engine.runNextStep(**lab), 0);
    }
    // The process died while writing the first step's "finished" record.
    QByteArray bytes = readAll(path);
    ASSERT_TRUE(bytes.endsWith('\n'));
    bytes.chop(1);
    bytes.chop(bytes.size() - bytes.lastIndexOf('\n') - 1 - 40);
    writeAll(path, bytes);

    const Result<JournalContent> content = readJournal(path);
    ASSERT_TRUE(content.ok());
    ASSERT_EQ(content->problems.size(), 1u);
    EXPECT_THAT(content->problems[0], HasSubstr("is incomplete: the process stopped while writing it"));

    auto found = findResumableRun(journals.path());
    ASSERT_TRUE(found);
    EXPECT_EQ(found->run.plan.steps[0].status, StepStatus::Running);
    auto engine = MigrationEngine::open(found->path, settingsIn(journals));
    ASSERT_TRUE(engine.ok());
    EXPECT_EQ(engine.value()->run().journalProblems.size(), 1u);
    ASSERT_FALSE(engine.value()->resume());
    engine.value()->runToEnd(**lab, true);
    EXPECT_EQ(engine.value()->run().state, RunState::Completed);
    EXPECT_THAT(engine.value()->run().plan.steps[0].detail, HasSubstr("Decided when the run resumed"));
}

TEST(MigrationJournal, FilesThatAreNoJournalAreRefusedClearly)
{
    QTemporaryDir dir;
    const auto openAs = [&](const char *name, const QByteArray &bytes) {
        const QString path = QDir(dir.path()).filePath(QString::fromLatin1(name));
        writeAll(path, bytes);
        return MigrationEngine::open(path);
    };
    const auto empty = openAs("migration-1-empty.jsonl", QByteArray());
    ASSERT_FALSE(empty.ok());
    EXPECT_THAT(empty.error().message, HasSubstr("holds no readable record"));

    const auto junk = openAs("migration-2-junk.jsonl", QByteArray("\x00\x01\x02 not json\n\xc3\x28\n", 16));
    ASSERT_FALSE(junk.ok());
    EXPECT_THAT(junk.error().message, HasSubstr("holds no readable record"));

    const auto noStart = openAs("migration-3-nostart.jsonl",
                                "{\"type\": \"step-started\", \"seq\": 1, \"run\": \"x\", \"step\": \"claim\"}\n");
    ASSERT_FALSE(noStart.ok());
    EXPECT_THAT(noStart.error().message, HasSubstr("no readable \"run-started\" record"));

    const auto otherFormat = openAs("migration-4-other.jsonl",
                                    "{\"type\": \"run-started\", \"seq\": 1, \"format\": \"something\", \"version\": 1}\n");
    ASSERT_FALSE(otherFormat.ok());
    EXPECT_THAT(otherFormat.error().message, HasSubstr("is not a PathLens migration journal"));

    const auto badPlan = openAs("migration-5-badplan.jsonl",
                                "{\"type\": \"run-started\", \"seq\": 1, \"format\": \"pathlens-migration-journal\", "
                                "\"version\": 1, \"plan\": {\"serverName\": 5}}\n");
    ASSERT_FALSE(badPlan.ok());
    EXPECT_THAT(badPlan.error().message, HasSubstr("the plan cannot be read"));

    const auto missing = MigrationEngine::open(QDir(dir.path()).filePath(QStringLiteral("nope.jsonl")));
    ASSERT_FALSE(missing.ok());
    EXPECT_THAT(missing.error().message, HasSubstr("cannot open"));

    std::vector<std::string> unreadable;
    EXPECT_TRUE(findResumableRuns(dir.path(), &unreadable).empty());
    EXPECT_EQ(unreadable.size(), 5u);
}

TEST(MigrationJournal, OnlyUnfinishedRunsAreOfferedNewestFirst)
{
    QTemporaryDir journals;
    completedJournal(journals); // finished: not offered

    auto lab = openLab(fixtureText("migration-base.json"));
    MigrationEngine first(settingsIn(journals));
    ASSERT_FALSE(first.prepare(**lab, requestFor("SRV1", {"SRV1 BE1"})));
    first.acknowledgeSupportConsequences();
    ASSERT_FALSE(first.start());
    ASSERT_FALSE(first.pause("stopped for the test"));
    QThread::sleep(1); // journal names carry the second they start

    MigrationEngine second(settingsIn(journals));
    ASSERT_FALSE(second.prepare(**lab, requestFor("SRV1", {"SRV1 BE2"})));
    second.acknowledgeSupportConsequences();
    ASSERT_FALSE(second.start());

    std::vector<JournalEntry> runs = findResumableRuns(journals.path());
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].run.id, second.run().id);
    EXPECT_EQ(runs[0].run.state, RunState::Running);
    EXPECT_EQ(runs[1].run.id, first.run().id);
    EXPECT_EQ(runs[1].run.state, RunState::Paused);
    EXPECT_EQ(runs[1].run.plan.devices.size(), 1u);

    ASSERT_FALSE(second.abandon("the test leaves it"));
    runs = findResumableRuns(journals.path());
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].run.id, first.run().id);
    EXPECT_FALSE(findResumableRun(journals.path(), "SRV2"));
}

TEST(MigrationJournal, AJournalThatCannotBeWrittenStopsTheRunBeforeAnyChange)
{
    QTemporaryDir dir;
    // The journal folder is a file: the run cannot start.
    const QString blocker = QDir(dir.path()).filePath(QStringLiteral("not-a-folder"));
    writeAll(blocker, "x");
    auto lab = openLab(fixtureText("migration-base.json"));
    MigrationSettings settings;
    settings.journalDirectory = blocker;
    MigrationEngine refused(settings);
    ASSERT_FALSE(refused.prepare(**lab, requestFor("SRV1")));
    refused.acknowledgeSupportConsequences();
    const auto error = refused.start();
    ASSERT_TRUE(error);
    EXPECT_THAT(error->message, HasSubstr("cannot create the folder"));
    EXPECT_EQ(refused.run().state, RunState::Planned);

    // The journal disappears under a running run (a directory takes its
    // place): the next step is not run.
    QTemporaryDir journals;
    MigrationEngine engine(settingsIn(journals));
    ASSERT_FALSE(engine.prepare(**lab, requestFor("SRV1")));
    engine.acknowledgeSupportConsequences();
    ASSERT_FALSE(engine.start());
    const QString path = QString::fromStdString(engine.run().journalPath);
    ASSERT_TRUE(QFile::remove(path));
    ASSERT_TRUE(QDir().mkdir(path));
    EXPECT_EQ(engine.runNextStep(**lab), -1);
    EXPECT_EQ(engine.run().state, RunState::Paused);
    EXPECT_THAT(engine.run().stateDetail, HasSubstr("the journal cannot be written"));
    EXPECT_EQ(engine.run().plan.steps[0].status, StepStatus::Planned);
    EXPECT_EQ(lab->backend->devices()->adapters("SRV1").value()[2].driver.service, "dcsfc");
}

TEST(MigrationJournal, HostileNamesSurviveTheRoundTripAndStayOutOfTheFileName)
{
    std::string text = fixtureText("migration-base.json");
    const std::string hostile = "SRV1 <script>alert(\\\"x\\\")</script>, \\\"quoted\\\"\\n/..\\\\name";
    text = replaced(text, "\"name\": \"SRV1\"", "\"name\": \"" + hostile + "\"");
    text = replaced(text, "\"alias\": \"SRV1 BE1\"", "\"alias\": \"BE1, \\\"first\\\"\\n<b>\"");
    auto lab = openLab(text);
    QTemporaryDir journals;
    MigrationEngine engine(settingsIn(journals));
    ASSERT_FALSE(engine.prepare(**lab, requestFor("SRV1"))); // by host name
    engine.acknowledgeSupportConsequences();
    ASSERT_FALSE(engine.start());
    engine.runToEnd(**lab, true);
    ASSERT_EQ(engine.run().state, RunState::Completed) << engine.run().stateDetail;

    const QString path = QString::fromStdString(engine.run().journalPath);
    EXPECT_EQ(QFileInfo(path).dir().absolutePath(), QDir(journals.path()).absolutePath());
    EXPECT_FALSE(QFileInfo(path).fileName().contains(QLatin1Char('<')));
    EXPECT_FALSE(QFileInfo(path).fileName().contains(QLatin1Char('"')));

    auto reopened = MigrationEngine::open(path);
    ASSERT_TRUE(reopened.ok()) << reopened.error().toString();
    EXPECT_EQ(reopened.value()->run().plan.serverName, engine.run().plan.serverName);
    EXPECT_EQ(reopened.value()->run().plan.devices[0].portAlias, "BE1, \"first\"\n<b>");
    EXPECT_TRUE(reopened.value()->run().journalProblems.empty());
}

TEST(MigrationJournal, ExportCopiesTheJournalWhole)
{
    QTemporaryDir journals;
    const QString path = QString::fromStdString(completedJournal(journals));
    QTemporaryDir target;
    const QString copy = QDir(target.path()).filePath(QStringLiteral("run.jsonl"));
    ASSERT_FALSE(exportJournal(path, copy));
    EXPECT_EQ(readAll(copy), readAll(path));
    const auto bytes = journalBytes(path);
    ASSERT_TRUE(bytes.ok());
    EXPECT_EQ(bytes.value(), readAll(path));
    // Every line is one JSON record.
    for (const QByteArray &line : bytes->split('\n')) {
        if (line.isEmpty())
            continue;
        EXPECT_TRUE(QJsonDocument::fromJson(line).isObject()) << line.toStdString();
    }
    const auto refused = exportJournal(path, QDir(target.path()).filePath(QStringLiteral("no/such/folder/run.jsonl")));
    ASSERT_TRUE(refused);
    EXPECT_THAT(refused->message, HasSubstr("cannot write"));
}

} // namespace
} // namespace pathlens
