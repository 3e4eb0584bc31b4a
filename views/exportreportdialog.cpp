#include "views/exportreportdialog.h"

#include "model/baseline.h"
#include "model/health/healthinput.h"
#include "model/report/reportcontent.h"
#include "model/report/reportdiff.h"
#include "model/report/reportwriter.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace pathlens {

namespace {

struct FormatChoice {
    ReportFormat format;
    const char *label;
    const char *filter;
};

constexpr FormatChoice Formats[] = {
    {ReportFormat::Html, "HTML page (one self-contained file)", "HTML files (*.html *.htm)"},
    {ReportFormat::Pdf, "PDF document", "PDF files (*.pdf)"},
    {ReportFormat::Csv, "CSV table (one row per path)", "CSV files (*.csv)"},
    {ReportFormat::Json, "JSON (pathlens-report/1)", "JSON files (*.json)"},
    {ReportFormat::Prometheus, "Prometheus textfile (node_exporter / windows_exporter)", "Prometheus textfiles (*.prom)"},
};

const FormatChoice &choiceOf(ReportFormat format)
{
    for (const FormatChoice &choice : Formats) {
        if (choice.format == format)
            return choice;
    }
    return Formats[0];
}

QString suffixOf(ReportFormat format)
{
    const std::string_view suffix = fileSuffix(format);
    return QString::fromLatin1(suffix.data(), qsizetype(suffix.size()));
}

} // namespace

ExportReportDialog::ExportReportDialog(SnapshotPtr snapshot, QStringList selectedKeyPaths, QWidget *parent,
                                       QString baselineFile)
    : QDialog(parent)
    , m_snapshot(std::move(snapshot))
    , m_selection(std::move(selectedKeyPaths))
    , m_baselineFile(std::move(baselineFile))
    , m_exporter(new ReportExporter(this))
{
    setWindowTitle(tr("Export Report"));

    m_format = new QComboBox(this);
    for (const FormatChoice &choice : Formats)
        m_format->addItem(tr(choice.label), int(choice.format));

    m_scopeAll = new QRadioButton(tr("&All servers"), this);
    m_scopeSelection = new QRadioButton(this);
    m_scopeServer = new QRadioButton(tr("One &server:"), this);
    auto *scopeGroup = new QButtonGroup(this);
    scopeGroup->addButton(m_scopeAll);
    scopeGroup->addButton(m_scopeSelection);
    scopeGroup->addButton(m_scopeServer);
    m_scopeAll->setChecked(true);
    m_scopeSelection->setText(m_selection.isEmpty() ? tr("Selected rows (none selected)")
                                                    : tr("Selected rows (%1)").arg(m_selection.size()));
    m_scopeSelection->setEnabled(!m_selection.isEmpty());
    m_server = new QComboBox(this);
    if (m_snapshot) {
        for (const ServerEntry &server : m_snapshot->servers)
            m_server->addItem(QString::fromStdString(serverName(server)), QString::fromStdString(server.key));
    }
    m_scopeServer->setEnabled(m_server->count() > 0);
    m_server->setEnabled(false);
    connect(m_scopeServer, &QRadioButton::toggled, m_server, &QComboBox::setEnabled);
    if (!m_selection.isEmpty())
        m_scopeSelection->setChecked(true);

    // Only offered when the group has a baseline to compare with.
    m_includeChanges = new QCheckBox(this);
    if (m_baselineFile.isEmpty() && m_snapshot)
        m_baselineFile = baselineFilePath(snapshotGroupKey(*m_snapshot));
    const bool haveBaseline = !m_baselineFile.isEmpty() && QFileInfo::exists(m_baselineFile);
    m_includeChanges->setText(haveBaseline ? tr("Include the changes since the saved baseline")
                                           : tr("Include the changes since the saved baseline (none saved)"));
    m_includeChanges->setEnabled(haveBaseline);
    m_includeChanges->setChecked(haveBaseline);

    m_file = new QLineEdit(this);
    m_file->setPlaceholderText(tr("File to write"));
    m_file->setText(QDir::home().filePath(QStringLiteral("pathlens-report.html")));
    m_browse = new QPushButton(tr("&Browse..."), this);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(m_browse);

    auto *serverRow = new QHBoxLayout;
    serverRow->addWidget(m_scopeServer);
    serverRow->addWidget(m_server, 1);
    auto *scopeBox = new QVBoxLayout;
    scopeBox->addWidget(m_scopeAll);
    scopeBox->addWidget(m_scopeSelection);
    scopeBox->addLayout(serverRow);

    auto *form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("Scope:"), scopeBox);
    form->addRow(QString(), m_includeChanges);
    form->addRow(tr("F&ile:"), fileRow);

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_export = m_buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    m_export->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportReportDialog::onFormatChanged);
    connect(m_browse, &QPushButton::clicked, this, &ExportReportDialog::browse);
    connect(m_file, &QLineEdit::textChanged, this, &ExportReportDialog::updateButtons);
    connect(m_export, &QPushButton::clicked, this, &ExportReportDialog::exportReport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_exporter, &ReportExporter::finished, this, &ExportReportDialog::onFinished);
    updateButtons();
    resize(sizeHint().expandedTo(QSize(560, 0)));
}

