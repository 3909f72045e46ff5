// The library's view filter: one collection (or all) and a text that file names and titles
// must contain. Sorting uses LibraryModel::SortRole.
#pragma once
#include <QSortFilterProxyModel>

namespace perimeter::ui {

class LibraryFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit LibraryFilter(QObject* parent = nullptr);
    void set_collection(const QString& collection);  // "": every document
    void set_text(const QString& text);

protected:
    bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;

private:
    QString collection_, text_;
};

}  // namespace perimeter::ui
