// Exported PDF renders (pdftoppm) and its text layer (pdftotext) carries the report's text and
// the footnoted citations; the Markdown matches.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "app/analysis/markdown_export.h"
#include "app/analysis/pdf_export.h"
#include "tests/common/test_env.h"

using namespace perimeter::analysis;

namespace {
std::string run(const std::string& cmd) {
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return out;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    pclose(p);
    return out;
}
}  // namespace

TEST(Export, PdfRendersWithTextAndFootnotes) {
    Report r;
    r.title = "Northwind Components plc: summary";
    r.language = "en";
    r.sections.push_back({"Results", {Claim{"Revenue rose 9.6% to GBP 1,284.6 million.", {Citation{1, "northwind.pdf", 1}}, {}},
                                      Claim{"Net debt fell to GBP 212.7 million.", {Citation{1, "northwind.pdf", 3}}, {}}}});
    r.sections.push_back({"Итоги (RU)", {Claim{"Выручка составила 1 926 540 тыс. руб.", {Citation{2, "volga.pdf", 2}}, {}}}});
    r.disclaimer = "This is not investment advice.";
    const auto dir = perimeter::test::out_dir() / "export";
    std::filesystem::create_directories(dir);
    const std::string pdf = (dir / "report.pdf").string();
    std::filesystem::remove(pdf);
    export_pdf(r, pdf);
    ASSERT_TRUE(std::filesystem::exists(pdf));
    // pdftotext keeps the layout's line breaks and column gaps: compare with whitespace collapsed.
    std::string text;
    for (char c : run("pdftotext '" + pdf + "' - 2>&1")) {
        const bool ws = c == ' ' || c == '\n' || c == '\t' || c == '\f';
        if (ws && (text.empty() || text.back() == ' ')) continue;
        text += ws ? ' ' : c;
    }
    EXPECT_NE(text.find("Northwind Components plc: summary"), std::string::npos) << text;
    EXPECT_NE(text.find("GBP 1,284.6 million"), std::string::npos) << text;
    EXPECT_NE(text.find("1 926 540"), std::string::npos) << text;
    EXPECT_NE(text.find("[1] northwind.pdf, p. 1"), std::string::npos) << text;
    EXPECT_NE(text.find("[2] northwind.pdf, p. 3"), std::string::npos) << text;
    EXPECT_NE(text.find("[3] volga.pdf, p. 2"), std::string::npos) << text;
    EXPECT_NE(text.find("not investment advice"), std::string::npos) << text;
    // It renders to a non-blank image.
    const std::string png = (dir / "report-page").string();
    run("pdftoppm -r 50 -png -f 1 -l 1 '" + pdf + "' '" + png + "'");
    bool rendered = false;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().filename().string().rfind("report-page", 0) == 0 && e.file_size() > 2000) rendered = true;
    EXPECT_TRUE(rendered);
    // The Markdown carries the same claims and notes.
    const std::string md = to_markdown(r);
    EXPECT_NE(md.find("GBP 1,284.6 million.[^1]"), std::string::npos);
    EXPECT_NE(md.find("[^3]: volga.pdf, p. 2"), std::string::npos);
}

TEST(Export, UnwritablePathNamesTheFile) {
    Report r;
    r.title = "x";
    try {
        export_pdf(r, "/proc/no-such-dir/report.pdf");
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/proc/no-such-dir/report.pdf"), std::string::npos) << e.what();
    }
}
