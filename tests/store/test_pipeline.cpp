// The ingest pipeline with a stand-in extractor (the real one runs in test_cli/test_crash):
// no-op and replace by hash, failures stored and the batch going on, rm purging everything,
// a full store, resume after a crash, cancellation, parallelism, and readers never blocked;
// with the real helpers: started early, same pages as in process, none left behind.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "docs-ingest/db/statement.h"
#include "docs-ingest/db/transaction.h"
#include "docs-ingest/extractor.h"
#include "docs-ingest/ingest_pipeline.h"
#include "docs-ingest/ingest_sha256.h"
#include "docs-ingest/search.h"
#include "docs-ingest/store.h"
#include "tests/store/store_test_util.h"

using namespace perimeter::ingest;
using perimeter::test::fresh_dir;
using perimeter::test::make_doc;
using perimeter::test::read_file;
using perimeter::test::write_file;

namespace {

// Reads the file: each line "PAGE ..." starts a page; "!encrypted" / "!corrupt" fail like the
// real extractor; "!sleep N" waits N ms per page (cancellation polled); "!pages N WORD" makes N
// long pages that mention WORD.
struct FakeExtractor {
    std::atomic<int> calls{0}, active{0}, max_active{0};

    ExtractedDocument operator()(const std::string& path, const ExtractOptions&, const ProgressFn& progress,
                                 const std::atomic<bool>* cancel) {
        ++calls;
        int now = ++active;
        int prev = max_active.load();
        while (now > prev && !max_active.compare_exchange_weak(prev, now)) {
        }
        struct Leave { std::atomic<int>& a; ~Leave() { --a; } } leave{active};
        ExtractedDocument d;
        d.path = path;
        std::string body = read_file(path);
        auto name = std::filesystem::path(path).filename().string();
        if (body.rfind("!encrypted", 0) == 0) {
            d.error = ExtractError::Encrypted;
            d.error_message = name + ": encrypted PDF, a password is needed";
            return d;
        }
        if (body.rfind("!corrupt", 0) == 0) {
            d.error = ExtractError::Corrupt;
            d.error_message = name + ": damaged PDF (no xref table)";
            return d;
        }
        int sleep_ms = 0;
        std::vector<std::string> pages;
        std::istringstream in(body);
        for (std::string line; std::getline(in, line);) {
            if (line.rfind("!sleep ", 0) == 0) sleep_ms = std::stoi(line.substr(7));
            else if (line.rfind("!pages ", 0) == 0) {
                std::istringstream a(line.substr(7));
                int n = 0;
                std::string word;
                a >> n >> word;
                for (int p = 0; p < n; ++p) {
                    std::string t;
                    for (int s = 0; s < 40; ++s)
                        t += "Sentence " + std::to_string(s) + " on page " + std::to_string(p + 1) + " mentions " + word +
                             " and the quarterly revenue of 1,234,567 dollars.\n";
                    pages.push_back(t);
                }
            } else if (line.rfind("PAGE", 0) == 0) pages.push_back(line.substr(4));
            else if (!pages.empty()) pages.back() += "\n" + line;
        }
        auto doc = make_doc(path, pages, name);
        if (progress) progress(0, static_cast<int>(pages.size()));
        for (size_t i = 0; i < pages.size(); ++i) {
            if (sleep_ms) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
            if (cancel && cancel->load()) {
                ExtractedDocument c;
                c.path = path;
                c.error = ExtractError::Cancelled;
                c.error_message = name + ": cancelled";
                return c;
            }
            if (progress) progress(static_cast<int>(i) + 1, static_cast<int>(pages.size()));
        }
        return doc;
    }
};

ExtractFn fn(FakeExtractor& f) {
    return [&f](const std::string& p, const ExtractOptions& o, const ProgressFn& pr, const std::atomic<bool>* c) {
        return f(p, o, pr, c);
    };
}

IngestOptions opts(int jobs = 2, const std::string& coll = "") {
    IngestOptions o;
    o.jobs = jobs;
    o.collection = coll;
    return o;
}

size_t count_bytes(const std::string& hay, const std::string& needle) {
    size_t n = 0;
    for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
    return n;
}

}  // namespace

