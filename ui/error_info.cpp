#include "ui/error_info.h"

#include "docs-ingest/db/database.h"
#include "docs-ingest/ingest_error.h"
#include "engine/gguf/gguf_file.h"

namespace perimeter::ui {

QString analysis_code_name(analysis::ErrorCode c) {
    using analysis::ErrorCode;
    switch (c) {
        case ErrorCode::NoDocuments: return QStringLiteral("no_documents");
        case ErrorCode::UnknownDocument: return QStringLiteral("unknown_document");
        case ErrorCode::NoModel: return QStringLiteral("no_model");
        case ErrorCode::ModelLoad: return QStringLiteral("model_load");
        case ErrorCode::ContextTooSmall: return QStringLiteral("context_too_small");
        case ErrorCode::EmptyRetrieval: return QStringLiteral("empty_retrieval");
        case ErrorCode::Cancelled: return QStringLiteral("cancelled");
        case ErrorCode::InvalidOutput: return QStringLiteral("invalid_output");
        case ErrorCode::Store: return QStringLiteral("store");
        case ErrorCode::Export: return QStringLiteral("export");
        case ErrorCode::NotFound: return QStringLiteral("not_found");
        case ErrorCode::InvalidPrompt: return QStringLiteral("invalid_prompt");
    }
    return QStringLiteral("internal");
}

ErrorInfo make_error(const QString& domain, const QString& code, const QString& message, const QString& file,
                     const QStringList& params) {
    ErrorInfo e;
    e.domain = domain;
    e.code = code;
    e.message = message;
    e.file = file;
    e.params = params;
    return e;
}

ErrorInfo current_error(const QString& file) {
    try {
        throw;
    } catch (const analysis::AnalysisError& e) {
        QStringList params;
        for (const auto& p : e.params()) params << QString::fromStdString(p);
        return make_error(QStringLiteral("analysis"), analysis_code_name(e.code()), QString::fromUtf8(e.what()), file,
                          params);
    } catch (const ingest::db::SqliteError& e) {
        const QString code = e.is_full() ? QString::fromLatin1(ingest::kErrorDiskFull.data(), int(ingest::kErrorDiskFull.size()))
                                         : QString::fromLatin1(ingest::kErrorStore.data(), int(ingest::kErrorStore.size()));
        return make_error(QStringLiteral("store"), code, QString::fromUtf8(e.what()),
                          file.isEmpty() ? QString::fromStdString(e.file()) : file);
    } catch (const engine::GgufError& e) {
        return make_error(QStringLiteral("model"), QStringLiteral("model_load"), QString::fromUtf8(e.what()), file);
    } catch (const std::exception& e) {
        return make_error(QStringLiteral("internal"), QStringLiteral("internal"), QString::fromUtf8(e.what()), file);
    } catch (...) {
        return make_error(QStringLiteral("internal"), QStringLiteral("internal"), QStringLiteral("unknown error"), file);
    }
}

}  // namespace perimeter::ui
