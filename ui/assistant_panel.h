// The assistant: a question box, the answer streaming in (appended in 50 ms batches), cited
// sources as links that open the page in the viewer with the span highlighted, a stop
// button, and the generation speed.
#pragma once
#include <QWidget>

#include "ui/worker_types.h"

class QLabel;
class QPlainTextEdit;
class QTextBrowser;
class QToolButton;

namespace perimeter::ui {

class Actions;
class TokenBuffer;

class AssistantPanel : public QWidget {
    Q_OBJECT
public:
    explicit AssistantPanel(Actions* actions, QWidget* parent = nullptr);

    QString question() const;
    qint64 thread_id() const { return thread_id_; }
    bool busy() const { return busy_; }
    QTextBrowser* answer_view() const { return answers_; }
    const QVector<analysis::Answer>& answers() const { return done_; }
    double last_tokens_per_second() const { return last_tps_; }
    void focus_question();

public Q_SLOTS:
    // The question is being sent: shows it and starts the answer block.
    void begin_answer(const QString& question);
    void on_token(const QString& text);
    void on_answered(const perimeter::analysis::Answer& answer);
    void on_failed(const perimeter::ui::ErrorInfo& error);
    void set_scope(int selected_documents, bool model_loaded);
    void new_conversation();

Q_SIGNALS:
    void citation_activated(const perimeter::ui::CitationTarget& target);

protected:
    void changeEvent(QEvent* e) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Turn {
        QString question;
        int answer = -1;   // index into done_, -1 while streaming or failed
        QString note;      // a failure or stop, shown instead of an answer
    };
    void retranslate();
    void render();
    QString answer_html(int index) const;
    void open_link(const QUrl& url);
    void set_busy(bool busy);

    Actions* actions_;
    QLabel* title_;
    QLabel* scope_;
    QToolButton* new_button_;
    QTextBrowser* answers_;
    QPlainTextEdit* question_;
    QToolButton* ask_;
    QToolButton* stop_;
    QLabel* stats_;
    TokenBuffer* buffer_;
    QVector<Turn> turns_;
    QVector<analysis::Answer> done_;
    QString streaming_;
    bool busy_ = false;
    qint64 thread_id_ = 0;
    double last_tps_ = 0;
    int selected_ = 0;
    bool model_loaded_ = false;
};

}  // namespace perimeter::ui
