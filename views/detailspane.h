#pragma once

#include "model/pathdiagram.h"

#include <QList>
#include <QPersistentModelIndex>
#include <QWidget>

class QLabel;
class QSplitter;

namespace pathlens {

class IconTextBrowser;
class InventoryTreeModel;
class PathDiagramWidget;

/// Everything known about the selected server, port, back-end disk or path,
/// as a read-only page; with nothing selected, an overview of the group. For a
/// disk (or one of its paths) a diagram below the page shows all the disk's
/// paths and which of them carry its I/O.
///
/// Rendering is deferred to the next turn of the event loop and coalesced:
/// selection changes can arrive in the middle of a model merge, when entries
/// must not be read, and a refresh may announce many changes at once.
class DetailsPane final : public QWidget
{
    Q_OBJECT

public:
    explicit DetailsPane(InventoryTreeModel &model, QWidget *parent = nullptr);
    ~DetailsPane() override;

    /// Shows this row of the model (any column); an invalid index shows the overview.
    void setCurrentIndex(const QModelIndex &index);
    QModelIndex currentIndex() const;

    /// Renders the page again from the model's current state (deferred).
    void refresh();
    /// Renders at once; for callers that just left the model alone.
    void renderNow();

    QString html() const;
    QString plainText() const;

    /// Feeds the I/O measurement behind the path diagram: call with each
    /// reading's counters, in the order of the readings (every refresh).
    void setCounterReadings(const PathCounterReadings &readings);
    /// The diagram of the selected disk; hidden for other rows.
    PathDiagramWidget *pathDiagram() const { return m_diagram; }
    bool isPathDiagramShown() const;

Q_SIGNALS:
    /// A link to another row was followed (e.g. a path in a disk's path table).
    void navigateRequested(const QModelIndex &index);

private:
    void scheduleRender();
    void onLinkActivated(const QUrl &url);
    void onDiagramRowActivated(const QString &keyPath);

    InventoryTreeModel &m_model;
    IconTextBrowser *m_browser = nullptr;
    QPersistentModelIndex m_index;
    QPersistentModelIndex m_renderedIndex;
    QString m_renderedHtml;
    QList<QPersistentModelIndex> m_links; ///< targets of "row:<n>" links in the page
    bool m_renderPending = false;

    PathIoTracker m_io; ///< counters of the last two readings, for the diagram's I/O shares
    QSplitter *m_splitter = nullptr;
    QWidget *m_diagramBox = nullptr;
    QLabel *m_diagramTitle = nullptr;
    PathDiagramWidget *m_diagram = nullptr;
    bool m_diagramSized = false; ///< the splitter got its first sizes for the diagram
};

} // namespace pathlens
