#include "engine/chat/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "engine/chat/unicode_text.h"

namespace perimeter::engine::json {

std::string_view type_name(Type t) {
    switch (t) {
        case Type::Null: return "null";
        case Type::Bool: return "bool";
        case Type::Int: return "integer";
        case Type::Float: return "float";
        case Type::String: return "string";
        case Type::Array: return "array";
        case Type::Object: return "object";
    }
    return "?";
}

// ---- Object -------------------------------------------------------------------------------

Object::Object(std::initializer_list<Member> members) {
    for (const auto& m : members) set(m.first, m.second);
}

const Value* Object::find(std::string_view key) const {
    for (const auto& m : members_)
        if (m.first == key) return &m.second;
    return nullptr;
}

Value* Object::find(std::string_view key) {
    for (auto& m : members_)
        if (m.first == key) return &m.second;
    return nullptr;
}

void Object::set(std::string key, Value value) {
    if (Value* v = find(key)) {
        *v = std::move(value);
        return;
    }
    members_.emplace_back(std::move(key), std::move(value));
}

bool Object::erase(std::string_view key) {
    auto it = std::find_if(members_.begin(), members_.end(), [&](const Member& m) { return m.first == key; });
    if (it == members_.end()) return false;
    members_.erase(it);
    return true;
}

bool Object::operator==(const Object& o) const {
    if (size() != o.size()) return false;
    for (const auto& m : members_) {
        const Value* other = o.find(m.first);
        if (!other || !(*other == m.second)) return false;
    }
    return true;
}

// ---- Value --------------------------------------------------------------------------------

namespace {
[[noreturn]] void wrong_type(std::string_view want, Type got) {
    throw TypeError("json: expected " + std::string(want) + ", got " + std::string(type_name(got)));
}
}  // namespace

bool Value::as_bool() const {
    if (!is_bool()) wrong_type("bool", type());
    return std::get<bool>(v_);
}

int64_t Value::as_int() const {
    if (is_int()) return std::get<int64_t>(v_);
    if (is_float()) {
        double d = std::get<double>(v_);
        if (std::nearbyint(d) == d && d >= -9.2e18 && d <= 9.2e18) return static_cast<int64_t>(d);
    }
    wrong_type("integer", type());
}

double Value::as_number() const {
    if (is_int()) return static_cast<double>(std::get<int64_t>(v_));
    if (is_float()) return std::get<double>(v_);
    wrong_type("number", type());
}

const std::string& Value::as_string() const {
    if (!is_string()) wrong_type("string", type());
    return std::get<std::string>(v_);
}

const Array& Value::as_array() const {
    if (!is_array()) wrong_type("array", type());
    return std::get<Array>(v_);
}

Array& Value::as_array() {
    if (!is_array()) wrong_type("array", type());
    return std::get<Array>(v_);
}

const Object& Value::as_object() const {
    if (!is_object()) wrong_type("object", type());
    return std::get<Object>(v_);
}

Object& Value::as_object() {
    if (!is_object()) wrong_type("object", type());
    return std::get<Object>(v_);
}

const Value* Value::find(std::string_view key) const {
    return is_object() ? std::get<Object>(v_).find(key) : nullptr;
}

bool Value::operator==(const Value& o) const {
    if (is_number() && o.is_number()) {
        if (is_int() && o.is_int()) return std::get<int64_t>(v_) == std::get<int64_t>(o.v_);
        return as_number() == o.as_number();
    }
    if (type() != o.type()) return false;
    switch (type()) {
        case Type::Null: return true;
        case Type::Bool: return std::get<bool>(v_) == std::get<bool>(o.v_);
        case Type::String: return std::get<std::string>(v_) == std::get<std::string>(o.v_);
        case Type::Array: return std::get<Array>(v_) == std::get<Array>(o.v_);
        case Type::Object: return std::get<Object>(v_) == std::get<Object>(o.v_);
        default: return false;
    }
}

// ---- parser -------------------------------------------------------------------------------

namespace {

class Parser {
public:
    Parser(std::string_view text, const ParseOptions& opts) : s_(text), opts_(opts) {}

