#include "ui/settings_dialog.h"

#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include "ui/settings.h"

namespace perimeter::ui {

namespace {
void set_label(QFormLayout* form, QWidget* field, const QString& text) {
    if (auto* l = qobject_cast<QLabel*>(form->labelForField(field))) l->setText(text);
}
}  // namespace

SettingsDialog::SettingsDialog(Settings& settings, QWidget* parent) : QDialog(parent), settings_(settings) {
    setObjectName(QStringLiteral("settingsDialog"));
    setModal(true);
    language_ = new QComboBox(this);
    language_->setObjectName(QStringLiteral("languageCombo"));
    language_->addItem(QString(), QStringLiteral("en"));
    language_->addItem(QString(), QStringLiteral("ru"));
    user_ = new QLineEdit(this);
    user_->setObjectName(QStringLiteral("userName"));
    ocr_ = new QComboBox(this);
    ocr_->setObjectName(QStringLiteral("ocrCombo"));
    ocr_->addItem(QString(), QStringLiteral("auto"));
    ocr_->addItem(QString(), QStringLiteral("never"));
    ocr_->addItem(QString(), QStringLiteral("always"));
    ingest_threads_ = new QSpinBox(this);
    ingest_threads_->setObjectName(QStringLiteral("ingestThreads"));
    ingest_threads_->setRange(1, std::max(1, QThread::idealThreadCount()));
    report_language_ = new QComboBox(this);
    report_language_->setObjectName(QStringLiteral("reportLanguageCombo"));
    report_language_->addItem(QString(), QStringLiteral("en"));
    report_language_->addItem(QString(), QStringLiteral("ru"));
    export_dir_ = new QLineEdit(this);
    export_dir_->setObjectName(QStringLiteral("exportDir"));
    export_browse_ = new QPushButton(this);
    export_browse_->setObjectName(QStringLiteral("exportBrowseButton"));
    auto* export_row = new QWidget(this);
    auto* er = new QHBoxLayout(export_row);
    er->setContentsMargins(0, 0, 0, 0);
    er->addWidget(export_dir_, 1);
    er->addWidget(export_browse_);
    dpi_ = new QSpinBox(this);
    dpi_->setObjectName(QStringLiteral("viewerDpi"));
    dpi_->setRange(48, 300);
    dpi_->setSingleStep(12);

    form_ = new QFormLayout;
    form_->setLabelAlignment(Qt::AlignRight);
    form_->addRow(QStringLiteral("-"), language_);
    form_->addRow(QStringLiteral("-"), user_);
    form_->addRow(QStringLiteral("-"), ocr_);
    form_->addRow(QStringLiteral("-"), ingest_threads_);
    form_->addRow(QStringLiteral("-"), report_language_);
    form_->addRow(QStringLiteral("-"), export_row);
    form_->addRow(QStringLiteral("-"), dpi_);

    save_ = new QPushButton(this);
    save_->setObjectName(QStringLiteral("saveSettingsButton"));
    save_->setDefault(true);
    cancel_ = new QPushButton(this);
    cancel_->setObjectName(QStringLiteral("cancelSettingsButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(cancel_);
    buttons->addWidget(save_);
    auto* lay = new QVBoxLayout(this);
    lay->addLayout(form_);
    lay->addSpacing(8);
    lay->addLayout(buttons);

    connect(save_, &QPushButton::clicked, this, [this] {
        save();
        accept();
    });
    connect(cancel_, &QPushButton::clicked, this, &QDialog::reject);
    connect(export_browse_, &QPushButton::clicked, this, [this] {
        auto* dlg = new QFileDialog(this, tr("Export folder"), export_dir_->text());
        dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setOption(QFileDialog::DontUseNativeDialog);  // the same dialog on every desktop, drivable in tests
        dlg->setFileMode(QFileDialog::Directory);
        dlg->setOption(QFileDialog::ShowDirsOnly);
        connect(dlg, &QFileDialog::fileSelected, export_dir_, &QLineEdit::setText);
        dlg->open();
    });
    retranslate();
    load();
    resize(560, sizeHint().height());
}

void SettingsDialog::load() {
    auto select = [](QComboBox* box, const QString& value) {
        const int i = box->findData(value);
        box->setCurrentIndex(i < 0 ? 0 : i);
    };
    select(language_, settings_.get(keys::language));
    user_->setText(settings_.get(keys::user_name));
    select(ocr_, settings_.get(keys::ocr_mode));
    ingest_threads_->setValue(settings_.get(keys::ingest_threads));
    select(report_language_, settings_.get(keys::report_language));
    export_dir_->setText(settings_.export_directory());
    dpi_->setValue(settings_.get(keys::render_dpi));
}

void SettingsDialog::save() {
    settings_.set(keys::language, language_->currentData().toString());
    settings_.set(keys::user_name, user_->text().trimmed());
    settings_.set(keys::ocr_mode, ocr_->currentData().toString());
    settings_.set(keys::ingest_threads, ingest_threads_->value());
    settings_.set(keys::report_language, report_language_->currentData().toString());
    settings_.set(keys::export_dir, export_dir_->text().trimmed());
    settings_.set(keys::render_dpi, dpi_->value());
    settings_.sync();
}

void SettingsDialog::retranslate() {
    setWindowTitle(tr("Settings"));
    language_->setItemText(0, tr("English"));
    language_->setItemText(1, tr("Russian"));
    report_language_->setItemText(0, tr("English"));
    report_language_->setItemText(1, tr("Russian"));
    ocr_->setItemText(0, tr("When a page has no usable text"));
    ocr_->setItemText(1, tr("Never (text layer only)"));
    ocr_->setItemText(2, tr("Always"));
    set_label(form_, language_, tr("Interface language"));
    set_label(form_, user_, tr("Your name"));
    set_label(form_, ocr_, tr("Text recognition"));
    set_label(form_, ingest_threads_, tr("Pages read in parallel"));
    set_label(form_, report_language_, tr("Report language"));
    set_label(form_, export_dir_->parentWidget(), tr("Export folder"));
    set_label(form_, dpi_, tr("Page resolution"));
    user_->setPlaceholderText(tr("Shown in the audit log and on approvals"));
    user_->setAccessibleName(tr("Your name"));
    language_->setAccessibleName(tr("Interface language"));
    ocr_->setAccessibleName(tr("Text recognition"));
    ingest_threads_->setAccessibleName(tr("Pages read in parallel"));
    report_language_->setAccessibleName(tr("Report language"));
    export_dir_->setAccessibleName(tr("Export folder"));
    dpi_->setAccessibleName(tr("Page resolution"));
    dpi_->setSuffix(tr(" dpi"));
    dpi_->setToolTip(tr("Resolution of pages at 100% zoom"));
    export_browse_->setText(tr("Choose…"));
    save_->setText(tr("Save"));
    cancel_->setText(tr("Cancel"));
}

void SettingsDialog::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) retranslate();
    QDialog::changeEvent(e);
}

}  // namespace perimeter::ui
