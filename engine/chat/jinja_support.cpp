#include "engine/chat/jinja_support.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/chat/jinja_builtins.h"
#include "engine/chat/unicode_text.h"

namespace perimeter::engine::jinja::detail {



[[noreturn]] void undefined_error(const Value& v) {
    const std::string& hint = v.undefined_hint();
    throw ValueError(hint.empty() ? "value is undefined" : hint);
}

Params::Params(CallArgs& a, const char* fname, std::initializer_list<const char*> names) : names_(names) {
    vals_.resize(names_.size());
    if (a.pos.size() > names_.size())
        throw ValueError(std::string(fname) + "() takes at most " + std::to_string(names_.size()) +
                         " argument(s), " + std::to_string(a.pos.size()) + " given");
    for (size_t i = 0; i < a.pos.size(); ++i) vals_[i] = &a.pos[i];
    for (auto& [k, v] : a.kw) {
        size_t i = 0;
        while (i < names_.size() && k != names_[i]) ++i;
        if (i == names_.size())
            throw ValueError(std::string(fname) + "() got an unexpected keyword argument '" + k + "'");
        if (vals_[i]) throw ValueError(std::string(fname) + "() got multiple values for argument '" + k + "'");
        vals_[i] = &v;
    }
}

int64_t need_int(const Value& v, const char* what) {
    if (v.is_int()) return v.i();
    if (v.is_undefined()) undefined_error(v);
    throw ValueError(std::string(what) + ": expected an integer, got '" + v.type_name() + "'");
}

const std::string& need_str(const Value& v, const char* what) {
    if (v.is_string()) return v.s();
    if (v.is_undefined()) undefined_error(v);
    throw ValueError(std::string(what) + ": expected a string, got '" + v.type_name() + "'");
}

Value make_str(Interpreter& in, std::string s) {
    in.charge_string(s.size());
    return Value(std::move(s));
}

Value make_list(Interpreter& in, std::vector<Value> items, bool tuple) {
    in.charge_list(items.size());
    return Value::list(std::move(items), tuple);
}

// ---- Python string helpers ----------------------------------------------------------------

namespace {
bool in_chars(char32_t c, const std::u32string* chars) {
    if (!chars) return unicode::is_space(c);
    return chars->find(c) != std::u32string::npos;
}

}  // namespace

std::string py_strip(const std::string& s, const Value& chars, bool left, bool right) {
    std::u32string set;
    const std::u32string* cs = nullptr;
    if (!chars.is_none() && !chars.is_undefined()) {
        set = unicode::to_u32(need_str(chars, "strip"));
        cs = &set;
    }
    size_t b = 0, e = s.size();
    if (left) {
        while (b < e) {
            size_t q = b;
            if (!in_chars(unicode::next_cp(s, q), cs)) break;
            b = q;
        }
    }
    if (right) {
        size_t last = b;  // end of the last character kept
        for (size_t i = b; i < e;) {
            char32_t c = unicode::next_cp(s, i);
            if (!in_chars(c, cs)) last = i;
        }
        e = last;
    }
    return s.substr(b, e - b);
}

std::vector<std::string> py_split_ws(const std::string& s, int64_t maxsplit) {
    std::vector<std::string> out;
    size_t i = 0;
    auto skip_ws = [&]() {
        while (i < s.size()) {
            size_t q = i;
            if (!unicode::is_space(unicode::next_cp(s, q))) break;
            i = q;
        }
    };
    skip_ws();
    while (i < s.size()) {
        if (maxsplit >= 0 && static_cast<int64_t>(out.size()) == maxsplit) {
            // Rest of the string, trailing whitespace stripped.
            std::string rest = s.substr(i);
            out.push_back(py_strip(rest, Value::none(), false, true));
            return out;
        }
        size_t start = i;
        while (i < s.size()) {
            size_t q = i;
            if (unicode::is_space(unicode::next_cp(s, q))) break;
            i = q;
        }
        out.push_back(s.substr(start, i - start));
        skip_ws();
    }
    return out;
}

std::vector<std::string> py_split(const std::string& s, const std::string& sep, int64_t maxsplit) {
    if (sep.empty()) throw ValueError("empty separator");
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        if (maxsplit >= 0 && static_cast<int64_t>(out.size()) == maxsplit) break;
        size_t p = s.find(sep, start);
        if (p == std::string::npos) break;
        out.push_back(s.substr(start, p - start));
        start = p + sep.size();
    }
    out.push_back(s.substr(start));
    return out;
}

