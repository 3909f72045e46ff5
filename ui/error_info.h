// Turning the layers' exceptions into ErrorInfo values (code + parameters + English message)
// that cross to the UI thread, where error_text.h translates them.
#pragma once
#include <exception>

#include "app/analysis/analysis_error.h"
#include "ui/worker_types.h"

namespace perimeter::ui {

// "no_documents", "model_load", ... (stable names, the keys of the translated texts).
QString analysis_code_name(analysis::ErrorCode c);

// From the exception in flight (call inside a catch block): AnalysisError, SqliteError,
// GgufError, or anything else as "internal".
ErrorInfo current_error(const QString& file = {});

ErrorInfo make_error(const QString& domain, const QString& code, const QString& message, const QString& file = {},
                     const QStringList& params = {});

}  // namespace perimeter::ui
