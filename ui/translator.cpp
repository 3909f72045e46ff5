#include "ui/translator.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>

namespace perimeter::ui {

Translator::~Translator() { remove(); }

void Translator::remove() {
    if (!installed_) return;
    QCoreApplication::removeTranslator(&app_);
    QCoreApplication::removeTranslator(&qt_);
    installed_ = false;
}

bool Translator::apply(const QString& language) {
    const QString lang = languages().contains(language) ? language : QStringLiteral("en");
    if (lang == language_ && installed_) return true;
    remove();
    language_ = lang;
    // Numbers and dates: the system's conventions when they are of the same language,
    // otherwise the language's own.
    const QLocale system = QLocale::system();
    if (lang == QLatin1String("ru"))
        QLocale::setDefault(system.language() == QLocale::Russian ? system : QLocale(QLocale::Russian, QLocale::Russia));
    else
        QLocale::setDefault(system.language() == QLocale::English ? system : QLocale(QLocale::English, QLocale::UnitedKingdom));
    // English is the source language; its file carries only the plural forms ("1 page", "2 pages").
    const bool ok = app_.load(QStringLiteral(":/i18n/perimeter_%1.qm").arg(lang));
    if (!ok) {
        language_ = QStringLiteral("en");
        return false;
    }
    if (lang == QLatin1String("en")) {
        QCoreApplication::installTranslator(&app_);
        installed_ = true;
        return true;
    }
    (void)qt_.load(QStringLiteral("qtbase_%1").arg(lang), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    QCoreApplication::installTranslator(&qt_);
    QCoreApplication::installTranslator(&app_);
    installed_ = true;
    return true;
}

}  // namespace perimeter::ui
