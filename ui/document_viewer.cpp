#include "ui/document_viewer.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QStackedLayout>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "ui/actions.h"
#include "ui/page_canvas.h"
#include "ui/page_highlight.h"

namespace perimeter::ui {

namespace {
QToolButton* tool(QWidget* parent, const char* name, const QString& text = {}) {
    auto* b = new QToolButton(parent);
    b->setObjectName(QLatin1String(name));
    b->setAutoRaise(true);
    if (!text.isEmpty()) b->setText(text);
    return b;
}
}  // namespace

DocumentViewer::DocumentViewer(Actions* actions, int base_dpi, QWidget* parent)
    : QWidget(parent), actions_(actions), base_dpi_(base_dpi) {
    setObjectName(QStringLiteral("documentViewer"));
    cache_.setMaxCost(256 * 1024);  // KB of decoded pages

    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("viewerTitle"));
    QFont tf = title_->font();
    tf.setBold(true);
    title_->setFont(tf);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    title_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // long names are clipped; the tooltip has it all
    prev_ = tool(this, "previousPageButton");
    prev_->setDefaultAction(actions_->previous_page);
    prev_->setArrowType(Qt::LeftArrow);
    next_ = tool(this, "nextPageButton");
    next_->setDefaultAction(actions_->next_page);
    next_->setArrowType(Qt::RightArrow);
    page_box_ = new QSpinBox(this);
    page_box_->setObjectName(QStringLiteral("pageNumber"));
    page_box_->setRange(1, 1);
    page_box_->setKeyboardTracking(false);
    page_count_ = new QLabel(this);
    page_count_->setObjectName(QStringLiteral("pageCount"));
    zoom_out_ = tool(this, "zoomOutButton");
    zoom_out_->setDefaultAction(actions_->zoom_out);
    zoom_label_ = new QLabel(this);
    zoom_label_->setObjectName(QStringLiteral("zoomLabel"));
    zoom_label_->setMinimumWidth(48);
    zoom_label_->setAlignment(Qt::AlignCenter);
    zoom_in_ = tool(this, "zoomInButton");
    zoom_in_->setDefaultAction(actions_->zoom_in);
    fit_button_ = tool(this, "fitWidthButton");
    fit_button_->setDefaultAction(actions_->zoom_fit);
    find_ = new QLineEdit(this);
    find_->setObjectName(QStringLiteral("findInDocument"));
    find_->setClearButtonEnabled(true);
    find_->setMinimumWidth(200);
    find_->setMaximumWidth(280);
    find_prev_ = tool(this, "findPreviousButton", QStringLiteral("‹"));
    find_next_ = tool(this, "findNextButton", QStringLiteral("›"));
    find_label_ = new QLabel(this);
    find_label_->setObjectName(QStringLiteral("findResult"));
    find_label_->setMinimumWidth(70);

    // Two rows: the document's name with the search box, then page and zoom controls.
    auto* head = new QHBoxLayout;
    head->setSpacing(4);
    head->addWidget(title_, 1);
    head->addWidget(find_);
    head->addWidget(find_prev_);
    head->addWidget(find_next_);
    head->addWidget(find_label_);
    auto* bar = new QHBoxLayout;
    bar->setSpacing(2);
    bar->addWidget(prev_);
    bar->addWidget(page_box_);
    bar->addWidget(page_count_);
    bar->addWidget(next_);
    bar->addSpacing(16);
    bar->addWidget(zoom_out_);
    bar->addWidget(zoom_label_);
    bar->addWidget(zoom_in_);
    bar->addWidget(fit_button_);
    bar->addStretch(1);

    canvas_ = new PageCanvas;
    scroll_ = new QScrollArea(this);
    scroll_->setObjectName(QStringLiteral("pageScroll"));
    scroll_->setWidget(canvas_);
    scroll_->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    scroll_->setBackgroundRole(QPalette::Dark);
    scroll_->setStyleSheet(QStringLiteral("QScrollArea#pageScroll { background: #e9ecf0; border: none; }"));
    scroll_->widget()->setAutoFillBackground(true);
    scroll_->viewport()->installEventFilter(this);
    empty_ = new QLabel(this);
    empty_->setObjectName(QStringLiteral("viewerEmpty"));
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    empty_->setStyleSheet(QStringLiteral("color: #6b7280; font-size: 11pt;"));
    auto* stack = new QStackedLayout;
    stack->addWidget(empty_);
    stack->addWidget(scroll_);

    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(8, 8, 8, 0);
    lay->addLayout(head);
    lay->addLayout(bar);
    lay->addLayout(stack, 1);

