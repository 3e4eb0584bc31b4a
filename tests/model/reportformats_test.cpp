#include "reportfixtures.h"

#include "model/jsonreport.h"
#include "model/report/csvreport.h"
#include "model/report/htmlreport.h"
#include "model/report/pdfreport.h"
#include "model/report/prometheusreport.h"
#include "model/report/reportdiff.h"
#include "model/report/reporttext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <map>

namespace pathlens {
namespace {

using namespace reporttest;

// RFC 4180, strictly: CRLF between records, "" inside quoted fields. Fails the
// test on anything else.
std::vector<std::vector<std::string>> parseCsv(const QByteArray &bytes)
{
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < bytes.size() && bytes[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == '"') {
            EXPECT_FALSE(fieldStarted) << "quote inside an unquoted field at byte " << i;
            quoted = true;
            fieldStarted = true;
        } else if (c == ',') {
            row.push_back(field);
            field.clear();
            fieldStarted = false;
        } else if (c == '\r') {
            EXPECT_TRUE(i + 1 < bytes.size() && bytes[i + 1] == '\n') << "bare CR at byte " << i;
            row.push_back(field);
            rows.push_back(row);
            row.clear();
            field.clear();
            fieldStarted = false;
            ++i;
        } else {
            EXPECT_NE(c, '\n') << "bare LF outside quotes at byte " << i;
            field += c;
            fieldStarted = true;
        }
    }
    EXPECT_FALSE(quoted) << "unterminated quoted field";
    EXPECT_TRUE(row.empty() && field.empty()) << "last record without CRLF";
    return rows;
}

std::map<std::string, std::string> record(const std::vector<std::string> &header, const std::vector<std::string> &row)
{
    std::map<std::string, std::string> fields;
    for (std::size_t i = 0; i < header.size() && i < row.size(); ++i)
        fields[header[i]] = row[i];
    return fields;
}

bool hasTool(const char *name)
{
    return !QStandardPaths::findExecutable(QString::fromLatin1(name)).isEmpty();
}

struct ToolRun {
    int exitCode = -1;
    QString out;
    QString err;
};

ToolRun runTool(const QString &program, const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.start(program, arguments);
    ToolRun run;
    if (!process.waitForStarted(10000))
        return run;
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(60000);
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

// ------------------------------------------------------------------- CSV

TEST(CsvReport, ParsesBackOneRowPerPathWithHostileNamesIntact)
{
    const Reading reading(reportGroup());
    const ReportContent content = reading.content();
    const QByteArray csv = csvReport(content);
    const auto rows = parseCsv(csv);
    ASSERT_EQ(rows.size(), 1 + content.pathCount());

    std::vector<std::string> header;
    for (const QString &name : csvColumns())
        header.push_back(name.toStdString());
    EXPECT_EQ(rows[0], header);
    for (const auto &row : rows)
        EXPECT_EQ(row.size(), header.size());

    bool sawFailed = false;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto fields = record(header, rows[r]);
        EXPECT_EQ(fields.at("server"), "DCS-A");
        EXPECT_EQ(fields.at("port roles"), "BE");
        EXPECT_EQ(fields.at("path id").size(), 16u);
        if (fields.at("path id") == "0000000077050011") {
            sawFailed = true;
            EXPECT_EQ(fields.at("state"), "Failed");
            EXPECT_EQ(fields.at("serial"), "SERIAL1");
            // Quotes, comma and the non-ASCII letter survive the round trip.
            EXPECT_EQ(fields.at("disk"), HostileCaption);
            EXPECT_EQ(fields.at("port"), "DCS-A P2");
            EXPECT_EQ(fields.at("port pci"), Hba2.toString());
            EXPECT_EQ(fields.at("policy"), "RRWS");
            EXPECT_EQ(fields.at("tpg id"), "1");
            EXPECT_EQ(fields.at("preferred"), "no");
            EXPECT_EQ(fields.at("finding severity"), "warning"); // failed-path with other paths usable
        }
        if (fields.at("path id") == "0000000077040000") {
            EXPECT_EQ(fields.at("reads"), "3000");
            EXPECT_EQ(fields.at("bytes written"), std::to_string(1000 * 8192));
        }
    }
    EXPECT_TRUE(sawFailed);
}

TEST(CsvReport, UnknownValuesAreEmptyFieldsAndBadUtf8IsReplaced)
{
    SourceData data = reportGroup();
    data.hosts[0].mpioDisks[0].paths[0].tpgId.reset();
    data.hosts[0].mpioDisks[0].paths[0].tpgState = PathState::Unknown;
    data.ports[0].alias = std::string("BE \xff\xfe port");
    const Reading reading(data);
    ReportInput input;
    input.snapshot = reading.snapshot.get(); // no counters
    const QByteArray csv = csvReport(buildReportContent(input));
    // Valid UTF-8 throughout, the broken bytes as U+FFFD.
    EXPECT_EQ(QString::fromUtf8(csv).toUtf8(), csv);
    EXPECT_TRUE(csv.contains("BE \xef\xbf\xbd\xef\xbf\xbd port"));

    const auto rows = parseCsv(csv);
    const auto header = rows.at(0);
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto fields = record(header, rows[r]);
        EXPECT_EQ(fields.at("reads"), "");
        if (fields.at("path id") == "0000000077040000") {
            EXPECT_EQ(fields.at("tpg id"), "");
            EXPECT_EQ(fields.at("tpg state"), "");
        }
    }
}

