#include "engine/chat/jinja_value.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/chat/json.h"
#include "engine/chat/unicode_text.h"

namespace perimeter::engine::jinja {

namespace {
std::string error_text(int line, const std::string& detail) {
    if (line > 0) return "chat-template: line " + std::to_string(line) + ": " + detail;
    return "chat-template: " + detail;
}
}  // namespace

TemplateError::TemplateError(Kind kind, int line, const std::string& detail)
    : std::runtime_error(error_text(line, detail)), kind_(kind), line_(line), detail_(detail) {}

// ---- construction -------------------------------------------------------------------------

Value Value::undefined(std::string hint) {
    Value v;
    if (!hint.empty()) v.str_ = std::make_shared<const std::string>(std::move(hint));
    return v;
}

Value Value::none() {
    Value v;
    v.kind_ = Kind::None;
    return v;
}

Value::Value(bool b) : kind_(Kind::Bool), b_(b) {}
Value::Value(int64_t i) : kind_(Kind::Int), i_(i) {}
Value::Value(double f) : kind_(Kind::Float), f_(f) {}
Value::Value(std::string s) : kind_(Kind::String), str_(std::make_shared<const std::string>(std::move(s))) {}

int value_depth(const Value& v) {
    if (v.is_list()) return v.l().depth;
    if (v.is_dict()) return v.d().depth;
    return 0;
}

namespace {
int check_depth(int d) {
    if (d > kMaxValueDepth)
        throw ValueError("limit: value nested deeper than " + std::to_string(kMaxValueDepth) + " levels",
                         TemplateError::Kind::Limit);
    return d;
}
}  // namespace

Value Value::list(std::vector<Value> items, bool tuple) {
    auto d = std::make_shared<ListData>();
    int depth = 0;
    for (const auto& i : items) depth = std::max(depth, value_depth(i));
    d->depth = check_depth(depth + 1);
    d->items = std::move(items);
    d->tuple = tuple;
    Value v;
    v.kind_ = Kind::List;
    v.obj_ = std::move(d);
    return v;
}

Value Value::dict(std::shared_ptr<const DictData> d) {
    int depth = 0;
    for (const auto& kv : d->items) depth = std::max({depth, value_depth(kv.first), value_depth(kv.second)});
    const_cast<DictData&>(*d).depth = check_depth(depth + 1);
    Value v;
    v.kind_ = Kind::Dict;
    v.obj_ = std::move(d);
    return v;
}

Value Value::function(std::string name, std::function<Value(Interpreter&, CallArgs&)> fn) {
    auto d = std::make_shared<FunctionData>();
    d->name = std::move(name);
    d->call = std::move(fn);
    Value v;
    v.kind_ = Kind::Function;
    v.obj_ = std::move(d);
    return v;
}

Value Value::ns(std::shared_ptr<NamespaceData> n) {
    Value v;
    v.kind_ = Kind::Namespace;
    v.obj_ = std::move(n);
    return v;
}

bool Value::is_tuple() const { return is_list() && l().tuple; }

const std::string& Value::undefined_hint() const {
    static const std::string empty;
    return str_ ? *str_ : empty;
}
const ListData& Value::l() const { return *static_cast<const ListData*>(obj_.get()); }
const DictData& Value::d() const { return *static_cast<const DictData*>(obj_.get()); }
const FunctionData& Value::fn() const { return *static_cast<const FunctionData*>(obj_.get()); }
NamespaceData& Value::n() const {
    return *const_cast<NamespaceData*>(static_cast<const NamespaceData*>(obj_.get()));
}

bool Value::truthy() const {
    switch (kind_) {
        case Kind::Undefined:
        case Kind::None: return false;
        case Kind::Bool: return b_;
        case Kind::Int: return i_ != 0;
        case Kind::Float: return f_ != 0.0;
        case Kind::String: return !str_->empty();
        case Kind::List: return !l().items.empty();
        case Kind::Dict: return !d().items.empty();
        case Kind::Function:
        case Kind::Namespace: return true;
    }
    return false;
}

std::string Value::type_name() const {
    switch (kind_) {
        case Kind::Undefined: return "Undefined";
        case Kind::None: return "NoneType";
        case Kind::Bool: return "bool";
        case Kind::Int: return "int";
        case Kind::Float: return "float";
        case Kind::String: return "str";
        case Kind::List: return l().tuple ? "tuple" : "list";
        case Kind::Dict: return "dict";
        case Kind::Function: return "function";
        case Kind::Namespace: return "Namespace";
    }
    return "?";
}

// ---- dicts --------------------------------------------------------------------------------

std::optional<std::string> hash_key(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::None: return std::string("n");
        case Value::Kind::Bool:
        case Value::Kind::Int: return std::string(1, 'i').append(std::to_string(v.i()));
        case Value::Kind::Float: {
            double f = v.f();
            if (std::isfinite(f) && std::nearbyint(f) == f && std::fabs(f) < 9e18)
                return std::string(1, 'i').append(std::to_string(static_cast<int64_t>(f)));
            return std::string(1, 'f').append(json::format_double(f));
        }
        case Value::Kind::String: return std::string(1, 's').append(v.s());
        case Value::Kind::List: {
            if (!v.is_tuple()) return std::nullopt;
            std::string k = "t(";
            for (const auto& item : v.l().items) {
                auto ik = hash_key(item);
                if (!ik) return std::nullopt;
                k += std::to_string(ik->size());
                k += ':';
                k += *ik;
            }
            return k + ")";
        }
        default: return std::nullopt;
    }
}

