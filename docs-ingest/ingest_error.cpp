#include "docs-ingest/ingest_error.h"

namespace perimeter::ingest {

std::string_view error_code_name(ExtractError e) {
    switch (e) {
        case ExtractError::None: return "";
        case ExtractError::Unreadable: return "unreadable";
        case ExtractError::NotPdf: return "not_pdf";
        case ExtractError::Corrupt: return "corrupt";
        case ExtractError::Encrypted: return "encrypted";
        case ExtractError::NoPages: return "no_pages";
        case ExtractError::PageTooLarge: return "page_too_large";
        case ExtractError::ParserCrashed: return "parser_crashed";
        case ExtractError::Timeout: return "timeout";
        case ExtractError::Cancelled: return "cancelled";
        case ExtractError::OcrFailed: return "ocr_failed";
        case ExtractError::Internal: return "internal";
    }
    return "internal";
}

}  // namespace perimeter::ingest
