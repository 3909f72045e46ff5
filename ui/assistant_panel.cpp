#include "ui/assistant_panel.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTextBrowser>
#include <QTextCursor>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include "ui/actions.h"
#include "ui/error_text.h"
#include "ui/token_buffer.h"

namespace perimeter::ui {

AssistantPanel::AssistantPanel(Actions* actions, QWidget* parent) : QWidget(parent), actions_(actions) {
    setObjectName(QStringLiteral("assistantPanel"));
    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("assistantTitle"));
    QFont f = title_->font();
    f.setBold(true);
    title_->setFont(f);
    scope_ = new QLabel(this);
    scope_->setObjectName(QStringLiteral("askScope"));
    scope_->setStyleSheet(QStringLiteral("color: #5b6573;"));
    scope_->setWordWrap(true);
    new_button_ = new QToolButton(this);
    new_button_->setObjectName(QStringLiteral("newConversationButton"));
    new_button_->setDefaultAction(actions_->new_conversation);
    new_button_->setToolButtonStyle(Qt::ToolButtonTextOnly);

    answers_ = new QTextBrowser(this);
    answers_->setObjectName(QStringLiteral("answerView"));
    answers_->setOpenLinks(false);
    answers_->setOpenExternalLinks(false);
    answers_->document()->setDocumentMargin(12);
    answers_->document()->setDefaultStyleSheet(QStringLiteral(
        "p { margin: 0 0 6px 0; } .q { color: #1f2937; font-weight: 600; } .src { color: #4b5563; }"
        " .note { color: #6b7280; font-style: italic; } a { color: #1d5fa7; text-decoration: none; }"));
    answers_->setStyleSheet(QStringLiteral("QTextBrowser#answerView { background: #ffffff; border: 1px solid #d7dce3; }"));

    question_ = new QPlainTextEdit(this);
    question_->setObjectName(QStringLiteral("questionEdit"));
    question_->setMaximumHeight(84);
    question_->setTabChangesFocus(true);
    question_->installEventFilter(this);
    ask_ = new QToolButton(this);
    ask_->setObjectName(QStringLiteral("askButton"));
    ask_->setDefaultAction(actions_->ask);
    ask_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    ask_->setMinimumWidth(84);
    stop_ = new QToolButton(this);
    stop_->setObjectName(QStringLiteral("stopButton"));
    stop_->setDefaultAction(actions_->stop);
    stop_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    stop_->setMinimumWidth(84);
    stats_ = new QLabel(this);
    stats_->setObjectName(QStringLiteral("generationStats"));
    stats_->setStyleSheet(QStringLiteral("color: #5b6573;"));
    stats_->setWordWrap(true);

    buffer_ = new TokenBuffer(50, this);
    connect(buffer_, &TokenBuffer::flushed, this, [this](const QString& text) {
        QTextCursor c(answers_->document());
        c.movePosition(QTextCursor::End);
        c.insertText(text);
        QScrollBar* sb = answers_->verticalScrollBar();
        sb->setValue(sb->maximum());
        const double tps = buffer_->tokens_per_second();
        if (tps > 0) stats_->setText(tr("%1 tok/s").arg(QLocale().toString(tps, 'f', 1)));
    });
    connect(answers_, &QTextBrowser::anchorClicked, this, &AssistantPanel::open_link);

