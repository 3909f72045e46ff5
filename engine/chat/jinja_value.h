// The value model of the Jinja interpreter: Python's object model cut down to what chat
// templates use. Lists, tuples and dicts are immutable once built (transformers renders in an
// ImmutableSandboxedEnvironment, where list.append and dict.update are refused), so they
// are shared by pointer; only namespace() objects are mutable.
//
// Conversions follow Python: str() of None is "None", of True "True", of 1.0 "1.0"; a list
// prints as its repr ("['a', 1]"); == treats 1, 1.0 and True as equal; a dict keeps insertion
// order.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace perimeter::engine::jinja {

// Every interpreter error: syntax, runtime (Python's TypeError, UndefinedError, ...),
// raise_exception() from the template, or a safety limit. what() is
// "chat-template: line 3: unknown filter 'foo'".
class TemplateError : public std::runtime_error {
public:
    enum class Kind { Syntax, Runtime, Raised, Limit };
    TemplateError(Kind kind, int line, const std::string& detail);
    Kind kind() const { return kind_; }
    int line() const { return line_; }
    const std::string& detail() const { return detail_; }

private:
    Kind kind_;
    int line_;
    std::string detail_;
};

// Thrown by value operations that do not know the line; the interpreter adds it.
class ValueError : public std::runtime_error {
public:
    explicit ValueError(const std::string& msg, TemplateError::Kind kind = TemplateError::Kind::Runtime)
        : std::runtime_error(msg), kind(kind) {}
    TemplateError::Kind kind;
};

class Value;
class Interpreter;
struct ListData;
struct DictData;
struct FunctionData;
struct NamespaceData;

// Arguments of a call: positional then keyword, as written.
struct CallArgs {
    std::vector<Value> pos;
    std::vector<std::pair<std::string, Value>> kw;
};

class Value {
public:
    enum class Kind : uint8_t { Undefined, None, Bool, Int, Float, String, List, Dict, Function, Namespace };

    Value() = default;  // undefined
    static Value undefined(std::string hint = {});
    static Value none();
    Value(bool b);
    Value(int i) : Value(static_cast<int64_t>(i)) {}
    Value(int64_t i);
    Value(double f);
    Value(std::string s);
    Value(std::string_view s) : Value(std::string(s)) {}
    Value(const char* s) : Value(std::string(s)) {}
    static Value list(std::vector<Value> items, bool tuple = false);
    static Value dict(std::shared_ptr<const DictData> d);
    static Value function(std::string name, std::function<Value(Interpreter&, CallArgs&)> fn);
    static Value ns(std::shared_ptr<NamespaceData> n);

    Kind kind() const { return kind_; }
    bool is_undefined() const { return kind_ == Kind::Undefined; }
    bool is_none() const { return kind_ == Kind::None; }
    bool is_bool() const { return kind_ == Kind::Bool; }
    bool is_int() const { return kind_ == Kind::Int || kind_ == Kind::Bool; }  // bool is an int, as in Python
    bool is_float() const { return kind_ == Kind::Float; }
    bool is_number() const { return is_int() || is_float(); }
    bool is_string() const { return kind_ == Kind::String; }
    bool is_list() const { return kind_ == Kind::List; }  // list or tuple
    bool is_tuple() const;
    bool is_dict() const { return kind_ == Kind::Dict; }
    bool is_function() const { return kind_ == Kind::Function; }
    bool is_namespace() const { return kind_ == Kind::Namespace; }

    bool b() const { return b_; }
    int64_t i() const { return kind_ == Kind::Bool ? (b_ ? 1 : 0) : i_; }
    double f() const { return kind_ == Kind::Float ? f_ : static_cast<double>(i()); }
    const std::string& s() const { return *str_; }
    const std::string& undefined_hint() const;
    const ListData& l() const;
    const DictData& d() const;
    const FunctionData& fn() const;
    NamespaceData& n() const;

    bool truthy() const;
    // Python's type name, for error messages ("str", "int", "list", "dict", "NoneType").
    std::string type_name() const;

private:
    Kind kind_ = Kind::Undefined;
    bool b_ = false;
    int64_t i_ = 0;
    double f_ = 0.0;
    std::shared_ptr<const std::string> str_;  // String; Undefined: hint naming what was missing
    std::shared_ptr<const void> obj_;         // ListData / DictData / FunctionData / NamespaceData
};

struct ListData {
    // How Python prints a dict view: list(d.items()) is a list, d.items() is "dict_items([...])".
    enum class View : uint8_t { None, Items, Keys, Values };
    std::vector<Value> items;
    bool tuple = false;
    View view = View::None;
    int depth = 1;  // nesting height, bounded by kMaxValueDepth (destruction and repr recurse on it)
};

// Hash key for dict lookups: equal Python keys (1, 1.0, True) give equal strings.
std::optional<std::string> hash_key(const Value& v);

struct DictData {
    std::vector<std::pair<Value, Value>> items;  // insertion order
    std::unordered_map<std::string, size_t> index;
    int depth = 1;  // set by Value::dict()

    const Value* find(const Value& key) const;
    const Value* find(std::string_view key) const;
    // Insert or replace in place (keeps the first position, as Python does).
    void set(const Value& key, Value value);
};

struct FunctionData {
    std::string name;
    std::function<Value(Interpreter&, CallArgs&)> call;
};

struct NamespaceData {
    std::vector<std::pair<std::string, Value>> attrs;
    const Value* find(std::string_view k) const;
    void set(const std::string& k, Value v);
};

// Python str() and repr(). `depth` guards against self-nesting built by a hostile template.
std::string to_str(const Value& v);
std::string repr(const Value& v);
std::string repr_string(std::string_view s);
// Python ==, and < (ValueError "'<' not supported between ..." for mixed types).
bool equals(const Value& a, const Value& b, int depth = 0);
bool less_than(const Value& a, const Value& b, int depth = 0);
// Python's `in`: substring, list membership, dict key.
bool contains(const Value& container, const Value& item);

// Lists/dicts nested deeper than this cannot be built (a template could otherwise nest a
// value 100,000 levels deep and overflow the stack when printing or freeing it).
constexpr int kMaxValueDepth = 600;
// Nesting height of a value: 0 for scalars, 1 + the deepest item for lists and dicts.
int value_depth(const Value& v);

}  // namespace perimeter::engine::jinja
