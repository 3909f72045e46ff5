// Attribute and item access (jinja2's sandboxed getattr/getitem) and the methods of str,
// dict and list that templates call, with Python's semantics.
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

// ---- str.format ---------------------------------------------------------------------------

std::string format_spec_apply(const Value& v, const std::string& spec) {
    if (spec.empty()) return to_str(v);
    // [[fill]align][sign][0][width][,][.precision][type]
    size_t i = 0;
    std::string fill = " ";
    char align = 0;
    auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
    {
        size_t q = 0;
        std::string first;
        if (!spec.empty()) {
            unicode::append_utf8(first, unicode::next_cp(spec, q));
            if (q < spec.size() && is_align(spec[q])) {
                fill = first;
                align = spec[q];
                i = q + 1;
            } else if (is_align(spec[0])) {
                align = spec[0];
                i = 1;
            }
        }
    }
    char sign = 0;
    if (i < spec.size() && (spec[i] == '+' || spec[i] == '-' || spec[i] == ' ')) sign = spec[i++];
    if (i < spec.size() && spec[i] == '0') {
        if (!align) {
            fill = "0";
            align = '=';
        }
        ++i;
    }
    int64_t width = 0;
    while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i]))) width = width * 10 + (spec[i++] - '0');
    if (width > 100000) throw ValueError("format width too large");
    bool comma = false;
    if (i < spec.size() && spec[i] == ',') comma = true, ++i;
    int prec = -1;
    if (i < spec.size() && spec[i] == '.') {
        ++i;
        prec = 0;
        while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i]))) prec = std::min(prec * 10 + (spec[i++] - '0'), 1000);
    }
    char type = 0;
    if (i < spec.size()) type = spec[i++];
    if (i != spec.size() || comma) throw ValueError("format spec '" + spec + "' is not supported");
    std::string body;
    bool numeric = false;
    if (type == 0 && v.is_string()) type = 's';
    if (type == 's') {
        if (!v.is_string()) throw ValueError("Unknown format code 's' for object of type '" + v.type_name() + "'");
        body = v.s();
        if (prec >= 0) body = body.substr(0, byte_offset(body, prec));
    } else if (type == 0 && prec < 0 && v.is_int()) {
        body = std::to_string(v.i());
        numeric = true;
    } else if (type == 'd') {
        if (!v.is_int()) throw ValueError("Unknown format code 'd' for object of type '" + v.type_name() + "'");
        body = std::to_string(v.i());
        numeric = true;
    } else if ((type == 'f' || type == 'F' || type == 'e' || type == 'E' || type == 'g' || type == 'G' || type == '%' ||
                type == 0) && v.is_number()) {
        double x = v.f();
        char buf[1100];
        if (type == '%') {
            std::snprintf(buf, sizeof buf, "%.*f%%", prec < 0 ? 6 : prec, x * 100);
        } else if (type == 0) {
            if (prec < 0) {
                std::snprintf(buf, sizeof buf, "%s", json::format_double(x).c_str());
            } else {
                std::snprintf(buf, sizeof buf, "%.*g", prec == 0 ? 1 : prec, x);
                if (!std::strpbrk(buf, ".e") && std::isfinite(x)) std::strcat(buf, ".0");
            }
        } else {
            char f[8] = {'%', '.', '*', type, 0};
            std::snprintf(buf, sizeof buf, f, prec < 0 ? 6 : prec, x);
        }
        body = buf;
        numeric = true;
    } else {
        throw ValueError("format spec '" + spec + "' is not supported for '" + v.type_name() + "'");
    }
    if (numeric && sign && body[0] != '-') {
        if (sign == '+') body = "+" + body;
        else if (sign == ' ') body = " " + body;
    }
    int64_t len = static_cast<int64_t>(unicode::cp_count(body));
    if (width <= len) return body;
    if (!align) align = numeric ? '>' : '<';
    int64_t pad = width - len;
    auto rep = [&](int64_t n) {
        std::string r;
        for (int64_t k = 0; k < n; ++k) r += fill;
        return r;
    };
    switch (align) {
        case '<': return body + rep(pad);
        case '>': return rep(pad) + body;
        case '^': return rep(pad / 2) + body + rep(pad - pad / 2);
        default: {  // '=': padding after the sign
            if (!body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' '))
                return body.substr(0, 1) + rep(pad) + body.substr(1);
            return rep(pad) + body;
        }
    }
}

