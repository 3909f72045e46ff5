// Bad input: each class gets its named ExtractError and a message naming the file, both in
// process and through the helper; the helper's crash, timeout and cancel paths.
// Hostile PDFs come from tests/extract/gen_bad_pdfs.py (committed under data/); truncated
// and non-PDF files are cut from the corpus at test time.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "docs-ingest/extract_client.h"
#include "docs-ingest/extractor.h"
#include "tests/extract/extract_test_util.h"

using namespace perimeter::ingest;
using namespace perimeter::test;

namespace {

fs::path data_file(const std::string& name) {
    fs::path p = source_dir() / "tests" / "extract" / "data" / name;
    EXPECT_TRUE(fs::exists(p)) << "missing " << p << " (python3 tests/extract/gen_bad_pdfs.py writes it)";
    return p;
}

fs::path write_file(const std::string& name, const std::string& bytes) {
    fs::path p = out_dir() / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
}

std::string read_all(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

ExtractOptions helper_opts() {
    ExtractOptions o;
    o.helper_path = (bin_dir() / "perimeter-extract").string();
    EXPECT_TRUE(fs::exists(o.helper_path)) << "build perimeter-extract first: " << o.helper_path;
    return o;
}

// Same error class in process and through the helper; the message names the file.
void expect_error(const fs::path& file, ExtractError want, const std::string& words, ExtractOptions o = {}) {
    const ExtractedDocument a = extract_document(file.string(), o);
    EXPECT_EQ(a.error, want) << file << ": in process got " << extract_error_name(a.error) << ": " << a.error_message;
    EXPECT_NE(a.error_message.find(file.filename().string()), std::string::npos) << a.error_message;
    EXPECT_NE(a.error_message.find(words), std::string::npos) << a.error_message;
    ExtractOptions h = helper_opts();
    h.password = o.password;
    const ExtractedDocument b = extract_isolated(file.string(), h);
    EXPECT_EQ(b.error, want) << file << ": isolated got " << extract_error_name(b.error) << ": " << b.error_message;
    EXPECT_EQ(b.error_message, a.error_message);
}

}  // namespace

TEST(ExtractBadInput, EncryptedNeedsPassword) {
    const fs::path pdf = data_file("encrypted.pdf");
    expect_error(pdf, ExtractError::Encrypted, "a password is needed");
    ExtractOptions wrong;
    wrong.password = "guess";
    expect_error(pdf, ExtractError::Encrypted, "does not open it", wrong);
    for (const char* pw : {"perimeter", "owner"}) {  // user and owner passwords both unlock
        ExtractOptions o = helper_opts();
        o.password = pw;
        const ExtractedDocument d = extract_isolated(pdf.string(), o);
        ASSERT_EQ(d.error, ExtractError::None) << d.error_message;
        ASSERT_EQ(d.pages.size(), 1u);
        EXPECT_EQ(d.pages[0].text, "Quarterly revenue grew");
    }
}

TEST(ExtractBadInput, TruncatedPdfIsCorrupt) {
    const std::string full = read_all(corpus_file("sec-10q/docs/2023 Q3 AAPL.pdf"));
    ASSERT_GT(full.size(), 100000u);
    expect_error(write_file("truncated_half.pdf", full.substr(0, full.size() / 2)), ExtractError::Corrupt, "damaged or truncated");
    expect_error(write_file("truncated_head.pdf", full.substr(0, 2000)), ExtractError::Corrupt, "damaged or truncated");
}

TEST(ExtractBadInput, GarbageAfterHeaderIsCorrupt) {
    std::string junk = "%PDF-1.7\n";
    for (int i = 0; i < 5000; ++i) junk += static_cast<char>((i * 7919) % 251);
    expect_error(write_file("garbage.pdf", junk), ExtractError::Corrupt, "damaged or truncated");
}

TEST(ExtractBadInput, NotAPdfWhateverTheName) {
    expect_error(write_file("letter.pdf", "Dear analyst,\nthis is a plain text file.\n"), ExtractError::NotPdf, "not a PDF");
    expect_error(write_file("archive.pdf", std::string("PK\x03\x04", 4) + std::string(200, 'z')), ExtractError::NotPdf,
                 "not a PDF");
    expect_error(write_file("empty.pdf", ""), ExtractError::NotPdf, "empty file");
}

TEST(ExtractBadInput, ZeroPages) { expect_error(data_file("zero_pages.pdf"), ExtractError::NoPages, "no pages"); }

TEST(ExtractBadInput, GiantPageIsNotRendered) {
    // No text layer: it would have to be OCR'd, and even 100 dpi is 400 megapixels.
    expect_error(data_file("giant_scan.pdf"), ExtractError::PageTooLarge, "too large to render");
    // With a text layer the page is read; the refused OCR attempt is a warning.
    const ExtractedDocument d = extract_isolated(data_file("giant_text.pdf").string(), helper_opts());
    ASSERT_EQ(d.error, ExtractError::None) << d.error_message;
    ASSERT_EQ(d.pages.size(), 1u);
    EXPECT_EQ(d.pages[0].text, "Giant page text layer");
    EXPECT_EQ(d.pages[0].source, PageSource::TextLayer);
    EXPECT_NEAR(d.pages[0].width_pt, 14400, 1);
    ASSERT_EQ(d.warnings.size(), 1u);
    EXPECT_NE(d.warnings[0].find("too large to render"), std::string::npos) << d.warnings[0];
}

TEST(ExtractBadInput, UnreadableFile) {
    expect_error(out_dir() / "no_such_file.pdf", ExtractError::Unreadable, "No such file");
    const fs::path dir = out_dir() / "a_directory.pdf";
    fs::create_directories(dir);
    expect_error(dir, ExtractError::Unreadable, "not a regular file");
    // Permissions: root reads any file, so the mode check only bites for other users.
    const fs::path locked = write_file("locked.pdf", read_all(data_file("zero_pages.pdf")));
    ::chmod(locked.c_str(), 0);
    if (::geteuid() != 0) expect_error(locked, ExtractError::Unreadable, "Permission denied");
    else std::printf("running as root: the permission case is covered by the two above\n");
    ::chmod(locked.c_str(), 0644);
}

// A real hostile file, not a hook: deep_q.pdf makes poppler's renderer allocate ~10 GB
// (2,000,000 unbalanced "q"). The helper's memory limit turns that into an allocation failure
// in poppler; the document fails as ParserCrashed, the app is untouched, and the next document
// extracts normally.
TEST(ExtractBadInput, RealParserExhaustionFailsOnlyThatDocument) {
    ExtractOptions o = helper_opts();
    o.memory_limit_mb = 768;
    const auto t0 = std::chrono::steady_clock::now();
    const ExtractedDocument d = extract_isolated(data_file("deep_q.pdf").string(), o);
    EXPECT_EQ(d.error, ExtractError::ParserCrashed) << extract_error_name(d.error) << ": " << d.error_message;
    EXPECT_NE(d.error_message.find("deep_q.pdf"), std::string::npos);
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 60);
    const ExtractedDocument ok = extract_isolated(data_file("encrypted.pdf").string(), [&] {
        ExtractOptions p = helper_opts();
        p.password = "perimeter";
        return p;
    }());
    EXPECT_EQ(ok.error, ExtractError::None) << ok.error_message;
}

