#include "ui/model_manager.h"

#include <QCheckBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "engine/gguf/gguf_file.h"
#include "ui/error_info.h"

namespace perimeter::ui {

namespace {
QLabel* value(QWidget* parent, const char* name) {
    auto* l = new QLabel(parent);
    l->setObjectName(QLatin1String(name));
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setWordWrap(true);
    return l;
}
void set_label(QFormLayout* form, QWidget* field, const QString& text) {
    if (auto* l = qobject_cast<QLabel*>(form->labelForField(field))) l->setText(text);
}
// "134.5 M" style counts in the user's locale.
QString count_text(int64_t n) {
    const QLocale loc;
    if (n >= 1'000'000'000) return ModelManager::tr("%1 billion").arg(loc.toString(n / 1e9, 'f', 2));
    if (n >= 1'000'000) return ModelManager::tr("%1 million").arg(loc.toString(n / 1e6, 'f', 1));
    return loc.toString(qlonglong(n));
}
}  // namespace

bool ModelManager::gpu_available() {
#if defined(PERIMETER_UI_HAVE_CUDA) && PERIMETER_UI_HAVE_CUDA
    return true;
#else
    return false;
#endif
}

ModelManager::ModelManager(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("modelManager"));
    pool_.setMaxThreadCount(1);

    model_box_ = new QGroupBox(this);
    model_box_->setObjectName(QStringLiteral("modelBox"));
    path_edit_ = new QLineEdit(model_box_);
    path_edit_->setObjectName(QStringLiteral("modelPath"));
    path_edit_->setReadOnly(true);
    browse_ = new QPushButton(model_box_);
    browse_->setObjectName(QStringLiteral("browseModelButton"));
    auto* pick = new QHBoxLayout;
    pick->addWidget(path_edit_, 1);
    pick->addWidget(browse_);
    name_ = value(model_box_, "modelName");
    arch_ = value(model_box_, "modelArchitecture");
    params_ = value(model_box_, "modelParameters");
    quant_ = value(model_box_, "modelQuantization");
    context_ = value(model_box_, "modelContext");
    file_size_ = value(model_box_, "modelFileSize");
    memory_ = value(model_box_, "modelMemory");
    status_ = value(model_box_, "modelStatus");
    form_ = new QFormLayout;
    form_->setLabelAlignment(Qt::AlignRight);
    form_->setHorizontalSpacing(16);
    for (QLabel* l : {name_, arch_, params_, quant_, context_, file_size_, memory_, status_}) form_->addRow(QStringLiteral("-"), l);  // the label text is set in retranslate()
    types_ = new QTreeWidget(model_box_);
    types_->setObjectName(QStringLiteral("quantizationTable"));
    types_->setRootIsDecorated(false);
    types_->setColumnCount(4);
    types_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    types_->setMaximumHeight(150);
    auto* ml = new QVBoxLayout(model_box_);
    ml->addLayout(pick);
    ml->addLayout(form_);
    ml->addSpacing(8);
    ml->addWidget(types_);
    ml->addStretch(1);

    run_box_ = new QGroupBox(this);
    run_box_->setObjectName(QStringLiteral("runBox"));
    threads_ = new QSpinBox(run_box_);
    threads_->setObjectName(QStringLiteral("threadsSpin"));
    threads_->setRange(0, std::max(1, QThread::idealThreadCount()));
    ctx_ = new QSpinBox(run_box_);
    ctx_->setObjectName(QStringLiteral("contextSpin"));
    ctx_->setRange(512, 131072);
    ctx_->setSingleStep(512);
    ctx_->setValue(4096);
    ctx_->setGroupSeparatorShown(true);
    gpu_ = new QCheckBox(run_box_);
    gpu_->setObjectName(QStringLiteral("gpuCheck"));
    gpu_->setEnabled(gpu_available());
    load_ = new QPushButton(run_box_);
    load_->setObjectName(QStringLiteral("loadModelButton"));
    load_->setEnabled(false);
    loaded_label_ = value(run_box_, "modelLoadedLabel");
    run_form_ = new QFormLayout;
    run_form_->setLabelAlignment(Qt::AlignRight);
    run_form_->addRow(QStringLiteral("-"), threads_);
    run_form_->addRow(QStringLiteral("-"), ctx_);
    run_form_->addRow(QStringLiteral("-"), gpu_);
    auto* rl = new QVBoxLayout(run_box_);
    rl->addLayout(run_form_);
    auto* lr = new QHBoxLayout;
    lr->addWidget(load_);
    lr->addWidget(loaded_label_, 1);
    rl->addLayout(lr);

