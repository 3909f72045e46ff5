// Draws a document's ingest progress as a thin bar under its status text while it is read.
#pragma once
#include <QStyledItemDelegate>

namespace perimeter::ui {

class ProgressDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

}  // namespace perimeter::ui
