// Regular expression -> GBNF, for regex-constrained generation and JSON Schema "pattern".
//
// Supported (ECMAScript syntax): literals, escapes \d \w \s \D \W \S \n \r \t \f \v \0 \xHH \uHHHH
// and escaped punctuation, classes [a-z0-9_] with ranges, negation and class escapes, . (any
// character but a line break), groups ( ) and (?: ), alternation |, quantifiers * + ? {m} {m,}
// {m,n} (lazy forms accepted: only the language matters here). The match is always the whole
// text: ^ at the start and $ at the end are accepted and change nothing. Lookarounds,
// backreferences and \b are errors ("regex: position 4: backreferences are not supported").
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "engine/grammar/grammar.h"

namespace perimeter::engine {

struct RegexGbnfOptions {
    // Write the match as the inside of a JSON string: '"', '\' and control characters appear in
    // their escaped JSON forms (\" \\ \n ...), as they must between the quotes.
    bool json_string = false;
    int max_repeat = 1000;  // {m,n} bounds above this are an error (the grammar would be huge)
};

// A GBNF expression (no rule definitions) for the regex.
std::string regex_to_gbnf_expr(std::string_view pattern, const RegexGbnfOptions& opts = {});
// A complete grammar: "root ::= <expr>".
std::string regex_to_gbnf(std::string_view pattern, const RegexGbnfOptions& opts = {});
std::shared_ptr<const Grammar> regex_grammar(std::string_view pattern);

}  // namespace perimeter::engine