std::string str_format(Interpreter& in, const std::string& fmt, CallArgs& a) {
    std::string out;
    size_t auto_idx = 0;
    for (size_t i = 0; i < fmt.size();) {
        char c = fmt[i];
        if (c == '}') {
            if (i + 1 < fmt.size() && fmt[i + 1] == '}') {
                out += '}';
                i += 2;
                continue;
            }
            throw ValueError("Single '}' encountered in format string");
        }
        if (c != '{') {
            out += c;
            ++i;
            continue;
        }
        if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
            out += '{';
            i += 2;
            continue;
        }
        size_t close = fmt.find('}', i + 1);
        if (close == std::string::npos) throw ValueError("Single '{' encountered in format string");
        std::string field = fmt.substr(i + 1, close - i - 1);
        i = close + 1;
        std::string spec, conv;
        size_t colon = field.find(':');
        if (colon != std::string::npos) {
            spec = field.substr(colon + 1);
            field = field.substr(0, colon);
        }
        size_t bang = field.find('!');
        if (bang != std::string::npos) {
            conv = field.substr(bang + 1);
            field = field.substr(0, bang);
        }
        // arg_name then .attr / [key] parts
        size_t p = 0;
        while (p < field.size() && field[p] != '.' && field[p] != '[') ++p;
        std::string name = field.substr(0, p);
        Value v;
        if (name.empty()) {
            if (auto_idx >= a.pos.size()) throw ValueError("Replacement index " + std::to_string(auto_idx) + " out of range");
            v = a.pos[auto_idx++];
        } else if (std::all_of(name.begin(), name.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
            size_t k = std::stoul(name.substr(0, 9));
            if (k >= a.pos.size()) throw ValueError("Replacement index " + name + " out of range");
            v = a.pos[k];
        } else {
            bool found = false;
            for (auto& [k, val] : a.kw)
                if (k == name) {
                    v = val;
                    found = true;
                }
            if (!found) throw ValueError("KeyError: '" + name + "'");
        }
        while (p < field.size()) {
            if (field[p] == '.') {
                size_t q = p + 1;
                while (q < field.size() && field[q] != '.' && field[q] != '[') ++q;
                v = get_attr(in, v, field.substr(p + 1, q - p - 1));
                p = q;
            } else {
                size_t q = field.find(']', p);
                if (q == std::string::npos) throw ValueError("Missing ']' in format string");
                std::string key = field.substr(p + 1, q - p - 1);
                bool digits = !key.empty() && std::all_of(key.begin(), key.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
                v = get_item(in, v, digits ? Value(static_cast<int64_t>(std::stoll(key.substr(0, 18)))) : Value(key));
                p = q + 1;
            }
        }
        if (conv == "r" || conv == "a") v = Value(repr(v));
        else if (conv == "s") v = Value(to_str(v));
        else if (!conv.empty()) throw ValueError("Unknown conversion specifier " + conv);
        out += format_spec_apply(v, spec);
        in.charge_string(out.size());
    }
    return out;
}

// ---- methods ------------------------------------------------------------------------------

bool is_str_method(const std::string& n) {
    static const std::unordered_set<std::string> m = {
        "upper", "lower", "title", "capitalize", "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines",
        "startswith", "endswith", "replace", "find", "rfind", "index", "rindex", "count", "join", "format",
        "isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower", "isnumeric", "isdecimal", "center",
        "ljust", "rjust", "zfill", "partition", "rpartition", "removeprefix", "removesuffix", "swapcase", "casefold"};
    return m.count(n) > 0;
}

bool str_method(Interpreter& in, const std::string& s, const std::string& name, CallArgs& a, Value& r) {
    auto list_of = [&](std::vector<std::string> parts) {
        std::vector<Value> items;
        for (auto& x : parts) items.emplace_back(std::move(x));
        return make_list(in, std::move(items));
    };
    if (name == "upper") { Params p(a, "upper", {}); r = make_str(in, unicode::upper(s)); }
    else if (name == "lower" || name == "casefold") { Params p(a, "lower", {}); r = make_str(in, unicode::lower(s)); }
    else if (name == "title") { Params p(a, "title", {}); r = make_str(in, unicode::title(s)); }
    else if (name == "capitalize") { Params p(a, "capitalize", {}); r = make_str(in, unicode::capitalize(s)); }
    else if (name == "swapcase") {
        Params p(a, "swapcase", {});
        std::string out;
        for (size_t i = 0; i < s.size();) {
            char32_t c = unicode::next_cp(s, i);
            unicode::append_utf8(out, unicode::is_upper(c) ? unicode::to_lower(c) : unicode::to_upper(c));
        }
        r = make_str(in, std::move(out));
    } else if (name == "strip" || name == "lstrip" || name == "rstrip") {
        Params p(a, name.c_str(), {"chars"});
        r = make_str(in, py_strip(s, p.get(0, Value::none()), name != "rstrip", name != "lstrip"));
    } else if (name == "split" || name == "rsplit") {
        Params p(a, name.c_str(), {"sep", "maxsplit"});
        int64_t maxsplit = p.none(1) ? -1 : need_int(p.at(1), "split");
        if (p.none(0)) {
            if (name == "rsplit" && maxsplit >= 0) {
                // rsplit on whitespace with a limit: split from the right.
                auto all = py_split_ws(s, -1);
                if (static_cast<int64_t>(all.size()) > maxsplit + 1) {
                    size_t keep = all.size() - maxsplit;
                    // Find where the (keep)-th word ends in s.
                    size_t i = 0, words = 0, end = 0;
                    while (i < s.size() && words < keep) {
                        while (i < s.size()) {
                            size_t q = i;
                            if (!unicode::is_space(unicode::next_cp(s, q))) break;
                            i = q;
                        }
                        while (i < s.size()) {
                            size_t q = i;
                            if (unicode::is_space(unicode::next_cp(s, q))) break;
                            i = q;
                        }
                        end = i;
                        ++words;
                    }
                    std::vector<std::string> out{py_strip(s.substr(0, end), Value::none(), true, false)};
                    out.insert(out.end(), all.end() - maxsplit, all.end());
                    r = list_of(std::move(out));
                } else {
                    r = list_of(std::move(all));
                }
            } else {
                r = list_of(py_split_ws(s, maxsplit));
            }
        } else {
            const std::string& sep = need_str(p.at(0), "split");
            r = list_of(name == "split" ? py_split(s, sep, maxsplit) : py_rsplit(s, sep, maxsplit));
        }
    } else if (name == "splitlines") {
        Params p(a, "splitlines", {"keepends"});
        r = list_of(py_splitlines(s, p.get(0, Value(false)).truthy()));
    } else if (name == "startswith" || name == "endswith") {
        Params p(a, name.c_str(), {"prefix", "start", "end"});
        if (!p.has(0)) throw ValueError(name + "() takes at least 1 argument");
        int64_t len = static_cast<int64_t>(unicode::cp_count(s)), b, e;
        norm_range(p, 1, 2, len, b, e);
        std::string sub = b > e ? std::string() : s.substr(byte_offset(s, b), byte_offset(s, e) - byte_offset(s, b));
        std::vector<Value> cands = p.at(0).is_tuple() ? p.at(0).l().items : std::vector<Value>{p.at(0)};
        bool hit = false;
        for (auto& c : cands) {
            if (!c.is_string())
                throw ValueError(name + " first arg must be str or a tuple of str, not " + c.type_name());
            const std::string& x = c.s();
            if (b > e) continue;
            if (x.size() <= sub.size() &&
                (name == "startswith" ? sub.compare(0, x.size(), x) == 0 : sub.compare(sub.size() - x.size(), x.size(), x) == 0))
                hit = true;
        }
        r = Value(hit);
    } else if (name == "replace") {
        Params p(a, "replace", {"old", "new", "count"});
        const std::string& old = need_str(p.get(0, Value()), "replace");
        const std::string& rep = need_str(p.get(1, Value()), "replace");
        int64_t count = p.none(2) ? -1 : need_int(p.at(2), "replace");
        uint64_t hits = old.empty() ? unicode::cp_count(s) + 1 : 0;
        if (!old.empty())
            for (size_t q = s.find(old); q != std::string::npos; q = s.find(old, q + old.size())) ++hits;
        if (rep.size() > old.size()) in.charge_string(s.size() + hits * (rep.size() - old.size()));
        r = make_str(in, py_replace(s, old, rep, count));
    } else if (name == "find" || name == "rfind" || name == "index" || name == "rindex" || name == "count") {
        Params p(a, name.c_str(), {"sub", "start", "end"});
        const std::string& sub = need_str(p.get(0, Value()), name.c_str());
        int64_t len = static_cast<int64_t>(unicode::cp_count(s)), b, e;
        norm_range(p, 1, 2, len, b, e);
        if (b > len) {
            if (name == "index" || name == "rindex") throw ValueError("substring not found");
            r = Value(int64_t{name == "count" ? 0 : -1});
            return true;
        }
        size_t bb = byte_offset(s, b), eb = byte_offset(s, std::max(e, b));
        std::string hay = s.substr(bb, eb - bb);
        if (name == "count") {
            int64_t n = 0;
            if (sub.empty()) n = static_cast<int64_t>(unicode::cp_count(hay)) + 1;
            else
                for (size_t q = hay.find(sub); q != std::string::npos; q = hay.find(sub, q + sub.size())) ++n;
            r = Value(n);
        } else {
            size_t q = (name == "find" || name == "index") ? hay.find(sub) : hay.rfind(sub);
            if (q == std::string::npos) {
                if (name == "index" || name == "rindex") throw ValueError("substring not found");
                r = Value(int64_t{-1});
            } else {
                r = Value(b + static_cast<int64_t>(unicode::cp_count(std::string_view(hay).substr(0, q))));
            }
        }
    } else if (name == "join") {
        Params p(a, "join", {"iterable"});
        std::string out;
        bool first = true;
        for (auto& item : iterate(p.get(0, Value()))) {
            if (!item.is_string()) throw ValueError("sequence item: expected str instance, " + item.type_name() + " found");
            in.charge_string(out.size() + s.size() + item.s().size());
            if (!first) out += s;
            first = false;
            out += item.s();
        }
        r = Value(std::move(out));
    } else if (name == "format") {
        r = make_str(in, str_format(in, s, a));
    } else if (name == "isdigit" || name == "isnumeric" || name == "isdecimal") {
        Params p(a, name.c_str(), {});
        bool ok = !s.empty();
        for (size_t i = 0; i < s.size();)
            if (!unicode::is_digit(unicode::next_cp(s, i))) ok = false;
        r = Value(ok);
    } else if (name == "isalpha" || name == "isalnum") {
        Params p(a, name.c_str(), {});
        bool ok = !s.empty();
        for (size_t i = 0; i < s.size();) {
            char32_t c = unicode::next_cp(s, i);
            bool alpha = unicode::is_cased(c) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3040 && c <= 0x30FF);
            if (!(alpha || (name == "isalnum" && unicode::is_digit(c)))) ok = false;
        }
        r = Value(ok);
    } else if (name == "isspace") {
        Params p(a, "isspace", {});
        bool ok = !s.empty();
        for (size_t i = 0; i < s.size();)
            if (!unicode::is_space(unicode::next_cp(s, i))) ok = false;
        r = Value(ok);
    } else if (name == "isupper" || name == "islower") {
        Params p(a, name.c_str(), {});
        r = Value(name == "isupper" ? py_is_upper(s) : py_is_lower(s));
    } else if (name == "center" || name == "ljust" || name == "rjust") {
        Params p(a, name.c_str(), {"width", "fillchar"});
        int64_t w = need_int(p.get(0, Value()), name.c_str());
        std::string fill = p.has(1) ? need_str(p.at(1), name.c_str()) : " ";
        if (unicode::cp_count(fill) != 1) throw ValueError("The fill character must be exactly one character long");
        int64_t len = static_cast<int64_t>(unicode::cp_count(s));
        if (w <= len) {
            r = Value(s);
            return true;
        }
        in.charge_string(static_cast<size_t>(std::min<int64_t>(w, 1ll << 40)) * fill.size());
        int64_t pad = w - len;
        int64_t left = name == "ljust" ? 0 : name == "rjust" ? pad : pad / 2 + (pad & w & 1);
        std::string out;
        for (int64_t k = 0; k < left; ++k) out += fill;
        out += s;
        for (int64_t k = 0; k < pad - left; ++k) out += fill;
        r = Value(std::move(out));
    } else if (name == "zfill") {
        Params p(a, "zfill", {"width"});
        int64_t w = need_int(p.get(0, Value()), "zfill");
        int64_t len = static_cast<int64_t>(unicode::cp_count(s));
        if (w <= len) {
            r = Value(s);
            return true;
        }
        in.charge_string(static_cast<size_t>(std::min<int64_t>(w, 1ll << 40)));
        std::string zeros(static_cast<size_t>(w - len), '0');
        if (!s.empty() && (s[0] == '+' || s[0] == '-')) r = Value(s.substr(0, 1) + zeros + s.substr(1));
        else r = Value(zeros + s);
    } else if (name == "partition" || name == "rpartition") {
        Params p(a, name.c_str(), {"sep"});
        const std::string& sep = need_str(p.get(0, Value()), name.c_str());
        if (sep.empty()) throw ValueError("empty separator");
        size_t q = name == "partition" ? s.find(sep) : s.rfind(sep);
        if (q == std::string::npos)
            r = name == "partition" ? Value::list({Value(s), Value(""), Value("")}, true)
                                    : Value::list({Value(""), Value(""), Value(s)}, true);
        else
            r = Value::list({Value(s.substr(0, q)), Value(sep), Value(s.substr(q + sep.size()))}, true);
    } else if (name == "removeprefix" || name == "removesuffix") {
        Params p(a, name.c_str(), {"affix"});
        const std::string& x = need_str(p.get(0, Value()), name.c_str());
        if (name == "removeprefix") r = Value(s.compare(0, x.size(), x) == 0 && x.size() <= s.size() ? s.substr(x.size()) : s);
        else r = Value(x.size() <= s.size() && s.compare(s.size() - x.size(), x.size(), x) == 0 ? s.substr(0, s.size() - x.size()) : s);
    } else {
        return false;
    }
    return true;
}

