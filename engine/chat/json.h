// JSON values, a strict parser and a serializer (RFC 8259).
//
// Standalone and reusable (chat messages, JSON Schema for grammars, CLI output). Objects keep
// insertion order, as Python dicts do, so a value that goes parse -> dump keeps its layout;
// a repeated key keeps its first position and takes the last value (Python's json.loads).
// Integers that fit int64 stay integers; other numbers are doubles.
//
// Errors name the line and column: "json: line 3, column 7: expected ',' or '}' after object member".
// Nesting deeper than ParseOptions::max_depth is an error, not a stack overflow.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace perimeter::engine::json {

class ParseError : public std::runtime_error {
public:
    ParseError(const std::string& msg, size_t line, size_t column)
        : std::runtime_error(msg), line_(line), column_(column) {}
    size_t line() const { return line_; }
    size_t column() const { return column_; }

private:
    size_t line_, column_;
};

// Wrong-type access (as_string() on a number, ...).
class TypeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class Type { Null, Bool, Int, Float, String, Array, Object };
std::string_view type_name(Type t);

class Value;
using Array = std::vector<Value>;

// An object: members in insertion order; lookup is linear (objects in our inputs are small).
class Object {
public:
    using Member = std::pair<std::string, Value>;
    Object() = default;
    Object(std::initializer_list<Member> members);

    const Value* find(std::string_view key) const;
    Value* find(std::string_view key);
    bool contains(std::string_view key) const { return find(key) != nullptr; }
    // Inserts at the end, or replaces the value in place when the key exists.
    void set(std::string key, Value value);
    bool erase(std::string_view key);
    // Defined after Value (a member's type must be complete to instantiate them).
    size_t size() const;
    bool empty() const;
    std::vector<Member>::const_iterator begin() const;
    std::vector<Member>::const_iterator end() const;
    std::vector<Member>::iterator begin();
    std::vector<Member>::iterator end();
    bool operator==(const Object& o) const;  // same members, order ignored (like Python dicts)

private:
    std::vector<Member> members_;
};

class Value {
public:
    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool b) : v_(b) {}
    Value(int i) : v_(static_cast<int64_t>(i)) {}
    Value(int64_t i) : v_(i) {}
    Value(double d) : v_(d) {}
    Value(std::string s) : v_(std::move(s)) {}
    Value(std::string_view s) : v_(std::string(s)) {}
    Value(const char* s) : v_(std::string(s)) {}
    Value(Array a) : v_(std::move(a)) {}
    Value(Object o) : v_(std::move(o)) {}

    Type type() const { return static_cast<Type>(v_.index()); }
    bool is_null() const { return type() == Type::Null; }
    bool is_bool() const { return type() == Type::Bool; }
    bool is_int() const { return type() == Type::Int; }
    bool is_float() const { return type() == Type::Float; }
    bool is_number() const { return is_int() || is_float(); }
    bool is_string() const { return type() == Type::String; }
    bool is_array() const { return type() == Type::Array; }
    bool is_object() const { return type() == Type::Object; }

    // Checked access: TypeError names the expected and actual type.
    bool as_bool() const;
    int64_t as_int() const;      // Int, or a Float with an integral value
    double as_number() const;    // Int or Float
    const std::string& as_string() const;
    const Array& as_array() const;
    Array& as_array();
    const Object& as_object() const;
    Object& as_object();

    // Object member or nullptr (also nullptr when this is not an object).
    const Value* find(std::string_view key) const;
    // Python-like equality: 1 == 1.0; objects compare without regard to order.
    bool operator==(const Value& o) const;
    bool operator!=(const Value& o) const { return !(*this == o); }

private:
    std::variant<std::nullptr_t, bool, int64_t, double, std::string, Array, Object> v_;
};

inline size_t Object::size() const { return members_.size(); }
inline bool Object::empty() const { return members_.empty(); }
inline std::vector<Object::Member>::const_iterator Object::begin() const { return members_.begin(); }
inline std::vector<Object::Member>::const_iterator Object::end() const { return members_.end(); }
inline std::vector<Object::Member>::iterator Object::begin() { return members_.begin(); }
inline std::vector<Object::Member>::iterator Object::end() { return members_.end(); }

struct ParseOptions {
    size_t max_depth = 512;
    bool allow_nan = false;  // accept NaN / Infinity / -Infinity as Python's json does
};
// Parses one JSON text (leading/trailing whitespace allowed, nothing else). Strings must be
// valid UTF-8; \u escapes are decoded (surrogate pairs joined, a lone surrogate is an error).
Value parse(std::string_view text, const ParseOptions& opts = {});

struct DumpOptions {
    int indent = -1;                  // < 0: one line
    std::string item_separator = ","; // between array items / object members
    std::string key_separator = ":";
    bool ensure_ascii = false;        // escape non-ASCII as \uXXXX
    bool sort_keys = false;
    size_t max_depth = 512;

    // Python's json.dumps defaults: ", " and ": " (", " becomes "," when indenting).
    static DumpOptions python(int indent = -1) {
        DumpOptions o;
        o.indent = indent;
        o.item_separator = indent >= 0 ? "," : ", ";
        o.key_separator = ": ";
        return o;
    }
};
// Serializes like Python's json.dumps: floats in repr form (1.0, 1e-05), NaN/Infinity as
// Python writes them. Throws TypeError past max_depth.
std::string dump(const Value& v, const DumpOptions& opts = {});

// Appends `s` as a JSON string literal (quotes included).
void append_quoted(std::string& out, std::string_view s, bool ensure_ascii = false);
// Python's repr(float): shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e16.
std::string format_double(double d);

}  // namespace perimeter::engine::json
