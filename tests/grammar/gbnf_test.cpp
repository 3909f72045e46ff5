// GBNF parsing (errors named with line and column), accept/reject of whole strings, UTF-8 classes
// matched byte by byte, and token masks checked against a brute-force prefix test.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "engine/grammar/grammar_matcher.h"
#include "engine/grammar/grammar_sampler.h"
#include "engine/sampling/sampler_chain.h"

using namespace perimeter::engine;

namespace {
std::string parse_error(std::string_view text) {
    try {
        Grammar::parse(text);
    } catch (const GrammarError& e) {
        return e.what();
    }
    return "(no error)";
}
}  // namespace

TEST(GbnfParse, ErrorsNameLineColumnAndProblem) {
    EXPECT_EQ(parse_error("root ::= \"a\" [b-"), "grammar: line 1, column 14: expected ']' to close the character class");
    EXPECT_EQ(parse_error("root ::= x\nx ::= \"a\" y"), "grammar: line 2, column 11: undefined rule 'y'");
    EXPECT_EQ(parse_error("root ::= \"abc"), "grammar: line 1, column 10: expected '\"' to close the literal");
    EXPECT_EQ(parse_error("root ::= (\"a\" | \"b\""), "grammar: line 1, column 10: expected ')' to close the group");
    EXPECT_EQ(parse_error("root ::= * \"a\""), "grammar: line 1, column 10: '*' has nothing to repeat");
    EXPECT_EQ(parse_error("root ::= \"a\"{3,1}"), "grammar: line 1, column 13: repetition {m,n} with n < m");
    EXPECT_EQ(parse_error("root = \"a\""), "grammar: line 1, column 6: expected '::=' after rule name 'root'");
    EXPECT_EQ(parse_error("root ::= \"\\q\""), "grammar: line 1, column 11: unknown escape '\\q'");
    EXPECT_EQ(parse_error("item ::= \"a\""), "grammar: no rule named 'root' (the start rule)");
    EXPECT_EQ(parse_error("root ::= expr\nexpr ::= expr \"+\" term | term\nterm ::= [0-9]"),
              "grammar: left recursion in rule 'expr'");
    EXPECT_EQ(parse_error("root ::= \"a\" root"), "grammar: rule 'root' can never finish (no finite string matches it)");
    EXPECT_EQ(parse_error("root ::= \"a\"\nroot ::= \"b\""), "grammar: line 2, column 1: rule 'root' is defined twice");
    EXPECT_EQ(parse_error(""), "grammar: empty grammar text");
    EXPECT_EQ(parse_error("root ::= [^\\x00-\\U0010FFFF]"), "grammar: line 1, column 10: character class matches nothing");
}

TEST(GbnfMatch, AcceptsAndRejects) {
    auto g = Grammar::parse(R"g(
        # an arithmetic expression, multi-line definitions and comments
        root   ::= expr
        expr   ::= term (("+" | "-") term)*
        term   ::= factor ("*" factor)*
        factor ::= number | "(" expr ")"
        number ::= "-"? [0-9]+ ("." [0-9]{1,3})?
    )g");
    for (const char* ok : {"1", "1+2", "-3.25*(4-5)", "((7))", "1.5*2.125+0"}) EXPECT_TRUE(g->matches(ok)) << ok;
    for (const char* bad : {"", "1+", "1.2345", "(1", "1)", "a", "1..2", "--1"}) EXPECT_FALSE(g->matches(bad)) << bad;
    EXPECT_TRUE(g->is_prefix("(1+"));
    EXPECT_FALSE(g->is_prefix("(1+)"));
}

TEST(GbnfMatch, RepetitionBounds) {
    auto g = Grammar::parse("root ::= \"x\"{2,4} \"y\"? [ab]{3} \"z\"{2,}");
    EXPECT_TRUE(g->matches("xxabazz"));
    EXPECT_TRUE(g->matches("xxxxybbbzzzzz"));
    EXPECT_FALSE(g->matches("xabazz"));     // too few x
    EXPECT_FALSE(g->matches("xxxxxabazz"));  // too many x
    EXPECT_FALSE(g->matches("xxabaz"));     // z{2,}
    EXPECT_FALSE(g->matches("xxabzz"));     // [ab]{3}
    auto exact = Grammar::parse("root ::= (\"ab\" | \"c\"){2}");
    EXPECT_TRUE(exact->matches("abc"));
    EXPECT_TRUE(exact->matches("cc"));
    EXPECT_FALSE(exact->matches("c"));
    EXPECT_FALSE(exact->matches("ccc"));
}

