// The line ask quotes when the model's draft is not grounded (evidence_quote.h), on pages laid
// out as the PDF text layer gives them (tables with columns kept apart by runs of spaces, labels
// ending with ':', running text wrapped at the line width - copied from the Apple 10-Q and Ulta
// Beauty release in the corpus, shortened): which units a page splits into, which line answers
// (the row whose label is the metric, the label above a row, the period of the columns, the
// issuer's document), and no quote when no line names the metric with a figure.
#include <gtest/gtest.h>

#include <map>

#include "app/analysis/document_profile.h"
#include "app/analysis/evidence_check.h"
#include "app/analysis/evidence_quote.h"

using namespace perimeter;
using namespace perimeter::analysis;

namespace {

const char* kStatement =
    "Apple Inc.\n"
    "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS (Unaudited)\n"
    "Three Months Ended                   Nine Months Ended\n"
    "July 1,            June 25,            July 1,            June 25,\n"
    "2023              2022              2023              2022\n"
    "Net sales:\n"
    "Products                                        $        60,584   $        63,355   $       230,901   $       245,241\n"
    "Services                                        21,213            19,604            62,886            58,941\n"
    "Total net sales                                        81,797            82,959           293,787           304,182\n"
    "Percentage of total net sales                   9%     8%     8%     6%\n"
    "\n"
    "Operating income                                        22,998            23,076            87,332            94,543\n"
    "Other income/(expense), net                                        (265)               (10)             (594)               (97)\n"
    "Net income                                        $        19,881   $        19,442   $        74,039   $        79,082\n"
    "\n"
    "Earnings per share:\n"
    "Basic                                        $           1.27   $           1.20   $           4.69   $           4.86\n"
    "Diluted                                        $           1.26   $           1.20   $           4.67   $           4.82\n";

const char* kRelease =
    "Ulta Beauty Announces Fourth Quarter\n"
    "Fiscal 2022 Results\n"
    "Comparable Sales Increased 15.6%\n"
    "13 Weeks Ended             52 Weeks Ended\n"
    "(Dollars in millions, except per share data)             2023     2022     2021      2023     2022     2021\n"
    "Net sales                                   $ 3,226.8 $ 2,729.4 $ 2,198.7  $ 10,208.6 $ 8,630.9 $ 6,152.0\n"
    "Diluted earnings per share                        $    6.68 $   5.41 $   3.03  $   24.01 $   17.98 $   3.11\n"
    "New store openings, net                               12       6       2        47      44      10\n"
    "For the Fourth Quarter of Fiscal 2022\n"
    "Net sales increased 18.2% to $3.2 billion compared to $2.7 billion in the fourth quarter\n"
    "of fiscal 2021 primarily due to the favorable impact from the continued resilience of the\n"
    "beauty category. Gross profit increased 18.2% to $1.2 billion compared to $1.0 billion in\n"
    "the fourth quarter of fiscal 2021.\n"
    "Fiscal 2023 Outlook\n"
    "Item                                                   FY23 Outlook\n"
    "Diluted earnings per share                        $24.70 to $25.40\n";

class MapPages : public PageTextSource {
public:
    std::map<std::pair<int64_t, int>, std::string> pages;
    std::optional<std::string> page_text(int64_t doc_id, int page) const override {
        auto it = pages.find({doc_id, page});
        if (it == pages.end()) return std::nullopt;
        return it->second;
    }
};

ingest::SearchHit hit(int64_t doc, int page, const std::string& text) {
    ingest::SearchHit h;
    h.doc_id = doc;
    h.page = page;
    h.file_name = doc == 1 ? "2023 Q3 AAPL.pdf" : "ULTABEAUTY_2023Q4_EARNINGS.pdf";
    h.text = text;
    return h;
}

struct Fixture {
    MapPages pages;
    std::vector<DocumentProfile> scope;
    std::vector<ingest::SearchHit> hits;
    Fixture() {
        pages.pages[{1, 4}] = kStatement;
        pages.pages[{2, 1}] = kRelease;
        // Both issuers' names run through their own pages.
        scope.push_back(profile_texts("2023 Q3 AAPL.pdf", "", {std::string("Apple Inc. Form 10-Q\n") + kStatement}));
        scope.back().doc_id = 1;
        scope.push_back(profile_texts("ULTABEAUTY_2023Q4_EARNINGS.pdf", "", {kRelease}));
        scope.back().doc_id = 2;
        // The chunks a retriever returns: only a piece of each page; the quote reads the page.
        hits = {hit(2, 1, "Ulta Beauty Announces"), hit(1, 4, "Net sales: Products")};
    }
    std::optional<EvidenceQuote> quote(const std::string& q) const { return find_evidence_quote(q, hits, scope, pages); }
};

}  // namespace

