// `pathlens migrate`: the command line, the JSON it prints, its exit codes,
// and (with the real binary) a run killed mid-step that --resume finishes.

#include "app/commandline.h"
#include "app/migratecommand.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pathlens {
namespace {

using ::testing::HasSubstr;

QString fixture(const char *name)
{
    return QDir(QStringLiteral(PATHLENS_TEST_DATA_DIR)).filePath(QStringLiteral("labs/") + QString::fromLatin1(name));
}

struct MigrateRun {
    int exitCode = -1;
    QString out;
    QString err;
    QJsonObject json;
};

/// Parses and runs `pathlens migrate ...` in this process.
MigrateRun migrate(const QStringList &arguments)
{
    const CommandLineOutcome outcome =
        parseCommandLine(QStringList{QStringLiteral("pathlens"), QStringLiteral("migrate")} + arguments);
    MigrateRun run;
    if (!outcome.request) {
        run.exitCode = outcome.exitCode;
        run.err = outcome.error;
        return run;
    }
    EXPECT_TRUE(outcome.request->migrate.has_value());
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    run.exitCode = runMigrateCommand(outcome.request->backend, *outcome.request->migrate, out, err);
    out.flush();
    const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8());
    run.json = document.object();
    return run;
}

QStringList statuses(const QJsonObject &json)
{
    QStringList list;
    for (const QJsonValue &step : json.value(QStringLiteral("steps")).toArray())
        list << step.toObject().value(QStringLiteral("status")).toString();
    return list;
}

QStringList rules(const QJsonValue &health)
{
    QStringList list;
    for (const QJsonValue &finding : health.toObject().value(QStringLiteral("findings")).toArray())
        list << finding.toObject().value(QStringLiteral("rule")).toString();
    return list;
}

TEST(MigrateCommand, DryRunPlansEveryStepAndChangesNothing)
{
    QTemporaryDir journals;
    const MigrateRun run = migrate({QStringLiteral("--server"), QStringLiteral("DCS-A"), QStringLiteral("--dry-run"),
                                    QStringLiteral("--journal-dir"), journals.path()});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QJsonObject &json = run.json;
    EXPECT_EQ(json.value(QStringLiteral("schema")).toString(), QStringLiteral("pathlens-migration/1"));
    EXPECT_EQ(json.value(QStringLiteral("mode")).toString(), QStringLiteral("dry-run"));
    EXPECT_EQ(json.value(QStringLiteral("state")).toString(), QStringLiteral("planned"));
    const QStringList steps = statuses(json);
    ASSERT_EQ(steps.size(), 16);
    EXPECT_EQ(steps.count(QStringLiteral("planned")), 16);
    const QJsonObject first = json.value(QStringLiteral("steps")).toArray().first().toObject();
    EXPECT_EQ(first.value(QStringLiteral("id")).toString(), QStringLiteral("install-driver:175:0.0"));
    EXPECT_TRUE(first.contains(QStringLiteral("detail")));
    EXPECT_THAT(first.value(QStringLiteral("manualAction")).toString().toStdString(), HasSubstr("Device Manager"));
    EXPECT_TRUE(json.value(QStringLiteral("after")).isNull());
    // The findings before are the report's finding objects, measured.
    const QStringList before = rules(json.value(QStringLiteral("before")));
    EXPECT_TRUE(before.contains(QStringLiteral("io-on-non-optimized")));
    EXPECT_TRUE(before.contains(QStringLiteral("datacore-be-driver-alua")));
    const QJsonObject finding =
        json.value(QStringLiteral("before")).toObject().value(QStringLiteral("findings")).toArray().first().toObject();
    for (const char *key : {"rule", "severity", "object", "objectKind", "objectName", "message", "recommendation"})
        EXPECT_TRUE(finding.contains(QLatin1String(key))) << key;
    EXPECT_EQ(json.value(QStringLiteral("supportConsequences")).toArray().size(), 3);
    EXPECT_FALSE(json.value(QStringLiteral("supportConsequencesAcknowledged")).toBool());
    // The ports the wizard offers, with PCI in both spellings, driver and disks.
    const QJsonArray ports = json.value(QStringLiteral("ports")).toArray();
    ASSERT_FALSE(ports.isEmpty());
    bool sawBe1 = false;
    for (const QJsonValue &value : ports) {
        const QJsonObject port = value.toObject();
        if (port.value(QStringLiteral("alias")).toString() != QLatin1String("DCS-A BE1"))
            continue;
        sawBe1 = true;
        EXPECT_EQ(port.value(QStringLiteral("pciHex")).toString(), QStringLiteral("af:00.0"));
        EXPECT_EQ(port.value(QStringLiteral("match")).toString(), QStringLiteral("matched"));
        EXPECT_EQ(port.value(QStringLiteral("device")).toObject().value(QStringLiteral("driver")).toObject().value(
                      QStringLiteral("service")),
                  QStringLiteral("dcsfc"));
        EXPECT_FALSE(port.value(QStringLiteral("disks")).toArray().isEmpty());
    }
    EXPECT_TRUE(sawBe1);
    EXPECT_TRUE(json.value(QStringLiteral("journal")).isNull());
    EXPECT_TRUE(QDir(journals.path()).entryList(QDir::Files).isEmpty());
}

