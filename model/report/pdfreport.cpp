#include "model/report/pdfreport.h"

#include "model/report/htmlreport.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QFont>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>

namespace pathlens {

namespace {

QString words(const std::string &text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

} // namespace

std::optional<Error> writePdfReport(const ReportContent &content, QIODevice &device)
{
    // Laying out text needs the font database, which only a GUI application
    // has (on a headless machine: the offscreen platform).
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return Error{"write PDF report", "the PDF writer needs a GUI application object for its fonts", 0};
    QPdfWriter writer(&device);
    writer.setResolution(150);
    writer.setTitle(QStringLiteral("PathLens path report"));
    writer.setCreator(QStringLiteral("PathLens"));
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(10, 10, 10, 10),
                                     QPageLayout::Millimeter));

    QPainter painter;
    if (!painter.begin(&writer))
        return Error{"write PDF report", "cannot start the PDF document", 0};

    const QRect page = writer.pageLayout().paintRectPixels(writer.resolution()).translated(
        -writer.pageLayout().paintRectPixels(writer.resolution()).topLeft());
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(7.5);
    // Latin text without shaping has no ligatures: "fi" stays two letters
    // that search and copy find, instead of one glyph they do not.
    font.setStyleStrategy(QFont::PreferNoShaping);
    const QFontMetrics metrics(font, &writer);
    const int bandHeight = metrics.height() * 2;
    const QRect body(0, bandHeight, page.width(), page.height() - 2 * bandHeight);

    QTextDocument document;
    document.documentLayout()->setPaintDevice(&writer);
    document.setDefaultFont(font);
    document.setDocumentMargin(0);
    document.setPageSize(body.size());
    document.setHtml(QString::fromUtf8(printHtmlReport(content)));
    const int pages = document.pageCount();

    const QString title = QStringLiteral("PathLens path report \u00b7 %1").arg(words(content.scopeText));
    const QString generated = QStringLiteral("Generated %1").arg(words(isoTime(content.generated)));
    const QString source = metrics.elidedText(
        QStringLiteral("Source: %1").arg(content.backend.empty() ? QStringLiteral("unknown") : words(content.backend)),
        Qt::ElideMiddle, page.width() * 3 / 4);

    for (int index = 0; index < pages; ++index) {
        if (index > 0 && !writer.newPage()) {
            painter.end();
            return Error{"write PDF report", "cannot add page " + std::to_string(index + 1), 0};
        }
        painter.setFont(font);
        painter.setPen(Qt::black);
        const QRect header(0, 0, page.width(), bandHeight);
        painter.drawText(header, Qt::AlignLeft | Qt::AlignVCenter, title);
        painter.drawText(header, Qt::AlignRight | Qt::AlignVCenter, generated);
        painter.drawLine(0, bandHeight - metrics.height() / 3, page.width(), bandHeight - metrics.height() / 3);
        const QRect footer(0, page.height() - bandHeight, page.width(), bandHeight);
        painter.drawLine(0, footer.top() + metrics.height() / 3, page.width(), footer.top() + metrics.height() / 3);
        painter.drawText(footer, Qt::AlignLeft | Qt::AlignVCenter, source);
        painter.drawText(footer, Qt::AlignRight | Qt::AlignVCenter,
                         QStringLiteral("Page %1 of %2").arg(index + 1).arg(pages));

        // The body shows the document's page @p index through a window.
        painter.save();
        painter.translate(body.left(), body.top() - index * body.height());
        QAbstractTextDocumentLayout::PaintContext context;
        context.clip = QRectF(0, index * body.height(), body.width(), body.height());
        painter.setClipRect(context.clip);
        document.documentLayout()->draw(&painter, context);
        painter.restore();
    }
    if (!painter.end())
        return Error{"write PDF report", "cannot finish the PDF document", 0};
    return std::nullopt;
}

Result<QByteArray> pdfReport(const ReportContent &content)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (auto error = writePdfReport(content, buffer))
        return *error;
    buffer.close();
    return bytes;
}

} // namespace pathlens
