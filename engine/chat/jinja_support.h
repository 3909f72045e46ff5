// Shared helpers of the built-ins (jinja_filters.cpp, jinja_methods.cpp, jinja_globals.cpp):
// Python argument binding, and Python's str algorithms on UTF-8 text (strip/split/replace
// count and index code points, and treat Unicode whitespace as Python does).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "engine/chat/jinja_interpreter.h"
#include "engine/chat/jinja_value.h"

namespace perimeter::engine::jinja::detail {

[[noreturn]] void undefined_error(const Value& v);

// Binds call arguments to parameter names, Python style: positionals first, then keywords.
class Params {
public:
    Params(CallArgs& a, const char* fname, std::initializer_list<const char*> names);
    bool has(size_t i) const { return vals_[i] != nullptr; }
    // Absent, or given as None.
    bool none(size_t i) const { return !vals_[i] || vals_[i]->is_none(); }
    Value get(size_t i, Value def) const { return vals_[i] ? *vals_[i] : def; }
    const Value& at(size_t i) const { return *vals_[i]; }

private:
    std::vector<const char*> names_;
    std::vector<const Value*> vals_;
};

int64_t need_int(const Value& v, const char* what);
const std::string& need_str(const Value& v, const char* what);
// New string/list values, charged to the render's allocation budget.
Value make_str(Interpreter& in, std::string s);
Value make_list(Interpreter& in, std::vector<Value> items, bool tuple = false);

// Python str methods. `chars` None/undefined = whitespace.
std::string py_strip(const std::string& s, const Value& chars, bool left, bool right);
std::vector<std::string> py_split_ws(const std::string& s, int64_t maxsplit);
std::vector<std::string> py_split(const std::string& s, const std::string& sep, int64_t maxsplit);
std::vector<std::string> py_rsplit(const std::string& s, const std::string& sep, int64_t maxsplit);
std::vector<std::string> py_splitlines(const std::string& s, bool keepends);
std::string py_replace(const std::string& s, const std::string& old, const std::string& rep, int64_t count);
std::string py_center(const std::string& s, int64_t width);
bool py_is_lower(const std::string& s);  // str.islower()
bool py_is_upper(const std::string& s);  // str.isupper()
// Code-point index -> byte offset (clamped to the end).
size_t byte_offset(const std::string& s, int64_t cp_index);
// Python slice normalisation of the optional [start, end] arguments params[si], params[ei].
void norm_range(const Params& p, size_t si, size_t ei, int64_t len, int64_t& b, int64_t& e);
std::string html_escape(const std::string& s);
// int(str, base) and float(str) as Python parses them; nullopt = ValueError.
std::optional<int64_t> py_parse_int(const std::string& str, int base);
std::optional<double> py_parse_float(const std::string& str);

// Attribute path for map/sort/selectattr: "a.b.0" (digit parts index lists).
Value get_path(Interpreter& in, const Value& v, const std::string& path);
// Sort key: lower-cased strings unless case-sensitive.
Value fold(const Value& v, bool case_sensitive);

}  // namespace perimeter::engine::jinja::detail
