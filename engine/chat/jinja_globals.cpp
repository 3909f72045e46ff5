// tojson (Python's json.dumps), printf-style `%` formatting and the global functions.
#include <ctime>
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

// ---- tojson -------------------------------------------------------------------------------

namespace {

void json_rec(std::string& out, const Value& v, int indent, bool ascii, bool sort, const std::string& item_sep,
              const std::string& key_sep, int depth) {
    if (depth > kMaxValueDepth) throw ValueError("tojson: value nested deeper than " + std::to_string(kMaxValueDepth));
    auto newline = [&](int level) {
        out += '\n';
        out.append(static_cast<size_t>(level * indent), ' ');
    };
    switch (v.kind()) {
        case Value::Kind::None: out += "null"; return;
        case Value::Kind::Bool: out += v.b() ? "true" : "false"; return;
        case Value::Kind::Int: out += std::to_string(v.i()); return;
        case Value::Kind::Float: {
            double d = v.f();
            if (std::isnan(d)) out += "NaN";
            else if (std::isinf(d)) out += d < 0 ? "-Infinity" : "Infinity";
            else out += json::format_double(d);
            return;
        }
        case Value::Kind::String: json::append_quoted(out, v.s(), ascii); return;
        case Value::Kind::List: {
            const auto& items = v.l().items;
            if (items.empty()) {
                out += "[]";
                return;
            }
            out += '[';
            for (size_t i = 0; i < items.size(); ++i) {
                if (i) out += item_sep;
                if (indent >= 0) newline(depth + 1);
                json_rec(out, items[i], indent, ascii, sort, item_sep, key_sep, depth + 1);
            }
            if (indent >= 0) newline(depth);
            out += ']';
            return;
        }
        case Value::Kind::Dict: {
            const auto& items = v.d().items;
            if (items.empty()) {
                out += "{}";
                return;
            }
            std::vector<std::pair<std::string, const Value*>> members;
            for (const auto& [k, val] : items) {
                std::string key;
                switch (k.kind()) {
                    case Value::Kind::String: key = k.s(); break;
                    case Value::Kind::Bool: key = k.b() ? "true" : "false"; break;
                    case Value::Kind::Int: key = std::to_string(k.i()); break;
                    case Value::Kind::Float: key = json::format_double(k.f()); break;
                    case Value::Kind::None: key = "null"; break;
                    default: throw ValueError("keys must be str, int, float, bool or None, not " + k.type_name());
                }
                members.emplace_back(std::move(key), &val);
            }
            if (sort) {
                for (const auto& [k, val] : items)
                    if (!k.is_string()) throw ValueError("'<' not supported between instances of non-str keys");
                std::stable_sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            }
            out += '{';
            for (size_t i = 0; i < members.size(); ++i) {
                if (i) out += item_sep;
                if (indent >= 0) newline(depth + 1);
                json::append_quoted(out, members[i].first, ascii);
                out += key_sep;
                json_rec(out, *members[i].second, indent, ascii, sort, item_sep, key_sep, depth + 1);
            }
            if (indent >= 0) newline(depth);
            out += '}';
            return;
        }
        default: throw ValueError("Object of type " + v.type_name() + " is not JSON serializable");
    }
}

}  // namespace

std::string to_json(const Value& v, int indent, bool ensure_ascii, bool sort_keys, const std::string& item_sep,
                    const std::string& key_sep) {
    std::string out;
    json_rec(out, v, indent, ensure_ascii, sort_keys, item_sep, key_sep, 0);
    return out;
}

// ---- printf-style % -----------------------------------------------------------------------

