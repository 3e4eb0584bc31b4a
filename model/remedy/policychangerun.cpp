#include "model/remedy/policychangerun.h"

#include "model/health/healthreport.h"
#include "model/inventoryservice.h"

#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace pathlens {

namespace {

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

std::string joined(const std::vector<std::string> &parts)
{
    std::string text;
    for (const std::string &part : parts)
        text += (text.empty() ? "" : "; ") + part;
    return text;
}

} // namespace

std::vector<std::string> PolicyRunResult::lines() const
{
    std::vector<std::string> lines;
    switch (status) {
    case Status::Failed:
        lines.push_back("The change failed: " + (error ? error->toString() : std::string("unknown error")));
        lines.push_back("Nothing was changed.");
        return lines;
    case Status::Lost:
        lines.push_back("The change was made" + (detail.empty() ? std::string() : " (" + detail + ")")
                        + ", but the disk could not be read back: " + readBackProblem);
        if (rebootRequired)
            lines.push_back("Windows asks for a restart of " + host + " before the change takes full effect.");
        return lines;
    case Status::Applied: break;
    }
    if (policyConfirmed) {
        lines.push_back("Done: " + (detail.empty() ? change : detail) + ". The disk now reports "
                        + std::string(toString(policyAfter)) + '.');
    } else {
        lines.push_back("The change was accepted (" + (detail.empty() ? change : detail)
                        + "), but the disk reports " + std::string(toString(policyAfter))
                        + " after it: check the disk's MPIO tab in Device Manager.");
    }
    if (rebootRequired)
        lines.push_back("Windows asks for a restart of " + host + " before the change takes full effect.");
    for (std::string &line : outcome.lines())
        lines.push_back(std::move(line));
    return lines;
}