// The signal path: the helper dies from SIGSEGV in the middle of a document. No PDF we have
// crashes poppler 22.12 with a signal, so the helper's documented test hook raises it (after
// the first page, for files whose name holds the marker).
TEST(ExtractBadInput, HelperCrashIsParserCrashed) {
    const fs::path pdf = out_dir() / "crashme_doc.pdf";
    fs::copy_file(corpus_file("sec-10q/docs/2023 Q3 AAPL.pdf"), pdf, fs::copy_options::overwrite_existing);
    ::setenv("PERIMETER_EXTRACT_TEST_CRASH", "crashme", 1);
    const ExtractedDocument d = extract_isolated(pdf.string(), helper_opts());
    ::unsetenv("PERIMETER_EXTRACT_TEST_CRASH");
    EXPECT_EQ(d.error, ExtractError::ParserCrashed) << d.error_message;
    EXPECT_NE(d.error_message.find("SIGSEGV"), std::string::npos) << d.error_message;
    EXPECT_NE(d.error_message.find("crashme_doc.pdf"), std::string::npos) << d.error_message;
    EXPECT_EQ(d.pages.size(), 1u) << "the page before the crash was delivered";
}

// Each document's helper is forked from one started helper per thread (the zygote of
// extract_client.cpp): a helper that crashed takes nothing with it, and the next document on
// the same thread comes out whole and exactly as it did before the crash.
TEST(ExtractBadInput, DocumentAfterACrashIsUnaffected) {
    const fs::path aapl = corpus_file("sec-10q/docs/2023 Q3 AAPL.pdf");
    const ExtractedDocument before = extract_isolated(aapl.string(), helper_opts());
    ASSERT_EQ(before.error, ExtractError::None) << before.error_message;
    const fs::path pdf = out_dir() / "crashme_then.pdf";
    fs::copy_file(aapl, pdf, fs::copy_options::overwrite_existing);
    ::setenv("PERIMETER_EXTRACT_TEST_CRASH", "crashme", 1);
    const ExtractedDocument crashed = extract_isolated(pdf.string(), helper_opts());
    ::unsetenv("PERIMETER_EXTRACT_TEST_CRASH");
    EXPECT_EQ(crashed.error, ExtractError::ParserCrashed) << crashed.error_message;
    const ExtractedDocument after = extract_isolated(aapl.string(), helper_opts());
    ASSERT_EQ(after.error, ExtractError::None) << after.error_message;
    ASSERT_EQ(after.pages.size(), before.pages.size());
    for (size_t i = 0; i < after.pages.size(); ++i) {
        EXPECT_EQ(after.pages[i].text, before.pages[i].text) << "page " << i + 1;
        EXPECT_EQ(after.pages[i].words.size(), before.pages[i].words.size()) << "page " << i + 1;
    }
    EXPECT_EQ(after.meta.title, before.meta.title);
}

