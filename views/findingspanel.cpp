#include "views/findingspanel.h"

#include "model/findingstablemodel.h"
#include "model/health/healthreport.h"
#include "views/presentation.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <tuple>

namespace pathlens {

QIcon severityIcon(Severity severity)
{
    QIcon icon = resourceIcon(severityIconName(severity));
    if (!icon.isNull())
        return icon;
    QStyle::StandardPixmap fallback = QStyle::SP_DialogApplyButton;
    switch (severity) {
    case Severity::Critical: fallback = QStyle::SP_MessageBoxCritical; break;
    case Severity::Warning: fallback = QStyle::SP_MessageBoxWarning; break;
    case Severity::Info: fallback = QStyle::SP_MessageBoxInformation; break;
    case Severity::None: break;
    }
    return QApplication::style()->standardIcon(fallback);
}

namespace {

using Model = FindingsTableModel;

/// One cell for tab-separated text: tabs and line breaks in the data (names
/// come from remote systems) would break the rows apart.
QString tsvCell(QString text)
{
    for (QChar &ch : text) {
        if (ch == QLatin1Char('\t') || ch == QLatin1Char('\n') || ch == QLatin1Char('\r'))
            ch = QLatin1Char(' ');
    }
    return text;
}

QString plural(qsizetype count, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(count).arg(count == 1 ? one : many);
}

} // namespace

/// Filters by minimum severity and text, sorts with a stable tie-break, and
/// gives the severity column its icon and every cell a tooltip.
class FindingsPanel::Proxy final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setMinimum(Severity severity)
    {
        m_minimum = severity;
        invalidateRowsFilter();
    }
    Severity minimum() const { return m_minimum; }

    void setText(const QString &text)
    {
        m_text = text.trimmed();
        invalidateRowsFilter();
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::DecorationRole && index.column() == Model::SeverityColumn)
            return severityIcon(Severity(index.data(Model::SeverityRole).toInt()));
        if (role == Qt::ToolTipRole) {
            const QModelIndex row = index.siblingAtColumn(0);
            auto text = [&](int column) { return row.siblingAtColumn(column).data().toString().toHtmlEscaped(); };
            return QStringLiteral("<p><b>%1</b> · %2 · %3</p><p>%4</p><p><b>%5</b> %6</p>")
                .arg(text(Model::SeverityColumn), text(Model::RuleColumn), text(Model::ObjectColumn),
                     text(Model::FindingColumn), FindingsPanel::tr("Recommendation:").toHtmlEscaped(),
                     text(Model::RecommendationColumn));
        }
        return QSortFilterProxyModel::data(index, role);
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override
    {
        const QModelIndex first = sourceModel()->index(sourceRow, 0, sourceParent);
        if (first.data(Model::SeverityRole).toInt() < int(m_minimum))
            return false;
        if (m_text.isEmpty())
            return true;
        for (int column = 0; column < Model::ColumnCount; ++column) {
            if (first.siblingAtColumn(column).data().toString().contains(m_text, Qt::CaseInsensitive))
                return true;
        }
        return false;
    }

    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override
    {
        const QVariant a = left.data(Model::SortRole), b = right.data(Model::SortRole);
        if (a != b)
            return QVariant::compare(a, b) == QPartialOrdering::Less;
        // Ties: worst first, then by rule and object, so equal rows keep one order.
        auto key = [](const QModelIndex &index) {
            const QModelIndex row = index.siblingAtColumn(0);
            return std::make_tuple(-row.data(Model::SeverityRole).toInt(), row.data(Model::RuleRole).toString(),
                                   row.siblingAtColumn(Model::ObjectColumn).data().toString().toCaseFolded(),
                                   row.data(Model::FindingKeyRole).toString());
        };
        return key(left) < key(right);
    }

private:
    Severity m_minimum = Severity::Info;
    QString m_text;
};

