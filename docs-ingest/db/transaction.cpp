#include "docs-ingest/db/transaction.h"

#include <sqlite3.h>

#include "docs-ingest/db/database.h"

namespace perimeter::ingest::db {

Transaction::Transaction(Database& db, TransactionMode mode) : db_(db) {
    db_.exec(mode == TransactionMode::Immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
    active_ = true;
}

Transaction::~Transaction() {
    if (!active_) return;
    // Never throws: a failed rollback (e.g. SQLite already rolled back after SQLITE_FULL)
    // leaves nothing to undo. sqlite3_get_autocommit tells whether a transaction is open.
    if (!sqlite3_get_autocommit(db_.handle()))
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    active_ = false;
}

void Transaction::rollback() {
    active_ = false;
    if (!sqlite3_get_autocommit(db_.handle())) db_.exec("ROLLBACK");
}

}  // namespace perimeter::ingest::db
