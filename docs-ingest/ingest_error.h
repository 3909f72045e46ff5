// Error codes stored with a failed document (documents.error_code) and shown by `docs`: the
// extraction errors by name, plus the store's own.
#pragma once
#include <string_view>

#include "docs-ingest/extracted_document.h"

namespace perimeter::ingest {

// "unreadable", "not_pdf", "corrupt", "encrypted", "no_pages", "page_too_large",
// "parser_crashed", "timeout", "cancelled", "ocr_failed", "internal" ("" for None).
std::string_view error_code_name(ExtractError e);

inline constexpr std::string_view kErrorDiskFull = "disk_full";   // SQLITE_FULL: disk or max_page_count
inline constexpr std::string_view kErrorStore = "store_error";    // any other SQLite failure

}  // namespace perimeter::ingest
