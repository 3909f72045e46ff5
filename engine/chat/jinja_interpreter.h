// Jinja interpreter: evaluates a parsed template (jinja_parser.h) against variables.
//
// Semantics are jinja2's as transformers configures it (ImmutableSandboxedEnvironment,
// default Undefined): printing an undefined value gives "", using one in arithmetic or
// taking an attribute of it is an error; `set` inside a for loop stays in the loop (each
// iteration starts from the outer values), `set` inside if does not open a scope; macros see
// the variables of the scope they were defined in, live.
//
// Safety: every render runs under Limits. A template that would loop, recurse or allocate
// past them stops with TemplateError(Kind::Limit) naming the limit, in bounded time.
#pragma once
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/chat/jinja_ast.h"
#include "engine/chat/jinja_value.h"

namespace perimeter::engine::jinja {

struct Limits {
    size_t max_output_bytes = 32u << 20;        // the rendered prompt, and any string value
    uint64_t max_alloc_bytes = 1ull << 30;      // total bytes of strings/lists built in one render
    uint64_t max_loop_iterations = 1'000'000;   // all loops of one render together
    uint64_t max_steps = 10'000'000;            // expression evaluations + statements
    size_t max_list_items = 1'000'000;          // one list or dict
    int max_call_depth = 100;                   // nested macro calls
    int max_eval_depth = 1500;                  // nested evaluation frames (C++ stack bound)
};

struct Scope {
    std::shared_ptr<Scope> parent;
    std::vector<std::pair<std::string, Value>> vars;

    const Value* find(const std::string& name) const;
    void set(const std::string& name, Value v);
};
using ScopePtr = std::shared_ptr<Scope>;

class Interpreter {
public:
    // `clock` gives the local time for strftime_now(); null = the system clock.
    Interpreter(const Limits& limits, std::function<std::tm()> clock);

    // Renders `body` with `vars` as the global scope. Throws TemplateError.
    std::string render(const Body& body, std::vector<std::pair<std::string, Value>> vars);

    // ---- services for built-ins ----
    Value call(const Value& fn, CallArgs& args);
    // Accounts for a string or list about to be built: throws a Limit error past the limits.
    void charge_string(size_t bytes);
    void charge_list(size_t items);
    std::tm now() const;
    const Limits& limits() const { return lim_; }
    [[noreturn]] void limit_error(const std::string& what) const;
    // namespace() objects are the only mutable values, so the only way to build a reference
    // cycle; the interpreter empties them when the render ends to free such cycles.
    void track_namespace(const std::shared_ptr<NamespaceData>& ns) { namespaces_.push_back(ns); }

private:
    enum class Flow { Normal, Break, Continue };

    Flow exec_body(const Body& body, const ScopePtr& scope, std::string& out);
    Flow exec(const Stmt& s, const ScopePtr& scope, std::string& out);
    void exec_for(const Stmt& s, const ScopePtr& scope, std::string& out);
    void run_loop(const Stmt& s, const ScopePtr& scope, std::vector<Value> items, int depth, std::string& out);
    void assign(const Expr& target, Value v, const ScopePtr& scope);
    Value eval(const Expr& e, const ScopePtr& scope);
    Value eval_inner(const Expr& e, const ScopePtr& scope);
    Value eval_call(const Expr& e, const ScopePtr& scope);
    void eval_args(const Expr& e, const ScopePtr& scope, CallArgs& args);
    Value binop(const std::string& op, const Value& a, const Value& b);
    Value make_macro(const Stmt& s, const ScopePtr& scope);
    Value call_macro(const Stmt& m, const ScopePtr& defining, CallArgs& args, const std::string& name);
    void append_output(std::string& out, std::string_view text);
    void step();

    struct DepthGuard {
        DepthGuard(Interpreter& in, int line);
        ~DepthGuard() { --in.depth_; }
        Interpreter& in;
    };

    Limits lim_;
    std::function<std::tm()> clock_;
    ScopePtr root_;
    uint64_t alloc_ = 0, iterations_ = 0, steps_ = 0;
    int depth_ = 0, call_depth_ = 0;
    int line_ = 0;                         // line of the node being evaluated (for limit errors)
    const Value* filter_input_ = nullptr;  // the body text of {% filter %} / {% set x | f %}
    std::vector<std::weak_ptr<NamespaceData>> namespaces_;
};

}  // namespace perimeter::engine::jinja
