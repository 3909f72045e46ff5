#include "engine/chat/jinja_interpreter.h"

#include <cmath>
#include <optional>
#include <limits>

#include "engine/chat/jinja_builtins.h"

namespace perimeter::engine::jinja {

using K = TemplateError::Kind;

// ---- scopes -------------------------------------------------------------------------------

const Value* Scope::find(const std::string& name) const {
    for (const Scope* s = this; s; s = s->parent.get())
        for (const auto& v : s->vars)
            if (v.first == name) return &v.second;
    return nullptr;
}

void Scope::set(const std::string& name, Value v) {
    for (auto& kv : vars)
        if (kv.first == name) {
            kv.second = std::move(v);
            return;
        }
    vars.emplace_back(name, std::move(v));
}

namespace {

ScopePtr child_of(const ScopePtr& parent) {
    auto s = std::make_shared<Scope>();
    s->parent = parent;
    return s;
}

[[noreturn]] void undefined_error(const Value& v) {
    const std::string& hint = v.undefined_hint();
    throw ValueError(hint.empty() ? "value is undefined" : hint);
}

bool add_overflow(int64_t a, int64_t b, int64_t& r) { return __builtin_add_overflow(a, b, &r); }
bool sub_overflow(int64_t a, int64_t b, int64_t& r) { return __builtin_sub_overflow(a, b, &r); }
bool mul_overflow(int64_t a, int64_t b, int64_t& r) { return __builtin_mul_overflow(a, b, &r); }

[[noreturn]] void overflow() { throw ValueError("integer result does not fit in 64 bits"); }

std::string unsupported(const std::string& op, const Value& a, const Value& b) {
    return "unsupported operand type(s) for " + op + ": '" + a.type_name() + "' and '" + b.type_name() + "'";
}

double py_fmod(double a, double b) {
    double m = std::fmod(a, b);
    if (m != 0 && ((b < 0) != (m < 0))) m += b;
    return m;
}

}  // namespace

// ---- interpreter --------------------------------------------------------------------------

Interpreter::Interpreter(const Limits& limits, std::function<std::tm()> clock)
    : lim_(limits), clock_(std::move(clock)) {}

Interpreter::DepthGuard::DepthGuard(Interpreter& in, int line) : in(in) {
    if (++in.depth_ > in.lim_.max_eval_depth) {
        in.line_ = line;
        in.limit_error("evaluation nested deeper than " + std::to_string(in.lim_.max_eval_depth) + " levels");
    }
}

void Interpreter::limit_error(const std::string& what) const { throw TemplateError(K::Limit, line_, "limit: " + what); }

void Interpreter::step() {
    if (++steps_ > lim_.max_steps) limit_error("more than " + std::to_string(lim_.max_steps) + " evaluation steps");
}

void Interpreter::charge_string(size_t bytes) {
    if (bytes > lim_.max_output_bytes)
        limit_error("string of " + std::to_string(bytes) + " bytes, more than " + std::to_string(lim_.max_output_bytes));
    alloc_ += bytes;
    if (alloc_ > lim_.max_alloc_bytes)
        limit_error("more than " + std::to_string(lim_.max_alloc_bytes) + " bytes built during one render");
}

void Interpreter::charge_list(size_t items) {
    if (items > lim_.max_list_items)
        limit_error("list of " + std::to_string(items) + " items, more than " + std::to_string(lim_.max_list_items));
    alloc_ += items * sizeof(Value);
    if (alloc_ > lim_.max_alloc_bytes)
        limit_error("more than " + std::to_string(lim_.max_alloc_bytes) + " bytes built during one render");
}

std::tm Interpreter::now() const {
    if (clock_) return clock_();
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return tm;
}

void Interpreter::append_output(std::string& out, std::string_view text) {
    if (out.size() + text.size() > lim_.max_output_bytes)
        limit_error("output longer than " + std::to_string(lim_.max_output_bytes) + " bytes");
    out.append(text);
}

std::string Interpreter::render(const Body& body, std::vector<std::pair<std::string, Value>> vars) {
    // On every exit: macros hold their defining scope weakly, so dropping the root frees every
    // scope; emptying the namespaces breaks any cycle built through them.
    struct Cleanup {
        Interpreter& in;
        ~Cleanup() {
            in.root_.reset();
            for (auto& w : in.namespaces_) {
                if (auto ns = w.lock()) {
                    std::vector<std::pair<std::string, Value>> doomed;
                    doomed.swap(ns->attrs);
                }
            }
            in.namespaces_.clear();
        }
    } cleanup{*this};
    alloc_ = iterations_ = steps_ = 0;
    depth_ = call_depth_ = 0;
    root_ = std::make_shared<Scope>();
    add_builtin_globals(root_->vars);
    for (auto& [k, v] : vars) root_->set(k, std::move(v));
    std::string out;
    exec_body(body, root_, out);
    return out;
}

Interpreter::Flow Interpreter::exec_body(const Body& body, const ScopePtr& scope, std::string& out) {
    for (const auto& s : body) {
        Flow f = exec(*s, scope, out);
        if (f != Flow::Normal) return f;
    }
    return Flow::Normal;
}

Interpreter::Flow Interpreter::exec(const Stmt& s, const ScopePtr& scope, std::string& out) {
    DepthGuard g(*this, s.line);
    step();
    line_ = s.line;
    try {
        switch (s.kind) {
            case StmtKind::Text: append_output(out, s.text); return Flow::Normal;
            case StmtKind::Output: {
                Value v = eval(*s.expr, scope);
                line_ = s.line;
                if (v.is_string()) append_output(out, v.s());
                else append_output(out, to_str(v));
                return Flow::Normal;
            }
            case StmtKind::If:
                for (const auto& [cond, body] : s.branches) {
                    if (!cond || eval(*cond, scope).truthy()) return exec_body(body, scope, out);
                }
                return Flow::Normal;
            case StmtKind::For: exec_for(s, scope, out); return Flow::Normal;
            case StmtKind::Set: assign(*s.target, eval(*s.expr, scope), scope); return Flow::Normal;
            case StmtKind::SetBlock:
            case StmtKind::FilterBlock: {
                std::string text;
                exec_body(s.body, scope, text);
                Value v(std::move(text));
                if (s.expr) {
                    const Value* saved = filter_input_;
                    filter_input_ = &v;
                    Value r;
                    try {
                        r = eval(*s.expr, scope);
                    } catch (...) {
                        filter_input_ = saved;
                        throw;
                    }
                    filter_input_ = saved;
                    v = std::move(r);
                }
                if (s.kind == StmtKind::SetBlock) assign(*s.target, std::move(v), scope);
                else append_output(out, to_str(v));
                return Flow::Normal;
            }
            case StmtKind::Macro: scope->set(s.name, make_macro(s, scope)); return Flow::Normal;
            case StmtKind::CallBlock: {
                const Expr& call = *s.expr;
                CallArgs args;
                eval_args(call, scope, args);
                std::weak_ptr<Scope> weak = scope;
                const Stmt* caller_stmt = &s;
                args.kw.emplace_back("caller", Value::function("caller", [this, caller_stmt, weak](Interpreter&, CallArgs& a) {
                                         return call_macro(*caller_stmt, weak.lock(), a, "caller");
                                     }));
                Value fn;
                if (call.a->kind == ExprKind::GetAttr) fn = get_attr(*this, eval(*call.a->a, scope), call.a->name);
                else fn = eval(*call.a, scope);
                line_ = s.line;
                Value r = this->call(fn, args);
                append_output(out, to_str(r));
                return Flow::Normal;
            }
            case StmtKind::With: {
                std::vector<Value> vals;
                for (const auto& v : s.values) vals.push_back(eval(*v, scope));
                ScopePtr inner = child_of(scope);
                for (size_t i = 0; i < s.targets.size(); ++i) assign(*s.targets[i], std::move(vals[i]), inner);
                return exec_body(s.body, inner, out);
            }
            case StmtKind::Break: return Flow::Break;
            case StmtKind::Continue: return Flow::Continue;
            case StmtKind::Scope: return exec_body(s.body, scope, out);
        }
    } catch (const ValueError& e) {
        throw TemplateError(e.kind, s.line, e.what());
    }
    return Flow::Normal;
}

void Interpreter::exec_for(const Stmt& s, const ScopePtr& scope, std::string& out) {
    Value seq = eval(*s.expr, scope);
    line_ = s.line;
    run_loop(s, scope, iterate(seq), 1, out);
}

// One (possibly recursive) run of a for loop over `items`; `depth` is loop.depth.
void Interpreter::run_loop(const Stmt& s, const ScopePtr& scope, std::vector<Value> items, int depth,
                           std::string& out) {
    if (s.cond) {
        std::vector<Value> kept;
        for (auto& item : items) {
            if (++iterations_ > lim_.max_loop_iterations)
                limit_error("more than " + std::to_string(lim_.max_loop_iterations) + " loop iterations");
            ScopePtr it = child_of(scope);
            assign(*s.target, item, it);
            if (eval(*s.cond, it).truthy()) kept.push_back(std::move(item));
        }
        items = std::move(kept);
    }
    const int64_t n = static_cast<int64_t>(items.size());
    // loop.changed() remembers the last value across iterations of this run.
    auto last_changed = std::make_shared<std::optional<Value>>();
    for (int64_t i = 0; i < n; ++i) {
        if (++iterations_ > lim_.max_loop_iterations) {
            line_ = s.line;
            limit_error("more than " + std::to_string(lim_.max_loop_iterations) + " loop iterations");
        }
        ScopePtr it = child_of(scope);
        assign(*s.target, items[i], it);
        if (s.uses_loop) {
            auto loop = std::make_shared<DictData>();
            loop->set(Value("index"), Value(i + 1));
            loop->set(Value("index0"), Value(i));
            loop->set(Value("revindex"), Value(n - i));
            loop->set(Value("revindex0"), Value(n - i - 1));
            loop->set(Value("first"), Value(i == 0));
            loop->set(Value("last"), Value(i == n - 1));
            loop->set(Value("length"), Value(n));
            loop->set(Value("depth"), Value(int64_t{depth}));
            loop->set(Value("depth0"), Value(int64_t{depth - 1}));
            if (i > 0) loop->set(Value("previtem"), items[i - 1]);
            if (i + 1 < n) loop->set(Value("nextitem"), items[i + 1]);
            loop->set(Value("cycle"), Value::function("cycle", [i](Interpreter&, CallArgs& a) -> Value {
                          if (a.pos.empty()) throw ValueError("no items for cycling given");
                          return a.pos[static_cast<size_t>(i) % a.pos.size()];
                      }));
            loop->set(Value("changed"), Value::function("changed", [last_changed](Interpreter&, CallArgs& a) -> Value {
                          Value v = Value::list(a.pos, true);
                          if (*last_changed && equals(**last_changed, v)) return Value(false);
                          *last_changed = v;
                          return Value(true);
                      }));
            if (s.recursive) {
                // loop(items) renders this loop's body for `items`, one level deeper.
                std::weak_ptr<Scope> weak = scope;
                const Stmt* stmt = &s;
                loop->set(Value("__call__"), Value::function("loop", [this, stmt, weak, depth](Interpreter&, CallArgs& a) {
                              if (a.pos.size() != 1 || !a.kw.empty()) throw ValueError("loop() takes exactly one argument");
                              if (call_depth_ >= lim_.max_call_depth)
                                  limit_error("recursive loop nested deeper than " + std::to_string(lim_.max_call_depth));
                              ScopePtr outer = weak.lock();
                              std::string text;
                              ++call_depth_;
                              try {
                                  run_loop(*stmt, outer ? outer : root_, iterate(a.pos[0]), depth + 1, text);
                              } catch (...) {
                                  --call_depth_;
                                  throw;
                              }
                              --call_depth_;
                              return Value(std::move(text));
                          }));
            }
            it->set("loop", Value::dict(std::move(loop)));
        }
        Flow f = exec_body(s.body, it, out);
        if (f == Flow::Break) break;
    }
    if (n == 0) exec_body(s.else_body, scope, out);
}

void Interpreter::assign(const Expr& target, Value v, const ScopePtr& scope) {
    if (target.kind == ExprKind::Name) {
        scope->set(target.name, std::move(v));
        return;
    }
    if (target.kind == ExprKind::NSRef) {
        const Value* ns = scope->find(target.name);
        if (!ns || !ns->is_namespace()) throw ValueError("cannot assign attribute on non-namespace object");
        ns->n().set(target.attr, std::move(v));
        return;
    }
    // Tuple unpacking.
    std::vector<Value> items = iterate(v);
    if (items.size() != target.items.size()) {
        if (items.size() > target.items.size())
            throw ValueError("too many values to unpack (expected " + std::to_string(target.items.size()) + ")");
        throw ValueError("not enough values to unpack (expected " + std::to_string(target.items.size()) + ", got " +
                         std::to_string(items.size()) + ")");
    }
    for (size_t i = 0; i < items.size(); ++i) assign(*target.items[i], std::move(items[i]), scope);
}

Value Interpreter::make_macro(const Stmt& s, const ScopePtr& scope) {
    std::weak_ptr<Scope> weak = scope;
    const Stmt* m = &s;
    return Value::function(s.name, [this, m, weak](Interpreter&, CallArgs& args) {
        return call_macro(*m, weak.lock(), args, m->name);
    });
}

Value Interpreter::call_macro(const Stmt& m, const ScopePtr& defining, CallArgs& args, const std::string& name) {
    if (call_depth_ >= lim_.max_call_depth)
        limit_error("macro calls nested deeper than " + std::to_string(lim_.max_call_depth));
    ScopePtr scope = child_of(defining ? defining : root_);
    const size_t np = m.params.size();
    if (args.pos.size() > np && !m.uses_varargs)
        throw ValueError("macro '" + name + "' takes not more than " + std::to_string(np) + " argument(s)");
    std::vector<bool> bound(np, false);
    for (size_t i = 0; i < args.pos.size() && i < np; ++i) {
        scope->set(m.params[i], args.pos[i]);
        bound[i] = true;
    }
    auto extra = std::make_shared<DictData>();
    for (auto& [k, v] : args.kw) {
        if (k == "caller") {
            // jinja2 passes caller only to macros whose body mentions it.
            if (!m.uses_caller) throw ValueError("macro '" + name + "' takes no keyword argument 'caller'");
            scope->set("caller", v);
            continue;
        }
        bool found = false;
        for (size_t i = 0; i < np; ++i)
            if (m.params[i] == k) {
                if (bound[i]) throw ValueError("macro '" + name + "' got multiple values for argument '" + k + "'");
                scope->set(k, v);
                bound[i] = true;
                found = true;
            }
        if (!found) {
            if (!m.uses_kwargs) throw ValueError("macro '" + name + "' takes no keyword argument '" + k + "'");
            extra->set(Value(k), v);
        }
    }
    const size_t first_default = np - m.defaults.size();
    for (size_t i = 0; i < np; ++i) {
        if (bound[i]) continue;
        if (i >= first_default) scope->set(m.params[i], eval(*m.defaults[i - first_default], scope));
        else scope->set(m.params[i], Value::undefined("parameter '" + m.params[i] + "' was not provided"));
    }
    std::vector<Value> rest;
    for (size_t i = np; i < args.pos.size(); ++i) rest.push_back(args.pos[i]);
    scope->set("varargs", Value::list(std::move(rest), true));
    scope->set("kwargs", Value::dict(std::move(extra)));
    ++call_depth_;
    std::string out;
    try {
        exec_body(m.body, scope, out);
    } catch (...) {
        --call_depth_;
        throw;
    }
    --call_depth_;
    return Value(std::move(out));
}

Value Interpreter::call(const Value& fn, CallArgs& args) {
    if (fn.is_function()) return fn.fn().call(*this, args);
    if (fn.is_dict()) {  // the loop object of a recursive loop is callable
        const Value* c = fn.d().find(std::string_view("__call__"));
        if (c && c->is_function()) return c->fn().call(*this, args);
    }
    if (fn.is_undefined()) undefined_error(fn);
    throw ValueError("'" + fn.type_name() + "' object is not callable");
}

void Interpreter::eval_args(const Expr& e, const ScopePtr& scope, CallArgs& args) {
    for (const auto& a : e.items) args.pos.push_back(eval(*a, scope));
    for (const auto& [k, v] : e.kwargs) args.kw.emplace_back(k, eval(*v, scope));
}

Value Interpreter::eval(const Expr& e, const ScopePtr& scope) {
    DepthGuard g(*this, e.line);
    step();
    try {
        return eval_inner(e, scope);
    } catch (const ValueError& err) {
        throw TemplateError(err.kind, e.line, err.what());
    }
}

Value Interpreter::eval_call(const Expr& e, const ScopePtr& scope) {
    const Expr& callee = *e.a;
    if (callee.kind == ExprKind::GetAttr) {
        Value obj = eval(*callee.a, scope);
        CallArgs args;
        eval_args(e, scope, args);
        line_ = e.line;
        Value result;
        if (call_method(*this, obj, callee.name, args, result)) return result;
        return call(get_attr(*this, obj, callee.name), args);
    }
    Value fn = eval(callee, scope);
    CallArgs args;
    eval_args(e, scope, args);
    line_ = e.line;
    return call(fn, args);
}

Value Interpreter::eval_inner(const Expr& e, const ScopePtr& scope) {
    switch (e.kind) {
        case ExprKind::Const: return e.value;
        case ExprKind::Name: {
            const Value* v = scope->find(e.name);
            if (v) return *v;
            return Value::undefined("'" + e.name + "' is undefined");
        }
        case ExprKind::NSRef: throw ValueError("namespace reference outside an assignment");
        case ExprKind::List:
        case ExprKind::Tuple: {
            std::vector<Value> items;
            items.reserve(e.items.size());
            for (const auto& i : e.items) items.push_back(eval(*i, scope));
            return Value::list(std::move(items), e.kind == ExprKind::Tuple);
        }
        case ExprKind::Dict: {
            auto d = std::make_shared<DictData>();
            for (size_t i = 0; i + 1 < e.items.size(); i += 2) {
                Value k = eval(*e.items[i], scope);
                d->set(k, eval(*e.items[i + 1], scope));
            }
            return Value::dict(std::move(d));
        }
        case ExprKind::GetAttr: {
            Value obj = eval(*e.a, scope);
            line_ = e.line;
            return get_attr(*this, obj, e.name);
        }
        case ExprKind::GetItem: {
            Value obj = eval(*e.a, scope);
            if (e.b->kind == ExprKind::Slice) {
                const Expr& sl = *e.b;
                Value a = sl.a ? eval(*sl.a, scope) : Value::none();
                Value b = sl.b ? eval(*sl.b, scope) : Value::none();
                Value c = sl.c ? eval(*sl.c, scope) : Value::none();
                line_ = e.line;
                return slice_value(*this, obj, a, b, c);
            }
            Value key = eval(*e.b, scope);
            line_ = e.line;
            return get_item(*this, obj, key);
        }
        case ExprKind::Slice: throw ValueError("slice outside of []");
        case ExprKind::Call: return eval_call(e, scope);
        case ExprKind::Filter: {
            Value input;
            if (e.a) input = eval(*e.a, scope);
            else if (filter_input_) input = *filter_input_;
            CallArgs args;
            eval_args(e, scope, args);
            line_ = e.line;
            return apply_filter(*this, e.name, input, args);
        }
        case ExprKind::Test: {
            Value input = eval(*e.a, scope);
            CallArgs args;
            eval_args(e, scope, args);
            line_ = e.line;
            return Value(apply_test(*this, e.name, input, args));
        }
        case ExprKind::Not: return Value(!eval(*e.a, scope).truthy());
        case ExprKind::Neg:
        case ExprKind::Pos: {
            Value v = eval(*e.a, scope);
            if (v.is_undefined()) undefined_error(v);
            if (!v.is_number())
                throw ValueError(std::string("bad operand type for unary ") + (e.kind == ExprKind::Neg ? "-" : "+") +
                                 ": '" + v.type_name() + "'");
            if (e.kind == ExprKind::Pos) return v.is_bool() ? Value(v.i()) : v;
            if (v.is_float()) return Value(-v.f());
            if (v.i() == std::numeric_limits<int64_t>::min()) overflow();
            return Value(-v.i());
        }
        case ExprKind::BinOp: {
            Value a = eval(*e.a, scope);
            Value b = eval(*e.b, scope);
            line_ = e.line;
            return binop(e.name, a, b);
        }
        case ExprKind::Compare: {
            Value left = eval(*e.items[0], scope);
            for (size_t i = 0; i < e.ops.size(); ++i) {
                Value right = eval(*e.items[i + 1], scope);
                const std::string& op = e.ops[i];
                bool r;
                if (op == "==") r = equals(left, right);
                else if (op == "!=") r = !equals(left, right);
                else if (op == "in") r = contains(right, left);
                else if (op == "notin") r = !contains(right, left);
                else {
                    if (left.is_undefined()) undefined_error(left);
                    if (right.is_undefined()) undefined_error(right);
                    try {
                        if (op == "<") r = less_than(left, right);
                        else if (op == ">") r = less_than(right, left);
                        else if (op == "<=") r = less_than(left, right) || equals(left, right);
                        else r = less_than(right, left) || equals(left, right);
                    } catch (const ValueError&) {
                        throw ValueError("'" + op + "' not supported between instances of '" + left.type_name() +
                                         "' and '" + right.type_name() + "'");
                    }
                }
                if (!r) return Value(false);
                left = std::move(right);
            }
            return Value(true);
        }
        case ExprKind::And: {
            Value a = eval(*e.a, scope);
            return a.truthy() ? eval(*e.b, scope) : a;
        }
        case ExprKind::Or: {
            Value a = eval(*e.a, scope);
            return a.truthy() ? a : eval(*e.b, scope);
        }
        case ExprKind::CondExpr: {
            if (eval(*e.b, scope).truthy()) return eval(*e.a, scope);
            if (e.c) return eval(*e.c, scope);
            return Value::undefined("the inline if-expression on line " + std::to_string(e.line) +
                                    " evaluated to false and no else section was defined");
        }
        case ExprKind::Concat: {
            std::string s;
            for (const auto& i : e.items) {
                Value v = eval(*i, scope);
                std::string part = to_str(v);
                charge_string(s.size() + part.size());
                s += part;
            }
            return Value(std::move(s));
        }
    }
    throw ValueError("unknown expression");
}

Value Interpreter::binop(const std::string& op, const Value& a, const Value& b) {
    if (a.is_undefined()) undefined_error(a);
    if (b.is_undefined()) undefined_error(b);
    const bool nums = a.is_number() && b.is_number();
    const bool ints = a.is_int() && b.is_int();
    int64_t r = 0;
    if (op == "+") {
        if (ints) {
            if (add_overflow(a.i(), b.i(), r)) overflow();
            return Value(r);
        }
        if (nums) return Value(a.f() + b.f());
        if (a.is_string() && b.is_string()) {
            charge_string(a.s().size() + b.s().size());
            return Value(a.s() + b.s());
        }
        if (a.is_list() && b.is_list() && a.is_tuple() == b.is_tuple()) {
            charge_list(a.l().items.size() + b.l().items.size());
            std::vector<Value> items = a.l().items;
            items.insert(items.end(), b.l().items.begin(), b.l().items.end());
            return Value::list(std::move(items), a.is_tuple());
        }
        if (a.is_string()) throw ValueError("can only concatenate str (not \"" + b.type_name() + "\") to str");
        if (a.is_list())
            throw ValueError("can only concatenate " + a.type_name() + " (not \"" + b.type_name() + "\") to " +
                             a.type_name());
        throw ValueError(unsupported("+", a, b));
    }
    if (op == "-") {
        if (ints) {
            if (sub_overflow(a.i(), b.i(), r)) overflow();
            return Value(r);
        }
        if (nums) return Value(a.f() - b.f());
        throw ValueError(unsupported("-", a, b));
    }
    if (op == "*") {
        if (ints) {
            if (mul_overflow(a.i(), b.i(), r)) overflow();
            return Value(r);
        }
        if (nums) return Value(a.f() * b.f());
        const Value* seq = a.is_int() ? &b : &a;
        const Value* count = a.is_int() ? &a : &b;
        if (count->is_int() && (seq->is_string() || seq->is_list())) {
            int64_t n = std::max<int64_t>(0, count->i());
            if (seq->is_string()) {
                const std::string& s = seq->s();
                if (s.empty() || n == 0) return Value(std::string());
                if (static_cast<uint64_t>(n) > lim_.max_output_bytes / s.size() + 1)
                    charge_string(lim_.max_output_bytes + 1);
                charge_string(s.size() * static_cast<size_t>(n));
                std::string out;
                out.reserve(s.size() * n);
                for (int64_t i = 0; i < n; ++i) out += s;
                return Value(std::move(out));
            }
            const auto& items = seq->l().items;
            if (items.empty() || n == 0) return Value::list({}, seq->is_tuple());
            if (static_cast<uint64_t>(n) > lim_.max_list_items / items.size() + 1) charge_list(lim_.max_list_items + 1);
            charge_list(items.size() * static_cast<size_t>(n));
            std::vector<Value> out;
            for (int64_t i = 0; i < n; ++i) out.insert(out.end(), items.begin(), items.end());
            return Value::list(std::move(out), seq->is_tuple());
        }
        throw ValueError(unsupported("*", a, b));
    }
    if (op == "/") {
        if (!nums) throw ValueError(unsupported("/", a, b));
        if (b.f() == 0) throw ValueError("division by zero");
        return Value(a.f() / b.f());
    }
    if (op == "//") {
        if (!nums) throw ValueError(unsupported("//", a, b));
        if (ints) {
            if (b.i() == 0) throw ValueError("integer division or modulo by zero");
            if (a.i() == std::numeric_limits<int64_t>::min() && b.i() == -1) overflow();
            int64_t q = a.i() / b.i();
            if ((a.i() % b.i() != 0) && ((a.i() < 0) != (b.i() < 0))) --q;
            return Value(q);
        }
        if (b.f() == 0) throw ValueError("float floor division by zero");
        // CPython's float_divmod.
        double mod = std::fmod(a.f(), b.f());
        double div = (a.f() - mod) / b.f();
        if (mod != 0 && ((b.f() < 0) != (mod < 0))) div -= 1.0;
        double fl = std::floor(div);
        if (div - fl > 0.5) fl += 1.0;
        return Value(fl);
    }
    if (op == "%") {
        if (a.is_string()) {
            return Value(percent_format(*this, a.s(), b));
        }
        if (!nums) throw ValueError(unsupported("%", a, b));
        if (ints) {
            if (b.i() == 0) throw ValueError("integer division or modulo by zero");
            if (b.i() == -1) return Value(int64_t{0});
            int64_t m = a.i() % b.i();
            if (m != 0 && ((m < 0) != (b.i() < 0))) m += b.i();
            return Value(m);
        }
        if (b.f() == 0) throw ValueError("float modulo");
        return Value(py_fmod(a.f(), b.f()));
    }
    if (op == "**") {
        if (!nums) throw ValueError(unsupported("** or pow()", a, b));
        if (ints && b.i() >= 0) {
            int64_t base = a.i(), e = b.i(), result = 1;
            while (e > 0) {
                if ((e & 1) && mul_overflow(result, base, result)) overflow();
                e >>= 1;
                if (e > 0 && mul_overflow(base, base, base)) overflow();
            }
            return Value(result);
        }
        if (a.f() == 0 && b.f() < 0) throw ValueError("0.0 cannot be raised to a negative power");
        return Value(std::pow(a.f(), b.f()));
    }
    throw ValueError("unknown operator " + op);
}

}  // namespace perimeter::engine::jinja
