// The figure checker flags every wrong figure planted in a report and none of the correct
// ones, on the real text of the bundled sample filings (extracted with pdftotext here, so
// the test does not depend on our own extractor).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <map>
#include <random>

#include "app/analysis/figure_checker.h"
#include "app/analysis/markdown_export.h"
#include "app/analysis/number_mention.h"
#include "tests/common/test_env.h"

using namespace perimeter::analysis;

namespace {

std::string pdftotext_page(const std::string& pdf, int page) {
    const std::string cmd = "pdftotext -layout -f " + std::to_string(page) + " -l " + std::to_string(page) + " '" +
                            pdf + "' - 2>/dev/null";
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return out;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    pclose(p);
    return out;
}

struct MapPages : PageTextSource {
    std::map<std::pair<int64_t, int>, std::string> pages;
    std::optional<std::string> page_text(int64_t doc, int page) const override {
        auto it = pages.find({doc, page});
        if (it == pages.end()) return std::nullopt;
        return it->second;
    }
};

}  // namespace

TEST(NumberMention, ParsesFilingStyles) {
    auto n = find_numbers("Revenue 1,284.6 vs 1 171,9; costs (822.1); margin 13.3% and 9,6 %; GBP 1.28 billion; "
                          "85 454 тыс. руб.; 31.12.2025; −5");
    ASSERT_EQ(n.size(), 9u);
    EXPECT_DOUBLE_EQ(n[0].value, 1284.6);
    EXPECT_EQ(n[0].decimals, 1);
    EXPECT_DOUBLE_EQ(n[1].value, 1171.9);
    EXPECT_TRUE(n[2].negative);
    EXPECT_DOUBLE_EQ(n[2].value, 822.1);
    EXPECT_TRUE(n[3].percent);
    EXPECT_TRUE(n[4].percent);
    EXPECT_DOUBLE_EQ(n[4].value, 9.6);
    EXPECT_DOUBLE_EQ(n[5].scale, 1e9);
    EXPECT_DOUBLE_EQ(n[6].value, 85454);
    EXPECT_DOUBLE_EQ(n[6].scale, 1e3);
    EXPECT_TRUE(n[7].is_date);
    EXPECT_TRUE(n[8].negative);
    // Narrow no-break and thin spaces as group separators; a 4-digit line code is not grouped.
    auto r = find_numbers("1600 1\u202f373\u202f706 1\u2009246\u2009116");
    ASSERT_EQ(r.size(), 3u);
    EXPECT_DOUBLE_EQ(r[0].value, 1600);
    EXPECT_DOUBLE_EQ(r[1].value, 1373706);
    EXPECT_DOUBLE_EQ(r[2].value, 1246116);
}

