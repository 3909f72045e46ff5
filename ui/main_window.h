// The analyst's main window: library, viewer, assistant and reports as docks/tabs.
// This is the walking skeleton; panels are added as their layers land.
#pragma once
#include <QMainWindow>

class QTabWidget;
class QLabel;

namespace perimeter::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

private:
    void create_actions();
    QTabWidget* tabs_ = nullptr;
    QLabel* status_ = nullptr;
};

}  // namespace perimeter::ui
