// The prompt library editor: every prompt (English and Russian) with its versions; the analyst
// reads any version, edits the text and saves it as a new version (the store worker checks that
// the placeholders the pipeline fills are still there and records the edit in the audit log).
// Answers and reports generated afterwards use the newest version and record which one.
#pragma once
#include <QMap>
#include <QPair>
#include <QVector>
#include <QWidget>

#include "ui/worker_types.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace perimeter::ui {

class PromptsView : public QWidget {
    Q_OBJECT
public:
    explicit PromptsView(QWidget* parent = nullptr);

    int prompt_count() const;
    // Selects a prompt (and its newest version); false if there is none.
    bool select(const QString& id, const QString& language);
    QPlainTextEdit* editor() const { return editor_; }
    QComboBox* versions() const { return versions_; }
    QPushButton* save_button() const { return save_; }
    bool save_pending() const { return pending_; }

public Q_SLOTS:
    void on_prompts_loaded(const QVector<perimeter::analysis::Prompt>& versions);
    void on_prompt_saved(const perimeter::analysis::Prompt& prompt);
    // The store refused or failed a save: the text stays in the editor to be fixed.
    void on_save_failed();

Q_SIGNALS:
    void refresh_requested();
    void save_requested(const QString& id, const QString& language, const QString& text);

protected:
    void changeEvent(QEvent* e) override;

private:
    using Key = QPair<QString, QString>;  // id, language
    void retranslate();
    void fill_list();
    void show_prompt();   // the selected prompt's versions, newest selected
    void show_version();  // the selected version's text in the editor
    void update_buttons();
    Key current_key() const;
    const analysis::Prompt* current_version() const;
    static QString prompt_name(const QString& id);
    static QString language_name(const QString& language);

    QTreeWidget* list_;
    QLabel* title_;
    QComboBox* versions_;
    QPlainTextEdit* editor_;
    QLabel* placeholders_caption_;
    QLabel* placeholders_;
    QLabel* status_;
    QPushButton* save_;
    QPushButton* revert_;
    QPushButton* refresh_;
    QMap<Key, QVector<analysis::Prompt>> prompts_;  // newest version first
    int saved_version_ = 0;
    bool pending_ = false;  // a save is with the store worker
};

}  // namespace perimeter::ui
