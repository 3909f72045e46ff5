// Token ids, pieces, detokenized text and vocabulary facts against llama.cpp (recorded by
// gen_reference.py through llama-cpp-python 0.3.36) for every vocabulary: the shared
// llama.cpp test vocabularies, Llama 3 and Qwen 2, the SmolLM2 and Gemma 3 models, two real
// SentencePiece unigram models and four small BPE vocabularies for the other pre-tokenizers.
// Every comparison must be 100% equal; the agreement per input group is printed.
#include <gtest/gtest.h>

#include <iostream>
#include <map>

#include "tests/tokenizer/reference_data.h"

namespace perimeter::test {
namespace {

using engine::Tokenizer;
using engine::Vocab;

class Reference_ : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        try {
            ref_ = load_reference(GetParam());
            tok_ = load_vocab(GetParam()).tokenizer.get();
        } catch (const std::exception& e) {
            FAIL() << e.what();
        }
    }
    Reference ref_;
    const Tokenizer* tok_ = nullptr;
};

// Counts and reports mismatches; at most `show` are printed in full.
struct Tally {
    std::string what;
    std::map<std::string, std::pair<int, int>> by_group;  // equal, total
    int failures = 0;
    void add(const std::string& group, bool ok) {
        auto& g = by_group[group];
        g.second++;
        if (ok)
            g.first++;
        else
            failures++;
    }
    void print(const std::string& vocab) const {
        for (const auto& [g, c] : by_group) {
            std::cout << "AGREEMENT " << vocab << " " << what << " " << g << " " << c.first << "/" << c.second << "\n";
        }
    }
};

TEST_P(Reference_, VocabularyFactsMatchLlamaCpp) {
    ASSERT_NE(tok_, nullptr);
    const Vocab& v = tok_->vocab();
    auto info = [&](const char* k) { return std::stoi(ref_.info.at(k)); };
    EXPECT_EQ(v.size(), info("n_tokens"));
    EXPECT_EQ(v.special().bos, info("bos"));
    EXPECT_EQ(v.special().eos, info("eos"));
    EXPECT_EQ(v.special().eot, info("eot"));
    EXPECT_EQ(v.special().sep, info("sep"));
    EXPECT_EQ(v.special().pad, info("pad"));
    if (v.type() != engine::VocabType::Ugm) {
        EXPECT_EQ(v.special().linefeed, info("nl"));
    }
    EXPECT_EQ(v.flags().add_bos, info("add_bos") != 0);
    EXPECT_EQ(v.flags().add_eos, info("add_eos") != 0);
    const std::vector<TokenId> eog = parse_ids(ref_.info.at("eog"));
    EXPECT_EQ(std::vector<TokenId>(v.eog_ids().begin(), v.eog_ids().end()), eog);
    int wrong = 0;
    for (TokenId id = 0; id < v.size(); ++id) {
        auto it = ref_.attrs.find(id);
        const uint32_t want = it == ref_.attrs.end() ? engine::token_attr::kNormal : it->second;
        if (v.attr(id) != want && ++wrong <= 10) {
            ADD_FAILURE() << GetParam() << ": token " << id << " " << show_text(v.text(id)) << " attr " << v.attr(id)
                          << ", llama.cpp " << want;
        }
    }
    EXPECT_EQ(wrong, 0);
}

TEST_P(Reference_, TokenIdsMatchLlamaCpp) {
    ASSERT_NE(tok_, nullptr);
    const auto& strings = reference_strings();
    Tally t{"tokenize"};
    int shown = 0;
    for (const auto& [idx, want] : ref_.tokens) {
        const std::string& s = strings.at(static_cast<size_t>(idx));
        const std::vector<TokenId> got = tok_->tokenize(s, false, false);
        t.add(group_of(idx), got == want);
        if (got != want && ++shown <= 10) {
            ADD_FAILURE() << GetParam() << " string " << idx << " " << show_text(s.substr(0, 200)) << "\n  got  "
                          << show_ids(got) << "\n  want " << show_ids(want);
        }
    }
    t.print(GetParam());
    EXPECT_EQ(t.failures, 0);
    EXPECT_GT(ref_.tokens.size(), 1000u);
}

TEST_P(Reference_, SpecialFlagsMatchLlamaCpp) {
    ASSERT_NE(tok_, nullptr);
    const auto& strings = reference_strings();
    Tally bos{"add_special"}, special{"parse_special"};
    for (const auto& [idx, want] : ref_.with_bos) {
        const std::string s = idx < 0 ? std::string() : strings.at(static_cast<size_t>(idx));
        const auto got = tok_->tokenize(s, true, false);
        bos.add("all", got == want);
        EXPECT_EQ(got, want) << GetParam() << " add_special " << show_text(s);
    }
    for (const auto& [s, want] : ref_.special) {
        const auto got = tok_->tokenize(s, false, true);
        special.add("all", got == want);
        EXPECT_EQ(got, want) << GetParam() << " parse_special " << show_text(s);
    }
    bos.print(GetParam());
    special.print(GetParam());
    EXPECT_FALSE(ref_.with_bos.empty());
    EXPECT_FALSE(ref_.special.empty());
}

TEST_P(Reference_, DetokenizeMatchesLlamaCpp) {
    ASSERT_NE(tok_, nullptr);
    Tally d{"detokenize"}, pieces{"token_to_piece"};
    for (const auto& [idx, want] : ref_.detok) {
        const std::vector<TokenId>& ids = ref_.tokens.at(idx);
        const std::string plain = tok_->detokenize(ids, false);
        const std::string special = tok_->detokenize(ids, true);
        d.add(group_of(idx), plain == want.first && special == want.second);
        EXPECT_EQ(show_text(plain), show_text(want.first)) << GetParam() << " string " << idx;
        EXPECT_EQ(show_text(special), show_text(want.second)) << GetParam() << " string " << idx << " (special)";
    }
    for (const auto& [idx, want] : ref_.detok_removed) {
        const std::string got = tok_->detokenize(ref_.with_bos.at(idx), false, /*remove_special=*/true);
        d.add("remove_special", got == want);
        EXPECT_EQ(show_text(got), show_text(want)) << GetParam() << " remove_special, string " << idx;
    }
    for (const auto& [id, want] : ref_.pieces) {
        const std::string plain = tok_->token_to_piece(id, false);
        const std::string special = tok_->token_to_piece(id, true);
        pieces.add("all", plain == want.first && special == want.second);
        EXPECT_EQ(show_text(plain), show_text(want.first)) << GetParam() << " token " << id;
        EXPECT_EQ(show_text(special), show_text(want.second)) << GetParam() << " token " << id << " (special)";
    }
    d.print(GetParam());
    pieces.print(GetParam());
    EXPECT_FALSE(ref_.detok.empty());
    EXPECT_FALSE(ref_.pieces.empty());
}

INSTANTIATE_TEST_SUITE_P(AllVocabs, Reference_, ::testing::ValuesIn(reference_vocab_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string n = info.param;
                             for (char& c : n)
                                 if (!isalnum(static_cast<unsigned char>(c)))
                                     c = '_';
                             return n;
                         });

}  // namespace
}  // namespace perimeter::test
