#include "views/detailspane.h"

#include "model/inventorytreemodel.h"
#include "views/icontextbrowser.h"
#include "views/pathdiagramwidget.h"
#include "views/presentation.h"

#include <QDateTime>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QSet>
#include <QTimeZone>
#include <QUrl>
#include <QVBoxLayout>

#include <chrono>
#include <map>

namespace pathlens {

namespace {

using NodeKind = InventoryTreeModel::NodeKind;

QString esc(const QString &text) { return text.toHtmlEscaped(); }
QString esc(const std::string &text) { return toQString(text).toHtmlEscaped(); }

QColor blend(const QColor &a, const QColor &b, qreal amount)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * amount),
                            float(a.greenF() + (b.greenF() - a.greenF()) * amount),
                            float(a.blueF() + (b.blueF() - a.blueF()) * amount));
}

QString yesNo(bool value) { return value ? DetailsPane::tr("Yes") : DetailsPane::tr("No"); }

QString formatTime(std::chrono::system_clock::time_point taken)
{
    if (taken == std::chrono::system_clock::time_point{})
        return {};
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(taken.time_since_epoch()).count();
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat);
}

QString sizeText(std::uint64_t bytes)
{
    const QLocale locale;
    return DetailsPane::tr("%1 (%2 bytes)")
        .arg(locale.formattedDataSize(qint64(bytes), 2, QLocale::DataSizeIecFormat),
             locale.toString(qulonglong(bytes)));
}

using StateCounts = std::map<PathState, int>;

void countPaths(const DiskEntry &disk, StateCounts &counts)
{
    for (const PathEntry &path : disk.paths)
        ++counts[path.state];
}

int total(const StateCounts &counts)
{
    int sum = 0;
    for (const auto &entry : counts)
        sum += entry.second;
    return sum;
}

/// The rows above (and including) one tree row, read from the model.
struct Context {
    const ServerEntry *server = nullptr;
    const PortEntry *port = nullptr;
    const DiskEntry *disk = nullptr;
    const PathEntry *path = nullptr;
    QModelIndex serverIndex, portIndex, diskIndex, pathIndex;
    std::optional<NodeKind> kind;
};

Context contextFor(const InventoryTreeModel &model, const QModelIndex &index)
{
    Context ctx;
    for (QModelIndex row = index.siblingAtColumn(0); row.isValid(); row = row.parent()) {
        const auto ref = model.nodeAt(row);
        if (!ref)
            continue;
        if (!ctx.kind)
            ctx.kind = ref->kind;
        if (!ctx.server && ref->server)
            ctx.server = ref->server;
        switch (ref->kind) {
        case NodeKind::Server: ctx.serverIndex = row; break;
        case NodeKind::Port: ctx.port = ref->port; ctx.portIndex = row; break;
        case NodeKind::Disk: ctx.disk = ref->disk; ctx.diskIndex = row; break;
        case NodeKind::Path: ctx.path = ref->path; ctx.pathIndex = row; break;
        }
    }
    return ctx;
}

/// Builds one page. Every value from the data goes through esc(); only the
/// fixed labels and markup here are raw HTML.
class Page final
{
public:
    Page(const QPalette &palette, QList<QPersistentModelIndex> &links)
        : m_links(links)
        , m_text(palette.color(QPalette::Text))
        , m_base(palette.color(QPalette::Base))
        , m_muted(blend(m_text, m_base, 0.45))
        , m_stripe(blend(m_base, m_text, 0.045))
    {
    }

