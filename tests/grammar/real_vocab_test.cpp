// Constrained generation over a REAL vocabulary (SmolLM2, 49152 tokens, read from its GGUF):
// random logits, temperature 1, grammar mask; every JSON output must parse and validate against
// resources/schemas/recommendation.schema.json, every regex output must match. Prints the mask
// time per token.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include "engine/grammar/grammar_sampler.h"
#include "engine/grammar/json_schema_grammar.h"
#include "engine/grammar/json_schema_validator.h"
#include "engine/grammar/regex_grammar.h"
#include "engine/sampling/sampler_chain.h"
#include "tests/common/test_env.h"
#include "tests/grammar/vocab_pieces.h"

using namespace perimeter::engine;
using perimeter::test::load_vocab_pieces;

namespace {
using Clock = std::chrono::steady_clock;

// CPU time of this thread in ms: the test machine is shared, so wall time would mostly measure
// the neighbours.
double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

struct GenStats {
    size_t tokens = 0;
    double mask_ms_total = 0;  // time to get the allowed set for a step (cached or not)
    double cold_ms_total = 0;  // steps whose state was not cached
    double cold_ms_max = 0;
    size_t cold = 0;
};

// One generation from random logits; returns the text (empty + failure if it never ends).
std::string generate(GrammarMatcher& m, const std::vector<std::string>& pieces, uint64_t seed, int max_tokens,
                     GenStats& st) {
    m.reset();
    SamplingParams sp;
    sp.temperature = 1.0f;
    sp.top_k = 0;
    sp.top_p = 1.0f;
    sp.min_p = 0.0f;
    sp.seed = seed;
    auto chain = make_sampler_chain(sp, pieces.size());
    std::shared_ptr<GrammarMatcher> alias(std::shared_ptr<void>(), &m);
    chain.add_front(std::make_unique<GrammarSampler>(alias));
    Rng logit_rng(seed * 7919 + 1);
    std::vector<float> logits(pieces.size());
    std::string text;
    for (int i = 0; i < max_tokens; ++i) {
        for (auto& l : logits) l = float(logit_rng.uniform() * 8.0 - 4.0);
        const uint64_t misses_before = m.stats().masks - m.stats().cache_hits;
        const double t0 = cpu_ms();
        (void)m.allowed();
        const double ms = cpu_ms() - t0;
        st.mask_ms_total += ms;
        if (m.stats().masks - m.stats().cache_hits > misses_before) {
            ++st.cold;
            st.cold_ms_total += ms;
            st.cold_ms_max = std::max(st.cold_ms_max, ms);
        }
        ++st.tokens;
        const int32_t t = chain.sample(logits);
        chain.accept(t);
        if (m.is_finished()) return text;
        text += pieces[size_t(t)];
    }
    ADD_FAILURE() << "seed " << seed << ": no end of generation after " << max_tokens << " tokens: " << text.substr(0, 300);
    return text;
}

// UTF-8 -> one wchar_t per code point (wchar_t is 32-bit on our platforms).
std::wstring widen(std::string_view s) {
    std::wstring out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : 3;
        uint32_t cp = n == 0 ? c : c & (0x3F >> n);
        for (int k = 1; k <= n && i + size_t(k) < s.size(); ++k) cp = (cp << 6) | (s[i + size_t(k)] & 0x3F);
        out += wchar_t(cp);
        i += size_t(n) + 1;
    }
    return out;
}

void print_stats(const char* what, const GenStats& st) {
    std::printf("[%s] %zu tokens: mask %.3f ms/token on average (thread CPU time); %zu uncached states: %.2f ms mean, %.2f ms max\n",
                what, st.tokens, st.mask_ms_total / double(std::max<size_t>(st.tokens, 1)), st.cold,
                st.cold_ms_total / double(std::max<size_t>(st.cold, 1)), st.cold_ms_max);
}
}  // namespace

class RealVocab : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        vocab_ = new perimeter::test::VocabPieces(load_vocab_pieces(perimeter::test::smollm2()));
    }
    static void TearDownTestSuite() {
        delete vocab_;
        vocab_ = nullptr;
    }
    static perimeter::test::VocabPieces* vocab_;
};
perimeter::test::VocabPieces* RealVocab::vocab_ = nullptr;

TEST_F(RealVocab, LoadsSmolLM2Pieces) {
    const auto& v = *vocab_;
    ASSERT_EQ(v.pieces.size(), 49152u);
    EXPECT_EQ(v.model, "gpt2");
    ASSERT_FALSE(v.eog.empty());
    // Byte-level BPE decoded to bytes: some piece is " the", some is a single high byte.
    EXPECT_NE(std::find(v.pieces.begin(), v.pieces.end(), " the"), v.pieces.end());
    EXPECT_NE(std::find(v.pieces.begin(), v.pieces.end(), std::string("\xE2")), v.pieces.end());
}

