#include "docs-ingest/store_schema.h"

namespace perimeter::ingest {

const std::vector<db::Migration>& store_migrations() {
    static const std::vector<db::Migration> steps = {
        {1, "documents, pages, chunks, full-text index", R"sql(
CREATE TABLE collections (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

-- One row per version of a file. `path` is absolute; a new version of the same path replaces
-- the old row when it is committed. `status` moves queued -> extracting -> ready | failed |
-- cancelled; rows left in queued/extracting by a crash are redone on the next run.
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    sha256        TEXT NOT NULL,              -- hex of the file's bytes; '' when unreadable
    path          TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    file_size     INTEGER NOT NULL DEFAULT 0,
    title         TEXT,
    author        TEXT,
    created       TEXT,                       -- ISO 8601 from the PDF when known
    modified      TEXT,
    pages         INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued','extracting','ready','failed','cancelled')),
    error_code    TEXT,                       -- 'encrypted', 'corrupt', 'disk_full', ...
    error_message TEXT,                       -- names the file and what is wrong
    queued_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    ingested_at   TEXT                        -- when it became ready
);
CREATE INDEX documents_by_path ON documents(path);
CREATE INDEX documents_by_sha ON documents(sha256);
CREATE INDEX documents_by_status ON documents(status);

CREATE TABLE document_collections (
    doc_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    PRIMARY KEY (doc_id, collection_id)
) WITHOUT ROWID;
CREATE INDEX document_collections_by_collection ON document_collections(collection_id);

-- Pages are 1-based. `words` is the word-box BLOB (store_word_boxes.h): boxes in PDF points
-- from the top-left, with byte spans into `text`.
CREATE TABLE pages (
    doc_id         INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number         INTEGER NOT NULL CHECK (number >= 1),
    text           TEXT NOT NULL,
    source         TEXT NOT NULL CHECK (source IN ('text_layer','ocr','empty')),
    ocr_confidence REAL,                      -- 0..100 for OCR pages, NULL otherwise
    rotation       INTEGER NOT NULL DEFAULT 0,
    width          REAL NOT NULL DEFAULT 0,   -- points
    height         REAL NOT NULL DEFAULT 0,
    words          BLOB,
    PRIMARY KEY (doc_id, number)
) WITHOUT ROWID;

-- A chunk lies inside one page: [start, end) is a byte span of pages.text (UTF-8), and
-- `text` equals that span, so a citation points into the page.
CREATE TABLE chunks (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page        INTEGER NOT NULL CHECK (page >= 1),
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    token_count INTEGER NOT NULL,
    CHECK (end >= start)
);
CREATE INDEX chunks_by_doc ON chunks(doc_id, page);

-- Full-text index over chunks.text (external content: the text is stored once, in chunks),
-- kept in step by the triggers below. Tokenizer: fts_tokenizer.h.
CREATE VIRTUAL TABLE chunks_fts USING fts5(
    text, content='chunks', content_rowid='id', tokenize='perimeter'
);
CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER chunks_au AFTER UPDATE OF text ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
END;

-- ---- analysis layer (filled later; here now so that rm purges them) ----
-- Chunk vectors: `vector` holds `dim` little-endian float32 (or the model's own format).
CREATE TABLE embeddings (
    chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
    model    TEXT NOT NULL,
    dim      INTEGER NOT NULL,
    vector   BLOB NOT NULL,
    PRIMARY KEY (chunk_id, model)
) WITHOUT ROWID;

-- Generated answers, keyed by the question, the model and the set of documents they drew on.
-- Deleting any of those documents deletes the answer (Store::remove_document).
CREATE TABLE answer_cache (
    id          INTEGER PRIMARY KEY,
    cache_key   TEXT NOT NULL UNIQUE,
    question    TEXT NOT NULL,
    model       TEXT NOT NULL,
    answer      TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE TABLE answer_cache_docs (
    answer_id INTEGER NOT NULL REFERENCES answer_cache(id) ON DELETE CASCADE,
    doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (answer_id, doc_id)
) WITHOUT ROWID;
CREATE INDEX answer_cache_docs_by_doc ON answer_cache_docs(doc_id);
)sql"},
        {2, "analysis: prompts, conversations, reports, audit log, summary jobs, evaluations", R"sql(
-- Prompt library: defaults from resources/prompts and the analysts' edits, each a version.
CREATE TABLE prompts (
    id         TEXT NOT NULL,
    language   TEXT NOT NULL,
    version    INTEGER NOT NULL,
    text       TEXT NOT NULL,
    origin     TEXT NOT NULL CHECK (origin IN ('default', 'edit')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    PRIMARY KEY (id, language, version)
) WITHOUT ROWID;

-- Conversations: a thread of questions and cited answers.
CREATE TABLE threads (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE TABLE messages (
    id         INTEGER PRIMARY KEY,
    thread_id  INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content    TEXT NOT NULL,
    citations  TEXT NOT NULL DEFAULT '[]',   -- JSON array of citations
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX messages_by_thread ON messages(thread_id, id);

-- Reports: the structured report of each version as JSON, its Markdown, and the diff
-- against the previous version. Provenance makes a report reproducible.
CREATE TABLE reports (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    language   TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('draft', 'reviewed', 'approved')),
    provenance TEXT NOT NULL,                -- JSON
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE TABLE report_versions (
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    author     TEXT NOT NULL,
    content    TEXT NOT NULL,                -- JSON of the structured report
    markdown   TEXT NOT NULL,
    diff       TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    PRIMARY KEY (report_id, version)
) WITHOUT ROWID;

-- Append-only audit log of generations, edits, approvals and exports.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Resumable map-reduce summaries: a job is keyed by documents, model and prompt versions;
-- each finished part is kept, so an interrupted job continues where it stopped.
CREATE TABLE summary_jobs (
    id         INTEGER PRIMARY KEY,
    job_key    TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE TABLE summary_job_docs (
    job_id INTEGER NOT NULL REFERENCES summary_jobs(id) ON DELETE CASCADE,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (job_id, doc_id)
) WITHOUT ROWID;
CREATE TABLE summary_parts (
    job_id     INTEGER NOT NULL REFERENCES summary_jobs(id) ON DELETE CASCADE,
    part       INTEGER NOT NULL,
    chunk_ids  TEXT NOT NULL,                -- JSON array
    output     TEXT NOT NULL,
    PRIMARY KEY (job_id, part)
) WITHOUT ROWID;
-- A deleted document takes its summary jobs (cached work) with it.
CREATE TRIGGER documents_purge_summary_jobs BEFORE DELETE ON documents BEGIN
    DELETE FROM summary_jobs WHERE id IN (SELECT job_id FROM summary_job_docs WHERE doc_id = old.id);
END;

-- Evaluation runs, to compare models and prompt versions.
CREATE TABLE eval_runs (
    id         INTEGER PRIMARY KEY,
    set_name   TEXT NOT NULL,
    model      TEXT NOT NULL,
    prompts    TEXT NOT NULL,
    metrics    TEXT NOT NULL,                -- JSON
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE TABLE eval_items (
    run_id   INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
    item     INTEGER NOT NULL,
    question TEXT NOT NULL,
    expected TEXT NOT NULL,
    answer   TEXT NOT NULL,
    metrics  TEXT NOT NULL,                  -- JSON
    PRIMARY KEY (run_id, item)
) WITHOUT ROWID;
)sql"},
        // Next step: {3, "...", R"sql( ... )sql"} - never edit a released step.
    };
    return steps;
}

}  // namespace perimeter::ingest
