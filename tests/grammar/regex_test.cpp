// Regex -> grammar: the compiled grammar accepts exactly what std::regex_match accepts, on
// hand-picked strings; unsupported constructs are named errors.
#include <gtest/gtest.h>

#include <regex>

#include "engine/grammar/regex_grammar.h"

using namespace perimeter::engine;

TEST(RegexGrammar, AgreesWithStdRegex) {
    struct Case {
        const char* pattern;
        std::vector<const char*> inputs;
    };
    const Case cases[] = {
        {R"(^\d{3}-\d{2}$)", {"123-45", "12-345", "123-456", "abc-de", ""}},
        {R"([A-Z]{1,5}(\.[A-Z]{1,2})?)", {"A", "AAPL", "SBER.ME", "SBER.", "sber", "ABCDEF", "AB.CDE"}},
        {R"((buy|hold|sell)!*)", {"buy", "hold!!", "sell!", "bu", "buyhold", "!"}},
        {R"(\w+@\w+\.(com|org))", {"a@b.com", "x_1@y2.org", "a@b.net", "@b.com", "a@.com"}},
        {R"([^a-c\s]+x?)", {"def", "dx", "xx", "abc", "d e", "D-9x"}},
        {R"(a.c)", {"abc", "a c", "a\nc", "ac", "abbc"}},
        {R"((?:ab)+|c{2,3}|d{2,})", {"ab", "abab", "cc", "ccc", "cccc", "dd", "ddddd", "d", "aba"}},
        {R"(\$\d+(,\d{3})*(\.\d\d)?)", {"$1", "$1,000.50", "$12,34", "1.00", "$1,000,000"}},
        {R"([\d.-]+|\[x\])", {"1.2-3", "[x]", "[y]", "--", "x"}},
        {R"(colou?r\s?[:=]\s?\S+)", {"color:red", "colour = blue", "color  :red", "colr:x"}},
    };
    for (const auto& c : cases) {
        auto g = regex_grammar(c.pattern);
        const std::regex re(c.pattern);
        for (const char* in : c.inputs)
            EXPECT_EQ(g->matches(in), std::regex_match(in, re)) << "pattern " << c.pattern << " input '" << in << "'";
    }
}

TEST(RegexGrammar, UnicodeClasses) {
    auto g = regex_grammar("[А-Яа-яЁё]+ \\d+ ₽");
    EXPECT_TRUE(g->matches("Выручка 100 ₽"));
    EXPECT_FALSE(g->matches("Revenue 100 ₽"));
    auto any = regex_grammar("x.y");
    EXPECT_TRUE(any->matches("x€y"));
}

TEST(RegexGrammar, JsonStringModeEscapes) {
    RegexGbnfOptions o;
    o.json_string = true;
    auto g = Grammar::parse("root ::= " + regex_to_gbnf_expr(R"(a"\\.\n)", o));
    EXPECT_TRUE(g->matches(R"(a\"\\x\n)"));   // a " \ x newline, written as JSON string content
    EXPECT_FALSE(g->matches("a\"\\x\n"));     // raw quote and newline are not allowed inside a JSON string
}

TEST(RegexGrammar, ErrorsNamePosition) {
    auto err = [](const char* p) {
        try {
            regex_grammar(p);
        } catch (const GrammarError& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    EXPECT_EQ(err("(a)\\1"), "regex: position 3: backreferences are not supported");
    EXPECT_EQ(err("a(?=b)"), "regex: position 1: lookarounds and named groups are not supported");
    EXPECT_EQ(err("[abc"), "regex: position 0: unterminated character class");
    EXPECT_EQ(err("a{3,1}"), "regex: position 1: {m,n} with n < m");
    EXPECT_EQ(err("*a"), "regex: position 0: '*' has nothing to repeat");
    EXPECT_EQ(err("a)"), "regex: position 1: unmatched ')'");
    EXPECT_EQ(err("\\bword"), "regex: position 0: word boundaries (\\b) are not supported");
    EXPECT_EQ(err("a^b"), "regex: position 1: anchors inside the pattern are not supported");
}
