#include "docs-ingest/db/migrations.h"

#include <stdexcept>

#include "docs-ingest/db/database.h"
#include "docs-ingest/db/transaction.h"

namespace perimeter::ingest::db {

int user_version(Database& db) { return static_cast<int>(db.query_int("PRAGMA user_version")); }

int migrate(Database& db, const std::vector<Migration>& steps) {
    for (size_t i = 0; i < steps.size(); ++i)
        if (steps[i].version != static_cast<int>(i) + 1)
            throw std::logic_error("migrate: step " + std::to_string(i) + " has version " +
                                   std::to_string(steps[i].version) + ", expected " + std::to_string(i + 1));
    const int latest = static_cast<int>(steps.size());
    int current = user_version(db);
    if (current > latest)
        throw std::runtime_error("migrate: " + db.file() + ": schema version " + std::to_string(current) +
                                 " is newer than this build knows (" + std::to_string(latest) + ")");
    while (current < latest) {
        const Migration& m = steps[static_cast<size_t>(current)];
        // IMMEDIATE: two processes opening a fresh file at once do not both migrate; the second
        // waits, then sees the new version and skips.
        Transaction tx(db, TransactionMode::Immediate);
        if (user_version(db) != current) {  // another connection migrated meanwhile
            tx.rollback();
            current = user_version(db);
            continue;
        }
        db.exec(m.sql);
        db.exec("PRAGMA user_version=" + std::to_string(m.version));
        tx.commit();
        current = m.version;
    }
    return current;
}

}  // namespace perimeter::ingest::db
