// jinja2's built-in filters and tests (jinja2/filters.py, jinja2/tests.py): same names,
// arguments, defaults and Python semantics; tojson is transformers' override.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "engine/chat/jinja_builtins.h"
#include "engine/chat/jinja_interpreter.h"
#include "engine/chat/jinja_support.h"
#include "engine/chat/json.h"
#include "engine/chat/unicode_text.h"

namespace perimeter::engine::jinja {

using namespace detail;

namespace {

using Fn = Value (*)(Interpreter&, const Value&, CallArgs&);
using TestFn = bool (*)(Interpreter&, const Value&, CallArgs&);

// ---- filters ------------------------------------------------------------------------------

Value f_abs(Interpreter&, const Value& v, CallArgs&) {
    if (v.is_float()) return Value(std::fabs(v.f()));
    if (v.is_int()) {
        if (v.i() == std::numeric_limits<int64_t>::min()) throw ValueError("integer result does not fit in 64 bits");
        return Value(v.i() < 0 ? -v.i() : v.i());
    }
    if (v.is_undefined()) undefined_error(v);
    throw ValueError("bad operand type for abs(): '" + v.type_name() + "'");
}

Value f_attr(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "attr", {"name"});
    if (!p.has(0)) throw ValueError("attr() missing the attribute name");
    const std::string& name = need_str(p.at(0), "attr");
    if (v.is_dict()) {  // getattr only: dict items are not attributes
        static const char* const methods[] = {"items", "keys", "values", "get", "copy"};
        for (const char* m : methods)
            if (name == m) return get_attr(in, v, name);
        return Value::undefined("'dict object' has no attribute '" + name + "'");
    }
    return get_attr(in, v, name);
}

Value f_batch(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "batch", {"linecount", "fill_with"});
    int64_t n = need_int(p.get(0, Value()), "batch");
    if (n <= 0) throw ValueError("batch: linecount must be positive");
    std::vector<Value> out, cur;
    for (auto& item : iterate(v)) {
        if (static_cast<int64_t>(cur.size()) == n) {
            out.push_back(Value::list(std::move(cur)));
            cur.clear();
        }
        cur.push_back(item);
    }
    if (!cur.empty()) {
        if (p.has(1) && !p.at(1).is_none())
            while (static_cast<int64_t>(cur.size()) < n) cur.push_back(p.at(1));
        out.push_back(Value::list(std::move(cur)));
    }
    return make_list(in, std::move(out));
}

Value f_capitalize(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "capitalize", {});
    return make_str(in, unicode::capitalize(to_str(v)));
}

Value f_center(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "center", {"width"});
    int64_t w = need_int(p.get(0, Value(int64_t{80})), "center");
    in.charge_string(static_cast<size_t>(std::max<int64_t>(0, std::min<int64_t>(w, 1ll << 40))));
    return Value(py_center(to_str(v), w));
}

int64_t py_len(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::String: return static_cast<int64_t>(unicode::cp_count(v.s()));
        case Value::Kind::List: return static_cast<int64_t>(v.l().items.size());
        case Value::Kind::Dict: return static_cast<int64_t>(v.d().items.size());
        case Value::Kind::Undefined: return 0;
        default: throw ValueError("object of type '" + v.type_name() + "' has no len()");
    }
}

Value f_length(Interpreter&, const Value& v, CallArgs& a) {
    Params p(a, "length", {});
    return Value(py_len(v));
}

Value f_default(Interpreter&, const Value& v, CallArgs& a) {
    Params p(a, "default", {"default_value", "boolean"});
    bool boolean = p.get(1, Value(false)).truthy();
    if (v.is_undefined() || (boolean && !v.truthy())) return p.get(0, Value(std::string()));
    return v;
}

Value f_dictsort(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "dictsort", {"case_sensitive", "by", "reverse"});
    if (!v.is_dict()) throw ValueError("dictsort: expected a mapping, got '" + v.type_name() + "'");
    bool cs = p.get(0, Value(false)).truthy();
    std::string by = p.has(1) ? need_str(p.at(1), "dictsort") : "key";
    if (by != "key" && by != "value") throw ValueError("You can only sort by either \"key\" or \"value\"");
    bool rev = p.get(2, Value(false)).truthy();
    std::vector<Value> items;
    for (const auto& [k, val] : v.d().items) items.push_back(Value::list({k, val}, true));
    size_t idx = by == "key" ? 0 : 1;
    std::stable_sort(items.begin(), items.end(), [&](const Value& x, const Value& y) {
        Value kx = fold(x.l().items[idx], cs), ky = fold(y.l().items[idx], cs);
        return rev ? less_than(ky, kx) : less_than(kx, ky);
    });
    return make_list(in, std::move(items));
}