TEST(StorePipeline, IngestsThenSkipsUnchangedAndReplacesChanged) {
    auto dir = fresh_dir();
    write_file(dir / "a.pdf", "PAGE Alpha revenue grew.\nPAGE Alpha costs fell.");
    write_file(dir / "b.pdf", "PAGE Bravo выручка выросла.");
    write_file(dir / "copy-of-a.pdf", read_file(dir / "a.pdf"));
    FakeExtractor fx;
    const auto db = dir / "s.db";
    auto files = IngestPipeline::collect_inputs({dir});
    ASSERT_EQ(files.size(), 3u);

    auto r1 = IngestPipeline(db, opts(2, "Q3"), fn(fx)).run(files);
    EXPECT_TRUE(r1.ok());
    EXPECT_EQ(r1.count(IngestResult::Added), 2u);
    EXPECT_EQ(r1.count(IngestResult::Unchanged), 1u);  // the copy: same bytes as a.pdf
    EXPECT_EQ(fx.calls.load(), 2);
    Store s(db);
    auto docs = s.documents();
    ASSERT_EQ(docs.size(), 2u);
    for (auto& d : docs) {
        EXPECT_EQ(d.status, DocStatus::Ready) << d.file_name;
        EXPECT_EQ(d.collections, std::vector<std::string>{"Q3"});
        EXPECT_EQ(d.sha256, sha256_file(d.path));
    }
    auto a = s.resolve("a");
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(s.document(a[0])->pages, 2);
    const std::string a_ingested = s.document(a[0])->ingested_at;

    // Again, unchanged: a no-op (no extraction, same rows).
    auto r2 = IngestPipeline(db, opts(), fn(fx)).run(files);
    EXPECT_EQ(r2.count(IngestResult::Unchanged), 3u);
    EXPECT_EQ(fx.calls.load(), 2);
    EXPECT_EQ(s.documents().size(), 2u);
    EXPECT_EQ(s.document(a[0])->ingested_at, a_ingested);

    // a.pdf changes: the new version replaces the old one, keeps its collection.
    write_file(dir / "a.pdf", "PAGE Alpha restated: zeppelin sales.");
    auto r3 = IngestPipeline(db, opts(), fn(fx)).run({dir / "a.pdf"});
    ASSERT_EQ(r3.count(IngestResult::Replaced), 1u);
    EXPECT_FALSE(s.document(a[0]));  // old row gone
    auto a2 = s.resolve("a.pdf");
    ASSERT_EQ(a2.size(), 1u);
    EXPECT_NE(a2[0], a[0]);
    EXPECT_EQ(s.document(a2[0])->pages, 1);
    EXPECT_EQ(s.document(a2[0])->collections, std::vector<std::string>{"Q3"});
    Bm25Retriever r(s);
    EXPECT_EQ(r.search({"zeppelin"}).size(), 1u);
    EXPECT_TRUE(r.search({"costs"}).empty());
    EXPECT_EQ(s.check_integrity(), "ok");
    // The copy of the old a.pdf is new content now.
    auto r4 = IngestPipeline(db, opts(), fn(fx)).run({dir / "copy-of-a.pdf"});
    EXPECT_EQ(r4.count(IngestResult::Added), 1u);
}

TEST(StorePipeline, BadInputFailsThatDocumentAndTheBatchGoesOn) {
    auto dir = fresh_dir();
    write_file(dir / "good.pdf", "PAGE Fine document about revenue.");
    write_file(dir / "locked.pdf", "!encrypted");
    write_file(dir / "broken.pdf", "!corrupt");
    write_file(dir / "late.pdf", "PAGE Another fine document.");
    FakeExtractor fx;
    auto files = IngestPipeline::collect_inputs({dir, dir / "missing.pdf"});
    auto sum = IngestPipeline(dir / "s.db", opts(2), fn(fx)).run(files);
    EXPECT_FALSE(sum.ok());
    EXPECT_EQ(sum.count(IngestResult::Added), 2u);
    EXPECT_EQ(sum.count(IngestResult::Failed), 3u);
    Store s(dir / "s.db");
    std::map<std::string, DocumentRecord> by;
    for (auto& d : s.documents()) by[d.file_name] = d;
    EXPECT_EQ(by["good.pdf"].status, DocStatus::Ready);
    EXPECT_EQ(by["late.pdf"].status, DocStatus::Ready);
    EXPECT_EQ(by["locked.pdf"].status, DocStatus::Failed);
    EXPECT_EQ(by["locked.pdf"].error_code, "encrypted");
    EXPECT_EQ(by["locked.pdf"].error_message, "locked.pdf: encrypted PDF, a password is needed");
    EXPECT_EQ(by["broken.pdf"].error_code, "corrupt");
    EXPECT_EQ(by["missing.pdf"].error_code, "unreadable");
    EXPECT_NE(by["missing.pdf"].error_message.find("missing.pdf"), std::string::npos);
    // A failed file is tried again next time (it may have been fixed), a good one is not.
    write_file(dir / "locked.pdf", "PAGE Now readable.");
    auto again = IngestPipeline(dir / "s.db", opts(2), fn(fx)).run(files);
    EXPECT_EQ(again.count(IngestResult::Added), 1u);
    EXPECT_EQ(again.count(IngestResult::Unchanged), 2u);
}

