// Jinja parser: tokens -> syntax tree. Mirrors jinja2's parser.py (operator precedence,
// tuples, `is` tests with a bare argument, filters binding to unary expressions) for the
// statements chat templates use: if/elif/else, for/else (with `if` filter), set and block
// set, macro, call, filter, with, break/continue (loopcontrols), print, and transformers'
// {% generation %}. Unknown tags are errors at parse time; unknown filters and tests are
// errors when evaluated (jinja2 3.x accepts them in a branch that is never taken).
// Nesting is bounded so that a hostile template cannot overflow the stack.
#pragma once
#include <string_view>

#include "engine/chat/jinja_ast.h"

namespace perimeter::engine::jinja {

struct ParseLimits {
    int max_expr_depth = 200;    // height of one expression tree
    int max_block_depth = 100;   // nested if/for/macro/...
};

// Throws TemplateError (Syntax).
Body parse_template(std::string_view source, const ParseLimits& limits = {});

}  // namespace perimeter::engine::jinja
