#include "docs-ingest/store.h"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "docs-ingest/db/migrations.h"
#include "docs-ingest/db/statement.h"
#include "docs-ingest/db/transaction.h"
#include "docs-ingest/fts_tokenizer.h"
#include "docs-ingest/store_schema.h"
#include "docs-ingest/store_word_boxes.h"

namespace perimeter::ingest {

using db::Statement;
using db::Transaction;

const char* to_string(DocStatus s) {
    switch (s) {
        case DocStatus::Queued: return "queued";
        case DocStatus::Extracting: return "extracting";
        case DocStatus::Ready: return "ready";
        case DocStatus::Failed: return "failed";
        case DocStatus::Cancelled: return "cancelled";
    }
    return "failed";
}

DocStatus parse_doc_status(const std::string& s) {
    for (auto st : {DocStatus::Queued, DocStatus::Extracting, DocStatus::Ready, DocStatus::Failed, DocStatus::Cancelled})
        if (s == to_string(st)) return st;
    throw std::invalid_argument("documents.status: unknown value '" + s + "'");
}

const char* to_string(PageSource s) {
    switch (s) {
        case PageSource::TextLayer: return "text_layer";
        case PageSource::Ocr: return "ocr";
        case PageSource::Empty: return "empty";
    }
    return "empty";
}

namespace {

PageSource parse_source(const std::string& s) {
    if (s == "text_layer") return PageSource::TextLayer;
    if (s == "ocr") return PageSource::Ocr;
    return PageSource::Empty;
}

constexpr const char* kDocColumns =
    "d.id, d.sha256, d.path, d.file_name, d.file_size, d.title, d.author, d.created, d.modified, d.pages, "
    "d.status, d.error_code, d.error_message, d.queued_at, d.ingested_at, "
    "(SELECT count(*) FROM chunks c WHERE c.doc_id = d.id), "
    "(SELECT group_concat(co.name, char(31)) FROM document_collections dc "
    "   JOIN collections co ON co.id = dc.collection_id WHERE dc.doc_id = d.id)";

DocumentRecord read_document(const Statement& st) {
    DocumentRecord r;
    r.id = st.get_int(0);
    r.sha256 = st.get_text(1);
    r.path = st.get_text(2);
    r.file_name = st.get_text(3);
    r.file_size = st.get_int(4);
    r.title = st.get_text(5);
    r.author = st.get_text(6);
    r.created = st.get_text(7);
    r.modified = st.get_text(8);
    r.pages = static_cast<int>(st.get_int(9));
    r.status = parse_doc_status(st.get_text(10));
    r.error_code = st.get_text(11);
    r.error_message = st.get_text(12);
    r.queued_at = st.get_text(13);
    r.ingested_at = st.get_text(14);
    r.chunks = st.get_int(15);
    std::string cols = st.get_text(16);
    for (size_t p = 0; !cols.empty() && p <= cols.size();) {
        size_t q = cols.find('\x1f', p);
        if (q == std::string::npos) q = cols.size();
        r.collections.push_back(cols.substr(p, q - p));
        p = q + 1;
    }
    std::sort(r.collections.begin(), r.collections.end());
    return r;
}

std::vector<DocumentRecord> read_documents(Statement& st) {
    std::vector<DocumentRecord> out;
    while (st.step()) out.push_back(read_document(st));
    return out;
}

}  // namespace

Store::Store(const std::filesystem::path& file, const StoreOptions& opts) : db_(file, opts.open) {
    register_fts_tokenizer(db_.handle());
    if (!opts.open.read_only) db::migrate(db_, store_migrations());
}

std::optional<DocumentRecord> Store::document(int64_t id) {
    Statement st(db_, std::string("SELECT ") + kDocColumns + " FROM documents d WHERE d.id = ?1");
    st.bind(1, static_cast<long long>(id));
    if (!st.step()) return std::nullopt;
    return read_document(st);
}

std::vector<DocumentRecord> Store::documents() {
    Statement st(db_, std::string("SELECT ") + kDocColumns + " FROM documents d ORDER BY d.id");
    return read_documents(st);
}

std::vector<DocumentRecord> Store::documents_at_path(const std::string& path) {
    Statement st(db_, std::string("SELECT ") + kDocColumns + " FROM documents d WHERE d.path = ?1 ORDER BY d.id DESC");
    st.bind(1, path);
    return read_documents(st);
}

std::optional<DocumentRecord> Store::document_with_sha(const std::string& sha256) {
    // A ready copy first: it is the one a duplicate is measured against.
    Statement st(db_, std::string("SELECT ") + kDocColumns +
                          " FROM documents d WHERE d.sha256 = ?1 ORDER BY (d.status = 'ready') DESC, d.id LIMIT 1");
    st.bind(1, sha256);
    if (!st.step()) return std::nullopt;
    return read_document(st);
}

std::vector<int64_t> Store::resolve(const std::string& name) {
    std::vector<int64_t> ids;
    if (name.empty()) return ids;
    if (std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }) && name.size() < 18) {
        if (document(std::stoll(name))) ids.push_back(std::stoll(name));
        return ids;
    }
    std::string abs;
    try {
        abs = std::filesystem::absolute(name).lexically_normal().string();
    } catch (const std::exception&) {
    }
    Statement st(db_,
                 "SELECT id FROM documents WHERE file_name = ?1 COLLATE NOCASE "
                 "OR file_name = ?1 || '.pdf' COLLATE NOCASE OR path = ?1 OR path = ?2 ORDER BY id");
    st.bind(1, name).bind(2, abs);
    while (st.step()) ids.push_back(st.get_int(0));
    return ids;
}