    embed_box_ = new QGroupBox(this);
    embed_box_->setObjectName(QStringLiteral("embeddingBox"));
    embed_edit_ = new QLineEdit(embed_box_);
    embed_edit_->setObjectName(QStringLiteral("embeddingPath"));
    embed_edit_->setReadOnly(true);
    embed_browse_ = new QPushButton(embed_box_);
    embed_browse_->setObjectName(QStringLiteral("browseEmbeddingButton"));
    embed_load_ = new QPushButton(embed_box_);
    embed_load_->setObjectName(QStringLiteral("loadEmbeddingButton"));
    embed_load_->setEnabled(false);
    embed_info_ = value(embed_box_, "embeddingInfo");
    auto* el = new QVBoxLayout(embed_box_);
    auto* ep = new QHBoxLayout;
    ep->addWidget(embed_edit_, 1);
    ep->addWidget(embed_browse_);
    ep->addWidget(embed_load_);
    el->addLayout(ep);
    el->addWidget(embed_info_);

    auto* right = new QVBoxLayout;
    right->addWidget(run_box_);
    right->addWidget(embed_box_);
    right->addStretch(1);
    auto* lay = new QHBoxLayout(this);
    lay->setContentsMargins(16, 16, 16, 16);
    lay->setSpacing(16);
    lay->addWidget(model_box_, 3);
    lay->addLayout(right, 2);

