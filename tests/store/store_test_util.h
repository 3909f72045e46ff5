// Helpers for the store tests: a fresh folder per test on disk, documents built by hand in
// the shape extraction hands over, and a fake extractor for pipeline tests.
#pragma once
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "docs-ingest/extracted_document.h"
#include "tests/common/test_env.h"

namespace perimeter::test {

// test-out/store/<suite>.<test>-<pid>/, emptied first.
inline std::filesystem::path fresh_dir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "." + info->name() + "-" + std::to_string(getpid());
    auto dir = out_dir() / "store" / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

inline void write_file(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
}

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A document with the given page texts, word boxes covering each whitespace-separated word.
inline ingest::ExtractedDocument make_doc(const std::string& path, const std::vector<std::string>& pages,
                                          const std::string& title = "") {
    ingest::ExtractedDocument d;
    d.path = path;
    d.meta.title = title;
    d.meta.page_count = static_cast<int>(pages.size());
    for (size_t i = 0; i < pages.size(); ++i) {
        ingest::ExtractedPage p;
        p.number = static_cast<int>(i) + 1;
        p.text = pages[i];
        p.source = ingest::PageSource::TextLayer;
        p.width_pt = 612;
        p.height_pt = 792;
        float x = 10;
        for (size_t s = 0; s < p.text.size();) {
            while (s < p.text.size() && std::isspace(static_cast<unsigned char>(p.text[s]))) ++s;
            size_t e = s;
            while (e < p.text.size() && !std::isspace(static_cast<unsigned char>(p.text[e]))) ++e;
            if (e > s) p.words.push_back({x, 20.0f * static_cast<float>(i + 1), 5.0f * static_cast<float>(e - s), 10.0f,
                                         static_cast<uint32_t>(s), static_cast<uint32_t>(e)});
            x += 30;
            s = e;
        }
        d.pages.push_back(std::move(p));
    }
    return d;
}

struct CmdResult {
    int rc = -1;
    std::string out;  // stdout (stderr goes to the test log unless the command redirects it)
};

// Runs a shell command line; rc is the exit status (or 128+signal).
inline CmdResult run_cmd(const std::string& cmd) {
    CmdResult r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
    int st = pclose(p);
    r.rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    return r;
}

inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// perimeter-cli from PERIMETER_BIN_DIR; fails the test (with what is missing) if it is not built.
inline std::string cli() {
    auto p = bin_dir() / "perimeter-cli";
    EXPECT_TRUE(std::filesystem::exists(p)) << "missing " << p << ": build the perimeter-cli target";
    EXPECT_TRUE(std::filesystem::exists(bin_dir() / "perimeter-extract"))
        << "missing " << (bin_dir() / "perimeter-extract") << ": build the perimeter-extract target";
    return shell_quote(p.string());
}

// A corpus file; fails the test naming it if the set-up did not provide it.
inline std::filesystem::path corpus(const std::string& rel) {
    auto p = shared_dir() / "corpus" / rel;
    EXPECT_TRUE(std::filesystem::exists(p)) << "missing corpus file " << p << " (see /work/shared/corpus/README.md)";
    return p;
}

}  // namespace perimeter::test