std::vector<int64_t> Store::pending() {
    Statement st(db_, "SELECT id FROM documents WHERE status IN ('queued','extracting') ORDER BY id");
    std::vector<int64_t> ids;
    while (st.step()) ids.push_back(st.get_int(0));
    return ids;
}

int64_t Store::add_queued(const std::string& path, const std::string& sha256, int64_t file_size,
                          const std::string& collection) {
    Transaction tx(db_);
    Statement st(db_, "INSERT INTO documents(sha256, path, file_name, file_size, status) VALUES (?1, ?2, ?3, ?4, 'queued')");
    st.bind(1, sha256).bind(2, path).bind(3, std::filesystem::path(path).filename().string())
        .bind(4, static_cast<long long>(file_size));
    st.run();
    int64_t id = db_.last_insert_rowid();
    if (!collection.empty()) add_to_collection(id, collection);
    tx.commit();
    return id;
}

void Store::requeue(int64_t id, const std::string& path, const std::string& sha256, int64_t file_size,
                    const std::string& collection) {
    Transaction tx(db_);
    Statement st(db_,
                 "UPDATE documents SET status = 'queued', error_code = NULL, error_message = NULL, path = ?2, "
                 "file_name = ?3, file_size = ?4, sha256 = ?5, queued_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
                 "WHERE id = ?1");
    st.bind(1, static_cast<long long>(id)).bind(2, path)
        .bind(3, std::filesystem::path(path).filename().string()).bind(4, static_cast<long long>(file_size))
        .bind(5, sha256);
    st.run();
    if (!collection.empty()) add_to_collection(id, collection);
    tx.commit();
}

void Store::set_status(int64_t id, DocStatus status) {
    Statement& st = prepared("UPDATE documents SET status = ?2 WHERE id = ?1");
    st.bind(1, static_cast<long long>(id)).bind(2, to_string(status));
    st.run();
}

void Store::set_failed(int64_t id, std::string_view code, const std::string& message, DocStatus status) {
    Statement st(db_, "UPDATE documents SET status = ?2, error_code = ?3, error_message = ?4 WHERE id = ?1");
    st.bind(1, static_cast<long long>(id)).bind(2, to_string(status)).bind(3, code).bind(4, message);
    st.run();
}

db::Statement& Store::prepared(const std::string& sql) {
    auto& st = prepared_[sql];
    if (!st) st = std::make_unique<Statement>(db_, sql);
    st->reset();
    st->clear_bindings();
    return *st;
}

void Store::purge_rows(int64_t id) {
    // Order: what refers to chunks, then chunks (their triggers drop the index entries), pages,
    // then the document (cascades its collection and answer links).
    const long long i = id;
    prepared("DELETE FROM answer_cache WHERE id IN (SELECT answer_id FROM answer_cache_docs WHERE doc_id = ?1)")
        .bind(1, i).run();
    prepared("DELETE FROM embeddings WHERE chunk_id IN (SELECT id FROM chunks WHERE doc_id = ?1)").bind(1, i).run();
    prepared("DELETE FROM chunks WHERE doc_id = ?1").bind(1, i).run();
    prepared("DELETE FROM pages WHERE doc_id = ?1").bind(1, i).run();
}

