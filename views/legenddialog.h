#pragma once

#include <QDialog>

namespace pathlens {

/// Help > Legend: what each icon and ALUA state means.
class LegendDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit LegendDialog(QWidget *parent = nullptr);

    /// The legend as rich text (also used by tests).
    static QString legendHtml(const QPalette &palette);
};

} // namespace pathlens
