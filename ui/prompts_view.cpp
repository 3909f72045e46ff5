#include "ui/prompts_view.h"

#include <algorithm>

#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "app/analysis/prompt_library.h"

namespace perimeter::ui {

namespace {
constexpr int kIdRole = Qt::UserRole;
constexpr int kLanguageRole = Qt::UserRole + 1;
}  // namespace

PromptsView::PromptsView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("promptsView"));
    list_ = new QTreeWidget(this);
    list_->setObjectName(QStringLiteral("promptList"));
    list_->setRootIsDecorated(false);
    list_->setColumnCount(3);
    list_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    list_->header()->setStretchLastSection(true);
    refresh_ = new QPushButton(this);
    refresh_->setObjectName(QStringLiteral("promptRefreshButton"));

    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("promptTitle"));
    QFont f = title_->font();
    f.setBold(true);
    title_->setFont(f);
    versions_ = new QComboBox(this);
    versions_->setObjectName(QStringLiteral("promptVersions"));
    editor_ = new QPlainTextEdit(this);
    editor_->setObjectName(QStringLiteral("promptEditor"));
    editor_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    editor_->setTabChangesFocus(true);
    placeholders_caption_ = new QLabel(this);
    placeholders_caption_->setObjectName(QStringLiteral("promptPlaceholdersCaption"));
    placeholders_ = new QLabel(this);
    placeholders_->setObjectName(QStringLiteral("promptPlaceholders"));  // names the program fills in: shown as they are
    placeholders_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("promptStatus"));
    save_ = new QPushButton(this);
    save_->setObjectName(QStringLiteral("promptSaveButton"));
    save_->setDefault(true);
    revert_ = new QPushButton(this);
    revert_->setObjectName(QStringLiteral("promptRevertButton"));

    auto* left = new QWidget(this);
    auto* left_lay = new QVBoxLayout(left);
    left_lay->setContentsMargins(0, 0, 0, 0);
    left_lay->addWidget(list_, 1);
    left_lay->addWidget(refresh_, 0, Qt::AlignLeft);

    auto* right = new QWidget(this);
    auto* head = new QHBoxLayout;
    head->addWidget(title_, 1);
    head->addWidget(versions_);
    auto* ph = new QHBoxLayout;
    ph->addWidget(placeholders_caption_);
    ph->addWidget(placeholders_, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(status_, 1);
    buttons->addWidget(revert_);
    buttons->addWidget(save_);
    auto* right_lay = new QVBoxLayout(right);
    right_lay->setContentsMargins(0, 0, 0, 0);
    right_lay->addLayout(head);
    right_lay->addWidget(editor_, 1);
    right_lay->addLayout(ph);
    right_lay->addLayout(buttons);

    auto* split = new QSplitter(this);
    split->setObjectName(QStringLiteral("promptsSplitter"));
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);
    split->setSizes({460, 1000});  // the list wide enough for its names and versions
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(12, 12, 12, 12);
    lay->addWidget(split);

    connect(refresh_, &QPushButton::clicked, this, &PromptsView::refresh_requested);
    connect(list_, &QTreeWidget::currentItemChanged, this, [this] { show_prompt(); });
    connect(versions_, &QComboBox::currentIndexChanged, this, [this] { show_version(); });
    connect(editor_, &QPlainTextEdit::textChanged, this, [this] {
        if (!pending_) status_->clear();
        update_buttons();
    });
    connect(revert_, &QPushButton::clicked, this, [this] { show_version(); });
    connect(save_, &QPushButton::clicked, this, [this] {
        const Key k = current_key();
        if (k.first.isEmpty()) return;
        pending_ = true;  // until the worker answers: saved (a reload follows) or failed
        update_buttons();
        status_->setText(tr("Saving..."));
        Q_EMIT save_requested(k.first, k.second, editor_->toPlainText());
    });
    retranslate();
    update_buttons();
}

int PromptsView::prompt_count() const { return list_->topLevelItemCount(); }

bool PromptsView::select(const QString& id, const QString& language) {
    for (int i = 0; i < list_->topLevelItemCount(); ++i) {
        QTreeWidgetItem* it = list_->topLevelItem(i);
        if (it->data(0, kIdRole).toString() == id && it->data(0, kLanguageRole).toString() == language) {
            list_->setCurrentItem(it);
            return true;
        }
    }
    return false;
}

PromptsView::Key PromptsView::current_key() const {
    const QTreeWidgetItem* it = list_->currentItem();
    if (!it) return {};
    return {it->data(0, kIdRole).toString(), it->data(0, kLanguageRole).toString()};
}

const analysis::Prompt* PromptsView::current_version() const {
    const auto it = prompts_.constFind(current_key());
    const int i = versions_->currentIndex();
    if (it == prompts_.constEnd() || i < 0 || i >= it->size()) return nullptr;
    return &(*it)[i];
}

void PromptsView::on_prompts_loaded(const QVector<analysis::Prompt>& versions) {
    const Key keep = current_key();
    const analysis::Prompt* shown = current_version();
    const bool dirty = shown && editor_->toPlainText() != QString::fromStdString(shown->text);
    const QString unsaved = editor_->toPlainText();
    prompts_.clear();
    for (const auto& p : versions)
        prompts_[{QString::fromStdString(p.id), QString::fromStdString(p.language)}].push_back(p);
    for (auto& v : prompts_)
        std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.version > b.version; });
    fill_list();
    if (!keep.first.isEmpty() && select(keep.first, keep.second)) {
        if (dirty && saved_version_ == 0) editor_->setPlainText(unsaved);  // a refresh never loses typing
    } else if (list_->topLevelItemCount() > 0) {
        list_->setCurrentItem(list_->topLevelItem(0));
    }
    if (saved_version_ > 0) {
        status_->setText(tr("Saved as version %1. New answers and reports use it.").arg(saved_version_));
        saved_version_ = 0;
    }
    update_buttons();
}

