#include "ui/library_model.h"

#include <QColor>
#include <QDateTime>
#include <QFileInfo>
#include <QLocale>
#include <QMimeData>
#include <QUrl>

#include "ui/error_text.h"

namespace perimeter::ui {

using ingest::DocStatus;

LibraryModel::LibraryModel(QObject* parent) : QAbstractTableModel(parent) {}

int LibraryModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

int LibraryModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const DocumentRow* LibraryModel::row_at(int row) const {
    return row >= 0 && row < rows_.size() ? &rows_[row] : nullptr;
}

int LibraryModel::row_of(qint64 doc_id) const {
    for (int i = 0; i < rows_.size(); ++i)
        if (rows_[i].id == doc_id) return i;
    return -1;
}

int LibraryModel::busy_count() const {
    int n = 0;
    for (const auto& r : rows_) n += (r.status == DocStatus::Queued || r.status == DocStatus::Extracting) ? 1 : 0;
    return n;
}

QString LibraryModel::status_text(const DocumentRow& d) {
    switch (d.status) {
        case DocStatus::Queued: return tr("Queued");
        case DocStatus::Extracting:
            return d.pages_total > 0 ? tr("Reading %1 of %2").arg(QLocale().toString(d.pages_done), QLocale().toString(d.pages_total))
                                     : tr("Opening");
        case DocStatus::Ready: return tr("Ready");
        case DocStatus::Failed: return tr("Failed: %1").arg(ErrorText::short_reason(d.error_code));
        case DocStatus::Cancelled: return tr("Cancelled");
    }
    return {};
}

QString LibraryModel::tooltip(const DocumentRow& d) const {
    const QLocale loc;
    QStringList lines;
    lines << d.file_name;
    if (!d.title.isEmpty() && d.title != d.file_name) lines << tr("Title: %1").arg(d.title);
    lines << tr("Status: %1").arg(status_text(d));
    if (d.pages > 0) lines << tr("Pages: %1 (%2 read by OCR)").arg(loc.toString(d.pages), loc.toString(d.ocr_pages));
    if (d.chunks > 0) lines << tr("Passages indexed: %1").arg(loc.toString(d.chunks));
    if (!d.collections.isEmpty()) lines << tr("Collections: %1").arg(d.collections.join(QStringLiteral(", ")));
    if (!d.error_code.isEmpty()) lines << ErrorText::ingest_problem(d.error_code, d.file_name);
    lines << d.path;
    return lines.join(QLatin1Char('\n'));
}

QVariant LibraryModel::data(const QModelIndex& index, int role) const {
    const DocumentRow* d = index.isValid() ? row_at(index.row()) : nullptr;
    if (!d) return {};
    const QLocale loc;
    switch (role) {
        case DocIdRole: return d->id;
        case PathRole: return d->path;
        case StatusRole: return int(d->status);
        case ProgressRole:
            if (d->status == DocStatus::Extracting) return d->pages_total > 0 ? double(d->pages_done) / d->pages_total : 0.0;
            if (d->status == DocStatus::Queued) return 0.0;
            return -1.0;
        case ErrorCodeRole: return d->error_code;
        case ErrorMessageRole: return d->error_message;
        case OcrRole: return d->ocr_pages > 0;
        case CollectionsRole: return d->collections;
        case Qt::ToolTipRole: return tooltip(*d);
        case Qt::AccessibleTextRole:
            if (index.column() == Name) return d->file_name;
            break;
        default: break;
    }
    if (role == Qt::DisplayRole || role == SortRole) {
        const bool sort = role == SortRole;
        switch (index.column()) {
            case Name: return d->file_name;
            case Status: return sort ? QVariant(int(d->status)) : QVariant(status_text(*d));
            case Pages: return sort ? QVariant(d->pages) : QVariant(d->pages > 0 ? loc.toString(d->pages) : QString());
            case Source:
                if (sort) return d->ocr_pages;
                if (d->status != DocStatus::Ready) return {};
                return d->ocr_pages == 0 ? tr("Text") : d->ocr_pages == d->pages ? tr("Scan (OCR)") : tr("Mixed (OCR)");
            case Collection: return d->collections.join(QStringLiteral(", "));
            case Added: {
                const QDateTime t = QDateTime::fromString(d->ingested_at, Qt::ISODate);
                if (sort) return t;
                return t.isValid() ? loc.toString(t.toLocalTime(), QLocale::ShortFormat) : QString();
            }
            case Size: return sort ? QVariant(d->file_size) : QVariant(loc.formattedDataSize(d->file_size));
            default: break;
        }
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Pages || index.column() == Size))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == Status && d->status == DocStatus::Failed)
        return QColor(0xb4, 0x23, 0x18);
    return {};
}