    void header(const QString &icon, const QString &title, const QString &subtitle)
    {
        m_html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"0\"><tr>"
                                 "<td width=\"34\" valign=\"middle\"><img src=\"%1\" width=\"24\" height=\"24\"></td>"
                                 "<td valign=\"middle\"><span style=\"font-size:large; font-weight:600\">%2</span>"
                                 "<br><span style=\"color:%3\">%4</span></td></tr></table>")
                      .arg(IconTextBrowser::iconSource(icon, 24), esc(title), m_muted.name(), esc(subtitle));
    }

    void section(const QString &title)
    {
        closeTable();
        m_html += QStringLiteral("<p style=\"margin-top:14px; margin-bottom:4px; font-size:small; "
                                 "font-weight:600; color:%1\">%2</p>")
                      .arg(m_muted.name(), esc(title.toUpper()));
    }

    void row(const QString &label, const QString &value) { rowHtml(label, value.isEmpty() ? missing() : esc(value)); }
    void row(const QString &label, const std::string &value) { row(label, toQString(value)); }

    void rowHtml(const QString &label, const QString &html)
    {
        if (!m_inTable) {
            m_html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"2\">");
            m_inTable = true;
        }
        m_html += QStringLiteral("<tr><td width=\"36%\" valign=\"top\" style=\"color:%1\">%2</td>"
                                 "<td valign=\"top\">%3</td></tr>")
                      .arg(m_muted.name(), esc(label), html);
    }

    /// A tinted box for an explanation that matters (state meaning, warnings).
    void callout(const QColor &accent, const QString &icon, const QString &html)
    {
        closeTable();
        const QString iconCell = icon.isEmpty()
            ? QString()
            : QStringLiteral("<td width=\"22\" valign=\"top\"><img src=\"%1\" width=\"16\" height=\"16\"></td>")
                  .arg(IconTextBrowser::iconSource(icon));
        m_html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"6\" style=\"margin-top:8px\" "
                                 "bgcolor=\"%1\"><tr>%2<td valign=\"top\">%3</td></tr></table>")
                      .arg(blend(m_base, accent, 0.13).name(), iconCell, html);
    }

    void paragraph(const QString &html, bool muted = false)
    {
        closeTable();
        m_html += muted ? QStringLiteral("<p style=\"color:%1\">%2</p>").arg(m_muted.name(), html)
                        : QStringLiteral("<p>%1</p>").arg(html);
    }

    /// A dense table; cells are HTML (callers escape data).
    void grid(const QStringList &headings, const QList<QStringList> &rows)
    {
        closeTable();
        QString html = QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\"><tr>");
        for (const QString &heading : headings)
            html += QStringLiteral("<td style=\"color:%1; font-size:small; font-weight:600\">%2</td>")
                        .arg(m_muted.name(), esc(heading));
        html += QStringLiteral("</tr>");
        for (qsizetype i = 0; i < rows.size(); ++i) {
            html += (i % 2 == 0) ? QStringLiteral("<tr bgcolor=\"%1\">").arg(m_stripe.name()) : QStringLiteral("<tr>");
            for (const QString &cell : rows.at(i))
                html += QStringLiteral("<td valign=\"top\">%1</td>").arg(cell);
            html += QStringLiteral("</tr>");
        }
        m_html += html + QStringLiteral("</table>");
    }

    QString missing() const
    {
        return QStringLiteral("<span style=\"color:%1\"><i>%2</i></span>").arg(m_muted.name(), DetailsPane::tr("not reported"));
    }

    QString muted(const QString &plain) const
    {
        return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(m_muted.name(), esc(plain));
    }

    QString icon(const QString &name) const
    {
        return QStringLiteral("<img src=\"%1\" width=\"16\" height=\"16\">").arg(IconTextBrowser::iconSource(name));
    }

    QString state(PathState state, bool shortForm = false) const
    {
        const QString name = toQString(shortForm ? toShortString(state) : toString(state));
        return QStringLiteral("%1&nbsp;<span style=\"color:%2; font-weight:600\">%3</span>")
            .arg(icon(stateIconName(state)), stateColor(state).name(), esc(name));
    }

    QString stateCounts(const StateCounts &counts) const
    {
        QStringList parts;
        for (PathState s : allPathStates) {
            const auto it = counts.find(s);
            if (it != counts.end() && it->second > 0)
                parts << QStringLiteral("%1&nbsp;%2&nbsp;%3")
                             .arg(icon(stateIconName(s)), QString::number(it->second), esc(toQString(toString(s))));
        }
        return parts.isEmpty() ? muted(DetailsPane::tr("no paths")) : parts.join(QStringLiteral("<br>"));
    }

    /// A link to another tree row; the text is plain and escaped here.
    QString link(const QModelIndex &target, const QString &text)
    {
        if (!target.isValid())
            return esc(text);
        m_links.append(QPersistentModelIndex(target));
        return QStringLiteral("<a href=\"row:%1\">%2</a>").arg(m_links.size() - 1).arg(esc(text));
    }

    QString finish()
    {
        closeTable();
        return m_html;
    }

private:
    void closeTable()
    {
        if (m_inTable)
            m_html += QStringLiteral("</table>");
        m_inTable = false;
    }

    QList<QPersistentModelIndex> &m_links;
    QString m_html;
    bool m_inTable = false;
    QColor m_text, m_base, m_muted, m_stripe;
};

QColor serverStateColor(const std::string &state)
{
    const QString text = toQString(state).toLower();
    if (text.contains(QLatin1String("online")) || text.contains(QLatin1String("running")))
        return stateColor(PathState::ActiveOptimized);
    if (text.contains(QLatin1String("offline")) || text.contains(QLatin1String("stop"))
        || text.contains(QLatin1String("fail")))
        return stateColor(PathState::Failed);
    return {};
}