// Timeouts on real work: OCR of a scanned page takes seconds, so a 0.3 s page limit trips.
TEST(ExtractBadInput, SlowPageTimesOut) {
    ExtractOptions o = helper_opts();
    o.page_timeout_s = 0.3;
    const auto t0 = std::chrono::steady_clock::now();
    const ExtractedDocument d = extract_isolated(corpus_file("ru/ant2.pdf").string(), o);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(d.error, ExtractError::Timeout) << d.error_message;
    EXPECT_NE(d.error_message.find("page 1 took longer than 0.3 s"), std::string::npos) << d.error_message;
    EXPECT_LT(s, 10);
}

// A hung helper (test hook: sleeps forever after page 1) hits the whole-document limit.
TEST(ExtractBadInput, HungHelperHitsDocumentTimeout) {
    const fs::path pdf = out_dir() / "hangme_doc.pdf";
    fs::copy_file(corpus_file("sec-10q/docs/2023 Q3 AAPL.pdf"), pdf, fs::copy_options::overwrite_existing);
    ExtractOptions o = helper_opts();
    o.timeout_s = 1.5;
    ::setenv("PERIMETER_EXTRACT_TEST_HANG", "hangme", 1);
    const ExtractedDocument d = extract_isolated(pdf.string(), o);
    ::unsetenv("PERIMETER_EXTRACT_TEST_HANG");
    EXPECT_EQ(d.error, ExtractError::Timeout) << d.error_message;
    EXPECT_NE(d.error_message.find("longer than 1.5 s"), std::string::npos) << d.error_message;
}

TEST(ExtractBadInput, CancelKillsTheHelper) {
    std::atomic<bool> cancel{false};
    ExtractOptions o = helper_opts();
    const auto t0 = std::chrono::steady_clock::now();
    const ExtractedDocument d = extract_isolated(
        corpus_file("ru/ant2.pdf").string(), o, [&](int, int n) { EXPECT_EQ(n, 4); cancel = true; }, &cancel);
    EXPECT_EQ(d.error, ExtractError::Cancelled) << d.error_message;
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5);
}

TEST(ExtractBadInput, MissingHelperIsAClearError) {
    ExtractOptions o;
    o.helper_path = (out_dir() / "no-such-helper").string();
    const ExtractedDocument d = extract_isolated(data_file("zero_pages.pdf").string(), o);
    EXPECT_EQ(d.error, ExtractError::Internal);
    EXPECT_NE(d.error_message.find("perimeter-extract not found"), std::string::npos) << d.error_message;
}

// Several documents at once, each in its own helper (what the ingest pipeline does).
TEST(ExtractBadInput, ConcurrentDocuments) {
    const std::vector<fs::path> files = {corpus_file("sec-10q/docs/2023 Q3 AAPL.pdf"), data_file("zero_pages.pdf"),
                                         corpus_file("ru/amurcabel3months.pdf"), data_file("encrypted.pdf")};
    std::vector<ExtractedDocument> out(files.size());
    std::vector<std::thread> th;
    for (size_t i = 0; i < files.size(); ++i)
        th.emplace_back([&, i] { out[i] = extract_isolated(files[i].string(), helper_opts()); });
    for (auto& t : th) t.join();
    EXPECT_EQ(out[0].error, ExtractError::None);
    EXPECT_EQ(out[0].pages.size(), 29u);
    EXPECT_EQ(out[1].error, ExtractError::NoPages);
    EXPECT_EQ(out[2].error, ExtractError::None);
    EXPECT_EQ(out[3].error, ExtractError::Encrypted);
}
