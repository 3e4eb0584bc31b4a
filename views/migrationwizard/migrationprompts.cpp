#include "views/migrationwizard/migrationprompts.h"

#include <QAbstractButton>
#include <QFileDialog>
#include <QPushButton>

#include <vector>

namespace pathlens {

MigrationPrompts MigrationPrompts::withDefaults() const
{
    MigrationPrompts prompts = *this;
    if (!prompts.ask)
        prompts.ask = askWithMessageBox;
    if (!prompts.chooseSaveFile)
        prompts.chooseSaveFile = chooseSaveFileWithDialog;
    return prompts;
}

int askWithMessageBox(QWidget *parent, const MigrationQuestion &question)
{
    QMessageBox box(question.icon, question.title, question.text, QMessageBox::NoButton, parent);
    box.setTextFormat(Qt::PlainText);
    if (!question.informativeText.isEmpty())
        box.setInformativeText(
            question.informativeText.toHtmlEscaped().replace(QLatin1Char('\n'), QLatin1String("<br>")));
    std::vector<QAbstractButton *> buttons;
    for (int i = 0; i < question.answers.size(); ++i) {
        // The role only decides the buttons' order on each platform; the
        // answer is the button itself.
        const QMessageBox::ButtonRole role = i == question.escapeAnswer ? QMessageBox::RejectRole
            : i == question.defaultAnswer                              ? QMessageBox::AcceptRole
                                                                       : QMessageBox::ActionRole;
        QPushButton *button = box.addButton(question.answers.at(i), role);
        buttons.push_back(button);
        if (i == question.defaultAnswer)
            box.setDefaultButton(button);
        if (i == question.escapeAnswer)
            box.setEscapeButton(button);
    }
    box.exec();
    for (std::size_t i = 0; i < buttons.size(); ++i) {
        if (box.clickedButton() == buttons[i])
            return static_cast<int>(i);
    }
    return question.escapeAnswer;
}

QString chooseSaveFileWithDialog(QWidget *parent, const QString &caption, const QString &suggestedPath,
                                 const QString &filter)
{
    return QFileDialog::getSaveFileName(parent, caption, suggestedPath, filter);
}

} // namespace pathlens