    find_timer_ = new QTimer(this);
    find_timer_->setSingleShot(true);
    find_timer_->setInterval(250);
    connect(find_timer_, &QTimer::timeout, this, &DocumentViewer::run_find);
    connect(find_, &QLineEdit::textChanged, find_timer_, qOverload<>(&QTimer::start));
    connect(find_, &QLineEdit::returnPressed, this, [this] {
        if (find_timer_->isActive()) {
            find_timer_->stop();
            run_find();
        } else {
            step_find(+1);
        }
    });
    connect(find_next_, &QToolButton::clicked, this, [this] { step_find(+1); });
    connect(find_prev_, &QToolButton::clicked, this, [this] { step_find(-1); });
    connect(page_box_, &QSpinBox::valueChanged, this, [this](int p) {
        if (p != page_) go_to_page(p);
    });
    for (QAction* a : {actions_->next_page, actions_->previous_page}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
    }
    connect(actions_->next_page, &QAction::triggered, this, [this] { go_to_page(page_ + 1); });
    connect(actions_->previous_page, &QAction::triggered, this, [this] { go_to_page(page_ - 1); });
    connect(actions_->zoom_in, &QAction::triggered, this, [this] { zoom_by(1.25); });
    connect(actions_->zoom_out, &QAction::triggered, this, [this] { zoom_by(0.8); });
    connect(actions_->zoom_fit, &QAction::triggered, this, &DocumentViewer::fit_width);
    stack->setCurrentWidget(empty_);
    connect(this, &DocumentViewer::page_shown, this, [stack, this] { stack->setCurrentWidget(scroll_); });
    retranslate();
    enable_controls();
}

void DocumentViewer::enable_controls() {
    const bool open = !doc_.pages.isEmpty();
    for (QWidget* w : std::initializer_list<QWidget*>{page_box_, zoom_in_, zoom_out_, fit_button_, find_, find_prev_, find_next_})
        w->setEnabled(open);
    for (QAction* a : {actions_->zoom_in, actions_->zoom_out, actions_->zoom_fit, actions_->find}) a->setEnabled(open);
    if (!open) {
        prev_->setEnabled(false);
        next_->setEnabled(false);
    }
}

const PageText* DocumentViewer::current() const {
    return page_ >= 1 && page_ <= doc_.pages.size() ? &doc_.pages[page_ - 1] : nullptr;
}

void DocumentViewer::set_base_dpi(int dpi) {
    base_dpi_ = std::clamp(dpi, 36, 300);
    show_page();
}

void DocumentViewer::open_document(qint64 doc_id) {
    if (doc_id == doc_.doc_id && !doc_.pages.isEmpty()) return;
    Q_EMIT document_wanted(doc_id);
}

void DocumentViewer::forget_document(qint64 doc_id) {
    if (doc_id != doc_.doc_id) return;
    doc_ = DocumentPages{};
    has_cite_ = false;
    hits_.clear();
    canvas_->set_image({});
    retranslate();
    enable_controls();
}

void DocumentViewer::on_pages_loaded(const DocumentPages& pages) {
    if (has_pending_ && pages.doc_id != pending_.doc_id) return;  // an older request
    const bool same = pages.doc_id == doc_.doc_id;
    doc_ = pages;
    if (!same) {
        page_ = 1;
        has_cite_ = false;
        hits_.clear();
        hit_ = -1;
    }
    title_->setText(doc_.file_name);
    title_->setToolTip(doc_.path);
    page_box_->setRange(1, std::max(1, page_count()));
    page_count_->setText(tr("of %1").arg(QLocale().toString(page_count())));
    enable_controls();
    if (has_pending_) {
        has_pending_ = false;
        show_target(pending_);
        return;
    }
    if (!find_->text().isEmpty()) run_find();
    show_page();
}

void DocumentViewer::show_target(const CitationTarget& target) {
    if (target.doc_id != doc_.doc_id || doc_.pages.isEmpty()) {
        pending_ = target;
        has_pending_ = true;
        Q_EMIT document_wanted(target.doc_id);
        return;
    }
    cite_ = target;
    has_cite_ = true;
    page_ = std::clamp(target.page, 1, std::max(1, page_count()));
    show_page();
    // Bring the highlight into view.
    const QVector<QRect> marks = canvas_->mark_rects();
    if (!marks.isEmpty()) scroll_->ensureVisible(marks.first().center().x(), marks.first().center().y(), 50, 120);
}