const Value* DictData::find(const Value& key) const {
    auto k = hash_key(key);
    if (!k) return nullptr;
    auto it = index.find(*k);
    return it == index.end() ? nullptr : &items[it->second].second;
}

const Value* DictData::find(std::string_view key) const {
    std::string k;
    k.reserve(key.size() + 1);
    k += 's';
    k += key;
    auto it = index.find(k);
    return it == index.end() ? nullptr : &items[it->second].second;
}

void DictData::set(const Value& key, Value value) {
    auto k = hash_key(key);
    if (!k) throw ValueError("unhashable type: '" + key.type_name() + "'");
    auto it = index.find(*k);
    if (it != index.end()) {
        items[it->second].second = std::move(value);
        return;
    }
    index.emplace(std::move(*k), items.size());
    items.emplace_back(key, std::move(value));
}

const Value* NamespaceData::find(std::string_view k) const {
    for (const auto& a : attrs)
        if (a.first == k) return &a.second;
    return nullptr;
}

void NamespaceData::set(const std::string& k, Value v) {
    for (auto& a : attrs)
        if (a.first == k) {
            a.second = std::move(v);
            return;
        }
    attrs.emplace_back(k, std::move(v));
}

// ---- str / repr ---------------------------------------------------------------------------

std::string repr_string(std::string_view s) {
    const bool has_single = s.find('\'') != std::string_view::npos;
    const bool has_double = s.find('"') != std::string_view::npos;
    const char q = (has_single && !has_double) ? '"' : '\'';
    std::string out(1, q);
    for (size_t i = 0; i < s.size();) {
        char32_t c = unicode::next_cp(s, i);
        if (c == static_cast<char32_t>(q) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (!unicode::is_printable(c)) {
            char buf[16];
            if (c < 0x100) std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
            else if (c < 0x10000) std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
            else std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(c));
            out += buf;
        } else {
            unicode::append_utf8(out, c);
        }
    }
    out += q;
    return out;
}

namespace {

void repr_into(std::string& out, const Value& v, int depth);

void str_into(std::string& out, const Value& v, int depth) {
    switch (v.kind()) {
        case Value::Kind::Undefined: return;
        case Value::Kind::String: out += v.s(); return;
        default: repr_into(out, v, depth);
    }
}

void repr_into(std::string& out, const Value& v, int depth) {
    if (depth > kMaxValueDepth) throw ValueError("value nested deeper than " + std::to_string(kMaxValueDepth));
    switch (v.kind()) {
        case Value::Kind::Undefined: out += "Undefined"; return;
        case Value::Kind::None: out += "None"; return;
        case Value::Kind::Bool: out += v.b() ? "True" : "False"; return;
        case Value::Kind::Int: out += std::to_string(v.i()); return;
        case Value::Kind::Float: out += json::format_double(v.f()); return;
        case Value::Kind::String: out += repr_string(v.s()); return;
        case Value::Kind::List: {
            const ListData& l = v.l();
            const char* open = l.tuple ? "(" : "[";
            const char* close = l.tuple ? ")" : "]";
            switch (l.view) {
                case ListData::View::Items: out += "dict_items("; break;
                case ListData::View::Keys: out += "dict_keys("; break;
                case ListData::View::Values: out += "dict_values("; break;
                case ListData::View::None: break;
            }
            out += open;
            for (size_t i = 0; i < l.items.size(); ++i) {
                if (i) out += ", ";
                repr_into(out, l.items[i], depth + 1);
            }
            if (l.tuple && l.items.size() == 1) out += ",";
            out += close;
            if (l.view != ListData::View::None) out += ")";
            return;
        }
        case Value::Kind::Dict: {
            out += "{";
            bool first = true;
            for (const auto& [k, val] : v.d().items) {
                if (!first) out += ", ";
                first = false;
                repr_into(out, k, depth + 1);
                out += ": ";
                repr_into(out, val, depth + 1);
            }
            out += "}";
            return;
        }
        case Value::Kind::Function: out += "<function " + v.fn().name + ">"; return;
        case Value::Kind::Namespace: {
            out += "<Namespace {";
            bool first = true;
            for (const auto& [k, val] : v.n().attrs) {
                if (!first) out += ", ";
                first = false;
                out += repr_string(k);
                out += ": ";
                repr_into(out, val, depth + 1);
            }
            out += "}>";
            return;
        }
    }
}

}  // namespace

