// Shared helpers for the extraction tests: corpus paths, running the reference tools
// (pdftotext), word-recall against pdftotext -layout, and statement-row parsing.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "docs-ingest/extracted_document.h"
#include "tests/common/test_env.h"

namespace perimeter::test {

namespace fs = std::filesystem;

inline fs::path corpus() { return shared_dir() / "corpus"; }

// The corpus is guaranteed by the set-up script: a missing file is a failure, not a skip.
inline fs::path corpus_file(const std::string& rel) {
    fs::path p = corpus() / rel;
    EXPECT_TRUE(fs::exists(p)) << "missing corpus file " << p << " (run the set-up script that fills /work/shared/corpus)";
    return p;
}

inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs a command and returns its stdout; `rc` gets the exit status.
inline std::string run_capture(const std::string& cmd, int* rc = nullptr) {
    std::string out;
    FILE* f = ::popen(cmd.c_str(), "r");
    if (!f) {
        if (rc) *rc = -1;
        return out;
    }
    std::array<char, 65536> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), f)) > 0) out.append(buf.data(), n);
    const int st = ::pclose(f);
    if (rc) *rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return out;
}

// pdftotext -layout, one string per page (split on form feed).
inline std::vector<std::string> pdftotext_pages(const fs::path& pdf) {
    int rc = 0;
    const std::string out = run_capture("pdftotext -layout " + shell_quote(pdf.string()) + " - 2>/dev/null", &rc);
    EXPECT_EQ(rc, 0) << "pdftotext (poppler-utils) is needed as the reference and failed on " << pdf;
    std::vector<std::string> pages;
    std::string cur;
    for (char c : out) {
        if (c == '\f') { pages.push_back(cur); cur.clear(); }
        else cur += c;
    }
    if (!cur.empty()) pages.push_back(cur);
    return pages;
}

inline std::vector<std::string> split_ws(const std::string& s) {
    std::vector<std::string> v;
    std::istringstream in(s);
    for (std::string w; in >> w;) v.push_back(w);
    return v;
}

inline std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> v;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
}

struct Recall {
    size_t reference = 0, found = 0;
    std::map<std::string, int> missing;
    double ratio() const { return reference ? double(found) / double(reference) : 1.0; }
};

// Word recall of our pages against pdftotext's, page by page (multiset intersection).
inline Recall word_recall(const std::vector<std::string>& ref_pages, const ingest::ExtractedDocument& doc) {
    Recall r;
    for (size_t i = 0; i < ref_pages.size(); ++i) {
        std::map<std::string, int> ours;
        if (i < doc.pages.size())
            for (auto& w : split_ws(doc.pages[i].text)) ++ours[w];
        for (auto& w : split_ws(ref_pages[i])) {
            ++r.reference;
            if (ours[w] > 0) { --ours[w]; ++r.found; }
            else ++r.missing[w];
        }
    }
    return r;
}

inline std::string worst_missing(const Recall& r, size_t n = 10) {
    std::vector<std::pair<int, std::string>> v;
    for (auto& [w, c] : r.missing) v.push_back({c, w});
    std::sort(v.rbegin(), v.rend());
    std::string s;
    for (size_t i = 0; i < v.size() && i < n; ++i) s += "'" + v[i].second + "' x" + std::to_string(v[i].first) + "  ";
    return s;
}

// A number cell of a statement: 1,234  (1,234)  12.5  $1,234  3%  and the dash of an empty cell.
inline bool is_number_token(const std::string& t) {
    static const std::regex re(R"(^\(?\$?[0-9][0-9,]*(\.[0-9]+)?\)?%?$|^—$)");
    return std::regex_match(t, re);
}

struct StatementRow {
    std::string label;                 // words before the numbers, single-spaced
    std::vector<std::string> numbers;  // number tokens in order ("$" dropped)
};

// Rows of a statement page as pdftotext -layout prints them: a text label, then only
// numbers (and "$"). Lines without a label or with fewer than two numbers are skipped.
inline std::vector<StatementRow> statement_rows(const std::string& page) {
    std::vector<StatementRow> rows;
    for (const std::string& line : split_lines(page)) {
        StatementRow r;
        bool in_numbers = false, ok = true;
        for (const std::string& t : split_ws(line)) {
            if (t == "$") { in_numbers = true; continue; }
            if (is_number_token(t)) { in_numbers = true; r.numbers.push_back(t); continue; }
            if (in_numbers) { ok = false; break; }  // text after numbers: not a plain row
            r.label += (r.label.empty() ? "" : " ") + t;
        }
        if (ok && r.label.size() >= 4 && r.numbers.size() >= 2 && std::isalpha(static_cast<unsigned char>(r.label[0])))
            rows.push_back(std::move(r));
    }
    return rows;
}

// True when one line of `text` holds the row's label followed by exactly its numbers.
inline bool has_row_on_one_line(const std::string& text, const StatementRow& row) {
    for (const std::string& line : split_lines(text)) {
        std::string label;
        std::vector<std::string> nums;
        for (const std::string& t : split_ws(line)) {
            if (t == "$") continue;
            if (is_number_token(t) && !label.empty()) nums.push_back(t);
            else if (nums.empty()) label += (label.empty() ? "" : " ") + t;
            else { nums.clear(); break; }
        }
        if (label == row.label && nums == row.numbers) return true;
    }
    return false;
}

// Digits of a RAS statement row: the line holding `code` (as a whole number) and the next
// line (a wrapped label puts the values one line lower), with thin spaces inside numbers
// joined: "9 212 361" and "9212 361" both give 9212361.
inline std::vector<std::string> ras_row_values(const std::string& page_text, int code, bool* found) {
    *found = false;
    const std::vector<std::string> lines = split_lines(page_text);
    const std::regex code_re("(^|[^0-9])" + std::to_string(code) + "([^0-9]|$)");
    for (size_t i = 0; i < lines.size(); ++i) {
        if (!std::regex_search(lines[i], code_re)) continue;
        *found = true;
        std::vector<std::string> vals;
        const std::regex num_re(R"([0-9]+( [0-9]{3})*)");
        for (size_t k = i; k < std::min(lines.size(), i + 2); ++k) {
            std::string l = lines[k];
            for (auto it = std::sregex_iterator(l.begin(), l.end(), num_re); it != std::sregex_iterator(); ++it) {
                std::string v = it->str();
                std::erase(v, ' ');
                vals.push_back(v);
            }
        }
        return vals;
    }
    return {};
}

}  // namespace perimeter::test