TEST(MigrateCommand, ApplyOnTheDefaultLabHandsDcsABackEndToMsdsm)
{
    QTemporaryDir journals;
    QTemporaryDir exported;
    const QString copy = QDir(exported.path()).filePath(QStringLiteral("journal.jsonl"));
    // The default lab's driver installs need a restart: the run stops there (exit 4) ...
    const MigrateRun waiting = migrate({QStringLiteral("--server"), QStringLiteral("DCS-A"), QStringLiteral("--apply"),
                                        QStringLiteral("--journal-dir"), journals.path()});
    ASSERT_EQ(waiting.exitCode, 4) << waiting.out.toStdString() << waiting.err.toStdString();
    EXPECT_EQ(waiting.json.value(QStringLiteral("state")).toString(), QStringLiteral("waiting-for-restart"));
    EXPECT_TRUE(waiting.json.value(QStringLiteral("backEndDisks")).toArray().isEmpty()
                || waiting.json.value(QStringLiteral("backEndDisks")).toArray().first().toObject().value(
                       QStringLiteral("dsm")).toString() != QStringLiteral("Microsoft DSM"));
    // ... and a resume after restarting the simulated server finishes it, in another process's way:
    // the lab's changes were kept beside the journal.
    const MigrateRun run = migrate({QStringLiteral("--resume"), QStringLiteral("--restart-lab-server"),
                                    QStringLiteral("--server"), QStringLiteral("DCS-A"), QStringLiteral("--journal-dir"),
                                    journals.path(), QStringLiteral("--export-journal"), copy});
    ASSERT_EQ(run.exitCode, 0) << run.out.toStdString() << run.err.toStdString();
    const QJsonObject &json = run.json;
    EXPECT_EQ(json.value(QStringLiteral("state")).toString(), QStringLiteral("completed"));
    EXPECT_EQ(statuses(json).count(QStringLiteral("done")), statuses(json).size());
    EXPECT_TRUE(json.value(QStringLiteral("supportConsequencesAcknowledged")).toBool());
    EXPECT_FALSE(json.value(QStringLiteral("restartRecommended")).toBool()); // the restart happened

    const QJsonArray disks = json.value(QStringLiteral("backEndDisks")).toArray();
    ASSERT_EQ(disks.size(), 10);
    for (const QJsonValue &value : disks) {
        const QJsonObject disk = value.toObject();
        EXPECT_EQ(disk.value(QStringLiteral("dsm")).toString(), QStringLiteral("Microsoft DSM"));
        EXPECT_EQ(disk.value(QStringLiteral("policy")).toString(), QStringLiteral("RRWS"));
        EXPECT_TRUE(disk.value(QStringLiteral("problems")).toArray().isEmpty());
    }
    const QStringList after = rules(json.value(QStringLiteral("after")));
    EXPECT_FALSE(after.contains(QStringLiteral("io-on-non-optimized")));
    EXPECT_FALSE(after.contains(QStringLiteral("datacore-be-driver-alua")));
    EXPECT_TRUE(json.value(QStringLiteral("after")).toObject().value(QStringLiteral("ioMeasured")).toBool());

    // The journal is where it says, and the export is a whole copy of it.
    const QString journal = json.value(QStringLiteral("journal")).toString();
    ASSERT_TRUE(QFile::exists(journal));
    QFile original(journal);
    QFile exportedFile(copy);
    ASSERT_TRUE(original.open(QIODevice::ReadOnly));
    ASSERT_TRUE(exportedFile.open(QIODevice::ReadOnly));
    EXPECT_EQ(original.readAll(), exportedFile.readAll());
}

