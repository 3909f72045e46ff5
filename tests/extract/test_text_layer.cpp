// PDF text layer: word recall against pdftotext -layout, statement rows kept on one line,
// metadata, word boxes, Cyrillic. The default run takes a sample of the corpus; the same
// source built with EXTRACT_FULL (test extract_text_full, label `full`) takes all of it.
#include <gtest/gtest.h>

#include <string_view>

#include "docs-ingest/extractor.h"
#include "tests/extract/extract_test_util.h"

using namespace perimeter::ingest;
using namespace perimeter::test;

namespace {

std::vector<std::string> sample_10q() {
#ifdef EXTRACT_FULL
    std::vector<std::string> v;
    for (auto& e : fs::directory_iterator(corpus() / "sec-10q" / "docs"))
        if (e.path().extension() == ".pdf") v.push_back("sec-10q/docs/" + e.path().filename().string());
    std::sort(v.begin(), v.end());
    EXPECT_EQ(v.size(), 20u) << "sec-10q corpus incomplete";
    return v;
#else
    return {"sec-10q/docs/2023 Q3 AAPL.pdf", "sec-10q/docs/2022 Q3 NVDA.pdf"};
#endif
}

std::vector<std::string> sample_financebench() {
#ifdef EXTRACT_FULL
    return {"financebench-dev/BESTBUY_2024Q2_10Q.pdf", "financebench-dev/JOHNSON_JOHNSON_2023_8K_dated-2023-08-30.pdf",
            "financebench-dev/MGMRESORTS_2022Q4_EARNINGS.pdf", "financebench-dev/PEPSICO_2023Q1_EARNINGS.pdf",
            "financebench-dev/ULTABEAUTY_2023Q4_EARNINGS.pdf"};
#else
    return {"financebench-dev/ULTABEAUTY_2023Q4_EARNINGS.pdf"};
#endif
}

ExtractOptions text_only() {
    ExtractOptions o;
    o.ocr = OcrMode::Never;  // these are all text PDFs; OCR is the OCR tests' business
    return o;
}

void expect_recall(const std::string& rel, double min_ratio) {
    const fs::path pdf = corpus_file(rel);
    const ExtractedDocument doc = extract_document(pdf.string(), text_only());
    ASSERT_EQ(doc.error, ExtractError::None) << doc.error_message;
    const auto ref = pdftotext_pages(pdf);
    ASSERT_FALSE(ref.empty());
    EXPECT_EQ(doc.pages.size(), ref.size()) << rel;
    const Recall r = word_recall(ref, doc);
    std::printf("recall %-60s %7zu words  %.3f%%\n", rel.c_str(), r.reference, 100.0 * r.ratio());
    EXPECT_GE(r.ratio(), min_ratio) << rel << ": missing " << worst_missing(r);
}

bool is_statement_page(const std::string& ref_page) {
    std::string head = ref_page.substr(0, 1500);
    for (auto& c : head) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return head.find("BALANCE SHEETS") != std::string::npos || head.find("STATEMENTS OF OPERATIONS") != std::string::npos ||
           head.find("STATEMENTS OF INCOME") != std::string::npos;
}

}  // namespace

TEST(ExtractText, WordRecallSec10q) {
    for (const std::string& rel : sample_10q()) expect_recall(rel, 0.99);
}

TEST(ExtractText, WordRecallFinancebench) {
    for (const std::string& rel : sample_financebench()) expect_recall(rel, 0.99);
}

// Every row that pdftotext prints as "label  numbers..." on the balance sheet and income
// statement comes out of our extraction with its label and all its numbers on one line.
TEST(ExtractText, StatementRowsStayOnOneLine) {
    for (const std::string& rel : sample_10q()) {
        const fs::path pdf = corpus_file(rel);
        const ExtractedDocument doc = extract_document(pdf.string(), text_only());
        ASSERT_EQ(doc.error, ExtractError::None) << doc.error_message;
        const auto ref = pdftotext_pages(pdf);
        int statement_pages = 0, rows = 0;
        for (size_t i = 0; i < ref.size() && i < doc.pages.size(); ++i) {
            if (!is_statement_page(ref[i])) continue;
            ++statement_pages;
            for (const StatementRow& row : statement_rows(ref[i])) {
                ++rows;
                EXPECT_TRUE(has_row_on_one_line(doc.pages[i].text, row))
                    << rel << " page " << i + 1 << ": row '" << row.label << "' with " << row.numbers.size()
                    << " numbers is not on one line:\n" << doc.pages[i].text;
            }
        }
        EXPECT_GE(statement_pages, 2) << rel << ": balance sheet / income statement pages not found";
        EXPECT_GE(rows, 30) << rel;
        std::printf("rows %-40s %d statement pages, %d rows checked\n", rel.c_str(), statement_pages, rows);
    }
}

