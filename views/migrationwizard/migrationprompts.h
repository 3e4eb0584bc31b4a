#pragma once

// The questions the driver replacement wizard asks the admin, behind small
// replaceable functions: the console shows message boxes and file dialogs,
// tests (and scripted use) answer them without a window.

#include <QMessageBox>
#include <QString>
#include <QStringList>

#include <functional>

class QWidget;

namespace pathlens {

/// A question with its answers as button labels.
struct MigrationQuestion {
    QMessageBox::Icon icon = QMessageBox::Question;
    QString title;
    QString text;            ///< plain text; names from the storage system are never read as markup
    QString informativeText; ///< the smaller text below, optional
    QStringList answers;     ///< button labels, in order
    int defaultAnswer = 0;   ///< the answer Enter picks
    int escapeAnswer = -1;   ///< the answer Escape or closing picks; -1: none of them
};

struct MigrationPrompts {
    /// Returns the index of the chosen answer, or -1 when the question was
    /// closed without one.
    using Ask = std::function<int(QWidget *parent, const MigrationQuestion &question)>;
    /// Returns the file to write, or an empty string when the admin cancelled.
    using ChooseSaveFile = std::function<QString(QWidget *parent, const QString &caption,
                                                 const QString &suggestedPath, const QString &filter)>;

    Ask ask;                       ///< empty: askWithMessageBox
    ChooseSaveFile chooseSaveFile; ///< empty: chooseSaveFileWithDialog

    /// These prompts with the console's defaults where a function is empty.
    MigrationPrompts withDefaults() const;
};

/// A modal message box with one button per answer.
int askWithMessageBox(QWidget *parent, const MigrationQuestion &question);
/// QFileDialog::getSaveFileName.
QString chooseSaveFileWithDialog(QWidget *parent, const QString &caption, const QString &suggestedPath,
                                 const QString &filter);

} // namespace pathlens
