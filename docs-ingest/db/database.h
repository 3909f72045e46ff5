// A thin RAII handle on one SQLite connection (in the manner of SQLiteCpp). Opening switches
// WAL on and checks that SQLite agreed, sets a busy timeout, foreign keys and secure_delete.
// A connection belongs to one thread: each thread opens its own Database on the same file.
#pragma once
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>

struct sqlite3;

namespace perimeter::ingest::db {

// Every SQLite failure: the code (extended), SQLite's message, the statement and the file.
class SqliteError : public std::runtime_error {
public:
    SqliteError(int code, const std::string& sqlite_message, const std::string& sql,
                const std::string& file);
    int code() const { return code_ & 0xff; }         // primary code, e.g. SQLITE_FULL
    int extended_code() const { return code_; }       // e.g. SQLITE_IOERR_WRITE
    const std::string& sqlite_message() const { return sqlite_message_; }
    const std::string& sql() const { return sql_; }
    const std::string& file() const { return file_; }
    bool is_full() const;   // database or disk full (SQLITE_FULL)
    bool is_busy() const;   // SQLITE_BUSY / SQLITE_LOCKED

private:
    int code_;
    std::string sqlite_message_, sql_, file_;
};

struct OpenOptions {
    bool read_only = false;
    bool create = true;
    std::chrono::milliseconds busy_timeout{10000};
    // A size limit for the file in pages (PRAGMA max_page_count, per connection); 0 = none.
    // Past it writes fail with SQLITE_FULL exactly as on a full disk.
    long long max_page_count = 0;
};

class Database {
public:
    explicit Database(const std::filesystem::path& file, const OpenOptions& opts = {});
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    Database(Database&& o) noexcept;
    Database& operator=(Database&& o) noexcept;

    // Runs one or more statements that return no rows of interest.
    void exec(const std::string& sql);
    // First column of the first row as text/int ("" / 0 when no row).
    std::string query_text(const std::string& sql);
    long long query_int(const std::string& sql);

    long long last_insert_rowid() const;
    int changes() const;
    void set_busy_timeout(std::chrono::milliseconds t);
    // Throws SqliteError for code `rc` with this connection's message, the statement and file.
    [[noreturn]] void raise(int rc, const std::string& sql) const;

    sqlite3* handle() const { return db_; }
    const std::string& file() const { return file_; }

private:
    sqlite3* db_ = nullptr;
    std::string file_;
};

}  // namespace perimeter::ingest::db