    Value parse_document() {
        skip_ws();
        Value v = parse_value(0);
        skip_ws();
        if (pos_ != s_.size()) fail("unexpected text after the JSON value");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        size_t line = 1, col = 1;
        for (size_t i = 0; i < pos_ && i < s_.size(); ++i) {
            if (s_[i] == '\n') {
                ++line;
                col = 1;
            } else if ((static_cast<unsigned char>(s_[i]) & 0xC0) != 0x80) {
                ++col;
            }
        }
        throw ParseError("json: line " + std::to_string(line) + ", column " + std::to_string(col) + ": " + what,
                         line, col);
    }

    void skip_ws() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
            ++pos_;
    }

    bool consume_word(std::string_view w) {
        if (s_.substr(pos_, w.size()) == w) {
            pos_ += w.size();
            return true;
        }
        return false;
    }

    Value parse_value(size_t depth) {
        if (depth > opts_.max_depth) fail("nesting deeper than " + std::to_string(opts_.max_depth));
        if (pos_ >= s_.size()) fail("unexpected end of input, expected a value");
        char c = s_[pos_];
        switch (c) {
            case '{': return parse_object(depth);
            case '[': return parse_array(depth);
            case '"': return Value(parse_string());
            case 't':
                if (consume_word("true")) return Value(true);
                break;
            case 'f':
                if (consume_word("false")) return Value(false);
                break;
            case 'n':
                if (consume_word("null")) return Value(nullptr);
                break;
            case 'N':
                if (opts_.allow_nan && consume_word("NaN")) return Value(std::nan(""));
                break;
            case 'I':
                if (opts_.allow_nan && consume_word("Infinity")) return Value(HUGE_VAL);
                break;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return parse_number();
        }
        fail(std::string("unexpected character '") + printable(c) + "', expected a value");
    }

