// Unit tests of the pieces under the extractor: line grouping and spacing (layout_page), the
// text-quality heuristic that sends pages to OCR, and the helper's wire format.
#include <gtest/gtest.h>

#include "docs-ingest/extract_wire.h"
#include "docs-ingest/layout.h"
#include "docs-ingest/pdf_text_quality.h"

using namespace perimeter::ingest;

namespace {

LayoutWord word(const std::string& t, float x, float y, float w, float h = 10, bool space_after = true) {
    LayoutWord lw;
    lw.text = t;
    lw.x0 = x; lw.y0 = y; lw.x1 = x + w; lw.y1 = y + h;
    lw.space_after = space_after;
    return lw;
}

}  // namespace

// A statement row: label at the left, numbers far right, given in scrambled order and with
// the numbers' baseline a little lower than the label's: one line, label first.
TEST(ExtractLayout, RowLabelAndNumbersShareALine) {
    std::vector<LayoutWord> w = {
        word("135,405", 500, 101.5, 30), word("Total", 50, 100, 20), word("122,659", 420, 101, 30),
        word("assets", 130, 100, 25), word("current", 75, 100, 50),
        word("Cash", 50, 120, 20), word("5,000", 420, 120, 22),
    };
    const LayoutResult r = layout_page(w);
    const auto nl = r.text.find('\n');
    ASSERT_NE(nl, std::string::npos);
    const std::string first = r.text.substr(0, nl);
    EXPECT_EQ(first.rfind("Total current assets", 0), 0u) << first;
    EXPECT_NE(first.find("122,659"), std::string::npos);
    EXPECT_LT(first.find("122,659"), first.find("135,405"));
    EXPECT_EQ(r.text.substr(nl + 1).rfind("Cash", 0), 0u) << r.text;
    // Gaps become spaces in proportion: the wide gap before the numbers is many spaces.
    EXPECT_NE(first.find("assets     "), std::string::npos) << first;
    EXPECT_NE(first.find("Total current"), std::string::npos) << first;
    ASSERT_EQ(r.words.size(), w.size());
    for (const WordBox& b : r.words) EXPECT_EQ(r.text.substr(b.start, b.end - b.start).find(' '), std::string::npos);
}

TEST(ExtractLayout, SkewedRowStaysTogether) {
    // A scan turned by ~1 degree: the row drifts 6 pt over 400 pt, more than half its height
    // between its first and last words, but each neighbour overlaps the previous one.
    std::vector<LayoutWord> w;
    for (int i = 0; i < 9; ++i) w.push_back(word("w" + std::to_string(i), 50.f + 45.f * i, 100.f + 0.75f * i, 30));
    w.push_back(word("next", 50, 115, 30));
    const LayoutResult r = layout_page(w);
    EXPECT_EQ(r.text.substr(0, r.text.find('\n')).find("w8"), r.text.find("w8"));
    EXPECT_NE(r.text.find("w0 "), std::string::npos);
    EXPECT_NE(r.text.find("\nnext"), std::string::npos) << r.text;
}

TEST(ExtractLayout, GlueAndSuperscripts) {
    std::vector<LayoutWord> w = {
        word("9", 100, 100, 5, 10, false), word("%", 105.5, 100, 7),                  // "9%"
        word("1", 10, 140, 3, 5, false), word("Please", 13.5, 140, 30),              // footnote marker
        word("Intel", 10, 160, 20, 10, false), word("®", 30.2, 160, 4, 5),           // superscript after
    };
    const LayoutResult r = layout_page(w);
    EXPECT_NE(r.text.find("9%"), std::string::npos) << r.text;
    EXPECT_NE(r.text.find("1 Please"), std::string::npos) << r.text;
    EXPECT_NE(r.text.find("Intel®"), std::string::npos) << r.text;
}

TEST(ExtractLayout, ParagraphGapAndRotatedText) {
    std::vector<LayoutWord> w = {word("one", 10, 10, 20), word("two", 10, 22, 20), word("three", 10, 60, 30)};
    LayoutWord side = word("margin", 580, 300, 10, 40);
    side.rotation = 3;  // reads bottom to top
    w.push_back(side);
    const LayoutResult r = layout_page(w);
    EXPECT_EQ(r.text, "one\ntwo\n\nthree\n\nmargin");
}

