// Every action of the main window, created in one place: each has an objectName (tests and
// the shortcut editor find it by name), a translated text and tooltip, and its shortcut.
// Panels receive the actions they show; the main window connects what they do.
#pragma once
#include <QObject>

class QAction;

namespace perimeter::ui {

class Actions : public QObject {
    Q_OBJECT
public:
    explicit Actions(QObject* parent);

    // File
    QAction* import_files;     // Ctrl+O
    QAction* import_folder;    // Ctrl+Shift+O
    QAction* open_database;    // Ctrl+Shift+D
    QAction* remove_documents; // Delete
    QAction* refresh;          // F5
    QAction* settings;         // Ctrl+,
    QAction* quit;             // Ctrl+Q
    // Document
    QAction* find;             // Ctrl+F
    QAction* filter_library;   // Ctrl+K
    QAction* zoom_in;          // Ctrl++
    QAction* zoom_out;         // Ctrl+-
    QAction* zoom_fit;         // Ctrl+0
    QAction* next_page;        // PgDown
    QAction* previous_page;    // PgUp
    // Assistant
    QAction* ask;              // Ctrl+Return
    QAction* stop;             // Esc
    QAction* new_conversation; // Ctrl+N
    // Reports
    QAction* summary;          // Ctrl+R
    QAction* recommendation;   // Ctrl+Shift+R
    QAction* save_edit;        // Ctrl+S
    QAction* approve;          // Ctrl+Shift+A
    QAction* export_report;    // Ctrl+E
    // Help
    QAction* about;

    void retranslate();
};

}  // namespace perimeter::ui