QVariant LibraryModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Name: return tr("Document");
        case Status: return tr("Status");
        case Pages: return tr("Pages");
        case Source: return tr("Source");
        case Collection: return tr("Collection");
        case Added: return tr("Added");
        case Size: return tr("Size");
        default: return {};
    }
}

Qt::ItemFlags LibraryModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index) | Qt::ItemIsDropEnabled;
    return f;
}

QStringList LibraryModel::mimeTypes() const { return {QStringLiteral("text/uri-list")}; }

Qt::DropActions LibraryModel::supportedDropActions() const { return Qt::CopyAction; }

bool LibraryModel::canDropMimeData(const QMimeData* data, Qt::DropAction, int, int, const QModelIndex&) const {
    return data && data->hasUrls();
}

bool LibraryModel::dropMimeData(const QMimeData* data, Qt::DropAction, int, int, const QModelIndex&) {
    QStringList paths;
    for (const QUrl& u : data->urls())
        if (u.isLocalFile()) paths << u.toLocalFile();
    if (paths.isEmpty()) return false;
    Q_EMIT files_dropped(paths);
    return true;
}

void LibraryModel::retranslate() {
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!rows_.isEmpty()) Q_EMIT dataChanged(index(0, 0), index(int(rows_.size()) - 1, ColumnCount - 1));
}

void LibraryModel::set_documents(const QVector<DocumentRow>& rows, const QStringList& collections) {
    beginResetModel();
    // Keep the live progress of documents still being read.
    QHash<qint64, QPair<int, int>> live;
    for (const auto& r : rows_)
        if (r.status == DocStatus::Extracting) live.insert(r.id, {r.pages_done, r.pages_total});
    rows_ = rows;
    for (auto& r : rows_) {
        const auto it = live.find(r.id);
        if (it != live.end() && r.status == DocStatus::Extracting) {
            r.pages_done = it->first;
            r.pages_total = it->second;
        }
    }
    collections_ = collections;
    endResetModel();
}

int LibraryModel::find_row(const IngestEvent& e) const {
    for (int i = 0; i < rows_.size(); ++i)
        if ((e.doc_id != 0 && rows_[i].id == e.doc_id) || (e.doc_id == 0 && rows_[i].path == e.path)) return i;
    if (e.doc_id != 0)  // a row added by path before it had an id
        for (int i = 0; i < rows_.size(); ++i)
            if (rows_[i].id == 0 && rows_[i].path == e.path) return i;
    return -1;
}

void LibraryModel::apply_event(const IngestEvent& e) {
    int row = find_row(e);
    if (row < 0) {
        DocumentRow d;
        d.id = e.doc_id;
        d.path = e.path;
        d.file_name = QFileInfo(e.path).fileName();
        d.status = DocStatus::Queued;
        beginInsertRows({}, int(rows_.size()), int(rows_.size()));
        rows_.push_back(d);
        endInsertRows();
        row = int(rows_.size()) - 1;
    }
    DocumentRow& d = rows_[row];
    if (e.doc_id != 0) d.id = e.doc_id;
    switch (e.kind) {
        case IngestEvent::Started:
            d.status = DocStatus::Extracting;
            d.pages_done = 0;
            d.pages_total = e.pages_total;
            d.error_code.clear();
            break;
        case IngestEvent::Pages:
            d.status = DocStatus::Extracting;
            d.pages_done = e.pages_done;
            d.pages_total = e.pages_total;
            break;
        case IngestEvent::Finished:
            d.pages_done = d.pages_total = 0;
            switch (e.result) {
                case ingest::IngestResult::Added:
                case ingest::IngestResult::Replaced:
                case ingest::IngestResult::Unchanged: d.status = DocStatus::Ready; break;
                case ingest::IngestResult::Failed: d.status = DocStatus::Failed; break;
                case ingest::IngestResult::Cancelled: d.status = DocStatus::Cancelled; break;
            }
            if (e.pages_total > 0) d.pages = e.pages_total;
            d.error_code = e.error_code;
            d.error_message = e.error_message;
            break;
    }
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

}  // namespace perimeter::ui