// Rows read by hand off pdftotext's output of Apple's 10-Q for Q3 2023 (balance sheet p.5,
// statement of operations p.4), asserted literally so a bug in the row parser cannot hide.
TEST(ExtractText, AppleQ3RowsLiteral) {
    const fs::path pdf = corpus_file("sec-10q/docs/2023 Q3 AAPL.pdf");
    const ExtractedDocument doc = extract_document(pdf.string(), text_only());
    ASSERT_EQ(doc.error, ExtractError::None) << doc.error_message;
    std::string all;
    for (auto& p : doc.pages) all += p.text + "\n";
    const std::vector<StatementRow> rows = {
        {"Total current assets", {"122,659", "135,405"}},
        {"Total assets", {"335,038", "352,755"}},
        {"Total liabilities", {"274,764", "302,083"}},
        {"Total net sales", {"81,797", "82,959", "293,787", "304,182"}},
        {"Operating income", {"22,998", "23,076", "87,332", "94,543"}},
        {"Net income", {"19,881", "19,442", "74,039", "79,082"}},
    };
    for (const StatementRow& r : rows) EXPECT_TRUE(has_row_on_one_line(all, r)) << r.label;
    // The label and the first number are separated by a gap, not glued together.
    EXPECT_NE(all.find("Total current assets "), std::string::npos);
}

// The text layer is read in poppler's raw (content-stream) order and what poppler's line
// assembly does to words is redone in pdf_source.cpp. These are the cases that differ when it
// is done wrong, each seen on the corpus while building it: a mark drawn at the end of the
// stream glued to its word, a page number drawn glyph by glyph ("A-1") with poppler's wider
// threshold for lines of single characters, and kerned fragments merged into words.
TEST(ExtractText, RawOrderWordsAsPopplerAssemblesThem) {
    auto text_of = [](const std::string& rel) {
        const ExtractedDocument doc = extract_document(corpus_file(rel).string(), text_only());
        EXPECT_EQ(doc.error, ExtractError::None) << doc.error_message;
        std::string all;
        for (auto& p : doc.pages) all += p.text + "\n";
        return all;
    };
    const std::string aapl = text_of("sec-10q/docs/2023 Q3 AAPL.pdf");
    EXPECT_NE(aapl.find("\niPhone\u00ae "), std::string::npos) << "the (R) drawn later in the stream belongs to its word";
    EXPECT_EQ(aapl.find("iPhone \u00ae"), std::string::npos);
    EXPECT_NE(aapl.find("Level 1 (1):"), std::string::npos);
    EXPECT_NE(aapl.find("SECURITIES AND EXCHANGE COMMISSION"), std::string::npos);
    const std::string pep = text_of("financebench-dev/PEPSICO_2023Q1_EARNINGS.pdf");
    EXPECT_NE(pep.find("\nA-1\n"), std::string::npos) << "footer drawn glyph by glyph";
    EXPECT_EQ(pep.find("\nA - 1\n"), std::string::npos);
    // ...where "A - 10" keeps poppler's spaces: "10" is no single character, so the line gets
    // the normal 3% threshold (pdftotext prints it the same way)
    EXPECT_NE(pep.find("\nA - 10\n"), std::string::npos);
}

