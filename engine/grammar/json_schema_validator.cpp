#include "engine/grammar/json_schema_validator.h"

#include <cmath>
#include <regex>

namespace perimeter::engine {

namespace {
std::string member_path(const std::string& base, const std::string& key) {
    bool ident = !key.empty() && !(key[0] >= '0' && key[0] <= '9');
    for (char c : key) ident = ident && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
    if (ident) return base + "." + key;
    std::string q;
    json::append_quoted(q, key);
    return base + "[" + q + "]";
}

size_t codepoints(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

bool is_type(const json::Value& v, const std::string& t) {
    if (t == "object") return v.is_object();
    if (t == "array") return v.is_array();
    if (t == "string") return v.is_string();
    if (t == "boolean") return v.is_bool();
    if (t == "null") return v.is_null();
    if (t == "number") return v.is_number();
    if (t == "integer") return v.is_int() || (v.is_float() && std::isfinite(v.as_number()) && v.as_number() == std::floor(v.as_number()));
    return false;
}

std::string type_of(const json::Value& v) {
    switch (v.type()) {
        case json::Type::Null: return "null";
        case json::Type::Bool: return "boolean";
        case json::Type::Int: return "integer";
        case json::Type::Float: return "number";
        case json::Type::String: return "string";
        case json::Type::Array: return "array";
        case json::Type::Object: return "object";
    }
    return "?";
}

bool digits(std::string_view s, size_t pos, size_t n) {
    if (pos + n > s.size()) return false;
    for (size_t i = 0; i < n; ++i)
        if (s[pos + i] < '0' || s[pos + i] > '9') return false;
    return true;
}
int num_at(std::string_view s, size_t pos, size_t n) {
    int v = 0;
    for (size_t i = 0; i < n; ++i) v = v * 10 + (s[pos + i] - '0');
    return v;
}
bool valid_date(std::string_view s) {  // YYYY-MM-DD, a real calendar day
    if (s.size() != 10 || !digits(s, 0, 4) || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' || !digits(s, 8, 2)) return false;
    const int y = num_at(s, 0, 4), m = num_at(s, 5, 2), d = num_at(s, 8, 2);
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}
bool valid_time(std::string_view s) {  // HH:MM:SS(.frac)?(Z|+HH:MM)
    if (s.size() < 9 || !digits(s, 0, 2) || s[2] != ':' || !digits(s, 3, 2) || s[5] != ':' || !digits(s, 6, 2)) return false;
    if (num_at(s, 0, 2) > 23 || num_at(s, 3, 2) > 59 || num_at(s, 6, 2) > 60) return false;
    size_t p = 8;
    if (p < s.size() && s[p] == '.') {
        ++p;
        const size_t start = p;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
        if (p == start) return false;
    }
    if (p < s.size() && (s[p] == 'Z' || s[p] == 'z')) return p + 1 == s.size();
    if (p < s.size() && (s[p] == '+' || s[p] == '-'))
        return p + 6 == s.size() && digits(s, p + 1, 2) && s[p + 3] == ':' && digits(s, p + 4, 2) && num_at(s, p + 1, 2) <= 23 &&
               num_at(s, p + 4, 2) <= 59;
    return false;
}
bool valid_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (size_t i = 0; i < 36; ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}
}  // namespace

std::vector<JsonValidationError> JsonSchemaValidator::validate(const json::Value& instance) const {
    std::vector<JsonValidationError> out;
    check(instance, schema_, "$", out, 0);
    return out;
}

std::vector<JsonValidationError> JsonSchemaValidator::validate_text(std::string_view text) const {
    json::Value v;
    try {
        v = json::parse(text);
    } catch (const json::ParseError& e) {
        return {{"$", std::string("not valid JSON: ") + e.what()}};
    }
    return validate(v);
}

void JsonSchemaValidator::check(const json::Value& v, const json::Value& s, const std::string& path,
                                std::vector<JsonValidationError>& out, int depth) const {
    auto err = [&](const std::string& msg) { out.push_back({path, msg}); };
    if (depth > 64) return err("schema nesting deeper than 64 (recursive $ref?)");
    if (s.is_bool()) {
        if (!s.as_bool()) err("no value is allowed here (schema false)");
        return;
    }
    if (!s.is_object()) return;

    if (const json::Value* ref = s.find("$ref"); ref && ref->is_string()) {
        const std::string& r = ref->as_string();
        const json::Value* target = nullptr;
        for (const char* prefix : {"#/$defs/", "#/definitions/"}) {
            const std::string p = prefix;
            if (r.rfind(p, 0) == 0) {
                const json::Value* defs = schema_.find(p.substr(2, p.size() - 3));
                target = defs ? defs->find(r.substr(p.size())) : nullptr;
            }
        }
        if (r == "#") target = &schema_;
        if (!target) return err("schema reference '" + r + "' cannot be resolved");
        check(v, *target, path, out, depth + 1);
    }

    if (const json::Value* t = s.find("type")) {
        bool ok = false;
        std::string want;
        if (t->is_string()) {
            ok = is_type(v, t->as_string());
            want = t->as_string();
        } else if (t->is_array()) {
            for (const auto& x : t->as_array())
                if (x.is_string()) {
                    ok = ok || is_type(v, x.as_string());
                    want += (want.empty() ? "" : " or ") + x.as_string();
                }
        }
        if (!ok) return err("expected " + want + ", got " + type_of(v));
    }
    if (const json::Value* e = s.find("enum"); e && e->is_array()) {
        bool found = false;
        for (const auto& x : e->as_array()) found = found || x == v;
        if (!found) err(json::dump(v) + " is not one of " + json::dump(*e));
    }
    if (const json::Value* c = s.find("const"); c && !(*c == v)) err(json::dump(v) + " is not the constant " + json::dump(*c));

    if (v.is_number()) {
        const double x = v.as_number();
        const std::string xs = json::dump(v);
        if (const json::Value* m = s.find("minimum"); m && m->is_number() && x < m->as_number())
            err(xs + " < minimum " + json::dump(*m));
        if (const json::Value* m = s.find("maximum"); m && m->is_number() && x > m->as_number())
            err(xs + " > maximum " + json::dump(*m));
        if (const json::Value* m = s.find("exclusiveMinimum"); m && m->is_number() && x <= m->as_number())
            err(xs + " <= exclusiveMinimum " + json::dump(*m));
        if (const json::Value* m = s.find("exclusiveMaximum"); m && m->is_number() && x >= m->as_number())
            err(xs + " >= exclusiveMaximum " + json::dump(*m));
        if (const json::Value* m = s.find("multipleOf"); m && m->is_number() && m->as_number() > 0) {
            const double q = x / m->as_number();
            if (std::fabs(q - std::round(q)) > 1e-9 * std::max(1.0, std::fabs(q))) err(xs + " is not a multiple of " + json::dump(*m));
        }
    }

    if (v.is_string()) {
        const std::string& str = v.as_string();
        const size_t n = codepoints(str);
        if (const json::Value* m = s.find("minLength"); m && m->is_number() && double(n) < m->as_number())
            err("string length " + std::to_string(n) + " < minLength " + json::dump(*m));
        if (const json::Value* m = s.find("maxLength"); m && m->is_number() && double(n) > m->as_number())
            err("string length " + std::to_string(n) + " > maxLength " + json::dump(*m));
        if (const json::Value* p = s.find("pattern"); p && p->is_string()) {
            try {
                if (!std::regex_search(str, std::regex(p->as_string(), std::regex::ECMAScript)))
                    err(json::dump(v) + " does not match pattern " + json::dump(*p));
            } catch (const std::regex_error&) {
                err("pattern " + json::dump(*p) + " is not a valid regular expression");
            }
        }
        if (const json::Value* f = s.find("format"); f && f->is_string()) {
            const std::string& fmt = f->as_string();
            bool ok = true;
            if (fmt == "date") ok = valid_date(str);
            else if (fmt == "time") ok = valid_time(str);
            else if (fmt == "date-time") {
                const size_t t = str.find_first_of("Tt");
                ok = t == 10 && valid_date(std::string_view(str).substr(0, 10)) && valid_time(std::string_view(str).substr(11));
            } else if (fmt == "uuid") ok = valid_uuid(str);
            if (!ok) err(json::dump(v) + " is not a valid " + fmt);
        }
    }

    if (v.is_array()) {
        const auto& arr = v.as_array();
        if (const json::Value* m = s.find("minItems"); m && m->is_number() && double(arr.size()) < m->as_number())
            err(std::to_string(arr.size()) + " items < minItems " + json::dump(*m));
        if (const json::Value* m = s.find("maxItems"); m && m->is_number() && double(arr.size()) > m->as_number())
            err(std::to_string(arr.size()) + " items > maxItems " + json::dump(*m));
        if (const json::Value* u = s.find("uniqueItems"); u && u->is_bool() && u->as_bool()) {
            for (size_t i = 0; i < arr.size(); ++i)
                for (size_t j = i + 1; j < arr.size(); ++j)
                    if (arr[i] == arr[j]) err("items " + std::to_string(i) + " and " + std::to_string(j) + " are equal (uniqueItems)");
        }
        if (const json::Value* items = s.find("items"))
            for (size_t i = 0; i < arr.size(); ++i) check(arr[i], *items, path + "[" + std::to_string(i) + "]", out, depth + 1);
    }

    if (v.is_object()) {
        const auto& obj = v.as_object();
        const json::Value* props = s.find("properties");
        if (const json::Value* req = s.find("required"); req && req->is_array())
            for (const auto& r : req->as_array())
                if (r.is_string() && !obj.contains(r.as_string())) err("missing required property '" + r.as_string() + "'");
        const json::Value* ap = s.find("additionalProperties");
        for (const auto& [key, val] : obj) {
            const json::Value* sub = (props && props->is_object()) ? props->find(key) : nullptr;
            if (sub) {
                check(val, *sub, member_path(path, key), out, depth + 1);
            } else if (ap) {
                if (ap->is_bool() && !ap->as_bool()) out.push_back({member_path(path, key), "unexpected property (additionalProperties is false)"});
                else check(val, *ap, member_path(path, key), out, depth + 1);
            }
        }
    }

    auto count_valid = [&](const json::Value& list, std::vector<JsonValidationError>* first_errs) {
        size_t ok = 0;
        for (const auto& sub : list.as_array()) {
            std::vector<JsonValidationError> e;
            check(v, sub, path, e, depth + 1);
            if (e.empty()) ++ok;
            else if (first_errs && first_errs->empty()) *first_errs = e;
        }
        return ok;
    };
    if (const json::Value* a = s.find("anyOf"); a && a->is_array()) {
        std::vector<JsonValidationError> first;
        if (count_valid(*a, &first) == 0)
            err("matches none of anyOf" + (first.empty() ? std::string() : " (first: " + first[0].str() + ")"));
    }
    if (const json::Value* a = s.find("oneOf"); a && a->is_array()) {
        const size_t ok = count_valid(*a, nullptr);
        if (ok != 1) err("matches " + std::to_string(ok) + " of oneOf (exactly 1 required)");
    }
    if (const json::Value* a = s.find("allOf"); a && a->is_array())
        for (const auto& sub : a->as_array()) check(v, sub, path, out, depth + 1);
    if (const json::Value* n = s.find("not")) {
        std::vector<JsonValidationError> e;
        check(v, *n, path, e, depth + 1);
        if (e.empty()) err("matches the 'not' schema");
    }
}

}  // namespace perimeter::engine