TEST(MigrateCommand, APoolInUseBlocksWithExitTwo)
{
    QTemporaryDir journals;
    const MigrateRun run = migrate({QStringLiteral("--server"), QStringLiteral("DCS-B"), QStringLiteral("--apply"),
                                    QStringLiteral("--journal-dir"), journals.path()});
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_EQ(run.json.value(QStringLiteral("state")).toString(), QStringLiteral("blocked"));
    EXPECT_THAT(run.json.value(QStringLiteral("stateDetail")).toString().toStdString(),
                HasSubstr("Replace before you map storage"));
    EXPECT_EQ(statuses(run.json).count(QStringLiteral("planned")), statuses(run.json).size());
    EXPECT_TRUE(QDir(journals.path()).entryList(QDir::Files).isEmpty());
}

TEST(MigrateCommand, UnreadableSourcesAndUnknownServersExitThree)
{
    QTemporaryDir journals;
    const MigrateRun unknown = migrate({QStringLiteral("--server"), QStringLiteral("<script>\"x\"\n"),
                                        QStringLiteral("--dry-run"), QStringLiteral("--journal-dir"), journals.path()});
    EXPECT_EQ(unknown.exitCode, 3);
    EXPECT_EQ(unknown.json.value(QStringLiteral("state")).toString(), QStringLiteral("not-read"));
    EXPECT_THAT(unknown.err.toStdString(), HasSubstr("<script>"));

    const MigrateRun missingLab =
        migrate({QStringLiteral("--server"), QStringLiteral("DCS-A"), QStringLiteral("--dry-run"), QStringLiteral("--lab"),
                 fixture("does-not-exist.json")});
    EXPECT_EQ(missingLab.exitCode, 3);

    const MigrateRun nothing = migrate({QStringLiteral("--resume"), QStringLiteral("--journal-dir"), journals.path()});
    EXPECT_EQ(nothing.exitCode, 3);
    EXPECT_THAT(nothing.err.toStdString(), HasSubstr("no unfinished run"));
}

TEST(MigrateCommand, BadCommandLinesAreRefused)
{
    EXPECT_EQ(migrate({QStringLiteral("--server"), QStringLiteral("DCS-A")}).exitCode, 2); // no mode
    EXPECT_EQ(migrate({QStringLiteral("--server"), QStringLiteral("DCS-A"), QStringLiteral("--dry-run"),
                       QStringLiteral("--apply")})
                  .exitCode,
              2);
    EXPECT_EQ(migrate({QStringLiteral("--apply")}).exitCode, 2); // no server
    const MigrateRun policy = migrate({QStringLiteral("--server"), QStringLiteral("DCS-A"), QStringLiteral("--dry-run"),
                                       QStringLiteral("--policy"), QStringLiteral("FOO")});
    EXPECT_EQ(policy.exitCode, 2);
    EXPECT_THAT(policy.err.toStdString(), HasSubstr("RRWS, LQD or LB"));
    const MigrateRun format = migrate({QStringLiteral("--server"), QStringLiteral("DCS-A"), QStringLiteral("--dry-run"),
                                       QStringLiteral("--format"), QStringLiteral("csv")});
    EXPECT_EQ(format.exitCode, 2);
    EXPECT_EQ(migrate({QStringLiteral("--server"), QStringLiteral("DCS-A"), QStringLiteral("--dry-run"),
                       QStringLiteral("--restart-lab-server")})
                  .exitCode,
              2);
    // Migrate's options belong to migrate.
    const CommandLineOutcome report =
        parseCommandLine({QStringLiteral("pathlens"), QStringLiteral("report"), QStringLiteral("--apply")});
    EXPECT_FALSE(report.request);
    EXPECT_THAT(report.error.toStdString(), HasSubstr("--apply belongs to the migrate command"));
}

TEST(MigrateCommand, TextOutputNamesStepsDevicesAndTheWayBack)
{
    QTemporaryDir journals;
    const MigrateRun run = migrate({QStringLiteral("--server"), QStringLiteral("SRV1"), QStringLiteral("--apply"),
                                    QStringLiteral("--lab"), fixture("migration-base.json"), QStringLiteral("--journal-dir"),
                                    journals.path(), QStringLiteral("--format"), QStringLiteral("text"),
                                    QStringLiteral("--keep-ports")});
    ASSERT_EQ(run.exitCode, 0) << run.out.toStdString();
    EXPECT_THAT(run.out.toStdString(), HasSubstr("Remedy 2 on SRV1 (SRV1): completed"));
    EXPECT_THAT(run.out.toStdString(), HasSubstr("[skipped] Remove the DataCore port SRV1 BE1"));
    EXPECT_THAT(run.out.toStdString(), HasSubstr("By hand: mpclaim -n -i -d"));
    EXPECT_THAT(run.out.toStdString(), HasSubstr("installed by this run"));
}

