// In-process extraction of one file: sniff the type, open the PDF or image, then read every
// page on a pool of worker threads (each with its own poppler document and tesseract
// engine): text layer where it is good, OCR where it is missing, thin or garbage.
// This runs untrusted parsers in the calling process: the app goes through
// extract_isolated() (extract_client.h), which runs this inside the perimeter-extract helper.
#pragma once
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "docs-ingest/extract_options.h"
#include "docs-ingest/extracted_document.h"

namespace perimeter::ingest {

struct ExtractStatus {
    ExtractError error = ExtractError::None;
    std::string message;                 // names the file; empty when error == None
    std::vector<std::string> warnings;   // per-page failures in an otherwise good document
};

struct ExtractEvents {
    std::function<void(const DocumentMetadata&)> on_meta;  // once, before any page
    std::function<void(ExtractedPage&&)> on_page;          // each page, in page order, one at a time
};

// Streams the document page by page. `cancel` (may be null) is polled between pages.
ExtractStatus extract_stream(const std::string& path, const ExtractOptions& opts, const ExtractEvents& events,
                             const std::atomic<bool>* cancel = nullptr);

// Whole document in memory; errors are in the returned document's `error`/`error_message`.
ExtractedDocument extract_document(const std::string& path, const ExtractOptions& opts = {},
                                   const std::atomic<bool>* cancel = nullptr);

// "Encrypted", "ParserCrashed", ... (stable names for logs and tests; the UI translates codes).
const char* extract_error_name(ExtractError e);

}  // namespace perimeter::ingest