std::string percent_format(Interpreter& in, const std::string& fmt, const Value& args) {
    std::vector<Value> pos;
    const Value* mapping = nullptr;
    if (args.is_tuple()) pos = args.l().items;
    else if (args.is_dict()) mapping = &args;
    else pos.push_back(args);
    size_t next = 0;
    bool used_mapping = false;
    std::string out;
    auto take = [&]() -> Value {
        if (next >= pos.size()) throw ValueError("not enough arguments for format string");
        return pos[next++];
    };
    for (size_t i = 0; i < fmt.size();) {
        if (fmt[i] != '%') {
            out += fmt[i++];
            continue;
        }
        ++i;
        if (i >= fmt.size()) throw ValueError("incomplete format");
        Value arg;
        bool have_arg = false;
        if (fmt[i] == '(') {
            size_t close = fmt.find(')', i);
            if (close == std::string::npos) throw ValueError("incomplete format key");
            if (!mapping) throw ValueError("format requires a mapping");
            const Value* v = mapping->d().find(Value(fmt.substr(i + 1, close - i - 1)));
            if (!v) throw ValueError("KeyError: '" + fmt.substr(i + 1, close - i - 1) + "'");
            arg = *v;
            have_arg = used_mapping = true;
            i = close + 1;
        }
        std::string flags;
        while (i < fmt.size() && std::strchr("-+ #0", fmt[i])) flags += fmt[i++];
        int width = -1, prec = -1;
        if (i < fmt.size() && fmt[i] == '*') {
            width = static_cast<int>(need_int(take(), "width"));
            ++i;
        } else {
            while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i])))
                width = std::min((width < 0 ? 0 : width) * 10 + (fmt[i++] - '0'), 100000);
        }
        if (i < fmt.size() && fmt[i] == '.') {
            ++i;
            prec = 0;
            if (i < fmt.size() && fmt[i] == '*') {
                prec = static_cast<int>(need_int(take(), "precision"));
                ++i;
            } else {
                while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i])))
                    prec = std::min(prec * 10 + (fmt[i++] - '0'), 1000);
            }
        }
        while (i < fmt.size() && (fmt[i] == 'h' || fmt[i] == 'l' || fmt[i] == 'L')) ++i;
        if (i >= fmt.size()) throw ValueError("incomplete format");
        char conv = fmt[i++];
        if (conv == '%') {
            out += '%';
            continue;
        }
        if (!have_arg) arg = take();
        std::string body;
        if (conv == 's' || conv == 'r' || conv == 'a') {
            body = conv == 's' ? to_str(arg) : repr(arg);
            if (prec >= 0) body = body.substr(0, byte_offset(body, prec));
            int64_t len = static_cast<int64_t>(unicode::cp_count(body));
            if (width > len) {
                std::string pad(static_cast<size_t>(width - len), ' ');
                body = flags.find('-') != std::string::npos ? body + pad : pad + body;
            }
        } else if (std::strchr("diuxXoeEfFgGc", conv)) {
            if (arg.is_undefined()) undefined_error(arg);
            std::string spec = "%" + flags;
            if (width >= 0) spec += std::to_string(width);
            if (prec >= 0) spec += "." + std::to_string(prec);
            char buf[1200];
            if (std::strchr("diuxXoc", conv)) {
                int64_t iv;
                if (arg.is_int()) iv = arg.i();
                else if (arg.is_float() && conv != 'c' && conv != 'x' && conv != 'X' && conv != 'o') iv = static_cast<int64_t>(arg.f());
                else throw ValueError(std::string("%") + conv + " format: a real number is required, not " + arg.type_name());
                if (conv == 'c') {
                    std::string ch;
                    unicode::append_utf8(ch, static_cast<char32_t>(iv));
                    body = ch;
                } else {
                    spec += "ll";
                    spec += (conv == 'i' || conv == 'u') ? 'd' : conv;
                    std::snprintf(buf, sizeof buf, spec.c_str(), static_cast<long long>(iv));
                    body = buf;
                }
            } else {
                if (!arg.is_number()) throw ValueError(std::string("must be real number, not ") + arg.type_name());
                spec += conv;
                std::snprintf(buf, sizeof buf, spec.c_str(), arg.f());
                body = buf;
            }
        } else {
            throw ValueError(std::string("unsupported format character '") + conv + "'");
        }
        in.charge_string(out.size() + body.size());
        out += body;
    }
    if (!mapping && next < pos.size()) throw ValueError("not all arguments converted during string formatting");
    (void)used_mapping;
    return out;
}

// ---- globals ------------------------------------------------------------------------------