FindingsPanel::FindingsPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new FindingsTableModel(this))
    , m_proxy(new Proxy(this))
    , m_view(new QTableView(this))
    , m_severity(new QComboBox(this))
    , m_filter(new QLineEdit(this))
    , m_counts(new QLabel(this))
    , m_details(new QLabel(this))
{
    setObjectName(QStringLiteral("findingsPanel"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(Model::SortRole);
    m_proxy->setDynamicSortFilter(true);

    m_severity->setObjectName(QStringLiteral("findingsSeverity"));
    m_severity->setAccessibleName(tr("Minimum severity"));
    m_severity->addItem(tr("All findings"), int(Severity::Info));
    m_severity->addItem(severityIcon(Severity::Warning), tr("Warnings and critical"), int(Severity::Warning));
    m_severity->addItem(severityIcon(Severity::Critical), tr("Critical only"), int(Severity::Critical));
    connect(m_severity, &QComboBox::currentIndexChanged, this,
            [this](int index) { setMinimumSeverity(Severity(m_severity->itemData(index).toInt())); });

    m_filter->setObjectName(QStringLiteral("findingsFilter"));
    m_filter->setPlaceholderText(tr("Filter findings"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter findings"));
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_updating = true;
        m_proxy->setText(text);
        m_updating = false;
        updateCounts();
        updateDetails();
    });

    m_counts->setObjectName(QStringLiteral("findingsCounts"));
    m_counts->setTextFormat(Qt::PlainText);

    m_view->setObjectName(QStringLiteral("findingsView"));
    m_view->setAccessibleName(tr("Health findings"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(Model::SeverityColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->setIconSize(QSize(16, 16));
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    header->resizeSection(Model::SeverityColumn, 96);
    header->resizeSection(Model::RuleColumn, 170);
    header->resizeSection(Model::ObjectColumn, 300);
    header->resizeSection(Model::FindingColumn, 460);

    m_details->setObjectName(QStringLiteral("findingsDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setMargin(4);

    auto *copy = new QAction(tr("&Copy"), this);
    copy->setObjectName(QStringLiteral("findingsCopyAction"));
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this, &FindingsPanel::copySelection);
    m_view->addAction(copy);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_severity);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_counts);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_details);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
    // The current row can change before it is selected (selectRow, keyboard).
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &FindingsPanel::updateDetails);
    connect(m_view, &QAbstractItemView::activated, this, &FindingsPanel::reveal);
    connect(m_view, &QWidget::customContextMenuRequested, this, &FindingsPanel::showContextMenu);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &FindingsPanel::updateDetails);

    updateCounts();
    updateDetails();
}

FindingsPanel::~FindingsPanel() = default;

QSortFilterProxyModel *FindingsPanel::proxy() const
{
    return m_proxy;
}

void FindingsPanel::setReport(std::shared_ptr<const HealthReport> report)
{
    m_updating = true;
    m_model->setReport(std::move(report));
    m_updating = false;
    updateCounts();
    updateDetails();
}

void FindingsPanel::setMinimumSeverity(Severity severity)
{
    if (severity == Severity::None)
        severity = Severity::Info;
    const int index = m_severity->findData(int(severity));
    if (index >= 0 && index != m_severity->currentIndex()) {
        m_severity->setCurrentIndex(index); // comes back here through the signal
        return;
    }
    m_updating = true;
    m_proxy->setMinimum(severity);
    m_updating = false;
    updateCounts();
    updateDetails();
}

Severity FindingsPanel::minimumSeverity() const
{
    return m_proxy->minimum();
}

void FindingsPanel::setFilterText(const QString &text)
{
    m_filter->setText(text);
}

QString FindingsPanel::countsText() const
{
    const auto report = m_model->report();
    if (!report)
        return tr("Not evaluated");
    if (report->empty())
        return tr("No findings");
    QStringList parts;
    if (const auto n = qsizetype(report->count(Severity::Critical)))
        parts << tr("%1 critical").arg(n);
    if (const auto n = qsizetype(report->count(Severity::Warning)))
        parts << plural(n, tr("warning"), tr("warnings"));
    if (const auto n = qsizetype(report->count(Severity::Info)))
        parts << tr("%1 info").arg(n);
    QString text = parts.join(QStringLiteral(", "));
    if (m_proxy->rowCount() != m_model->rowCount())
        text += tr(" (showing %1)").arg(m_proxy->rowCount());
    return text;
}

void FindingsPanel::updateCounts()
{
    m_counts->setText(countsText());
}

void FindingsPanel::updateDetails()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !m_view->selectionModel()->isSelected(current)) {
        m_details->setText(QStringLiteral("<span style=\"color:gray\">%1</span>")
                               .arg(tr("Select a finding to see what to do about it.").toHtmlEscaped()));
        return;
    }
    auto text = [&](int column) { return current.siblingAtColumn(column).data().toString().toHtmlEscaped(); };
    m_details->setText(QStringLiteral("<b>%1</b><br>%2<br><b>%3</b> %4")
                           .arg(text(Model::ObjectColumn), text(Model::FindingColumn),
                                tr("Recommendation:").toHtmlEscaped(), text(Model::RecommendationColumn)));
}

