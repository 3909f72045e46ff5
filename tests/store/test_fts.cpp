// The "perimeter" FTS5 tokenizer, the index's sync triggers, and BM25 search with filters.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "docs-ingest/db/statement.h"
#include "docs-ingest/fts_tokenizer.h"
#include "docs-ingest/search.h"
#include "docs-ingest/store.h"
#include "tests/store/store_test_util.h"

using namespace perimeter::ingest;
using perimeter::test::fresh_dir;
using perimeter::test::make_doc;

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::string term(Store& s, const std::string& word) {
    auto t = tokenize_query(s.db().handle(), word);
    EXPECT_EQ(t.size(), 1u) << word;
    return t.empty() ? "" : t[0].term;
}

// A ready document with chunks made by the default chunker.
int64_t add_ready(Store& s, const std::string& path, const std::vector<std::string>& pages, const std::string& coll = "") {
    int64_t id = s.add_queued(path, "sha-" + path, 100, coll);
    auto doc = make_doc(path, pages);
    s.commit_document(id, doc, Chunker().chunk_document(doc));
    return id;
}

std::vector<std::string> files_of(const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (auto& h : hits) out.push_back(h.file_name + ":" + std::to_string(h.page));
    return out;
}

}  // namespace

TEST(StoreFts, StemsRussianAndEnglishAndFoldsCase) {
    auto dir = fresh_dir();
    Store s(dir / "t.db");
    EXPECT_EQ(term(s, "выручки"), term(s, "выручка"));
    EXPECT_EQ(term(s, "ВЫРУЧКОЙ"), term(s, "выручка"));
    EXPECT_EQ(term(s, "расчёт"), term(s, "расчет"));
    EXPECT_EQ(term(s, "revenues"), term(s, "revenue"));
    EXPECT_EQ(term(s, "Revenue"), "revenu");
    EXPECT_EQ(term(s, "выручка"), "выручк");
    EXPECT_NE(term(s, "прибыль"), term(s, "выручка"));
    // Mixed letters and digits stay as written (lower-cased), not stemmed.
    EXPECT_EQ(term(s, "Q3"), "q3");
}

TEST(StoreFts, NumbersAreIndexedWithTheirThousandsGroupsJoined) {
    auto dir = fresh_dir();
    Store s(dir / "t.db");
    auto h = s.db().handle();
    auto t = tokenize_document(h, "Total 135,405 and 1 234 567 net");
    EXPECT_TRUE(contains(t, "135405"));
    EXPECT_TRUE(contains(t, "135"));
    EXPECT_TRUE(contains(t, "405"));
    EXPECT_TRUE(contains(t, "1234567"));
    EXPECT_TRUE(contains(t, "1234"));
    t = tokenize_document(h, "2110\xC2\xA0" "135\xC2\xA0" "405");  // NBSP-separated, RAS style
    EXPECT_TRUE(contains(t, "135405"));
    EXPECT_FALSE(contains(t, "2110135"));     // a 4-digit leading group is not a thousands group
    t = tokenize_document(h, "rate 12.500 and 7, 12");
    EXPECT_FALSE(contains(t, "12500"));       // "." never joins
    EXPECT_FALSE(contains(t, "712"));         // ", " is a list, not a group
    // In a query a grouped number is one term.
    auto q = tokenize_query(h, "135,405");
    ASSERT_EQ(q.size(), 1u);
    EXPECT_EQ(q[0].term, "135405");
    EXPECT_EQ(q[0].start, 0u);
    EXPECT_EQ(q[0].end, 7u);
}

TEST(StoreFts, IndexFollowsChunkInsertUpdateDelete) {
    auto dir = fresh_dir();
    Store s(dir / "t.db");
    Bm25Retriever r(s);
    int64_t id = add_ready(s, "/d/alpha.pdf", {"Zebra revenue grew strongly.", "Ocelot margins fell."});
    auto c = s.counts();
    EXPECT_EQ(c.chunks, 2);
    EXPECT_EQ(c.fts_rows, 2);
    EXPECT_EQ(s.check_integrity(), "ok");
    EXPECT_EQ(r.search({"zebra"}).size(), 1u);

    // UPDATE: the old words leave the index, the new ones enter it.
    auto chunks = s.chunks(id);
    perimeter::ingest::db::Statement(s.db(), "UPDATE chunks SET text = 'Giraffe revenue' WHERE id = ?1")
        .bind(1, static_cast<long long>(chunks[0].id)).run();
    EXPECT_EQ(r.search({"zebra"}).size(), 0u);
    EXPECT_EQ(r.search({"giraffe"}).size(), 1u);
    EXPECT_EQ(s.check_integrity(), "ok");

    // DELETE: gone from the index.
    perimeter::ingest::db::Statement(s.db(), "DELETE FROM chunks WHERE id = ?1").bind(1, static_cast<long long>(chunks[1].id)).run();
    EXPECT_EQ(r.search({"ocelot"}).size(), 0u);
    EXPECT_EQ(s.counts().fts_rows, 1);
    EXPECT_EQ(s.check_integrity(), "ok");

    // The check is real: a chunk written behind the trigger's back is caught.
    s.db().exec("DROP TRIGGER chunks_ai");
    s.db().exec("INSERT INTO chunks(doc_id, page, start, end, text, token_count) VALUES (" + std::to_string(id) +
                ", 1, 0, 5, 'stray', 1)");
    EXPECT_THROW(s.check_integrity(), perimeter::ingest::db::SqliteError);
}