TEST(FigureChecker, FlagsAllPlantedWrongFiguresAndNoCorrectOnes) {
    const auto samples = perimeter::test::source_dir() / "resources" / "samples";
    const std::string en = (samples / "northwind-annual-report-2025.pdf").string();
    const std::string ru = (samples / "volga-logistics-ras-2025.pdf").string();
    MapPages pages;
    for (int p = 1; p <= 4; ++p) pages.pages[{1, p}] = pdftotext_page(en, p);
    for (int p = 1; p <= 2; ++p) pages.pages[{2, p}] = pdftotext_page(ru, p);
    const std::string& statement_page = pages.pages[std::make_pair(int64_t{1}, 2)];
    ASSERT_NE(statement_page.find("1,284.6"), std::string::npos) << "pdftotext gave no text for " << en;

    // Correct claims in the ways a model writes them.
    const std::vector<std::tuple<std::string, int64_t, int>> correct = {
        {"Revenue rose 9.6% to GBP 1,284.6 million in 2025.", 1, 1},
        {"Revenue was about GBP 1.28 billion.", 1, 2},
        {"Operating profit reached GBP 171.3m, a 13.3% margin.", 1, 1},
        {"Cost of sales was 822.1 million.", 1, 2},
        {"Net debt fell to GBP 212.7 million from 265.0 million.", 1, 1},
        {"Free cash flow was GBP 96.2 million after capital expenditure of 82.4 million.", 1, 3},
        {"Total assets were 1 502,5 млн фунтов.", 1, 2},
        {"Выручка составила 1 926 540 тыс. руб. против 1 702 318 тыс. руб. годом ранее.", 2, 2},
        {"Чистая прибыль — 85 454 тыс. руб.", 2, 2},
        {"Валюта баланса (строка 1600) — 1 373 706 тыс. руб.", 2, 1},
        {"Выручка около 1,93 млрд руб.", 2, 2},
        {"Employees at year end were 4,870, up from 4,615.", 1, 4},
        {"Net debt was 1.0 times EBITDA of GBP 219.5 million.", 1, 3},
    };
    FigureChecker checker(pages);
    int correct_figures = 0;
    for (const auto& [text, doc, page] : correct) {
        Claim c{text, {Citation{doc, "d", page}}, {}};
        EXPECT_EQ(checker.check(c), 0) << "wrongly flagged: " << text;
        correct_figures += static_cast<int>(c.figures.size());
    }
    EXPECT_GE(correct_figures, 20);

    // Plant wrong figures: change one digit of each correct figure (seeded), or cite the
    // wrong page. Every one must be flagged.
    std::mt19937 rng(42);
    int planted = 0;
    for (const auto& [text, doc, page] : correct) {
        for (const auto& m : find_numbers(text)) {
            if (m.is_date) continue;
            std::string wrong = text;
            // change the last digit of the number (keeps its format)
            size_t pos = m.end;
            while (pos > m.start && !(wrong[pos - 1] >= '0' && wrong[pos - 1] <= '9')) --pos;
            const char d = wrong[pos - 1];
            wrong[pos - 1] = static_cast<char>('0' + ((d - '0') + 3 + rng() % 5) % 10);
            // skip the rare change that lands within the claim's own rounding of another figure
            Claim c{wrong, {Citation{doc, "d", page}}, {}};
            checker.check(c);
            bool flagged_this = false;
            for (const auto& f : c.figures)
                if (f.start == m.start && f.flagged) flagged_this = true;
            EXPECT_TRUE(flagged_this) << "planted wrong figure not flagged: " << wrong;
            ++planted;
        }
    }
    EXPECT_GE(planted, 20);
    // A right figure cited to the wrong page is flagged too.
    Claim moved{"Revenue was GBP 1,284.6 million.", {Citation{1, "d", 3}}, {}};
    EXPECT_EQ(checker.check(moved), 1);
    // No citation at all: flagged with that reason.
    Claim uncited{"Revenue was GBP 1,284.6 million.", {}, {}};
    EXPECT_EQ(checker.check(uncited), 1);
    EXPECT_EQ(uncited.figures[0].reason, "no citation");
}

TEST(MarkdownExport, FootnotesAndFlags) {
    Report r;
    r.title = "Northwind";
    r.sections.push_back({"Results", {Claim{"Revenue was 1,284.6.", {Citation{1, "nw.pdf", 2}}, {}},
                                      Claim{"Margin 13.3%.", {Citation{1, "nw.pdf", 2}, Citation{1, "nw.pdf", 1}}, {}}}});
    r.sections[0].claims[1].figures.push_back(Figure{"13.3%", 13.3, true, 7, 12, true, "not found on the cited page"});
    r.disclaimer = "Not investment advice.";
    const std::string md = to_markdown(r);
    EXPECT_NE(md.find("Revenue was 1,284.6.[^1]"), std::string::npos) << md;
    EXPECT_NE(md.find("Margin 13.3%.[^1][^2]"), std::string::npos) << md;
    EXPECT_NE(md.find("[^1]: nw.pdf, p. 2"), std::string::npos) << md;
    EXPECT_NE(md.find("[^2]: nw.pdf, p. 1"), std::string::npos) << md;
    EXPECT_NE(md.find("Unverified figures"), std::string::npos) << md;
    EXPECT_NE(md.find("Not investment advice."), std::string::npos) << md;
}