void add_builtin_globals(std::vector<std::pair<std::string, Value>>& vars) {
    vars.emplace_back("range", Value::function("range", [](Interpreter& in, CallArgs& a) -> Value {
        if (!a.kw.empty()) throw ValueError("range() takes no keyword arguments");
        if (a.pos.empty() || a.pos.size() > 3) throw ValueError("range expected 1 to 3 arguments");
        int64_t start = 0, stop, step = 1;
        if (a.pos.size() == 1) {
            stop = need_int(a.pos[0], "range");
        } else {
            start = need_int(a.pos[0], "range");
            stop = need_int(a.pos[1], "range");
            if (a.pos.size() == 3) step = need_int(a.pos[2], "range");
        }
        if (step == 0) throw ValueError("range() arg 3 must not be zero");
        __int128 n = 0;
        if (step > 0 && stop > start) n = ((__int128)stop - start + step - 1) / step;
        if (step < 0 && stop < start) n = ((__int128)start - stop - step - 1) / (-(__int128)step);
        // jinja2's sandbox refuses ranges over MAX_RANGE (100000) items.
        if (n > 100000) throw ValueError("Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
        in.charge_list(static_cast<size_t>(n));
        std::vector<Value> out;
        for (int64_t k = 0; k < static_cast<int64_t>(n); ++k) out.emplace_back(start + k * step);
        return Value::list(std::move(out));
    }));
    auto kw_dict = [](CallArgs& a, const char* name) {
        auto d = std::make_shared<DictData>();
        if (a.pos.size() > 1) throw ValueError(std::string(name) + "() expected at most 1 positional argument");
        if (a.pos.size() == 1) {
            const Value& init = a.pos[0];
            if (init.is_dict()) {
                for (const auto& [k, v] : init.d().items) d->set(k, v);
            } else {
                for (auto& pair : iterate(init)) {
                    auto kv = iterate(pair);
                    if (kv.size() != 2) throw ValueError(std::string(name) + "(): sequence elements must be pairs");
                    d->set(kv[0], kv[1]);
                }
            }
        }
        for (auto& [k, v] : a.kw) d->set(Value(k), v);
        return d;
    };
    vars.emplace_back("dict", Value::function("dict", [kw_dict](Interpreter&, CallArgs& a) {
        return Value::dict(kw_dict(a, "dict"));
    }));
    vars.emplace_back("namespace", Value::function("namespace", [kw_dict](Interpreter& in, CallArgs& a) {
        auto d = kw_dict(a, "namespace");
        auto ns = std::make_shared<NamespaceData>();
        in.track_namespace(ns);
        for (auto& [k, v] : d->items) {
            if (!k.is_string()) throw ValueError("namespace(): keywords must be strings");
            ns->set(k.s(), v);
        }
        return Value::ns(std::move(ns));
    }));
    vars.emplace_back("joiner", Value::function("joiner", [](Interpreter&, CallArgs& a) {
        Params p(a, "joiner", {"sep"});
        std::string sep = p.has(0) ? to_str(p.at(0)) : ", ";
        auto used = std::make_shared<bool>(false);
        return Value::function("joiner", [sep, used](Interpreter&, CallArgs&) {
            if (!*used) {
                *used = true;
                return Value(std::string());
            }
            return Value(sep);
        });
    }));
    vars.emplace_back("raise_exception", Value::function("raise_exception", [](Interpreter&, CallArgs& a) -> Value {
        std::string msg = a.pos.empty() ? std::string() : to_str(a.pos[0]);
        throw ValueError(msg, TemplateError::Kind::Raised);
    }));
    vars.emplace_back("strftime_now", Value::function("strftime_now", [](Interpreter& in, CallArgs& a) -> Value {
        Params p(a, "strftime_now", {"format"});
        std::string fmt = need_str(p.get(0, Value()), "strftime_now");
        // A naive datetime: %z and %Z are empty, %f is microseconds (0 for the injected clock).
        std::string f2;
        for (size_t i = 0; i < fmt.size(); ++i) {
            if (fmt[i] == '%' && i + 1 < fmt.size()) {
                char c = fmt[i + 1];
                if (c == 'z' || c == 'Z') {
                    ++i;
                    continue;
                }
                if (c == 'f') {
                    f2 += "000000";
                    ++i;
                    continue;
                }
                f2 += fmt[i];
                f2 += fmt[++i];
                continue;
            }
            f2 += fmt[i];
        }
        f2 += '\x01';  // so that an empty result is distinguishable from an error
        std::tm tm = in.now();
        std::vector<char> buf(256 + f2.size() * 8);
        size_t n = std::strftime(buf.data(), buf.size(), f2.c_str(), &tm);
        if (n == 0) throw ValueError("strftime_now: cannot format '" + fmt + "'");
        return make_str(in, std::string(buf.data(), n - 1));
    }));
}

}  // namespace perimeter::engine::jinja