Value f_escape(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "escape", {});
    return make_str(in, html_escape(to_str(v)));
}

Value f_first(Interpreter&, const Value& v, CallArgs& a) {
    Params p(a, "first", {});
    if (v.is_list()) {
        if (v.l().items.empty()) return Value::undefined("No first item, sequence was empty.");
        return v.l().items.front();
    }
    auto items = iterate(v);
    if (items.empty()) return Value::undefined("No first item, sequence was empty.");
    return items.front();
}

Value f_last(Interpreter&, const Value& v, CallArgs& a) {
    Params p(a, "last", {});
    auto items = iterate(v);
    if (items.empty()) return Value::undefined("No last item, sequence was empty.");
    return items.back();
}

Value f_float(Interpreter&, const Value& v, CallArgs& a) {
    Params p(a, "float", {"default"});
    Value def = p.get(0, Value(0.0));
    if (v.is_number()) return Value(v.f());
    if (v.is_undefined()) undefined_error(v);
    if (v.is_string()) {
        auto d = py_parse_float(v.s());
        return d ? Value(*d) : def;
    }
    return def;
}

Value f_int(Interpreter&, const Value& v, CallArgs& a) {
    Params p(a, "int", {"default", "base"});
    Value def = p.get(0, Value(int64_t{0}));
    int base = static_cast<int>(need_int(p.get(1, Value(int64_t{10})), "int"));
    if (v.is_int()) return Value(v.i());
    if (v.is_undefined()) undefined_error(v);
    if (v.is_float()) {
        if (!std::isfinite(v.f())) throw ValueError("cannot convert float infinity or NaN to integer");
        if (std::fabs(v.f()) >= 9.2e18) throw ValueError("integer result does not fit in 64 bits");
        return Value(static_cast<int64_t>(v.f()));
    }
    if (v.is_string()) {
        if (auto i = py_parse_int(v.s(), base)) return Value(*i);
        if (auto d = py_parse_float(v.s())) {
            if (!std::isfinite(*d)) throw ValueError("cannot convert float infinity or NaN to integer");
            if (std::fabs(*d) >= 9.2e18) throw ValueError("integer result does not fit in 64 bits");
            return Value(static_cast<int64_t>(*d));
        }
    }
    return def;
}

Value f_format(Interpreter& in, const Value& v, CallArgs& a) {
    if (!a.pos.empty() && !a.kw.empty()) throw ValueError("can't handle positional and keyword arguments at the same time");
    if (!a.kw.empty()) {
        auto d = std::make_shared<DictData>();
        for (auto& [k, val] : a.kw) d->set(Value(k), val);
        return make_str(in, percent_format(in, to_str(v), Value::dict(std::move(d))));
    }
    return make_str(in, percent_format(in, to_str(v), Value::list(a.pos, true)));
}

Value f_indent(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "indent", {"width", "first", "blank"});
    Value w = p.get(0, Value(int64_t{4}));
    std::string ind;
    if (w.is_string()) {
        ind = w.s();
    } else {
        int64_t n = need_int(w, "indent");
        if (n > 0) {
            in.charge_string(static_cast<size_t>(std::min<int64_t>(n, 1ll << 40)));
            ind.assign(static_cast<size_t>(n), ' ');
        }
    }
    bool first = p.get(1, Value(false)).truthy();
    bool blank = p.get(2, Value(false)).truthy();
    std::string s = to_str(v) + "\n";
    auto lines = py_splitlines(s, false);
    std::string rv;
    if (blank) {
        for (size_t i = 0; i < lines.size(); ++i) {
            if (i) rv += "\n" + ind;
            rv += lines[i];
        }
    } else {
        rv = lines.empty() ? "" : lines[0];
        for (size_t i = 1; i < lines.size(); ++i) {
            rv += "\n";
            if (!lines[i].empty()) rv += ind;
            rv += lines[i];
        }
    }
    if (first) rv = ind + rv;
    return make_str(in, std::move(rv));
}