enum class MethodSafety { None, Safe, Unsafe };

MethodSafety dict_method(const std::string& n) {
    if (n == "items" || n == "keys" || n == "values" || n == "get" || n == "copy") return MethodSafety::Safe;
    if (n == "pop" || n == "popitem" || n == "setdefault" || n == "update" || n == "clear") return MethodSafety::Unsafe;
    return MethodSafety::None;
}

MethodSafety list_method(const std::string& n) {
    if (n == "index" || n == "count" || n == "copy") return MethodSafety::Safe;
    if (n == "append" || n == "extend" || n == "insert" || n == "pop" || n == "remove" || n == "reverse" ||
        n == "sort" || n == "clear")
        return MethodSafety::Unsafe;
    return MethodSafety::None;
}

std::string unsafe_msg(const std::string& attr, const Value& obj) {
    return "access to attribute '" + attr + "' of '" + obj.type_name() + "' object is unsafe.";
}

}  // namespace

std::vector<Value> iterate(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::List: return v.l().items;
        case Value::Kind::Dict: {
            std::vector<Value> keys;
            keys.reserve(v.d().items.size());
            for (const auto& kv : v.d().items) keys.push_back(kv.first);
            return keys;
        }
        case Value::Kind::String: {
            std::vector<Value> chars;
            const std::string& s = v.s();
            for (size_t i = 0; i < s.size();) {
                size_t b = i;
                unicode::next_cp(s, i);
                chars.emplace_back(s.substr(b, i - b));
            }
            return chars;
        }
        case Value::Kind::Undefined: return {};
        default: throw ValueError("'" + v.type_name() + "' object is not iterable");
    }
}

