#include "docs-ingest/db/statement.h"

#include <sqlite3.h>

#include <utility>

#include "docs-ingest/db/database.h"

namespace perimeter::ingest::db {

Statement::Statement(Database& db, std::string sql) : db_(&db), sql_(std::move(sql)) {
    int rc = sqlite3_prepare_v2(db.handle(), sql_.c_str(), static_cast<int>(sql_.size()), &st_, nullptr);
    if (rc != SQLITE_OK) db.raise(sqlite3_extended_errcode(db.handle()), sql_);
}

Statement::~Statement() {
    if (st_) sqlite3_finalize(st_);
}

Statement::Statement(Statement&& o) noexcept
    : db_(o.db_), st_(std::exchange(o.st_, nullptr)), sql_(std::move(o.sql_)) {}

void Statement::check_bind(int rc, int index) {
    if (rc != SQLITE_OK) db_->raise(rc, sql_ + " [bind ?" + std::to_string(index) + "]");
}

Statement& Statement::bind(int index, long long v) {
    check_bind(sqlite3_bind_int64(st_, index, v), index);
    return *this;
}
Statement& Statement::bind(int index, double v) {
    check_bind(sqlite3_bind_double(st_, index, v), index);
    return *this;
}
Statement& Statement::bind(int index, std::string_view text) {
    check_bind(sqlite3_bind_text64(st_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index);
    return *this;
}
Statement& Statement::bind_blob(int index, const void* data, size_t size) {
    // A zero-length blob stays a blob, not NULL.
    check_bind(size ? sqlite3_bind_blob64(st_, index, data, size, SQLITE_TRANSIENT)
                    : sqlite3_bind_zeroblob(st_, index, 0),
               index);
    return *this;
}
Statement& Statement::bind_ref(int index, std::string_view text) {
    check_bind(sqlite3_bind_text64(st_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8), index);
    return *this;
}
Statement& Statement::bind_blob_ref(int index, const void* data, size_t size) {
    check_bind(size ? sqlite3_bind_blob64(st_, index, data, size, SQLITE_STATIC)
                    : sqlite3_bind_zeroblob(st_, index, 0),
               index);
    return *this;
}
Statement& Statement::bind_null(int index) {
    check_bind(sqlite3_bind_null(st_, index), index);
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    // The connection's extended code carries the detail (e.g. SQLITE_IOERR_WRITE).
    int ext = sqlite3_extended_errcode(db_->handle());
    std::string msg = sqlite3_errmsg(db_->handle());
    sqlite3_reset(st_);
    throw SqliteError(ext ? ext : rc, msg, sql_, db_->file());
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() { sqlite3_reset(st_); }
void Statement::clear_bindings() { sqlite3_clear_bindings(st_); }

bool Statement::is_null(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
long long Statement::get_int(int col) const { return sqlite3_column_int64(st_, col); }
double Statement::get_double(int col) const { return sqlite3_column_double(st_, col); }
std::string Statement::get_text(int col) const {
    const unsigned char* t = sqlite3_column_text(st_, col);
    if (!t) return {};
    return std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(st_, col)));
}
std::vector<uint8_t> Statement::get_blob(int col) const {
    const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(st_, col));
    int n = sqlite3_column_bytes(st_, col);
    if (!p || n <= 0) return {};
    return std::vector<uint8_t>(p, p + n);
}
int Statement::column_count() const { return sqlite3_column_count(st_); }

}  // namespace perimeter::ingest::db
