// OCR of a real 200-dpi colour scan (ru/ant2.pdf: RAS balance sheet on pages 1-2, income
// statement on page 3) through the helper process: every line code and every value, read by
// hand off the page images (pdftoppm -r 150, viewed by a person), must come out; so must the
// same pages turned by 90/180/270 degrees and saved as PNG / multi-page TIFF (rendered with
// poppler at the scan's 200 dpi and turned with leptonica's pixRotateOrth at test time).
// Default run: the 4-page PDF, one PNG turned 90, a 2-page TIFF (one page turned 180), and a
// mixed text/scan/garbage PDF.
// EXTRACT_FULL (test extract_ocr_full, label `full`): every page at every rotation.
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <fstream>
#include <iterator>
#include <map>

#include "docs-ingest/extract_client.h"
#include "docs-ingest/extractor.h"
#include "docs-ingest/pdf_source.h"
#include "tests/extract/extract_test_util.h"

using namespace perimeter::ingest;
using namespace perimeter::test;

namespace {

// Line code -> values in the period columns; "-" is an empty cell (a dash on the page).
using RasTable = std::map<int, std::vector<std::string>>;

const RasTable kBalanceAssets = {  // page 1: 30.09.2024, 31.12.2023, 31.12.2022
    {1110, {"-", "-", "-"}}, {1120, {"-", "-", "-"}}, {1130, {"-", "-", "-"}}, {1140, {"-", "-", "-"}},
    {1150, {"9212361", "7364756", "5346995"}}, {1160, {"29156", "3671", "-"}}, {1170, {"-", "-", "-"}},
    {1180, {"465364", "63035", "63035"}}, {1190, {"-", "-", "-"}}, {1100, {"9706881", "7431462", "5410030"}},
    {1210, {"5837008", "4435084", "2799329"}}, {1220, {"2826", "121737", "77348"}},
    {1230, {"7895018", "6337635", "3100502"}}, {1240, {"-", "-", "-"}}, {1250, {"468657", "773879", "383527"}},
    {1260, {"44449", "17", "1618"}}, {1200, {"14247958", "11668351", "6362324"}},
    {1600, {"23954839", "19099813", "11772353"}},
};
const RasTable kBalanceLiabilities = {  // page 2
    {1310, {"1128", "1128", "1128"}}, {1320, {"-", "-", "-"}}, {1340, {"-", "-", "-"}}, {1350, {"-", "-", "-"}},
    {1360, {"-", "-", "-"}}, {1370, {"2207298", "1983316", "1340092"}}, {1300, {"2208425", "1984444", "1341220"}},
    {1410, {"9313511", "7694092", "1492531"}}, {1420, {"615007", "-", "-"}}, {1430, {"-", "-", "-"}},
    {1450, {"1476733", "1294249", "1388964"}}, {1400, {"11405252", "8988340", "2881495"}},
    {1510, {"3396549", "3461412", "3798027"}}, {1520, {"6769232", "4490235", "3353610"}}, {1530, {"-", "-", "-"}},
    {1540, {"175382", "175382", "398001"}}, {1550, {"-", "-", "-"}}, {1500, {"10341162", "8127029", "7549638"}},
    {1700, {"23954839", "19099813", "11772353"}},
};
const RasTable kIncome = {  // page 3: 9 months 2024, 9 months 2023; brackets are negatives
    {2110, {"15826573", "13467839"}}, {2120, {"12165760", "11511676"}}, {2100, {"3660813", "1956163"}},
    {2210, {"1429562", "927482"}}, {2220, {"362476", "222081"}}, {2200, {"1868775", "806600"}},
    {2320, {"52427", "-"}}, {2330, {"1890489", "530713"}}, {2340, {"1303881", "1239371"}},
    {2350, {"834505", "1041530"}}, {2300, {"500089", "473728"}}, {2410, {"278369", "85304"}},
    {2460, {"2262", "-"}}, {2400, {"223982", "388424"}},
};

const RasTable& table_for_page(int page) {
    static const RasTable none;
    return page == 1 ? kBalanceAssets : page == 2 ? kBalanceLiabilities : page == 3 ? kIncome : none;
}

// Asserts every code of the table and every non-empty value on its row.
int expect_table(const std::string& text, const RasTable& table, const std::string& what) {
    int misses = 0;
    for (const auto& [code, values] : table) {
        bool found = false;
        const std::vector<std::string> got = ras_row_values(text, code, &found);
        EXPECT_TRUE(found) << what << ": line code " << code << " not found";
        misses += !found;
        for (const std::string& v : values) {
            if (v == "-") continue;
            const bool ok = std::find(got.begin(), got.end(), v) != got.end();
            EXPECT_TRUE(ok) << what << ": line " << code << " lacks value " << v;
            misses += !ok;
        }
    }
    if (misses) ADD_FAILURE() << what << " text:\n" << text;
    return misses;
}

ExtractOptions helper_opts() {
    ExtractOptions o;
    o.helper_path = (bin_dir() / "perimeter-extract").string();
    EXPECT_TRUE(fs::exists(o.helper_path)) << "build perimeter-extract first: " << o.helper_path;
    o.threads = 2;
    return o;
}

struct PixPtr {
    Pix* p = nullptr;
    ~PixPtr() { if (p) pixDestroy(&p); }
};

std::string read_all(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

// ant2.pdf page `page` (1-based) as the 200-dpi grey scan, turned clockwise by `deg`.
Pix* scan_page(int page, int deg) {
    static const std::string bytes = read_all(corpus_file("ru/ant2.pdf"));
    ExtractError err;
    std::string why;
    auto src = PdfSource::open(bytes, "", &err, &why);
    EXPECT_TRUE(src) << why;
    if (!src) return nullptr;
    PixPtr upright{src->render_gray(page - 1, 200)};
    if (!upright.p) return nullptr;
    Pix* turned = pixRotateOrth(upright.p, deg / 90);
    pixSetResolution(turned, 200, 200);
    return turned;
}

// Writes pages (page, degrees) into one multi-page TIFF.
fs::path write_tiff(const std::string& name, const std::vector<std::pair<int, int>>& pages) {
    const fs::path out = out_dir() / name;
    fs::remove(out);
    const char* mode = "w";
    for (auto [page, deg] : pages) {
        PixPtr pix{scan_page(page, deg)};
        EXPECT_TRUE(pix.p);
        if (!pix.p) continue;
        EXPECT_EQ(pixWriteTiff(out.c_str(), pix.p, IFF_TIFF_ZIP, mode), 0);
        mode = "a";
    }
    return out;
}

const WordBox* find_word(const ExtractedPage& p, const std::string& w) {
    for (const WordBox& b : p.words)
        if (p.text.compare(b.start, b.end - b.start, w) == 0) return &b;
    return nullptr;
}

// The box of `word` found on the turned page equals the upright box turned the same way.
[[maybe_unused]] void expect_box_turned(const ExtractedPage& upright, const ExtractedPage& turned, int deg, const std::string& word) {
    const WordBox* a = find_word(upright, word);
    const WordBox* b = find_word(turned, word);
    ASSERT_TRUE(a && b) << word;
    const float W = upright.width_pt, H = upright.height_pt;
    float x0 = a->x, y0 = a->y, x1 = a->x + a->w, y1 = a->y + a->h, ex0, ey0, ex1, ey1;
    switch (deg) {  // a clockwise turn maps (x, y) to (H - y, x), twice: (W - x, H - y)
    case 90: ex0 = H - y1; ex1 = H - y0; ey0 = x0; ey1 = x1; break;
    case 180: ex0 = W - x1; ex1 = W - x0; ey0 = H - y1; ey1 = H - y0; break;
    default: ex0 = y0; ex1 = y1; ey0 = W - x1; ey1 = W - x0; break;
    }
    const float tol = 4;  // points; OCR boxes of the two images differ by a pixel or two
    EXPECT_NEAR(b->x, ex0, tol) << word << " at " << deg;
    EXPECT_NEAR(b->y, ey0, tol) << word << " at " << deg;
    EXPECT_NEAR(b->x + b->w, ex1, tol) << word << " at " << deg;
    EXPECT_NEAR(b->y + b->h, ey1, tol) << word << " at " << deg;
}

[[maybe_unused]] const ExtractedDocument& upright_doc() {
    static const ExtractedDocument doc = [] {
        std::vector<std::pair<int, int>> seen;
        ExtractedDocument d = extract_isolated(corpus_file("ru/ant2.pdf").string(), helper_opts(),
                                               [&](int k, int n) { seen.push_back({k, n}); });
        // Progress is per page: (0,4) when open, then (1,4) .. (4,4).
        EXPECT_EQ(seen.size(), 5u);
        if (!seen.empty()) {
            EXPECT_EQ(seen.back(), std::make_pair(4, 4));
        }
        return d;
    }();
    return doc;
}

// A mixed PDF built at test time: page 1 a text page, page 2 the scanned balance sheet
// (ant2.pdf's page-1 JPEG, copied byte for byte) under a thin text layer ("Scan 2"), page 3
// Helvetica text whose ToUnicode map sends every code to the private use area (glyph
// garbage, as from a font without a usable Unicode map).
[[maybe_unused]] std::string build_mixed_pdf() {
    const std::string src = read_all(corpus_file("ru/ant2.pdf"));
    const size_t dict = src.find("/DCTDecode");
    const size_t st = src.find("stream\n", dict);
    const size_t en = src.find("endstream", st);
    EXPECT_TRUE(dict != std::string::npos && st != std::string::npos && en != std::string::npos);
    std::string jpeg = src.substr(st + 7, en - st - 7);
    while (!jpeg.empty() && (jpeg.back() == '\n' || jpeg.back() == '\r')) jpeg.pop_back();
    EXPECT_EQ(jpeg.substr(0, 3), "\xFF\xD8\xFF");
    auto stream = [](const std::string& dict_body, const std::string& data) {
        return "<< " + dict_body + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream";
    };
    const std::string text1 =
        "BT /F1 14 Tf 72 720 Td (Revenue for the quarter was 1,234 million dollars.) Tj 0 -20 Td "
        "(Operating income rose to 456 million dollars.) Tj ET";
    const std::string cmap =
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /PUA def "
        "1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <00> <FF> <E000> endbfrange "
        "endcmap CMapName currentdict /CMap defineresource pop end end";
    const std::vector<std::string> objs = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 6 0 R 9 0 R] /Count 3 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        stream("", text1),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.08 841.68] /Contents 8 0 R "
        "/Resources << /XObject << /Im0 7 0 R >> /Font << /F1 5 0 R >> >> >>",
        stream("/Type /XObject /Subtype /Image /Width 1653 /Height 2338 /BitsPerComponent 8 /ColorSpace /DeviceRGB "
               "/Filter /DCTDecode", jpeg),
        stream("", "q 595.08 0 0 841.68 0 0 cm /Im0 Do Q BT /F1 8 Tf 20 12 Td (Scan 2) Tj ET"),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 10 0 R /Resources << /Font << /F2 11 0 R >> >> >>",
        stream("", "BT /F2 28 Tf 72 700 Td (Quarterly revenue grew) Tj 0 -40 Td (Net income 2,415) Tj ET"),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 12 0 R >>",
        stream("", cmap),
    };
    std::string out = "%PDF-1.4\n";
    std::vector<size_t> offs;
    for (size_t i = 0; i < objs.size(); ++i) {
        offs.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
    }
    const size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objs.size() + 1) + "\n0000000000 65535 f \n";
    for (size_t o : offs) {
        char line[32];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
        out += line;
    }
    out += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) +
           "\n%%EOF\n";
    return out;
}

}  // namespace

