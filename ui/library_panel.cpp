#include "ui/library_panel.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/library_filter.h"
#include "ui/library_model.h"
#include "ui/progress_delegate.h"

namespace perimeter::ui {

LibraryPanel::LibraryPanel(LibraryModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    setObjectName(QStringLiteral("libraryPanel"));
    setAcceptDrops(true);
    filter_ = new LibraryFilter(this);
    filter_->setSourceModel(model_);

    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("libraryTitle"));
    QFont f = title_->font();
    f.setBold(true);
    title_->setFont(f);
    collection_ = new QComboBox(this);
    collection_->setObjectName(QStringLiteral("collectionFilter"));
    search_ = new QLineEdit(this);
    search_->setObjectName(QStringLiteral("librarySearch"));
    search_->setClearButtonEnabled(true);

    view_ = new QTableView(this);
    view_->setObjectName(QStringLiteral("libraryView"));
    view_->setModel(filter_);
    view_->setItemDelegateForColumn(LibraryModel::Status, new ProgressDelegate(view_));
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setSortingEnabled(true);
    view_->sortByColumn(LibraryModel::Name, Qt::AscendingOrder);
    view_->setShowGrid(false);
    view_->setAlternatingRowColors(true);
    view_->setWordWrap(false);
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(28);
    view_->horizontalHeader()->setHighlightSections(false);
    view_->horizontalHeader()->setSectionResizeMode(LibraryModel::Name, QHeaderView::Stretch);
    view_->horizontalHeader()->setSectionResizeMode(LibraryModel::Status, QHeaderView::ResizeToContents);
    view_->horizontalHeader()->setSectionResizeMode(LibraryModel::Pages, QHeaderView::ResizeToContents);
    view_->horizontalHeader()->setSectionResizeMode(LibraryModel::Source, QHeaderView::ResizeToContents);
    for (int c : {int(LibraryModel::Collection), int(LibraryModel::Added), int(LibraryModel::Size)}) view_->hideColumn(c);
    view_->setDragDropMode(QAbstractItemView::DropOnly);
    view_->setAcceptDrops(true);
    view_->setDropIndicatorShown(false);

    import_files_ = new QToolButton(this);
    import_files_->setObjectName(QStringLiteral("importButton"));
    import_files_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    import_folder_ = new QToolButton(this);
    import_folder_->setObjectName(QStringLiteral("importFolderButton"));
    import_folder_->setToolButtonStyle(Qt::ToolButtonTextOnly);

    batch_box_ = new QWidget(this);
    batch_box_->setObjectName(QStringLiteral("ingestBox"));
    batch_label_ = new QLabel(batch_box_);
    batch_label_->setObjectName(QStringLiteral("ingestLabel"));
    batch_bar_ = new QProgressBar(batch_box_);
    batch_bar_->setObjectName(QStringLiteral("ingestProgress"));
    batch_bar_->setTextVisible(false);
    batch_bar_->setMaximumHeight(8);
    cancel_ = new QPushButton(batch_box_);
    cancel_->setObjectName(QStringLiteral("cancelIngestButton"));
    auto* bl = new QHBoxLayout(batch_box_);
    bl->setContentsMargins(0, 0, 0, 0);
    bl->addWidget(batch_label_);
    bl->addWidget(batch_bar_, 1);
    bl->addWidget(cancel_);
    batch_box_->hide();

    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("librarySummary"));
    summary_->setStyleSheet(QStringLiteral("color: #5b6573;"));

    // The dock's title names the panel; the title label is for the panel shown on its own.
    title_->hide();
    auto* top = new QHBoxLayout;
    top->addWidget(import_files_);
    top->addWidget(import_folder_);
    top->addStretch(1);
    auto* filters = new QHBoxLayout;
    filters->addWidget(collection_);
    filters->addWidget(search_, 1);
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(8, 8, 8, 8);
    lay->addLayout(top);
    lay->addLayout(filters);
    lay->addWidget(view_, 1);
    lay->addWidget(batch_box_);
    lay->addWidget(summary_);

    connect(search_, &QLineEdit::textChanged, filter_, &LibraryFilter::set_text);
    connect(collection_, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (collection_->itemData(index, Qt::UserRole + 1).toBool()) {  // "New collection…"
            ask_new_collection();
            return;
        }
        last_collection_ = index;
        filter_->set_collection(current_collection());
    });
    connect(cancel_, &QPushButton::clicked, this, [this] {
        cancel_->setEnabled(false);
        Q_EMIT cancel_requested();
    });
    connect(model_, &LibraryModel::files_dropped, this, &LibraryPanel::import_requested);
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { Q_EMIT selection_changed(selected_ids()); });
    connect(view_, &QTableView::doubleClicked, this, &LibraryPanel::activated);
    connect(view_, &QTableView::activated, this, &LibraryPanel::activated);
    retranslate();
}

void LibraryPanel::set_import_actions(QAction* files, QAction* folder) {
    import_files_->setDefaultAction(files);
    import_folder_->setDefaultAction(folder);
}

void LibraryPanel::activated(const QModelIndex& proxy_index) {
    const QModelIndex src = filter_->mapToSource(proxy_index);
    const DocumentRow* d = model_->row_at(src.row());
    if (!d) return;
    if (d->status == ingest::DocStatus::Ready) {
        Q_EMIT open_requested(d->id);
    } else if (d->status == ingest::DocStatus::Failed) {
        ErrorInfo e;
        e.domain = QStringLiteral("ingest");
        e.code = d->error_code;
        e.message = d->error_message;
        e.file = d->path;
        Q_EMIT error_details_requested(e);
    }
}

