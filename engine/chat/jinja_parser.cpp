#include "engine/chat/jinja_parser.h"

#include <algorithm>
#include <initializer_list>

#include "engine/chat/jinja_lexer.h"

namespace perimeter::engine::jinja {

namespace {

class Parser {
public:
    Parser(std::vector<Token> tokens, const ParseLimits& limits) : t_(std::move(tokens)), lim_(limits) {}

    Body parse() {
        Body body = subparse({});
        if (cur().type != TokenType::Eof) fail("unexpected tag", cur().line);
        return body;
    }

private:
    // ---- token helpers ----
    const Token& cur() const { return t_[i_]; }
    const Token& look(size_t k = 1) const { return t_[std::min(i_ + k, t_.size() - 1)]; }
    void next() {
        if (i_ + 1 < t_.size()) ++i_;
    }
    bool is_op(const char* op) const { return cur().type == TokenType::Operator && cur().value == op; }
    bool is_name(const char* n) const { return cur().type == TokenType::Name && cur().value == n; }
    bool skip_op(const char* op) {
        if (!is_op(op)) return false;
        next();
        return true;
    }
    bool skip_name(const char* n) {
        if (!is_name(n)) return false;
        next();
        return true;
    }

    [[noreturn]] void fail(const std::string& msg, int line) const {
        throw TemplateError(TemplateError::Kind::Syntax, line, msg);
    }

    static std::string describe(const Token& t) {
        switch (t.type) {
            case TokenType::Data: return "template data";
            case TokenType::VariableBegin: return "'{{'";
            case TokenType::VariableEnd: return "end of print statement";
            case TokenType::BlockBegin: return "'{%'";
            case TokenType::BlockEnd: return "end of statement block";
            case TokenType::Name: return "'" + t.value + "'";
            case TokenType::String: return "string";
            case TokenType::Integer: return "integer";
            case TokenType::Float: return "float";
            case TokenType::Operator: return "'" + t.value + "'";
            case TokenType::Eof: return "end of template";
        }
        return "?";
    }

    void expect_op(const char* op) {
        if (!is_op(op)) fail(std::string("expected '") + op + "', got " + describe(cur()), cur().line);
        next();
    }
    std::string expect_name() {
        if (cur().type != TokenType::Name) fail("expected a name, got " + describe(cur()), cur().line);
        std::string n = cur().value;
        next();
        return n;
    }
    void expect_name(const char* n) {
        if (!is_name(n)) fail(std::string("expected '") + n + "', got " + describe(cur()), cur().line);
        next();
    }
    void expect_block_end() {
        if (cur().type != TokenType::BlockEnd) fail("expected end of statement block, got " + describe(cur()), cur().line);
        next();
    }

    // ---- node helpers ----
    ExprPtr node(ExprKind k, int line) {
        auto e = std::make_unique<Expr>();
        e->kind = k;
        e->line = line;
        return e;
    }
    // Computes the subtree height and enforces the bound (evaluation recurses on it).
    ExprPtr seal(ExprPtr e) {
        int d = 0;
        for (const Expr* c : {e->a.get(), e->b.get(), e->c.get()})
            if (c) d = std::max(d, c->depth);
        for (const auto& c : e->items)
            if (c) d = std::max(d, c->depth);
        for (const auto& kv : e->kwargs) d = std::max(d, kv.second->depth);
        e->depth = d + 1;
        if (e->depth > lim_.max_expr_depth)
            fail("expression nested deeper than " + std::to_string(lim_.max_expr_depth) + " levels", e->line);
        return e;
    }

    struct DepthGuard {
        DepthGuard(Parser& p, int line) : p(p) {
            if (++p.nest_ > p.lim_.max_expr_depth)
                p.fail("expression nested deeper than " + std::to_string(p.lim_.max_expr_depth) + " levels", line);
        }
        ~DepthGuard() { --p.nest_; }
        Parser& p;
    };

    bool is_tuple_end(std::initializer_list<const char*> extra) const {
        if (cur().type == TokenType::VariableEnd || cur().type == TokenType::BlockEnd || is_op(")")) return true;
        for (const char* n : extra)
            if (is_name(n)) return true;
        return false;
    }