#ifndef EXTRACT_FULL
// Page by page: text layer kept, thin layer over a scan replaced by OCR, garbage layer OCR'd.
TEST(ExtractOcr, MixedPdfPageByPage) {
    const fs::path pdf = out_dir() / "mixed_text_scan_garbage.pdf";
    std::ofstream(pdf, std::ios::binary) << build_mixed_pdf();
    const ExtractedDocument doc = extract_isolated(pdf.string(), helper_opts());
    ASSERT_EQ(doc.error, ExtractError::None) << doc.error_message;
    ASSERT_EQ(doc.pages.size(), 3u);
    EXPECT_EQ(doc.pages[0].source, PageSource::TextLayer);
    EXPECT_NE(doc.pages[0].text.find("Revenue for the quarter was 1,234 million dollars."), std::string::npos)
        << doc.pages[0].text;
    EXPECT_EQ(doc.pages[1].source, PageSource::Ocr) << "a 6-letter text layer over a scan is too thin to keep";
    expect_table(doc.pages[1].text, kBalanceAssets, "mixed PDF page 2 (scan)");
    EXPECT_EQ(doc.pages[2].source, PageSource::Ocr) << "private-use text layer is garbage";
    EXPECT_NE(doc.pages[2].text.find("Quarterly revenue grew"), std::string::npos) << doc.pages[2].text;
    EXPECT_NE(doc.pages[2].text.find("2,415"), std::string::npos) << doc.pages[2].text;
    EXPECT_EQ(doc.pages[2].text.find("\xEE\x80"), std::string::npos) << "no private-use code points left";
}
#endif