TEST(MigrateCommand, TextOutputWaitingForARestartSaysHowToGoOn)
{
    QTemporaryDir journals;
    const MigrateRun run = migrate({QStringLiteral("--server"), QStringLiteral("DCS-A"), QStringLiteral("--apply"),
                                    QStringLiteral("--journal-dir"), journals.path(), QStringLiteral("--format"),
                                    QStringLiteral("text")});
    ASSERT_EQ(run.exitCode, 4) << run.out.toStdString();
    EXPECT_THAT(run.out.toStdString(), HasSubstr("Remedy 2 on DCS-A (DCS-A): waiting-for-restart (exit 4)"));
    EXPECT_THAT(run.out.toStdString(),
                HasSubstr("Next: pathlens migrate --server DCS-A --resume --restart-lab-server"));
}

TEST(MigrateCommand, AFailedStepExitsOneAndRollsBackWhenAsked)
{
    QTemporaryDir journals;
    QTemporaryDir work;
    QFile source(fixture("migration-base.json"));
    ASSERT_TRUE(source.open(QIODevice::ReadOnly));
    QByteArray text = source.readAll();
    text.replace("\"faults\": []", R"("faults": [{"operation": "deletePort", "target": "P-BE2", "message": "Server busy.", "code": 503}])");
    const QString lab = QDir(work.path()).filePath(QStringLiteral("faulty.json"));
    QFile target(lab);
    ASSERT_TRUE(target.open(QIODevice::WriteOnly));
    target.write(text);
    target.close();

    const MigrateRun failed = migrate({QStringLiteral("--server"), QStringLiteral("SRV1"), QStringLiteral("--apply"),
                                       QStringLiteral("--lab"), lab, QStringLiteral("--journal-dir"), journals.path(),
                                       QStringLiteral("--rollback-on-failure")});
    EXPECT_EQ(failed.exitCode, 1);
    EXPECT_EQ(failed.json.value(QStringLiteral("state")).toString(), QStringLiteral("rolled-back"));
    const QStringList steps = statuses(failed.json);
    EXPECT_EQ(steps.count(QStringLiteral("rolled-back")), 2);
    EXPECT_EQ(steps.count(QStringLiteral("failed")), 1);
    EXPECT_THAT(failed.out.toStdString(), HasSubstr("Server busy."));
    for (const QJsonValue &device : failed.json.value(QStringLiteral("devices")).toArray())
        EXPECT_EQ(device.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("rolled-back"));
}

// ------------------------------------------------------------ the real binary

struct Process {
    int exitCode = -1;
    QJsonObject json;
    QString err;
};

Process runBinary(const QStringList &arguments, const QString &crashAt = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!crashAt.isEmpty())
        environment.insert(QStringLiteral("PATHLENS_TEST_CRASH_AT"), crashAt);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(PATHLENS_BINARY), QStringList{QStringLiteral("migrate")} + arguments);
    EXPECT_TRUE(process.waitForFinished(120000));
    Process result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.json = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

