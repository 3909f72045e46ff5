#include "ui/reports_panel.h"

#include <QAction>
#include <QDateTime>
#include <QEvent>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSplitter>
#include <QStackedLayout>
#include <QTextEdit>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/actions.h"
#include "ui/error_text.h"
#include "ui/report_document.h"
#include "ui/token_buffer.h"

namespace perimeter::ui {

namespace {
QToolButton* button(QWidget* parent, const char* name, QAction* action) {
    auto* b = new QToolButton(parent);
    b->setObjectName(QLatin1String(name));
    b->setDefaultAction(action);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return b;
}
QString local_time(const std::string& iso) {
    const QDateTime t = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODate);
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : QString::fromStdString(iso);
}
QLabel* heading(QWidget* parent, const char* name) {
    auto* l = new QLabel(parent);
    l->setObjectName(QLatin1String(name));
    QFont f = l->font();
    f.setBold(true);
    l->setFont(f);
    return l;
}
}  // namespace

ReportsPanel::ReportsPanel(Actions* actions, QWidget* parent) : QWidget(parent), actions_(actions) {
    setObjectName(QStringLiteral("reportsPanel"));
    // ---- left: write, list, versions
    auto* left = new QWidget(this);
    title_ = heading(left, "reportsTitle");
    summary_ = button(left, "summaryButton", actions_->summary);
    recommend_ = button(left, "recommendationButton", actions_->recommendation);
    progress_box_ = new QWidget(left);
    progress_label_ = new QLabel(progress_box_);
    progress_label_->setObjectName(QStringLiteral("reportProgressLabel"));
    progress_label_->setWordWrap(true);
    progress_ = new QProgressBar(progress_box_);
    progress_->setObjectName(QStringLiteral("reportProgress"));
    progress_->setTextVisible(false);
    progress_->setMaximumHeight(8);
    stop_ = button(progress_box_, "reportStopButton", actions_->stop);
    auto* pl = new QGridLayout(progress_box_);
    pl->setContentsMargins(0, 0, 0, 0);
    pl->addWidget(progress_label_, 0, 0);
    pl->addWidget(stop_, 0, 1, 2, 1);
    pl->addWidget(progress_, 1, 0);
    progress_box_->hide();
    list_ = new QTreeWidget(left);
    list_->setObjectName(QStringLiteral("reportList"));
    list_->setRootIsDecorated(false);
    list_->setColumnCount(4);
    list_->setAlternatingRowColors(true);
    list_->header()->setStretchLastSection(false);
    list_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 4; ++c) list_->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    versions_title_ = heading(left, "versionsTitle");
    versions_ = new QTreeWidget(left);
    versions_->setObjectName(QStringLiteral("versionList"));
    versions_->setRootIsDecorated(false);
    versions_->setColumnCount(3);
    versions_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    versions_->setMaximumHeight(190);
    auto* head = new QHBoxLayout;
    head->addWidget(title_);
    head->addStretch(1);
    auto* gen = new QHBoxLayout;
    gen->addWidget(summary_);
    gen->addWidget(recommend_);
    gen->addStretch(1);
    auto* ll = new QVBoxLayout(left);
    ll->setContentsMargins(8, 8, 4, 8);
    ll->addLayout(head);
    ll->addLayout(gen);
    ll->addWidget(progress_box_);
    ll->addWidget(list_, 1);
    ll->addWidget(versions_title_);
    ll->addWidget(versions_);

    // ---- right: the report
    auto* right = new QWidget(this);
    status_ = new QLabel(right);
    status_->setObjectName(QStringLiteral("reportStatus"));
    flagged_ = new QLabel(right);
    flagged_->setObjectName(QStringLiteral("flaggedLabel"));
    flagged_->setWordWrap(true);
    flagged_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    save_ = button(right, "saveEditButton", actions_->save_edit);
    approve_ = button(right, "approveButton", actions_->approve);
    export_ = button(right, "exportButton", actions_->export_report);
    editor_ = new QTextEdit(right);
    editor_->setObjectName(QStringLiteral("reportEditor"));
    editor_->setAcceptRichText(false);
    editor_->setStyleSheet(QStringLiteral("QTextEdit#reportEditor { background: #ffffff; border: 1px solid #d7dce3; }"));
    placeholder_ = new QLabel(right);
    placeholder_->setObjectName(QStringLiteral("reportPlaceholder"));
    placeholder_->setAlignment(Qt::AlignCenter);
    placeholder_->setWordWrap(true);
    placeholder_->setStyleSheet(QStringLiteral("color: #6b7280; font-size: 11pt;"));
    auto* stack = new QStackedLayout;
    stack->addWidget(placeholder_);
    stack->addWidget(editor_);
    auto* bar = new QHBoxLayout;
    bar->addWidget(status_);
    bar->addSpacing(12);
    bar->addWidget(flagged_, 1);
    bar->addWidget(save_);
    bar->addWidget(approve_);
    bar->addWidget(export_);
    auto* rl = new QVBoxLayout(right);
    rl->setContentsMargins(4, 8, 8, 8);
    rl->addLayout(bar);
    rl->addLayout(stack, 1);

    split_ = new QSplitter(this);
    split_->setObjectName(QStringLiteral("reportsSplitter"));
    split_->addWidget(left);
    split_->addWidget(right);
    split_->setStretchFactor(1, 1);
    split_->setSizes({420, 900});
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(0, 0, 0, 0);
    lay->addWidget(split_);

    buffer_ = new TokenBuffer(50, this);
    connect(buffer_, &TokenBuffer::flushed, this, [this](const QString& text) {
        QTextCursor c(editor_->document());
        c.movePosition(QTextCursor::End);
        c.insertText(text);
        editor_->ensureCursorVisible();
    });
    connect(list_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item && !busy_) Q_EMIT report_wanted(item->data(0, Qt::UserRole).toLongLong(), 0);
    });
    connect(versions_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        if (item && report_.id) Q_EMIT report_wanted(report_.id, item->data(0, Qt::UserRole).toInt());
    });
    connect(editor_->document(), &QTextDocument::modificationChanged, this, [this] { update_state(); });
    connect(this, &ReportsPanel::report_wanted, this, [stack, this] { stack->setCurrentWidget(editor_); });
    stack->setCurrentWidget(placeholder_);
    connect(actions_->summary, &QAction::triggered, this, [stack, this] { stack->setCurrentWidget(editor_); });
    connect(actions_->recommendation, &QAction::triggered, this, [stack, this] { stack->setCurrentWidget(editor_); });
    retranslate();
    update_state();
}