std::string to_str(const Value& v) {
    if (v.is_string()) return v.s();
    std::string out;
    str_into(out, v, 0);
    return out;
}

std::string repr(const Value& v) {
    std::string out;
    repr_into(out, v, 0);
    return out;
}

// ---- comparisons --------------------------------------------------------------------------

bool equals(const Value& a, const Value& b, int depth) {
    if (depth > kMaxValueDepth) throw ValueError("value nested deeper than " + std::to_string(kMaxValueDepth));
    if (a.is_number() && b.is_number()) {
        if (a.is_int() && b.is_int()) return a.i() == b.i();
        return a.f() == b.f();
    }
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
        case Value::Kind::Undefined:
        case Value::Kind::None: return true;
        case Value::Kind::String: return a.s() == b.s();
        case Value::Kind::List: {
            const auto& x = a.l();
            const auto& y = b.l();
            if (x.tuple != y.tuple || x.items.size() != y.items.size()) return false;
            for (size_t i = 0; i < x.items.size(); ++i)
                if (!equals(x.items[i], y.items[i], depth + 1)) return false;
            return true;
        }
        case Value::Kind::Dict: {
            const auto& x = a.d();
            const auto& y = b.d();
            if (x.items.size() != y.items.size()) return false;
            for (const auto& [k, v] : x.items) {
                const Value* o = y.find(k);
                if (!o || !equals(v, *o, depth + 1)) return false;
            }
            return true;
        }
        case Value::Kind::Function: return &a.fn() == &b.fn();
        case Value::Kind::Namespace: return &a.n() == &b.n();
        default: return false;
    }
}

bool less_than(const Value& a, const Value& b, int depth) {
    if (depth > kMaxValueDepth) throw ValueError("value nested deeper than " + std::to_string(kMaxValueDepth));
    if (a.is_number() && b.is_number()) {
        if (a.is_int() && b.is_int()) return a.i() < b.i();
        return a.f() < b.f();
    }
    if (a.is_string() && b.is_string()) return a.s() < b.s();  // UTF-8 byte order == code point order
    if (a.is_list() && b.is_list() && a.is_tuple() == b.is_tuple()) {
        const auto& x = a.l().items;
        const auto& y = b.l().items;
        for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (equals(x[i], y[i], depth + 1)) continue;
            return less_than(x[i], y[i], depth + 1);
        }
        return x.size() < y.size();
    }
    throw ValueError("'<' not supported between instances of '" + a.type_name() + "' and '" + b.type_name() + "'");
}

bool contains(const Value& c, const Value& item) {
    switch (c.kind()) {
        case Value::Kind::String:
            if (!item.is_string())
                throw ValueError("'in <string>' requires string as left operand, not " + item.type_name());
            return c.s().find(item.s()) != std::string::npos;
        case Value::Kind::List:
            for (const auto& x : c.l().items)
                if (equals(x, item)) return true;
            return false;
        case Value::Kind::Dict:
            if (!hash_key(item)) throw ValueError("unhashable type: '" + item.type_name() + "'");
            return c.d().find(item) != nullptr;
        case Value::Kind::Undefined: return false;  // iterating an Undefined yields nothing
        case Value::Kind::Namespace: return c.n().find(item.is_string() ? item.s() : "") != nullptr;
        default: throw ValueError("argument of type '" + c.type_name() + "' is not iterable");
    }
}

}  // namespace perimeter::engine::jinja
