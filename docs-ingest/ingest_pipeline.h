// Ingestion of a batch of files into the store: hash, queue, extract (in a helper process,
// outside any transaction), chunk, commit each document atomically. Documents are extracted
// in parallel, largest first, starting as soon as each is hashed; one store thread chunks and
// commits them as they come (ingest_pipeline.cpp says why); the extractor parallelises pages.
// A crash or kill loses nothing committed: rows left queued/extracting are redone by the next
// run. Re-ingesting an unchanged file (same SHA-256) is a no-op; a changed file at the same
// path replaces its old version when the new one commits. Bad input fails that document (its
// error code and message are stored) and the batch goes on; a full disk fails the document
// with "disk_full" and rolls back only that document's transaction.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "docs-ingest/chunker.h"
#include "docs-ingest/extract_options.h"
#include "docs-ingest/extracted_document.h"
#include "docs-ingest/store.h"

namespace perimeter::ingest {

// The extraction stage, shaped as extract_isolated() (extract_client.h), which is the default.
// Tests hand in their own.
using ExtractFn = std::function<ExtractedDocument(const std::string& path, const ExtractOptions& opts,
                                                  const ProgressFn& progress, const std::atomic<bool>* cancel)>;

struct IngestOptions {
    std::string collection;      // every document of the batch joins it (created if needed)
    ExtractOptions extract;      // password, OCR, page threads per document
    int jobs = 0;                // documents in parallel; 0: cores / extract.threads, at least 2
    ChunkerOptions chunking;
    const TokenCounter* counter = nullptr;  // null: ApproxTokenCounter
    bool resume_pending = true;  // also redo rows left queued/extracting by an earlier run
    StoreOptions store;          // how each worker opens the store (busy timeout, size limit)
};

enum class IngestResult { Added, Replaced, Unchanged, Failed, Cancelled };
const char* to_string(IngestResult r);

struct IngestOutcome {
    std::string path;
    int64_t doc_id = 0;          // 0 if no row was made
    IngestResult result = IngestResult::Failed;
    int pages = 0;
    size_t chunks = 0;
    std::string error_code, error_message;
    std::string note;            // "same content as a.pdf (id 3)"
};

// One progress report; the callback is called from worker threads, one call at a time.
struct IngestProgress {
    enum class Event { Started, Pages, Finished } event = Event::Started;
    const IngestOutcome* outcome = nullptr;  // the document (its result is final only when Finished)
    int pages_done = 0, pages_total = 0;     // this document (total 0 until it is open)
    int docs_done = 0, docs_total = 0;       // the batch (documents queued so far: extraction
                                             // starts while later files are still being hashed)
    int64_t batch_pages_done = 0, batch_pages_total = 0;  // over the documents opened so far
};
using IngestProgressFn = std::function<void(const IngestProgress&)>;

struct IngestSummary {
    std::vector<IngestOutcome> items;
    double seconds = 0;
    size_t count(IngestResult r) const;
    bool ok() const { return count(IngestResult::Failed) == 0 && count(IngestResult::Cancelled) == 0; }
    int64_t pages() const;
};

class IngestPipeline {
public:
    // `extract` empty: extract_isolated (the perimeter-extract helper).
    IngestPipeline(std::filesystem::path db_file, IngestOptions opts = {}, ExtractFn extract = {});

    // Ingests `files` (already expanded; see collect_inputs) plus, with resume_pending, the
    // store's leftover rows. Returns when every document is done, failed or cancelled.
    IngestSummary run(const std::vector<std::filesystem::path>& files, const IngestProgressFn& progress = {},
                      const std::atomic<bool>* cancel = nullptr);

    // Files under the given paths: a folder is walked recursively for .pdf .png .jpg .jpeg
    // .tif .tiff (any case); a file is taken whatever its name. Sorted, without duplicates.
    static std::vector<std::filesystem::path> collect_inputs(const std::vector<std::filesystem::path>& paths);

private:
    std::filesystem::path db_file_;
    IngestOptions opts_;
    ExtractFn extract_;
    bool isolated_ = false;  // extract_ is extract_isolated: its helpers can be started early
};

}  // namespace perimeter::ingest