void PromptsView::on_prompt_saved(const analysis::Prompt& prompt) {
    pending_ = false;
    saved_version_ = prompt.version;  // the reload that follows selects and reports it
}

void PromptsView::on_save_failed() {
    if (!pending_) return;
    pending_ = false;
    status_->setText(tr("Not saved."));
    update_buttons();
}

void PromptsView::fill_list() {
    const QSignalBlocker block(list_);
    list_->clear();
    for (auto it = prompts_.constBegin(); it != prompts_.constEnd(); ++it) {
        if (it->isEmpty()) continue;
        auto* item = new QTreeWidgetItem(list_);
        item->setData(0, kIdRole, it.key().first);
        item->setData(0, kLanguageRole, it.key().second);
        item->setText(0, prompt_name(it.key().first));
        item->setToolTip(0, it.key().first);
        item->setText(1, language_name(it.key().second));
        item->setText(2, QString::number(it->front().version));
    }
}

void PromptsView::show_prompt() {
    const Key k = current_key();
    const auto it = prompts_.constFind(k);
    {
        const QSignalBlocker block(versions_);
        versions_->clear();
        if (it != prompts_.constEnd()) {
            const QLocale loc;
            for (const auto& p : *it) {
                const QDateTime t = QDateTime::fromString(QString::fromStdString(p.created_at), Qt::ISODate);
                const QString when = t.isValid() ? loc.toString(t.toLocalTime(), QLocale::ShortFormat)
                                                 : QString::fromStdString(p.created_at);
                versions_->addItem(p.origin == "edit" ? tr("Version %1, edited %2").arg(p.version).arg(when)
                                                      : tr("Version %1, shipped %2").arg(p.version).arg(when));
            }
            versions_->setCurrentIndex(0);
        }
    }
    if (it == prompts_.constEnd()) {
        title_->clear();
        placeholders_->clear();
    } else {
        title_->setText(tr("%1 (%2)").arg(prompt_name(k.first), language_name(k.second)));
        // What the pipeline fills in: the placeholders of the shipped text.
        QStringList names;
        for (const auto& p : *it)
            if (p.origin == "default") {
                for (const auto& ph : analysis::placeholders(p.text)) names << QString::fromStdString(ph);
                break;
            }
        placeholders_->setText(names.join(QStringLiteral(", ")));
    }
    show_version();
}

void PromptsView::show_version() {
    const analysis::Prompt* p = current_version();
    {
        const QSignalBlocker block(editor_);
        editor_->setPlainText(p ? QString::fromStdString(p->text) : QString());
    }
    update_buttons();
}

void PromptsView::update_buttons() {
    const analysis::Prompt* p = current_version();
    const bool changed = p && editor_->toPlainText() != QString::fromStdString(p->text);
    const bool old_version = p && versions_->currentIndex() > 0;
    // Saving an unchanged older version restores it (as a new version).
    save_->setEnabled(!pending_ && p && !editor_->toPlainText().trimmed().isEmpty() && (changed || old_version));
    save_->setText(old_version && !changed ? tr("Restore this version") : tr("Save as new version"));
    revert_->setEnabled(changed);
    placeholders_caption_->setVisible(!placeholders_->text().isEmpty());
}

QString PromptsView::prompt_name(const QString& id) {
    if (id == QLatin1String("ask.system")) return tr("Questions: instructions to the model");
    if (id == QLatin1String("ask.user")) return tr("Questions: sources and question");
    if (id == QLatin1String("ask.quote")) return tr("Questions: answer quoted from the source");
    if (id == QLatin1String("summary.map")) return tr("Summary: notes on each part");
    if (id == QLatin1String("summary.reduce")) return tr("Summary: the whole report");
    if (id == QLatin1String("recommendation")) return tr("Investment recommendation");
    if (id == QLatin1String("disclaimer")) return tr("Disclaimer");
    return id;
}

QString PromptsView::language_name(const QString& language) {
    if (language == QLatin1String("en")) return tr("English");
    if (language == QLatin1String("ru")) return tr("Russian");
    return language;
}

void PromptsView::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) {
        retranslate();
        const Key k = current_key();
        fill_list();
        if (!k.first.isEmpty()) {
            const QSignalBlocker block(list_);
            select(k.first, k.second);
        }
        // Version labels and the title are translated too; the editor's text is kept.
        const int v = versions_->currentIndex();
        const QString text = editor_->toPlainText();
        show_prompt();
        if (v >= 0 && v < versions_->count()) {
            const QSignalBlocker block(versions_);
            versions_->setCurrentIndex(v);
        }
        {
            const QSignalBlocker block(editor_);
            editor_->setPlainText(text);
        }
        update_buttons();
    }
    QWidget::changeEvent(e);
}

void PromptsView::retranslate() {
    list_->setHeaderLabels({tr("Prompt"), tr("Language"), tr("Version")});
    list_->setAccessibleName(tr("Prompts"));
    refresh_->setText(tr("Refresh"));
    refresh_->setToolTip(tr("Read the prompt library again"));
    versions_->setAccessibleName(tr("Versions of the prompt"));
    versions_->setToolTip(tr("Every version is kept; reports record the version they used"));
    editor_->setAccessibleName(tr("Prompt text"));
    editor_->setPlaceholderText(tr("Choose a prompt on the left"));
    placeholders_caption_->setText(tr("Keep these placeholders, with their braces:"));
    revert_->setText(tr("Discard changes"));
    revert_->setToolTip(tr("Show the chosen version again"));
    save_->setToolTip(tr("Store the text as a new version; earlier versions stay available"));
    update_buttons();
}

}  // namespace perimeter::ui