PolicyChangeRun::PolicyChangeRun(InventoryService &service, PolicyPlan plan, PolicyChoice choice, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_plan(std::move(plan))
    , m_choice(std::move(choice))
    , m_measureTimer(new QTimer(this))
{
    qRegisterMetaType<pathlens::PolicyRunResult>("pathlens::PolicyRunResult");
    m_measureTimer->setSingleShot(true);
    connect(m_measureTimer, &QTimer::timeout, &m_service, &InventoryService::refresh);
}

PolicyChangeRun::~PolicyChangeRun() = default;

void PolicyChangeRun::setMeasureDelay(std::chrono::milliseconds delay)
{
    m_measureDelay = std::max(delay, std::chrono::milliseconds(0));
}

void PolicyChangeRun::start()
{
    if (m_stage != Stage::Idle)
        return;
    m_result.change = describeChange(m_plan, m_choice);
    m_result.command = mpclaimCommand(m_plan, m_choice);
    m_result.host = m_plan.host;

    const PolicyCheck check = checkChoice(m_plan, m_choice);
    if (!check.ok()) {
        m_result.status = PolicyRunResult::Status::Failed;
        m_result.error = Error{"set load-balance policy", check.error, 0};
        m_stage = Stage::Changing;
        // Callers connect before start(); the answer still comes from the event loop, as a real one would.
        QMetaObject::invokeMethod(this, &PolicyChangeRun::finish, Qt::QueuedConnection);
        return;
    }

    if (const SnapshotPtr last = m_service.lastSnapshot(); last && last->health)
        m_before = findingsAbout(*last->health, m_plan.target);

    connect(&m_service, &InventoryService::refreshStarted, this, &PolicyChangeRun::onRefreshStarted);
    connect(&m_service, &InventoryService::refreshFinished, this, &PolicyChangeRun::onRefreshFinished);
    connect(&m_service, &InventoryService::backendChanged, this, &PolicyChangeRun::onBackendChanged);

    setStage(Stage::Changing, tr("Setting %1 on %2…").arg(fromStd(std::string(toString(m_choice.policy))),
                                                          fromStd(m_plan.title())));
    QPointer<PolicyChangeRun> self(this);
    m_service.submitChange(policyChangeFunction(m_plan, m_choice), [self](const ChangeResult &result) {
        if (self)
            self->onChangeDone(result);
    });
}

void PolicyChangeRun::onChangeDone(const ChangeResult &result)
{
    if (m_stage != Stage::Changing)
        return;
    if (!result) {
        m_result.status = PolicyRunResult::Status::Failed;
        m_result.error = result.error();
        finish();
        return;
    }
    m_result.detail = result->detail;
    m_result.rebootRequired = result->rebootRequired;
    // The service starts its reading right after this callback (or queues it
    // behind one already running): every reading that starts from now on is
    // taken after the change.
    setStage(Stage::Reading, tr("Reading %1 again…").arg(fromStd(m_plan.serverName)));
}

void PolicyChangeRun::onRefreshStarted()
{
    if (m_stage != Stage::Reading && m_stage != Stage::Measuring)
        return;
    m_measureTimer->stop(); // a reading started anyway (auto refresh): it serves
    ++m_readingsRunning;
}

void PolicyChangeRun::onRefreshFinished(const SnapshotPtr &snapshot)
{
    if (m_readingsRunning == 0)
        return; // a reading that started before the change
    --m_readingsRunning;
    ++m_readingsDone;
    if (!snapshot) {
        m_result.status = PolicyRunResult::Status::Lost;
        m_result.readBackProblem = "the reading after the change returned nothing";
        finish();
        return;
    }

    if (m_readingsDone == 1) {
        // The first reading's counter interval began before the change, so it
        // cannot tell whether I/O moved. Wait for one that measures after it,
        // when a finding depends on that and the change is in effect.
        const bool ioFindingBefore = std::any_of(m_before.begin(), m_before.end(), [](const Finding &finding) {
            return judgedByMeasuredIo(finding.rule);
        });
        const PolicyPlan after = planPolicyChange(*snapshot, {m_plan.target.serverKey, std::string(AnyPortKey),
                                                              m_plan.target.diskKey});
        if (ioFindingBefore && !m_result.rebootRequired && after.found && snapshot->health) {
            const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(m_measureDelay).count();
            setStage(Stage::Measuring, tr("Measuring I/O after the change (next reading in %n s)…", nullptr,
                                          int(seconds)));
            m_measureTimer->start(m_measureDelay);
            return;
        }
        readBack(*snapshot, false);
        finish();
        return;
    }
    readBack(*snapshot, snapshot->health && snapshot->health->ioMeasured);
    finish();
}

void PolicyChangeRun::readBack(const InventorySnapshot &snapshot, bool measuredSinceChange)
{
    const PolicyPlan after
        = planPolicyChange(snapshot, {m_plan.target.serverKey, std::string(AnyPortKey), m_plan.target.diskKey});
    if (!after.found) {
        m_result.status = PolicyRunResult::Status::Lost;
        m_result.readBackProblem = m_plan.title() + " is not in the reading after the change";
        if (!snapshot.problems.empty())
            m_result.readBackProblem += " (" + joined(snapshot.problems) + ')';
        return;
    }
    m_result.status = PolicyRunResult::Status::Applied;
    m_result.policyAfter = after.current;
    m_result.policyConfirmed = after.current == m_choice.policy;
    if (m_choice.policy == LoadBalancePolicy::FailOverOnly && m_choice.preferredPath) {
        const PolicyPath *preferred = after.path(*m_choice.preferredPath);
        m_result.policyConfirmed = m_result.policyConfirmed && preferred && preferred->entry.preferred;
    }
    const std::vector<Finding> findingsAfter
        = snapshot.health ? findingsAbout(*snapshot.health, m_plan.target) : std::vector<Finding>{};
    m_result.outcome = compareFindings(m_plan.diskName, m_before, findingsAfter, measuredSinceChange);
}

void PolicyChangeRun::onBackendChanged()
{
    if (m_stage == Stage::Finished || m_stage == Stage::Idle)
        return;
    m_result.status = PolicyRunResult::Status::Lost;
    m_result.readBackProblem = "another source was opened before the change could be read back";
    finish();
}

void PolicyChangeRun::setStage(Stage stage, const QString &text)
{
    m_stage = stage;
    Q_EMIT stageChanged(stage, text);
}

void PolicyChangeRun::finish()
{
    if (m_stage == Stage::Finished)
        return;
    m_measureTimer->stop();
    disconnect(&m_service, nullptr, this, nullptr);
    setStage(Stage::Finished, tr("Finished"));
    Q_EMIT finished(m_result);
}

} // namespace pathlens