TEST(StorePipeline, RemovePurgesEveryTableAndLeavesNoTextInTheFile) {
    auto dir = fresh_dir();
    const std::string marker = "Quixotrelmark";  // appears nowhere else
    write_file(dir / "secret.pdf", "PAGE " + marker + " confidential merger terms.\nPAGE Second page " + marker + ".");
    write_file(dir / "keep.pdf", "PAGE Public revenue figures.");
    FakeExtractor fx;
    const auto db = dir / "s.db";
    ASSERT_TRUE(IngestPipeline(db, opts(1, "Deals"), fn(fx)).run(IngestPipeline::collect_inputs({dir})).ok());
    Store s(db);
    int64_t secret = s.resolve("secret")[0], keep = s.resolve("keep")[0];
    // What the analysis layer will have added: vectors for every chunk, an answer drawing on
    // both documents and one on the kept document only.
    s.db().exec("INSERT INTO embeddings(chunk_id, model, dim, vector) SELECT id, 'minilm', 4, zeroblob(16) FROM chunks");
    s.db().exec("INSERT INTO answer_cache(cache_key, question, model, answer) VALUES ('k1','q','m','" + marker + " answer'),"
                "('k2','q2','m','public')");
    s.db().exec("INSERT INTO answer_cache_docs VALUES (1, " + std::to_string(secret) + "), (1, " + std::to_string(keep) +
                "), (2, " + std::to_string(keep) + ")");
    s.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    ASSERT_GT(count_bytes(read_file(db), marker), 0u) << "the marker must be in the file before rm";
    auto before = s.counts();
    EXPECT_EQ(before.documents, 2);
    EXPECT_EQ(before.pages, 3);
    EXPECT_EQ(before.embeddings, before.chunks);
    EXPECT_EQ(before.answers, 2);
    EXPECT_EQ(s.db().query_int("PRAGMA secure_delete"), 1);

    ASSERT_TRUE(s.remove_document(secret));
    EXPECT_FALSE(s.remove_document(secret));
    s.purge_deleted();
    auto after = s.counts();
    EXPECT_EQ(after.documents, 1);
    EXPECT_EQ(after.pages, 1);
    EXPECT_EQ(after.chunks, 1);
    EXPECT_EQ(after.fts_rows, 1);
    EXPECT_EQ(after.embeddings, 1);
    EXPECT_EQ(after.answers, 1);        // the answer that drew on the secret document is gone
    EXPECT_EQ(after.answer_links, 1);
    EXPECT_EQ(after.collection_links, 1);
    for (const char* t : {"pages", "chunks", "document_collections", "answer_cache_docs"})
        EXPECT_EQ(s.db().query_int(std::string("SELECT count(*) FROM ") + t + " WHERE " +
                                   (std::string(t) == "chunks" || std::string(t) == "pages" ? "doc_id" : "doc_id") + " = " +
                                   std::to_string(secret)), 0) << t;
    EXPECT_EQ(s.check_integrity(), "ok");
    EXPECT_TRUE(Bm25Retriever(s).search({marker}).empty());
    // Nothing of the text is left anywhere in the file or its WAL (secure_delete zeroes freed
    // pages; the index was rewritten without its tombstones; the WAL was checkpointed).
    std::string bytes = read_file(db) + read_file(std::string(db) + "-wal");
    std::string lower = marker;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    EXPECT_EQ(count_bytes(bytes, marker), 0u);
    EXPECT_EQ(count_bytes(bytes, lower.substr(0, 10)), 0u) << "the index still holds the term";
}