TEST_F(RealVocab, RecommendationSchemaRandomGenerationsValidate) {
    ASSERT_FALSE(vocab_->pieces.empty());
    const auto schema_path = perimeter::test::source_dir() / "resources/schemas/recommendation.schema.json";
    const std::string schema_text = read_file(schema_path);
    ASSERT_FALSE(schema_text.empty()) << "missing " << schema_path;
    const auto t0 = Clock::now();
    auto grammar = json_schema_grammar(schema_text);
    auto gv = perimeter::test::make_grammar_vocab(*vocab_);
    const double setup_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    std::printf("[schema] grammar: %zu rules; vocab trie: %zu nodes; set-up %.1f ms\n", grammar->n_rules(),
                gv->trie().size(), setup_ms);
    JsonSchemaValidator validator(json::parse(schema_text));
    GrammarMatcher m(grammar, gv);

    GenStats st;
    std::set<std::string> ratings;
    for (uint64_t g = 1; g <= 100; ++g) {
        const std::string text = generate(m, vocab_->pieces, g, 6000, st);
        ASSERT_TRUE(grammar->matches(text)) << text;
        json::Value v;
        try {
            v = json::parse(text);
        } catch (const std::exception& e) {
            FAIL() << "seed " << g << ": output is not JSON: " << e.what() << "\n" << text;
        }
        const auto errs = validator.validate(v);
        for (const auto& e : errs) ADD_FAILURE() << "seed " << g << ": " << e.str() << "\n" << text;
        ratings.insert(v.find("rating")->as_string());
        if (g == 1) std::printf("[schema] first output (%zu bytes): %.300s...\n", text.size(), text.c_str());
    }
    EXPECT_EQ(ratings.size(), 3u);  // random logits reach every enum value
    print_stats("schema", st);
    const auto& ms = m.stats();
    std::printf("[schema] matcher: %zu interned stacks, %.1f MiB; %llu states uncached: %llu from a cached frame, "
                "%llu frames walked, %llu uncertain tokens verified\n",
                m.n_stacks(), double(m.memory_bytes()) / (1 << 20), (unsigned long long)(ms.masks - ms.cache_hits),
                (unsigned long long)ms.frame_hits, (unsigned long long)ms.frames, (unsigned long long)ms.verified);
}

TEST_F(RealVocab, RegexRandomGenerationsMatch) {
    ASSERT_FALSE(vocab_->pieces.empty());
    auto gv = perimeter::test::make_grammar_vocab(*vocab_);
    const char* patterns[] = {
        R"([A-Z]{1,5}(\.[A-Z]{1,2})?)",
        R"(\d{4}-(0[1-9]|1[0-2])-\d{2})",
        R"((buy|hold|sell): -?\d{1,3}(\.\d{1,2})?%)",
        R"([a-z0-9._]{1,12}@[a-z]{2,8}\.(com|ru|org))",
        R"(\+7 \(\d{3}\) \d{3}-\d{2}-\d{2})",
        R"([А-Яа-яЁё ]{3,20}[.!?])",
        R"(\w{1,12}( \w{1,12}){0,4})",
    };
    GenStats st;
    for (const char* p : patterns) {
        auto g = regex_grammar(p);
        GrammarMatcher m(g, gv);
        // std::wregex over code points: std::regex on UTF-8 bytes would not understand [А-Я].
        const std::wregex re(widen(p));
        for (uint64_t seed = 1; seed <= 20; ++seed) {
            const std::string text = generate(m, vocab_->pieces, seed, 200, st);
            EXPECT_TRUE(std::regex_match(widen(text), re)) << p << " produced '" << text << "'";
        }
    }
    print_stats("regex", st);
}

// The schema the analysis layer asks the model for (written by the analysis engineer): it must
// compile, and random generations under it must validate.
TEST_F(RealVocab, AnalysisSchemaRandomGenerationsValidate) {
    ASSERT_FALSE(vocab_->pieces.empty());
    const auto path = perimeter::test::source_dir() / "resources/schemas/investment_recommendation.schema.json";
    const std::string schema_text = read_file(path);
    ASSERT_FALSE(schema_text.empty()) << "missing " << path;
    auto grammar = json_schema_grammar(schema_text);
    JsonSchemaValidator validator(json::parse(schema_text));
    GrammarMatcher m(grammar, perimeter::test::make_grammar_vocab(*vocab_));
    GenStats st;
    for (uint64_t g = 1; g <= 20; ++g) {
        const std::string text = generate(m, vocab_->pieces, 1000 + g, 6000, st);
        for (const auto& e : validator.validate_text(text)) ADD_FAILURE() << "seed " << g << ": " << e.str() << "\n" << text;
    }
    print_stats("analysis schema", st);
}

// The frame shortcut must give exactly the masks of a plain trie walk of the real stacks.
TEST_F(RealVocab, FrameMasksEqualFullWalkMasks) {
    ASSERT_FALSE(vocab_->pieces.empty());
    const std::string schema_text = read_file(perimeter::test::source_dir() / "resources/schemas/recommendation.schema.json");
    auto grammar = json_schema_grammar(schema_text);
    auto gv = perimeter::test::make_grammar_vocab(*vocab_);
    GrammarMatcherOptions plain;
    plain.use_frames = false;
    GrammarMatcher framed(grammar, gv), full(grammar, gv, plain);
    size_t steps = 0;
    for (uint64_t seed = 500; seed < 503; ++seed) {
        framed.reset();
        full.reset();
        Rng r(seed);
        std::vector<float> logits(vocab_->pieces.size());
        for (int i = 0; i < 3000 && !framed.is_finished(); ++i, ++steps) {
            ASSERT_EQ(framed.allowed(), full.allowed()) << "seed " << seed << " step " << i;
            for (auto& l : logits) l = float(r.uniform());
            framed.apply(logits);
            const int32_t t = int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
            framed.accept(t);
            full.accept(t);
        }
        EXPECT_TRUE(framed.is_finished());
    }
    EXPECT_GT(framed.stats().frame_hits, 0u);
    std::printf("[frames] %zu steps compared; %llu frame hits, %llu frames walked\n", steps,
                (unsigned long long)framed.stats().frame_hits, (unsigned long long)framed.stats().frames);
}
