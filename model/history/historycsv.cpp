#include "model/history/historycsv.h"

#include <QDateTime>
#include <QLocale>
#include <QSaveFile>

namespace pathlens {

namespace {

QByteArray utcTime(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8();
}

QByteArray number(double value)
{
    // Shortest form that reads back as the same double.
    return QString::number(value, 'g', QLocale::FloatingPointShortest).toLatin1();
}

} // namespace

QByteArray csvField(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    const bool quote = utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r');
    if (!quote)
        return utf8;
    utf8.replace("\"", "\"\"");
    return '"' + utf8 + '"';
}

QByteArray seriesToCsv(const std::vector<RateSeries> &series, const QStringList &names)
{
    QByteArray csv = "series,metric,start_utc,end_utc,min,avg,max\r\n";
    for (std::size_t s = 0; s < series.size(); ++s) {
        const RateSeries &one = series[s];
        const QString name = qsizetype(s) < names.size() && !names.at(qsizetype(s)).isEmpty()
            ? names.at(qsizetype(s))
            : QString::fromStdString(one.keyPath);
        const QByteArray prefix = csvField(name) + ',' + csvField(QString::fromUtf8(toString(one.metric))) + ',';
        for (const SeriesPoint &point : one.points) {
            csv += prefix;
            csv += utcTime(point.startMs) + ',' + utcTime(point.endMs) + ',';
            csv += number(point.min) + ',' + number(point.avg) + ',' + number(point.max) + "\r\n";
        }
    }
    return csv;
}

bool writeSeriesCsv(const QString &fileName, const std::vector<RateSeries> &series, const QStringList &names,
                    QString *error)
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(fileName, file.errorString());
        return false;
    }
    const QByteArray csv = seriesToCsv(series, names);
    if (file.write(csv) != csv.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(fileName, file.errorString());
        file.cancelWriting();
        return false;
    }
    return true;
}

} // namespace pathlens
