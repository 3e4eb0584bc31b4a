#include "views/icontextbrowser.h"

#include "views/presentation.h"

#include <QEvent>
#include <QUrl>

namespace pathlens {

IconTextBrowser::IconTextBrowser(QWidget *parent)
    : QTextBrowser(parent)
{
    // Links are handled by the owner; never navigate away from generated text.
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setUndoRedoEnabled(false);
}

QString IconTextBrowser::iconSource(const QString &name, int size)
{
    return size == 16 ? QStringLiteral("icon:%1").arg(name) : QStringLiteral("icon:%1?%2").arg(name).arg(size);
}

QVariant IconTextBrowser::loadResource(int type, const QUrl &name)
{
    if (type != QTextDocument::ImageResource || name.scheme() != QLatin1String("icon"))
        return QTextBrowser::loadResource(type, name);

    const QString key = name.toString();
    auto it = m_cache.constFind(key);
    if (it == m_cache.constEnd()) {
        bool ok = false;
        int size = name.query().toInt(&ok);
        if (!ok || size <= 0 || size > 128)
            size = 16;
        it = m_cache.insert(key, renderIcon(name.path(), size, devicePixelRatioF()));
    }
    return *it;
}

void IconTextBrowser::changeEvent(QEvent *event)
{
    // Moving to a screen with another pixel ratio needs freshly rendered icons.
    if (event->type() == QEvent::ScreenChangeInternal)
        m_cache.clear();
    QTextBrowser::changeEvent(event);
}

} // namespace pathlens
