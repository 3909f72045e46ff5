#include "ui/actions.h"

#include <QAction>

#include "ui/glyph_icon.h"

namespace perimeter::ui {

namespace {
QAction* make(QObject* owner, const char* name, const QKeySequence& shortcut) {
    auto* a = new QAction(owner);
    a->setObjectName(QLatin1String(name));
    if (!shortcut.isEmpty()) a->setShortcut(shortcut);
    a->setShortcutContext(Qt::WindowShortcut);
    return a;
}
}  // namespace

Actions::Actions(QObject* parent) : QObject(parent) {
    setObjectName(QStringLiteral("actions"));
    import_files = make(this, "actionImportFiles", QKeySequence(Qt::CTRL | Qt::Key_O));
    import_folder = make(this, "actionImportFolder", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    open_database = make(this, "actionOpenDatabase", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    remove_documents = make(this, "actionRemoveDocuments", QKeySequence(Qt::Key_Delete));
    refresh = make(this, "actionRefresh", QKeySequence(Qt::Key_F5));
    settings = make(this, "actionSettings", QKeySequence(Qt::CTRL | Qt::Key_Comma));
    quit = make(this, "actionQuit", QKeySequence(Qt::CTRL | Qt::Key_Q));
    find = make(this, "actionFind", QKeySequence(Qt::CTRL | Qt::Key_F));
    filter_library = make(this, "actionFilterLibrary", QKeySequence(Qt::CTRL | Qt::Key_K));
    zoom_in = make(this, "actionZoomIn", QKeySequence(Qt::CTRL | Qt::Key_Plus));
    zoom_out = make(this, "actionZoomOut", QKeySequence(Qt::CTRL | Qt::Key_Minus));
    zoom_fit = make(this, "actionZoomFit", QKeySequence(Qt::CTRL | Qt::Key_0));
    next_page = make(this, "actionNextPage", QKeySequence(Qt::Key_PageDown));
    previous_page = make(this, "actionPreviousPage", QKeySequence(Qt::Key_PageUp));
    ask = make(this, "actionAsk", QKeySequence(Qt::CTRL | Qt::Key_Return));
    stop = make(this, "actionStop", QKeySequence(Qt::Key_Escape));
    new_conversation = make(this, "actionNewConversation", QKeySequence(Qt::CTRL | Qt::Key_N));
    summary = make(this, "actionSummary", QKeySequence(Qt::CTRL | Qt::Key_R));
    recommendation = make(this, "actionRecommendation", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    save_edit = make(this, "actionSaveEdit", QKeySequence(Qt::CTRL | Qt::Key_S));
    approve = make(this, "actionApprove", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    export_report = make(this, "actionExportReport", QKeySequence(Qt::CTRL | Qt::Key_E));
    about = make(this, "actionAbout", {});
    quit->setMenuRole(QAction::QuitRole);
    settings->setMenuRole(QAction::PreferencesRole);
    stop->setEnabled(false);
    zoom_in->setIcon(glyph_icon(QStringLiteral("+")));
    zoom_out->setIcon(glyph_icon(QStringLiteral("−")));
    zoom_fit->setIcon(glyph_icon(QStringLiteral("↔")));
    retranslate();
}

void Actions::retranslate() {
    auto set = [](QAction* a, const QString& text, const QString& tip) {
        a->setText(text);
        const QString keys = a->shortcut().toString(QKeySequence::NativeText);
        a->setToolTip(keys.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, keys));
        a->setStatusTip(tip);
    };
    set(import_files, tr("&Import Files…"), tr("Import PDF files or scanned images into the library"));
    set(import_folder, tr("Import &Folder…"), tr("Import every PDF and image in a folder and its sub-folders"));
    set(open_database, tr("Open &Library File…"), tr("Open another library database file"));
    set(remove_documents, tr("&Remove from Library"), tr("Remove the selected documents and everything derived from them"));
    set(refresh, tr("Re&fresh"), tr("Read the library again"));
    set(settings, tr("&Settings…"), tr("Language, import and report settings"));
    set(quit, tr("&Quit"), tr("Close the application"));
    set(find, tr("&Find in Document…"), tr("Search the text of the open document"));
    set(filter_library, tr("Filter &Library"), tr("Filter the library's documents by name"));
    set(zoom_in, tr("Zoom &In"), tr("Enlarge the page"));
    set(zoom_out, tr("Zoom &Out"), tr("Reduce the page"));
    set(zoom_fit, tr("Fit &Width"), tr("Fit the page to the width of the viewer"));
    set(next_page, tr("&Next Page"), tr("Show the next page"));
    set(previous_page, tr("&Previous Page"), tr("Show the previous page"));
    set(ask, tr("&Ask"), tr("Ask the question about the selected documents"));
    set(stop, tr("S&top"), tr("Stop the answer or report being written"));
    set(new_conversation, tr("New &Conversation"), tr("Start a new conversation without the earlier questions"));
    set(summary, tr("Write &Summary"), tr("Write a cited summary of the selected documents"));
    set(recommendation, tr("Write &Recommendation"), tr("Write a cited investment recommendation for the selected documents"));
    set(save_edit, tr("Save &Edit"), tr("Save your changes as a new version and re-check its figures"));
    set(approve, tr("A&pprove"), tr("Mark the report as approved"));
    set(export_report, tr("E&xport…"), tr("Export the report as PDF and Markdown"));
    set(about, tr("&About Perimeter"), tr("Version and licence"));
}

}  // namespace perimeter::ui