TEST(EvidenceQuote, SplitsTablesLabelsAndSentences) {
    const auto units = split_units(kStatement);
    auto find = [&](const std::string& start) {
        for (const auto& u : units)
            if (u.text.rfind(start, 0) == 0) return u;
        ADD_FAILURE() << "no unit starts with " << start;
        return TextUnit{};
    };
    const TextUnit total = find("Total net sales");
    EXPECT_TRUE(total.table_row);
    EXPECT_EQ(total.text, "Total net sales 81,797 82,959 293,787 304,182");  // whitespace runs collapsed
    EXPECT_EQ(total.label, "Net sales:");
    EXPECT_EQ(total.context_years, (std::vector<int>{2023, 2022, 2023, 2022}));
    EXPECT_EQ(find("Diluted").label, "Earnings per share:");
    EXPECT_EQ(find("Operating income").label, "");  // a blank line ends a label's rows

    const auto release = split_units(kRelease);
    std::vector<std::string> sentences;
    for (const auto& u : release)
        if (!u.table_row) sentences.push_back(u.text);
    // Short lines (headlines) stand alone; wrapped lines join and split into sentences.
    EXPECT_NE(std::find(sentences.begin(), sentences.end(), "Comparable Sales Increased 15.6%"), sentences.end());
    EXPECT_NE(std::find(sentences.begin(), sentences.end(),
                        "Gross profit increased 18.2% to $1.2 billion compared to $1.0 billion in the fourth quarter of fiscal 2021."),
              sentences.end());
}

TEST(EvidenceQuote, FigureTermsKeepTheMetricAndDropTheIssuer) {
    EXPECT_EQ(figure_terms("What were Apple's total net sales for the three months ended July 1, 2023?"),
              (std::vector<std::string>{"total", "net", "sales"}));
    EXPECT_EQ(figure_terms("How many net new stores did Ulta Beauty open in fiscal 2022?"),
              (std::vector<std::string>{"net", "stores"}));
    EXPECT_EQ(figure_terms("How much in cash proceeds did Johnson & Johnson secure from the Kenvue offering?"),
              (std::vector<std::string>{"cash", "proceeds", "kenvue", "offering"}));
}

TEST(EvidenceQuote, QuotesTheRowWhoseLabelIsTheMetric) {
    Fixture f;
    // "Total net sales", not "Percentage of total net sales" (same terms, a wider label).
    auto q = f.quote("What were Apple's total net sales for the three months ended July 1, 2023?");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->line, "Total net sales 81,797 82,959 293,787 304,182");
    EXPECT_EQ(q->text, "Net sales: \xE2\x80\xA6 Total net sales 81,797 82,959 293,787 304,182");
    EXPECT_EQ(q->hit, 1u);
    // "Net income", not "Other income/(expense), net".
    q = f.quote("What was Apple's net income for the nine months ended July 1, 2023?");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->line, "Net income $ 19,881 $ 19,442 $ 74,039 $ 79,082");
    // The label above names the metric: "Earnings per share:" over "Diluted".
    q = f.quote("What was Apple's diluted earnings per share for the three months ended July 1, 2023?");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->line, "Diluted $ 1.26 $ 1.20 $ 4.67 $ 4.82");
    EXPECT_DOUBLE_EQ(q->coverage, 1.0);
}

TEST(EvidenceQuote, PeriodAndIssuer) {
    Fixture f;
    // Fiscal 2022 results, not the fiscal 2023 outlook under a heading of another year.
    auto q = f.quote("What were Ulta Beauty's diluted earnings per share in the fourth quarter of fiscal 2022?");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->line, "Diluted earnings per share $ 6.68 $ 5.41 $ 3.03 $ 24.01 $ 17.98 $ 3.11");
    EXPECT_EQ(q->hit, 0u);
    q = f.quote("How many net new stores did Ulta Beauty open in fiscal 2022?");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->line, "New store openings, net 12 6 2 47 44 10");
    // A sentence that names only another year is another period's.
    EXPECT_FALSE(f.quote("By how much did Ulta Beauty's gross profit increase in fiscal 2019?"));
    // Apple's figures do not answer for Ulta Beauty, nor Ulta's for Apple.
    EXPECT_FALSE(f.quote("What was Ulta Beauty's operating income in fiscal 2022?"));
    q = f.quote("What was Apple's operating income in the nine months ended July 1, 2023?");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->hit, 1u);
}

