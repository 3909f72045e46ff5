// The ingest / docs / search / rm commands through the perimeter-cli binary, on real corpus PDFs
// (a Russian RAS statement and an English earnings release, text layers) plus a bad file.
#include <gtest/gtest.h>

#include <regex>

#include "docs-ingest/search.h"
#include "docs-ingest/store.h"
#include "tests/store/store_test_util.h"

using namespace perimeter::ingest;
using namespace perimeter::test;

namespace {

// A folder with symlinks to two real PDFs and a text file that pretends to be one.
std::filesystem::path make_inbox(const std::filesystem::path& dir) {
    auto inbox = dir / "inbox";
    std::filesystem::create_directories(inbox / "sub");
    std::filesystem::create_symlink(corpus("ru/amurcabel3months.pdf"), inbox / "amurcabel3months.pdf");
    std::filesystem::create_symlink(corpus("financebench-dev/ULTABEAUTY_2023Q4_EARNINGS.pdf"),
                                    inbox / "sub" / "ULTABEAUTY_2023Q4_EARNINGS.pdf");
    write_file(inbox / "notes.pdf", "this is not a PDF at all\n");
    write_file(inbox / "readme.txt", "ignored: not a document type\n");
    return inbox;
}

}  // namespace

TEST(StoreCli, IngestDocsSearchRmOnRealPdfs) {
    auto dir = fresh_dir();
    auto inbox = make_inbox(dir);
    const std::string db = (dir / "s.db").string();
    const std::string bin = cli();

    // A batch with one bad file: the good ones go in, the exit status says something failed.
    auto r = run_cmd(bin + " ingest --db " + shell_quote(db) + " --collection Q4 " + shell_quote(inbox.string()) + " 2>&1");
    EXPECT_EQ(r.rc, 1) << r.out;
    EXPECT_NE(r.out.find("3 documents: 2 added"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("notes.pdf"), std::string::npos) << r.out;

    // docs --json: statuses, page counts, the stored error.
    r = run_cmd(bin + " docs --db " + shell_quote(db) + " --json");
    ASSERT_EQ(r.rc, 0) << r.out;
    EXPECT_NE(r.out.find(R"("file":"amurcabel3months.pdf")"), std::string::npos) << r.out;
    std::regex amur(R"re("file":"amurcabel3months.pdf".*?"status":"ready","pages":3,)re");
    std::regex ulta(R"re("file":"ULTABEAUTY_2023Q4_EARNINGS.pdf".*?"status":"ready","pages":9,)re");
    std::regex bad(R"re("file":"notes.pdf".*?"status":"failed".*?"error_code":"not_pdf","error_message":"[^"]*notes.pdf)re");
    EXPECT_TRUE(std::regex_search(r.out, amur)) << r.out;
    EXPECT_TRUE(std::regex_search(r.out, ulta)) << r.out;
    EXPECT_TRUE(std::regex_search(r.out, bad)) << r.out;
    r = run_cmd(bin + " docs --db " + shell_quote(db));
    EXPECT_NE(r.out.find("not_pdf: "), std::string::npos) << r.out;

    // search --json: the contract's shape, a Russian stem, the page that holds the line.
    r = run_cmd(bin + " search --db " + shell_quote(db) + " --json -k 3 выручки");
    ASSERT_EQ(r.rc, 0) << r.out;
    std::regex hit(R"re(^\[\{"doc":"amurcabel3months.pdf","doc_id":(\d+),"page":(\d+),"chunk_id":(\d+),"start":(\d+),"end":(\d+),"score":[0-9.]+,"text":")re");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.out, m, hit)) << r.out;
    const int64_t doc_id = std::stoll(m[1]);
    const int page = std::stoi(m[2]);
    const size_t start = std::stoul(m[4]), end = std::stoul(m[5]);
    {
        Store s(db);
        auto pages = s.pages(doc_id);
        ASSERT_GE(pages.size(), static_cast<size_t>(page));
        std::string cited = pages[static_cast<size_t>(page - 1)].text.substr(start, end - start);
        EXPECT_NE(cited.find("Выручка"), std::string::npos) << cited;
        EXPECT_EQ(s.check_integrity(), "ok");
        // Every chunk of the real extraction maps back to its page exactly; word boxes came
        // through the BLOB with spans inside the page text.
        for (const auto& d : s.documents()) {
            if (d.status != DocStatus::Ready) continue;
            auto pg = s.pages(d.id);
            ASSERT_EQ(static_cast<int>(pg.size()), d.pages) << d.file_name;
            size_t words = 0;
            for (const auto& p : pg) {
                words += p.words.size();
                for (const auto& w : p.words) {
                    ASSERT_LE(w.start, w.end);
                    ASSERT_LE(w.end, p.text.size()) << d.file_name << " p." << p.number;
                }
            }
            EXPECT_GT(words, 100u) << d.file_name;
            auto chunks = s.chunks(d.id);
            EXPECT_GE(chunks.size(), pg.size()) << d.file_name;
            for (const auto& c : chunks) {
                ASSERT_GE(c.page, 1);
                ASSERT_LE(c.page, d.pages);
                const std::string& text = pg[static_cast<size_t>(c.page - 1)].text;
                ASSERT_LE(c.end, text.size());
                EXPECT_EQ(text.substr(c.start, c.end - c.start), c.text) << d.file_name << " chunk " << c.id;
            }
        }
    }
    // English stemming, --doc with and without .pdf, an unknown --doc is an error.
    r = run_cmd(bin + " search --db " + shell_quote(db) + " --json -k 1 --doc ULTABEAUTY_2023Q4_EARNINGS \"net sales\"");
    EXPECT_NE(r.out.find(R"([{"doc":"ULTABEAUTY_2023Q4_EARNINGS.pdf")"), std::string::npos) << r.out;
    r = run_cmd(bin + " search --db " + shell_quote(db) + " --json --doc amurcabel3months.pdf \"net sales\"");
    EXPECT_EQ(r.out, "[]\n");
    r = run_cmd(bin + " search --db " + shell_quote(db) + " --doc nosuch.pdf sales 2>&1");
    EXPECT_EQ(r.rc, 1);
    EXPECT_NE(r.out.find("nosuch.pdf"), std::string::npos) << r.out;
    r = run_cmd(bin + " search --db " + shell_quote(db) + " --collection Q4 -k 2 sales");
    EXPECT_NE(r.out.find("ULTABEAUTY_2023Q4_EARNINGS.pdf p."), std::string::npos) << r.out;

    // Again: unchanged files are no-ops (the bad one is tried again and fails again).
    r = run_cmd(bin + " ingest --db " + shell_quote(db) + " " + shell_quote(inbox.string()) + " 2>&1");
    EXPECT_NE(r.out.find("0 added, 0 replaced, 2 unchanged, 1 failed"), std::string::npos) << r.out;

    // rm: by file name, then nothing of it is left.
    r = run_cmd(bin + " rm --db " + shell_quote(db) + " amurcabel3months 2>&1");
    ASSERT_EQ(r.rc, 0) << r.out;
    r = run_cmd(bin + " rm --db " + shell_quote(db) + " amurcabel3months 2>&1");
    EXPECT_EQ(r.rc, 1) << r.out;
    Store s(db);
    EXPECT_TRUE(s.resolve("amurcabel3months.pdf").empty());
    EXPECT_EQ(s.counts().pages, 9);
    EXPECT_EQ(s.db().query_int("SELECT count(*) FROM chunks WHERE doc_id = " + std::to_string(doc_id)), 0);
    EXPECT_TRUE(Bm25Retriever(s).search({"выручка"}).empty());
    EXPECT_EQ(s.check_integrity(), "ok");
}

TEST(StoreCli, UsageErrorsNameWhatIsWrong) {
    const std::string bin = cli();
    auto dir = fresh_dir();
    auto r = run_cmd(bin + " search --db " + shell_quote((dir / "none.db").string()) + " revenue 2>&1");
    EXPECT_EQ(r.rc, 1);
    EXPECT_NE(r.out.find("none.db: no such store"), std::string::npos) << r.out;
    r = run_cmd(bin + " ingest --db " + shell_quote((dir / "x.db").string()) + " 2>&1");
    EXPECT_EQ(r.rc, 2);
    EXPECT_NE(r.out.find("no PATH given"), std::string::npos) << r.out;
    r = run_cmd(bin + " search --db x.db -k 0 revenue 2>&1");
    EXPECT_EQ(r.rc, 2) << r.out;
}
