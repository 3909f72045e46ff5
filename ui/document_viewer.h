// The document viewer: one page at a time, drawn by the render helper on the render thread
// and cached; zoom; search within the document's text; citations shown by jumping to the page
// and highlighting the cited span with the stored word boxes. It asks for pages and images
// through signals and receives them in slots.
#pragma once
#include <QCache>
#include <QHash>
#include <QImage>
#include <QWidget>

#include "ui/worker_types.h"

class QLabel;
class QLineEdit;
class QScrollArea;
class QSpinBox;
class QTimer;
class QToolButton;

namespace perimeter::ui {

class Actions;
class PageCanvas;

class DocumentViewer : public QWidget {
    Q_OBJECT
public:
    DocumentViewer(Actions* actions, int base_dpi, QWidget* parent = nullptr);

    qint64 doc_id() const { return doc_.doc_id; }
    int page() const { return page_; }
    int page_count() const { return int(doc_.pages.size()); }
    PageCanvas* canvas() const { return canvas_; }
    QString file_name() const { return doc_.file_name; }
    int find_hits() const { return int(hits_.size()); }

    void open_document(qint64 doc_id);
    void go_to_page(int page);
    void zoom_by(double factor);
    void fit_width();
    void focus_find();
    void set_base_dpi(int dpi);

public Q_SLOTS:
    void on_pages_loaded(const perimeter::ui::DocumentPages& pages);
    // A citation located by the store worker: open its document, page, and highlight the span.
    void show_target(const perimeter::ui::CitationTarget& target);
    void on_rendered(quint64 request, const QString& file, int page, int dpi, const QImage& image);
    void on_render_failed(quint64 request, const perimeter::ui::ErrorInfo& error);
    void forget_document(qint64 doc_id);

Q_SIGNALS:
    void document_wanted(qint64 doc_id);
    void render_wanted(const QString& file, int page, int dpi, quint64 request);
    void page_shown(int page);
    void render_error(const perimeter::ui::ErrorInfo& error);

protected:
    void changeEvent(QEvent* e) override;
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    struct Hit {
        int page, start, end;  // bytes
    };
    void retranslate();
    void enable_controls();
    void show_page();
    void update_marks();
    int wanted_dpi() const;
    int display_width() const;
    void request(int page, int dpi);
    QString cache_key(int page, int dpi) const;
    void run_find();
    void step_find(int delta);
    const PageText* current() const;

    Actions* actions_;
    int base_dpi_;
    DocumentPages doc_;
    int page_ = 1;
    double zoom_ = 1.0;
    bool fit_ = true;
    CitationTarget cite_;
    bool has_cite_ = false;
    CitationTarget pending_;  // a target whose document is still loading
    bool has_pending_ = false;
    QVector<Hit> hits_;
    int hit_ = -1;
    QCache<QString, QImage> cache_;
    QHash<quint64, QString> in_flight_;  // request -> cache key
    quint64 next_request_ = 1;

    QLabel* title_;
    QToolButton *prev_, *next_, *zoom_out_, *zoom_in_, *fit_button_, *find_prev_, *find_next_;
    QSpinBox* page_box_;
    QLabel* page_count_;
    QLabel* zoom_label_;
    QLineEdit* find_;
    QLabel* find_label_;
    QScrollArea* scroll_;
    PageCanvas* canvas_;
    QLabel* empty_;
    QTimer* find_timer_;
    int fitted_width_ = 0;  // the viewport width the page was last fitted to
};

}  // namespace perimeter::ui