#ifndef EXTRACT_FULL
TEST(ExtractOcr, ScannedPdfReadsEveryLineCodeAndValue) {
    const ExtractedDocument& doc = upright_doc();
    ASSERT_EQ(doc.error, ExtractError::None) << doc.error_message;
    ASSERT_EQ(doc.pages.size(), 4u);
    EXPECT_EQ(doc.meta.page_count, 4);
    for (const ExtractedPage& p : doc.pages) {
        EXPECT_EQ(p.source, PageSource::Ocr) << "page " << p.number << " has no text layer";
        EXPECT_EQ(p.rotation, 0);
        EXPECT_GT(p.ocr_confidence, 80) << "page " << p.number;
        EXPECT_NEAR(p.width_pt, 595.08, 0.5);
        EXPECT_NEAR(p.height_pt, 841.68, 0.5);
        EXPECT_GT(p.words.size(), p.number == 4 ? 40u : 150u);  // page 4: signatures only
    }
    // Readable Russian, not transliteration noise.
    EXPECT_NE(doc.pages[0].text.find("Бухгалтерский баланс"), std::string::npos) << doc.pages[0].text;
    EXPECT_NE(doc.pages[0].text.find("Основные средства"), std::string::npos);
    EXPECT_NE(doc.pages[0].text.find("Дебиторская задолженность"), std::string::npos);
    EXPECT_NE(doc.pages[1].text.find("Кредиторская задолженность"), std::string::npos);
    EXPECT_NE(doc.pages[2].text.find("Отчет о финансовых результатах"), std::string::npos);
    for (int page = 1; page <= 3; ++page)
        expect_table(doc.pages[page - 1].text, table_for_page(page), "ant2.pdf page " + std::to_string(page));
    // A row's label, code and values share one line.
    bool one_line = false;
    for (const std::string& l : split_lines(doc.pages[0].text))
        one_line |= l.find("Основные средства") != std::string::npos && l.find("1150") != std::string::npos &&
                    l.find("5 346 995") != std::string::npos;
    EXPECT_TRUE(one_line) << doc.pages[0].text;
}

