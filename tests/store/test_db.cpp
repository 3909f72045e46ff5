// The SQLite layer and the schema: real files on disk.
#include <gtest/gtest.h>

#include <cstring>
#include <sqlite3.h>

#include <stdexcept>

#include "docs-ingest/db/database.h"
#include "docs-ingest/db/migrations.h"
#include "docs-ingest/db/statement.h"
#include "docs-ingest/db/transaction.h"
#include "docs-ingest/ingest_sha256.h"
#include "docs-ingest/store.h"
#include "docs-ingest/store_schema.h"
#include "docs-ingest/store_word_boxes.h"
#include "tests/store/store_test_util.h"

using namespace perimeter::ingest;
using namespace perimeter::ingest::db;
using perimeter::test::fresh_dir;

namespace {

std::vector<std::string> table_names(Database& db) {
    Statement st(db, "SELECT name FROM sqlite_master WHERE type IN ('table','trigger') ORDER BY name");
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.get_text(0));
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST(StoreDb, OpenSwitchesWalOnAndChecksPragmas) {
    auto dir = fresh_dir();
    Database db(dir / "a.db");
    EXPECT_EQ(db.query_text("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(db.query_int("PRAGMA foreign_keys"), 1);
    EXPECT_EQ(db.query_int("PRAGMA secure_delete"), 1);
    EXPECT_EQ(db.query_int("PRAGMA busy_timeout"), 10000);
    db.exec("CREATE TABLE t(x)");
    db.exec("INSERT INTO t VALUES (1)");
    EXPECT_TRUE(std::filesystem::exists(dir / "a.db-wal"));
    // WAL is persistent in the file: a plain sqlite3 connection sees it too.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "a.db").c_str(), &raw), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
    sqlite3_finalize(st);
    sqlite3_close(raw);
}

TEST(StoreDb, WalCheckRefusesADatabaseThatCannotBeWal) {
    // An in-memory database stays in journal_mode=memory: the check must notice and refuse.
    try {
        Database db(":memory:");
        FAIL() << "expected SqliteError for a database that cannot switch to WAL";
    } catch (const SqliteError& e) {
        EXPECT_NE(std::string(e.what()).find("expected wal, got 'memory'"), std::string::npos) << e.what();
    }
}

TEST(StoreDb, ErrorsCarryCodeMessageStatementAndFile) {
    auto dir = fresh_dir();
    Database db(dir / "e.db");
    db.exec("CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT NOT NULL)");
    try {
        Statement st(db, "SELEC nonsense");
        FAIL() << "prepare of bad SQL must throw";
    } catch (const SqliteError& e) {
        EXPECT_EQ(e.code(), SQLITE_ERROR);
        EXPECT_EQ(e.sql(), "SELEC nonsense");
        EXPECT_EQ(e.file(), (dir / "e.db").string());
        EXPECT_NE(e.sqlite_message().find("syntax error"), std::string::npos) << e.sqlite_message();
        std::string what = e.what();
        EXPECT_NE(what.find("SELEC nonsense"), std::string::npos) << what;
        EXPECT_NE(what.find("e.db"), std::string::npos) << what;
    }
    try {
        Statement(db, "INSERT INTO t(y) VALUES (NULL)").run();
        FAIL() << "NOT NULL violation must throw";
    } catch (const SqliteError& e) {
        EXPECT_EQ(e.code(), SQLITE_CONSTRAINT);
        EXPECT_EQ(e.extended_code(), SQLITE_CONSTRAINT_NOTNULL);
        EXPECT_NE(e.sqlite_message().find("t.y"), std::string::npos) << e.sqlite_message();
    }
}

TEST(StoreDb, StatementBindsAndReadsTypedValues) {
    auto dir = fresh_dir();
    Database db(dir / "s.db");
    db.exec("CREATE TABLE v(i INTEGER, d REAL, t TEXT, b BLOB, n TEXT)");
    std::string text_with_nul("a\0b", 3);
    std::vector<uint8_t> blob = {0, 1, 2, 255};
    Statement ins(db, "INSERT INTO v VALUES (?1, ?2, ?3, ?4, ?5)");
    ins.bind(1, 9007199254740993LL).bind(2, 2.5).bind(3, text_with_nul).bind_blob(4, blob.data(), blob.size()).bind_null(5);
    ins.run();
    Statement sel(db, "SELECT i, d, t, b, n FROM v");
    ASSERT_TRUE(sel.step());
    EXPECT_EQ(sel.get_int(0), 9007199254740993LL);
    EXPECT_DOUBLE_EQ(sel.get_double(1), 2.5);
    EXPECT_EQ(sel.get_text(2), text_with_nul);
    EXPECT_EQ(sel.get_blob(3), blob);
    EXPECT_TRUE(sel.is_null(4));
    EXPECT_FALSE(sel.step());
}

TEST(StoreDb, TransactionRollsBackOnExceptionAndCommitsExplicitly) {
    auto dir = fresh_dir();
    Database db(dir / "t.db");
    db.exec("CREATE TABLE t(x)");
    try {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (1)");
        EXPECT_EQ(db.query_int("SELECT count(*) FROM t"), 1);
        throw std::runtime_error("boom");
    } catch (const std::runtime_error&) {
    }
    EXPECT_EQ(db.query_int("SELECT count(*) FROM t"), 0);
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (2)");
        tx.commit();
    }
    EXPECT_EQ(db.query_int("SELECT count(*) FROM t"), 1);
    {
        // Rolled back behind its back: the destructor must not throw nor fail.
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (3)");
        db.exec("ROLLBACK");
    }
    EXPECT_EQ(db.query_int("SELECT count(*) FROM t"), 1);
    // A second connection never saw the uncommitted rows.
    Database other(dir / "t.db");
    EXPECT_EQ(other.query_int("SELECT sum(x) FROM t"), 2);
}

TEST(StoreDb, MigrationsFromEmptyAndReopen) {
    auto dir = fresh_dir();
    const int latest = static_cast<int>(store_migrations().size());
    {
        Store s(dir / "m.db");
        EXPECT_EQ(user_version(s.db()), latest);
        auto names = table_names(s.db());
        for (const char* t : {"collections", "documents", "document_collections", "pages", "chunks", "chunks_fts",
                              "embeddings", "answer_cache", "answer_cache_docs", "chunks_ai", "chunks_ad", "chunks_au"})
            EXPECT_TRUE(has(names, t)) << "missing " << t;
        s.add_queued("/x/a.pdf", "abc", 10, "Q3");
    }
    {
        Store s(dir / "m.db");  // re-open: nothing to migrate, data kept
        EXPECT_EQ(user_version(s.db()), latest);
        auto docs = s.documents();
        ASSERT_EQ(docs.size(), 1u);
        EXPECT_EQ(docs[0].file_name, "a.pdf");
        EXPECT_EQ(docs[0].status, DocStatus::Queued);
        EXPECT_EQ(docs[0].collections, std::vector<std::string>{"Q3"});
        EXPECT_EQ(s.check_integrity(), "ok");
    }
}

TEST(StoreDb, FailedMigrationStepLeavesTheOldVersion) {
    auto dir = fresh_dir();
    Database db(dir / "f.db");
    std::vector<Migration> steps = {{1, "one", "CREATE TABLE a(x);"},
                                    {2, "two, broken", "CREATE TABLE b(x); INSERT INTO nowhere VALUES (1);"}};
    EXPECT_THROW(migrate(db, steps), SqliteError);
    EXPECT_EQ(user_version(db), 1);
    EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_master WHERE name = 'b'"), 0);  // step 2 rolled back whole
    steps[1].sql = "CREATE TABLE b(x);";
    EXPECT_EQ(migrate(db, steps), 2);
    EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_master WHERE name = 'b'"), 1);
}

TEST(StoreDb, NewerSchemaIsRefused) {
    auto dir = fresh_dir();
    { Store s(dir / "n.db"); s.db().exec("PRAGMA user_version=99"); }
    try {
        Store s(dir / "n.db");
        FAIL() << "a file newer than this build must be refused";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
    }
}

TEST(StoreDb, WordBoxesRoundTripAndRejectGarbage) {
    std::vector<WordBox> w = {{1.5f, 2.25f, 30.f, 9.f, 0, 7}, {40.f, 2.25f, 12.f, 9.f, 8, 12},
                              {72.f, 700.5f, 18.75f, 11.f, 13, 20}, {1.2345f, -3.f, 0.01f, 9.f, 25, 25}};
    auto blob = encode_word_boxes(w);
    EXPECT_LT(blob.size(), 4u + w.size() * 12) << "WB2 is meant to take well under WB1's 24 bytes a word";
    auto back = decode_word_boxes(blob);
    ASSERT_EQ(back.size(), w.size());
    for (size_t i = 0; i < w.size(); ++i) {
        // 1/64 pt steps: exact for these multiples, within half a step otherwise
        EXPECT_NEAR(back[i].x, w[i].x, 1.0 / 128) << i;
        EXPECT_NEAR(back[i].y, w[i].y, 1.0 / 128) << i;
        EXPECT_NEAR(back[i].w, w[i].w, 1.0 / 128) << i;
        EXPECT_NEAR(back[i].h, w[i].h, 1.0 / 128) << i;
        EXPECT_EQ(back[i].start, w[i].start) << i;
        EXPECT_EQ(back[i].end, w[i].end) << i;
    }
    EXPECT_FLOAT_EQ(back[0].x, 1.5f);
    EXPECT_FLOAT_EQ(back[2].y, 700.5f);
    EXPECT_FLOAT_EQ(back[1].w, 12.f);
    auto blob2 = blob;
    blob2.pop_back();
    EXPECT_THROW(decode_word_boxes(blob2), std::runtime_error);
    blob2 = blob;
    blob2.push_back(0);
    EXPECT_THROW(decode_word_boxes(blob2), std::runtime_error) << "bytes after the last word";
    EXPECT_THROW(decode_word_boxes({1, 2, 3, 4}), std::runtime_error);
    EXPECT_THROW(decode_word_boxes({'W', 'B', '2', 0, 0xff, 0xff, 0x03}), std::runtime_error) << "count beyond the BLOB";
    // Stores written before WB2 hold WB1: fixed 24-byte records, still read.
    std::vector<uint8_t> v1 = {'W', 'B', '1', 0};
    auto put = [&](uint32_t v) { for (int i = 0; i < 4; ++i) v1.push_back(uint8_t(v >> (8 * i))); };
    auto putf = [&](float f) { uint32_t v; std::memcpy(&v, &f, 4); put(v); };
    putf(1.25f); putf(2.5f); putf(30.f); putf(9.f); put(3); put(10);
    auto old = decode_word_boxes(v1);
    ASSERT_EQ(old.size(), 1u);
    EXPECT_FLOAT_EQ(old[0].x, 1.25f);
    EXPECT_FLOAT_EQ(old[0].h, 9.f);
    EXPECT_EQ(old[0].start, 3u);
    EXPECT_EQ(old[0].end, 10u);
    v1.pop_back();
    EXPECT_THROW(decode_word_boxes(v1), std::runtime_error);
}

TEST(StoreDb, Sha256KnownVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    auto dir = fresh_dir();
    perimeter::test::write_file(dir / "f", "abc");
    EXPECT_EQ(sha256_file(dir / "f"), sha256_hex("abc"));
    EXPECT_THROW(sha256_file(dir / "missing"), std::runtime_error);
}