std::vector<std::string> py_rsplit(const std::string& s, const std::string& sep, int64_t maxsplit) {
    if (sep.empty()) throw ValueError("empty separator");
    std::vector<std::string> out;
    size_t end = s.size();
    while (true) {
        if (maxsplit >= 0 && static_cast<int64_t>(out.size()) == maxsplit) break;
        if (end < sep.size()) break;
        size_t p = s.rfind(sep, end - sep.size());
        if (p == std::string::npos) break;
        out.push_back(s.substr(p + sep.size(), end - p - sep.size()));
        end = p;
    }
    out.push_back(s.substr(0, end));
    std::reverse(out.begin(), out.end());
    return out;
}

namespace {
bool is_line_break(char32_t c) {
    return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D || c == 0x1E || c == 0x85 ||
           c == 0x2028 || c == 0x2029;
}

}  // namespace

std::vector<std::string> py_splitlines(const std::string& s, bool keepends) {
    std::vector<std::string> out;
    size_t start = 0, i = 0;
    while (i < s.size()) {
        size_t q = i;
        char32_t c = unicode::next_cp(s, q);
        if (!is_line_break(c)) {
            i = q;
            continue;
        }
        size_t eol = q;
        if (c == '\r' && eol < s.size() && s[eol] == '\n') ++eol;
        out.push_back(s.substr(start, (keepends ? eol : i) - start));
        start = i = eol;
    }
    if (start < s.size()) out.push_back(s.substr(start));
    return out;
}

std::string py_replace(const std::string& s, const std::string& old, const std::string& rep, int64_t count) {
    std::string out;
    if (old.empty()) {
        // Python inserts `rep` before every character and at the end.
        int64_t n = 0;
        size_t i = 0;
        while (i <= s.size()) {
            if (count >= 0 && n >= count) {
                out += s.substr(i);
                break;
            }
            out += rep;
            ++n;
            if (i == s.size()) break;
            size_t q = i;
            unicode::next_cp(s, q);
            out += s.substr(i, q - i);
            i = q;
        }
        return out;
    }
    size_t start = 0;
    int64_t n = 0;
    while (count < 0 || n < count) {
        size_t p = s.find(old, start);
        if (p == std::string::npos) break;
        out.append(s, start, p - start);
        out += rep;
        start = p + old.size();
        ++n;
    }
    out.append(s, start, std::string::npos);
    return out;
}

// Code-point index -> byte offset (clamped).
size_t byte_offset(const std::string& s, int64_t cp_index) {
    size_t i = 0;
    for (int64_t k = 0; k < cp_index && i < s.size(); ++k) unicode::next_cp(s, i);
    return i;
}

// Python slice index normalisation for [start:end] arguments of find/count/startswith.
void norm_range(const Params& p, size_t si, size_t ei, int64_t len, int64_t& b, int64_t& e) {
    b = 0;
    e = len;
    if (!p.none(si)) {
        b = need_int(p.at(si), "start");
        if (b < 0) b = std::max<int64_t>(0, b + len);
    }
    if (!p.none(ei)) {
        e = need_int(p.at(ei), "end");
        if (e < 0) e = std::max<int64_t>(0, e + len);
        e = std::min(e, len);
    }
}