    // ---- expressions (jinja2 parser.py, same precedence) ----
    ExprPtr parse_tuple(bool simplified = false, bool with_condexpr = true,
                        std::initializer_list<const char*> extra_end = {}, bool explicit_parens = false,
                        bool with_namespace = false) {
        const int line = cur().line;
        std::vector<ExprPtr> args;
        bool is_tuple = false;
        while (true) {
            if (!args.empty()) expect_op(",");
            if (is_tuple_end(extra_end)) break;
            args.push_back(simplified ? parse_primary(with_namespace) : parse_expression(with_condexpr));
            if (is_op(",")) is_tuple = true;
            else break;
        }
        if (!is_tuple) {
            if (!args.empty()) return std::move(args[0]);
            if (!explicit_parens) fail("expected an expression, got " + describe(cur()), cur().line);
        }
        auto t = node(ExprKind::Tuple, line);
        t->items = std::move(args);
        return seal(std::move(t));
    }

    ExprPtr parse_expression(bool with_condexpr = true) { return with_condexpr ? parse_condexpr() : parse_or(); }

    ExprPtr parse_condexpr() {
        DepthGuard g(*this, cur().line);
        int line = cur().line;
        ExprPtr expr1 = parse_or();
        while (skip_name("if")) {
            ExprPtr expr2 = parse_or();
            ExprPtr expr3;
            if (skip_name("else")) expr3 = parse_condexpr();
            auto e = node(ExprKind::CondExpr, line);
            e->a = std::move(expr1);
            e->b = std::move(expr2);
            e->c = std::move(expr3);
            expr1 = seal(std::move(e));
            line = cur().line;
        }
        return expr1;
    }

    ExprPtr binary(ExprKind k, ExprPtr l, ExprPtr r, int line, std::string op = {}) {
        auto e = node(k, line);
        e->a = std::move(l);
        e->b = std::move(r);
        e->name = std::move(op);
        return seal(std::move(e));
    }

    ExprPtr parse_or() {
        ExprPtr left = parse_and();
        while (is_name("or")) {
            int line = cur().line;
            next();
            left = binary(ExprKind::Or, std::move(left), parse_and(), line);
        }
        return left;
    }

    ExprPtr parse_and() {
        ExprPtr left = parse_not();
        while (is_name("and")) {
            int line = cur().line;
            next();
            left = binary(ExprKind::And, std::move(left), parse_not(), line);
        }
        return left;
    }

    ExprPtr parse_not() {
        if (is_name("not")) {
            DepthGuard g(*this, cur().line);
            auto e = node(ExprKind::Not, cur().line);
            next();
            e->a = parse_not();
            return seal(std::move(e));
        }
        return parse_compare();
    }

    ExprPtr parse_compare() {
        const int line = cur().line;
        ExprPtr expr = parse_math1();
        std::vector<std::string> ops;
        std::vector<ExprPtr> operands;
        while (true) {
            static const char* const cmp[] = {"==", "!=", "<", "<=", ">", ">="};
            std::string op;
            if (cur().type == TokenType::Operator)
                for (const char* c : cmp)
                    if (cur().value == c) op = c;
            if (!op.empty()) {
                next();
            } else if (is_name("in")) {
                next();
                op = "in";
            } else if (is_name("not") && look().type == TokenType::Name && look().value == "in") {
                next();
                next();
                op = "notin";
            } else {
                break;
            }
            ops.push_back(op);
            operands.push_back(parse_math1());
        }
        if (ops.empty()) return expr;
        auto e = node(ExprKind::Compare, line);
        e->items.push_back(std::move(expr));
        for (auto& o : operands) e->items.push_back(std::move(o));
        e->ops = std::move(ops);
        return seal(std::move(e));
    }

    ExprPtr parse_math1() {
        ExprPtr left = parse_concat();
        while (is_op("+") || is_op("-")) {
            std::string op = cur().value;
            int line = cur().line;
            next();
            left = binary(ExprKind::BinOp, std::move(left), parse_concat(), line, op);
        }
        return left;
    }

