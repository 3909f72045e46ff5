// The grounding rules of the evidence check on small documents built in the test: who a
// question asks about (possessives, "did X"), which years it names, whether it is a lookup
// and its metric words; and the decisions - another issuer, a year the document does not
// report on, a metric it never states - against what the same document can answer.
#include <gtest/gtest.h>

#include "app/analysis/document_profile.h"
#include "app/analysis/evidence_check.h"

using namespace perimeter;
using namespace perimeter::analysis;

namespace {

// A 10-Q-like document: the issuer on every page, a competitor on one, years 2023/2022 in
// its statements and 2031 once in a debt note.
DocumentProfile acme() {
    std::vector<std::string> pages = {
        "ACME CORPORATION (Exact name of registrant) For the quarterly period ended July 1, 2023",
        "Acme Corporation condensed statements of operations. Three months ended July 1, 2023 and June 25, 2022. "
        "Net sales 81,797 82,959. Research and development 7,442 6,797. Net income 19,881 19,442.",
        "Acme Corporation notes. Stores open at July 1, 2023: 1,355 (June 25, 2022: 1,310). Notes due 2031 bear "
        "a fixed interest rate. Competition: Globex Inc. sells similar products to our customers.",
        "Acme Corporation balance sheets as of July 1, 2023 and September 24, 2022. Inventories 7,351 4,946.",
        "Acme Corporation segment results (in millions): 2023 2022 2023 2022 2023 2022 2023 2022 2023 2022 2023 2022 "
        "2023 2022 2023 2022",
    };
    DocumentProfile p = profile_texts("ACME_2023Q3_10Q.pdf", "Form 10-Q", pages);
    p.doc_id = 1;
    return p;
}

std::vector<ingest::SearchHit> hits_of(const DocumentProfile& p) {
    std::vector<ingest::SearchHit> hits;
    for (size_t i = 0; i < p.pages.size(); ++i) {
        ingest::SearchHit h;
        h.doc_id = p.doc_id;
        h.file_name = "ACME_2023Q3_10Q.pdf";
        h.page = static_cast<int>(i + 1);
        h.text = p.pages[i];
        hits.push_back(h);
    }
    return hits;
}

}  // namespace

TEST(EvidenceGrounding, ReadsTheQuestion) {
    auto f = read_question("What was Meta Platforms' net income for the quarter ended September 30, 2023?");
    EXPECT_EQ(f.subjects, (std::vector<std::string>{"Meta Platforms"}));
    EXPECT_EQ(f.years, (std::vector<int>{2023}));
    EXPECT_TRUE(f.lookup);
    EXPECT_TRUE(f.metric_words.empty());  // "net income": common words

    f = read_question("How many stores did Target operate at the end of fiscal 2022?");
    EXPECT_EQ(f.subjects, (std::vector<std::string>{"Target"}));
    EXPECT_EQ(f.metric_words, (std::vector<std::string>{"stores"}));

    f = read_question("What was Johnson & Johnson's customer churn rate in FY2023Q1?");
    EXPECT_EQ(f.subjects, (std::vector<std::string>{"Johnson & Johnson"}));
    EXPECT_EQ(f.years, (std::vector<int>{2023}));
    EXPECT_EQ(f.metric_words, (std::vector<std::string>{"customer", "churn", "rate"}));

    // Reasoning questions are not lookups: their words need not be stated.
    EXPECT_FALSE(read_question("What drove the reduction in SG&A expense in FY2023?").lookup);
    EXPECT_FALSE(read_question("How has Apple's total net sales changed over time?").lookup);
    // A maturity is not a period.
    EXPECT_TRUE(read_question("What is the coupon of the notes due 2031?").years.empty());
}

TEST(EvidenceGrounding, ProfilesIssuerAndYears) {
    const DocumentProfile p = acme();
    EXPECT_TRUE(p.issued_by("Acme"));
    EXPECT_TRUE(p.issued_by("ACME Corporation"));
    EXPECT_FALSE(p.issued_by("Globex"));  // named on one page of five
    EXPECT_EQ(p.years, (std::vector<int>{2022, 2023}));
    EXPECT_FALSE(p.covers_year(2031));  // once, in a debt note
    EXPECT_TRUE(p.states("inventor"));
    EXPECT_FALSE(p.states("churn"));
}

TEST(EvidenceGrounding, DeclinesWhatTheDocumentCannotAnswer) {
    const std::vector<DocumentProfile> scope = {acme()};
    const auto hits = hits_of(scope[0]);
    auto check = [&](const std::string& q) { return check_grounding(q, hits, scope); };

    EXPECT_TRUE(check("What were Acme's net sales for the three months ended July 1, 2023?").sufficient);
    EXPECT_TRUE(check("How much did Acme spend on research and development in the quarter ended June 25, 2022?").sufficient);
    EXPECT_TRUE(check("How many stores did Acme have open at July 1, 2023?").sufficient);
    EXPECT_TRUE(check("What were Acme's inventories as of July 1, 2023?").sufficient);

    // Another company, even one the filing names.
    EXPECT_EQ(check("What were Globex's net sales in the quarter ended July 1, 2023?").reason, "issuer:Globex");
    // Another year, even one the filing writes once.
    EXPECT_EQ(check("What were Acme's net sales in fiscal 2031?").reason, "period:2031");
    // A metric it never states.
    EXPECT_EQ(check("What was Acme's customer churn rate in the quarter ended July 1, 2023?").reason, "metric:churn");
    // A name not in the evidence at all: the older rule, first.
    EXPECT_EQ(check("What was Initech's revenue in 2023?").reason, "missing:Initech");
    EXPECT_EQ(check_grounding("What were Acme's net sales?", {}, scope).reason, "empty_retrieval");
}