    static std::string printable(char c) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
            return buf;
        }
        return std::string(1, c);
    }

    Value parse_number() {
        const size_t start = pos_;
        if (s_[pos_] == '-') {
            ++pos_;
            if (opts_.allow_nan && consume_word("Infinity")) return Value(-HUGE_VAL);
        }
        if (pos_ >= s_.size() || !(s_[pos_] >= '0' && s_[pos_] <= '9')) fail("expected a digit");
        if (s_[pos_] == '0') {
            ++pos_;
            if (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') fail("leading zero in a number");
        } else {
            while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
        }
        bool is_float = false;
        if (pos_ < s_.size() && s_[pos_] == '.') {
            is_float = true;
            ++pos_;
            if (pos_ >= s_.size() || !(s_[pos_] >= '0' && s_[pos_] <= '9')) fail("expected a digit after '.'");
            while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
        }
        if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
            is_float = true;
            ++pos_;
            if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
            if (pos_ >= s_.size() || !(s_[pos_] >= '0' && s_[pos_] <= '9')) fail("expected a digit in the exponent");
            while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
        }
        const char* b = s_.data() + start;
        const char* e = s_.data() + pos_;
        if (!is_float) {
            int64_t i = 0;
            auto r = std::from_chars(b, e, i);
            if (r.ec == std::errc() && r.ptr == e) return Value(i);
            // Out of int64 range: keep the magnitude as a double.
        }
        double d = 0;
        auto r = std::from_chars(b, e, d);
        if (r.ec == std::errc::result_out_of_range) {
            // Overflow (inf) or underflow (0 or a denormal): strtod gives Python's answer.
            std::string tmp(b, e);
            d = std::strtod(tmp.c_str(), nullptr);
        } else if (r.ec != std::errc() || r.ptr != e) {
            fail("malformed number");
        }
        return Value(d);
    }

    unsigned hex4() {
        if (pos_ + 4 > s_.size()) fail("truncated \\u escape");
        unsigned v = 0;
        for (int k = 0; k < 4; ++k) {
            char c = s_[pos_++];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= c - '0';
            else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
            else fail("bad hex digit in \\u escape");
        }
        return v;
    }

    std::string parse_string() {
        ++pos_;  // opening quote
        std::string out;
        size_t run = pos_;
        while (true) {
            if (pos_ >= s_.size()) fail("unterminated string");
            const auto c = static_cast<unsigned char>(s_[pos_]);
            if (c == '"') {
                out.append(s_.data() + run, pos_ - run);
                ++pos_;
                break;
            }
            if (c < 0x20) fail("control character in string (must be escaped)");
            if (c != '\\') {
                ++pos_;
                continue;
            }
            out.append(s_.data() + run, pos_ - run);
            ++pos_;
            if (pos_ >= s_.size()) fail("unterminated escape");
            char e = s_[pos_++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    char32_t cp = hex4();
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (pos_ + 2 <= s_.size() && s_[pos_] == '\\' && s_[pos_ + 1] == 'u') {
                            pos_ += 2;
                            unsigned lo = hex4();
                            if (lo < 0xDC00 || lo > 0xDFFF) fail("unpaired surrogate in \\u escape");
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        } else {
                            fail("unpaired surrogate in \\u escape");
                        }
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        fail("unpaired surrogate in \\u escape");
                    }
                    unicode::append_utf8(out, cp);
                    break;
                }
                default: fail(std::string("bad escape '\\") + printable(e) + "'");
            }
            run = pos_;
        }
        if (!unicode::valid_utf8(out)) fail("string is not valid UTF-8");
        return out;
    }

    Value parse_array(size_t depth) {
        ++pos_;
        Array arr;
        skip_ws();
        if (pos_ < s_.size() && s_[pos_] == ']') {
            ++pos_;
            return Value(std::move(arr));
        }
        while (true) {
            skip_ws();
            arr.push_back(parse_value(depth + 1));
            skip_ws();
            if (pos_ >= s_.size()) fail("unexpected end of input in array, expected ',' or ']'");
            if (s_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (s_[pos_] == ']') {
                ++pos_;
                return Value(std::move(arr));
            }
            fail("expected ',' or ']' after array item");
        }
    }

    Value parse_object(size_t depth) {
        ++pos_;
        Object obj;
        skip_ws();
        if (pos_ < s_.size() && s_[pos_] == '}') {
            ++pos_;
            return Value(std::move(obj));
        }
        while (true) {
            skip_ws();
            if (pos_ >= s_.size() || s_[pos_] != '"') fail("expected a string key in object");
            std::string key = parse_string();
            skip_ws();
            if (pos_ >= s_.size() || s_[pos_] != ':') fail("expected ':' after object key");
            ++pos_;
            skip_ws();
            obj.set(std::move(key), parse_value(depth + 1));
            skip_ws();
            if (pos_ >= s_.size()) fail("unexpected end of input in object, expected ',' or '}'");
            if (s_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (s_[pos_] == '}') {
                ++pos_;
                return Value(std::move(obj));
            }
            fail("expected ',' or '}' after object member");
        }
    }

    std::string_view s_;
    const ParseOptions& opts_;
    size_t pos_ = 0;
};

}  // namespace

Value parse(std::string_view text, const ParseOptions& opts) { return Parser(text, opts).parse_document(); }

// ---- serializer ---------------------------------------------------------------------------

