// Every line of the real filings against llama.cpp, no sampling: gen_corpus_ids.py extracts
// every PDF of shared/corpus with `pdftotext -layout` and with our perimeter-extract (OCR for the
// scanned pages), keeps every unique non-empty line (and every whole pdftotext page) and
// records llama-cpp-python's ids for each vocabulary (cached in the test output folder, keyed by
// vocabulary file + corpus hash). Our Tokenizer must give the same ids on 100% of the lines for
// every vocabulary, and detokenize(tokenize(x)) == x wherever the vocabulary is lossless.
// Label `full` (a few minutes on a loaded 2-core machine the first time).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>

#include "engine/tokenizer/unicode.h"
#include "tests/common/test_env.h"
#include "tests/tokenizer/reference_data.h"

namespace perimeter::test {
namespace {

namespace fs = std::filesystem;
using engine::VocabType;

// The vocabularies the issue names: every shared llama.cpp test vocabulary, Llama 3, Qwen 2
// and the two real models.
const std::vector<std::string> kVocabs = {"llama-spm", "phi-3", "deepseek-llm", "gpt-2", "bert-bge",
                                          "llama-bpe", "qwen2", "smollm2", "gemma3"};

fs::path work_dir() { return out_dir() / "tokenizer_corpus_full"; }

// Runs the python helper once for all vocabularies; returns its exit status.
int run_helper() {
    static int rc = [] {
        auto quoted = [](const std::string& s) { return std::string(1, '"').append(s).append(1, '"'); };
        std::string cmd = quoted(python().string());
        cmd.append(" ").append(quoted((source_dir() / "tests/tokenizer/gen_corpus_ids.py").string()));
        cmd.append(" --out ").append(quoted(work_dir().string()));
        cmd.append(" --shared ").append(quoted(shared_dir().string()));
        cmd.append(" --extractor ").append(quoted((bin_dir() / "perimeter-extract").string()));
        for (const auto& v : kVocabs)
            cmd.append(" ").append(quoted(v + "=" + vocab_path(v).string()));
        std::cout << "running: " << cmd << std::endl;
        return std::system(cmd.c_str());
    }();
    return rc;
}

// Lines after the key line of a helper output file (the key line goes to *key).
std::vector<std::string> read_lines(const fs::path& p, std::string* key = nullptr) {
    std::ifstream in(p, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open " + p.string());
    std::vector<std::string> out;
    std::string line;
    std::getline(in, line);  // "# key"
    if (key)
        *key = line;
    while (std::getline(in, line))
        out.push_back(line);
    return out;
}

bool valid_utf8(const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
        uint32_t cp = 0;
        const size_t before = off;
        if (!engine::unicode::decode_one(s, off, cp))
            return false;
        const size_t len = off - before;
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
            return false;
    }
    return true;
}

class CorpusFull : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusFull, EveryCorpusLineMatchesLlamaCpp) {
    const std::string name = GetParam();
    ASSERT_TRUE(fs::exists(bin_dir() / "perimeter-extract")) << "missing " << bin_dir() / "perimeter-extract";
    ASSERT_EQ(run_helper(), 0) << "gen_corpus_ids.py failed (needs " << python()
                               << " with llama_cpp, pdftotext and " << shared_dir() / "corpus" << ")";
    std::vector<std::string> lines, ids;
    try {
        std::string key;
        lines = read_lines(work_dir() / "lines.txt", &key);
        std::cout << "lines.txt " << lines.size() << " lines " << key << "\n";
        ids = read_lines(work_dir() / ("ids-" + name + ".txt"));
    } catch (const std::exception& e) {
        FAIL() << e.what();
    }
    ASSERT_GT(lines.size(), 20000u) << "too few corpus lines: is " << shared_dir() / "corpus" << " complete?";
    ASSERT_EQ(ids.size(), lines.size()) << "ids-" << name << ".txt";
    const engine::Tokenizer* tok = nullptr;
    try {
        tok = load_vocab(name).tokenizer.get();
    } catch (const std::exception& e) {
        FAIL() << e.what();
    }
    const auto& v = tok->vocab();

    // Round trip where lossless (same exclusions as behaviour_test: WPM/UGM normalise; SPM turns
    // a literal U+2581 into a space; byte-level BPE drops bytes it has no token for).
    const bool lossless = v.type() == VocabType::Spm || v.type() == VocabType::Bpe;
    std::string missing_bytes;
    if (v.type() == VocabType::Bpe) {
        for (int b = 0; b < 256; ++b)
            if (v.byte_to_token(static_cast<uint8_t>(b)) == engine::kNoToken)
                missing_bytes.push_back(static_cast<char>(b));
    }

    size_t equal = 0, rt_checked = 0, rt_equal = 0, pages = 0, pages_equal = 0;
    int shown = 0, rt_shown = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string text = unescape(lines[i]);
        const std::vector<TokenId> want = parse_ids(ids[i]);
        const std::vector<TokenId> got = tok->tokenize(text, false, false);
        const bool is_page = text.find('\n') != std::string::npos;
        pages += is_page;
        if (got == want) {
            ++equal;
            pages_equal += is_page;
        } else if (++shown <= 10) {
            ADD_FAILURE() << name << " line " << i << ": " << show_text(text) << "\n  ours:     " << show_ids(got)
                          << "\n  llama.cpp: " << show_ids(want);
        }
        if (!lossless || !valid_utf8(text))
            continue;
        if (v.type() == VocabType::Spm && text.find("\xe2\x96\x81") != std::string::npos)
            continue;
        if (!missing_bytes.empty() && text.find_first_of(missing_bytes) != std::string::npos)
            continue;
        std::string expect = text;
        if (v.flags().clean_spaces)
            engine::clean_up_tokenization_spaces(expect);
        ++rt_checked;
        const std::string back = tok->detokenize(got, false);
        if (back == expect) {
            ++rt_equal;
        } else if (++rt_shown <= 5) {
            ADD_FAILURE() << name << " round trip line " << i << ": " << show_text(text) << " -> " << show_text(back);
        }
    }
    const double pct = 100.0 * static_cast<double>(equal) / static_cast<double>(lines.size());
    std::cout << "CORPUS_FULL " << name << " tokenize " << equal << "/" << lines.size() << " (" << std::fixed
              << std::setprecision(3) << pct << "%): lines " << equal - pages_equal << "/" << lines.size() - pages
              << ", pages " << pages_equal << "/" << pages;
    if (lossless)
        std::cout << " round_trip " << rt_equal << "/" << rt_checked;
    else
        std::cout << " round_trip lossy";
    std::cout << "\n";
    EXPECT_EQ(equal, lines.size());
    EXPECT_EQ(rt_equal, rt_checked);
    if (lossless) {
        EXPECT_GT(rt_checked, lines.size() / 2);
    }
    EXPECT_GT(pages, 1000u) << "whole pages missing from lines.txt";
}

INSTANTIATE_TEST_SUITE_P(Vocabs, CorpusFull, ::testing::ValuesIn(kVocabs),
                         [](const auto& info) {
                             std::string n = info.param;
                             for (char& c : n)
                                 if (c == '-')
                                     c = '_';
                             return n;
                         });

}  // namespace
}  // namespace perimeter::test
