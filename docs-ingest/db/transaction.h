// A transaction that must be committed explicitly; if it goes out of scope uncommitted
// (an exception, an early return) its destructor rolls back and never throws.
#pragma once

namespace perimeter::ingest::db {

class Database;

enum class TransactionMode {
    Deferred,   // takes the write lock at the first write (read-only work)
    Immediate,  // takes the write lock at BEGIN, so the busy timeout applies up front
};

class Transaction {
public:
    explicit Transaction(Database& db, TransactionMode mode = TransactionMode::Immediate);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();
    void rollback();  // explicit rollback; throws on failure (the destructor does not)
    bool active() const { return active_; }

private:
    Database& db_;
    bool active_ = false;
};

}  // namespace perimeter::ingest::db