QString problemList(const Page &page, const QStringList &problems)
{
    if (problems.isEmpty())
        return page.muted(DetailsPane::tr("None"));
    QStringList items;
    for (const QString &problem : problems)
        items << esc(problem);
    return items.join(QStringLiteral("<br>"));
}

QStringList serverProblems(const ServerEntry &server)
{
    QStringList out;
    for (const std::string &problem : server.problems)
        out << toQString(problem);
    return out;
}

void renderOverview(Page &page, SnapshotPtr snapshot)
{
    // The model starts from an empty snapshot that was never taken.
    if (snapshot && snapshot->taken == std::chrono::system_clock::time_point{} && snapshot->servers.empty()
        && snapshot->backendDescription.empty())
        snapshot.reset();
    page.header(QStringLiteral("app"), DetailsPane::tr("Server group"),
                snapshot ? toQString(snapshot->backendDescription) : DetailsPane::tr("Not read yet"));
    if (!snapshot) {
        page.paragraph(DetailsPane::tr("The sources have not been read yet."), true);
        return;
    }

    StateCounts counts;
    QStringList problems;
    for (const std::string &problem : snapshot->problems)
        problems << toQString(problem);
    for (const ServerEntry &server : snapshot->servers) {
        for (const std::string &problem : server.problems)
            problems << QStringLiteral("%1: %2").arg(toQString(server.server.name.empty() ? server.key : server.server.name),
                                                     toQString(problem));
        for (const PortEntry &port : server.ports)
            for (const DiskEntry &disk : port.disks)
                countPaths(disk, counts);
    }

    page.section(DetailsPane::tr("Source"));
    page.row(DetailsPane::tr("Backend"), snapshot->backendDescription);
    page.row(DetailsPane::tr("Read at"), formatTime(snapshot->taken));

    page.section(DetailsPane::tr("Inventory"));
    page.row(DetailsPane::tr("Servers"), QString::number(snapshot->servers.size()));
    page.row(DetailsPane::tr("Ports"), QString::number(snapshot->portCount()));
    page.row(DetailsPane::tr("Back-end disks"), QString::number(snapshot->backEndDiskCount()));
    page.row(DetailsPane::tr("Paths"), QString::number(snapshot->pathCount()));
    page.rowHtml(DetailsPane::tr("Paths by state"), page.stateCounts(counts));

    page.section(DetailsPane::tr("Problems"));
    page.rowHtml(DetailsPane::tr("Reading the sources"), problemList(page, problems));

    page.paragraph(DetailsPane::tr("Select a server, port, disk or path in the tree to see its details."), true);
}

void renderServer(Page &page, const InventoryTreeModel &model, const Context &ctx)
{
    const ServerEntry &entry = *ctx.server;
    const DataCoreServer &server = entry.server;
    page.header(QStringLiteral("server"), toQString(server.name.empty() ? entry.key : server.name),
                DetailsPane::tr("DataCore Server") + (server.state.empty() ? QString() : QStringLiteral(" · %1").arg(toQString(server.state))));

    page.section(DetailsPane::tr("Server"));
    page.row(DetailsPane::tr("Name"), server.name);
    page.row(DetailsPane::tr("Host name"), server.hostName);
    const QColor stateCol = serverStateColor(server.state);
    if (server.state.empty() || !stateCol.isValid())
        page.row(DetailsPane::tr("State"), server.state);
    else
        page.rowHtml(DetailsPane::tr("State"), QStringLiteral("<span style=\"color:%1; font-weight:600\">%2</span>")
                                                   .arg(stateCol.name(), esc(server.state)));
    page.row(DetailsPane::tr("Version"), server.version);
    page.row(DetailsPane::tr("Server id"), server.id);
    page.row(DetailsPane::tr("Server group id"), server.groupId);

    int fe = 0, mr = 0, be = 0, notPresent = 0, diskEntries = 0;
    QSet<QString> diskKeys;
    StateCounts counts;
    for (const PortEntry &port : entry.ports) {
        const RoleFlags roles = port.roles();
        fe += (roles & RoleFrontEnd) ? 1 : 0;
        mr += (roles & RoleMirror) ? 1 : 0;
        be += (roles & RoleBackEnd) ? 1 : 0;
        if (port.port && port.port->presence == Presence::NotPresent)
            ++notPresent;
        for (const DiskEntry &disk : port.disks) {
            ++diskEntries;
            diskKeys.insert(toQString(disk.key));
            countPaths(disk, counts);
        }
    }

    page.section(DetailsPane::tr("Inventory"));
    QString ports = DetailsPane::tr("%1 (FE %2, MR %3, BE %4)").arg(entry.ports.size()).arg(fe).arg(mr).arg(be);
    if (notPresent > 0)
        ports += DetailsPane::tr("; %1 not present").arg(notPresent);
    page.row(DetailsPane::tr("Ports"), ports);
    page.row(DetailsPane::tr("Back-end disks"),
             diskEntries == diskKeys.size() ? QString::number(diskKeys.size())
                                            : DetailsPane::tr("%1 (%2 entries, one per port a disk is reached through)")
                                                  .arg(diskKeys.size())
                                                  .arg(diskEntries));
    page.row(DetailsPane::tr("Paths"), QString::number(total(counts)));
    page.rowHtml(DetailsPane::tr("Paths by state"), page.stateCounts(counts));

    page.section(DetailsPane::tr("Problems"));
    page.rowHtml(DetailsPane::tr("Reading this host"), problemList(page, serverProblems(entry)));

    // The port table follows the tree's rows, so its links select exactly those rows.
    QList<QStringList> rows;
    const int portRows = model.rowCount(ctx.serverIndex);
    for (int i = 0; i < portRows; ++i) {
        const QModelIndex child = model.index(i, 0, ctx.serverIndex);
        const auto ref = model.nodeAt(child);
        if (!ref || !ref->port)
            continue;
        const PortEntry &port = *ref->port;
        const auto pci = port.pci();
        rows << QStringList{
            page.icon(portIconName(port)) + QStringLiteral("&nbsp;") + page.link(child, toQString(port.displayName())),
            esc(toQString(rolesToString(port.roles()))),
            port.port ? esc(portTypeText(port.port->type)) : page.muted(DetailsPane::tr("adapter")),
            pci ? esc(toQString(pci->toString())) : page.muted(QStringLiteral("—")),
            esc(joinStatusText(port.join)),
        };
    }
    if (!rows.isEmpty()) {
        page.section(DetailsPane::tr("Ports"));
        page.grid({DetailsPane::tr("Port"), DetailsPane::tr("Roles"), DetailsPane::tr("Type"), DetailsPane::tr("PCI"),
                   DetailsPane::tr("Join")},
                  rows);
    }
}