bool call_method(Interpreter& in, const Value& obj, const std::string& name, CallArgs& args, Value& result) {
    if (obj.is_string() && is_str_method(name)) return str_method(in, obj.s(), name, args, result);
    if (obj.is_dict()) {
        MethodSafety m = dict_method(name);
        if (m == MethodSafety::Unsafe) throw ValueError(unsafe_msg(name, obj), TemplateError::Kind::Runtime);
        if (m == MethodSafety::None) return false;
        const DictData& d = obj.d();
        if (name == "get") {
            Params p(args, "get", {"key", "default"});
            if (!p.has(0)) throw ValueError("get expected at least 1 argument, got 0");
            const Value* v = d.find(p.at(0));
            if (!v && !hash_key(p.at(0))) throw ValueError("unhashable type: '" + p.at(0).type_name() + "'");
            result = v ? *v : p.get(1, Value::none());
            return true;
        }
        Params p(args, name.c_str(), {});
        if (name == "copy") {
            result = obj;
            return true;
        }
        std::vector<Value> out;
        for (const auto& [k, v] : d.items) {
            if (name == "items") out.push_back(Value::list({k, v}, true));
            else out.push_back(name == "keys" ? k : v);
        }
        in.charge_list(out.size());
        result = Value::list(std::move(out));
        auto& view = const_cast<ListData&>(result.l()).view;  // freshly built, not shared yet
        view = name == "items" ? ListData::View::Items : name == "keys" ? ListData::View::Keys : ListData::View::Values;
        return true;
    }
    if (obj.is_list()) {
        MethodSafety m = list_method(name);
        if (m == MethodSafety::Unsafe) throw ValueError(unsafe_msg(name, obj));
        if (m == MethodSafety::None) return false;
        const auto& items = obj.l().items;
        if (name == "copy") {
            Params p(args, "copy", {});
            result = obj;
            return true;
        }
        Params p(args, name.c_str(), {"value"});
        if (!p.has(0)) throw ValueError(name + "() takes exactly one argument (0 given)");
        int64_t n = 0;
        for (size_t i = 0; i < items.size(); ++i) {
            if (equals(items[i], p.at(0))) {
                if (name == "index") {
                    result = Value(static_cast<int64_t>(i));
                    return true;
                }
                ++n;
            }
        }
        if (name == "index") throw ValueError(repr(p.at(0)) + " is not in list");
        result = Value(n);
        return true;
    }
    return false;
}

