#include "views/problemsbanner.h"

#include "views/presentation.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QToolButton>
#include <QVBoxLayout>

namespace pathlens {

namespace {

// A few lines are enough to see what is wrong; the rest is one click away.
constexpr int collapsedLines = 3;

} // namespace

ProblemsBanner::ProblemsBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_list(new QLabel(this))
    , m_toggle(new QToolButton(this))
{
    setObjectName(QStringLiteral("problemsBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);

    m_icon->setPixmap(QPixmap::fromImage(renderIcon(QStringLiteral("warning"), 16, devicePixelRatioF())));
    m_icon->setAlignment(Qt::AlignTop);
    for (QLabel *label : {m_summary, m_list}) {
        label->setTextFormat(Qt::PlainText);
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    QFont bold = m_summary->font();
    bold.setWeight(QFont::DemiBold);
    m_summary->setFont(bold);
    m_toggle->setAutoRaise(true);
    m_toggle->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(m_toggle, &QToolButton::clicked, this, [this] {
        m_expanded = !m_expanded;
        updateText();
    });

    auto *text = new QVBoxLayout;
    text->setSpacing(2);
    text->addWidget(m_summary);
    text->addWidget(m_list);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 6, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addLayout(text, 1);
    layout->addWidget(m_toggle, 0, Qt::AlignTop);

    updateColours();
    setVisible(false);
}

void ProblemsBanner::setProblems(const QStringList &problems)
{
    if (problems == m_problems)
        return;
    m_problems = problems;
    updateText();
    setVisible(!m_problems.isEmpty());
}

QString ProblemsBanner::text() const
{
    if (m_list->text().isEmpty())
        return m_summary->text();
    return m_summary->text() + QLatin1Char('\n') + m_list->text();
}

void ProblemsBanner::updateText()
{
    const qsizetype count = m_problems.size();
    m_summary->setText(count == 1 ? tr("1 problem while reading the sources")
                                  : tr("%1 problems while reading the sources").arg(count));
    QStringList lines;
    const qsizetype shown = m_expanded ? count : qMin<qsizetype>(count, collapsedLines);
    for (qsizetype i = 0; i < shown; ++i)
        lines << QStringLiteral("• ") + m_problems.at(i);
    m_list->setText(lines.join(QLatin1Char('\n')));
    m_toggle->setVisible(count > collapsedLines);
    m_toggle->setText(m_expanded ? tr("Show fewer") : tr("Show all %1").arg(count));
}

void ProblemsBanner::updateColours()
{
    // A tint of amber over the window colour keeps the strip readable in dark themes too.
    QPalette pal = palette();
    const QColor window = pal.color(QPalette::Window);
    const QColor amber(0xf2, 0xb2, 0x1b);
    const qreal mix = window.lightnessF() > 0.5 ? 0.22 : 0.30;
    pal.setColor(QPalette::Window, QColor::fromRgbF(float(window.redF() + (amber.redF() - window.redF()) * mix),
                                                    float(window.greenF() + (amber.greenF() - window.greenF()) * mix),
                                                    float(window.blueF() + (amber.blueF() - window.blueF()) * mix)));
    setPalette(pal);
}

void ProblemsBanner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::ApplicationPaletteChange)
        updateColours();
}

} // namespace pathlens