void renderPort(Page &page, const InventoryTreeModel &model, const Context &ctx)
{
    const PortEntry &entry = *ctx.port;
    if (entry.isUnmatchedPaths()) {
        page.header(portIconName(entry), toQString(entry.displayName()), DetailsPane::tr("Paths without a port"));
        page.callout(stateColor(PathState::ActiveUnoptimized), QStringLiteral("warning"),
                     esc(DetailsPane::tr("These paths leave from a PCI location that neither a DataCore port nor "
                                         "an OS adapter of this host has, so they cannot be shown under a port.")));
    }
    QString subtitle = entry.port ? DetailsPane::tr("Port") : DetailsPane::tr("OS adapter without a DataCore port");
    if (entry.port) {
        const QString roles = toQString(rolesToString(entry.port->roles));
        if (!roles.isEmpty())
            subtitle += QStringLiteral(" · ") + roles;
        subtitle += QStringLiteral(" · ") + portTypeText(entry.port->type);
        if (ctx.server)
            subtitle += DetailsPane::tr(" · on %1").arg(toQString(ctx.server->server.name.empty() ? ctx.server->key
                                                                                                   : ctx.server->server.name));
    }
    if (!entry.isUnmatchedPaths())
        page.header(portIconName(entry), toQString(entry.displayName()), subtitle);

    if (entry.port) {
        const DataCorePort &port = *entry.port;
        if (port.presence == Presence::NotPresent)
            page.callout(stateColor(PathState::ActiveUnoptimized), QStringLiteral("warning"),
                         esc(DetailsPane::tr("Not present: the port's hardware vanished, as it does when a driver "
                                             "swap hands the HBA to the vendor's driver. Remove it from the "
                                             "DataCore configuration after a driver swap.")));

        page.section(DetailsPane::tr("DataCore port"));
        page.row(DetailsPane::tr("Alias"), port.alias);
        page.rowHtml(DetailsPane::tr("Roles"), esc(rolesSpelledOut(port.roles)) + QStringLiteral("<br>")
                                                   + page.muted(rolesExplanation(port.roles)));
        page.row(DetailsPane::tr("SCSI mode"), portModeText(port.mode));
        page.row(DetailsPane::tr("Type"), portTypeText(port.type));
        page.row(DetailsPane::tr("Presence"), toQString(toString(port.presence)));
        page.row(DetailsPane::tr("Connected"), yesNo(port.connected));
        const QString nameLabel = port.type == PortType::FibreChannel ? DetailsPane::tr("WWPN")
            : port.type == PortType::iSCSI                            ? DetailsPane::tr("IQN")
                                                                      : DetailsPane::tr("Port name");
        page.row(nameLabel, port.portName);
        page.row(DetailsPane::tr("PCI location"), port.pci ? pciText(*port.pci) : QString());
        page.row(DetailsPane::tr("DataCore driver"), port.driverName);
        page.row(DetailsPane::tr("Port id"), port.id);
    }

    if (!entry.isUnmatchedPaths())
        page.section(DetailsPane::tr("OS adapter"));
    if (entry.isUnmatchedPaths()) {
        // Nothing joined, so there is no adapter and no join to describe.
    } else if (entry.adapter) {
        const Adapter &adapter = *entry.adapter;
        page.row(DetailsPane::tr("Description"), adapter.description);
        page.row(DetailsPane::tr("Device class"), toQString(toString(adapter.deviceClass)));
        page.row(DetailsPane::tr("Instance id"), adapter.instanceId);
        page.row(DetailsPane::tr("PCI location"), adapter.pci ? pciText(*adapter.pci) : QString());
        page.row(DetailsPane::tr("Location"), adapter.locationText);
        QStringList ids;
        for (const std::string &id : adapter.hardwareIds)
            ids << esc(id);
        page.rowHtml(DetailsPane::tr("Hardware ids"), ids.isEmpty() ? page.missing() : ids.join(QStringLiteral("<br>")));
        page.row(DetailsPane::tr("Driver"), adapter.driver.description);
        page.row(DetailsPane::tr("Driver provider"), adapter.driver.provider);
        page.row(DetailsPane::tr("Driver version"), adapter.driver.version);
        page.row(DetailsPane::tr("Driver date"), adapter.driver.date);
        page.row(DetailsPane::tr("INF"), adapter.driver.infName);
        page.row(DetailsPane::tr("Service"), adapter.driver.service);
        page.row(DetailsPane::tr("Backup driver for rollback"),
                 adapter.rollbackAvailable ? yesNo(*adapter.rollbackAvailable)
                                           : DetailsPane::tr("Not known before a rollback is tried (Windows "
                                                             "does not say)"));
    } else {
        page.paragraph(page.muted(DetailsPane::tr("No OS adapter is joined to this port.")));
    }

    if (!entry.isUnmatchedPaths()) {
        page.section(DetailsPane::tr("Join"));
        page.rowHtml(DetailsPane::tr("Status"), QStringLiteral("<b>%1</b><br>%2")
                                                .arg(esc(joinStatusText(entry.join)),
                                                     page.muted(joinStatusExplanation(entry.join))));
        if (!entry.joinNote.empty())
            page.row(DetailsPane::tr("Note"), entry.joinNote);
    }

    QList<QStringList> rows;
    const int diskRows = model.rowCount(ctx.portIndex);
    for (int i = 0; i < diskRows; ++i) {
        const QModelIndex child = model.index(i, 0, ctx.portIndex);
        const auto ref = model.nodeAt(child);
        if (!ref || !ref->disk)
            continue;
        const DiskEntry &disk = *ref->disk;
        // One icon per path: the mix of states reads at a glance.
        QString states;
        for (const PathEntry &path : disk.paths)
            states += page.icon(stateIconName(path.state));
        rows << QStringList{
            page.icon(QStringLiteral("disk")) + QStringLiteral("&nbsp;") + page.link(child, toQString(disk.caption.empty() ? disk.key : disk.caption)),
            esc(ownerText(disk.owner)),
            QString::number(disk.paths.size()),
            states.isEmpty() ? page.muted(QStringLiteral("—")) : states,
            disk.owner == PathOwner::Mpio ? esc(toQString(toShortString(disk.policy))) : page.muted(QStringLiteral("—")),
        };
    }
    if (!rows.isEmpty()) {
        page.section(DetailsPane::tr("Back-end disks through this port"));
        page.grid({DetailsPane::tr("Disk"), DetailsPane::tr("Owner"), DetailsPane::tr("Paths"), DetailsPane::tr("States"),
                   DetailsPane::tr("Policy")},
                  rows);
    }
}

