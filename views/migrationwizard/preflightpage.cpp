#include "model/migration/migrationrunner.h"
#include "views/migrationwizard/migrationwizard.h"
#include "views/migrationwizard/migrationwizardpages.h"
#include "views/migrationwizard/migrationwords.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QVBoxLayout>

namespace pathlens {

using namespace migrationwords;

namespace {

constexpr char SupportConsequencesId[] = "support-consequences";

} // namespace

PreflightPage::PreflightPage(MigrationWizard &wizard) : m_wizard(wizard)
{
    setTitle(tr("Preflight"));
    setSubTitle(tr("What was checked before anything changes. A blocking item keeps the run from starting; fix "
                   "it and check again."));

    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_summary = plainLabel(this, QStringLiteral("preflightSummary"));
    m_checkAgain = new QPushButton(icon(QStringLiteral("refresh")), tr("&Check Again"), this);
    m_checkAgain->setObjectName(QStringLiteral("checkAgainButton"));
    top->addWidget(m_summary, 1);
    top->addWidget(m_checkAgain, 0, Qt::AlignTop);
    layout->addLayout(top);

    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("preflightBusy"));
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumHeight(12);
    m_busy->hide();
    layout->addWidget(m_busy);

    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("preflightItems"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::StyledPanel);
    m_itemsHost = new QWidget(scroll);
    m_itemsHost->setBackgroundRole(QPalette::Base);
    m_itemsHost->setAutoFillBackground(true);
    m_items = new QGridLayout(m_itemsHost);
    m_items->setHorizontalSpacing(12);
    m_items->setVerticalSpacing(8);
    m_items->setColumnStretch(3, 1);
    scroll->setWidget(m_itemsHost);
    layout->addWidget(scroll, 1);

    m_block = plainLabel(this, QStringLiteral("preflightBlock"));
    m_block->setStyleSheet(QStringLiteral("QLabel { color: #7a1414; background: #fdecea; border: 1px solid #e7a6a1; "
                                          "padding: 6px; }"));
    m_block->hide();
    layout->addWidget(m_block);

    auto *support = new QGroupBox(tr("Support consequences (DataCore FAQ 1302)"), this);
    support->setObjectName(QStringLiteral("supportConsequences"));
    auto *supportLayout = new QVBoxLayout(support);
    m_consequences = plainLabel(support, QStringLiteral("consequencesText"));
    QStringList bullets;
    for (const std::string &line : supportConsequences())
        bullets << QStringLiteral("\u2022 ") + text(line);
    m_consequences->setText(bullets.join(QLatin1Char('\n')));
    supportLayout->addWidget(m_consequences);
    m_acknowledge = new QCheckBox(support);
    m_acknowledge->setObjectName(QStringLiteral("acknowledgeBox"));
    m_acknowledge->setText(tr("I have read these consequences and accept them for this server's back-end."));
    supportLayout->addWidget(m_acknowledge);
    layout->addWidget(support);

    connect(m_acknowledge, &QCheckBox::toggled, this, [this] { Q_EMIT completeChanged(); });
    connect(m_checkAgain, &QPushButton::clicked, this, &PreflightPage::check);
    connect(&m_wizard.runner(), &MigrationRunner::planReady, this, &PreflightPage::onPlanReady);
    connect(&m_wizard.runner(), &MigrationRunner::errorOccurred, this, &PreflightPage::onError);
}

void PreflightPage::initializePage()
{
    m_acknowledge->setChecked(false);
    check();
}

void PreflightPage::check()
{
    if (m_wizard.runner().isBusy())
        return;
    m_checking = true;
    m_ready = false;
    clearItems();
    m_block->hide();
    m_checkAgain->setEnabled(false);
    m_busy->show();
    const MigrationRequest request = m_wizard.request();
    const int index = m_wizard.choosePage()->serverIndex();
    const QString name = index >= 0 ? text(m_wizard.runner().choices()[static_cast<std::size_t>(index)].server.name)
                                    : text(request.server);
    m_summary->setText(tr("Checking %1 and measuring the I/O per path before the change ...").arg(name));
    Q_EMIT completeChanged();
    m_wizard.runner().prepare(request);
}

void PreflightPage::onPlanReady()
{
    if (!m_checking)
        return;
    m_checking = false;
    m_ready = true;
    m_busy->hide();
    m_checkAgain->setEnabled(true);
    showItems();
    Q_EMIT completeChanged();
}