Value f_items(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "items", {});
    if (v.is_undefined()) return Value::list({});
    if (!v.is_dict()) throw ValueError("Can only get item pairs from a mapping.");
    std::vector<Value> items;
    for (const auto& [k, val] : v.d().items) items.push_back(Value::list({k, val}, true));
    return make_list(in, std::move(items));
}

Value f_join(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "join", {"d", "attribute"});
    std::string sep = p.none(0) ? "" : to_str(p.at(0));
    std::string out;
    bool first = true;
    for (auto& item : iterate(v)) {
        Value x = p.none(1) ? item : get_path(in, item, to_str(p.at(1)));
        std::string part = to_str(x);
        in.charge_string(out.size() + sep.size() + part.size());
        if (!first) out += sep;
        first = false;
        out += part;
    }
    return Value(std::move(out));
}

Value f_list(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "list", {});
    return make_list(in, iterate(v));
}

Value f_lower(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "lower", {});
    return make_str(in, unicode::lower(to_str(v)));
}

Value f_upper(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "upper", {});
    return make_str(in, unicode::upper(to_str(v)));
}

Value f_map(Interpreter& in, const Value& v, CallArgs& a) {
    std::vector<Value> out;
    const Value* attribute = nullptr;
    const Value* def = nullptr;
    for (auto& [k, val] : a.kw) {
        if (k == "attribute") attribute = &val;
        else if (k == "default") def = &val;
    }
    if (attribute) {
        if (!a.pos.empty()) throw ValueError("map: attribute= cannot be combined with a filter name");
        for (auto& item : iterate(v)) {
            Value x = get_path(in, item, to_str(*attribute));
            if (x.is_undefined() && def) x = *def;
            out.push_back(std::move(x));
        }
        return make_list(in, std::move(out));
    }
    if (a.pos.empty()) throw ValueError("map requires a filter argument");
    std::string name = need_str(a.pos[0], "map");
    if (!has_filter(name)) throw ValueError("unknown filter '" + name + "'");
    for (auto& item : iterate(v)) {
        CallArgs fa;
        fa.pos.assign(a.pos.begin() + 1, a.pos.end());
        fa.kw = a.kw;
        out.push_back(apply_filter(in, name, item, fa));
    }
    return make_list(in, std::move(out));
}

Value min_max(Interpreter& in, const Value& v, CallArgs& a, bool want_max, const char* fname) {
    Params p(a, fname, {"case_sensitive", "attribute"});
    bool cs = p.get(0, Value(false)).truthy();
    auto items = iterate(v);
    if (items.empty()) return Value::undefined("No aggregated item, sequence was empty.");
    auto key = [&](const Value& x) { return fold(p.none(1) ? x : get_path(in, x, to_str(p.at(1))), cs); };
    size_t best = 0;
    Value bk = key(items[0]);
    for (size_t i = 1; i < items.size(); ++i) {
        Value k = key(items[i]);
        if (want_max ? less_than(bk, k) : less_than(k, bk)) {
            best = i;
            bk = k;
        }
    }
    return items[best];
}
Value f_max(Interpreter& in, const Value& v, CallArgs& a) { return min_max(in, v, a, true, "max"); }
Value f_min(Interpreter& in, const Value& v, CallArgs& a) { return min_max(in, v, a, false, "min"); }

