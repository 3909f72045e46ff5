// A prepared statement, finalized by its destructor. Binding is 1-based like SQLite's;
// columns are 0-based. step() returns true while there is a row.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3_stmt;

namespace perimeter::ingest::db {

class Database;

class Statement {
public:
    Statement(Database& db, std::string sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& o) noexcept;

    Statement& bind(int index, long long v);
    Statement& bind(int index, int v) { return bind(index, static_cast<long long>(v)); }
    Statement& bind(int index, long v) { return bind(index, static_cast<long long>(v)); }  // int64_t on LP64
    Statement& bind(int index, size_t v) { return bind(index, static_cast<long long>(v)); }
    Statement& bind(int index, double v);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind_blob(int index, const void* data, size_t size);
    // As bind() / bind_blob(), without SQLite's own copy of the bytes: they must stay alive and
    // unchanged until the statement has run. For large values bound just before run().
    Statement& bind_ref(int index, std::string_view text);
    Statement& bind_blob_ref(int index, const void* data, size_t size);
    Statement& bind_null(int index);
    template <class T>
    Statement& bind(int index, const std::optional<T>& v) {
        return v ? bind(index, *v) : bind_null(index);
    }

    // Advances; true when a row is ready, false when done. Throws SqliteError otherwise.
    bool step();
    // Runs a statement that returns no rows (INSERT/UPDATE/DELETE), then resets it.
    void run();
    // Ready for another step()/run() with new bindings (old bindings kept unless cleared).
    void reset();
    void clear_bindings();

    bool is_null(int col) const;
    long long get_int(int col) const;
    double get_double(int col) const;
    std::string get_text(int col) const;
    std::vector<uint8_t> get_blob(int col) const;
    int column_count() const;

    const std::string& sql() const { return sql_; }

private:
    void check_bind(int rc, int index);
    Database* db_;
    sqlite3_stmt* st_ = nullptr;
    std::string sql_;
};

}  // namespace perimeter::ingest::db