QString ReportsPanel::status_name(analysis::ReportStatus s) {
    switch (s) {
        case analysis::ReportStatus::Draft: return tr("Draft");
        case analysis::ReportStatus::Reviewed: return tr("Reviewed");
        case analysis::ReportStatus::Approved: return tr("Approved");
    }
    return {};
}

QString ReportsPanel::kind_name(analysis::ReportKind k) {
    switch (k) {
        case analysis::ReportKind::Summary: return tr("Summary");
        case analysis::ReportKind::Recommendation: return tr("Recommendation");
        case analysis::ReportKind::Answer: return tr("Answer");
    }
    return {};
}

QString ReportsPanel::stage_name(const QString& stage) {
    if (stage == QLatin1String("retrieving")) return tr("Finding the evidence");
    if (stage == QLatin1String("reading")) return tr("Reading the documents");
    if (stage == QLatin1String("summarising part")) return tr("Summarising part");
    if (stage == QLatin1String("combining")) return tr("Combining the parts");
    if (stage == QLatin1String("validating")) return tr("Checking the result");
    if (stage == QLatin1String("checking figures")) return tr("Checking the figures");
    return tr("Working");
}

analysis::Report ReportsPanel::edited() const { return ReportDocument::read(*editor_->document(), report_); }

void ReportsPanel::on_reports_listed(const QVector<analysis::ReportSummary>& reports) {
    reports_ = reports;
    const QSignalBlocker block(list_);
    list_->clear();
    const QLocale loc;
    QTreeWidgetItem* current = nullptr;
    for (const analysis::ReportSummary& r : reports) {
        auto* item = new QTreeWidgetItem(list_);
        item->setText(0, QString::fromStdString(r.title));
        item->setToolTip(0, QStringLiteral("%1 · %2").arg(kind_name(r.kind), local_time(r.updated_at)));
        item->setText(1, status_name(r.status));
        item->setText(2, loc.toString(r.latest_version));
        item->setText(3, r.flagged_figures > 0 ? loc.toString(r.flagged_figures) : QString());
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(3, Qt::AlignRight | Qt::AlignVCenter);
        if (r.flagged_figures > 0) item->setForeground(3, QColor(0xb4, 0x23, 0x18));
        item->setData(0, Qt::UserRole, qint64(r.id));
        if (r.id == report_.id) current = item;
    }
    if (current) list_->setCurrentItem(current);
}

void ReportsPanel::on_report_loaded(const ReportBundle& bundle) {
    if (busy_) return;
    report_ = bundle.report;
    history_ = bundle.versions;
    ReportDocument::fill(editor_->document(), report_);
    editor_->document()->setModified(false);
    editor_->setReadOnly(report_.status == analysis::ReportStatus::Approved);
    const QLocale loc;
    versions_->clear();
    for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
        auto* item = new QTreeWidgetItem(versions_);
        item->setText(0, loc.toString(it->version));
        item->setText(1, it->author == "model" ? tr("model") : QString::fromStdString(it->author));
        item->setText(2, local_time(it->created_at));
        item->setData(0, Qt::UserRole, it->version);
        if (!it->diff.empty()) item->setToolTip(0, QString::fromStdString(it->diff).left(2000));
        if (it->version == report_.version) {
            QFont f = item->font(0);
            f.setBold(true);
            for (int c = 0; c < 3; ++c) item->setFont(c, f);
        }
    }
    update_state();
}