void renderDisk(Page &page, const InventoryTreeModel &model, const Context &ctx)
{
    const DiskEntry &disk = *ctx.disk;
    QString subtitle = DetailsPane::tr("Back-end disk");
    if (disk.mpioDisk)
        subtitle += DetailsPane::tr(" · MPIO Disk%1").arg(*disk.mpioDisk);
    subtitle += QStringLiteral(" · ") + ownerText(disk.owner);
    page.header(QStringLiteral("disk"), toQString(disk.caption.empty() ? disk.key : disk.caption), subtitle);

    page.section(DetailsPane::tr("Disk"));
    page.row(DetailsPane::tr("Caption"), disk.caption);
    page.row(DetailsPane::tr("Serial / NAA id"), disk.serial);
    QString product = toQString(disk.vendor).trimmed();
    if (!disk.product.empty())
        product += (product.isEmpty() ? QString() : QStringLiteral(" ")) + toQString(disk.product).trimmed();
    page.row(DetailsPane::tr("Vendor / product"), product);
    page.row(DetailsPane::tr("Size"), disk.sizeBytes > 0 ? sizeText(disk.sizeBytes) : QString());
    page.row(DetailsPane::tr("Pool"), disk.poolName.empty() ? DetailsPane::tr("Not in a pool") : toQString(disk.poolName));

    page.section(DetailsPane::tr("Multipathing"));
    page.rowHtml(DetailsPane::tr("Owner"), QStringLiteral("<b>%1</b><br>%2")
                                               .arg(esc(ownerText(disk.owner)), page.muted(ownerExplanation(disk.owner))));
    // MPIO fields do not apply while the DataCore driver owns the disk; "not reported" would mislead.
    if (disk.owner == PathOwner::Mpio || disk.mpioDisk) {
        page.row(DetailsPane::tr("MPIO disk"), disk.mpioDisk ? DetailsPane::tr("MPIO Disk%1").arg(*disk.mpioDisk) : QString());
        page.row(DetailsPane::tr("System disk"), disk.systemDisk);
        page.row(DetailsPane::tr("DSM"), disk.dsm);
        page.rowHtml(DetailsPane::tr("Load-balance policy"), QStringLiteral("%1<br>%2")
                                                                 .arg(esc(policyText(disk.policy)),
                                                                      page.muted(policyExplanation(disk.policy))));
        page.row(DetailsPane::tr("ALUA support (MPIO)"), toQString(toString(disk.alua)));
    }
    page.row(DetailsPane::tr("ALUA capable (inquiry)"), yesNo(disk.aluaCapable));

    StateCounts counts;
    countPaths(disk, counts);
    page.section(DetailsPane::tr("Paths"));
    page.row(DetailsPane::tr("Through this port"), QString::number(disk.paths.size()));
    page.row(DetailsPane::tr("Through all ports"), disk.totalPaths > 0 ? QString::number(disk.totalPaths) : QString());
    page.rowHtml(DetailsPane::tr("By state"), page.stateCounts(counts));

    const bool anyKnown = std::any_of(disk.paths.begin(), disk.paths.end(),
                                      [](const PathEntry &p) { return p.state != PathState::Unknown; });
    const bool anyOptimized = counts[PathState::ActiveOptimized] > 0;
    if (!disk.paths.empty() && anyKnown && !anyOptimized)
        page.callout(stateColor(PathState::ActiveUnoptimized), QStringLiteral("warning"),
                     esc(DetailsPane::tr("None of the paths through this port is Active/Optimized.")));

    // MPIO paths have ids, preference and weight; DataCore driver paths are
    // known by SCSI address and whether the driver uses them.
    const bool mpio = disk.owner == PathOwner::Mpio;
    QList<QStringList> rows;
    const int pathRows = model.rowCount(ctx.diskIndex);
    for (int i = 0; i < pathRows; ++i) {
        const QModelIndex child = model.index(i, 0, ctx.diskIndex);
        const auto ref = model.nodeAt(child);
        if (!ref || !ref->path)
            continue;
        const PathEntry &path = *ref->path;
        const QString scsi = toQString(path.scsi.toString());
        const QString tpg = path.tpgId ? QString::number(*path.tpgId) : page.muted(QStringLiteral("—"));
        if (mpio)
            rows << QStringList{page.link(child, path.pathId ? toQString(formatPathId(*path.pathId)) : scsi),
                                page.state(path.state, true), tpg, esc(yesNo(path.preferred)),
                                QString::number(path.weight), esc(scsi)};
        else
            rows << QStringList{page.link(child, scsi), page.state(path.state, true), tpg, esc(yesNo(path.inUse))};
    }
    if (!rows.isEmpty() && mpio)
        page.grid({DetailsPane::tr("Path id"), DetailsPane::tr("State"), DetailsPane::tr("TPG"),
                   DetailsPane::tr("Preferred"), DetailsPane::tr("Weight"), DetailsPane::tr("SCSI address")},
                  rows);
    else if (!rows.isEmpty())
        page.grid({DetailsPane::tr("SCSI address"), DetailsPane::tr("State"), DetailsPane::tr("TPG"),
                   DetailsPane::tr("In use")},
                  rows);
}