TEST(StoreFts, SearchStemsNumbersFiltersAndCitesPages) {
    auto dir = fresh_dir();
    Store s(dir / "t.db");
    int64_t ru = add_ready(s, "/d/amur.pdf",
                           {"Бухгалтерский баланс на 30 сентября 2023 г.",
                            "Отчет о финансовых результатах\nВыручка 2110 135 405 120 300\nЧистая прибыль 2400 9 876 5 432"},
                           "RAS");
    int64_t en = add_ready(s, "/d/apple-10q.pdf",
                           {"Apple Inc. quarterly report.",
                            "Total net revenues were $81,797 million, compared with 82,959 a year earlier.",
                            "Operating expenses increased."},
                           "SEC");
    add_ready(s, "/d/other.pdf", {"Nothing about money here, just zebras."});
    Bm25Retriever r(s);

    auto hits = r.search({"выручки"});
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].file_name, "amur.pdf");
    EXPECT_EQ(hits[0].doc_id, ru);
    EXPECT_EQ(hits[0].page, 2);
    EXPECT_GT(hits[0].score, 0);
    // The span points into the stored page text.
    auto pages = s.pages(ru);
    EXPECT_EQ(pages[1].text.substr(hits[0].start, hits[0].end - hits[0].start), hits[0].text);
    EXPECT_NE(hits[0].snippet.find("[Выручка]"), std::string::npos) << hits[0].snippet;

    hits = r.search({"revenue"});
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].file_name, "apple-10q.pdf");
    EXPECT_EQ(hits[0].page, 2);

    // Numbers the way an analyst types them.
    for (const char* q : {"135405", "135,405", "135 405"}) {
        auto h = r.search({q});
        ASSERT_EQ(h.size(), 1u) << q;
        EXPECT_EQ(h[0].doc_id, ru) << q;
    }
    for (const char* q : {"81797", "81,797", "$81,797"}) EXPECT_EQ(files_of(r.search({q})), std::vector<std::string>{"apple-10q.pdf:2"}) << q;

    // OR by default, ranked: a chunk with both terms first; AND keeps only it.
    hits = r.search({"revenues zebras"});
    ASSERT_EQ(hits.size(), 2u);
    SearchQuery all{"revenues increased"};
    all.match_all = true;
    EXPECT_TRUE(r.search(all).empty());
    all.text = "total revenues";
    EXPECT_EQ(r.search(all).size(), 1u);

    // Filters: by name with and without .pdf, by id, by collection.
    SearchQuery f{"revenue OR zebra"};
    f.text = "revenues zebras";
    f.docs = {"other"};
    EXPECT_EQ(files_of(r.search(f)), std::vector<std::string>{"other.pdf:1"});
    f.docs = {"apple-10q.pdf"};
    EXPECT_EQ(files_of(r.search(f)), std::vector<std::string>{"apple-10q.pdf:2"});
    f.docs = {std::to_string(en)};
    EXPECT_EQ(files_of(r.search(f)), std::vector<std::string>{"apple-10q.pdf:2"});
    f.docs = {};
    f.collection = "RAS";
    EXPECT_TRUE(r.search(f).empty());
    f.text = "прибыль";
    EXPECT_EQ(files_of(r.search(f)), std::vector<std::string>{"amur.pdf:2"});
    f.collection = "SEC";
    EXPECT_TRUE(r.search(f).empty());

    f.collection = "";
    f.docs = {"nope.pdf"};
    EXPECT_THROW(r.search(f), UnknownDocumentError);
    f.docs = {};
    f.collection = "nope";
    EXPECT_THROW(r.search(f), UnknownDocumentError);

    // k limits; punctuation and quotes never become FTS syntax; stop words alone still search.
    SearchQuery k{"report OR \"expenses\" (increased) - AND"};
    k.k = 1;
    EXPECT_EQ(r.search(k).size(), 1u);
    EXPECT_TRUE(r.search({"\"\"\" ***"}).empty());
    EXPECT_FALSE(r.search({"the"}).empty() && r.search({"about"}).empty());
}
