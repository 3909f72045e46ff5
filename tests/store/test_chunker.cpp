// The chunker: spans map back to the page text exactly, budgets hold, cuts prefer paragraph,
// sentence and row boundaries, table rows stay whole, consecutive chunks overlap.
#include <gtest/gtest.h>

#include <sstream>

#include "docs-ingest/chunker.h"

using namespace perimeter::ingest;

namespace {

// Counts whitespace-separated words: an exact, additive stand-in for an engine tokenizer.
class WordCounter : public TokenCounter {
public:
    size_t count(std::string_view t) const override {
        size_t n = 0;
        bool in = false;
        for (char c : t) {
            bool sp = c == ' ' || c == '\n' || c == '\t';
            if (!sp && !in) ++n;
            in = !sp;
        }
        return n;
    }
};

std::string english_page() {
    std::ostringstream s;
    s << "Management's discussion and analysis of financial condition.\n";
    for (int p = 0; p < 6; ++p) {
        for (int i = 0; i < 5; ++i)
            s << "Revenue in segment " << p << " grew by " << (i + 3) << " percent as demand rose across\nregions and products. ";
        s << "\n\n";
    }
    s << "Net sales           81,797      82,959      304,182\n";
    s << "Cost of sales       45,384      47,074      170,782\n";
    s << "Gross margin        36,413      35,885      133,400\n\n";
    s << "Выручка компании выросла на 12 процентов. Чистая прибыль снизилась.\n";
    return s.str();
}

void expect_exact_spans(const std::vector<Chunk>& chunks, const std::string& page, int number) {
    for (const auto& c : chunks) {
        EXPECT_EQ(c.page, number);
        ASSERT_LE(c.end, page.size());
        ASSERT_LE(c.start, c.end);
        EXPECT_EQ(page.substr(c.start, c.end - c.start), c.text);
        EXPECT_FALSE(c.text.empty());
        EXPECT_FALSE(std::isspace(static_cast<unsigned char>(c.text.front())));
        EXPECT_FALSE(std::isspace(static_cast<unsigned char>(c.text.back())));
    }
}

}  // namespace

TEST(StoreChunker, SpansMapBackToThePageTextExactly) {
    const std::string page = english_page();
    WordCounter wc;
    ChunkerOptions o;
    o.max_tokens = 40;
    o.overlap_tokens = 8;
    Chunker ch(o, &wc);
    auto chunks = ch.chunk_page(7, page);
    ASSERT_GT(chunks.size(), 5u);
    expect_exact_spans(chunks, page, 7);
    // Budget holds (the counter is additive) and every word of the page is in some chunk.
    for (auto& c : chunks) EXPECT_LE(c.token_count, 40u) << c.text;
    std::vector<bool> covered(page.size(), false);
    for (auto& c : chunks)
        for (size_t i = c.start; i < c.end; ++i) covered[i] = true;
    for (size_t i = 0; i < page.size(); ++i)
        if (!std::isspace(static_cast<unsigned char>(page[i]))) {
            ASSERT_TRUE(covered[i]) << "byte " << i << " in no chunk";
        }
    // Chunks advance, and consecutive ones overlap (a little) where a boundary allowed it.
    size_t overlaps = 0;
    for (size_t i = 1; i < chunks.size(); ++i) {
        EXPECT_GT(chunks[i].start, chunks[i - 1].start);
        EXPECT_GT(chunks[i].end, chunks[i - 1].end);
        if (chunks[i].start < chunks[i - 1].end) {
            ++overlaps;
            EXPECT_LE(wc.count(page.substr(chunks[i].start, chunks[i - 1].end - chunks[i].start)), 8u);
        }
    }
    EXPECT_GT(overlaps, 0u);
}

TEST(StoreChunker, CutsAtParagraphsAndSentencesAndKeepsRowsWhole) {
    const std::string page = english_page();
    WordCounter wc;
    ChunkerOptions o;
    o.max_tokens = 40;
    o.overlap_tokens = 0;
    Chunker ch(o, &wc);
    auto chunks = ch.chunk_page(1, page);
    for (size_t i = 0; i + 1 < chunks.size(); ++i) {
        // Without overlap, every chunk ends at the end of a sentence or a line (never mid-sentence
        // when a sentence end fits in the budget, which it always does here).
        char last = chunks[i].text.back();
        bool line_end = chunks[i].end == page.size() || page[chunks[i].end] == '\n';
        EXPECT_TRUE(last == '.' || line_end) << "chunk " << i << " ends mid-sentence: ..."
                                              << chunks[i].text.substr(chunks[i].text.size() > 30 ? chunks[i].text.size() - 30 : 0);
    }
    // Each table row lies wholly inside one chunk.
    for (const char* row : {"Net sales           81,797      82,959      304,182", "Cost of sales       45,384      47,074      170,782"}) {
        size_t a = page.find(row), b = a + std::string(row).size();
        bool whole = false;
        for (auto& c : chunks) {
            bool intersects = c.start < b && c.end > a;
            if (intersects) {
                EXPECT_TRUE(c.start <= a && c.end >= b) << "row cut: " << row << " / chunk: " << c.text;
            }
            whole = whole || (c.start <= a && c.end >= b);
        }
        EXPECT_TRUE(whole) << row;
    }
    // The table follows a paragraph break past the budget: the cut is made there, and the
    // last chunk (table and the Russian paragraph fit together) ends the page.
    size_t table = page.find("Net sales");
    bool starts = false;
    for (auto& c : chunks) starts = starts || c.start == table;
    EXPECT_TRUE(starts);
    EXPECT_EQ(chunks.back().end, page.find_last_not_of('\n') + 1);
}