TEST(ExtractQuality, Heuristic) {
    EXPECT_FALSE(measure_text("Total current assets 122,659 135,405").garbage());
    EXPECT_FALSE(measure_text("Основные средства 1150 9 212 361 (1 429 562)").garbage());
    EXPECT_EQ(measure_text("Итого").alnum, 5);
    // Glyph garbage from fonts without a Unicode map: private use, U+FFFD, punctuation runs.
    EXPECT_TRUE(measure_text("\uE001\uE002\uE003\uE004\uE005 \uE006\uE007\uE008\uE009").garbage());
    EXPECT_TRUE(measure_text("\uFFFD\uFFFD\uFFFDab\uFFFD\uFFFD\uFFFD cd").garbage());
    EXPECT_TRUE(measure_text("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~!\"#$%&'").garbage());
    EXPECT_TRUE(measure_text(std::string("ab\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c", 12)).garbage());
    EXPECT_TRUE(measure_text("\xff\xfe\xfd bad utf8 \xc3").garbage());
    EXPECT_FALSE(measure_text("").garbage());
}

TEST(ExtractWire, RoundTripAndRejectsDamage) {
    ExtractedPage p;
    p.number = 7;
    p.text = "Выручка 2110  15 826 573";
    p.source = PageSource::Ocr;
    p.ocr_confidence = 91.5f;
    p.rotation = 270;
    p.width_pt = 595.08f;
    p.height_pt = 841.68f;
    p.words = {{1, 2, 3, 4, 0, 14}, {5, 6, 7, 8, 15, 19}};
    const std::string bytes = wire::frame(wire::FrameType::Page, wire::encode(p));
    wire::FrameReader rd;
    rd.feed(bytes.data(), bytes.size() - 1);  // incomplete: no frame yet
    wire::FrameType t;
    std::string payload;
    EXPECT_FALSE(rd.next(&t, &payload));
    rd.feed(bytes.data() + bytes.size() - 1, 1);
    ASSERT_TRUE(rd.next(&t, &payload));
    EXPECT_EQ(t, wire::FrameType::Page);
    ExtractedPage q;
    ASSERT_TRUE(wire::decode(payload, &q));
    EXPECT_EQ(q.text, p.text);
    EXPECT_EQ(q.rotation, 270);
    EXPECT_EQ(q.words.size(), 2u);
    EXPECT_EQ(q.words[1].end, 19u);
    EXPECT_FLOAT_EQ(q.ocr_confidence, 91.5f);
    // Truncated payload, a span beyond the text, and an absurd frame length are refused.
    EXPECT_FALSE(wire::decode(std::string_view(payload).substr(0, payload.size() - 3), &q));
    ExtractedPage bad = p;
    bad.words[0].end = 999;
    EXPECT_FALSE(wire::decode(wire::encode(bad), &q));
    wire::FrameReader rd2;
    const char huge[] = {'\xff', '\xff', '\xff', '\xff', 3};
    rd2.feed(huge, sizeof huge);
    EXPECT_FALSE(rd2.next(&t, &payload));
    EXPECT_TRUE(rd2.bad());

    ExtractOptions o;
    o.password = "pw";
    o.ocr = OcrMode::Never;
    o.page_timeout_s = 2.5;
    ExtractOptions o2;
    std::string path;
    ASSERT_TRUE(wire::decode(wire::encode(o, "/x/y.pdf"), &o2, &path));
    EXPECT_EQ(path, "/x/y.pdf");
    EXPECT_EQ(o2.password, "pw");
    EXPECT_EQ(o2.ocr, OcrMode::Never);
    EXPECT_EQ(o2.page_timeout_s, 2.5);
    ExtractStatus s{ExtractError::Encrypted, "a.pdf: encrypted", {"w1", "w2"}}, s2;
    ASSERT_TRUE(wire::decode(wire::encode(s), &s2));
    EXPECT_EQ(s2.error, ExtractError::Encrypted);
    EXPECT_EQ(s2.warnings.size(), 2u);
}
