// One rendered page with its highlights. Knows the page's size in points, so highlight
// rectangles stored in points land on the right pixels at any zoom.
#pragma once
#include <QColor>
#include <QImage>
#include <QVector>
#include <QWidget>

namespace perimeter::ui {

class PageCanvas : public QWidget {
    Q_OBJECT
public:
    struct Mark {
        QRectF rect;  // points
        QColor fill, edge;
    };

    explicit PageCanvas(QWidget* parent = nullptr);

    // The page's size in points and the width to draw it at, in device-independent pixels.
    void set_page(float width_pt, float height_pt, int width_px);
    void set_image(const QImage& image);  // null: the page is still being drawn
    void set_marks(const QVector<Mark>& marks);
    void set_message(const QString& text);  // shown while there is no image

    const QImage& image() const { return image_; }
    // The marks in widget pixels, for tests and for scrolling a highlight into view.
    QVector<QRect> mark_rects() const;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* e) override;

private:
    double scale() const;  // pixels per point
    QImage image_;
    float width_pt_ = 595, height_pt_ = 842;
    int width_px_ = 600;
    QVector<Mark> marks_;
    QString message_;
};

}  // namespace perimeter::ui