// select/reject/selectattr/rejectattr share this: keep items whose test result == want.
Value select_impl(Interpreter& in, const Value& v, CallArgs& a, bool want, bool by_attr) {
    size_t k = 0;
    std::string attr;
    if (by_attr) {
        if (a.pos.empty()) throw ValueError("selectattr/rejectattr need an attribute name");
        attr = to_str(a.pos[0]);
        k = 1;
    }
    std::string test;
    if (a.pos.size() > k) {
        test = need_str(a.pos[k], "select");
        if (!has_test(test)) throw ValueError("no test named '" + test + "'");
    }
    std::vector<Value> out;
    for (auto& item : iterate(v)) {
        Value x = by_attr ? get_path(in, item, attr) : item;
        bool r;
        if (test.empty()) {
            r = x.truthy();
        } else {
            CallArgs ta;
            ta.pos.assign(a.pos.begin() + k + 1, a.pos.end());
            ta.kw = a.kw;
            r = apply_test(in, test, x, ta);
        }
        if (r == want) out.push_back(item);
    }
    return make_list(in, std::move(out));
}
Value f_select(Interpreter& in, const Value& v, CallArgs& a) { return select_impl(in, v, a, true, false); }
Value f_reject(Interpreter& in, const Value& v, CallArgs& a) { return select_impl(in, v, a, false, false); }
Value f_selectattr(Interpreter& in, const Value& v, CallArgs& a) { return select_impl(in, v, a, true, true); }
Value f_rejectattr(Interpreter& in, const Value& v, CallArgs& a) { return select_impl(in, v, a, false, true); }

Value f_replace(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "replace", {"old", "new", "count"});
    std::string s = to_str(v);
    std::string old = to_str(p.get(0, Value()));
    std::string rep = to_str(p.get(1, Value()));
    int64_t count = p.none(2) ? -1 : need_int(p.at(2), "replace");
    // Upper bound of the result, checked before building it.
    uint64_t hits = old.empty() ? unicode::cp_count(s) + 1 : 0;
    if (!old.empty())
        for (size_t q = s.find(old); q != std::string::npos; q = s.find(old, q + old.size())) ++hits;
    if (rep.size() > old.size()) in.charge_string(s.size() + hits * (rep.size() - old.size()));
    return make_str(in, py_replace(s, old, rep, count));
}

Value f_reverse(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "reverse", {});
    if (v.is_string()) {
        std::u32string u = unicode::to_u32(v.s());
        std::reverse(u.begin(), u.end());
        return Value(unicode::from_u32(u));
    }
    auto items = iterate(v);
    std::reverse(items.begin(), items.end());
    return make_list(in, std::move(items));
}

double py_round(double x, int64_t nd) {
    if (!std::isfinite(x)) return x;
    if (nd == 0) return std::nearbyint(x);
    if (nd > 0) {
        if (nd > 300) return x;
        char buf[512];
        std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(nd), x);
        return std::strtod(buf, nullptr);
    }
    double p = std::pow(10.0, static_cast<double>(-nd));
    return std::nearbyint(x / p) * p;
}

Value f_round(Interpreter&, const Value& v, CallArgs& a) {
    Params p(a, "round", {"precision", "method"});
    int64_t prec = need_int(p.get(0, Value(int64_t{0})), "round");
    std::string method = p.has(1) ? need_str(p.at(1), "round") : "common";
    if (method != "common" && method != "ceil" && method != "floor")
        throw ValueError("method must be common, ceil or floor");
    if (v.is_undefined()) undefined_error(v);
    if (!v.is_number()) throw ValueError("type " + v.type_name() + " doesn't define __round__ method");
    if (method == "common") {
        if (v.is_int()) {
            if (prec >= 0) return Value(v.i());
            return Value(static_cast<int64_t>(py_round(static_cast<double>(v.i()), prec)));
        }
        return Value(py_round(v.f(), prec));
    }
    double scale = std::pow(10.0, static_cast<double>(prec));
    double x = v.f() * scale;
    return Value((method == "ceil" ? std::ceil(x) : std::floor(x)) / scale);
}

Value f_safe(Interpreter&, const Value& v, CallArgs& a) {
    Params p(a, "safe", {});
    return Value(to_str(v));
}

Value f_sort(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "sort", {"reverse", "case_sensitive", "attribute"});
    bool rev = p.get(0, Value(false)).truthy();
    bool cs = p.get(1, Value(false)).truthy();
    std::vector<std::string> attrs;
    if (!p.none(2)) {
        if (p.at(2).is_int()) attrs.push_back(std::to_string(p.at(2).i()));
        else
            for (auto& part : py_split(to_str(p.at(2)), ",", -1)) attrs.push_back(py_strip(part, Value::none(), true, true));
    }
    auto items = iterate(v);
    std::vector<std::pair<Value, size_t>> keyed;
    for (size_t i = 0; i < items.size(); ++i) {
        Value k;
        if (attrs.empty()) {
            k = fold(items[i], cs);
        } else if (attrs.size() == 1) {
            k = fold(get_path(in, items[i], attrs[0]), cs);
        } else {
            std::vector<Value> parts;
            for (const auto& at : attrs) parts.push_back(fold(get_path(in, items[i], at), cs));
            k = Value::list(std::move(parts));
        }
        keyed.emplace_back(std::move(k), i);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
        return rev ? less_than(y.first, x.first) : less_than(x.first, y.first);
    });
    std::vector<Value> out;
    for (auto& [k, i] : keyed) out.push_back(items[i]);
    return make_list(in, std::move(out));
}

