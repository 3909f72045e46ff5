// The model manager: open any GGUF and see what it is (architecture, parameters, quantization
// mix, context length, a memory estimate at the chosen context) before loading it; threads,
// GPU use when available, and the embedding model. Reading a model's description runs on the
// panel's own pool thread; loading runs on the generation worker.
#pragma once
#include <QThreadPool>
#include <QWidget>

#include "engine/model/model_info.h"
#include "ui/worker_types.h"

class QCheckBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace perimeter::ui {

class ModelManager : public QWidget {
    Q_OBJECT
public:
    explicit ModelManager(QWidget* parent = nullptr);
    ~ModelManager() override;

    // Shows a file's description (read on the pool thread); also used at start-up.
    void inspect(const QString& gguf);
    void inspect_embedding(const QString& gguf);
    void set_values(int threads, int context, bool gpu);
    analysis::ModelConfig config() const;
    QString model_path() const { return path_; }
    QString embedding_path() const { return embedding_; }
    bool described() const { return have_info_; }
    const engine::ModelInfo& info() const { return info_; }
    bool loaded() const { return loaded_; }
    static bool gpu_available();

public Q_SLOTS:
    void on_model_loaded(const QString& file);
    void on_failed(const perimeter::ui::ErrorInfo& error);
    void set_busy(bool busy);

Q_SIGNALS:
    void load_requested(const perimeter::analysis::ModelConfig& config);
    void embedding_requested(const QString& gguf);
    void described_model(const QString& gguf);
    void failed(const perimeter::ui::ErrorInfo& error);

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslate();
    void show_info();
    void update_memory();
    void browse(bool embedding);

    QThreadPool pool_;
    QString path_, embedding_;
    engine::ModelInfo info_;
    bool have_info_ = false, loaded_ = false, busy_ = false;
    QString loaded_path_;
    QString embedding_text_;

    QGroupBox *model_box_, *run_box_, *embed_box_;
    QLineEdit* path_edit_;
    QPushButton* browse_;
    QFormLayout* form_;
    QLabel *name_, *arch_, *params_, *quant_, *context_, *file_size_, *memory_, *status_;
    QTreeWidget* types_;
    QSpinBox* threads_;
    QSpinBox* ctx_;
    QCheckBox* gpu_;
    QPushButton* load_;
    QLabel* loaded_label_;
    QLineEdit* embed_edit_;
    QPushButton* embed_browse_;
    QPushButton* embed_load_;
    QLabel* embed_info_;
    QFormLayout* run_form_;
};

}  // namespace perimeter::ui