TEST(GbnfMatch, Utf8LiteralsClassesAndNegation) {
    auto g = Grammar::parse(R"g(root ::= "Выручка: " [0-9]+ " " [€$₽] " " [^\x00-\x1f"]* "✓"?)g");
    EXPECT_TRUE(g->matches("Выручка: 12 ₽ рост 5% 📈"));
    EXPECT_TRUE(g->matches("Выручка: 7 € ✓"));
    EXPECT_FALSE(g->matches("Выручка: 12 £ x"));
    EXPECT_FALSE(g->matches("Выручка: 12 $ a\"b"));
    // A multi-byte character split across tokens: every byte prefix of "₽" is a valid prefix.
    EXPECT_TRUE(g->is_prefix("Выручка: 1 \xE2"));
    EXPECT_TRUE(g->is_prefix("Выручка: 1 \xE2\x82"));
    EXPECT_FALSE(g->is_prefix("Выручка: 1 \xE2\x82\xAD"));  // U+20AD is not in the class
    EXPECT_FALSE(g->is_prefix("Выручка: 1 \xC3"));          // no 2-byte character is in the class
    // Overlong encodings and stray continuation bytes never match a class.
    auto any = Grammar::parse("root ::= .+");
    EXPECT_TRUE(any->matches("ok ✓"));
    EXPECT_FALSE(any->matches("\xC0\xAF"));
    EXPECT_FALSE(any->matches("\xE0\x80\xAF"));
    EXPECT_FALSE(any->matches("\x80"));
    auto neg = Grammar::parse("root ::= [^a-z]+");
    EXPECT_TRUE(neg->matches("ABC-ä"));
    EXPECT_FALSE(neg->matches("ABcD"));
    auto esc = Grammar::parse(R"g(root ::= "\x41\u00e9\n" [\t\]\-]+)g");
    EXPECT_TRUE(esc->matches("A\xC3\xA9\n\t]-"));
}

TEST(GbnfMatch, DumpShowsCompiledRules) {
    auto g = Grammar::parse("root ::= \"ab\" [x-z]* | item\nitem ::= [0-9]");
    const std::string d = g->dump();
    EXPECT_NE(d.find("root ::= [a] [b] root_1 | item"), std::string::npos) << d;
    EXPECT_NE(d.find("item ::= [0-9]"), std::string::npos) << d;
}