void FindingsPanel::onCurrentChanged(const QModelIndex &current)
{
    updateDetails();
    // A refresh or a filter can move the current row; only the admin's pick reveals.
    if (!m_updating && current.isValid())
        reveal(current);
}

void FindingsPanel::reveal(const QModelIndex &index)
{
    const QString keyPath = index.siblingAtColumn(0).data(Model::RevealKeyPathRole).toString();
    if (!keyPath.isEmpty())
        Q_EMIT revealRequested(keyPath);
}

QModelIndexList FindingsPanel::selectedViewRows() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    return rows;
}

QString FindingsPanel::selectedRowsText() const
{
    const QModelIndexList rows = selectedViewRows();
    if (rows.isEmpty())
        return {};
    QStringList lines;
    QStringList header;
    for (int column = 0; column < Model::ColumnCount; ++column)
        header << m_proxy->headerData(column, Qt::Horizontal).toString();
    lines << header.join(QLatin1Char('\t'));
    for (const QModelIndex &row : rows) {
        QStringList cells;
        for (int column = 0; column < Model::ColumnCount; ++column)
            cells << tsvCell(row.siblingAtColumn(column).data().toString());
        lines << cells.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QMimeData *FindingsPanel::selectedRowsMimeData() const
{
    const QModelIndexList rows = selectedViewRows();
    auto *mime = new QMimeData;
    if (rows.isEmpty())
        return mime;
    QString html = QStringLiteral("<table><thead><tr>");
    for (int column = 0; column < Model::ColumnCount; ++column)
        html += QStringLiteral("<th>%1</th>").arg(m_proxy->headerData(column, Qt::Horizontal).toString().toHtmlEscaped());
    html += QStringLiteral("</tr></thead><tbody>");
    for (const QModelIndex &row : rows) {
        html += QStringLiteral("<tr>");
        for (int column = 0; column < Model::ColumnCount; ++column)
            html += QStringLiteral("<td>%1</td>").arg(row.siblingAtColumn(column).data().toString().toHtmlEscaped());
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("</tbody></table>");
    mime->setText(selectedRowsText());
    mime->setHtml(html);
    return mime;
}

void FindingsPanel::copySelection()
{
    if (m_view->selectionModel()->selectedRows().isEmpty())
        return;
    QApplication::clipboard()->setMimeData(selectedRowsMimeData());
}

void FindingsPanel::showContextMenu(const QPoint &pos)
{
    const QModelIndex at = m_view->indexAt(pos);
    QMenu menu(this);
    QAction *copy = menu.addAction(tr("&Copy"), this, &FindingsPanel::copySelection);
    copy->setShortcut(QKeySequence::Copy);
    copy->setEnabled(!m_view->selectionModel()->selectedRows().isEmpty());
    menu.addAction(tr("Select &All"), m_view, &QAbstractItemView::selectAll);
    menu.addSeparator();
    QAction *show = menu.addAction(tr("&Show in Tree"), this, [this, at] { reveal(at); });
    show->setEnabled(at.isValid());
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

} // namespace pathlens