TEST(CsvReport, DataCoreDriverPathsLeavePathIdAndPreferredEmpty)
{
    const Reading reading(dataCoreGroup({bdisk("D1", {bpath("P1", 1, 1, AO, 1, true), bpath("P2", 2, 1, ANO, 2)})}));
    const auto rows = parseCsv(csvReport(reading.content()));
    ASSERT_EQ(rows.size(), 3u);
    const auto header = rows[0];
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto fields = record(header, rows[r]);
        EXPECT_EQ(fields.at("owner"), "datacore-driver");
        EXPECT_EQ(fields.at("path id"), "");
        EXPECT_EQ(fields.at("preferred"), "");
        EXPECT_EQ(fields.at("weight"), "");
        EXPECT_FALSE(fields.at("scsi address").empty());
    }
}

// ------------------------------------------------------------------ JSON

QJsonObject parsedJson(const ReportContent &content)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(jsonReport(content), &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << error.errorString().toStdString();
    return document.object();
}

void expectMembers(const QJsonObject &object, std::initializer_list<const char *> names, const std::string &where)
{
    for (const char *name : names)
        EXPECT_TRUE(object.contains(QLatin1String(name))) << where << " lacks " << name;
}

TEST(JsonReport, HasEveryMemberOfTheContract)
{
    const Reading reading(reportGroup());
    const QJsonObject report = parsedJson(reading.content());
    expectMembers(report, {"schema", "generated", "source", "servers", "disks", "findings"}, "report");
    EXPECT_EQ(report.value(QStringLiteral("schema")).toString(), QStringLiteral("pathlens-report/1"));
    EXPECT_EQ(report.value(QStringLiteral("generated")).toString(), QStringLiteral("2024-06-10T06:13:20Z"));

    const QJsonArray servers = report.value(QStringLiteral("servers")).toArray();
    ASSERT_EQ(servers.size(), 1);
    const QJsonObject server = servers[0].toObject();
    expectMembers(server, {"name", "state", "ports"}, "server");
    const QJsonArray ports = server.value(QStringLiteral("ports")).toArray();
    ASSERT_EQ(ports.size(), 3);
    bool sawHostile = false;
    for (const QJsonValue &value : ports) {
        const QJsonObject port = value.toObject();
        expectMembers(port, {"name", "roles", "mode", "type", "present", "pci", "driver", "wwpn"}, "port");
        EXPECT_TRUE(port.value(QStringLiteral("roles")).isArray());
        EXPECT_TRUE(port.value(QStringLiteral("present")).isBool());
        if (port.value(QStringLiteral("name")).toString() == qs(HostileAlias)) {
            sawHostile = true;
            EXPECT_EQ(port.value(QStringLiteral("roles")).toArray(), QJsonArray{QStringLiteral("FE")});
            EXPECT_EQ(port.value(QStringLiteral("mode")).toString(), QStringLiteral("Target"));
        }
    }
    EXPECT_TRUE(sawHostile);

    const QJsonArray disks = report.value(QStringLiteral("disks")).toArray();
    ASSERT_EQ(disks.size(), 2);
    for (const QJsonValue &value : disks) {
        const QJsonObject disk = value.toObject();
        expectMembers(disk, {"mpioDisk", "systemDisk", "serial", "policy", "dsm", "alua", "paths"}, "disk");
        EXPECT_EQ(disk.value(QStringLiteral("policy")).toString(), QStringLiteral("RRWS"));
        for (const QJsonValue &pathValue : disk.value(QStringLiteral("paths")).toArray()) {
            const QJsonObject path = pathValue.toObject();
            expectMembers(path,
                          {"pathId", "state", "scsiAddress", "weight", "tpgId", "tpgState", "preferred", "adapter"},
                          "path");
            EXPECT_TRUE(QRegularExpression(QStringLiteral("^[0-9a-f]{16}$"))
                            .match(path.value(QStringLiteral("pathId")).toString())
                            .hasMatch())
                << path.value(QStringLiteral("pathId")).toString().toStdString();
            EXPECT_TRUE(QRegularExpression(QStringLiteral("^\\d{3}\\|\\d{3}\\|\\d{3}\\|\\d{3}$"))
                            .match(path.value(QStringLiteral("scsiAddress")).toString())
                            .hasMatch());
            EXPECT_TRUE(path.value(QStringLiteral("counters")).isObject());
        }
    }

    const QJsonArray findings = report.value(QStringLiteral("findings")).toArray();
    ASSERT_FALSE(findings.isEmpty());
    for (const QJsonValue &value : findings)
        expectMembers(value.toObject(), {"rule", "severity", "object", "message", "recommendation"}, "finding");
}