void PreflightPage::onError(const QString &message)
{
    if (!m_checking)
        return;
    m_checking = false;
    m_ready = false;
    m_busy->hide();
    m_checkAgain->setEnabled(true);
    m_summary->setText(tr("The preflight could not run."));
    m_block->setText(tr("Cannot plan the run: %1").arg(message));
    m_block->show();
    Q_EMIT completeChanged();
}

void PreflightPage::clearItems()
{
    m_itemTexts.clear();
    while (QLayoutItem *item = m_items->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

void PreflightPage::showItems()
{
    clearItems();
    const MigrationRun &run = m_wizard.runner().run();
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    int row = 0;
    int passes = 0, warnings = 0;
    QStringList blocks;
    for (const PreflightItem &item : run.preflight) {
        switch (item.status) {
        case PreflightStatus::Pass: ++passes; break;
        case PreflightStatus::Warn: ++warnings; break;
        case PreflightStatus::Block: blocks << text(item.title) + QStringLiteral(": ") + text(item.detail); break;
        }
        // The consequences have their own box with the check box below.
        if (item.id == SupportConsequencesId)
            continue;
        const QString id = text(item.id);
        auto *iconLabel = new QLabel(m_itemsHost);
        iconLabel->setPixmap(preflightStatusIcon(item.status).pixmap(iconSize, iconSize));
        auto *status = plainLabel(m_itemsHost, QStringLiteral("status:") + id);
        status->setWordWrap(false);
        status->setText(preflightStatusText(item.status));
        auto *title = plainLabel(m_itemsHost, QStringLiteral("title:") + id);
        title->setText(text(item.title));
        title->setStyleSheet(QStringLiteral("font-weight: bold;"));
        title->setMinimumWidth(160);
        title->setMaximumWidth(260);
        auto *detail = plainLabel(m_itemsHost, QStringLiteral("detail:") + id);
        detail->setText(text(item.detail));
        if (item.status == PreflightStatus::Block)
            status->setStyleSheet(QStringLiteral("color: #7a1414; font-weight: bold;"));
        m_items->addWidget(iconLabel, row, 0, Qt::AlignTop);
        m_items->addWidget(status, row, 1, Qt::AlignTop);
        m_items->addWidget(title, row, 2, Qt::AlignTop);
        m_items->addWidget(detail, row, 3, Qt::AlignTop);
        m_itemTexts << QStringList{status->text(), title->text(), detail->text()}.join(QLatin1Char('\t'));
        ++row;
    }
    m_items->setRowStretch(row, 1);

    QString summary = tr("%1 (host %2): %3 checks, %4 pass, %5 with a warning, %6 blocking.")
                          .arg(text(run.plan.serverName), text(run.plan.host))
                          .arg(run.preflight.size())
                          .arg(passes)
                          .arg(warnings)
                          .arg(blocks.size());
    summary += QLatin1Char('\n') + tr("Findings about %1 before the change: %2.")
                                       .arg(text(run.plan.serverName))
                                       .arg(run.before.findings.size());
    if (!run.before.note.empty())
        summary += QLatin1Char(' ') + text(run.before.note);
    m_summary->setText(summary);

    if (!blocks.isEmpty()) {
        m_block->setText(tr("The run cannot start while an item blocks it:") + QLatin1Char('\n')
                         + QStringLiteral("\u2022 ") + blocks.join(QStringLiteral("\n\u2022 ")));
        m_block->show();
    } else {
        m_block->hide();
    }
    m_acknowledge->setText(tr("I have read these consequences and accept them for the back-end of %1.")
                               .arg(text(run.plan.serverName)));
}

QStringList PreflightPage::itemTexts() const
{
    return m_itemTexts;
}

bool PreflightPage::isComplete() const
{
    if (!m_ready || m_checking)
        return false;
    const MigrationRun &run = m_wizard.runner().run();
    return !run.blocked() && m_acknowledge->isChecked() && run.state == RunState::Planned;
}

bool PreflightPage::validatePage()
{
    if (!isComplete())
        return false;
    m_wizard.runner().acknowledgeSupportConsequences();
    return m_wizard.runner().run().canStart();
}

} // namespace pathlens