void renderPath(Page &page, const Context &ctx)
{
    const PathEntry &path = *ctx.path;
    const QString id = path.pathId ? toQString(formatPathId(*path.pathId)) : QString();
    const QString title = id.isEmpty() ? DetailsPane::tr("Path %1").arg(toQString(path.scsi.toString()))
                                       : DetailsPane::tr("Path %1").arg(id);
    QString subtitle = toQString(toString(path.state));
    if (ctx.disk)
        subtitle += DetailsPane::tr(" · to %1").arg(toQString(ctx.disk->caption.empty() ? ctx.disk->key : ctx.disk->caption));
    page.header(stateIconName(path.state), title, subtitle);

    page.callout(stateColor(path.state), stateIconName(path.state),
                 QStringLiteral("<span style=\"color:%1; font-weight:600\">%2</span><br>%3")
                     .arg(stateColor(path.state).name(), esc(toQString(toString(path.state))),
                          esc(stateExplanation(path.state))));

    page.section(DetailsPane::tr("Path"));
    page.row(DetailsPane::tr("Path id"), id.isEmpty() ? DetailsPane::tr("none (DataCore driver path)") : id);
    page.rowHtml(DetailsPane::tr("State"), page.state(path.state));
    page.row(DetailsPane::tr("Owner"), ownerText(path.owner));
    page.row(DetailsPane::tr("Target port group"), path.tpgId ? QString::number(*path.tpgId) : QString());
    page.rowHtml(DetailsPane::tr("TPG state"), page.state(path.tpgState));
    if (path.owner == PathOwner::Mpio) {
        page.row(DetailsPane::tr("Preferred"), yesNo(path.preferred));
        page.row(DetailsPane::tr("Weight"), QString::number(path.weight));
    }
    page.row(DetailsPane::tr("In use"), yesNo(path.inUse));
    page.rowHtml(DetailsPane::tr("SCSI address"), esc(toQString(path.scsi.toString())) + QStringLiteral("<br>")
                                                      + page.muted(DetailsPane::tr("port | bus | target | LUN")));
    page.row(DetailsPane::tr("Adapter PCI"), path.adapterPci ? pciText(*path.adapterPci) : QString());

    page.section(DetailsPane::tr("Leads"));
    if (ctx.server)
        page.rowHtml(DetailsPane::tr("Server"),
                     page.link(ctx.serverIndex, toQString(ctx.server->server.name.empty() ? ctx.server->key : ctx.server->server.name)));
    if (ctx.port)
        page.rowHtml(DetailsPane::tr("From port"), page.link(ctx.portIndex, toQString(ctx.port->displayName())));
    if (ctx.disk) {
        QString text = toQString(ctx.disk->caption.empty() ? ctx.disk->key : ctx.disk->caption);
        page.rowHtml(DetailsPane::tr("To disk"), page.link(ctx.diskIndex, text));
        if (ctx.disk->policy != LoadBalancePolicy::Unknown)
            page.row(DetailsPane::tr("Disk policy"), policyText(ctx.disk->policy));
    }
}

} // namespace