Value f_string(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "string", {});
    if (v.is_string()) return v;
    return make_str(in, to_str(v));
}

Value f_striptags(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "striptags", {});
    std::string s = to_str(v), t;
    for (size_t i = 0; i < s.size();) {
        if (s.compare(i, 4, "<!--") == 0) {
            size_t e = s.find("-->", i + 4);
            if (e != std::string::npos) {
                i = e + 3;
                continue;
            }
        }
        if (s[i] == '<') {
            size_t e = s.find('>', i + 1);
            if (e != std::string::npos) {
                i = e + 1;
                continue;
            }
        }
        t += s[i++];
    }
    std::string joined;
    for (auto& w : py_split_ws(t, -1)) {
        if (!joined.empty()) joined += ' ';
        joined += w;
    }
    joined = py_replace(joined, "&lt;", "<", -1);
    joined = py_replace(joined, "&gt;", ">", -1);
    joined = py_replace(joined, "&#34;", "\"", -1);
    joined = py_replace(joined, "&quot;", "\"", -1);
    joined = py_replace(joined, "&#39;", "'", -1);
    joined = py_replace(joined, "&amp;", "&", -1);
    return make_str(in, std::move(joined));
}

Value f_sum(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "sum", {"attribute", "start"});
    Value total = p.get(1, Value(int64_t{0}));
    for (auto& item : iterate(v)) {
        Value x = p.none(0) ? item : get_path(in, item, to_str(p.at(0)));
        if (x.is_undefined()) undefined_error(x);
        if (total.is_number() && x.is_number()) {
            if (total.is_int() && x.is_int()) {
                int64_t r;
                if (__builtin_add_overflow(total.i(), x.i(), &r)) throw ValueError("integer result does not fit in 64 bits");
                total = Value(r);
            } else {
                total = Value(total.f() + x.f());
            }
        } else if (total.is_list() && x.is_list()) {
            std::vector<Value> items = total.l().items;
            items.insert(items.end(), x.l().items.begin(), x.l().items.end());
            total = make_list(in, std::move(items));
        } else {
            throw ValueError("unsupported operand type(s) for +: '" + total.type_name() + "' and '" + x.type_name() + "'");
        }
    }
    return total;
}

bool title_sep(char32_t c) { return c == '-' || c == '(' || c == '{' || c == '[' || c == '<' || unicode::is_space(c); }

Value f_title(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "title", {});
    // jinja2: split on runs of [-\s({[<], then word[0].upper() + word[1:].lower().
    std::string s = to_str(v), out;
    bool start = true;
    for (size_t i = 0; i < s.size();) {
        char32_t c = unicode::next_cp(s, i);
        if (title_sep(c)) {
            unicode::append_utf8(out, c);
            start = true;
        } else if (start) {
            out += unicode::upper(std::string_view(s).substr(0, 0));  // keeps the helper symmetric
            std::string one;
            unicode::append_utf8(one, c);
            out += unicode::upper(one);
            start = false;
        } else {
            unicode::append_utf8(out, unicode::to_lower(c));
        }
    }
    return make_str(in, std::move(out));
}

