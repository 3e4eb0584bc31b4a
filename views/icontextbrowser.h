#pragma once

#include <QHash>
#include <QImage>
#include <QTextBrowser>

namespace pathlens {

/// A read-only rich-text view that resolves "icon:<name>" (16 px) and
/// "icon:<name>?<size>" image sources to the application's SVG icons,
/// rendered for the screen's pixel ratio.
class IconTextBrowser final : public QTextBrowser
{
    Q_OBJECT

public:
    explicit IconTextBrowser(QWidget *parent = nullptr);

    /// "icon:path-ao" or "icon:path-ao?24", for use in <img src=...>.
    static QString iconSource(const QString &name, int size = 16);

protected:
    QVariant loadResource(int type, const QUrl &name) override;
    void changeEvent(QEvent *event) override;

private:
    QHash<QString, QImage> m_cache;
};

} // namespace pathlens