DetailsPane::DetailsPane(InventoryTreeModel &model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_browser(new IconTextBrowser(this))
{
    // The diagram sits below the page so it stays in view while the page scrolls.
    m_diagramBox = new QWidget(this);
    m_diagramBox->setObjectName(QStringLiteral("pathDiagramBox"));
    auto *boxLayout = new QVBoxLayout(m_diagramBox);
    boxLayout->setContentsMargins(6, 6, 0, 0);
    boxLayout->setSpacing(2);
    m_diagramTitle = new QLabel(m_diagramBox);
    m_diagramTitle->setTextFormat(Qt::PlainText);
    QFont titleFont = m_diagramTitle->font();
    titleFont.setBold(true);
    m_diagramTitle->setFont(titleFont);
    m_diagram = new PathDiagramWidget;
    auto *scroll = new QScrollArea(m_diagramBox);
    scroll->setObjectName(QStringLiteral("pathDiagramScroll"));
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_diagram);
    boxLayout->addWidget(m_diagramTitle);
    boxLayout->addWidget(scroll, 1);
    m_diagramBox->hide();

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("detailsSplitter"));
    m_splitter->addWidget(m_browser);
    m_splitter->addWidget(m_diagramBox);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);
    m_browser->document()->setDocumentMargin(12);
    m_browser->setObjectName(QStringLiteral("detailsBrowser"));
    m_browser->setAccessibleName(tr("Details"));
    setMinimumWidth(300);

    connect(m_browser, &QTextBrowser::anchorClicked, this, &DetailsPane::onLinkActivated);
    connect(m_diagram, &PathDiagramWidget::rowActivated, this, &DetailsPane::onDiagramRowActivated);

    // Any change may touch the page (the row itself, its children, its parents).
    connect(&m_model, &QAbstractItemModel::dataChanged, this, &DetailsPane::scheduleRender);
    connect(&m_model, &QAbstractItemModel::rowsInserted, this, &DetailsPane::scheduleRender);
    connect(&m_model, &QAbstractItemModel::rowsRemoved, this, &DetailsPane::scheduleRender);
    connect(&m_model, &QAbstractItemModel::rowsMoved, this, &DetailsPane::scheduleRender);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &DetailsPane::scheduleRender);
    connect(&m_model, &QAbstractItemModel::layoutChanged, this, &DetailsPane::scheduleRender);

    renderNow();
}