Value f_tojson(Interpreter& in, const Value& v, CallArgs& a) {
    // transformers' override: tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)
    Params p(a, "tojson", {"ensure_ascii", "indent", "separators", "sort_keys"});
    bool ascii = p.get(0, Value(false)).truthy();
    int indent = -1;
    if (!p.none(1)) {
        const Value& iv = p.at(1);
        if (iv.is_string()) throw ValueError("tojson: a string indent is not supported");
        indent = static_cast<int>(std::clamp<int64_t>(need_int(iv, "tojson indent"), 0, 1000));
    }
    std::string item_sep = indent >= 0 ? "," : ", ", key_sep = ": ";
    if (!p.none(2)) {
        auto seps = iterate(p.at(2));
        if (seps.size() != 2) throw ValueError("tojson: separators must be a pair");
        item_sep = need_str(seps[0], "tojson separators");
        key_sep = need_str(seps[1], "tojson separators");
    }
    bool sort = p.get(3, Value(false)).truthy();
    return make_str(in, to_json(v, indent, ascii, sort, item_sep, key_sep));
}

Value f_trim(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "trim", {"chars"});
    return make_str(in, py_strip(to_str(v), p.get(0, Value::none()), true, true));
}

Value f_truncate(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "truncate", {"length", "killwords", "end", "leeway"});
    std::string s = to_str(v);
    int64_t length = need_int(p.get(0, Value(int64_t{255})), "truncate");
    bool killwords = p.get(1, Value(false)).truthy();
    std::string end = p.has(2) ? to_str(p.at(2)) : "...";
    int64_t leeway = p.none(3) ? 5 : need_int(p.at(3), "truncate");
    int64_t end_len = static_cast<int64_t>(unicode::cp_count(end));
    if (length < end_len) throw ValueError("expected length >= " + std::to_string(end_len) + ", got " + std::to_string(length));
    if (leeway < 0) throw ValueError("expected leeway >= 0, got " + std::to_string(leeway));
    if (static_cast<int64_t>(unicode::cp_count(s)) <= length + leeway) return Value(s);
    std::string head = s.substr(0, byte_offset(s, length - end_len));
    if (killwords) return make_str(in, head + end);
    size_t sp = head.rfind(' ');
    if (sp != std::string::npos) head = head.substr(0, sp);
    return make_str(in, head + end);
}

Value f_unique(Interpreter& in, const Value& v, CallArgs& a) {
    Params p(a, "unique", {"case_sensitive", "attribute"});
    bool cs = p.get(0, Value(false)).truthy();
    std::unordered_set<std::string> seen;
    std::vector<Value> out;
    for (auto& item : iterate(v)) {
        Value k = fold(p.none(1) ? item : get_path(in, item, to_str(p.at(1))), cs);
        auto hk = hash_key(k);
        if (!hk) throw ValueError("unhashable type: '" + k.type_name() + "'");
        if (seen.insert(*hk).second) out.push_back(item);
    }
    return make_list(in, std::move(out));
}

bool word_char(char32_t c) {
    if (c < 0x80) return std::isalnum(static_cast<int>(c)) || c == '_';
    return !unicode::is_space(c) && !(c >= 0x2000 && c <= 0x206F) && !(c >= 0x3000 && c <= 0x303F) &&
           c != 0xA0 && !(c >= 0x80 && c <= 0xBF);
}

Value f_wordcount(Interpreter&, const Value& v, CallArgs& a) {
    Params p(a, "wordcount", {});
    std::string s = to_str(v);
    int64_t n = 0;
    bool in_word = false;
    for (size_t i = 0; i < s.size();) {
        bool w = word_char(unicode::next_cp(s, i));
        if (w && !in_word) ++n;
        in_word = w;
    }
    return Value(n);
}

const std::unordered_map<std::string_view, Fn>& filters() {
    static const std::unordered_map<std::string_view, Fn> m = {
        {"abs", f_abs},         {"attr", f_attr},           {"batch", f_batch},       {"capitalize", f_capitalize},
        {"center", f_center},   {"count", f_length},        {"d", f_default},         {"default", f_default},
        {"dictsort", f_dictsort}, {"e", f_escape},          {"escape", f_escape},     {"first", f_first},
        {"float", f_float},     {"forceescape", f_escape},  {"format", f_format},     {"indent", f_indent},
        {"int", f_int},         {"items", f_items},         {"join", f_join},         {"last", f_last},
        {"length", f_length},   {"list", f_list},           {"lower", f_lower},       {"map", f_map},
        {"max", f_max},         {"min", f_min},             {"reject", f_reject},     {"rejectattr", f_rejectattr},
        {"replace", f_replace}, {"reverse", f_reverse},     {"round", f_round},       {"safe", f_safe},
        {"select", f_select},   {"selectattr", f_selectattr}, {"sort", f_sort},       {"string", f_string},
        {"striptags", f_striptags}, {"sum", f_sum},         {"title", f_title},       {"tojson", f_tojson},
        {"trim", f_trim},       {"truncate", f_truncate},   {"unique", f_unique},     {"upper", f_upper},
        {"wordcount", f_wordcount},
    };
    return m;
}

