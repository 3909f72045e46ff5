// Built-in filters, tests, methods and global functions of the interpreter, with jinja2's
// names, arguments and defaults (jinja2/filters.py, jinja2/tests.py) and Python's str/dict/
// list methods. transformers' own additions: tojson without HTML escaping (json.dumps with
// ensure_ascii=False), raise_exception(), strftime_now().
#pragma once
#include <string>
#include <string_view>

#include "engine/chat/jinja_value.h"

namespace perimeter::engine::jinja {

bool has_filter(std::string_view name);
bool has_test(std::string_view name);

Value apply_filter(Interpreter& in, std::string_view name, const Value& v, CallArgs& args);
bool apply_test(Interpreter& in, std::string_view name, const Value& v, CallArgs& args);

// obj.name: a bound method, a dict item, a namespace attribute or undefined (jinja2's
// sandboxed getattr: unsafe methods such as list.append give an undefined that errors on use).
Value get_attr(Interpreter& in, const Value& obj, const std::string& name);
// obj[key], slices excluded (see slice_value).
Value get_item(Interpreter& in, const Value& obj, const Value& key);
Value slice_value(Interpreter& in, const Value& obj, const Value& start, const Value& stop, const Value& step);
// Calls a method directly (obj.name(args)) without building a bound function.
bool call_method(Interpreter& in, const Value& obj, const std::string& name, CallArgs& args, Value& result);

// Values that iterate like Python: list items, dict keys, string characters; undefined is
// empty. Throws ValueError for non-iterables.
std::vector<Value> iterate(const Value& v);

// Python's json.dumps(v, ensure_ascii, indent, separators, sort_keys) for the tojson filter.
std::string to_json(const Value& v, int indent, bool ensure_ascii, bool sort_keys, const std::string& item_sep,
                    const std::string& key_sep);

// Python's `fmt % args` (printf-style: %s %r %d %i %f %x %o %e %g %%, flags, width,
// precision, and %(name)s with a dict).
std::string percent_format(Interpreter& in, const std::string& fmt, const Value& args);

// The default global functions: range, dict, namespace, joiner, raise_exception.
void add_builtin_globals(std::vector<std::pair<std::string, Value>>& vars);

}  // namespace perimeter::engine::jinja
