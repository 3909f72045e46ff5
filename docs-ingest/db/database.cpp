#include "docs-ingest/db/database.h"

#include <sqlite3.h>

#include <utility>

namespace perimeter::ingest::db {

namespace {
std::string describe(int code, const std::string& msg, const std::string& sql, const std::string& file) {
    std::string s = "sqlite: " + (file.empty() ? std::string("(no file)") : file) + ": " + msg + " (" +
                    sqlite3_errstr(code) + ", code " + std::to_string(code) + ")";
    if (!sql.empty()) s += " in: " + sql;
    return s;
}
}  // namespace

SqliteError::SqliteError(int code, const std::string& sqlite_message, const std::string& sql,
                         const std::string& file)
    : std::runtime_error(describe(code, sqlite_message, sql, file)),
      code_(code), sqlite_message_(sqlite_message), sql_(sql), file_(file) {}

bool SqliteError::is_full() const { return code() == SQLITE_FULL; }
bool SqliteError::is_busy() const { return code() == SQLITE_BUSY || code() == SQLITE_LOCKED; }

Database::Database(const std::filesystem::path& file, const OpenOptions& opts) : file_(file.string()) {
    // SQLite keeps allocation statistics (sqlite3_memory_used, soft heap limit) under one global
    // mutex taken on every malloc and free; nothing here reads them, and FTS5 indexing allocates a
    // lot. Only possible before SQLite initialises (the first open); later calls are refused and
    // harmless.
    static const bool memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    (void)memstatus_off;
    int flags = opts.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (opts.create && !opts.read_only) flags |= SQLITE_OPEN_CREATE;
    // One connection per thread: no shared cache, SQLite's own mutex off for this handle.
    flags |= SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE;
    int rc = sqlite3_open_v2(file_.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw SqliteError(rc, msg, "open", file_);
    }
    sqlite3_extended_result_codes(db_, 1);
    set_busy_timeout(opts.busy_timeout);
    exec("PRAGMA foreign_keys=ON");
    // Deleted content is overwritten with zeros, not left in free pages (rm must purge).
    exec("PRAGMA secure_delete=ON");
    if (!opts.read_only) {
        // Readers never block the writer and the writer never blocks readers; checked,
        // because SQLite silently keeps the old mode when it cannot switch (e.g. some VFS).
        std::string mode = query_text("PRAGMA journal_mode=WAL");
        if (mode != "wal") {
            sqlite3_close_v2(db_);
            db_ = nullptr;
            throw SqliteError(SQLITE_ERROR, "journal_mode: expected wal, got '" + mode + "'",
                              "PRAGMA journal_mode=WAL", file_);
        }
        // In WAL mode NORMAL is durable against application crashes (kill -9); a power loss may
        // roll back the last commits but never corrupts the file.
        exec("PRAGMA synchronous=NORMAL");
        // The WAL file is kept (emptied by the checkpoint, not deleted or truncated) when the
        // last connection closes: on ext4 mounted with `discard`, freeing blocks that were just
        // written costs ~10-20 ms (they are trimmed), which was most of the time an ingest spent
        // after its last document. The checkpoint and its fsyncs still run, so the data is as
        // durable as before. While open, a WAL grown by a big transaction is cut back to 64 MiB
        // when it is reset (the limit is lifted just before closing: with a limit, SQLite
        // truncates a persistent WAL to zero bytes on close). rm and replace still truncate it to
        // zero bytes (Store::purge_deleted), so no deleted text lingers in it.
        int persist = 1;
        sqlite3_file_control(db_, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
        exec("PRAGMA journal_size_limit=67108864");
        if (opts.max_page_count > 0) exec("PRAGMA max_page_count=" + std::to_string(opts.max_page_count));
    }
}

Database::~Database() {
    if (!db_) return;
    sqlite3_exec(db_, "PRAGMA journal_size_limit=-1", nullptr, nullptr, nullptr);  // see the constructor
    sqlite3_close_v2(db_);
}

Database::Database(Database&& o) noexcept : db_(std::exchange(o.db_, nullptr)), file_(std::move(o.file_)) {}

Database& Database::operator=(Database&& o) noexcept {
    if (this != &o) {
        if (db_) sqlite3_close_v2(db_);
        db_ = std::exchange(o.db_, nullptr);
        file_ = std::move(o.file_);
    }
    return *this;
}

void Database::raise(int rc, const std::string& sql) const {
    throw SqliteError(rc, db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc), sql, file_);
}

void Database::exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw SqliteError(sqlite3_extended_errcode(db_), msg, sql, file_);
    }
}

namespace {
template <class F>
void first_cell(sqlite3* db, const std::string& sql, const Database& owner, F&& read) {
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    if (rc != SQLITE_OK) owner.raise(rc, sql);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read(st);
        rc = sqlite3_step(st);
        while (rc == SQLITE_ROW) rc = sqlite3_step(st);  // a pragma may return more rows
    }
    if (rc != SQLITE_DONE) {
        int ext = sqlite3_extended_errcode(db);
        std::string msg = sqlite3_errmsg(db);
        sqlite3_finalize(st);
        throw SqliteError(ext, msg, sql, owner.file());
    }
    sqlite3_finalize(st);
}
}  // namespace

std::string Database::query_text(const std::string& sql) {
    std::string out;
    first_cell(db_, sql, *this, [&](sqlite3_stmt* st) {
        if (auto* t = sqlite3_column_text(st, 0)) out.assign(reinterpret_cast<const char*>(t));
    });
    return out;
}

long long Database::query_int(const std::string& sql) {
    long long out = 0;
    first_cell(db_, sql, *this, [&](sqlite3_stmt* st) { out = sqlite3_column_int64(st, 0); });
    return out;
}

long long Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }

void Database::set_busy_timeout(std::chrono::milliseconds t) {
    sqlite3_busy_timeout(db_, static_cast<int>(t.count()));
}

}  // namespace perimeter::ingest::db