// ---- tests --------------------------------------------------------------------------------

bool t_defined(Interpreter&, const Value& v, CallArgs&) { return !v.is_undefined(); }
bool t_undefined(Interpreter&, const Value& v, CallArgs&) { return v.is_undefined(); }
bool t_none(Interpreter&, const Value& v, CallArgs&) { return v.is_none(); }
bool t_boolean(Interpreter&, const Value& v, CallArgs&) { return v.is_bool(); }
bool t_true(Interpreter&, const Value& v, CallArgs&) { return v.is_bool() && v.b(); }
bool t_false(Interpreter&, const Value& v, CallArgs&) { return v.is_bool() && !v.b(); }
bool t_integer(Interpreter&, const Value& v, CallArgs&) { return v.kind() == Value::Kind::Int; }
bool t_float(Interpreter&, const Value& v, CallArgs&) { return v.is_float(); }
bool t_number(Interpreter&, const Value& v, CallArgs&) { return v.is_number(); }
bool t_string(Interpreter&, const Value& v, CallArgs&) { return v.is_string(); }
bool t_mapping(Interpreter&, const Value& v, CallArgs&) { return v.is_dict(); }
bool t_iterable(Interpreter&, const Value& v, CallArgs&) {
    return v.is_string() || v.is_list() || v.is_dict() || v.is_undefined();
}
bool t_sequence(Interpreter& in, const Value& v, CallArgs& a) { return t_iterable(in, v, a); }
bool t_callable(Interpreter&, const Value& v, CallArgs&) { return v.is_function(); }
bool t_escaped(Interpreter&, const Value&, CallArgs&) { return false; }
bool t_lower(Interpreter&, const Value& v, CallArgs&) { return py_is_lower(to_str(v)); }
bool t_upper(Interpreter&, const Value& v, CallArgs&) { return py_is_upper(to_str(v)); }
const Value& arg0(CallArgs& a, const char* name) {
    if (a.pos.size() == 1 && a.kw.empty()) return a.pos[0];
    if (a.pos.empty() && a.kw.size() == 1) return a.kw[0].second;
    throw ValueError(std::string("test '") + name + "' takes one argument");
}
Value mod2(const Value& v) {
    if (v.is_undefined()) undefined_error(v);
    if (v.is_int()) return Value(((v.i() % 2) + 2) % 2);
    if (v.is_float()) {
        double m = std::fmod(v.f(), 2.0);
        if (m < 0) m += 2.0;
        return Value(m);
    }
    throw ValueError("unsupported operand type(s) for %: '" + v.type_name() + "' and 'int'");
}
bool t_odd(Interpreter&, const Value& v, CallArgs&) { return equals(mod2(v), Value(int64_t{1})); }
bool t_even(Interpreter&, const Value& v, CallArgs&) { return equals(mod2(v), Value(int64_t{0})); }
bool t_divisibleby(Interpreter&, const Value& v, CallArgs& a) {
    const Value& n = arg0(a, "divisibleby");
    if (v.is_int() && n.is_int()) {
        if (n.i() == 0) throw ValueError("integer division or modulo by zero");
        return n.i() == -1 || v.i() % n.i() == 0;
    }
    if (v.is_number() && n.is_number()) {
        if (n.f() == 0) throw ValueError("float modulo");
        return std::fmod(v.f(), n.f()) == 0;
    }
    throw ValueError("divisibleby: expected numbers");
}
bool t_in(Interpreter&, const Value& v, CallArgs& a) { return contains(arg0(a, "in"), v); }
bool t_eq(Interpreter&, const Value& v, CallArgs& a) { return equals(v, arg0(a, "eq")); }
bool t_ne(Interpreter&, const Value& v, CallArgs& a) { return !equals(v, arg0(a, "ne")); }
bool cmp_checked(const Value& x, const Value& y, bool or_equal) {
    if (x.is_undefined()) undefined_error(x);
    if (y.is_undefined()) undefined_error(y);
    return less_than(x, y) || (or_equal && equals(x, y));
}
bool t_lt(Interpreter&, const Value& v, CallArgs& a) { return cmp_checked(v, arg0(a, "lt"), false); }
bool t_le(Interpreter&, const Value& v, CallArgs& a) { return cmp_checked(v, arg0(a, "le"), true); }
bool t_gt(Interpreter&, const Value& v, CallArgs& a) { return cmp_checked(arg0(a, "gt"), v, false); }
bool t_ge(Interpreter&, const Value& v, CallArgs& a) { return cmp_checked(arg0(a, "ge"), v, true); }
bool t_sameas(Interpreter&, const Value& v, CallArgs& a) {
    const Value& o = arg0(a, "sameas");
    if (v.kind() != o.kind()) return false;
    switch (v.kind()) {
        case Value::Kind::None:
        case Value::Kind::Undefined: return true;
        case Value::Kind::Bool: return v.b() == o.b();
        case Value::Kind::List: return &v.l() == &o.l();
        case Value::Kind::Dict: return &v.d() == &o.d();
        case Value::Kind::Function: return &v.fn() == &o.fn();
        case Value::Kind::Namespace: return &v.n() == &o.n();
        default: return equals(v, o);  // small ints and interned strings are identical in CPython
    }
}
bool t_filter(Interpreter&, const Value& v, CallArgs&) { return v.is_string() && has_filter(v.s()); }
bool t_test(Interpreter&, const Value& v, CallArgs&) { return v.is_string() && has_test(v.s()); }