    ExprPtr parse_concat() {
        const int line = cur().line;
        ExprPtr first = parse_math2();
        if (!is_op("~")) return first;
        auto e = node(ExprKind::Concat, line);
        e->items.push_back(std::move(first));
        while (skip_op("~")) {
            e->items.push_back(parse_math2());
            if (e->items.size() > 10000) fail("too many operands in a ~ chain", line);
        }
        return seal(std::move(e));
    }

    ExprPtr parse_math2() {
        ExprPtr left = parse_pow();
        while (is_op("*") || is_op("/") || is_op("//") || is_op("%")) {
            std::string op = cur().value;
            int line = cur().line;
            next();
            left = binary(ExprKind::BinOp, std::move(left), parse_pow(), line, op);
        }
        return left;
    }

    ExprPtr parse_pow() {
        ExprPtr left = parse_unary();
        while (is_op("**")) {
            int line = cur().line;
            next();
            left = binary(ExprKind::BinOp, std::move(left), parse_unary(), line, "**");
        }
        return left;
    }

    ExprPtr parse_unary(bool with_filter = true) {
        DepthGuard g(*this, cur().line);
        const int line = cur().line;
        ExprPtr n;
        if (is_op("-") || is_op("+")) {
            ExprKind k = is_op("-") ? ExprKind::Neg : ExprKind::Pos;
            next();
            n = node(k, line);
            n->a = parse_unary(false);
            n = seal(std::move(n));
        } else {
            n = parse_primary();
        }
        n = parse_postfix(std::move(n));
        if (with_filter) n = parse_filter_expr(std::move(n));
        return n;
    }

    ExprPtr parse_primary(bool with_namespace = false) {
        DepthGuard g(*this, cur().line);
        const Token& tok = cur();
        const int line = tok.line;
        if (tok.type == TokenType::Name) {
            std::string v = tok.value;
            next();
            if (v == "true" || v == "True" || v == "false" || v == "False") {
                auto e = node(ExprKind::Const, line);
                e->value = Value(v == "true" || v == "True");
                return e;
            }
            if (v == "none" || v == "None") {
                auto e = node(ExprKind::Const, line);
                e->value = Value::none();
                return e;
            }
            if (with_namespace && is_op(".")) {
                next();
                auto e = node(ExprKind::NSRef, line);
                e->name = v;
                e->attr = expect_name();
                return e;
            }
            if (v == "loop") ++loop_refs_;
            if (!macro_stack_.empty()) {
                if (v == "varargs") macro_stack_.back()->uses_varargs = true;
                if (v == "kwargs") macro_stack_.back()->uses_kwargs = true;
                if (v == "caller") macro_stack_.back()->uses_caller = true;
            }
            auto e = node(ExprKind::Name, line);
            e->name = v;
            return e;
        }
        if (tok.type == TokenType::String) {
            std::string s;
            while (cur().type == TokenType::String) {  // adjacent literals concatenate
                s += cur().value;
                next();
            }
            auto e = node(ExprKind::Const, line);
            e->value = Value(std::move(s));
            return e;
        }
        if (tok.type == TokenType::Integer || tok.type == TokenType::Float) {
            auto e = node(ExprKind::Const, line);
            e->value = tok.type == TokenType::Integer ? Value(tok.ival) : Value(tok.fval);
            next();
            return e;
        }
        if (is_op("(")) {
            next();
            ExprPtr e = parse_tuple(false, true, {}, true);
            expect_op(")");
            return e;
        }
        if (is_op("[")) {
            next();
            auto e = node(ExprKind::List, line);
            while (!is_op("]")) {
                if (!e->items.empty()) expect_op(",");
                if (is_op("]")) break;
                e->items.push_back(parse_expression());
            }
            expect_op("]");
            return seal(std::move(e));
        }
        if (is_op("{")) {
            next();
            auto e = node(ExprKind::Dict, line);
            while (!is_op("}")) {
                if (!e->items.empty()) expect_op(",");
                if (is_op("}")) break;
                e->items.push_back(parse_expression());
                expect_op(":");
                e->items.push_back(parse_expression());
            }
            expect_op("}");
            return seal(std::move(e));
        }
        fail("unexpected " + describe(tok), line);
    }

    ExprPtr parse_postfix(ExprPtr n) {
        while (true) {
            if (is_op(".") || is_op("[")) n = parse_subscript(std::move(n));
            else if (is_op("(")) n = parse_call(std::move(n));
            else break;
        }
        return n;
    }