TEST(MigrateBinary, AProcessKilledMidStepResumesAtTheRightStep)
{
    QTemporaryDir work;
    const QString journals = QDir(work.path()).filePath(QStringLiteral("journals"));
    const QString state = QDir(work.path()).filePath(QStringLiteral("lab-state.json"));
    const QStringList common{QStringLiteral("--journal-dir"), journals, QStringLiteral("--lab-state"), state};

    // Killed right after the second driver install returned, before its "finished" record.
    const Process killed = runBinary(QStringList{QStringLiteral("--server"), QStringLiteral("DCS-A"),
                                                 QStringLiteral("--apply")} + common,
                                     QStringLiteral("changed@2"));
    ASSERT_EQ(killed.exitCode, 86) << killed.err.toStdString();
    EXPECT_TRUE(killed.json.isEmpty()); // it never got to print

    // A new --apply refuses to start a second run on the same server.
    const Process second =
        runBinary(QStringList{QStringLiteral("--server"), QStringLiteral("DCS-A"), QStringLiteral("--apply")} + common);
    EXPECT_EQ(second.exitCode, 2);
    EXPECT_THAT(second.err.toStdString(), HasSubstr("unfinished run"));

    // Resumed, it finishes the installs and the claim, then waits for the restart the drivers need.
    const Process waiting = runBinary(QStringList{QStringLiteral("--resume")} + common);
    ASSERT_EQ(waiting.exitCode, 4) << waiting.err.toStdString();
    EXPECT_EQ(waiting.json.value(QStringLiteral("state")).toString(), QStringLiteral("waiting-for-restart"));
    EXPECT_THAT(waiting.json.value(QStringLiteral("stateDetail")).toString().toStdString(), HasSubstr("Restart DCS-A"));
    const Process resumed =
        runBinary(QStringList{QStringLiteral("--resume"), QStringLiteral("--restart-lab-server")} + common);
    ASSERT_EQ(resumed.exitCode, 0) << resumed.err.toStdString();
    EXPECT_EQ(resumed.json.value(QStringLiteral("state")).toString(), QStringLiteral("completed"));
    const QJsonArray steps = resumed.json.value(QStringLiteral("steps")).toArray();
    ASSERT_EQ(steps.size(), 16);
    // The cut-off step was found done by reading the devices, not installed again.
    EXPECT_THAT(steps.at(1).toObject().value(QStringLiteral("detail")).toString().toStdString(),
                HasSubstr("Decided when the run resumed"));
    for (const QJsonValue &step : steps)
        EXPECT_EQ(step.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("done"));
    for (const QJsonValue &disk : resumed.json.value(QStringLiteral("backEndDisks")).toArray())
        EXPECT_EQ(disk.toObject().value(QStringLiteral("policy")).toString(), QStringLiteral("RRWS"));

    // Once finished it is not offered again; rolling it back by its journal still works.
    const Process again = runBinary(QStringList{QStringLiteral("--resume")} + common);
    EXPECT_EQ(again.exitCode, 3);
    const Process rolledBack =
        runBinary(QStringList{QStringLiteral("--rollback"), QStringLiteral("--journal"),
                              resumed.json.value(QStringLiteral("journal")).toString()} + common);
    EXPECT_EQ(rolledBack.exitCode, 0) << rolledBack.err.toStdString();
    EXPECT_EQ(rolledBack.json.value(QStringLiteral("state")).toString(), QStringLiteral("rolled-back"));
}

TEST(MigrateBinary, ARunThatWaitsForARestartContinuesAfterIt)
{
    QTemporaryDir work;
    QFile source(fixture("migration-base.json"));
    ASSERT_TRUE(source.open(QIODevice::ReadOnly));
    QByteArray text = source.readAll();
    text.replace("\"faults\": []", R"("faults": [{"operation": "claim", "outcome": "rebootRequired"}])");
    const QString lab = QDir(work.path()).filePath(QStringLiteral("restart.json"));
    QFile target(lab);
    ASSERT_TRUE(target.open(QIODevice::WriteOnly));
    target.write(text);
    target.close();
    const QStringList common{QStringLiteral("--lab"), lab, QStringLiteral("--journal-dir"),
                             QDir(work.path()).filePath(QStringLiteral("journals")), QStringLiteral("--lab-state"),
                             QDir(work.path()).filePath(QStringLiteral("state.json"))};

    const Process waiting =
        runBinary(QStringList{QStringLiteral("--server"), QStringLiteral("SRV1"), QStringLiteral("--apply")} + common);
    ASSERT_EQ(waiting.exitCode, 4) << waiting.err.toStdString();
    EXPECT_EQ(waiting.json.value(QStringLiteral("state")).toString(), QStringLiteral("waiting-for-restart"));
    EXPECT_THAT(waiting.json.value(QStringLiteral("stateDetail")).toString().toStdString(), HasSubstr("Restart SRV1"));

    const Process notYet = runBinary(QStringList{QStringLiteral("--resume")} + common);
    EXPECT_EQ(notYet.exitCode, 4);

    const Process after = runBinary(QStringList{QStringLiteral("--resume"), QStringLiteral("--restart-lab-server")} + common);
    ASSERT_EQ(after.exitCode, 0) << after.err.toStdString();
    EXPECT_EQ(after.json.value(QStringLiteral("state")).toString(), QStringLiteral("completed"));
}

} // namespace
} // namespace pathlens
