// perimeter: the Qt6 desktop workstation.
#include <QApplication>

#include "ui/main_window.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Perimeter");
    QApplication::setApplicationName("Perimeter");
    perimeter::ui::MainWindow window;
    window.show();
    return app.exec();
}
