#pragma once

#include <QFrame>
#include <QStringList>

class QLabel;
class QToolButton;

namespace pathlens {

/// A calm strip above the tree that says which sources could not be read.
/// Hidden while there is nothing to say. Text is shown as plain text: problem
/// messages quote remote systems and are never interpreted as markup.
class ProblemsBanner final : public QFrame
{
    Q_OBJECT

public:
    explicit ProblemsBanner(QWidget *parent = nullptr);

    void setProblems(const QStringList &problems);
    QStringList problems() const { return m_problems; }

    /// The text currently shown (summary and, when expanded, the full list).
    QString text() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateText();
    void updateColours();

    QLabel *m_icon = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_list = nullptr;
    QToolButton *m_toggle = nullptr;
    QStringList m_problems;
    bool m_expanded = false;
};

} // namespace pathlens