std::string html_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&#34;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::optional<int64_t> py_parse_int(const std::string& str, int base) {
    std::string s = py_strip(str, Value::none(), true, true);
    size_t i = 0;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    if (base == 0 || base == 16 || base == 8 || base == 2) {
        if (i + 1 < s.size() && s[i] == '0') {
            char x = static_cast<char>(s[i + 1] | 0x20);
            int pb = x == 'x' ? 16 : x == 'o' ? 8 : x == 'b' ? 2 : 0;
            if (pb && (base == 0 || base == pb)) {
                base = pb;
                i += 2;
                if (i < s.size() && s[i] == '_') ++i;
            }
        }
        if (base == 0) base = 10;
    }
    if (i >= s.size() || base < 2 || base > 36) return std::nullopt;
    __int128 v = 0;
    bool prev_digit = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c == '_') {
            if (!prev_digit || i + 1 >= s.size()) return std::nullopt;
            prev_digit = false;
            continue;
        }
        int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'z') ? c - 'a' + 10 : (c >= 'A' && c <= 'Z') ? c - 'A' + 10 : 99;
        if (d >= base) return std::nullopt;
        v = v * base + d;
        if (v > static_cast<__int128>(std::numeric_limits<int64_t>::max()) + 1)
            throw ValueError("integer result does not fit in 64 bits");
        prev_digit = true;
    }
    if (!prev_digit) return std::nullopt;
    if (neg) v = -v;
    if (v > std::numeric_limits<int64_t>::max()) throw ValueError("integer result does not fit in 64 bits");
    return static_cast<int64_t>(v);
}

std::optional<double> py_parse_float(const std::string& str) {
    std::string s = py_strip(str, Value::none(), true, true);
    std::string t;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '_') {
            if (i == 0 || i + 1 >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i - 1])) ||
                !std::isdigit(static_cast<unsigned char>(s[i + 1])))
                return std::nullopt;
            continue;
        }
        t += s[i];
    }
    std::string low = unicode::lower(t);
    std::string body = (low.size() && (low[0] == '+' || low[0] == '-')) ? low.substr(1) : low;
    double sign = (!low.empty() && low[0] == '-') ? -1.0 : 1.0;
    if (body == "inf" || body == "infinity") return sign * HUGE_VAL;
    if (body == "nan") return std::nan("");
    // digits [. digits] [e[+-]digits] | . digits [...]
    size_t i = 0;
    bool digits = false;
    while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i, digits = true;
    if (i < body.size() && body[i] == '.') {
        ++i;
        while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i, digits = true;
    }
    if (!digits) return std::nullopt;
    if (i < body.size() && body[i] == 'e') {
        ++i;
        if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
        bool ed = false;
        while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i, ed = true;
        if (!ed) return std::nullopt;
    }
    if (i != body.size()) return std::nullopt;
    return std::strtod(t.c_str(), nullptr);
}

// Attribute path getter for map/sort/selectattr: "a.b.0" (digits index lists).
Value get_path(Interpreter& in, const Value& v, const std::string& path) {
    Value cur = v;
    for (const auto& part : py_split(path, ".", -1)) {
        bool digits = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits) cur = get_item(in, cur, Value(static_cast<int64_t>(std::stoll(part))));
        else cur = get_item(in, cur, Value(part));
    }
    return cur;
}

// Sort key: lower-cased strings unless case-sensitive.
Value fold(const Value& v, bool case_sensitive) {
    if (!case_sensitive && v.is_string()) return Value(unicode::lower(v.s()));
    return v;
}

std::string py_center(const std::string& s, int64_t width) {
    int64_t len = static_cast<int64_t>(unicode::cp_count(s));
    if (width <= len) return s;
    int64_t marg = width - len;
    int64_t left = marg / 2 + (marg & width & 1);
    return std::string(left, ' ') + s + std::string(marg - left, ' ');
}

bool py_is_lower(const std::string& s) {
    bool cased = false;
    for (size_t i = 0; i < s.size();) {
        char32_t c = unicode::next_cp(s, i);
        if (unicode::is_upper(c)) return false;
        if (unicode::is_lower(c)) cased = true;
    }
    return cased;
}

bool py_is_upper(const std::string& s) {
    bool cased = false;
    for (size_t i = 0; i < s.size();) {
        char32_t c = unicode::next_cp(s, i);
        if (unicode::is_lower(c)) return false;
        if (unicode::is_upper(c)) cased = true;
    }
    return cased;
}

}  // namespace perimeter::engine::jinja::detail