Value get_attr(Interpreter& in, const Value& obj, const std::string& name) {
    (void)in;
    auto bound = [&]() {
        return Value::function(name, [obj, name](Interpreter& inner, CallArgs& a) {
            Value r;
            if (!call_method(inner, obj, name, a, r)) throw ValueError("'" + obj.type_name() + "' has no method '" + name + "'");
            return r;
        });
    };
    switch (obj.kind()) {
        case Value::Kind::Undefined: undefined_error(obj);
        case Value::Kind::String:
            if (is_str_method(name)) return bound();
            break;
        case Value::Kind::Dict: {
            MethodSafety m = dict_method(name);
            if (m == MethodSafety::Safe) return bound();
            if (m == MethodSafety::Unsafe) return Value::undefined(unsafe_msg(name, obj));
            if (const Value* v = obj.d().find(std::string_view(name))) return *v;
            break;
        }
        case Value::Kind::List: {
            MethodSafety m = list_method(name);
            if (m == MethodSafety::Safe) return bound();
            if (m == MethodSafety::Unsafe) return Value::undefined(unsafe_msg(name, obj));
            break;
        }
        case Value::Kind::Namespace:
            if (const Value* v = obj.n().find(name)) return *v;
            break;
        default: break;
    }
    std::string what = obj.is_none() ? "'None'" : "'" + obj.type_name() + " object'";
    return Value::undefined(what + " has no attribute '" + name + "'");
}

