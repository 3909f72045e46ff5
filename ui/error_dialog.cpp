#include "ui/error_dialog.h"

#include <QMessageBox>

#include "ui/error_text.h"

namespace perimeter::ui {

void show_error(QWidget* parent, const ErrorInfo& error) {
    const ErrorText::Text t = ErrorText::describe(error);
    auto* box = new QMessageBox(parent);
    box->setObjectName(QStringLiteral("errorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setIcon(error.code == QLatin1String("cancelled") ? QMessageBox::Information : QMessageBox::Warning);
    box->setWindowTitle(t.title);
    box->setText(t.what);
    box->setInformativeText(t.todo);
    if (!error.message.isEmpty()) box->setDetailedText(error.message);
    box->setStandardButtons(QMessageBox::Close);
    box->setAccessibleName(t.title);
    box->open();
}

}  // namespace perimeter::ui