TEST(EvidenceQuote, NoQuoteWithoutTheMetricAndAFigure) {
    Fixture f;
    // The pages never name a headcount or an occupancy rate next to a figure.
    EXPECT_FALSE(f.quote("What was Apple's total headcount as of July 1, 2023?"));
    EXPECT_FALSE(f.quote("What was Ulta Beauty's average store occupancy rate in fiscal 2022?"));
    // A line that names it but states no figure ("Ulta Beauty Announces Fourth Quarter").
    EXPECT_FALSE(f.quote("What did Ulta Beauty announce?"));
    // Nothing to look for.
    EXPECT_FALSE(f.quote("What was it in 2022?"));
}

TEST(EvidenceQuote, BulletsAndNamesWithDigits) {
    // An earnings release's bullets (a bullet and a run of spaces, as the text layer gives them)
    // against a long quotation in running text. "H200" names a product, it is no figure; and
    // running text names its metric near its figure ("GPU" is fifty words before "40").
    const std::string page =
        "MGM RESORTS INTERNATIONAL REPORTS FOURTH QUARTER AND\n"
        "FULL YEAR 2022 FINANCIAL AND OPERATING RESULTS\n"
        "\xE2\x80\xA2   Share buybacks of $2.8 billion in 2022 and $352 million in 4Q22\n"
        "\xE2\x80\xA2   Awarded new 10-year gaming concession in Macau\n"
        "\n"
        "\xE2\x80\x9C" "Our share buyback program continues to return capital to shareholders as we have already repurchased\n"
        "4 million shares for $164 million year-to-date, adding to the 76 million shares we repurchased in 2022\n"
        "and totaling approximately $4.7 billion since 2021.\xE2\x80\x9D\n"
        "We announced HGX H200 with the H200 Tensor Core GPU; introduced an AI foundry service, first available on\n"
        "Microsoft Azure; announced that Spectrum-X will be integrated into servers from Dell Technologies, Hewlett\n"
        "Packard Enterprise and Lenovo in the first quarter of next year; announced that GH200 Superchips will power\n"
        "more than 40 new supercomputers and began shipping in the fourth quarter of 2022.\n";
    MapPages pages;
    pages.pages[{3, 1}] = page;
    std::vector<DocumentProfile> scope = {profile_texts("MGMRESORTS_2022Q4_EARNINGS.pdf", "", {page})};
    scope[0].doc_id = 3;
    std::vector<ingest::SearchHit> hits = {hit(3, 1, "MGM RESORTS")};
    auto q = find_evidence_quote("How much did MGM Resorts spend on share buybacks in 2022?", hits, scope, pages);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->line, "\xE2\x80\xA2 Share buybacks of $2.8 billion in 2022 and $352 million in 4Q22");
    EXPECT_FALSE(find_evidence_quote("How many GPUs did MGM Resorts ship in 2022?", hits, scope, pages));
}

TEST(EvidenceQuote, NamesAreNoMetric) {
    // A page footer names the company and a page number; the revenue is in the table.
    const std::string page =
        "Financial highlights\n"
        "                                   2025          2024        Change\n"
        "Revenue                            1,284.6       1,171.9     +9.6%\n"
        "Northwind Components plc - Annual Report 2025 | 4\n";
    MapPages pages;
    pages.pages[{4, 4}] = page;
    std::vector<DocumentProfile> scope = {profile_texts("northwind-annual-report-2025.pdf", "", {page})};
    scope[0].doc_id = 4;
    std::vector<ingest::SearchHit> hits = {hit(4, 4, "Northwind Components plc")};
    auto q = find_evidence_quote("What was the revenue of Northwind Components in 2025?", hits, scope, pages);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->line, "Revenue 1,284.6 1,171.9 +9.6%");
    EXPECT_FALSE(find_evidence_quote("What was the headcount of Northwind Components in 2025?", hits, scope, pages));
}
