// Syntax tree of a parsed template. Plain structs: one Expr/Stmt type with a kind and the
// fields that kind uses (noted per field), so the evaluator is one switch per tree.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/chat/jinja_value.h"

namespace perimeter::engine::jinja {

struct Expr;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

enum class ExprKind {
    Const,     // value
    Name,      // name
    NSRef,     // name.attr as an assignment target: name, attr
    List,      // items
    Tuple,     // items
    Dict,      // items: key, value, key, value, ...
    GetAttr,   // a.attr
    GetItem,   // a[b]
    Slice,     // a:b:c inside [], each may be null
    Call,      // a(items..., kwargs...)
    Filter,    // a | name(items..., kwargs...); a is null in a filter block
    Test,      // a is name(items..., kwargs...)
    Not,       // not a
    Neg,       // -a
    Pos,       // +a
    BinOp,     // a op b, op in + - * / // % **
    Compare,   // items[0] ops[0] items[1] ops[1] items[2] ...
    And,       // a and b
    Or,        // a or b
    CondExpr,  // a if b else c (c may be null)
    Concat,    // items joined with ~
};

struct Expr {
    ExprKind kind = ExprKind::Const;
    int line = 0;
    int depth = 1;               // height of this subtree (bounded by the parser)
    Value value;                 // Const
    std::string name;            // Name, NSRef, Filter, Test; GetAttr attribute; BinOp operator
    std::string attr;            // NSRef attribute
    ExprPtr a, b, c;
    std::vector<ExprPtr> items;
    std::vector<std::pair<std::string, ExprPtr>> kwargs;
    std::vector<std::string> ops;  // Compare: == != < <= > >= in notin
};

enum class StmtKind {
    Text,         // text
    Output,       // expr
    If,           // branches (cond null = else)
    For,          // target in expr [if cond]: body, else_body
    Set,          // target = expr
    SetBlock,     // target (| filter expr): body
    Macro,        // name(params=defaults): body
    CallBlock,    // call(params) expr: body
    FilterBlock,  // filter expr: body
    With,         // targets = values: body
    Break,
    Continue,
    Scope,        // body rendered in place ({% generation %})
};

struct Stmt {
    StmtKind kind = StmtKind::Text;
    int line = 0;
    std::string text;                                 // Text
    ExprPtr expr;                                     // Output, For iterable, Set value, CallBlock call, filters
    ExprPtr target;                                   // For, Set, SetBlock
    ExprPtr cond;                                     // For: `if` filter
    std::vector<std::pair<ExprPtr, Body>> branches;   // If
    Body body, else_body;
    // Macro and CallBlock signature. defaults[i] belongs to params[params.size()-defaults.size()+i].
    std::string name;
    std::vector<std::string> params;
    std::vector<ExprPtr> defaults;
    bool uses_varargs = false, uses_kwargs = false, uses_caller = false;
    bool uses_loop = false;
    bool recursive = false;                           // For: `loop(items)` renders the body again                           // For: the body mentions `loop` (else no loop object is built)
    std::vector<ExprPtr> targets, values;             // With
};

}  // namespace perimeter::engine::jinja