    connect(browse_, &QPushButton::clicked, this, [this] { browse(false); });
    connect(embed_browse_, &QPushButton::clicked, this, [this] { browse(true); });
    connect(ctx_, &QSpinBox::valueChanged, this, &ModelManager::update_memory);
    connect(load_, &QPushButton::clicked, this, [this] {
        set_busy(true);
        loaded_label_->setText(tr("Loading…"));
        Q_EMIT load_requested(config());
    });
    connect(embed_load_, &QPushButton::clicked, this, [this] {
        if (!embedding_.isEmpty()) Q_EMIT embedding_requested(embedding_);
    });
    retranslate();
}

ModelManager::~ModelManager() {
    pool_.clear();
    pool_.waitForDone();
}

analysis::ModelConfig ModelManager::config() const {
    analysis::ModelConfig c;
    c.path = path_.toStdString();
    c.threads = threads_->value();
    c.context = ctx_->value();
    c.gpu = gpu_->isChecked() && gpu_available();
    return c;
}

void ModelManager::set_values(int threads, int context, bool gpu) {
    threads_->setValue(threads);
    ctx_->setValue(context);
    gpu_->setChecked(gpu && gpu_available());
}

void ModelManager::browse(bool embedding) {
    auto* dlg = new QFileDialog(this, embedding ? tr("Choose an embedding model") : tr("Choose a language model"));
    dlg->setObjectName(QStringLiteral("modelFileDialog"));
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setOption(QFileDialog::DontUseNativeDialog);  // the same dialog on every desktop, drivable in tests
    dlg->setNameFilter(tr("GGUF models (*.gguf)"));
    dlg->setFileMode(QFileDialog::ExistingFile);
    const QString current = embedding ? embedding_ : path_;
    if (!current.isEmpty()) dlg->setDirectory(QFileInfo(current).absolutePath());
    connect(dlg, &QFileDialog::fileSelected, this, [this, embedding](const QString& f) {
        if (embedding) inspect_embedding(f);
        else inspect(f);
    });
    dlg->open();
}

void ModelManager::inspect(const QString& gguf) {
    path_ = gguf;
    path_edit_->setText(gguf);
    path_edit_->setToolTip(gguf);
    have_info_ = false;
    status_->setText(tr("Reading the file…"));
    load_->setEnabled(false);
    QPointer<ModelManager> self(this);
    const std::string file = gguf.toStdString();
    pool_.start([self, file, gguf] {
        engine::ModelInfo info;
        ErrorInfo err;
        bool ok = false;
        try {
            const auto f = engine::GgufFile::open(file);
            info = engine::describe_model(*f);
            ok = true;
        } catch (...) {
            err = current_error(gguf);
            err.domain = QStringLiteral("model");
            err.code = QStringLiteral("model_load");
        }
        if (!self) return;
        QMetaObject::invokeMethod(self.data(), [self, info, err, ok, gguf] {
            if (!self || self->path_ != gguf) return;
            if (!ok) {
                self->status_->setText(tr("Not a usable GGUF file."));
                Q_EMIT self->failed(err);
                return;
            }
            self->info_ = info;
            self->have_info_ = true;
            self->show_info();
            Q_EMIT self->described_model(gguf);
        }, Qt::QueuedConnection);
    });
}

void ModelManager::inspect_embedding(const QString& gguf) {
    embedding_ = gguf;
    embed_edit_->setText(gguf);
    embed_edit_->setToolTip(gguf);
    embed_load_->setEnabled(false);
    embedding_text_.clear();
    QPointer<ModelManager> self(this);
    const std::string file = gguf.toStdString();
    pool_.start([self, file, gguf] {
        QString text;
        bool ok = false;
        try {
            const auto f = engine::GgufFile::open(file);
            const engine::ModelInfo info = engine::describe_model(*f);
            ok = info.loadable;
            text = QStringLiteral("%1 · %2 · %3")
                       .arg(QString::fromStdString(info.architecture), count_text(info.n_params),
                            QLocale().formattedDataSize(qint64(info.file_size)));
        } catch (...) {
        }
        if (!self) return;
        QMetaObject::invokeMethod(self.data(), [self, text, ok, gguf] {
            if (!self || self->embedding_ != gguf) return;
            self->embedding_text_ = text;
            self->embed_info_->setText(ok ? text : tr("Not a usable embedding model."));
            self->embed_load_->setEnabled(ok);
        }, Qt::QueuedConnection);
    });
}

void ModelManager::show_info() {
    const QLocale loc;
    const engine::ModelInfo& i = info_;
    name_->setText(i.name.empty() ? QFileInfo(path_).completeBaseName() : QString::fromStdString(i.name));
    arch_->setText(QString::fromStdString(i.architecture));
    params_->setText(count_text(i.n_params) + (i.size_label.empty() ? QString() : QStringLiteral(" (%1)").arg(QString::fromStdString(i.size_label))));
    quant_->setText(i.file_type.empty() ? (i.types.empty() ? QString() : QString::fromStdString(i.types.front().name))
                                        : QString::fromStdString(i.file_type));
    context_->setText(i.context_length() > 0 ? tr("%1 tokens").arg(loc.toString(qlonglong(i.context_length()))) : tr("unknown"));
    file_size_->setText(loc.formattedDataSize(qint64(i.file_size)));
    status_->setText(i.loadable ? tr("Ready to load") : tr("Cannot be run: %1").arg(QString::fromStdString(i.load_error)));
    status_->setStyleSheet(i.loadable ? QStringLiteral("color: #166534;") : QStringLiteral("color: #9a3412;"));
    types_->clear();
    for (const engine::TypeUsage& t : i.types) {
        auto* item = new QTreeWidgetItem(types_);
        item->setText(0, QString::fromStdString(t.name));
        item->setText(1, loc.toString(qlonglong(t.n_tensors)));
        item->setText(2, count_text(t.n_params));
        item->setText(3, i.weight_bytes ? loc.toString(100.0 * double(t.bytes) / double(i.weight_bytes), 'f', 1) + QStringLiteral(" %") : QString());
        for (int c = 1; c < 4; ++c) item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
    }
    if (i.context_length() > 0) ctx_->setMaximum(int(std::min<int64_t>(i.context_length(), 131072)));
    update_memory();
    load_->setEnabled(i.loadable && !busy_);
}

void ModelManager::update_memory() {
    if (!have_info_) {
        memory_->clear();
        return;
    }
    memory_->setText(tr("%1 at %2 tokens of context (weights and cache)")
                         .arg(QLocale().formattedDataSize(qint64(info_.memory_estimate(ctx_->value()))),
                              QLocale().toString(ctx_->value())));
}

void ModelManager::set_busy(bool busy) {
    busy_ = busy;
    load_->setEnabled(!busy && have_info_ && info_.loadable);
}

void ModelManager::on_model_loaded(const QString& file) {
    loaded_ = true;
    loaded_path_ = file;
    set_busy(false);
    loaded_label_->setText(tr("Loaded: %1").arg(QFileInfo(file).fileName()));
    loaded_label_->setStyleSheet(QStringLiteral("color: #166534;"));
}

void ModelManager::on_failed(const ErrorInfo& error) {
    if (error.code == QLatin1String("model_load")) {
        loaded_label_->setText(tr("Not loaded"));
        loaded_label_->setStyleSheet(QStringLiteral("color: #9a3412;"));
    }
    set_busy(false);
}

void ModelManager::retranslate() {
    model_box_->setTitle(tr("Language model"));
    run_box_->setTitle(tr("Running it"));
    embed_box_->setTitle(tr("Embedding model for search"));
    browse_->setText(tr("Open GGUF…"));
    browse_->setToolTip(tr("Choose a GGUF model file on this computer"));
    path_edit_->setPlaceholderText(tr("No model chosen"));
    path_edit_->setAccessibleName(tr("Model file"));
    set_label(form_, name_, tr("Name"));
    set_label(form_, arch_, tr("Architecture"));
    set_label(form_, params_, tr("Parameters"));
    set_label(form_, quant_, tr("Quantization"));
    set_label(form_, context_, tr("Trained context"));
    set_label(form_, file_size_, tr("File size"));
    set_label(form_, memory_, tr("Memory needed"));
    set_label(form_, status_, tr("State"));
    types_->setHeaderLabels({tr("Tensor type"), tr("Tensors"), tr("Parameters"), tr("Share of size")});
    types_->setAccessibleName(tr("Quantization mix"));
    set_label(run_form_, threads_, tr("Threads"));
    set_label(run_form_, ctx_, tr("Context"));
    set_label(run_form_, gpu_, tr("Graphics card"));
    threads_->setSpecialValueText(tr("all cores"));
    threads_->setAccessibleName(tr("Threads"));
    threads_->setToolTip(tr("Processor threads used for generation; 0 uses every core"));
    ctx_->setSuffix(tr(" tokens"));
    ctx_->setAccessibleName(tr("Context length"));
    ctx_->setToolTip(tr("Tokens of question, evidence and answer the model holds at once"));
    gpu_->setText(tr("Use the GPU"));
    gpu_->setAccessibleName(tr("Use the GPU"));
    gpu_->setToolTip(gpu_available() ? tr("Run the model on the graphics card")
                                     : tr("This build has no GPU support; the model runs on the CPU"));
    load_->setText(tr("Load Model"));
    load_->setAccessibleName(tr("Load the model"));
    if (!loaded_) loaded_label_->setText(tr("No model loaded"));
    else loaded_label_->setText(tr("Loaded: %1").arg(QFileInfo(loaded_path_).fileName()));
    embed_edit_->setPlaceholderText(tr("None: search uses keywords only"));
    embed_edit_->setAccessibleName(tr("Embedding model file"));
    embed_browse_->setText(tr("Open GGUF…"));
    embed_load_->setText(tr("Use"));
    embed_load_->setToolTip(tr("Index the library with this model in the background"));
    embed_info_->setText(embedding_.isEmpty() ? tr("Without an embedding model, passages are found by their words alone.")
                                              : embedding_text_);
    if (have_info_) show_info();
    else status_->setText(path_.isEmpty() ? tr("Open a GGUF file to see what it is") : status_->text());
}

void ModelManager::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(e);
}

}  // namespace perimeter::ui
