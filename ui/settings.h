// The analyst's settings, typed and declared once: each Key names its QSettings key and its
// default. Everything else reads and writes through Settings::get/set with a Key, so a key
// string never appears twice. The engine is handed values; it never reads settings itself.
#pragma once
#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QVariant>
#include <memory>

namespace perimeter::ui {

template <class T>
struct Key {
    const char* name;
    T fallback;
};

namespace keys {
inline const Key<QString> language{"ui/language", QStringLiteral("en")};        // "en" or "ru"
inline const Key<QString> database{"library/database", QString()};              // "": default path
inline const Key<QString> user_name{"user/name", QString()};                    // "": the login name
inline const Key<QString> model_path{"model/path", QString()};                  // generator GGUF
inline const Key<int> model_threads{"model/threads", 0};                        // 0: all cores
inline const Key<bool> model_gpu{"model/gpu", false};
inline const Key<int> model_context{"model/context", 4096};
inline const Key<QString> embedding_model{"model/embedding", QString()};        // BERT-style GGUF
inline const Key<QString> ocr_mode{"ingest/ocr", QStringLiteral("auto")};       // auto / never / always
inline const Key<int> ingest_threads{"ingest/threads", 2};                      // pages in parallel
inline const Key<QString> report_language{"reports/language", QStringLiteral("en")};
inline const Key<QString> export_dir{"reports/exportDir", QString()};           // "": Documents
inline const Key<int> render_dpi{"viewer/dpi", 110};                            // at 100% zoom
inline const Key<QByteArray> window_geometry{"window/geometry", QByteArray()};
inline const Key<QByteArray> window_state{"window/state", QByteArray()};
inline const Key<QByteArray> reader_split{"window/readerSplit", QByteArray()};
inline const Key<QByteArray> reports_split{"window/reportsSplit", QByteArray()};
inline const Key<int> current_tab{"window/tab", 0};
}  // namespace keys

class Settings {
public:
    // The platform's settings for this organisation and application.
    Settings();
    // An INI file (tests, portable installs).
    explicit Settings(const QString& ini_file);

    template <class T>
    T get(const Key<T>& key) const {
        const QVariant v = qs_->value(QLatin1String(key.name));
        return v.isValid() && v.canConvert<T>() ? v.value<T>() : key.fallback;
    }
    template <class T>
    void set(const Key<T>& key, const T& value) {
        qs_->setValue(QLatin1String(key.name), QVariant::fromValue(value));
    }
    void sync() { qs_->sync(); }
    QString file_name() const { return qs_->fileName(); }

    // Derived values with a platform default.
    QString database_path() const;   // the last database, else <AppData>/library.sqlite
    QString user() const;            // the analyst's name for the audit log
    QString export_directory() const;

private:
    std::unique_ptr<QSettings> qs_;
};

}  // namespace perimeter::ui
