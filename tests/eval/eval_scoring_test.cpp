// The evaluation's judging rules (figures with tolerance, text F1, containment) and the
// loading of the real question sets in both formats.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/analysis/eval_scoring.h"
#include "app/analysis/eval_set.h"
#include "tests/common/test_env.h"

using namespace perimeter;
using namespace perimeter::analysis;

namespace {

std::vector<std::string> texts(const std::vector<NumberMention>& m) {
    std::vector<std::string> out;
    for (const auto& x : m) out.push_back(x.text);
    return out;
}

}  // namespace

TEST(EvalScoring, KeyFiguresLeaveOutYearsDatesMarkersAndNotes) {
    EXPECT_EQ(texts(key_figures_of("Yes, there is decline in number stores by 1.32% from 982 stores in Q2 FY 2023 to 969 "
                                   "by the end of Q2 FY2024.")),
              (std::vector<std::string>{"1.32%", "982", "969"}));
    EXPECT_EQ(texts(key_figures_of("36%. The answer here assumes FY2023 refers to the 12 months ended on January 28, 2023")),
              (std::vector<std::string>{"36%"}));
    EXPECT_EQ(texts(key_figures_of("- As of October 30, 2022, the inventory was $4,454 million (\"2022 Q3 NVDA.pdf\").\n"
                                   "1. Epic Games filed a 10-Q")),
              (std::vector<std::string>{"4,454"}));
    EXPECT_TRUE(key_figures_of("The Consumer Health business segment will be treated as a discontinued operation.").empty());
}

TEST(EvalScoring, FiguresMatchWithinToleranceAndScale) {
    auto one = [](const char* s) { return find_numbers(s).at(0); };
    EXPECT_TRUE(figure_matches(one("~42%"), one("41.7%")));       // 1% of 42 = 0.42
    EXPECT_FALSE(figure_matches(one("~42%"), one("40%")));
    EXPECT_TRUE(figure_matches(one("$13.2 billion"), one("13,200 million")));
    EXPECT_TRUE(figure_matches(one("$13.2 billion"), one("$13.2bn")));
    EXPECT_FALSE(figure_matches(one("$13.2 billion"), one("$12 billion")));
    EXPECT_TRUE(figure_matches(one("$82,959 million"), one("82,959")));  // tables are "in millions"
    EXPECT_TRUE(figure_matches(one("(822)"), one("822")));               // signs are ignored
    EXPECT_TRUE(figure_matches(one("1.26"), one("1.26")));
    EXPECT_FALSE(figure_matches(one("1.26"), one("1.20")));  // half a unit of the last digit is 0.005
}

TEST(EvalScoring, JudgesAnswers) {
    // Figures: at least half of the reference's figures.
    auto j = judge_answer("JnJ realised $13.2 billion in cash proceeds from the separation of Kenvue.",
                          "Johnson & Johnson secured $13.2 billion in cash proceeds [1].");
    EXPECT_TRUE(j.correct);
    EXPECT_EQ(j.method, "figures");
    EXPECT_EQ(j.figures_expected, 1u);
    j = judge_answer("from 982 stores to 969", "The company had 969 stores [2].");
    EXPECT_TRUE(j.correct);  // 1 of 2
    j = judge_answer("a 1.32% decline from 982 stores to 969", "The company had 969 stores [2].");
    EXPECT_FALSE(j.correct);  // 1 of 3
    j = judge_answer("$13.2 billion", "The documents do not contain this information.");
    EXPECT_FALSE(j.correct);
    // Text: containment, else F1.
    j = judge_answer("Consumer Health", "The Consumer Health business will be a discontinued operation [1].");
    EXPECT_TRUE(j.correct);
    EXPECT_EQ(j.method, "contains");
    j = judge_answer("Lower marketing expenses and leverage of incentive compensation.",
                     "SG&A fell because of lower marketing expenses [1].");
    EXPECT_EQ(j.method, "f1");
    EXPECT_GT(j.f1, 0.3);
    EXPECT_TRUE(j.correct);
    j = judge_answer("Lower marketing expenses and leverage of incentive compensation.", "Revenue grew in Japan [1].");
    EXPECT_FALSE(j.correct);
    EXPECT_EQ(j.f1, 0.0);
}

TEST(EvalSet, GlobMatching) {
    EXPECT_TRUE(glob_match("*2023 Q3 AAPL*", "2023 Q3 AAPL.pdf"));
    EXPECT_TRUE(glob_match("*aapl*", "2022 Q3 AAPL.pdf"));
    EXPECT_FALSE(glob_match("*2023 Q3 AAPL*", "2023 Q2 AAPL.pdf"));
    EXPECT_TRUE(glob_match("BESTBUY_????Q2*", "BESTBUY_2024Q2_10Q.pdf"));
}