TEST(ExtractOcr, PngTurned90) {
    const fs::path png = out_dir() / "ant2_p1_rot90.png";
    {
        PixPtr pix{scan_page(1, 90)};
        ASSERT_TRUE(pix.p);
        ASSERT_EQ(pixWrite(png.c_str(), pix.p, IFF_PNG), 0);
    }
    const ExtractedDocument doc = extract_isolated(png.string(), helper_opts());
    ASSERT_EQ(doc.error, ExtractError::None) << doc.error_message;
    ASSERT_EQ(doc.pages.size(), 1u);
    const ExtractedPage& p = doc.pages[0];
    EXPECT_EQ(p.source, PageSource::Ocr);
    EXPECT_EQ(p.rotation, 270) << "turning the page back upright is 270 degrees clockwise";
    EXPECT_NEAR(p.width_pt, 841.68, 1);  // landscape now
    EXPECT_NEAR(p.height_pt, 595.08, 1);
    expect_table(p.text, kBalanceAssets, "page 1 turned 90");
    const ExtractedDocument& up = upright_doc();
    ASSERT_EQ(up.error, ExtractError::None);
    for (const char* w : {"1600", "1150", "БАЛАНС"}) expect_box_turned(up.pages[0], p, 90, w);
}

TEST(ExtractOcr, MultiPageTiffTurned180AndUpright) {
    const fs::path tif = write_tiff("ant2_rot180_p3.tif", {{2, 180}, {3, 0}});
    const ExtractedDocument doc = extract_isolated(tif.string(), helper_opts());
    ASSERT_EQ(doc.error, ExtractError::None) << doc.error_message;
    ASSERT_EQ(doc.pages.size(), 2u);
    EXPECT_EQ(doc.meta.page_count, 2);
    EXPECT_EQ(doc.pages[0].rotation, 180);
    EXPECT_EQ(doc.pages[1].rotation, 0);
    expect_table(doc.pages[0].text, kBalanceLiabilities, "TIFF page 1 (ant2 p2 turned 180)");
    expect_table(doc.pages[1].text, kIncome, "TIFF page 2 (ant2 p3 upright)");
    const ExtractedDocument& up = upright_doc();
    ASSERT_EQ(up.error, ExtractError::None);
    expect_box_turned(up.pages[1], doc.pages[0], 180, "1700");
}

