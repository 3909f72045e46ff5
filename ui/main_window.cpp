#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>

namespace perimeter::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName("mainWindow");
    setWindowTitle(tr("Perimeter"));
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName("mainTabs");
    auto* library = new QLabel(tr("Library: drop PDFs or scans here to import them."), tabs_);
    library->setObjectName("libraryPlaceholder");
    library->setAlignment(Qt::AlignCenter);
    tabs_->addTab(library, tr("Library"));
    setCentralWidget(tabs_);
    status_ = new QLabel(tr("Ready. Nothing leaves this machine."), this);
    statusBar()->addWidget(status_);
    create_actions();
    resize(1600, 1000);
}

void MainWindow::create_actions() {
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* quit = new QAction(tr("&Quit"), this);
    quit->setObjectName("actionQuit");
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    file->addAction(quit);
}

}  // namespace perimeter::ui