std::vector<int64_t> Store::commit_document(int64_t id, const ExtractedDocument& doc, const std::vector<Chunk>& chunks) {
    Transaction tx(db_);
    std::vector<int64_t> replaced;
    {
        Statement& st = prepared("SELECT o.id FROM documents o JOIN documents d ON d.path = o.path WHERE d.id = ?1 AND o.id <> ?1");
        st.bind(1, static_cast<long long>(id));
        while (st.step()) replaced.push_back(st.get_int(0));
        st.reset();
    }
    for (int64_t old : replaced) {
        // Collections follow the file to its new version.
        Statement(db_, "INSERT OR IGNORE INTO document_collections(doc_id, collection_id) "
                       "SELECT ?1, collection_id FROM document_collections WHERE doc_id = ?2")
            .bind(1, static_cast<long long>(id)).bind(2, static_cast<long long>(old)).run();
        purge_rows(old);
        Statement(db_, "DELETE FROM documents WHERE id = ?1").bind(1, static_cast<long long>(old)).run();
    }
    purge_rows(id);  // leftovers of an earlier attempt, if any
    {
        Statement& st = prepared(
            "INSERT INTO pages(doc_id, number, text, source, ocr_confidence, rotation, width, height, words) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        std::vector<uint8_t> blob;
        for (const ExtractedPage& p : doc.pages) {
            st.bind(1, static_cast<long long>(id)).bind(2, p.number).bind_ref(3, p.text).bind(4, to_string(p.source));
            if (p.source == PageSource::Ocr && p.ocr_confidence >= 0) st.bind(5, static_cast<double>(p.ocr_confidence));
            else st.bind_null(5);
            st.bind(6, p.rotation).bind(7, static_cast<double>(p.width_pt)).bind(8, static_cast<double>(p.height_pt));
            blob = encode_word_boxes(p.words);
            st.bind_blob_ref(9, blob.data(), blob.size());
            st.run();
        }
    }
    {
        // Many chunks per statement: FTS5 (fed by the chunks_ai trigger) flushes its pending
        // terms into a new index segment when each statement ends, so one INSERT per chunk
        // wrote a segment per chunk and kept the merger busy (a third of the commit's time).
        // One statement of kRows rows serves every document: rows past the document's last
        // chunk are left NULL and filtered out, so it is parsed once per connection rather
        // than once per document and remainder size.
        constexpr size_t kRows = 512;  // 6 parameters a row, well under SQLite's 32766
        static const std::string sql = [] {
            std::string s = "INSERT INTO chunks(doc_id, page, start, end, text, token_count) "
                            "SELECT column1, column2, column3, column4, column5, column6 FROM (VALUES ";
            for (size_t r = 0; r < kRows; ++r) s += r ? ",(?,?,?,?,?,?)" : "(?,?,?,?,?,?)";
            return s + ") WHERE column1 IS NOT NULL";
        }();
        for (size_t first = 0; first < chunks.size(); first += kRows) {
            const size_t rows = std::min(kRows, chunks.size() - first);
            Statement& st = prepared(sql);
            int k = 1;
            for (size_t r = first; r < first + rows; ++r) {
                const Chunk& c = chunks[r];
                st.bind(k, static_cast<long long>(id)).bind(k + 1, c.page).bind(k + 2, static_cast<long long>(c.start))
                    .bind(k + 3, static_cast<long long>(c.end)).bind_ref(k + 4, c.text).bind(k + 5, c.token_count);
                k += 6;
            }
            st.run();
        }
    }
    {
        auto opt = [](const std::string& s) { return s.empty() ? std::optional<std::string>{} : std::optional<std::string>{s}; };
        Statement& st = prepared(
            "UPDATE documents SET title = ?2, author = ?3, created = ?4, modified = ?5, pages = ?6, "
            "status = 'ready', error_code = NULL, error_message = NULL, "
            "ingested_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1");
        int pages = doc.meta.page_count > 0 ? doc.meta.page_count : static_cast<int>(doc.pages.size());
        st.bind(1, static_cast<long long>(id)).bind(2, opt(doc.meta.title)).bind(3, opt(doc.meta.author))
            .bind(4, opt(doc.meta.created)).bind(5, opt(doc.meta.modified)).bind(6, pages);
        st.run();
        if (db_.changes() != 1)
            throw std::runtime_error("commit_document: document " + std::to_string(id) + " is not in the store");
    }
    tx.commit();
    return replaced;
}

bool Store::remove_document(int64_t id) {
    Transaction tx(db_);
    purge_rows(id);
    Statement(db_, "DELETE FROM documents WHERE id = ?1").bind(1, static_cast<long long>(id)).run();
    bool removed = db_.changes() > 0;
    tx.commit();
    return removed;
}

void Store::purge_deleted() {
    {
        Transaction tx(db_);
        db_.exec("INSERT INTO chunks_fts(chunks_fts) VALUES('optimize')");
        tx.commit();
    }
    // TRUNCATE waits (busy handler) for readers; if one still holds an old snapshot the
    // checkpoint is partial and the WAL is trimmed on a later checkpoint.
    db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

int64_t Store::ensure_collection(const std::string& name) {
    Statement(db_, "INSERT OR IGNORE INTO collections(name) VALUES (?1)").bind(1, name).run();
    Statement st(db_, "SELECT id FROM collections WHERE name = ?1");
    st.bind(1, name);
    if (!st.step()) throw std::runtime_error("ensure_collection: '" + name + "' was not created");
    return st.get_int(0);
}

void Store::add_to_collection(int64_t doc_id, const std::string& name) {
    int64_t cid = ensure_collection(name);
    Statement(db_, "INSERT OR IGNORE INTO document_collections(doc_id, collection_id) VALUES (?1, ?2)")
        .bind(1, static_cast<long long>(doc_id)).bind(2, static_cast<long long>(cid)).run();
}

std::vector<std::string> Store::collections() {
    Statement st(db_, "SELECT name FROM collections ORDER BY name");
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.get_text(0));
    return out;
}

std::vector<PageRecord> Store::pages(int64_t doc_id) {
    Statement st(db_,
                 "SELECT number, text, source, ocr_confidence, rotation, width, height, words FROM pages "
                 "WHERE doc_id = ?1 ORDER BY number");
    st.bind(1, static_cast<long long>(doc_id));
    std::vector<PageRecord> out;
    while (st.step()) {
        PageRecord p;
        p.number = static_cast<int>(st.get_int(0));
        p.text = st.get_text(1);
        p.source = parse_source(st.get_text(2));
        p.ocr_confidence = st.is_null(3) ? -1.0f : static_cast<float>(st.get_double(3));
        p.rotation = static_cast<int>(st.get_int(4));
        p.width = static_cast<float>(st.get_double(5));
        p.height = static_cast<float>(st.get_double(6));
        p.words = decode_word_boxes(st.get_blob(7));
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<ChunkRecord> Store::chunks(int64_t doc_id) {
    Statement st(db_, "SELECT id, doc_id, page, start, end, text, token_count FROM chunks WHERE doc_id = ?1 ORDER BY id");
    st.bind(1, static_cast<long long>(doc_id));
    std::vector<ChunkRecord> out;
    while (st.step()) {
        ChunkRecord c;
        c.id = st.get_int(0);
        c.doc_id = st.get_int(1);
        c.page = static_cast<int>(st.get_int(2));
        c.start = static_cast<uint32_t>(st.get_int(3));
        c.end = static_cast<uint32_t>(st.get_int(4));
        c.text = st.get_text(5);
        c.token_count = st.get_int(6);
        out.push_back(std::move(c));
    }
    return out;
}

StoreCounts Store::counts() {
    StoreCounts c;
    c.documents = db_.query_int("SELECT count(*) FROM documents");
    c.pages = db_.query_int("SELECT count(*) FROM pages");
    c.chunks = db_.query_int("SELECT count(*) FROM chunks");
    // The FTS index's own row count (its docsize shadow table), not the content table's.
    c.fts_rows = db_.query_int("SELECT count(*) FROM chunks_fts_docsize");
    c.embeddings = db_.query_int("SELECT count(*) FROM embeddings");
    c.answers = db_.query_int("SELECT count(*) FROM answer_cache");
    c.answer_links = db_.query_int("SELECT count(*) FROM answer_cache_docs");
    c.collection_links = db_.query_int("SELECT count(*) FROM document_collections");
    c.collections = db_.query_int("SELECT count(*) FROM collections");
    return c;
}

std::string Store::check_integrity() {
    std::string ok = db_.query_text("PRAGMA integrity_check");
    // The index's own structure; throws SQLITE_CORRUPT_VTAB when it is damaged. (From SQLite
    // 3.44 a rank of 1 also compares it with the content table; older versions ignore it.)
    db_.exec("INSERT INTO chunks_fts(chunks_fts, rank) VALUES('integrity-check', 1)");
    // Which rows the index holds against the chunks table, for every SQLite version.
    long long missing = db_.query_int(
        "SELECT count(*) FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM chunks_fts_docsize d WHERE d.id = c.id)");
    long long stray = db_.query_int(
        "SELECT count(*) FROM chunks_fts_docsize d WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.id = d.id)");
    if (missing || stray)
        throw db::SqliteError(267 /* SQLITE_CORRUPT_VTAB */,
                              "chunks_fts: " + std::to_string(missing) + " chunks missing from the index, " +
                                  std::to_string(stray) + " index rows without a chunk",
                              "integrity-check", db_.file());
    return ok;
}

}  // namespace perimeter::ingest