TEST(ExtractText, MetadataAndPageCount) {
    const fs::path pdf = corpus_file("sec-10q/docs/2023 Q3 AAPL.pdf");
    const ExtractedDocument doc = extract_document(pdf.string(), text_only());
    ASSERT_EQ(doc.error, ExtractError::None) << doc.error_message;
    int rc = 0;
    const std::string info = run_capture("pdfinfo " + shell_quote(pdf.string()) + " 2>/dev/null", &rc);
    ASSERT_EQ(rc, 0) << "pdfinfo (poppler-utils) needed";
    std::smatch m;
    ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(Pages:\s+(\d+))")));
    EXPECT_EQ(doc.meta.page_count, std::stoi(m[1]));
    EXPECT_EQ(static_cast<int>(doc.pages.size()), doc.meta.page_count);
    if (std::regex_search(info, m, std::regex(R"(Title:\s+(.*))"))) {
        EXPECT_EQ(doc.meta.title, m[1].str());
    }
    if (std::regex_search(info, m, std::regex(R"(Producer:\s+(.*))"))) {
        EXPECT_EQ(doc.meta.producer, m[1].str());
    }
    // ISO 8601 dates.
    EXPECT_TRUE(std::regex_match(doc.meta.created, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"))) << doc.meta.created;
    for (size_t i = 0; i < doc.pages.size(); ++i) {
        EXPECT_EQ(doc.pages[i].number, static_cast<int>(i + 1));
        EXPECT_NEAR(doc.pages[i].width_pt, 612, 1);
        EXPECT_NEAR(doc.pages[i].height_pt, 792, 1);
    }
}

// Word boxes: one per word, byte spans cut exactly the word out of the page text, boxes on
// the page, and reading order top to bottom.
TEST(ExtractText, WordBoxesSpanThePageText) {
    const fs::path pdf = corpus_file("sec-10q/docs/2023 Q3 AAPL.pdf");
    const ExtractedDocument doc = extract_document(pdf.string(), text_only());
    ASSERT_EQ(doc.error, ExtractError::None) << doc.error_message;
    size_t checked = 0;
    for (const ExtractedPage& p : doc.pages) {
        EXPECT_EQ(p.source, p.text.empty() ? PageSource::Empty : PageSource::TextLayer);
        EXPECT_EQ(p.ocr_confidence, -1.0f);
        size_t non_space = 0;
        for (char c : p.text) non_space += !std::isspace(static_cast<unsigned char>(c));
        size_t covered = 0;
        uint32_t prev_end = 0;
        for (const WordBox& w : p.words) {
            ASSERT_LE(w.start, w.end);
            ASSERT_LE(w.end, p.text.size());
            EXPECT_GE(w.start, prev_end) << "word spans overlap or go backwards";
            prev_end = w.end;
            const std::string_view word(p.text.data() + w.start, w.end - w.start);
            EXPECT_EQ(word.find_first_of(" \n"), std::string_view::npos) << word;
            covered += word.size();
            EXPECT_GE(w.x, -1);
            EXPECT_GE(w.y, -1);
            EXPECT_LE(w.x + w.w, p.width_pt + 1);
            EXPECT_LE(w.y + w.h, p.height_pt + 1);
            EXPECT_GT(w.w, 0);
            EXPECT_GT(w.h, 0);
            ++checked;
        }
        EXPECT_EQ(covered, non_space) << "page " << p.number << ": every visible byte belongs to one word box";
    }
    EXPECT_GT(checked, 5000u);
    // The box of "Total current assets" row's label sits left of its numbers on the same baseline.
    const ExtractedPage& bs = doc.pages.at(5);  // balance sheet, page 6
    const size_t at = bs.text.find("Total current assets");
    ASSERT_NE(at, std::string::npos);
    const size_t num = bs.text.find("122,659", at);
    ASSERT_NE(num, std::string::npos);
    const WordBox *label_box = nullptr, *num_box = nullptr;
    for (const WordBox& w : bs.words) {
        if (w.start == at) label_box = &w;
        if (w.start == num) num_box = &w;
    }
    ASSERT_TRUE(label_box && num_box);
    EXPECT_LT(label_box->x + label_box->w, num_box->x);
    EXPECT_NEAR(label_box->y + label_box->h, num_box->y + num_box->h, 2.0);
}

// Russian RAS statement with a Cyrillic text layer.
TEST(ExtractText, CyrillicTextLayer) {
    const fs::path pdf = corpus_file("ru/amurcabel3months.pdf");
    ExtractOptions o;  // default: OCR allowed, but every page has a good text layer
    const ExtractedDocument doc = extract_document(pdf.string(), o);
    ASSERT_EQ(doc.error, ExtractError::None) << doc.error_message;
    ASSERT_EQ(doc.pages.size(), 3u);
    for (auto& p : doc.pages) EXPECT_EQ(p.source, PageSource::TextLayer) << "page " << p.number;
    const std::string& p1 = doc.pages[0].text;
    EXPECT_NE(p1.find("Бухгалтерский баланс"), std::string::npos);
    EXPECT_NE(p1.find("АМУРКАБЕЛЬ"), std::string::npos);
    // RAS rows: name, line code and the three period columns on one line.
    EXPECT_TRUE(has_row_on_one_line(p1, {"Основные средства", {"1150", "1", "054", "1", "054", "1", "054"}})) << p1;
    EXPECT_TRUE(has_row_on_one_line(p1, {"Запасы", {"1210", "37", "379", "37", "379", "37", "379"}})) << p1;
    EXPECT_TRUE(has_row_on_one_line(p1, {"Дебиторская задолженность", {"1230", "42", "883", "43", "091", "42", "859"}})) << p1;
    const Recall r = word_recall(pdftotext_pages(pdf), doc);
    EXPECT_GE(r.ratio(), 0.99) << worst_missing(r);
}