TEST(StorePipeline, FullStoreFailsTheDocumentAndKeepsWhatWasStored) {
    auto dir = fresh_dir();
    write_file(dir / "small.pdf", "PAGE Small document about revenue.");
    write_file(dir / "big.pdf", "!pages 60 walrus");
    FakeExtractor fx;
    const auto db = dir / "s.db";
    ASSERT_TRUE(IngestPipeline(db, opts(1), fn(fx)).run({dir / "small.pdf"}).ok());
    std::string small_text;
    long long pages_now = 0;
    {
        Store s(db);
        small_text = s.pages(s.resolve("small")[0])[0].text;
        pages_now = s.db().query_int("PRAGMA page_count");
    }
    // A real SQLITE_FULL: the store may grow by only a few pages.
    IngestOptions o = opts(1);
    o.store.open.max_page_count = pages_now + 4;
    auto sum = IngestPipeline(db, o, fn(fx)).run({dir / "big.pdf"});
    ASSERT_EQ(sum.items.size(), 1u);
    EXPECT_EQ(sum.items[0].result, IngestResult::Failed);
    EXPECT_EQ(sum.items[0].error_code, "disk_full");
    EXPECT_NE(sum.items[0].error_message.find("big.pdf"), std::string::npos) << sum.items[0].error_message;
    Store s(db);
    EXPECT_EQ(s.check_integrity(), "ok");
    auto big = s.document(s.resolve("big")[0]);
    EXPECT_EQ(big->status, DocStatus::Failed);
    EXPECT_EQ(big->error_code, "disk_full");
    EXPECT_EQ(s.pages(big->id).size(), 0u);  // nothing half-written
    EXPECT_EQ(s.chunks(big->id).size(), 0u);
    auto small = s.resolve("small")[0];
    EXPECT_EQ(s.document(small)->status, DocStatus::Ready);
    EXPECT_EQ(s.pages(small)[0].text, small_text);
    EXPECT_EQ(Bm25Retriever(s).search({"revenue"}).size(), 1u);
    // With room again it goes in.
    EXPECT_TRUE(IngestPipeline(db, opts(1), fn(fx)).run({dir / "big.pdf"}).ok());
    EXPECT_EQ(s.document(s.resolve("big")[0])->pages, 60);
}

TEST(StorePipeline, RowsLeftByACrashAreRedone) {
    auto dir = fresh_dir();
    write_file(dir / "a.pdf", "PAGE Alpha.");
    write_file(dir / "b.pdf", "PAGE Bravo.");
    const auto db = dir / "s.db";
    int64_t a = 0, b = 0;
    {
        Store s(db);  // as a killed run leaves them: one queued, one mid-extraction
        a = s.add_queued((dir / "a.pdf").string(), sha256_file(dir / "a.pdf"), 10);
        b = s.add_queued((dir / "b.pdf").string(), sha256_file(dir / "b.pdf"), 10);
        s.set_status(b, DocStatus::Extracting);
    }
    FakeExtractor fx;
    auto sum = IngestPipeline(db, opts(2), fn(fx)).run({});  // no files named: resume only
    EXPECT_EQ(sum.count(IngestResult::Added), 2u);
    Store s(db);
    EXPECT_EQ(s.document(a)->status, DocStatus::Ready);
    EXPECT_EQ(s.document(b)->status, DocStatus::Ready);
    EXPECT_TRUE(s.pending().empty());
}