ExportReportDialog::~ExportReportDialog()
{
    m_exporter->wait();
}

void ExportReportDialog::setCounterReadings(PathCounterReadings readings)
{
    m_counters = std::make_shared<const PathCounterReadings>(std::move(readings));
}

ReportFormat ExportReportDialog::format() const
{
    return ReportFormat(m_format->currentData().toInt());
}

void ExportReportDialog::setFormat(ReportFormat format)
{
    const int index = m_format->findData(int(format));
    if (index >= 0)
        m_format->setCurrentIndex(index);
}

QString ExportReportDialog::filePath() const
{
    return m_file->text().trimmed();
}

void ExportReportDialog::setFilePath(const QString &path)
{
    m_file->setText(path);
}

void ExportReportDialog::browse()
{
    const FormatChoice &choice = choiceOf(format());
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export Report"), filePath(), tr(choice.filter));
    if (!chosen.isEmpty())
        m_file->setText(QDir::toNativeSeparators(chosen));
}

void ExportReportDialog::onFormatChanged()
{
    // The file name follows the format as long as it has a report suffix.
    const QString path = filePath();
    const QFileInfo info(path);
    static const QStringList known{QStringLiteral("csv"), QStringLiteral("json"), QStringLiteral("html"),
                                   QStringLiteral("htm"), QStringLiteral("pdf"),  QStringLiteral("prom")};
    if (!path.isEmpty() && known.contains(info.suffix().toLower())) {
        const QString base = path.left(path.size() - info.suffix().size());
        m_file->setText(base + suffixOf(format()));
    }
    m_status->clear();
}

void ExportReportDialog::updateButtons()
{
    m_export->setEnabled(m_snapshot && !filePath().isEmpty() && !m_exporter->isRunning());
}

void ExportReportDialog::showError(const QString &message)
{
    m_status->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_status->setText(message);
}

void ExportReportDialog::exportReport()
{
    if (!m_snapshot || m_exporter->isRunning())
        return;
    const QString target = filePath();
    if (target.isEmpty()) {
        showError(tr("Choose a file to write the report to."));
        return;
    }
    if (QFileInfo(target).isDir()) {
        showError(tr("%1 is a folder; choose a file name.").arg(target));
        return;
    }

    ReportScope scope;
    if (m_scopeSelection->isChecked()) {
        std::vector<std::string> keyPaths;
        for (const QString &keyPath : m_selection)
            keyPaths.push_back(keyPath.toStdString());
        scope = ReportScope::selection(std::move(keyPaths));
    } else if (m_scopeServer->isChecked() && m_server->currentIndex() >= 0) {
        scope = ReportScope::server(m_server->currentData().toString().toStdString());
    }

    std::optional<DiffSide> baseline;
    if (m_includeChanges->isEnabled() && m_includeChanges->isChecked()) {
        Result<DiffSide> loaded = loadDiffSide(m_baselineFile);
        if (!loaded) {
            showError(tr("The saved baseline cannot be used: %1").arg(QString::fromStdString(loaded.error().toString())));
            return;
        }
        baseline = std::move(loaded).value();
    }

    const SnapshotPtr snapshot = m_snapshot;
    auto build = [snapshot, counters = m_counters, scope = std::move(scope), baseline = std::move(baseline)] {
        std::optional<ReportDiff> diff;
        if (baseline)
            diff = diffSides(*baseline, diffSide(*snapshot));
        ReportInput input;
        input.snapshot = snapshot.get();
        input.counters = counters.get();
        input.scope = scope;
        input.diff = diff ? &*diff : nullptr;
        input.generated = std::chrono::system_clock::now();
        return buildReportContent(input);
    };
    if (!m_exporter->start(std::move(build), format(), target))
        return;
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Writing %1 ...").arg(QDir::toNativeSeparators(target)));
    updateButtons();
}

void ExportReportDialog::onFinished(const QString &filePath, const QString &error)
{
    updateButtons();
    if (!error.isEmpty()) {
        showError(error);
        return;
    }
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Written to %1.").arg(QDir::toNativeSeparators(filePath)));
    Q_EMIT exported(filePath);
    accept();
}

} // namespace pathlens