void DocumentViewer::go_to_page(int page) {
    if (doc_.pages.isEmpty()) return;
    const int p = std::clamp(page, 1, page_count());
    if (p == page_ && canvas_->isVisible() && !canvas_->image().isNull()) return;
    page_ = p;
    show_page();
    scroll_->verticalScrollBar()->setValue(0);
}

int DocumentViewer::display_width() const {
    const PageText* pt = current();
    const double width_pt = pt && pt->width > 0 ? pt->width : 595;
    if (fit_) {
        // Before the scroll area is first shown its viewport has no real size: use ours.
        const int viewport = scroll_->isVisible() ? scroll_->viewport()->width() : width() - 40;
        return std::max(200, viewport - 24);
    }
    return int(width_pt / 72.0 * base_dpi_ * zoom_);
}

int DocumentViewer::wanted_dpi() const {
    const PageText* pt = current();
    const double width_pt = pt && pt->width > 0 ? pt->width : 595;
    const double dpi = display_width() / (width_pt / 72.0) * devicePixelRatioF();
    // Steps of 12 dpi keep the cache useful while the window is resized.
    return std::clamp(int(std::ceil(dpi / 12.0) * 12), 36, 400);
}

QString DocumentViewer::cache_key(int page, int dpi) const {
    return QStringLiteral("%1|%2|%3").arg(doc_.path).arg(page).arg(dpi);
}

void DocumentViewer::request(int page, int dpi) {
    const QString key = cache_key(page, dpi);
    if (cache_.contains(key)) return;
    for (const QString& k : in_flight_)
        if (k == key) return;
    const quint64 id = next_request_++;
    in_flight_.insert(id, key);
    Q_EMIT render_wanted(doc_.path, page, dpi, id);
}

void DocumentViewer::show_page() {
    const PageText* pt = current();
    if (!pt) return;
    const QSignalBlocker block(page_box_);
    page_box_->setValue(page_);
    prev_->setEnabled(page_ > 1);
    next_->setEnabled(page_ < page_count());
    fitted_width_ = scroll_->viewport()->width();
    canvas_->set_page(pt->width, pt->height, display_width());
    zoom_label_->setText(fit_ ? tr("Fit") : QLocale().toString(int(zoom_ * 100 + 0.5)) + QStringLiteral(" %"));
    const int dpi = wanted_dpi();
    if (QImage* img = cache_.object(cache_key(page_, dpi))) {
        canvas_->set_image(*img);
    } else {
        // Show a cached image at another resolution while the right one is drawn.
        QImage fallback;
        for (int d = 36; d <= 400 && fallback.isNull(); d += 12)
            if (QImage* other = cache_.object(cache_key(page_, d))) fallback = *other;
        canvas_->set_image(fallback);
        canvas_->set_message(tr("Drawing page %1…").arg(QLocale().toString(page_)));
        request(page_, dpi);
    }
    if (page_ < page_count()) request(page_ + 1, dpi);  // the next page, ahead of time
    update_marks();
    Q_EMIT page_shown(page_);
}

void DocumentViewer::update_marks() {
    const PageText* pt = current();
    QVector<PageCanvas::Mark> marks;
    if (pt) {
        for (int i = 0; i < hits_.size(); ++i) {
            if (hits_[i].page != page_) continue;
            const bool now = i == hit_;
            for (const QRectF& r : span_rects(pt->words, hits_[i].start, hits_[i].end))
                marks.push_back({r, now ? QColor(255, 150, 40, 110) : QColor(255, 190, 90, 70), QColor(220, 120, 20, now ? 220 : 120)});
        }
        if (has_cite_ && cite_.page == page_) {
            const int end = cite_.end > cite_.start ? cite_.end : int(pt->utf8.size());
            for (const QRectF& r : span_rects(pt->words, cite_.start, end))
                marks.push_back({r, QColor(255, 214, 10, 70), QColor(214, 160, 0, 0)});
        }
    }
    canvas_->set_marks(marks);
}

void DocumentViewer::on_rendered(quint64 request_id, const QString& file, int page, int dpi, const QImage& image) {
    const auto it = in_flight_.find(request_id);
    if (it == in_flight_.end()) return;
    const QString key = it.value();
    in_flight_.erase(it);
    cache_.insert(key, new QImage(image), int(image.sizeInBytes() / 1024) + 1);
    if (file == doc_.path && page == page_) {
        if (dpi == wanted_dpi() || canvas_->image().isNull()) canvas_->set_image(image);
    }
}