    ExprPtr parse_filter_expr(ExprPtr n) {
        while (true) {
            if (is_op("|")) n = parse_filter(std::move(n));
            else if (is_name("is")) n = parse_test(std::move(n));
            else if (is_op("(")) n = parse_call(std::move(n));
            else break;
        }
        return n;
    }

    ExprPtr parse_subscript(ExprPtr n) {
        const int line = cur().line;
        if (skip_op(".")) {
            const Token& at = cur();
            if (at.type == TokenType::Name) {
                auto e = node(ExprKind::GetAttr, line);
                e->a = std::move(n);
                e->name = at.value;
                next();
                return seal(std::move(e));
            }
            if (at.type != TokenType::Integer) fail("expected name or number after '.'", at.line);
            auto e = node(ExprKind::GetItem, line);
            e->a = std::move(n);
            e->b = node(ExprKind::Const, at.line);
            e->b->value = Value(at.ival);
            next();
            return seal(std::move(e));
        }
        expect_op("[");
        std::vector<ExprPtr> args;
        while (!is_op("]")) {
            if (!args.empty()) expect_op(",");
            args.push_back(parse_subscribed());
        }
        expect_op("]");
        auto e = node(ExprKind::GetItem, line);
        e->a = std::move(n);
        if (args.size() == 1) {
            e->b = std::move(args[0]);
        } else {
            e->b = node(ExprKind::Tuple, line);
            e->b->items = std::move(args);
            e->b = seal(std::move(e->b));
        }
        return seal(std::move(e));
    }

    ExprPtr parse_subscribed() {
        const int line = cur().line;
        ExprPtr start;
        if (is_op(":")) {
            next();
        } else {
            ExprPtr n = parse_expression();
            if (!is_op(":")) return n;
            next();
            start = std::move(n);
        }
        auto s = node(ExprKind::Slice, line);
        s->a = std::move(start);
        if (!is_op(":") && !is_op("]") && !is_op(",")) s->b = parse_expression();
        if (skip_op(":")) {
            if (!is_op("]") && !is_op(",")) s->c = parse_expression();
        }
        return seal(std::move(s));
    }

    void parse_call_args(Expr& e) {
        const int line = cur().line;
        expect_op("(");
        bool require_comma = false;
        while (!is_op(")")) {
            if (require_comma) {
                expect_op(",");
                if (is_op(")")) break;
            }
            if (is_op("*") || is_op("**")) fail("*args and **kwargs in calls are not supported", line);
            if (cur().type == TokenType::Name && look().type == TokenType::Operator && look().value == "=") {
                std::string key = cur().value;
                next();
                next();
                e.kwargs.emplace_back(std::move(key), parse_expression());
            } else {
                if (!e.kwargs.empty()) fail("invalid syntax for function call expression", line);
                e.items.push_back(parse_expression());
            }
            require_comma = true;
        }
        expect_op(")");
    }

    ExprPtr parse_call(ExprPtr callee) {
        auto e = node(ExprKind::Call, cur().line);
        e->a = std::move(callee);
        parse_call_args(*e);
        return seal(std::move(e));
    }

    std::string dotted_name() {
        std::string name = expect_name();
        while (skip_op(".")) {
            name += '.';
            name += expect_name();
        }
        return name;
    }

    // `| name(args)` repeated; `start_inline` for {% filter name %} (no leading pipe).
    ExprPtr parse_filter(ExprPtr n, bool start_inline = false) {
        while (is_op("|") || start_inline) {
            if (!start_inline) next();
            start_inline = false;
            const int line = cur().line;
            std::string name = dotted_name();
            auto e = node(ExprKind::Filter, line);
            e->a = std::move(n);
            e->name = std::move(name);
            if (is_op("(")) parse_call_args(*e);
            n = seal(std::move(e));
        }
        return n;
    }

