// The settings dialog: language, the analyst's name, import, reports and viewer settings.
// Reads and writes only through Settings' declared keys; the main window applies the result.
#pragma once
#include <QDialog>

class QComboBox;
class QFormLayout;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace perimeter::ui {

class Settings;

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(Settings& settings, QWidget* parent = nullptr);

    // Writes the fields to the settings (also what Save does).
    void save();

protected:
    void changeEvent(QEvent* e) override;

private:
    void load();
    void retranslate();

    Settings& settings_;
    QFormLayout* form_;
    QComboBox* language_;
    QLineEdit* user_;
    QComboBox* ocr_;
    QSpinBox* ingest_threads_;
    QComboBox* report_language_;
    QLineEdit* export_dir_;
    QPushButton* export_browse_;
    QSpinBox* dpi_;
    QPushButton* save_;
    QPushButton* cancel_;
};

}  // namespace perimeter::ui