#else
// Every page of the scan at every rotation, one TIFF per rotation.
TEST(ExtractOcrFull, RotationMatrix) {
    for (int deg : {90, 180, 270}) {
        const fs::path tif = write_tiff("ant2_all_rot" + std::to_string(deg) + ".tif", {{1, deg}, {2, deg}, {3, deg}, {4, deg}});
        const ExtractedDocument doc = extract_isolated(tif.string(), helper_opts());
        ASSERT_EQ(doc.error, ExtractError::None) << doc.error_message;
        ASSERT_EQ(doc.pages.size(), 4u);
        for (int page = 1; page <= 4; ++page) {
            EXPECT_EQ(doc.pages[page - 1].rotation, (360 - deg) % 360) << "page " << page << " turned " << deg;
            expect_table(doc.pages[page - 1].text, table_for_page(page),
                         "page " + std::to_string(page) + " turned " + std::to_string(deg));
        }
    }
}

// In-process path (the helper runs this): OCR forced on a text PDF page still reads it.
TEST(ExtractOcrFull, ForcedOcrOnTextPagesInProcess) {
    const fs::path pdf = corpus_file("ru/amurcabel3months.pdf");
    ExtractOptions o;
    o.ocr = OcrMode::Always;
    o.threads = 1;
    // First page only would be nicer; the file has 3 short pages.
    const ExtractedDocument doc = extract_document(pdf.string(), o);
    ASSERT_EQ(doc.error, ExtractError::None) << doc.error_message;
    ASSERT_EQ(doc.pages.size(), 3u);
    EXPECT_EQ(doc.pages[0].source, PageSource::Ocr);
    EXPECT_NE(doc.pages[0].text.find("Бухгалтерский баланс"), std::string::npos) << doc.pages[0].text;
    bool found = false;
    const auto vals = ras_row_values(doc.pages[0].text, 1230, &found);
    EXPECT_TRUE(found);
    for (const char* v : {"42883", "43091", "42859"})
        EXPECT_NE(std::find(vals.begin(), vals.end(), v), vals.end()) << v << "\n" << doc.pages[0].text;
}
#endif