    ExprPtr parse_test(ExprPtr n) {
        const int line = cur().line;
        next();  // is
        bool negated = skip_name("not");
        std::string name = dotted_name();
        auto e = node(ExprKind::Test, line);
        e->a = std::move(n);
        e->name = std::move(name);
        if (is_op("(")) {
            parse_call_args(*e);
        } else if ((cur().type == TokenType::Name || cur().type == TokenType::String ||
                    cur().type == TokenType::Integer || cur().type == TokenType::Float || is_op("(") || is_op("[") ||
                    is_op("{")) &&
                   !is_name("else") && !is_name("or") && !is_name("and")) {
            if (is_name("is")) fail("you cannot chain multiple tests with is", line);
            e->items.push_back(parse_postfix(parse_primary()));
        }
        ExprPtr t = seal(std::move(e));
        if (!negated) return t;
        auto nt = node(ExprKind::Not, line);
        nt->a = std::move(t);
        return seal(std::move(nt));
    }

    ExprPtr parse_assign_target(std::initializer_list<const char*> extra_end = {}, bool with_namespace = false) {
        const int line = cur().line;
        ExprPtr t = parse_tuple(true, true, extra_end, false, with_namespace);
        auto assignable = [](const Expr& e) { return e.kind == ExprKind::Name || e.kind == ExprKind::NSRef; };
        if (t->kind == ExprKind::Tuple) {
            for (const auto& it : t->items)
                if (!assignable(*it) || it->kind == ExprKind::NSRef) fail("can't assign to this tuple", line);
        } else if (!assignable(*t)) {
            fail("can't assign to this expression", line);
        } else if (t->kind == ExprKind::Name &&
                   (t->name == "true" || t->name == "false" || t->name == "none")) {
            fail("can't assign to a constant", line);
        }
        return t;
    }

    // ---- statements ----
    bool at_end_token(const std::vector<const char*>& ends) const {
        for (const char* e : ends)
            if (is_name(e)) return true;
        return false;
    }

    Body subparse(const std::vector<const char*>& ends) {
        Body body;
        while (true) {
            const Token& tok = cur();
            if (tok.type == TokenType::Eof) {
                if (!ends.empty()) {
                    std::string want;
                    for (const char* e : ends) want += (want.empty() ? "'" : " or '") + std::string(e) + "'";
                    fail("unexpected end of template, expected " + want, tok.line);
                }
                return body;
            }
            if (tok.type == TokenType::Data) {
                auto s = std::make_unique<Stmt>();
                s->kind = StmtKind::Text;
                s->line = tok.line;
                s->text = tok.value;
                body.push_back(std::move(s));
                next();
            } else if (tok.type == TokenType::VariableBegin) {
                next();
                auto s = std::make_unique<Stmt>();
                s->kind = StmtKind::Output;
                s->line = tok.line;
                s->expr = parse_tuple();
                if (cur().type != TokenType::VariableEnd)
                    fail("expected end of print statement, got " + describe(cur()), cur().line);
                next();
                body.push_back(std::move(s));
            } else if (tok.type == TokenType::BlockBegin) {
                next();
                if (at_end_token(ends)) return body;
                body.push_back(parse_statement());
                expect_block_end();
            } else {
                fail("unexpected " + describe(tok), tok.line);
            }
        }
    }

    struct BlockGuard {
        BlockGuard(Parser& p, int line) : p(p) {
            if (++p.blocks_ > p.lim_.max_block_depth)
                p.fail("blocks nested deeper than " + std::to_string(p.lim_.max_block_depth) + " levels", line);
        }
        ~BlockGuard() { --p.blocks_; }
        Parser& p;
    };

    // Body up to one of `ends`; leaves the end tag name as the current token.
    Body block_body(const std::vector<const char*>& ends) {
        skip_op(":");
        expect_block_end();
        Body b = subparse(ends);
        return b;
    }

    void parse_signature(Stmt& s) {
        expect_op("(");
        while (!is_op(")")) {
            if (!s.params.empty()) expect_op(",");
            s.params.push_back(expect_name());
            if (skip_op("=")) s.defaults.push_back(parse_expression());
            else if (!s.defaults.empty()) fail("non-default argument follows default argument", cur().line);
        }
        expect_op(")");
    }