void DocumentViewer::on_render_failed(quint64 request_id, const ErrorInfo& error) {
    const auto it = in_flight_.find(request_id);
    if (it == in_flight_.end()) return;
    const bool current_page = it.value() == cache_key(page_, wanted_dpi());
    in_flight_.erase(it);
    if (!current_page) return;
    canvas_->set_message(tr("This page cannot be drawn."));
    Q_EMIT render_error(error);
}

void DocumentViewer::zoom_by(double factor) {
    if (doc_.pages.isEmpty()) return;
    if (fit_) {
        const PageText* pt = current();
        zoom_ = display_width() / ((pt && pt->width > 0 ? pt->width : 595) / 72.0 * base_dpi_);
    }
    fit_ = false;
    zoom_ = std::clamp(zoom_ * factor, 0.25, 4.0);
    show_page();
}

void DocumentViewer::fit_width() {
    fit_ = true;
    show_page();
}

void DocumentViewer::focus_find() {
    find_->setFocus(Qt::ShortcutFocusReason);
    find_->selectAll();
}

void DocumentViewer::run_find() {
    hits_.clear();
    hit_ = -1;
    const QString needle = find_->text().trimmed();
    if (!needle.isEmpty()) {
        for (const PageText& p : doc_.pages) {
            for (qsizetype i = p.text.indexOf(needle, 0, Qt::CaseInsensitive); i >= 0;
                 i = p.text.indexOf(needle, i + needle.size(), Qt::CaseInsensitive)) {
                hits_.push_back({p.number, utf8_offset(p.text, int(i)), utf8_offset(p.text, int(i + needle.size()))});
            }
        }
    }
    if (needle.isEmpty()) find_label_->clear();
    else if (hits_.isEmpty()) find_label_->setText(tr("No matches"));
    if (!hits_.isEmpty()) {
        hit_ = 0;
        for (int i = 0; i < hits_.size(); ++i)
            if (hits_[i].page >= page_) {
                hit_ = i;
                break;
            }
        step_find(0);
    } else {
        update_marks();
    }
}

void DocumentViewer::step_find(int delta) {
    if (hits_.isEmpty()) return;
    hit_ = int((hit_ + delta + hits_.size()) % hits_.size());
    find_label_->setText(tr("%1 of %2").arg(QLocale().toString(hit_ + 1), QLocale().toString(hits_.size())));
    if (hits_[hit_].page != page_) {
        page_ = hits_[hit_].page;
        show_page();
    } else {
        update_marks();
    }
    const QVector<QRect> marks = canvas_->mark_rects();
    if (!marks.isEmpty()) scroll_->ensureVisible(marks.first().center().x(), marks.first().center().y(), 50, 120);
}

void DocumentViewer::retranslate() {
    if (doc_.pages.isEmpty()) {
        title_->setText(tr("No document open"));
        page_count_->setText(tr("of %1").arg(QLocale().toString(0)));
    } else {
        page_count_->setText(tr("of %1").arg(QLocale().toString(page_count())));
    }
    empty_->setText(tr("Open a document from the library, or click a citation in an answer, to read it here."));
    page_box_->setAccessibleName(tr("Page number"));
    page_box_->setToolTip(tr("Go to page"));
    find_->setPlaceholderText(tr("Find in document"));
    find_->setAccessibleName(tr("Find in document"));
    find_->setToolTip(tr("Search the text of the open document; Enter goes to the next match"));
    find_prev_->setToolTip(tr("Previous match"));
    find_prev_->setAccessibleName(tr("Previous match"));
    find_next_->setToolTip(tr("Next match"));
    find_next_->setAccessibleName(tr("Next match"));
    zoom_label_->setAccessibleName(tr("Zoom"));
    zoom_label_->setText(fit_ ? tr("Fit") : QLocale().toString(int(zoom_ * 100 + 0.5)) + QStringLiteral(" %"));
    scroll_->setAccessibleName(tr("Page"));
    canvas_->setAccessibleName(tr("Page image"));
    empty_->setAccessibleName(tr("No document open"));
    title_->setAccessibleName(tr("Document name"));
}

void DocumentViewer::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(e);
}

bool DocumentViewer::eventFilter(QObject* watched, QEvent* e) {
    // Fitting follows the viewport, which also changes size when it first becomes visible.
    if (watched == scroll_->viewport() && e->type() == QEvent::Resize && fit_ && !doc_.pages.isEmpty() &&
        scroll_->viewport()->width() != fitted_width_)
        show_page();
    return QWidget::eventFilter(watched, e);
}

}  // namespace perimeter::ui