TEST(StorePipeline, ProgressParallelismAndCancellation) {
    auto dir = fresh_dir();
    for (int i = 0; i < 6; ++i) write_file(dir / ("d" + std::to_string(i) + ".pdf"), "!sleep 20\n!pages 5 w" + std::to_string(i));
    FakeExtractor fx;
    std::mutex mu;
    std::vector<IngestProgress> events;
    std::atomic<bool> cancel{false};
    auto sum = IngestPipeline(dir / "s.db", opts(3), fn(fx)).run(
        IngestPipeline::collect_inputs({dir}),
        [&](const IngestProgress& p) {
            std::lock_guard<std::mutex> l(mu);
            events.push_back(p);
            if (p.event == IngestProgress::Event::Finished && p.docs_done == 3) cancel = true;
        },
        &cancel);
    EXPECT_GE(fx.max_active.load(), 2) << "documents were not extracted in parallel";
    EXPECT_GE(sum.count(IngestResult::Added), 3u);
    EXPECT_GE(sum.count(IngestResult::Cancelled), 1u);
    EXPECT_EQ(sum.count(IngestResult::Added) + sum.count(IngestResult::Cancelled), 6u);
    ASSERT_FALSE(events.empty());
    int64_t last_done = 0;
    for (auto& e : events) {
        EXPECT_GE(e.batch_pages_done, last_done);
        EXPECT_LE(e.batch_pages_done, e.batch_pages_total);
        EXPECT_LE(e.pages_done, e.pages_total);
        last_done = e.batch_pages_done;
    }
    EXPECT_EQ(events.back().docs_done, 6);
    Store s(dir / "s.db");
    int cancelled = 0;
    for (auto& d : s.documents()) {
        if (d.status == DocStatus::Cancelled) {
            ++cancelled;
            EXPECT_EQ(d.error_code, "cancelled");
        } else {
            EXPECT_EQ(d.status, DocStatus::Ready);
        }
    }
    EXPECT_EQ(cancelled, static_cast<int>(sum.count(IngestResult::Cancelled)));
    EXPECT_TRUE(s.pending().empty());
}

TEST(StorePipeline, ReadersAreNotBlockedByAnOpenWriteTransaction) {
    auto dir = fresh_dir();
    const auto db = dir / "s.db";
    Store writer(db);
    {
        int64_t id = writer.add_queued("/x/a.pdf", "h", 1);
        auto doc = make_doc("/x/a.pdf", {"Revenue grew."});
        writer.commit_document(id, doc, Chunker().chunk_document(doc));
    }
    StoreOptions no_wait;
    no_wait.open.busy_timeout = std::chrono::milliseconds(0);  // any lock wait would be an error
    Store reader(db, no_wait);
    {
        perimeter::ingest::db::Transaction tx(writer.db());  // the write lock, held
        writer.db().exec("INSERT INTO documents(sha256, path, file_name, status) VALUES ('h2', '/x/b.pdf', 'b.pdf', 'ready')");
        writer.db().exec("INSERT INTO chunks(doc_id, page, start, end, text, token_count) VALUES (last_insert_rowid(), 1, 0, 13, 'Revenue fell.', 3)");
        EXPECT_EQ(reader.counts().documents, 1);  // reads the last committed state at once
        EXPECT_EQ(Bm25Retriever(reader).search({"revenue"}).size(), 1u);
        tx.commit();
    }
    EXPECT_EQ(reader.counts().documents, 2);
    EXPECT_EQ(Bm25Retriever(reader).search({"revenue"}).size(), 2u);
}

TEST(StorePipeline, ReadersAreNotBlockedWhileThePipelineIngests) {
    auto dir = fresh_dir();
    const auto db = dir / "s.db";
    for (int i = 0; i < 4; ++i) write_file(dir / ("big" + std::to_string(i) + ".pdf"), "!pages 150 narwhal" + std::to_string(i));
    { Store init(db); }
    FakeExtractor fx;
    std::atomic<bool> done{false};
    std::atomic<int> reads{0}, reads_while_ingesting{0};
    std::string reader_error;
    // Opened before the ingest starts: opening runs PRAGMA journal_mode=WAL, which can meet the
    // pipeline's own opening; with no busy wait that is a race of the test, not a blocked read.
    StoreOptions no_wait;
    no_wait.open.busy_timeout = std::chrono::milliseconds(0);
    Store r(db, no_wait);
    std::thread reader([&] {
        try {
            Bm25Retriever ret(r);
            while (!done) {
                auto t0 = std::chrono::steady_clock::now();
                // Each ready document is seen whole or not at all.
                perimeter::ingest::db::Statement st(r.db(),
                    "SELECT d.pages, (SELECT count(*) FROM pages p WHERE p.doc_id = d.id) FROM documents d WHERE d.status = 'ready'");
                while (st.step()) {
                    if (st.get_int(0) != st.get_int(1)) throw std::runtime_error("a ready document is missing pages");
                }
                ret.search({"revenue"});
                auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
                if (r.db().query_int("SELECT count(*) FROM documents WHERE status = 'extracting'") > 0) ++reads_while_ingesting;
                (void)ms;
                ++reads;
            }
        } catch (const std::exception& e) {
            reader_error = e.what();
        }
    });
    auto sum = IngestPipeline(db, opts(2), fn(fx)).run(IngestPipeline::collect_inputs({dir}));
    done = true;
    reader.join();
    EXPECT_TRUE(reader_error.empty()) << "reader failed while ingesting: " << reader_error;
    EXPECT_TRUE(sum.ok());
    EXPECT_GT(reads.load(), 5);
    EXPECT_GT(reads_while_ingesting.load(), 0) << "the reader never overlapped the ingest";
    Store s(db);
    EXPECT_EQ(s.counts().pages, 600);
    EXPECT_EQ(s.check_integrity(), "ok");
}

