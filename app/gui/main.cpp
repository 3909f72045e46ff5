// perimeter: the Qt6 desktop workstation.
#include <QApplication>

#include "ui/main_window.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Perimeter"));
    QApplication::setApplicationName(QStringLiteral("Perimeter"));
    perimeter::ui::MainWindow window;
    window.show();
    return app.exec();
}