    auto* head = new QHBoxLayout;
    head->addWidget(title_);
    head->addStretch(1);
    head->addWidget(new_button_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(stats_, 1);
    buttons->addWidget(stop_);
    buttons->addWidget(ask_);
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(8, 8, 8, 8);
    lay->addLayout(head);
    lay->addWidget(scope_);
    lay->addWidget(answers_, 1);
    lay->addWidget(question_);
    lay->addLayout(buttons);
    retranslate();
    render();
}

QString AssistantPanel::question() const { return question_->toPlainText().trimmed(); }

void AssistantPanel::focus_question() { question_->setFocus(Qt::ShortcutFocusReason); }

bool AssistantPanel::eventFilter(QObject* watched, QEvent* event) {
    // Ctrl+Return in the question box asks (the box would otherwise take it as a new line).
    if (watched == question_ && event->type() == QEvent::KeyPress) {
        auto* k = static_cast<QKeyEvent*>(event);
        if ((k->key() == Qt::Key_Return || k->key() == Qt::Key_Enter) && (k->modifiers() & Qt::ControlModifier)) {
            actions_->ask->trigger();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void AssistantPanel::set_busy(bool busy) {
    busy_ = busy;
    actions_->stop->setEnabled(busy);
    actions_->ask->setEnabled(!busy);
    question_->setReadOnly(busy);
}

void AssistantPanel::begin_answer(const QString& question) {
    turns_.push_back({question, -1, {}});
    streaming_.clear();
    question_->clear();
    render();
    buffer_->start();
    stats_->setText(tr("Reading the documents…"));
    set_busy(true);
}

void AssistantPanel::on_token(const QString& text) {
    if (!busy_) return;
    streaming_ += text;
    buffer_->push(text);
}

void AssistantPanel::on_answered(const analysis::Answer& answer) {
    buffer_->finish();
    last_tps_ = answer.stats.generation_tps > 0 ? answer.stats.generation_tps : buffer_->tokens_per_second();
    done_.push_back(answer);
    thread_id_ = answer.thread_id;
    if (!turns_.isEmpty()) turns_.back().answer = int(done_.size()) - 1;
    const QLocale loc;
    if (answer.from_cache)
        stats_->setText(tr("From an earlier identical question"));
    else
        stats_->setText(tr("%1 tok/s · %2 tokens · first token after %3 ms")
                            .arg(loc.toString(last_tps_, 'f', 1), loc.toString(answer.stats.generated_tokens),
                                 loc.toString(qRound(answer.stats.time_to_first_token_ms))));
    set_busy(false);
    render();
}

void AssistantPanel::on_failed(const ErrorInfo& error) {
    if (!busy_) return;
    buffer_->finish();
    if (!turns_.isEmpty()) {
        const ErrorText::Text t = ErrorText::describe(error);
        turns_.back().note = error.code == QLatin1String("cancelled")
                                 ? (streaming_.isEmpty() ? tr("Stopped.") : streaming_ + QStringLiteral(" … ") + tr("(stopped)"))
                                 : t.what + QLatin1Char(' ') + t.todo;
    }
    stats_->clear();
    set_busy(false);
    render();
}

void AssistantPanel::set_scope(int selected_documents, bool model_loaded) {
    selected_ = selected_documents;
    model_loaded_ = model_loaded;
    retranslate();
}

void AssistantPanel::new_conversation() {
    if (busy_) return;
    thread_id_ = 0;
    turns_.clear();
    done_.clear();
    stats_->clear();
    render();
}

QString AssistantPanel::answer_html(int index) const {
    const analysis::Answer& a = done_[index];
    QString body = QString::fromStdString(a.text).toHtmlEscaped();
    body.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    // [n] markers become links to their citation.
    static const QRegularExpression marker(QStringLiteral("\\[(\\d+)\\]"));
    body.replace(marker, QStringLiteral("<a href=\"cite:%1:\\1\"><sup>[\\1]</sup></a>").arg(index));
    QString html;
    // What ask returns is what is shown: the streamed draft is replaced by it. A draft that was
    // not grounded became a quotation of the source (or, with no line to quote, a refusal); the
    // note says so, since the analyst has just watched the draft stream in.
    if (a.refused) {
        html += QStringLiteral("<p class=\"note\">%1</p>").arg(body.isEmpty() ? tr("The documents do not answer this question.") : body);
        if (a.refusal_reason == "unsupported_figures")
            html += QStringLiteral("<p class=\"note\">%1</p>")
                        .arg(tr("The model's draft stated figures that no source shows, and no line of the sources states "
                                "what was asked; the draft was withdrawn."));
        else if (!a.refusal_reason.empty())
            html += QStringLiteral("<p class=\"note\">%1</p>").arg(QString::fromStdString(a.refusal_reason).toHtmlEscaped());
    } else {
        html += QStringLiteral("<p>%1</p>").arg(body);
        if (a.quoted)
            html += QStringLiteral("<p class=\"note\">%1</p>")
                        .arg(tr("The model's draft was not supported by the sources; this answer quotes the source verbatim."));
    }
    if (!a.citations.empty()) {
        html += QStringLiteral("<p class=\"src\"><b>%1</b><br>").arg(tr("Sources"));
        for (size_t i = 0; i < a.citations.size(); ++i) {
            const analysis::Citation& c = a.citations[i];
            html += QStringLiteral("<a href=\"cite:%1:%2\">[%2] %3, %4</a><br>")
                        .arg(index)
                        .arg(i + 1)
                        .arg(QString::fromStdString(c.doc).toHtmlEscaped(), tr("p. %1").arg(QLocale().toString(c.page)));
        }
        html += QStringLiteral("</p>");
    }
    return html;
}

void AssistantPanel::render() {
    QString html;
    if (turns_.isEmpty()) {
        html = QStringLiteral("<p class=\"note\">%1</p>")
                   .arg(tr("Ask a question about the documents selected in the library. Every answer cites the "
                           "pages it comes from; click a source to see it highlighted on the page."));
    }
    for (int i = 0; i < turns_.size(); ++i) {
        const Turn& t = turns_[i];
        html += QStringLiteral("<p class=\"q\">%1</p>").arg(t.question.toHtmlEscaped());
        if (t.answer >= 0) html += answer_html(t.answer);
        else if (!t.note.isEmpty()) html += QStringLiteral("<p class=\"note\">%1</p>").arg(t.note.toHtmlEscaped());
        if (i + 1 < turns_.size()) html += QStringLiteral("<hr>");
    }
    answers_->setHtml(html);
    if (busy_ || (!turns_.isEmpty() && turns_.back().answer < 0 && turns_.back().note.isEmpty())) {
        // The streaming answer goes into a fresh paragraph at the end.
        QTextCursor c(answers_->document());
        c.movePosition(QTextCursor::End);
        c.insertBlock();
        c.insertText(streaming_);
    }
    QScrollBar* sb = answers_->verticalScrollBar();
    sb->setValue(sb->maximum());
}

void AssistantPanel::open_link(const QUrl& url) {
    const QStringList parts = url.toString().split(QLatin1Char(':'));
    if (parts.size() != 3 || parts[0] != QLatin1String("cite")) return;
    const int answer = parts[1].toInt();
    const int n = parts[2].toInt();
    if (answer < 0 || answer >= done_.size() || n < 1 || n > int(done_[answer].citations.size())) return;
    const analysis::Citation& c = done_[answer].citations[n - 1];
    CitationTarget t;
    t.doc_id = c.doc_id;
    t.page = c.page;
    t.chunk_id = c.chunk_id;
    t.start = c.start;
    t.end = c.end;
    Q_EMIT citation_activated(t);
}

void AssistantPanel::retranslate() {
    title_->setText(tr("Assistant"));
    const QLocale loc;
    QString scope = selected_ > 0 ? tr("Asking about %n selected document(s).", nullptr, selected_)
                                  : tr("Asking about every document in the library.");
    if (!model_loaded_) scope += QLatin1Char(' ') + tr("No model is loaded yet: open one on the Models page.");
    scope_->setText(scope);
    question_->setPlaceholderText(tr("Ask about the selected documents, e.g. “What was the operating margin?”"));
    question_->setAccessibleName(tr("Question"));
    question_->setToolTip(tr("Your question; Ctrl+Enter asks it"));
    answers_->setAccessibleName(tr("Answers"));
    stats_->setAccessibleName(tr("Generation speed"));
    scope_->setAccessibleName(tr("Documents asked about"));
    if (turns_.isEmpty()) render();
}

void AssistantPanel::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(e);
}

}  // namespace perimeter::ui
