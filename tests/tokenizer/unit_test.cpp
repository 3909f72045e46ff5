// Unit tests without the reference data: Unicode tables (their version must be llama.cpp's,
// 15.1), pre-tokenizer splits worked out by hand from the regexes, vocabulary errors on broken
// metadata (in-memory GGUF files), and streaming detokenization of split characters.
#include <gtest/gtest.h>

#include <cstring>

#include "engine/gguf/gguf_file.h"
#include "engine/tokenizer/detokenizer.h"
#include "engine/tokenizer/pre_tokenizer.h"
#include "engine/tokenizer/tokenizer.h"
#include "engine/tokenizer/unicode.h"
#include "tests/tokenizer/reference_data.h"

namespace perimeter::test {
namespace {

namespace uc = engine::unicode;
using engine::PreTokenizer;
using Words = std::vector<std::string>;

TEST(Unicode, CategoriesWhitespaceAndVersion) {
    EXPECT_EQ(uc::flags('A'), uc::kLetter);
    EXPECT_EQ(uc::flags('7'), uc::kNumber);
    EXPECT_EQ(uc::flags(0x0660), uc::kNumber);  // ARABIC-INDIC DIGIT ZERO
    EXPECT_EQ(uc::flags(0x00BD), uc::kNumber);  // ½
    EXPECT_EQ(uc::flags(0x20BD), uc::kSymbol);  // ₽
    EXPECT_EQ(uc::flags('$'), uc::kSymbol);
    EXPECT_EQ(uc::flags(','), uc::kPunctuation);
    EXPECT_EQ(uc::flags(0x0301), uc::kMark);       // combining acute
    EXPECT_EQ(uc::flags(0x200D), uc::kControl);    // ZWJ is Cf
    EXPECT_EQ(uc::flags(0x0378), uc::kUndefined);  // unassigned
    EXPECT_EQ(uc::flags(0x110000), uc::kUndefined);
    EXPECT_EQ(uc::flags(0x2FFC), uc::kSymbol);     // assigned in Unicode 15.1
    EXPECT_EQ(uc::flags(0x1C89), uc::kUndefined);  // assigned only in 16.0: llama.cpp has 15.1
    for (uint32_t c : {0x09u, 0x0Au, 0x0Du, 0x20u, 0x85u, 0xA0u, 0x1680u, 0x2009u, 0x202Fu, 0x3000u})
        EXPECT_TRUE(uc::is_whitespace(c)) << std::hex << c;
    for (uint32_t c : {0x200Bu, 0x180Eu, 0xFEFFu, 0x1Cu, 0x61u})
        EXPECT_FALSE(uc::is_whitespace(c)) << std::hex << c;
}

TEST(Unicode, LowercaseNfdAndUtf8) {
    EXPECT_EQ(uc::to_lower('Q'), uint32_t('q'));
    EXPECT_EQ(uc::to_lower(0x0401), 0x0451u);  // Ё -> ё
    EXPECT_EQ(uc::to_lower(0x0130), 0x0069u);  // İ -> i (simple mapping)
    EXPECT_EQ(uc::to_lower(0x00DF), 0x00DFu);  // ß has no simple lowercase change
    EXPECT_EQ(uc::nfd_first(0x00E9), uint32_t('e'));
    EXPECT_EQ(uc::nfd_first(0x0419), 0x0418u);  // Й -> И + breve
    EXPECT_EQ(uc::nfd_first(0xAC00), 0x1100u);  // Hangul syllable -> leading jamo
    EXPECT_EQ(uc::nfd_first('x'), uint32_t('x'));

    EXPECT_EQ(uc::decode("a\xC3\xA9\xF0\x9F\x99\x82"), (std::vector<uint32_t>{'a', 0xE9, 0x1F642}));
    // Invalid bytes become U+FFFD one byte at a time, as in llama.cpp.
    EXPECT_EQ(uc::decode("\xFF\xC3"), (std::vector<uint32_t>{0xFFFD, 0xFFFD}));
    EXPECT_EQ(uc::decode("\xE2\x82x"), (std::vector<uint32_t>{0xFFFD, 0xFFFD, 'x'}));
    EXPECT_EQ(uc::to_utf8(0x1F642), "\xF0\x9F\x99\x82");
    EXPECT_EQ(uc::to_utf8(0x1FFFFF), "\xEF\xBF\xBD");  // past U+10FFFF

    EXPECT_EQ(uc::byte_to_bpe_char(' '), "\xC4\xA0");   // Ġ
    EXPECT_EQ(uc::byte_to_bpe_char('\n'), "\xC4\x8A");  // Ċ
    for (int b = 0; b < 256; ++b)
        EXPECT_EQ(uc::bpe_char_to_byte(uc::byte_to_bpe_char(static_cast<uint8_t>(b))), b);
    EXPECT_EQ(uc::bpe_char_to_byte("\xE2\x96\x81"), -1);
}

Words split(const char* s, PreTokenizer p) {
    return engine::pre_tokenize_utf8(s, p);
}

TEST(PreTokenizer, SplitsAsTheRegexesSay) {
    // \p{N}{1,3}, [^\r\n\p{L}\p{N}]?\p{L}+, 't contraction, \s+(?!\S) keeps the last space
    EXPECT_EQ(split("12345 don't a  b", PreTokenizer::Llama3), (Words{"123", "45", " don", "'t", " a", " ", " b"}));
    EXPECT_EQ(split("12345", PreTokenizer::Qwen2), (Words{"1", "2", "3", "4", "5"}));
    EXPECT_EQ(split(" 1 234,56", PreTokenizer::Gpt2), (Words{" 1", " 234", ",", "56"}));
    // smollm: digits are split off first, so the space before them stands alone
    EXPECT_EQ(split("x 2024", PreTokenizer::Smollm), (Words{"x", " ", "2", "0", "2", "4"}));
    EXPECT_EQ(split("Hello, 世界!", PreTokenizer::DeepseekLlm), (Words{"Hello", ",", " ", "世界", "!"}));
    // default: punctuation runs, gpt2, digit runs, then groups of three ASCII digits
    EXPECT_EQ(split("a+=1234", PreTokenizer::Default), (Words{"a", "+=", "123", "4"}));
    // a thin space is whitespace, but not the ' ' that ?\p{N}+ may take
    EXPECT_EQ(split("1\u2009234", PreTokenizer::Gpt2), (Words{"1", "\u2009", "234"}));
    EXPECT_TRUE(split("", PreTokenizer::Llama3).empty());
    // byte-level form: every byte to GPT-2's alphabet
    EXPECT_EQ(engine::pre_tokenize("a b", PreTokenizer::Gpt2), (Words{"a",
                                                                      "\xC4\xA0"
                                                                      "b"}));
}

// A minimal GGUF v3 writer for metadata-only files.
class GgufBuilder {
public:
    GgufBuilder& str(const std::string& key, const std::string& v) {
        kv(key, 8);
        put_str(v);
        return count();
    }
    GgufBuilder& u32(const std::string& key, uint32_t v) {
        kv(key, 4);
        put(v);
        return count();
    }
    GgufBuilder& boolean(const std::string& key, bool v) {
        kv(key, 7);
        body_.push_back(v ? 1 : 0);
        return count();
    }
    GgufBuilder& strs(const std::string& key, const std::vector<std::string>& v) {
        kv(key, 9);
        put(uint32_t(8));
        put(uint64_t(v.size()));
        for (const auto& s : v)
            put_str(s);
        return count();
    }
    GgufBuilder& f32s(const std::string& key, const std::vector<float>& v) {
        kv(key, 9);
        put(uint32_t(6));
        put(uint64_t(v.size()));
        for (float f : v)
            put(f);
        return count();
    }
    GgufBuilder& i32s(const std::string& key, const std::vector<int32_t>& v) {
        kv(key, 9);
        put(uint32_t(5));
        put(uint64_t(v.size()));
        for (int32_t x : v)
            put(x);
        return count();
    }
    GgufBuilder& u8s(const std::string& key, const std::vector<uint8_t>& v) {
        kv(key, 9);
        put(uint32_t(0));
        put(uint64_t(v.size()));
        body_.insert(body_.end(), v.begin(), v.end());
        return count();
    }
    std::vector<uint8_t> bytes() const {
        std::vector<uint8_t> out = {'G', 'G', 'U', 'F', 3, 0, 0, 0};
        auto app = [&](uint64_t x) {
            for (int i = 0; i < 8; ++i)
                out.push_back(static_cast<uint8_t>(x >> (8 * i)));
        };
        app(0);
        app(n_kv_);
        out.insert(out.end(), body_.begin(), body_.end());
        while (out.size() % 32)
            out.push_back(0);
        return out;
    }

private:
    template <class T>
    void put(T v) {
        uint8_t b[sizeof(T)];
        std::memcpy(b, &v, sizeof(T));
        body_.insert(body_.end(), b, b + sizeof(T));
    }
    void put_str(const std::string& s) {
        put(uint64_t(s.size()));
        body_.insert(body_.end(), s.begin(), s.end());
    }
    void kv(const std::string& key, uint32_t type) {
        put_str(key);
        put(type);
    }
    GgufBuilder& count() {
        ++n_kv_;
        return *this;
    }
    std::vector<uint8_t> body_;
    uint64_t n_kv_ = 0;
};

// Loads the vocabulary of an in-memory file; returns the error message ("" when it loads).
std::string vocab_error(const GgufBuilder& b) {
    const std::vector<uint8_t> bytes = b.bytes();
    try {
        auto f = engine::GgufFile::from_memory(bytes.data(), bytes.size(), "test.gguf");
        engine::Tokenizer t = engine::Tokenizer::from_gguf(*f);
        (void)t.tokenize("hello world", true, true);
        return "";
    } catch (const engine::VocabError& e) {
        return e.what();
    }
}

// SentencePiece vocabulary that spells "hello" and "world" from characters up.
GgufBuilder spm_vocab() {
    const std::string sp = "\xE2\x96\x81";
    std::vector<std::string> toks = {"<unk>",   "<s>",      "</s>",     sp + "hello", sp + "world", sp,
                                     "h",       "e",        "l",        "o",          "w",          "r",
                                     "d",       sp + "h",   sp + "he",  sp + "hel",   sp + "hell",  sp + "w",
                                     sp + "wo", sp + "wor", sp + "worl"};
    std::vector<float> scores(toks.size());
    std::vector<int32_t> types(toks.size(), 1);
    types[0] = 2, types[1] = 3, types[2] = 3;
    for (size_t i = 3; i < toks.size(); ++i)
        scores[i] = static_cast<float>(toks[i].size());  // longer wins
    GgufBuilder b;
    b.str("tokenizer.ggml.model", "llama")
        .strs("tokenizer.ggml.tokens", toks)
        .f32s("tokenizer.ggml.scores", scores)
        .i32s("tokenizer.ggml.token_type", types);
    return b;
}

TEST(Vocab, LoadsAMinimalVocabulary) {
    EXPECT_EQ(vocab_error(spm_vocab()), "");
    const auto bytes = spm_vocab().bytes();
    auto f = engine::GgufFile::from_memory(bytes.data(), bytes.size());
    const auto tok = engine::Tokenizer::from_gguf(*f);
    EXPECT_EQ(tok.tokenize("hello world", true, false), (std::vector<TokenId>{1, 3, 4}));
    EXPECT_EQ(tok.tokenize("", true, false), (std::vector<TokenId>{1}));
    EXPECT_EQ(tok.detokenize(std::vector<TokenId>{1, 3, 4}, false), " hello world");
    // As llama_detokenize: the leading space is removed from the first piece only, and a
    // BOS counts as the first piece (even when remove_special drops it).
    EXPECT_EQ(tok.detokenize(std::vector<TokenId>{1, 3, 4}, false, true), " hello world");
    EXPECT_EQ(tok.detokenize(std::vector<TokenId>{3, 4}, false), "hello world");
    EXPECT_EQ(tok.detokenize(std::vector<TokenId>{1, 3, 4}, true), "<s> hello world");
    EXPECT_TRUE(tok.vocab().is_eog(2));
    EXPECT_THROW(tok.token_to_piece(21, false), engine::TokenizerError);
    EXPECT_THROW(tok.token_to_piece(-1, true), engine::TokenizerError);
    // No byte tokens for 'x': a clear error, never a crash.
    EXPECT_THROW(tok.tokenize("x", false, false), engine::TokenizerError);
}

TEST(Vocab, BrokenMetadataGivesErrorsNamingTheKey) {
    auto has = [](const std::string& msg, const std::string& part) {
        return msg.find(part) != std::string::npos ? ::testing::AssertionSuccess()
                                                   : ::testing::AssertionFailure() << "message: " << msg;
    };
    EXPECT_TRUE(has(vocab_error(GgufBuilder().strs("tokenizer.ggml.tokens", {"a"})), "tokenizer.ggml.model"));
    EXPECT_TRUE(has(vocab_error(GgufBuilder().str("tokenizer.ggml.model", "rwkv").strs("tokenizer.ggml.tokens", {"a"})),
                    "'rwkv' is not supported"));
    EXPECT_TRUE(has(vocab_error(GgufBuilder().str("tokenizer.ggml.model", "llama")), "tokenizer.ggml.tokens"));
    EXPECT_TRUE(has(vocab_error(GgufBuilder().str("tokenizer.ggml.model", "llama").u32("tokenizer.ggml.tokens", 3)),
                    "expected array of strings"));
    EXPECT_TRUE(has(vocab_error(GgufBuilder().str("tokenizer.ggml.model", "llama").strs("tokenizer.ggml.tokens", {})),
                    "empty"));
    EXPECT_TRUE(has(vocab_error(GgufBuilder()
                                    .str("tokenizer.ggml.model", "llama")
                                    .strs("tokenizer.ggml.tokens", {"a", "b"})
                                    .f32s("tokenizer.ggml.scores", {0})),
                    "tokenizer.ggml.scores: expected 2 values, got 1"));
    EXPECT_TRUE(has(vocab_error(GgufBuilder()
                                    .str("tokenizer.ggml.model", "llama")
                                    .strs("tokenizer.ggml.tokens", {"a", "b"})
                                    .f32s("tokenizer.ggml.token_type", {1, 1})),
                    "tokenizer.ggml.token_type: expected array of int32"));
    EXPECT_TRUE(has(vocab_error(GgufBuilder().str("tokenizer.ggml.model", "gpt2").strs("tokenizer.ggml.tokens", {"a"})),
                    "tokenizer.ggml.merges"));
    EXPECT_TRUE(has(vocab_error(GgufBuilder()
                                    .str("tokenizer.ggml.model", "gpt2")
                                    .str("tokenizer.ggml.pre", "bogus")
                                    .strs("tokenizer.ggml.tokens", {"a"})
                                    .strs("tokenizer.ggml.merges", {})),
                    "'bogus' is not supported"));
    EXPECT_TRUE(has(vocab_error(GgufBuilder()
                                    .str("tokenizer.ggml.model", "t5")
                                    .strs("tokenizer.ggml.tokens", {"a"})
                                    .u8s("tokenizer.ggml.precompiled_charsmap", {200, 0, 0, 0, 1, 2})),
                    "precompiled_charsmap: trie of 200 bytes past the end"));
    EXPECT_TRUE(has(vocab_error(GgufBuilder()
                                    .str("tokenizer.ggml.model", "llama")
                                    .strs("tokenizer.ggml.tokens", {"a"})
                                    .str("tokenizer.ggml.add_bos_token", "yes")),
                    "tokenizer.ggml.add_bos_token"));
    // Out-of-range special ids fall back as in llama.cpp instead of failing.
    GgufBuilder b = spm_vocab();
    b.u32("tokenizer.ggml.eos_token_id", 999);
    EXPECT_EQ(vocab_error(b), "");
}

TEST(Detokenizer, HoldsBackSplitCharactersAndCleanUpSpaces) {
    const auto& tok = *load_vocab("llama-spm").tokenizer;
    // "🙂" has no piece in Llama 2's vocabulary: four <0xXX> byte tokens.
    const auto ids = tok.tokenize("🙂", false, false);
    ASSERT_EQ(ids.size(), 5u);  // "▁" + 4 bytes
    engine::Detokenizer d(tok, false);
    std::vector<std::string> chunks;
    for (auto id : ids)
        chunks.push_back(d.push(id));
    EXPECT_EQ(chunks, (std::vector<std::string>{"", "", "", "", "🙂"}));  // leading space removed
    EXPECT_EQ(d.finish(), "");

    // An unfinished character is flushed by finish(), like detokenize() would return it.
    engine::Detokenizer d2(tok, false);
    EXPECT_EQ(d2.push(ids[1]), "");
    EXPECT_EQ(d2.finish(), std::string("\xF0"));

    // gpt-2 cleans " ," -> ","; the space is held until the next character is known.
    const auto& gpt2 = *load_vocab("gpt-2").tokenizer;
    const auto g = gpt2.tokenize("Hello , world", false, false);
    engine::Detokenizer d3(gpt2, false);
    std::string out;
    for (auto id : g)
        out += d3.push(id);
    out += d3.finish();
    EXPECT_EQ(out, "Hello, world");
    EXPECT_EQ(out, gpt2.detokenize(g, false));
}

}  // namespace
}  // namespace perimeter::test