void ReportsPanel::begin_generation(bool recommendation) {
    busy_ = true;
    generating_recommendation_ = recommendation;
    report_ = analysis::Report{};
    editor_->clear();
    editor_->setReadOnly(true);
    progress_box_->show();
    progress_->setRange(0, 0);
    progress_label_->setText(recommendation ? tr("Writing a recommendation…") : tr("Writing a summary…"));
    buffer_->start();
    update_state();
}

void ReportsPanel::on_progress(const QString& stage, int done, int total) {
    if (!busy_) return;
    const QLocale loc;
    if (total > 0) {
        progress_->setRange(0, total);
        progress_->setValue(done);
        progress_label_->setText(tr("%1: %2 of %3").arg(stage_name(stage), loc.toString(done), loc.toString(total)));
    } else {
        progress_->setRange(0, 0);
        progress_label_->setText(stage_name(stage));
    }
}

void ReportsPanel::on_token(const QString& text) {
    if (busy_) buffer_->push(text);
}

void ReportsPanel::end_generation() {
    buffer_->finish();
    busy_ = false;
    progress_box_->hide();
    editor_->setReadOnly(false);
}

void ReportsPanel::on_generated(qint64 id) {
    end_generation();
    report_.id = id;
    Q_EMIT report_wanted(id, 0);
    update_state();
}

void ReportsPanel::on_failed(const ErrorInfo& error) {
    if (!busy_) return;
    end_generation();
    const ErrorText::Text t = ErrorText::describe(error);
    editor_->setPlainText(t.what + QLatin1Char('\n') + t.todo);
    editor_->setReadOnly(true);
    update_state();
}

void ReportsPanel::on_exported(qint64 id, const QStringList& files) {
    if (id != report_.id) return;
    last_export_ = files.isEmpty() ? QString() : QFileInfo(files.first()).absolutePath();
    flagged_->setText(tr("Exported as PDF and Markdown to %1").arg(QFileInfo(last_export_).fileName()));
    flagged_->setToolTip(files.join(QLatin1Char('\n')));
    flagged_->setStyleSheet(QStringLiteral("color: #1f2937;"));
}

void ReportsPanel::update_state() {
    const bool have = report_.id != 0 && !busy_;
    const bool approved = report_.status == analysis::ReportStatus::Approved;
    actions_->summary->setEnabled(!busy_);
    actions_->recommendation->setEnabled(!busy_);
    actions_->save_edit->setEnabled(have && !approved && editor_->document()->isModified());
    actions_->approve->setEnabled(have && !approved && !editor_->document()->isModified());
    actions_->export_report->setEnabled(have && !editor_->document()->isModified());
    const QLocale loc;
    if (!have) {
        status_->setText(busy_ ? tr("Writing…") : tr("No report selected"));
        flagged_->clear();
        return;
    }
    status_->setText(tr("%1 · version %2 · %3")
                         .arg(kind_name(report_.kind), loc.toString(report_.version), status_name(report_.status)));
    const int flagged = report_.flagged_figures();
    if (flagged > 0) {
        flagged_->setText(tr("%n figure(s) not found on the cited pages are highlighted", nullptr, flagged));
        flagged_->setStyleSheet(QStringLiteral("color: #9a3412;"));
    } else {
        flagged_->setText(tr("Every figure was found on its cited pages"));
        flagged_->setStyleSheet(QStringLiteral("color: #166534;"));
    }
}

void ReportsPanel::retranslate() {
    title_->setText(tr("Reports"));
    versions_title_->setText(tr("Versions"));
    list_->setHeaderLabels({tr("Report"), tr("Status"), tr("Version"), tr("Flagged")});
    versions_->setHeaderLabels({tr("Version"), tr("Author"), tr("Saved")});
    list_->setAccessibleName(tr("Reports"));
    versions_->setAccessibleName(tr("Versions of the report"));
    editor_->setAccessibleName(tr("Report text"));
    editor_->setToolTip(tr("Edit the text; Save Edit stores a new version and re-checks its figures"));
    placeholder_->setText(tr("Select documents in the library and write a summary or a recommendation; "
                             "or open an earlier report from the list."));
    placeholder_->setAccessibleName(tr("No report selected"));
    progress_->setAccessibleName(tr("Report progress"));
    status_->setAccessibleName(tr("Report status"));
    flagged_->setAccessibleName(tr("Figure check"));
    on_reports_listed(reports_);
    update_state();
}

void ReportsPanel::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(e);
}

}  // namespace perimeter::ui
