// What the analyst reads when something goes wrong: errors arrive from the layers as codes
// with parameters (ingest error codes stored on documents, AnalysisError codes, render and
// store codes) and are turned here into translated sentences - which file, what is wrong,
// what to do.
#pragma once
#include <QCoreApplication>
#include <QString>

#include "ui/worker_types.h"

namespace perimeter::ui {

class ErrorText {
    Q_DECLARE_TR_FUNCTIONS(ErrorText)
public:
    struct Text {
        QString title;    // short: "Cannot import a document"
        QString what;     // "northwind.pdf is encrypted: a password is needed to open it."
        QString todo;     // "Remove the password in the program that made it and import it again."
    };
    static Text describe(const ErrorInfo& e);

    // For the library: a few words ("password needed") and a full sentence naming the file.
    static QString short_reason(const QString& ingest_code);
    static QString ingest_problem(const QString& ingest_code, const QString& file);
    static QString ingest_remedy(const QString& ingest_code);
};

}  // namespace perimeter::ui
