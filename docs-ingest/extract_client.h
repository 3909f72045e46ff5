// Extraction in a separate process. The app never parses an untrusted PDF or image in its
// own address space: extract_isolated() starts a perimeter-extract helper for the document
// (forked from a helper started once per calling thread, extract_client.cpp says why), hands
// it the path and options over a socket, and reads the pages back as they finish. A helper
// that crashes (signal), hangs (no page for page_timeout_s, or past timeout_s) or is cancelled
// is killed and the document fails with ParserCrashed / Timeout / Cancelled; the app goes on.
// Safe to call from several threads at once (one helper per call).
#pragma once
#include <atomic>
#include <string>

#include "docs-ingest/extract_options.h"
#include "docs-ingest/extracted_document.h"

namespace perimeter::ingest {

// `progress` (may be empty) is called on the calling thread: (0, n) once the document is
// open, then (k, n) after each page. `cancel` (may be null) is polled every 50 ms.
ExtractedDocument extract_isolated(const std::string& path, const ExtractOptions& opts, const ProgressFn& progress = {},
                                   const std::atomic<bool>* cancel = nullptr);

// Starts this thread's helper (the one extract_isolated forks documents from) and returns
// without waiting for it to be ready, so that its start-up (exec, dynamic linking of poppler)
// overlaps whatever the caller does before its first extract_isolated call. Optional.
void prestart_isolated(const ExtractOptions& opts);

// The helper executable: opts.helper_path, else $PERIMETER_EXTRACT, else perimeter-extract
// next to the running executable or in ../bin from it. Empty when none is executable.
std::string find_extract_helper(const ExtractOptions& opts);

}  // namespace perimeter::ingest