const std::unordered_map<std::string_view, TestFn>& tests() {
    static const std::unordered_map<std::string_view, TestFn> m = {
        {"defined", t_defined},   {"undefined", t_undefined}, {"none", t_none},       {"boolean", t_boolean},
        {"true", t_true},         {"false", t_false},         {"integer", t_integer}, {"float", t_float},
        {"number", t_number},     {"string", t_string},       {"mapping", t_mapping}, {"iterable", t_iterable},
        {"sequence", t_sequence}, {"callable", t_callable},   {"escaped", t_escaped}, {"lower", t_lower},
        {"upper", t_upper},       {"odd", t_odd},             {"even", t_even},       {"divisibleby", t_divisibleby},
        {"in", t_in},             {"eq", t_eq},               {"equalto", t_eq},      {"==", t_eq},
        {"ne", t_ne},             {"!=", t_ne},               {"lt", t_lt},           {"lessthan", t_lt},
        {"<", t_lt},              {"le", t_le},               {"<=", t_le},           {"gt", t_gt},
        {"greaterthan", t_gt},    {">", t_gt},                {"ge", t_ge},           {">=", t_ge},
        {"sameas", t_sameas},     {"filter", t_filter},       {"test", t_test},
    };
    return m;
}

}  // namespace

// ---- public entry points ------------------------------------------------------------------

bool has_filter(std::string_view name) { return filters().count(name) > 0; }
bool has_test(std::string_view name) { return tests().count(name) > 0; }

namespace {
// jinja2 filters and tests this interpreter does not implement: a clear error, not "unknown".
bool jinja2_has(std::string_view name) {
    static const std::unordered_set<std::string_view> names = {
        "filesizeformat", "groupby", "pprint", "random", "slice", "urlencode", "urlize", "wordwrap", "xmlattr"};
    return names.count(name) > 0;
}
}  // namespace

Value apply_filter(Interpreter& in, std::string_view name, const Value& v, CallArgs& args) {
    auto it = filters().find(name);
    if (it == filters().end()) {
        if (jinja2_has(name)) throw ValueError("filter '" + std::string(name) + "' is not supported by this interpreter");
        throw ValueError("unknown filter '" + std::string(name) + "'");
    }
    return it->second(in, v, args);
}

bool apply_test(Interpreter& in, std::string_view name, const Value& v, CallArgs& args) {
    auto it = tests().find(name);
    if (it == tests().end()) throw ValueError("unknown test '" + std::string(name) + "'");
    return it->second(in, v, args);
}

}  // namespace perimeter::engine::jinja
