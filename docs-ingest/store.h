// The document store: one SQLite file (WAL) with documents, pages, chunks, their full-text
// index, collections, and the analysis layer's vectors and cached answers. A Store is one
// connection and belongs to one thread; other threads open their own Store on the same file.
// Every write that changes what a reader can see is one short transaction.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "docs-ingest/chunker.h"
#include "docs-ingest/db/database.h"
#include "docs-ingest/db/statement.h"
#include "docs-ingest/extracted_document.h"

namespace perimeter::ingest {

enum class DocStatus { Queued, Extracting, Ready, Failed, Cancelled };
const char* to_string(DocStatus s);
DocStatus parse_doc_status(const std::string& s);  // throws std::invalid_argument

const char* to_string(PageSource s);  // "text_layer", "ocr", "empty"

struct DocumentRecord {
    int64_t id = 0;
    std::string sha256, path, file_name;
    int64_t file_size = 0;
    std::string title, author, created, modified;
    int pages = 0;
    DocStatus status = DocStatus::Queued;
    std::string error_code, error_message;
    std::string queued_at, ingested_at;
    std::vector<std::string> collections;
    int64_t chunks = 0;
};

struct PageRecord {
    int number = 0;
    std::string text;
    PageSource source = PageSource::Empty;
    float ocr_confidence = -1;
    int rotation = 0;
    float width = 0, height = 0;
    std::vector<WordBox> words;
};

struct ChunkRecord {
    int64_t id = 0, doc_id = 0;
    int page = 0;
    uint32_t start = 0, end = 0;
    std::string text;
    int64_t token_count = 0;
};

// Row counts of every table, for `docs` and for tests that check a purge.
struct StoreCounts {
    int64_t documents = 0, pages = 0, chunks = 0, fts_rows = 0, embeddings = 0, answers = 0,
            answer_links = 0, collection_links = 0, collections = 0;
};

struct StoreOptions {
    db::OpenOptions open;
};

class Store {
public:
    // Opens (creating if needed) and migrates the file; registers the FTS tokenizer.
    explicit Store(const std::filesystem::path& file, const StoreOptions& opts = {});

    db::Database& db() { return db_; }

    // ---- documents ----
    std::optional<DocumentRecord> document(int64_t id);
    std::vector<DocumentRecord> documents();
    // Every row for this absolute path (versions), newest first.
    std::vector<DocumentRecord> documents_at_path(const std::string& path);
    std::optional<DocumentRecord> document_with_sha(const std::string& sha256);
    // A user's name for documents: an id ("12"), a file name with or without ".pdf", or a path.
    // Empty when nothing matches.
    std::vector<int64_t> resolve(const std::string& name);
    std::vector<int64_t> pending();  // queued or extracting

    // New row in `queued`, in the given collection (created if needed) when not empty.
    int64_t add_queued(const std::string& path, const std::string& sha256, int64_t file_size,
                       const std::string& collection = {});
    // An existing row is to be done again (failed, cancelled or left over by a crash).
    void requeue(int64_t id, const std::string& path, const std::string& sha256, int64_t file_size,
                 const std::string& collection = {});
    void set_status(int64_t id, DocStatus status);
    void set_failed(int64_t id, std::string_view code, const std::string& message,
                    DocStatus status = DocStatus::Failed);
    // A ready document: pages and chunks, metadata, status ready, in one transaction; every other
    // row for the same path (older versions) is purged in the same transaction. Returns the ids
    // of the versions it replaced.
    std::vector<int64_t> commit_document(int64_t id, const ExtractedDocument& doc,
                                         const std::vector<Chunk>& chunks);
    // Deletes the document with its pages, chunks, index entries, vectors and every cached answer
    // that drew on it. Returns false if there was no such document. Call purge_deleted() after
    // a batch of removals so that nothing of them stays in the file.
    bool remove_document(int64_t id);
    // Rewrites the full-text index without the deleted entries (FTS5 keeps tombstones until
    // its segments merge) and checkpoints the WAL into the main file, truncating the WAL;
    // with secure_delete on, freed pages are zeroed.
    void purge_deleted();

    // ---- collections ----
    int64_t ensure_collection(const std::string& name);
    void add_to_collection(int64_t doc_id, const std::string& name);
    std::vector<std::string> collections();

    // ---- contents ----
    std::vector<PageRecord> pages(int64_t doc_id);
    std::vector<ChunkRecord> chunks(int64_t doc_id);
    StoreCounts counts();

    // "ok" lines from PRAGMA integrity_check and the FTS5 index check; throws SqliteError when
    // the FTS index does not match its content. Returns the integrity_check result ("ok").
    std::string check_integrity();

private:
    void purge_rows(int64_t id);  // inside a transaction
    // A statement of the ingest path, prepared once per connection, reset with its bindings
    // cleared: one long-lived Store commits a whole batch, and re-parsing the 512-row chunk
    // INSERT for every document was a fifth of the commit.
    db::Statement& prepared(const std::string& sql);
    db::Database db_;
    std::unordered_map<std::string, std::unique_ptr<db::Statement>> prepared_;  // after db_: finalized first
};

}  // namespace perimeter::ingest