Value get_item(Interpreter& in, const Value& obj, const Value& key) {
    switch (obj.kind()) {
        case Value::Kind::Undefined: undefined_error(obj);
        case Value::Kind::List:
        case Value::Kind::String:
            if (key.is_int()) {
                int64_t idx = key.i();
                if (obj.is_list()) {
                    int64_t n = static_cast<int64_t>(obj.l().items.size());
                    if (idx < 0) idx += n;
                    if (idx >= 0 && idx < n) return obj.l().items[static_cast<size_t>(idx)];
                } else {
                    const std::string& s = obj.s();
                    int64_t n = static_cast<int64_t>(unicode::cp_count(s));
                    if (idx < 0) idx += n;
                    if (idx >= 0 && idx < n) {
                        size_t b = byte_offset(s, idx);
                        size_t e = b;
                        unicode::next_cp(s, e);
                        return Value(s.substr(b, e - b));
                    }
                }
                return Value::undefined("'" + obj.type_name() + " object' has no element " + std::to_string(key.i()));
            }
            break;
        case Value::Kind::Dict:
            if (const Value* v = obj.d().find(key)) return *v;
            break;
        default: break;
    }
    if (key.is_string()) {
        if (obj.is_dict()) {
            MethodSafety m = dict_method(key.s());
            if (m == MethodSafety::None)
                return Value::undefined("'dict object' has no attribute '" + key.s() + "'");
        }
        return get_attr(in, obj, key.s());
    }
    return Value::undefined("'" + obj.type_name() + " object' has no element " + repr(key));
}

