// The load-balance policy dialog on the simulated lab: optimized paths
// offered first, the command line following the choice, nothing changed
// without a confirmation, and the outcome after a confirmed change.

#include "model/health/healthreport.h"
#include "model/inventoryservice.h"
#include "model/inventorytreemodel.h"
#include "platform/lab/labbackend.h"
#include "views/policydialog.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QGroupBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTreeWidget>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

namespace pathlens {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::system_clock::time_point;

const QString Lun3 = QStringLiteral("600601601C8045003A21B65F13B4E311");
const QString Lun7 = QStringLiteral("600601601C8045003A21B65F1B2AE311");
const QString Lun9 = QStringLiteral("600601601C8045003A21B65F1D00E311");

template <typename T>
T *child(QWidget &parent, const char *name)
{
    T *found = parent.findChild<T *>(QString::fromLatin1(name));
    EXPECT_NE(found, nullptr) << name;
    return found;
}

bool waitFor(QSignalSpy &spy, int count)
{
    while (spy.count() < count) {
        if (!spy.wait(10000))
            return false;
    }
    return true;
}

/// The remedy 1 lab behind a service, its clock stepped by the test.
struct Lab {
    std::shared_ptr<std::atomic<std::int64_t>> seconds = std::make_shared<std::atomic<std::int64_t>>(1'718'013'600);
    std::unique_ptr<InventoryService> service;

    Lab()
    {
        auto loaded = LabBackend::fromFile(std::string(PATHLENS_TEST_DATA_DIR) + "/labs/remedy1-lab.json");
        if (!loaded) {
            ADD_FAILURE() << loaded.error().toString();
            return;
        }
        std::unique_ptr<LabBackend> backend = std::move(loaded).value();
        backend->setClock([clock = seconds] { return TimePoint(std::chrono::seconds(clock->load())); });
        service = std::make_unique<InventoryService>(std::move(backend));
    }

    void read()
    {
        QSignalSpy finished(service.get(), &InventoryService::refreshFinished);
        service->refresh();
        EXPECT_TRUE(waitFor(finished, 1));
    }

    /// Two readings 10 s apart, so I/O is measured.
    void measure()
    {
        read();
        *seconds += 10;
        read();
    }

    /// KeyPathRole of the first row of the disk with this key.
    QString keyPath(const QString &diskKey) const
    {
        const InventoryTreeModel &model = *service->model();
        for (int s = 0; s < model.rowCount(); ++s) {
            const QModelIndex server = model.index(s, 0);
            for (int p = 0; p < model.rowCount(server); ++p) {
                const QModelIndex port = model.index(p, 0, server);
                for (int d = 0; d < model.rowCount(port); ++d) {
                    const QModelIndex disk = model.index(d, 0, port);
                    if (disk.data(InventoryTreeModel::KeyRole).toString() == diskKey)
                        return disk.data(InventoryTreeModel::KeyPathRole).toString();
                }
            }
        }
        ADD_FAILURE() << "no row for " << diskKey.toStdString();
        return {};
    }
};

QStringList visibleRows(QTreeWidget &list)
{
    QStringList rows;
    for (int i = 0; i < list.topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = list.topLevelItem(i);
        if (!item->isHidden())
            rows << item->text(0).left(16) + QLatin1Char(' ') + item->text(1);
    }
    return rows;
}

void pickPolicy(QComboBox &combo, LoadBalancePolicy policy)
{
    const int index = combo.findData(static_cast<int>(policy));
    ASSERT_GE(index, 0);
    combo.setCurrentIndex(index);
}

void pickPath(QTreeWidget &list, const QString &pathId)
{
    for (int i = 0; i < list.topLevelItemCount(); ++i) {
        if (list.topLevelItem(i)->text(0).startsWith(pathId)) {
            list.setCurrentItem(list.topLevelItem(i));
            return;
        }
    }
    ADD_FAILURE() << "no row for path " << pathId.toStdString();
}

TEST(PolicyDialog, OffersOptimizedPathsFirstAndTheCommandFollowsTheChoice)
{
    Lab lab;
    ASSERT_TRUE(lab.service);
    lab.read();
    PolicyDialog dialog(*lab.service, lab.keyPath(Lun3));
    auto *combo = child<QComboBox>(dialog, "policyCombo");
    auto *command = child<QLineEdit>(dialog, "commandLine");
    auto *preferred = child<QTreeWidget>(dialog, "preferredList");
    auto *group = child<QGroupBox>(dialog, "preferredGroup");
    auto *showAll = child<QCheckBox>(dialog, "showNonOptimized");
    auto *warning = child<QLabel>(dialog, "nonOptimizedWarning");
    auto *apply = child<QPushButton>(dialog, "applyButton");
    ASSERT_TRUE(combo && command && preferred && group && showAll && warning && apply);

    EXPECT_EQ(child<QLabel>(dialog, "diskName")->text(), QStringLiteral("DCS-A / DGC VRAID LUN 3 (MPIO Disk0)"));
    EXPECT_EQ(child<QLabel>(dialog, "diskSerial")->text(), Lun3);
    EXPECT_EQ(child<QLabel>(dialog, "mpioDisk")->text(), QStringLiteral("MPIO Disk0 (Disk 1)"));
    EXPECT_EQ(child<QLabel>(dialog, "currentPolicy")->text(), QStringLiteral("Fail Over Only (FOO)"));
    EXPECT_EQ(child<QTreeWidget>(dialog, "pathsTable")->topLevelItemCount(), 4);

    // It starts on the recommendation for an ALUA array.
    EXPECT_EQ(combo->currentData().toInt(), static_cast<int>(LoadBalancePolicy::RoundRobinWithSubset));
    EXPECT_TRUE(combo->currentText().contains(QStringLiteral("recommended")));
    EXPECT_EQ(command->text(), QStringLiteral("mpclaim -l -d 0 3 0000000077040000 1 0 0 0000000077040002 0 0 0 "
                                              "0000000077050001 1 0 0 0000000077050003 0 0 0"));
    EXPECT_TRUE(group->isHidden());
    EXPECT_TRUE(apply->isEnabled());
    // Weighted Paths is listed, but cannot be picked.
    auto *items = qobject_cast<QStandardItemModel *>(combo->model());
    ASSERT_NE(items, nullptr);
    const int weighted = combo->findData(static_cast<int>(LoadBalancePolicy::WeightedPaths));
    ASSERT_GE(weighted, 0);
    EXPECT_FALSE(items->item(weighted)->isEnabled());

    // Round Robin is listed on this ALUA disk but cannot be picked: MSDSM does not offer it there.
    const int roundRobin = combo->findData(static_cast<int>(LoadBalancePolicy::RoundRobin));
    ASSERT_GE(roundRobin, 0);
    EXPECT_FALSE(items->item(roundRobin)->isEnabled());
    pickPolicy(*combo, LoadBalancePolicy::LeastQueueDepth);
    EXPECT_EQ(command->text(), QStringLiteral("mpclaim -l -d 0 4"));

    // Fail Over Only: only the optimized paths at first, the first one chosen.
    pickPolicy(*combo, LoadBalancePolicy::FailOverOnly);
    EXPECT_FALSE(group->isHidden());
    EXPECT_EQ(visibleRows(*preferred),
              (QStringList{QStringLiteral("0000000077040002 Active/Optimized: served by the owning controller"),
                           QStringLiteral("0000000077050003 Active/Optimized: served by the owning controller")}));
    EXPECT_EQ(command->text(), QStringLiteral("mpclaim -l -d 0 1 0000000077040002 0 0 1"));
    EXPECT_TRUE(warning->isHidden());
    pickPath(*preferred, QStringLiteral("0000000077050003"));
    EXPECT_EQ(command->text(), QStringLiteral("mpclaim -l -d 0 1 0000000077050003 0 0 1"));

    // The non-optimized ones come after, behind the check box and its warning.
    showAll->setChecked(true);
    EXPECT_FALSE(warning->isHidden());
    const QStringList all = visibleRows(*preferred);
    ASSERT_EQ(all.size(), 4);
    EXPECT_TRUE(all[2].startsWith(QStringLiteral("0000000077040000 Active/Non-optimized")));
    EXPECT_TRUE(all[3].startsWith(QStringLiteral("0000000077050001 Active/Non-optimized")));
    EXPECT_EQ(command->text(), QStringLiteral("mpclaim -l -d 0 1 0000000077050003 0 0 1")); // the pick stays
    pickPath(*preferred, QStringLiteral("0000000077050001"));
    EXPECT_EQ(command->text(), QStringLiteral("mpclaim -l -d 0 1 0000000077050001 0 0 1"));
    EXPECT_TRUE(child<QLabel>(dialog, "validation")->text().contains(QStringLiteral("reads are slow")));
    EXPECT_TRUE(apply->isEnabled());
    // The path it uses now is no change at all.
    pickPath(*preferred, QStringLiteral("0000000077040000"));
    EXPECT_TRUE(command->text().isEmpty());
    EXPECT_FALSE(apply->isEnabled());

    // Back to Round Robin with Subset and on to Fail Over Only: the last pick is kept.
    pickPolicy(*combo, LoadBalancePolicy::RoundRobinWithSubset);
    EXPECT_TRUE(group->isHidden());
    pickPolicy(*combo, LoadBalancePolicy::FailOverOnly);
    EXPECT_TRUE(command->text().isEmpty());

    // Copy puts the command line on the clipboard.
    pickPolicy(*combo, LoadBalancePolicy::LeastQueueDepth);
    child<QPushButton>(dialog, "copyCommand")->click();
    EXPECT_EQ(QGuiApplication::clipboard()->text(), QStringLiteral("mpclaim -l -d 0 4"));
}

TEST(PolicyDialog, DeclinedConfirmationChangesNothing)
{
    Lab lab;
    ASSERT_TRUE(lab.service);
    lab.measure();
    PolicyDialog dialog(*lab.service, lab.keyPath(Lun3));
    QStringList asked;
    dialog.setConfirm([&asked](QWidget *, const QString &, const QString &text) {
        asked << text;
        return false;
    });
    QSignalSpy readings(lab.service.get(), &InventoryService::refreshStarted);
    child<QPushButton>(dialog, "applyButton")->click();
    ASSERT_EQ(asked.size(), 1);
    EXPECT_TRUE(asked[0].startsWith(QStringLiteral(
        "Set MPIO Disk0 (DGC VRAID LUN 3, serial 600601601C8045003A21B65F13B4E311) on DCS-A from Fail Over Only to "
        "Round Robin with Subset.")))
        << asked[0].toStdString();
    EXPECT_TRUE(asked[0].contains(QStringLiteral("mpclaim -l -d 0 3 ")));
    EXPECT_FALSE(dialog.isRunning());
    QCoreApplication::processEvents();
    EXPECT_EQ(readings.count(), 0);
    EXPECT_TRUE(dialog.outcomeText().isEmpty());

    lab.read();
    EXPECT_EQ(dialog.plan().current, LoadBalancePolicy::FailOverOnly);
    EXPECT_EQ(dialog.plan().activePath(), std::optional<std::uint64_t>(0x77040000));
}

TEST(PolicyDialog, ConfirmedChangeRunsAndShowsTheOutcome)
{
    Lab lab;
    ASSERT_TRUE(lab.service);
    lab.measure();
    QObject::connect(lab.service.get(), &InventoryService::refreshFinished, lab.service.get(),
                     [&lab] { *lab.seconds += 10; });
    PolicyDialog dialog(*lab.service, lab.keyPath(Lun3));
    dialog.setMeasureDelay(0ms);
    int asked = 0;
    dialog.setConfirm([&asked](QWidget *, const QString &, const QString &) {
        ++asked;
        return true;
    });
    QSignalSpy finished(&dialog, &PolicyDialog::changeFinished);
    child<QPushButton>(dialog, "applyButton")->click();
    EXPECT_EQ(asked, 1);
    EXPECT_TRUE(dialog.isRunning());
    EXPECT_FALSE(child<QPushButton>(dialog, "applyButton")->isEnabled());
    EXPECT_FALSE(child<QComboBox>(dialog, "policyCombo")->isEnabled());
    ASSERT_TRUE(waitFor(finished, 1));
    EXPECT_TRUE(finished.at(0).at(0).toBool());
    EXPECT_FALSE(dialog.isRunning());

    const QString outcome = dialog.outcomeText();
    EXPECT_TRUE(outcome.contains(QStringLiteral("io-on-non-optimized on DGC VRAID LUN 3 cleared"))) << outcome.toStdString();
    EXPECT_TRUE(outcome.contains(QStringLiteral("policy-mismatch on DGC VRAID LUN 3 cleared"))) << outcome.toStdString();
    EXPECT_EQ(child<QLabel>(dialog, "currentPolicy")->text(), QStringLiteral("Round Robin with Subset (RRWS)"));
    // Nothing left to apply: the disk already uses the choice.
    EXPECT_FALSE(child<QPushButton>(dialog, "applyButton")->isEnabled());
}

TEST(PolicyDialog, LabFaultIsShownVerbatim)
{
    Lab lab;
    ASSERT_TRUE(lab.service);
    lab.measure();
    PolicyDialog dialog(*lab.service, lab.keyPath(Lun7));
    dialog.setConfirm([](QWidget *, const QString &, const QString &) { return true; });
    QSignalSpy finished(&dialog, &PolicyDialog::changeFinished);
    child<QPushButton>(dialog, "applyButton")->click();
    ASSERT_TRUE(waitFor(finished, 1));
    EXPECT_FALSE(finished.at(0).at(0).toBool());
    EXPECT_EQ(dialog.outcomeText(),
              QStringLiteral("The change failed: lab: set policy: Access is denied. (code 5)\nNothing was changed."));
    EXPECT_EQ(child<QLabel>(dialog, "currentPolicy")->text(), QStringLiteral("Fail Over Only (FOO)"));
    EXPECT_TRUE(child<QPushButton>(dialog, "applyButton")->isEnabled()); // it may be tried again
}

TEST(PolicyDialog, DataCoreOwnedDiskPointsToRemedyTwo)
{
    Lab lab;
    ASSERT_TRUE(lab.service);
    lab.read();
    PolicyDialog dialog(*lab.service, lab.keyPath(Lun9));
    int asked = 0;
    dialog.setConfirm([&asked](QWidget *, const QString &, const QString &) {
        ++asked;
        return true;
    });
    auto *refusal = child<QLabel>(dialog, "refusal");
    ASSERT_NE(refusal, nullptr);
    EXPECT_FALSE(refusal->isHidden());
    EXPECT_TRUE(refusal->text().contains(QStringLiteral("remedy 2"))) << refusal->text().toStdString();
    EXPECT_EQ(child<QLabel>(dialog, "mpioDisk")->text(), QStringLiteral("none: not claimed by Windows MPIO"));
    EXPECT_EQ(child<QTreeWidget>(dialog, "pathsTable")->topLevelItemCount(), 2);
    EXPECT_FALSE(child<QComboBox>(dialog, "policyCombo")->isEnabled());
    EXPECT_FALSE(child<QPushButton>(dialog, "applyButton")->isEnabled());
    EXPECT_TRUE(child<QLineEdit>(dialog, "commandLine")->text().isEmpty());
    dialog.apply();
    EXPECT_EQ(asked, 0);
    EXPECT_FALSE(dialog.isRunning());
}

TEST(PolicyDialog, RowThatIsNoDiskSaysSo)
{
    Lab lab;
    ASSERT_TRUE(lab.service);
    lab.read();
    PolicyDialog dialog(*lab.service, QStringLiteral("S1"));
    EXPECT_FALSE(dialog.plan().canChange());
    EXPECT_TRUE(child<QLabel>(dialog, "refusal")->text().contains(QStringLiteral("not in the current reading")));
    EXPECT_FALSE(child<QPushButton>(dialog, "applyButton")->isEnabled());
}

} // namespace
} // namespace pathlens