// A small vocabulary with the awkward cases: multi-byte characters split over tokens, tokens
// spanning grammar elements, special tokens, an EOG token, an empty piece.
TEST(GrammarMatcher, MaskEqualsBruteForceAndFollowsTokens) {
    std::vector<std::string> pieces = {
        "<eos>", "{", "}", "\"", "\":", "a", "ab", "abc", "\"a", "1", "12", "123", ",", " ", ", ",
        "\xE2", "\x82", "\xAC", "\xE2\x82\xAC", "€1", "<|im_start|>", "", "{\"", "}\"", "x",
    };
    std::vector<bool> special(pieces.size(), false);
    special[20] = true;
    auto vocab = std::make_shared<GrammarVocab>(pieces, std::vector<int32_t>{0}, special);
    auto g = Grammar::parse(R"g(
        root ::= "{" ( pair ( ", " pair )* )? "}"
        pair ::= "\"" [a-c€]+ "\":" " "? [0-9]{1,3}
    )g");
    GrammarMatcher m(g, vocab);

    std::string text;
    auto check_mask = [&] {
        for (int32_t t = 0; t < int32_t(pieces.size()); ++t) {
            bool expect;
            if (t == 0) expect = g->matches(text);
            else if (special[size_t(t)] || pieces[size_t(t)].empty()) expect = false;
            else expect = g->is_prefix(text + pieces[size_t(t)]);
            ASSERT_EQ(m.is_allowed(t), expect) << "after '" << text << "' token " << t << " '" << pieces[size_t(t)] << "'";
        }
    };
    // {"a€b": 12, "c": 3}  spelled with awkward tokens
    for (int32_t t : {22, 5, 15, 16, 17, 6, 4, 13, 10, 14, 3, 7, 4, 9, 2}) {
        check_mask();
        ASSERT_TRUE(m.is_allowed(t)) << "token " << t << " after '" << text << "'";
        m.accept(t);
        text += pieces[size_t(t)];
    }
    check_mask();
    EXPECT_TRUE(m.is_complete());
    EXPECT_FALSE(m.can_continue());
    std::vector<float> logits(pieces.size() + 3, 1.0f);
    m.apply(logits);
    for (size_t i = 0; i < logits.size(); ++i) EXPECT_EQ(std::isinf(logits[i]), i != 0) << i;
    m.accept(0);
    EXPECT_TRUE(m.is_finished());
    EXPECT_THROW(m.accept(1), GrammarError);

    m.reset();
    EXPECT_FALSE(m.is_allowed(0));    // EOG before the grammar is complete
    EXPECT_FALSE(m.is_allowed(20));   // special token
    EXPECT_THROW(m.accept(0), GrammarError);
    try {
        m.accept(24);
        FAIL() << "'x' accepted";
    } catch (const GrammarError& e) {
        EXPECT_STREQ(e.what(), "grammar: accept: token 24 ('x') does not continue the grammar");
    }
    EXPECT_GT(m.stats().cache_hits, 0u);  // reset() kept the masks of the first run
}

TEST(GrammarMatcher, SamplerChainAlwaysProducesSentences) {
    std::vector<std::string> pieces = {"</s>", "yes", "no", "y", "es", "n", "o", "maybe", " ", "!"};
    auto vocab = std::make_shared<GrammarVocab>(pieces, std::vector<int32_t>{0});
    auto g = Grammar::parse("root ::= (\"yes\" | \"no\") \"!\"{0,2}");
    for (uint64_t seed = 1; seed <= 50; ++seed) {
        auto matcher = std::make_shared<GrammarMatcher>(g, vocab);
        SamplingParams sp;
        sp.seed = seed;
        sp.temperature = 1.0f;
        auto chain = make_sampler_chain(sp, pieces.size());
        chain.add_front(std::make_unique<GrammarSampler>(matcher));
        std::string text;
        std::vector<float> logits(pieces.size(), 0.0f);
        for (int step = 0; step < 10 && !matcher->is_finished(); ++step) {
            const int32_t t = chain.sample(logits);
            chain.accept(t);
            if (t != 0) text += pieces[size_t(t)];
        }
        EXPECT_TRUE(matcher->is_finished()) << text;
        EXPECT_TRUE(g->matches(text)) << text;
    }
}

TEST(GbnfParse, HostileInputGivesErrorsNotCrashes) {
    EXPECT_EQ(parse_error("root ::= " + std::string(100000, '(')),
              "grammar: line 1, column 266: groups nested deeper than 256");
    EXPECT_EQ(parse_error("root ::= (\"a\"?)*").find("grammar: left recursion in rule 'root_"), 0u);
    EXPECT_EQ(parse_error("root ::= \"a\"{1000000}"), "grammar: line 1, column 14: repetition count above 100000");
    EXPECT_EQ(parse_error("root ::= \"\xFF\""), "grammar: line 1, column 11: invalid UTF-8 in the grammar text");
    // Every prefix of a valid grammar either parses or gives a GrammarError.
    const std::string g = "root ::= \"{\" ws (kv (\",\" ws kv)*)? \"}\"\nkv ::= [a-z]+ \":\" [0-9]{1,3}\nws ::= [ \\t]*";
    for (size_t n = 0; n <= g.size(); ++n) {
        try {
            Grammar::parse(g.substr(0, n));
        } catch (const GrammarError&) {
        }
    }
}
