// Key figures read off real statement pages (sample filings and an Apple 10-Q), and the
// evidence check that declines questions about companies and years the documents lack.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "app/analysis/evidence_check.h"
#include "app/analysis/key_figures.h"
#include "docs-ingest/ingest_pipeline.h"
#include "docs-ingest/search.h"
#include "docs-ingest/store.h"
#include "tests/common/test_env.h"

using namespace perimeter;
using namespace perimeter::analysis;

namespace {

class KeyFiguresTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        db_ = test::out_dir() / "analysis" / "key_figures.db";
        std::filesystem::create_directories(db_.parent_path());
        for (auto s : {"", "-wal", "-shm"}) std::filesystem::remove(db_.string() + s);
        const auto samples = test::source_dir() / "resources" / "samples";
        const auto aapl = test::shared_dir() / "corpus" / "sec-10q" / "docs" / "2023 Q3 AAPL.pdf";
        ASSERT_TRUE(std::filesystem::exists(aapl)) << aapl;
        ingest::IngestOptions opts;
        opts.extract.helper_path = (test::bin_dir() / "perimeter-extract").string();
        ingest::IngestPipeline pipeline(db_, opts);
        auto summary = pipeline.run({samples / "northwind-annual-report-2025.pdf", samples / "volga-logistics-ras-2025.pdf", aapl});
        ASSERT_TRUE(summary.ok()) << summary.items[0].error_message;
    }
    static int64_t id_of(ingest::Store& s, const std::string& name) {
        auto ids = s.resolve(name);
        return ids.empty() ? 0 : ids[0];
    }
    static const KeyFigure* find(const std::vector<KeyFigure>& f, const std::string& metric) {
        for (const auto& x : f)
            if (x.metric == metric) return &x;
        return nullptr;
    }
    static inline std::filesystem::path db_;
};

}  // namespace

TEST_F(KeyFiguresTest, SampleAnnualReport) {
    ingest::Store store(db_);
    auto f = extract_key_figures(store, id_of(store, "northwind-annual-report-2025.pdf"), "en");
    const KeyFigure* rev = find(f, "Revenue");
    ASSERT_NE(rev, nullptr);
    EXPECT_EQ(rev->value, "1,284.6");
    EXPECT_EQ(rev->period, "2025");
    EXPECT_EQ(rev->citation.page, 1);
    const auto pages = store.pages(rev->citation.doc_id);
    EXPECT_NE(pages[0].text.substr(rev->citation.start, rev->citation.end - rev->citation.start).find("1,284.6"), std::string::npos);
    ASSERT_NE(find(f, "Net profit"), nullptr);
    EXPECT_EQ(find(f, "Net profit")->value, "118.9");
    ASSERT_NE(find(f, "Total assets"), nullptr);
    EXPECT_EQ(find(f, "Total assets")->value, "1,502.5");
    ASSERT_NE(find(f, "Operating cash flow"), nullptr);
    EXPECT_EQ(find(f, "Operating cash flow")->value, "178.6");
}

TEST_F(KeyFiguresTest, RussianRasStatement) {
    ingest::Store store(db_);
    auto f = extract_key_figures(store, id_of(store, "volga-logistics-ras-2025.pdf"), "ru");
    ASSERT_NE(find(f, "Выручка"), nullptr);
    EXPECT_EQ(find(f, "Выручка")->value, "1 926 540");  // the line code 2110 is skipped
    EXPECT_EQ(find(f, "Выручка")->citation.page, 2);
    ASSERT_NE(find(f, "Чистая прибыль"), nullptr);
    EXPECT_EQ(find(f, "Чистая прибыль")->value, "85 454");
    ASSERT_NE(find(f, "Итого активы (баланс)"), nullptr);
    EXPECT_EQ(find(f, "Итого активы (баланс)")->value, "1 373 706");
}

TEST_F(KeyFiguresTest, AppleTenQ) {
    ingest::Store store(db_);
    auto f = extract_key_figures(store, id_of(store, "2023 Q3 AAPL.pdf"), "en");
    ASSERT_NE(find(f, "Revenue"), nullptr);
    EXPECT_EQ(find(f, "Revenue")->value, "81,797");
    ASSERT_NE(find(f, "Net profit"), nullptr);
    EXPECT_EQ(find(f, "Net profit")->value, "19,881");
    ASSERT_NE(find(f, "Total assets"), nullptr);
    EXPECT_EQ(find(f, "Total assets")->value, "335,038");
}

TEST_F(KeyFiguresTest, EvidenceCheckDeclinesOtherCompaniesAndYears) {
    ingest::Store store(db_);
    ingest::Bm25Retriever bm25(store);
    auto ask = [&](const std::string& q) {
        ingest::SearchQuery sq;
        sq.text = q;
        sq.k = 5;
        return check_evidence(q, bm25.search(sq));
    };
    EXPECT_TRUE(ask("What was Northwind's revenue in 2025?").sufficient);
    EXPECT_TRUE(ask("What were Apple's total net sales in the third quarter of 2023?").sufficient);
    auto tesla = ask("What was Tesla's revenue in 2021?");
    EXPECT_FALSE(tesla.sufficient);
    EXPECT_NE(std::find(tesla.missing.begin(), tesla.missing.end(), "Tesla"), tesla.missing.end());
    EXPECT_FALSE(ask("What was Northwind's revenue in 2019?").sufficient);
    EXPECT_EQ(key_terms("What was Apple's revenue in Q3 2023?"), (std::vector<std::string>{"2023", "Apple"}));
}
