// Schema migrations keyed on PRAGMA user_version. Step N takes a database at version N-1 to
// version N; each step and its version bump run in one transaction, so a crash leaves the
// file at the old or the new version, never between.
#pragma once
#include <string>
#include <vector>

namespace perimeter::ingest::db {

class Database;

struct Migration {
    int version;        // 1, 2, 3, ... without gaps
    const char* name;   // "initial schema"
    std::string sql;    // one or more statements
};

// Applies the steps above the file's user_version; returns the version reached. Throws
// SqliteError, or std::runtime_error if the file is newer than the last step known here.
int migrate(Database& db, const std::vector<Migration>& steps);

int user_version(Database& db);

}  // namespace perimeter::ingest::db