TEST(StoreChunker, DocumentChunksNeverCrossPages) {
    ExtractedDocument d;
    for (int i = 1; i <= 3; ++i) {
        ExtractedPage p;
        p.number = i;
        p.text = i == 2 ? "" : english_page();
        d.pages.push_back(p);
    }
    Chunker ch;  // defaults: ApproxTokenCounter, 256 tokens
    auto chunks = ch.chunk_document(d);
    ASSERT_FALSE(chunks.empty());
    for (auto& c : chunks) {
        ASSERT_NE(c.page, 2);  // the empty page gives none
        expect_exact_spans({c}, d.pages[static_cast<size_t>(c.page - 1)].text, c.page);
        EXPECT_LE(c.token_count, 256u + 8u);  // approximate counter: whole-text estimate vs word sums
    }
    EXPECT_TRUE(Chunker().chunk_page(1, " \n\n \t").empty());
}

TEST(StoreChunker, ApproximateCounterIsTheStatedRule) {
    ApproxTokenCounter a;
    EXPECT_EQ(a.count(""), 0u);
    EXPECT_EQ(a.count("   \n"), 0u);
    EXPECT_EQ(a.count("a"), 1u);
    EXPECT_EQ(a.count("revenue"), 2u);            // 7 Latin characters / 4
    EXPECT_EQ(a.count("net revenue 2023"), 4u);   // 14 non-space / 4 = 3.5
    EXPECT_EQ(a.count("выручка"), 4u);            // 7 Cyrillic letters / 2 = 3.5
    EXPECT_EQ(a.count("выручка выросла"), 7u);    // 14 / 2
}

TEST(StoreChunker, AnOverlongRowIsStillSplitAndProgressIsMade) {
    std::string row;
    for (int i = 0; i < 300; ++i) row += std::to_string(1000 + i) + "   ";
    WordCounter wc;
    ChunkerOptions o;
    o.max_tokens = 50;
    o.overlap_tokens = 10;
    auto chunks = Chunker(o, &wc).chunk_page(1, row);
    ASSERT_GE(chunks.size(), 6u);
    expect_exact_spans(chunks, row, 1);
    for (auto& c : chunks) EXPECT_LE(c.token_count, 50u);
}

// The approximate counter is summed per word through a shortcut for ASCII words; a counter
// that only delegates to it (so the chunker cannot take the shortcut) must cut the same chunks
// with the same counts, on mixed text: ASCII, Cyrillic, NBSP, curly quotes, emoji, stray bytes.
TEST(StoreChunker, ApproximateShortcutCutsAsTheCounterItself) {
    struct Delegating : TokenCounter {
        ApproxTokenCounter inner;
        size_t count(std::string_view t) const override { return inner.count(t); }
    } delegating;
    const char* pieces[] = {" ", "  ", "\n", "\n\n", "\t", "\r", "word", "Inc.", "U.S.", "end.", "Why?", "\"quoted.\"",
                            "(note.)", "1,234", "(5.6)", "$", "выручка", "млн.", "\xC2\xA0", "\xE2\x80\xA6",
                            "\xE2\x80\x9D", "J.", "Revenue", "\xF0\x9F\x98\x80", "\x80", "x\x01y",
                            "abcdefghijklmnopqrstuvwxyz0123456789", "end.\xE2\x80\x9D", "Ё"};
    uint32_t seed = 7;
    auto next = [&seed] { return seed = seed * 1664525u + 1013904223u, seed >> 8; };
    std::vector<std::string> pages = {english_page()};
    for (int i = 0; i < 300; ++i) {
        std::string t;
        for (uint32_t k = 0, len = next() % 400; k < len; ++k) t += pieces[next() % (sizeof pieces / sizeof pieces[0])];
        pages.push_back(t);
    }
    size_t chunks = 0;
    for (uint32_t max : {12u, 40u, 128u}) {
        ChunkerOptions o;
        o.max_tokens = max;
        o.overlap_tokens = max / 4;
        const Chunker fast(o), slow(o, &delegating);
        for (const auto& p : pages) {
            const auto a = fast.chunk_page(1, p), b = slow.chunk_page(1, p);
            ASSERT_EQ(a.size(), b.size());
            for (size_t i = 0; i < a.size(); ++i) {
                EXPECT_EQ(a[i].start, b[i].start);
                EXPECT_EQ(a[i].end, b[i].end);
                EXPECT_EQ(a[i].token_count, b[i].token_count);
            }
            chunks += a.size();
        }
    }
    EXPECT_GT(chunks, 1000u);
}