QVector<qint64> LibraryPanel::selected_ids() const {
    QVector<qint64> ids;
    for (const QModelIndex& i : view_->selectionModel()->selectedRows()) {
        const DocumentRow* d = model_->row_at(filter_->mapToSource(i).row());
        if (d && d->status == ingest::DocStatus::Ready && d->id != 0) ids.push_back(d->id);
    }
    return ids;
}

QString LibraryPanel::current_collection() const { return collection_->currentData().toString(); }

void LibraryPanel::focus_filter() {
    search_->setFocus(Qt::ShortcutFocusReason);
    search_->selectAll();
}

void LibraryPanel::refill_collections() {
    const QString keep = current_collection();
    const QSignalBlocker block(collection_);
    collection_->clear();
    collection_->addItem(tr("All documents"), QString());
    QStringList names = model_->collections();
    for (const QString& c : new_collections_)
        if (!names.contains(c)) names << c;
    for (const QString& c : names) collection_->addItem(c, c);
    collection_->insertSeparator(collection_->count());
    collection_->addItem(tr("New collection…"));
    collection_->setItemData(collection_->count() - 1, true, Qt::UserRole + 1);
    const int i = collection_->findData(keep);
    collection_->setCurrentIndex(i < 0 ? 0 : i);
    last_collection_ = collection_->currentIndex();
    filter_->set_collection(current_collection());
}

void LibraryPanel::add_collection(const QString& name) {
    const QString n = name.trimmed();
    if (n.isEmpty()) return;
    if (!new_collections_.contains(n)) new_collections_ << n;
    refill_collections();
    collection_->setCurrentIndex(collection_->findData(n));
}

void LibraryPanel::ask_new_collection() {
    {
        const QSignalBlocker block(collection_);
        collection_->setCurrentIndex(last_collection_);  // until a name is given
    }
    auto* dlg = new QInputDialog(this);
    dlg->setObjectName(QStringLiteral("newCollectionDialog"));
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setWindowTitle(tr("New collection"));
    dlg->setLabelText(tr("Name of the collection; the next imports join it:"));
    dlg->setOkButtonText(tr("Create"));
    dlg->setCancelButtonText(tr("Cancel"));
    connect(dlg, &QInputDialog::textValueSelected, this, &LibraryPanel::add_collection);
    dlg->open();
}

void LibraryPanel::on_documents_loaded() {
    refill_collections();
    int ready = 0, pages = 0, failed = 0;
    for (int r = 0; r < model_->rowCount(); ++r) {
        const DocumentRow* d = model_->row_at(r);
        if (d->status == ingest::DocStatus::Ready) {
            ++ready;
            pages += d->pages;
        }
        if (d->status == ingest::DocStatus::Failed) ++failed;
    }
    const QLocale loc;
    QString text = tr("%n document(s) ready", nullptr, ready) + QStringLiteral(" · ") +
                   tr("%n page(s)", nullptr, pages);
    if (failed > 0) text += QStringLiteral(" · ") + tr("%n failed", nullptr, failed);
    summary_->setText(text);
}

void LibraryPanel::on_ingest_event(const IngestEvent& e) {
    docs_done_ = e.docs_done;
    docs_total_ = e.docs_total;
    if (!batch_box_->isVisible()) {
        batch_box_->show();
        cancel_->setEnabled(true);
    }
    batch_bar_->setMaximum(std::max(1, docs_total_));
    batch_bar_->setValue(docs_done_);
    const QLocale loc;
    batch_label_->setText(tr("Importing %1 of %2").arg(loc.toString(std::min(docs_done_ + 1, docs_total_)),
                                                       loc.toString(docs_total_)));
}

void LibraryPanel::on_batch_finished(const IngestBatch&) {
    batch_box_->hide();
    docs_done_ = docs_total_ = 0;
}

void LibraryPanel::retranslate() {
    model_->retranslate();
    title_->setText(tr("Library"));
    search_->setPlaceholderText(tr("Filter by name or title"));
    search_->setAccessibleName(tr("Filter documents"));
    search_->setToolTip(tr("Show only documents whose file name or title contains this text"));
    collection_->setAccessibleName(tr("Collection"));
    collection_->setToolTip(tr("Show one collection; new imports join it"));
    view_->setAccessibleName(tr("Documents"));
    view_->setToolTip(tr("Drop PDF files, scans or folders here to import them"));
    cancel_->setText(tr("Cancel"));
    cancel_->setAccessibleName(tr("Cancel the import"));
    cancel_->setToolTip(tr("Stop importing; documents already read are kept"));
    batch_bar_->setAccessibleName(tr("Import progress"));
    summary_->setAccessibleName(tr("Library summary"));
    on_documents_loaded();
}

void LibraryPanel::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(e);
}

void LibraryPanel::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void LibraryPanel::dropEvent(QDropEvent* e) {
    QStringList paths;
    for (const QUrl& u : e->mimeData()->urls())
        if (u.isLocalFile()) paths << u.toLocalFile();
    if (!paths.isEmpty()) {
        e->acceptProposedAction();
        Q_EMIT import_requested(paths);
    }
}

}  // namespace perimeter::ui
