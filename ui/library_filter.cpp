#include "ui/library_filter.h"

#include "ui/library_model.h"

namespace perimeter::ui {

LibraryFilter::LibraryFilter(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(LibraryModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void LibraryFilter::set_collection(const QString& collection) {
    collection_ = collection;
    invalidateFilter();
}

void LibraryFilter::set_text(const QString& text) {
    text_ = text.trimmed();
    invalidateFilter();
}

bool LibraryFilter::filterAcceptsRow(int source_row, const QModelIndex& source_parent) const {
    const auto* model = qobject_cast<const LibraryModel*>(sourceModel());
    const DocumentRow* d = model ? model->row_at(source_row) : nullptr;
    if (!d) return true;
    if (!collection_.isEmpty() && !d->collections.contains(collection_)) return false;
    if (text_.isEmpty()) return true;
    return d->file_name.contains(text_, Qt::CaseInsensitive) || d->title.contains(text_, Qt::CaseInsensitive);
}

}  // namespace perimeter::ui