DetailsPane::~DetailsPane() = default;

void DetailsPane::setCurrentIndex(const QModelIndex &index)
{
    m_index = index.isValid() ? index.siblingAtColumn(0) : QModelIndex();
    scheduleRender();
}

QModelIndex DetailsPane::currentIndex() const
{
    return m_index;
}

void DetailsPane::refresh()
{
    scheduleRender();
}

void DetailsPane::scheduleRender()
{
    if (m_renderPending)
        return;
    m_renderPending = true;
    QMetaObject::invokeMethod(this, &DetailsPane::renderNow, Qt::QueuedConnection);
}

void DetailsPane::renderNow()
{
    m_renderPending = false;
    m_links.clear();

    Page page(m_browser->palette(), m_links);
    const Context ctx = m_index.isValid() ? contextFor(m_model, m_index) : Context{};
    if (ctx.kind == NodeKind::Path && ctx.path)
        renderPath(page, ctx);
    else if (ctx.kind == NodeKind::Disk && ctx.disk)
        renderDisk(page, m_model, ctx);
    else if (ctx.kind == NodeKind::Port && ctx.port)
        renderPort(page, m_model, ctx);
    else if (ctx.kind == NodeKind::Server && ctx.server)
        renderServer(page, m_model, ctx);
    else
        renderOverview(page, m_model.snapshot());

    // The diagram of the disk, with the selected path marked. It is redrawn
    // on every render: its I/O shares move with each reading, the page's
    // text (and the reader's selection in it) need not.
    const SnapshotPtr snapshot = m_model.snapshot();
    if (snapshot && ctx.server && ctx.disk && (ctx.kind == NodeKind::Disk || ctx.kind == NodeKind::Path)) {
        PathDiagramRequest request;
        request.serverKey = ctx.server->key;
        request.diskKey = ctx.disk->key;
        request.owner = ctx.disk->owner;
        if (ctx.kind == NodeKind::Path && ctx.path)
            request.highlightPathKey = ctx.path->key;
        PathDiagram diagram = buildPathDiagram(*snapshot, request, &m_io);
        m_diagramTitle->setText(tr("Paths of %1 through all ports (%2)")
                                    .arg(toQString(ctx.disk->caption.empty() ? ctx.disk->key : ctx.disk->caption))
                                    .arg(diagram.edges.size()));
        m_diagram->setDiagram(std::move(diagram));
        if (m_diagramBox->isHidden()) {
            m_diagramBox->show();
            if (!m_diagramSized && m_splitter->height() > 0) {
                const int total = m_splitter->height();
                m_splitter->setSizes({total * 11 / 20, total * 9 / 20});
                m_diagramSized = true;
            }
        }
    } else {
        m_diagramBox->hide();
        m_diagram->setDiagram(PathDiagram{});
    }

    // Most refreshes change nothing on the page; leaving it alone keeps the
    // reader's text selection. Otherwise keep their place in the same object.
    const QString html = page.finish();
    if (html == m_renderedHtml && m_renderedIndex == m_index)
        return;
    const bool sameObject = m_renderedIndex == m_index;
    const int scroll = m_browser->verticalScrollBar()->value();
    m_browser->setHtml(html);
    if (sameObject)
        m_browser->verticalScrollBar()->setValue(scroll);
    m_renderedIndex = m_index;
    m_renderedHtml = html;
}

QString DetailsPane::html() const
{
    return m_browser->toHtml();
}

QString DetailsPane::plainText() const
{
    return m_browser->toPlainText();
}

void DetailsPane::setCounterReadings(const PathCounterReadings &readings)
{
    m_io.update(readings);
    scheduleRender();
}

bool DetailsPane::isPathDiagramShown() const
{
    return !m_diagramBox->isHidden();
}

void DetailsPane::onDiagramRowActivated(const QString &keyPath)
{
    const QModelIndex index = m_model.indexForKeyPath(keyPath);
    if (index.isValid())
        Q_EMIT navigateRequested(index);
}

void DetailsPane::onLinkActivated(const QUrl &url)
{
    if (url.scheme() != QLatin1String("row"))
        return;
    bool ok = false;
    const int n = url.path().toInt(&ok);
    if (ok && n >= 0 && n < m_links.size() && m_links.at(n).isValid())
        Q_EMIT navigateRequested(m_links.at(n));
}

} // namespace pathlens
