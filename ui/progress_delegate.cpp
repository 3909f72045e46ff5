#include "ui/progress_delegate.h"

#include <QPainter>

#include "ui/library_model.h"

namespace perimeter::ui {

void ProgressDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QStyledItemDelegate::paint(painter, option, index);
    const double progress = index.data(LibraryModel::ProgressRole).toDouble();
    if (progress < 0) return;
    const QRect r = option.rect.adjusted(4, option.rect.height() - 5, -6, -2);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0xdd, 0xe3, 0xea));
    painter->drawRoundedRect(r, 1.5, 1.5);
    QRect done = r;
    done.setWidth(std::max(2, int(r.width() * std::min(1.0, progress))));
    painter->setBrush(QColor(0x2f, 0x6f, 0xb3));
    painter->drawRoundedRect(done, 1.5, 1.5);
    painter->restore();
}

}  // namespace perimeter::ui