Value slice_value(Interpreter& in, const Value& obj, const Value& start, const Value& stop, const Value& step) {
    if (obj.is_undefined()) undefined_error(obj);
    if (!obj.is_list() && !obj.is_string()) return Value::undefined("'" + obj.type_name() + " object' is not sliceable");
    auto idx = [](const Value& v, const char* what) -> std::optional<int64_t> {
        if (v.is_none()) return std::nullopt;
        if (!v.is_int()) throw ValueError(std::string("slice ") + what + " must be an integer or None");
        return v.i();
    };
    int64_t st = idx(step, "step").value_or(1);
    if (st == 0) throw ValueError("slice step cannot be zero");
    std::u32string u;
    int64_t len;
    if (obj.is_string()) {
        u = unicode::to_u32(obj.s());
        len = static_cast<int64_t>(u.size());
    } else {
        len = static_cast<int64_t>(obj.l().items.size());
    }
    auto adjust = [&](std::optional<int64_t> v, int64_t def) {
        if (!v) return def;
        int64_t x = *v;
        if (x < 0) {
            x += len;
            if (x < 0) x = st < 0 ? -1 : 0;
        } else if (x >= len) {
            x = st < 0 ? len - 1 : len;
        }
        return x;
    };
    int64_t b = adjust(idx(start, "start"), st < 0 ? len - 1 : 0);
    int64_t e = adjust(idx(stop, "stop"), st < 0 ? -1 : len);
    std::vector<int64_t> picks;
    if (st > 0)
        for (int64_t i = b; i < e; i += st) picks.push_back(i);
    else
        for (int64_t i = b; i > e; i += st) picks.push_back(i);
    if (obj.is_string()) {
        std::u32string out;
        for (int64_t i : picks) out += u[static_cast<size_t>(i)];
        return make_str(in, unicode::from_u32(out));
    }
    std::vector<Value> out;
    for (int64_t i : picks) out.push_back(obj.l().items[static_cast<size_t>(i)]);
    return make_list(in, std::move(out), obj.is_tuple());
}

}  // namespace perimeter::engine::jinja