namespace {

// perimeter-extract processes whose parent is this test process (zygotes; their helpers are
// the zygotes' children).
int helper_children() {
    int n = 0;
    const std::string me = std::to_string(getpid());
    for (const auto& e : std::filesystem::directory_iterator("/proc")) {
        const std::string name = e.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream f(e.path() / "stat");  // gone already: empty
        std::string stat;
        std::getline(f, stat);
        const size_t close = stat.rfind(')');
        if (stat.empty() || close == std::string::npos) continue;
        std::istringstream rest(stat.substr(close + 2));
        std::string state, ppid;
        rest >> state >> ppid;
        if (ppid == me && stat.find("(perimeter-extra") != std::string::npos) ++n;
    }
    return n;
}

}  // namespace

// The real helpers: started when the batch starts (before the store is opened and the files
// hashed), they give the same pages as extraction in process, and they end with the batch,
// also when no document needed them (a batch of unchanged files).
TEST(StorePipeline, HelpersStartWithTheBatchAndEndWithIt) {
    auto dir = fresh_dir();
    const auto db = dir / "s.db";
    const auto a = perimeter::test::corpus("sec-10q/docs/2023 Q2 AAPL.pdf");
    const auto b = perimeter::test::corpus("sec-10q/docs/2022 Q3 AAPL.pdf");
    IngestOptions o = opts(2);
    o.extract.helper_path = (perimeter::test::bin_dir() / "perimeter-extract").string();
    ASSERT_TRUE(std::filesystem::exists(o.extract.helper_path)) << "build perimeter-extract first: " << o.extract.helper_path;
    o.extract.ocr = OcrMode::Never;
    const int before = helper_children();

    int during = 0;  // the probe sees the helpers while the batch runs
    auto sum = IngestPipeline(db, o).run({a, b}, [&](const IngestProgress& p) {
        if (p.event == IngestProgress::Event::Started) during = std::max(during, helper_children() - before);
    });
    ASSERT_TRUE(sum.ok()) << sum.items[0].error_message << sum.items[1].error_message;
    EXPECT_GE(during, 1) << "no helper process seen while the batch ran";
    EXPECT_EQ(sum.count(IngestResult::Added), 2u);
    EXPECT_EQ(helper_children(), before) << "a helper outlived the batch";
    Store s(db);
    for (const auto& item : sum.items) {
        ExtractOptions in_process;
        in_process.ocr = OcrMode::Never;
        in_process.threads = 1;
        const ExtractedDocument want = extract_document(item.path, in_process);
        ASSERT_EQ(want.error, ExtractError::None) << want.error_message;
        const auto pages = s.pages(item.doc_id);
        ASSERT_EQ(pages.size(), want.pages.size()) << item.path;
        for (size_t i = 0; i < pages.size(); ++i) EXPECT_EQ(pages[i].text, want.pages[i].text) << item.path << " page " << i + 1;
    }

    auto again = IngestPipeline(db, o).run({a, b});
    EXPECT_EQ(again.count(IngestResult::Unchanged), 2u);
    EXPECT_EQ(helper_children(), before) << "a helper started for an all-unchanged batch outlived it";
}
