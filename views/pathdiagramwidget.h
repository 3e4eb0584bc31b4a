#pragma once

#include "model/pathdiagram.h"

#include <QList>
#include <QPainterPath>
#include <QRectF>
#include <QString>
#include <QWidget>

namespace pathlens {

/// Paints a PathDiagram: HBA ports, target ports and target port groups,
/// one line per path. A line's colour and its pattern both say the ALUA state
/// (solid A/O, dashed A/NO, dotted Standby, crossed Failed/Unavailable), so
/// it reads in grey-scale too; paths that carry I/O are drawn thick with
/// their share of the disk's reads and writes. Tooltips explain every line
/// and box; clicking one asks for its tree row.
class PathDiagramWidget final : public QWidget
{
    Q_OBJECT

public:
    explicit PathDiagramWidget(QWidget *parent = nullptr);

    void setDiagram(PathDiagram diagram);
    const PathDiagram &diagram() const { return m_diagram; }

    /// An I/O label as laid out for the current width.
    struct EdgeLabel {
        int edge = -1;
        QString text;
        QRectF rect;
    };
    QList<EdgeLabel> edgeLabels() const;
    /// The node texts as painted (elided to their boxes), in node order.
    QStringList nodeTexts() const;
    /// The legend's two lines: the key to the lines, then what was measured.
    QString legendText() const;
    /// The tooltip at a point, as plain text; empty where there is nothing.
    QString toolTipTextAt(const QPointF &pos) const;
    int edgeAt(const QPointF &pos) const; ///< -1: none
    int nodeAt(const QPointF &pos) const; ///< -1: none
    const PathDiagramGeometry &layoutGeometry() const { return m_geometry; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    /// A path's line or an HBA port was clicked: its tree row's key path.
    void rowActivated(const QString &keyPath);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool event(QEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    PathDiagramMetrics metrics(double width) const;
    void relayout();
    QPainterPath edgePath(int edge) const;
    QString activationTarget(const QPointF &pos) const;

    PathDiagram m_diagram;
    PathDiagramGeometry m_geometry;
    QList<QPainterPath> m_edgePaths;
    QList<QPainterPath> m_edgeHitAreas;
    int m_hoverEdge = -1;
};

} // namespace pathlens