TEST(JsonReport, UnknownIsNullNeverInvented)
{
    Reading reading(dataCoreGroup({bdisk("D1", {bpath("P1", 1, 1, UNKNOWN, std::nullopt, true)}, false)}));
    reading.snapshot->health.reset();
    ReportInput input;
    input.snapshot = reading.snapshot.get();
    const QJsonObject report = parsedJson(buildReportContent(input));
    const QJsonObject disk = report.value(QStringLiteral("disks")).toArray().at(0).toObject();
    for (const char *name : {"mpioDisk", "systemDisk", "policy", "dsm", "alua"})
        EXPECT_TRUE(disk.value(QLatin1String(name)).isNull()) << name;
    const QJsonObject path = disk.value(QStringLiteral("paths")).toArray().at(0).toObject();
    for (const char *name : {"pathId", "state", "weight", "tpgId", "tpgState", "preferred", "counters"})
        EXPECT_TRUE(path.value(QLatin1String(name)).isNull()) << name;
    EXPECT_EQ(path.value(QStringLiteral("inUse")), QJsonValue(true));
    // Not evaluated: said, not presented as "no findings".
    EXPECT_EQ(report.value(QStringLiteral("health")).toObject().value(QStringLiteral("evaluated")), QJsonValue(false));
}

TEST(JsonReport, HostileAndBrokenTextStaysValidJson)
{
    SourceData data = reportGroup();
    data.ports[1].alias = std::string("tab\there \x01 bell \xc3( broken \\ back");
    const Reading reading(data);
    const QByteArray bytes = jsonReport(reading.content());
    QJsonParseError error{};
    const QJsonObject report = QJsonDocument::fromJson(bytes, &error).object();
    ASSERT_EQ(error.error, QJsonParseError::NoError) << error.errorString().toStdString();
    QStringList names;
    for (const QJsonValue &port :
         report.value(QStringLiteral("servers")).toArray().at(0).toObject().value(QStringLiteral("ports")).toArray())
        names.append(port.toObject().value(QStringLiteral("name")).toString());
    EXPECT_TRUE(names.contains(qs(HostileAlias)));
    EXPECT_TRUE(names.contains(QStringLiteral("tab\there \x01 bell \uFFFD( broken \\ back"))) << names.join('|').toStdString();
}

