#include "ui/settings.h"

#include <QDir>
#include <QStandardPaths>

namespace perimeter::ui {

Settings::Settings() : qs_(std::make_unique<QSettings>()) {}

Settings::Settings(const QString& ini_file) : qs_(std::make_unique<QSettings>(ini_file, QSettings::IniFormat)) {}

QString Settings::database_path() const {
    const QString last = get(keys::database);
    if (!last.isEmpty()) return last;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir + QStringLiteral("/library.sqlite");
}

QString Settings::user() const {
    const QString name = get(keys::user_name);
    if (!name.isEmpty()) return name;
    const QString login = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return login.isEmpty() ? QStringLiteral("analyst") : login;
}

QString Settings::export_directory() const {
    const QString dir = get(keys::export_dir);
    if (!dir.isEmpty()) return dir;
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

}  // namespace perimeter::ui
