#include "views/legenddialog.h"

#include "views/icontextbrowser.h"
#include "views/presentation.h"

#include <QDialogButtonBox>
#include <QVBoxLayout>

namespace pathlens {

namespace {

struct Entry {
    const char *icon;
    const char *name;
    const char *meaning;
};

} // namespace

LegendDialog::LegendDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Legend"));
    auto *browser = new IconTextBrowser(this);
    browser->document()->setDocumentMargin(12);
    browser->setHtml(legendHtml(browser->palette()));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(browser);
    layout->addWidget(buttons);
    resize(620, 640);
}

QString LegendDialog::legendHtml(const QPalette &palette)
{
    const QString muted = palette.color(QPalette::PlaceholderText).name();
    auto heading = [&muted](const QString &title) {
        return QStringLiteral("<p style=\"margin-top:14px; margin-bottom:4px; font-size:small; font-weight:600; "
                              "color:%1\">%2</p>")
            .arg(muted, title.toUpper().toHtmlEscaped());
    };
    auto row = [](const QString &icon, const QString &nameHtml, const QString &meaning) {
        return QStringLiteral("<tr><td width=\"28\" valign=\"top\"><img src=\"%1\" width=\"20\" height=\"20\"></td>"
                              "<td width=\"30%\" valign=\"top\">%2</td><td valign=\"top\">%3</td></tr>")
            .arg(IconTextBrowser::iconSource(icon, 20), nameHtml, meaning.toHtmlEscaped());
    };
    const QString table = QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"4\">");

    QString html = QStringLiteral("<p style=\"color:%1\">%2</p>")
                       .arg(muted, tr("Every state has its own shape as well as its colour, so the icons read "
                                      "in grey-scale and for colour-blind eyes.")
                                       .toHtmlEscaped());
    html += heading(tr("Path states (ALUA)")) + table;
    for (PathState state : allPathStates) {
        const QString name = QStringLiteral("<span style=\"color:%1; font-weight:600\">%2</span><br>"
                                            "<span style=\"color:%3\">%4</span>")
                                 .arg(stateColor(state).name(), toQString(toString(state)).toHtmlEscaped(), muted,
                                      toQString(toShortString(state)).toHtmlEscaped());
        html += row(stateIconName(state), name, stateExplanation(state));
    }
    html += QStringLiteral("</table>");

    html += heading(tr("Health (worst finding at or below a row)")) + table;
    for (Severity severity : allSeverities) {
        const QString name = QStringLiteral("<span style=\"color:%1; font-weight:600\">%2</span>")
                                 .arg(severityColor(severity).name(), severityText(severity).toHtmlEscaped());
        html += row(severityIconName(severity), name, severityExplanation(severity));
    }
    html += QStringLiteral("</table>");

    static const Entry ports[] = {
        {"port-fe", QT_TR_NOOP("Front-end (FE)"), QT_TR_NOOP("Target port; hosts connect here.")},
        {"port-mr", QT_TR_NOOP("Mirror (MR)"), QT_TR_NOOP("Initiator and target; mirror traffic between DataCore servers.")},
        {"port-fe-mr", QT_TR_NOOP("Front-end and mirror"), QT_TR_NOOP("Serves hosts and carries mirror traffic.")},
        {"port-be", QT_TR_NOOP("Back-end (BE)"), QT_TR_NOOP("Initiator; the server reaches its back-end arrays here.")},
        {"port-none", QT_TR_NOOP("No role"), QT_TR_NOOP("The port carries no DataCore traffic.")},
        {"port-iscsi", QT_TR_NOOP("iSCSI port"), QT_TR_NOOP("An Ethernet port used for iSCSI; its roles are in the Roles column.")},
        {"port-loopback", QT_TR_NOOP("Loopback"), QT_TR_NOOP("The server's internal port to itself.")},
        {"port-not-present", QT_TR_NOOP("Not present"), QT_TR_NOOP("The hardware vanished (for example after a driver swap); remove the port from the configuration.")},
        {"adapter", QT_TR_NOOP("OS adapter"), QT_TR_NOOP("An HBA or NIC function the OS sees; shown alone when no DataCore port refers to it.")},
    };
    static const Entry objects[] = {
        {"server", QT_TR_NOOP("DataCore Server"), QT_TR_NOOP("One server of the group.")},
        {"disk", QT_TR_NOOP("Back-end disk"), QT_TR_NOOP("A back-end LUN, shown under each port it is reached through.")},
        {"warning", QT_TR_NOOP("Problem"), QT_TR_NOOP("A source could not be read, or something needs attention.")},
    };
    html += heading(tr("Ports")) + table;
    for (const Entry &entry : ports)
        html += row(QLatin1String(entry.icon), QStringLiteral("<b>%1</b>").arg(tr(entry.name).toHtmlEscaped()), tr(entry.meaning));
    html += QStringLiteral("</table>") + heading(tr("Other objects")) + table;
    for (const Entry &entry : objects)
        html += row(QLatin1String(entry.icon), QStringLiteral("<b>%1</b>").arg(tr(entry.name).toHtmlEscaped()), tr(entry.meaning));
    html += QStringLiteral("</table>");
    return html;
}

} // namespace pathlens