std::string format_double(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view sci(buf, r.ptr - buf);  // "-1.2345e+17"
    bool neg = false;
    if (!sci.empty() && sci[0] == '-') {
        neg = true;
        sci.remove_prefix(1);
    }
    size_t epos = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, epos))
        if (c != '.') digits += c;
    int exp10 = 0;
    std::from_chars(sci.data() + epos + 1 + (sci[epos + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exp10);
    // Python repr: value = 0.d1d2... * 10^decpt; scientific when decpt <= -4 or decpt > 16.
    int decpt = exp10 + 1;
    std::string out = neg ? "-" : "";
    if (decpt <= -4 || decpt > 16) {
        out += digits[0];
        if (digits.size() > 1) {
            out += '.';
            out += digits.substr(1);
        }
        out += 'e';
        out += exp10 < 0 ? '-' : '+';
        int a = exp10 < 0 ? -exp10 : exp10;
        if (a < 10) out += '0';
        out += std::to_string(a);
    } else if (decpt <= 0) {
        out += "0.";
        out.append(static_cast<size_t>(-decpt), '0');
        out += digits;
    } else if (static_cast<size_t>(decpt) >= digits.size()) {
        out += digits;
        out.append(decpt - digits.size(), '0');
        out += ".0";
    } else {
        out += digits.substr(0, decpt);
        out += '.';
        out += digits.substr(decpt);
    }
    return out;
}

void append_quoted(std::string& out, std::string_view s, bool ensure_ascii) {
    out += '"';
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            if (!ensure_ascii) {
                out += s[i++];
                continue;
            }
            char32_t cp = unicode::next_cp(s, i);
            char buf[16];
            if (cp >= 0x10000) {
                cp -= 0x10000;
                std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
            } else {
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
            }
            out += buf;
            continue;
        }
        ++i;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
}

namespace {

void dump_rec(std::string& out, const Value& v, const DumpOptions& o, size_t depth) {
    if (depth > o.max_depth) throw TypeError("json: dump: nesting deeper than " + std::to_string(o.max_depth));
    auto newline = [&](size_t level) {
        out += '\n';
        out.append(level * static_cast<size_t>(o.indent), ' ');
    };
    switch (v.type()) {
        case Type::Null: out += "null"; return;
        case Type::Bool: out += v.as_bool() ? "true" : "false"; return;
        case Type::Int: out += std::to_string(v.as_int()); return;
        case Type::Float: {
            double d = v.as_number();
            if (std::isnan(d)) out += "NaN";
            else if (std::isinf(d)) out += d < 0 ? "-Infinity" : "Infinity";
            else out += format_double(d);
            return;
        }
        case Type::String: append_quoted(out, v.as_string(), o.ensure_ascii); return;
        case Type::Array: {
            const Array& a = v.as_array();
            if (a.empty()) {
                out += "[]";
                return;
            }
            out += '[';
            for (size_t i = 0; i < a.size(); ++i) {
                if (i) out += o.item_separator;
                if (o.indent >= 0) newline(depth + 1);
                dump_rec(out, a[i], o, depth + 1);
            }
            if (o.indent >= 0) newline(depth);
            out += ']';
            return;
        }
        case Type::Object: {
            const Object& obj = v.as_object();
            if (obj.empty()) {
                out += "{}";
                return;
            }
            std::vector<const Object::Member*> members;
            for (const auto& m : obj) members.push_back(&m);
            if (o.sort_keys)
                std::stable_sort(members.begin(), members.end(),
                                 [](const auto* a, const auto* b) { return a->first < b->first; });
            out += '{';
            for (size_t i = 0; i < members.size(); ++i) {
                if (i) out += o.item_separator;
                if (o.indent >= 0) newline(depth + 1);
                append_quoted(out, members[i]->first, o.ensure_ascii);
                out += o.key_separator;
                dump_rec(out, members[i]->second, o, depth + 1);
            }
            if (o.indent >= 0) newline(depth);
            out += '}';
            return;
        }
    }
}

}  // namespace

std::string dump(const Value& v, const DumpOptions& opts) {
    std::string out;
    dump_rec(out, v, opts, 0);
    return out;
}

}  // namespace perimeter::engine::json
