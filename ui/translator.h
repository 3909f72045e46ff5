// The UI language: installs the application's translation (built from
// resources/translations/*.ts and embedded) and Qt's own, and sets the default locale for
// numbers and dates. Switching is live: installing a translator sends LanguageChange to every
// widget, and each panel re-sets its texts.
#pragma once
#include <QString>
#include <QTranslator>

namespace perimeter::ui {

class Translator {
public:
    Translator() = default;
    ~Translator();
    Translator(const Translator&) = delete;
    Translator& operator=(const Translator&) = delete;

    // "en" or "ru"; false when the translation is missing (the UI stays in English).
    bool apply(const QString& language);
    QString language() const { return language_; }
    static QStringList languages() { return {QStringLiteral("en"), QStringLiteral("ru")}; }

private:
    void remove();
    QTranslator app_, qt_;
    bool installed_ = false;
    QString language_ = QStringLiteral("en");
};

}  // namespace perimeter::ui
