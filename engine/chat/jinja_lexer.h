// Jinja lexer, configured as transformers configures jinja2 for chat templates:
// trim_blocks and lstrip_blocks on, keep_trailing_newline off, default delimiters.
//
// It follows jinja2's lexer rule by rule (jinja2/lexer.py): newlines are normalised to "\n",
// one trailing newline is dropped, "{%-"/"-%}" strip all whitespace, "{%+"/"+%}" switch
// lstrip/trim off for that tag, a block or comment alone on its line loses the indentation
// before it and the newline after it, `}}`/`%}` close a tag only outside brackets.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace perimeter::engine::jinja {

enum class TokenType { Data, VariableBegin, VariableEnd, BlockBegin, BlockEnd, Name, String, Integer, Float, Operator, Eof };

struct Token {
    TokenType type = TokenType::Eof;
    std::string value;  // Data text, name, decoded string, operator spelling
    int64_t ival = 0;
    double fval = 0.0;
    int line = 1;
};

// Throws TemplateError (Syntax) with the line of the problem.
std::vector<Token> tokenize(std::string_view source);

}  // namespace perimeter::engine::jinja
