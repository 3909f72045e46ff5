#include "ui/page_canvas.h"

#include <QPainter>

namespace perimeter::ui {

PageCanvas::PageCanvas(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("pageCanvas"));
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void PageCanvas::set_page(float width_pt, float height_pt, int width_px) {
    width_pt_ = width_pt > 0 ? width_pt : 595;
    height_pt_ = height_pt > 0 ? height_pt : 842;
    width_px_ = std::max(50, width_px);
    setFixedSize(sizeHint());
    update();
}

void PageCanvas::set_image(const QImage& image) {
    image_ = image;
    update();
}

void PageCanvas::set_marks(const QVector<Mark>& marks) {
    marks_ = marks;
    update();
}

void PageCanvas::set_message(const QString& text) {
    message_ = text;
    update();
}

double PageCanvas::scale() const { return double(width_px_) / width_pt_; }

QSize PageCanvas::sizeHint() const { return QSize(width_px_, int(height_pt_ * scale() + 0.5)); }

QVector<QRect> PageCanvas::mark_rects() const {
    QVector<QRect> out;
    const double s = scale();
    for (const Mark& m : marks_) {
        const QRectF r(m.rect.x() * s, m.rect.y() * s, m.rect.width() * s, m.rect.height() * s);
        out.push_back(r.adjusted(-2, -1, 2, 1).toAlignedRect());
    }
    return out;
}

void PageCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    const QRect page = rect();
    p.fillRect(page, Qt::white);
    if (!image_.isNull()) {
        p.drawImage(page, image_);
    } else if (!message_.isEmpty()) {
        p.setPen(QColor(0x6b, 0x72, 0x80));
        p.drawText(page, Qt::AlignCenter | Qt::TextWordWrap, message_);
    }
    p.setRenderHint(QPainter::Antialiasing);
    const QVector<QRect> rects = mark_rects();
    for (int i = 0; i < rects.size(); ++i) {
        p.setPen(QPen(marks_[i].edge, 1.2));
        p.setBrush(marks_[i].fill);
        p.drawRoundedRect(rects[i], 2, 2);
    }
    p.setPen(QColor(0xc9, 0xcf, 0xd8));
    p.setBrush(Qt::NoBrush);
    p.drawRect(page.adjusted(0, 0, -1, -1));
}

}  // namespace perimeter::ui