    StmtPtr parse_statement() {
        const Token& tok = cur();
        if (tok.type != TokenType::Name) fail("tag name expected", tok.line);
        const std::string tag = tok.value;
        const int line = tok.line;
        BlockGuard bg(*this, line);
        auto s = std::make_unique<Stmt>();
        s->line = line;
        next();
        if (tag == "if") {
            s->kind = StmtKind::If;
            while (true) {
                ExprPtr cond = parse_tuple(false, false);
                Body body = block_body({"elif", "else", "endif"});
                s->branches.emplace_back(std::move(cond), std::move(body));
                std::string end = cur().value;
                next();
                if (end == "elif") continue;
                if (end == "else") {
                    Body eb = block_body({"endif"});
                    next();
                    s->branches.emplace_back(nullptr, std::move(eb));
                }
                break;
            }
        } else if (tag == "for") {
            s->kind = StmtKind::For;
            s->target = parse_assign_target({"in"});
            expect_name("in");
            s->expr = parse_tuple(false, false, {"recursive"});
            if (skip_name("if")) s->cond = parse_expression();
            s->recursive = skip_name("recursive");
            ++loops_;
            const int refs_before = loop_refs_;
            s->body = block_body({"endfor", "else"});
            s->uses_loop = loop_refs_ > refs_before;
            --loops_;
            std::string end = cur().value;
            next();
            if (end == "else") {
                s->else_body = block_body({"endfor"});
                next();
            }
        } else if (tag == "set") {
            s->target = parse_assign_target({}, true);
            if (skip_op("=")) {
                s->kind = StmtKind::Set;
                s->expr = parse_tuple();
            } else {
                s->kind = StmtKind::SetBlock;
                if (s->target->kind == ExprKind::Tuple) fail("block set needs a single target", line);
                s->expr = parse_filter(nullptr);
                s->body = block_body({"endset"});
                next();
            }
        } else if (tag == "macro" || tag == "call") {
            s->kind = tag == "macro" ? StmtKind::Macro : StmtKind::CallBlock;
            if (tag == "macro") {
                s->name = expect_name();
                parse_signature(*s);
            } else {
                if (is_op("(")) parse_signature(*s);
                s->expr = parse_expression();
                if (s->expr->kind != ExprKind::Call) fail("expected a call after {% call %}", line);
            }
            macro_stack_.push_back(s.get());
            int saved_loops = loops_;
            loops_ = 0;  // a macro body is a function: break/continue do not reach an outer loop
            s->body = block_body({tag == "macro" ? "endmacro" : "endcall"});
            loops_ = saved_loops;
            macro_stack_.pop_back();
            next();
        } else if (tag == "filter") {
            s->kind = StmtKind::FilterBlock;
            s->expr = parse_filter(nullptr, true);
            s->body = block_body({"endfilter"});
            next();
        } else if (tag == "with") {
            s->kind = StmtKind::With;
            while (cur().type != TokenType::BlockEnd) {
                if (!s->targets.empty()) expect_op(",");
                s->targets.push_back(parse_assign_target());
                expect_op("=");
                s->values.push_back(parse_expression());
            }
            s->body = block_body({"endwith"});
            next();
        } else if (tag == "break" || tag == "continue") {
            if (loops_ == 0) fail("'" + tag + "' outside of a loop", line);
            s->kind = tag == "break" ? StmtKind::Break : StmtKind::Continue;
        } else if (tag == "print") {
            // {% print a, b %} prints each expression (not a tuple).
            s->kind = StmtKind::Scope;
            while (cur().type != TokenType::BlockEnd) {
                if (!s->body.empty()) expect_op(",");
                auto out = std::make_unique<Stmt>();
                out->kind = StmtKind::Output;
                out->line = cur().line;
                out->expr = parse_expression();
                s->body.push_back(std::move(out));
            }
        } else if (tag == "generation") {
            s->kind = StmtKind::Scope;
            s->body = block_body({"endgeneration"});
            next();
        } else {
            fail("unknown tag '" + tag + "'", line);
        }
        return s;
    }

    std::vector<Token> t_;
    size_t i_ = 0;
    const ParseLimits& lim_;
    int nest_ = 0;
    int blocks_ = 0;
    int loops_ = 0;
    int loop_refs_ = 0;
    std::vector<Stmt*> macro_stack_;
};

}  // namespace

Body parse_template(std::string_view source, const ParseLimits& limits) {
    return Parser(tokenize(source), limits).parse();
}

}  // namespace perimeter::engine::jinja
