// CSV export of chart series (RFC 4180): hostile names are quoted, lines end
// in CRLF, values read back as they were, and a failed write loses nothing.

#include "model/history/historycsv.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace pathlens {
namespace {

// A small RFC 4180 reader, so the test checks what a spreadsheet would see.
std::vector<std::vector<std::string>> parseCsv(const QByteArray &csv)
{
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (qsizetype i = 0; i < csv.size(); ++i) {
        const char c = csv[i];
        if (quoted) {
            if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(std::move(field));
            field.clear();
        } else if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
            rows.back().push_back(std::move(field));
            field.clear();
            rows.emplace_back();
            ++i;
        } else {
            field += c;
        }
    }
    if (!field.empty() || !rows.back().empty())
        rows.back().push_back(field);
    if (rows.back().empty())
        rows.pop_back();
    return rows;
}

std::vector<RateSeries> twoSeries()
{
    RateSeries a;
    a.keyPath = "s/p/d/0000000077040000";
    a.metric = Metric::ReadIops;
    a.points = {{1'717'200'000'000, 1'717'200'002'000, 300, 300, 300},
                {1'717'200'002'000, 1'717'200'004'000, 0.1, 1234.5678901234, 1e9}};
    RateSeries b;
    b.keyPath = "s/p/d";
    b.metric = Metric::WriteMBps;
    b.resolutionMs = 60'000;
    b.points = {{1'717'200'060'000, 1'717'200'120'000, 1.5, 2.25, 3.0}};
    return {a, b};
}

TEST(HistoryCsv, RowsReadBackExactly)
{
    const QByteArray csv = seriesToCsv(twoSeries());
    EXPECT_TRUE(csv.endsWith("\r\n"));
    EXPECT_FALSE(csv.contains("\r\n\r\n"));
    const auto rows = parseCsv(csv);
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"series", "metric", "start_utc", "end_utc", "min", "avg", "max"}));
    EXPECT_EQ(rows[1][0], "s/p/d/0000000077040000");
    EXPECT_EQ(rows[1][1], "Read IOPS");
    EXPECT_EQ(rows[1][2], "2024-06-01T00:00:00.000Z");
    EXPECT_EQ(rows[1][3], "2024-06-01T00:00:02.000Z");
    EXPECT_EQ(std::stod(rows[2][4]), 0.1);
    EXPECT_EQ(std::stod(rows[2][5]), 1234.5678901234);
    EXPECT_EQ(std::stod(rows[2][6]), 1e9);
    EXPECT_EQ(rows[3][1], "Write MB/s");
    EXPECT_EQ(rows[3][2], "2024-06-01T00:01:00.000Z");
}

TEST(HistoryCsv, HostileNamesAreQuoted)
{
    const QStringList names = {QStringLiteral("DCS-A, \"BE1\"\n<script>alert(1)</script>"), QString()};
    const QByteArray csv = seriesToCsv(twoSeries(), names);
    const auto rows = parseCsv(csv);
    ASSERT_EQ(rows.size(), 4u);
    for (const auto &row : rows)
        EXPECT_EQ(row.size(), 7u);
    EXPECT_EQ(rows[1][0], "DCS-A, \"BE1\"\n<script>alert(1)</script>");
    EXPECT_EQ(rows[3][0], "s/p/d"); // no name: the key path
    EXPECT_EQ(csvField(QStringLiteral("plain")), "plain");
    EXPECT_EQ(csvField(QStringLiteral("a\"b")), "\"a\"\"b\"");
    EXPECT_EQ(csvField(QStringLiteral("line\rbreak")), "\"line\rbreak\"");
    EXPECT_EQ(csvField(QString::fromUtf8("Fäll")), QByteArray("F\xc3\xa4ll"));
}

TEST(HistoryCsv, WritesAFileAndRefusesAnUnwritableOne)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("io.csv"));
    QString error;
    ASSERT_TRUE(writeSeriesCsv(path, twoSeries(), {}, &error)) << error.toStdString();
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll(), seriesToCsv(twoSeries()));
    file.close();

    // Into a folder that does not exist: an error in words, the old file untouched.
    EXPECT_FALSE(writeSeriesCsv(dir.filePath(QStringLiteral("missing/io.csv")), twoSeries(), {}, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("missing/io.csv"))) << error.toStdString();
    EXPECT_FALSE(QFile::exists(dir.filePath(QStringLiteral("missing"))));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll(), seriesToCsv(twoSeries()));
}

TEST(HistoryCsv, EmptySeriesGiveTheHeaderOnly)
{
    EXPECT_EQ(seriesToCsv({}), QByteArray("series,metric,start_utc,end_utc,min,avg,max\r\n"));
}

} // namespace
} // namespace pathlens
