#include "ui/page_highlight.h"

#include <algorithm>

namespace perimeter::ui {

QVector<QRectF> span_rects(const QVector<ingest::WordBox>& words, int start, int end) {
    QVector<QRectF> boxes;
    for (const ingest::WordBox& w : words)
        if (int(w.start) < end && int(w.end) > start && w.w > 0 && w.h > 0) boxes.push_back(QRectF(w.x, w.y, w.w, w.h));
    // Words keep reading order; merge neighbours on the same line into one rectangle.
    QVector<QRectF> out;
    for (const QRectF& b : boxes) {
        if (!out.isEmpty()) {
            QRectF& last = out.back();
            const double overlap = std::min(last.bottom(), b.bottom()) - std::max(last.top(), b.top());
            const double gap = b.left() - last.right();
            if (overlap > 0.5 * std::min(last.height(), b.height()) && gap > -2 && gap < 3 * b.height()) {
                last = last.united(b);
                continue;
            }
        }
        out.push_back(b);
    }
    return out;
}

int utf8_offset(const QString& text, int index) {
    return int(QStringView(text).left(std::clamp(index, 0, int(text.size()))).toUtf8().size());
}

}  // namespace perimeter::ui