TEST(EvalSet, LoadsFinanceBench) {
    const auto file = test::shared_dir() / "corpus" / "financebench-dev" / "questions.jsonl";
    ASSERT_TRUE(std::filesystem::exists(file)) << "missing " << file << " (the set-up script provides the corpus)";
    const EvalSet set = load_eval_set(file);
    EXPECT_EQ(set.format, "jsonl");
    ASSERT_EQ(set.items.size(), 15u);
    const EvalItem& first = set.items[0];
    EXPECT_EQ(first.id, "financebench_id_00288");
    ASSERT_EQ(first.docs.size(), 1u);
    EXPECT_EQ(first.docs[0], "BESTBUY_2024Q2_10Q.pdf");
    ASSERT_EQ(first.evidence.size(), 1u);
    EXPECT_EQ(first.evidence[0].page, 20);  // 1-based, given as a string in the file
    EXPECT_EQ(first.evidence[0].doc, "BESTBUY_2024Q2_10Q.pdf");
    size_t pages = 0;
    for (const auto& it : set.items) pages += it.evidence.size();
    EXPECT_EQ(pages, 17u);  // one question has three evidence passages
}

TEST(EvalSet, LoadsSec10qCsv) {
    const auto file = test::shared_dir() / "corpus" / "sec-10q" / "qna_data.csv";
    ASSERT_TRUE(std::filesystem::exists(file)) << "missing " << file << " (the set-up script provides the corpus)";
    const EvalSet set = load_eval_set(file);
    EXPECT_EQ(set.format, "csv");
    ASSERT_EQ(set.items.size(), 195u);  // quoted answers span many lines
    EXPECT_EQ(set.items[0].question, "How has Apple's total net sales changed over time?");
    ASSERT_EQ(set.items[0].docs.size(), 1u);
    EXPECT_EQ(set.items[0].docs[0], "*AAPL*");
    EXPECT_NE(set.items[0].expected.find("$82,959 million"), std::string::npos);
    for (const auto& it : set.items) {
        EXPECT_FALSE(it.question.empty());
        EXPECT_FALSE(it.expected.empty()) << it.id;
        EXPECT_TRUE(it.evidence.empty());
    }
}

TEST(EvalSet, LoadsRefusalSets) {
    const auto dir = test::source_dir() / "tests" / "eval" / "data";
    const EvalSet ans = load_eval_set(dir / "answerable.jsonl");
    const EvalSet un = load_eval_set(dir / "unanswerable.jsonl");
    EXPECT_GE(ans.items.size(), 30u);
    EXPECT_GE(un.items.size(), 30u);
    for (const auto& it : ans.items) {
        EXPECT_TRUE(it.answerable);
        EXPECT_FALSE(it.expected.empty());
        EXPECT_FALSE(key_figures_of(it.expected).empty()) << it.id << ": every answerable reference states a figure";
        EXPECT_EQ(it.evidence.size(), 1u);
    }
    for (const auto& it : un.items) EXPECT_FALSE(it.answerable);
}

TEST(EvalSet, BadFilesGiveClearErrors) {
    const auto dir = test::out_dir() / "eval";
    std::filesystem::create_directories(dir);
    auto write = [&](const char* name, const char* text) {
        const auto p = dir / name;
        FILE* f = std::fopen(p.c_str(), "wb");
        std::fputs(text, f);
        std::fclose(f);
        return p;
    };
    auto error_of = [](const std::filesystem::path& p) {
        try {
            load_eval_set(p);
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(error_of(write("bad1.jsonl", "{\"question\": \"q?\", \"answer\": \"a\"}\n{\"answer\": 1}\n")).find("line 2"),
              std::string::npos);
    EXPECT_NE(error_of(write("bad2.jsonl", "{\"question\": \"q?\", \"answer\": \"a\", \"evidence\": [{\"page\": 0}], \"doc\": \"x\"}\n"))
                  .find("1-based"),
              std::string::npos);
    EXPECT_NE(error_of(write("bad3.jsonl", "[1, 2\n")).find("line 1"), std::string::npos);
    EXPECT_NE(error_of(write("bad4.csv", "Question,Answer\n\"unterminated,x\n")).find("unterminated"), std::string::npos);
    EXPECT_NE(error_of(write("bad5.txt", "x")).find("unknown format"), std::string::npos);
    EXPECT_NE(error_of(dir / "missing.jsonl").find("no such file"), std::string::npos);
}