TEST(JsonReport, SourceDataEntryPointMatchesTheContent)
{
    const Reading reading(reportGroup());
    const QJsonObject report = buildJsonReport(reading.sources, ReportSource{"test", {"part X is missing"}},
                                               QDateTime::fromSecsSinceEpoch(1'718'000'000, Qt::UTC));
    EXPECT_EQ(report.value(QStringLiteral("disks")).toArray().size(), 2);
    EXPECT_TRUE(report.value(QStringLiteral("source"))
                    .toObject()
                    .value(QStringLiteral("missing"))
                    .toArray()
                    .contains(QStringLiteral("part X is missing")));
    EXPECT_EQ(report.value(QStringLiteral("source")).toObject().value(QStringLiteral("backend")).toString(),
              QStringLiteral("test"));
}

// ------------------------------------------------------------------ HTML

TEST(HtmlReport, EscapesEveryNameFromTheData)
{
    const Reading reading(reportGroup());
    const QString html = QString::fromUtf8(htmlReport(reading.content()));
    EXPECT_FALSE(html.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
    EXPECT_FALSE(html.contains(QStringLiteral("<b>bold")));
    EXPECT_TRUE(html.contains(QStringLiteral("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")));
    EXPECT_TRUE(html.contains(QStringLiteral("&lt;b&gt;bold&lt;/b&gt; Zürich")));
    EXPECT_TRUE(html.contains(QStringLiteral("&amp; &#39;more&#39;")));
}

TEST(HtmlReport, IsSelfContained)
{
    const Reading reading(reportGroup());
    const QString html = QString::fromUtf8(htmlReport(reading.content()));
    EXPECT_TRUE(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
    EXPECT_TRUE(html.trimmed().endsWith(QStringLiteral("</html>")));
    for (const char *external : {"http:", "https:", "src=", "href=", "<link", "url(", "@import", "<iframe", "<object"})
        EXPECT_FALSE(html.contains(QLatin1String(external), Qt::CaseInsensitive)) << external;
    EXPECT_TRUE(html.contains(QStringLiteral("Content-Security-Policy")));
}

TEST(HtmlReport, HasSummaryFindingsPortsDiagramsAndPathTables)
{
    const Reading reading(reportGroup());
    const ReportContent content = reading.content();
    const QString html = QString::fromUtf8(htmlReport(content));
    for (const char *section : {"id=\"summary\"", "id=\"findings\"", "Server DCS-A", "<h3>Ports</h3>"})
        EXPECT_TRUE(html.contains(QLatin1String(section))) << section;
    // Per disk a diagram and (with counters) an I/O share chart.
    EXPECT_EQ(html.count(QStringLiteral("<svg class=\"diagram\"")), qsizetype(content.disks.size()));
    EXPECT_EQ(html.count(QStringLiteral("<svg class=\"chart\"")), qsizetype(content.disks.size()));
    EXPECT_EQ(html.count(QStringLiteral("<svg class=\"summary\"")), 1);
    // State colours on the path cells and bars.
    EXPECT_TRUE(html.contains(QStringLiteral("<td class=\"st-fail\">Failed</td>")));
    EXPECT_TRUE(html.contains(QStringLiteral("<td class=\"st-ao\">Active/Optimized</td>")));
    EXPECT_TRUE(html.contains(QStringLiteral("class=\"st-ano\"/>")));
    // Every finding's message is there.
    for (const Finding &finding : content.findings) {
        QByteArray escaped;
        reporttext::appendHtml(escaped, finding.message);
        EXPECT_TRUE(html.contains(QString::fromUtf8(escaped))) << finding.message;
    }
    // The busiest path of the healthy LUN carries half of its bytes.
    EXPECT_TRUE(html.contains(QStringLiteral(">50.0 %</text>")));
}

TEST(HtmlReport, ListsChangesSinceTheBaseline)
{
    const Reading before(reportGroup());
    SourceData changed = reportGroup();
    changed.hosts[0].mpioDisks[0].paths.pop_back();
    const Reading after(changed);
    const ReportDiff diff = diffSides(diffSide(*before.snapshot), diffSide(*after.snapshot));
    const QString html = QString::fromUtf8(htmlReport(after.content({}, &diff)));
    EXPECT_TRUE(html.contains(QStringLiteral("id=\"changes\"")));
    EXPECT_TRUE(html.contains(QStringLiteral("Path lost")));
    EXPECT_TRUE(html.contains(QStringLiteral("path 0000000077050003")));
}

// ------------------------------------------------------------------- PDF

TEST(PdfReport, PaginatesWithHeadersFootersAndTheContent)
{
    if (!hasTool("pdfinfo") || !hasTool("pdftotext"))
        GTEST_SKIP() << "pdfinfo/pdftotext (Debian package poppler-utils) are not installed";
    // Enough LUNs for several pages.
    SourceData data = reportGroup();
    for (std::uint32_t i = 2; i < 42; ++i)
        data.hosts[0].mpioDisks.push_back(healthyDisk(i));
    const Reading reading(data);
    const Result<QByteArray> pdf = pdfReport(reading.content());
    ASSERT_TRUE(pdf.ok()) << pdf.error().toString();
    EXPECT_TRUE(pdf.value().startsWith("%PDF-"));

    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("report.pdf"));
    QFile out(file);
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    out.write(pdf.value());
    out.close();

    const ToolRun info = runTool(QStringLiteral("pdfinfo"), {file});
    ASSERT_EQ(info.exitCode, 0) << info.err.toStdString();
    const QRegularExpressionMatch pagesMatch = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(info.out);
    ASSERT_TRUE(pagesMatch.hasMatch()) << info.out.toStdString();
    const int pages = pagesMatch.captured(1).toInt();
    EXPECT_GE(pages, 3);
    EXPECT_TRUE(info.out.contains(QStringLiteral("PathLens path report")));

    const ToolRun text = runTool(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), file, QStringLiteral("-")});
    ASSERT_EQ(text.exitCode, 0) << text.err.toStdString();
    const QStringList pageTexts = text.out.split(QLatin1Char('\f'), Qt::SkipEmptyParts);
    ASSERT_EQ(pageTexts.size(), pages);
    for (int page = 0; page < pages; ++page) {
        EXPECT_TRUE(pageTexts[page].contains(QStringLiteral("PathLens path report"))) << "header on page " << page + 1;
        EXPECT_TRUE(pageTexts[page].contains(QStringLiteral("Page %1 of %2").arg(page + 1).arg(pages)))
            << "footer on page " << page + 1;
    }
    const QString all = text.out;
    for (const char *expected : {"Summary", "Health findings", "Server DCS-A", "0000000077050011", "Failed",
                                 "Active/Optimized", "failed-path"})
        EXPECT_TRUE(all.contains(QLatin1String(expected))) << expected;
    EXPECT_TRUE(all.contains(QStringLiteral("<script>alert"))) << "the hostile alias is shown as text";
}

TEST(PdfReport, PrintHtmlShowsTheSameSectionsAsTheHtml)
{
    const Reading reading(reportGroup());
    const ReportContent content = reading.content();
    const QString print = QString::fromUtf8(printHtmlReport(content));
    EXPECT_FALSE(print.contains(QStringLiteral("<svg")));
    EXPECT_FALSE(print.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
    for (const char *section : {"id=\"summary\"", "id=\"findings\"", "Server DCS-A", "<h3>Ports</h3>", "Share of bytes"})
        EXPECT_TRUE(print.contains(QLatin1String(section))) << section;
    EXPECT_EQ(print.count(QStringLiteral("<h3>Disk ")), qsizetype(content.disks.size()));
}

// ------------------------------------------------------------- Prometheus

TEST(PrometheusReport, OneStateSeriesSetPerPathAndFindingsByRule)
{
    const Reading reading(reportGroup());
    const ReportContent content = reading.content();
    const QString text = QString::fromUtf8(prometheusReport(content));
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);

    int stateOnes = 0;
    int stateSeries = 0;
    int findingSeries = 0;
    bool failedIsCounted = false;
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1Char('#')))
            continue;
        EXPECT_TRUE(line.startsWith(QStringLiteral("pathlens_"))) << line.toStdString();
        if (line.startsWith(QStringLiteral("pathlens_path_state{"))) {
            ++stateSeries;
            stateOnes += line.endsWith(QStringLiteral(" 1")) ? 1 : 0;
            if (line.contains(QStringLiteral("path=\"0000000077050011\""))
                && line.contains(QStringLiteral("state=\"failed\""))) {
                EXPECT_TRUE(line.endsWith(QStringLiteral(" 1"))) << line.toStdString();
            }
        }
        if (line.startsWith(QStringLiteral("pathlens_findings{"))) {
            ++findingSeries;
            if (line.contains(QStringLiteral("rule=\"failed-path\"")) && line.contains(QStringLiteral("warning")))
                failedIsCounted = !line.endsWith(QStringLiteral(" 0"));
        }
    }
    EXPECT_EQ(stateOnes, int(content.pathCount()));
    EXPECT_EQ(stateSeries, int(content.pathCount() * kPathStateCount));
    EXPECT_EQ(findingSeries, int(rules::All.size() * 3));
    EXPECT_TRUE(failedIsCounted);
    EXPECT_TRUE(text.contains(QStringLiteral("pathlens_disk_usable_paths{server=\"DCS-A\",disk=\"SERIAL1\"} 3")));
    EXPECT_TRUE(text.contains(QStringLiteral("pathlens_disk_optimized_paths{server=\"DCS-A\",disk=\"SERIAL1\"} 1")));
}

TEST(PrometheusReport, PassesPromtoolWithHostileLabels)
{
    if (!hasTool("promtool"))
        GTEST_SKIP() << "promtool (Debian package prometheus) is not installed";
    SourceData data = reportGroup();
    data.ports[0].alias = "BE \"quoted\" \\ back\nslash";
    const Reading reading(data);
    const ReportDiff diff = diffSides(diffSide(*reading.snapshot), diffSide(*reading.snapshot));
    const QByteArray text = prometheusReport(reading.content({}, &diff));
    EXPECT_TRUE(text.contains("port=\"BE \\\"quoted\\\" \\\\ back\\nslash\""));
    const ToolRun check = runTool(QStringLiteral("promtool"), {QStringLiteral("check"), QStringLiteral("metrics")}, text);
    EXPECT_EQ(check.exitCode, 0) << check.out.toStdString() << check.err.toStdString();
    EXPECT_TRUE(check.err.trimmed().isEmpty()) << "lint: " << check.err.toStdString();
    EXPECT_TRUE(check.out.trimmed().isEmpty()) << "lint: " << check.out.toStdString();
}

} // namespace
} // namespace pathlens
