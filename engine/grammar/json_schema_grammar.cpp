#include "engine/grammar/json_schema_grammar.h"

// GCC 12 warns falsely on "literal" + std::string (GCC bug 105651).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include <climits>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "engine/grammar/gbnf_text.h"
#include "engine/grammar/numeric_range.h"
#include "engine/grammar/regex_grammar.h"

namespace perimeter::engine {

namespace {
using std::string;
using std::string_view;

// Primitive rules, emitted only when used.
const std::map<string, string> kPrimitives = {
    {"boolean", "\"true\" | \"false\""},
    {"null", "\"null\""},
    {"integer", "\"-\"? (\"0\" | [1-9] [0-9]{0,15})"},
    {"number", "\"-\"? (\"0\" | [1-9] [0-9]{0,15}) (\".\" [0-9]{1,16})? ([eE] [-+]? [0-9]{1,3})?"},
    // One character of a JSON string: no raw quote, backslash, control or surrogate; \u escapes
    // never name a surrogate (a lone one would make the text invalid).
    {"char", "[^\"\\\\\\x00-\\x1F\\uD800-\\uDFFF] | \"\\\\\" ([\"\\\\/bfnrt] | \"u\" ([0-9a-cA-CefEF] [0-9a-fA-F]{3} | [dD] [0-7] [0-9a-fA-F]{2}))"},
    {"string", "\"\\\"\" char* \"\\\"\""},
    {"value", "object | array | string | number | boolean | null"},
    {"object", "\"{\" ws ( string ws \":\" ws value ( ws \",\" ws string ws \":\" ws value )* ws )? \"}\""},
    {"array", "\"[\" ws ( value ( ws \",\" ws value )* ws )? \"]\""},
    // A real Gregorian day: 30-day months, February 29 only in leap years.
    {"date", "[0-9]{4} \"-\" ( ( \"0\" [13578] | \"1\" [02] ) \"-\" ( \"0\" [1-9] | [12] [0-9] | \"3\" [01] )"
             " | ( \"0\" [469] | \"11\" ) \"-\" ( \"0\" [1-9] | [12] [0-9] | \"30\" )"
             " | \"02-\" ( \"0\" [1-9] | \"1\" [0-9] | \"2\" [0-8] ) )"
             " | ( [0-9]{2} ( \"0\" [48] | [2468] [048] | [13579] [26] ) | ( [02468] [048] | [13579] [26] ) \"00\" ) \"-02-29\""},
    {"time", "( [01] [0-9] | \"2\" [0-3] ) \":\" [0-5] [0-9] \":\" [0-5] [0-9] ( \".\" [0-9]{1,6} )? ( \"Z\" | [+-] ( [01] [0-9] | \"2\" [0-3] ) \":\" [0-5] [0-9] )"},
    {"uuid", "[0-9a-fA-F]{8} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{12}"},
};
const std::map<string, std::vector<string>> kPrimitiveDeps = {
    {"string", {"char"}}, {"value", {"object", "array", "string", "number", "boolean", "null"}},
    {"object", {"ws", "string", "value"}}, {"array", {"ws", "value"}},
};

string sanitize(string_view s) {
    string out;
    for (char c : s) out += ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? c : '-';
    return out.empty() ? "x" : out;
}

class SchemaConverter {
public:
    SchemaConverter(const json::Value& root, const JsonGrammarOptions& o) : root_(root), o_(o) {}

    string convert() {
        const string top = visit(root_, "root", "$");
        string out = "root ::= " + top + "\n";
        for (const auto& [name, body] : rules_) out += name + " ::= " + body + "\n";
        return out;
    }

private:
    const json::Value& root_;
    JsonGrammarOptions o_;
    std::vector<std::pair<string, string>> rules_;
    std::set<string> names_ = {"root"};
    std::map<string, string> refs_;  // "#/$defs/x" -> rule name

    [[noreturn]] void fail(const string& path, const string& msg) const {
        throw JsonSchemaError("json_schema: " + path + ": " + msg);
    }

    string use(const string& prim) {
        if (names_.count(prim)) return prim;
        names_.insert(prim);
        if (prim == "ws") {
            rules_.push_back({"ws", o_.compact ? "\"\"" : "( \" \" | \"\\n\" [ ]{0," + std::to_string(o_.max_indent) + "} )?"});
            return prim;
        }
        rules_.push_back({prim, kPrimitives.at(prim)});
        if (auto it = kPrimitiveDeps.find(prim); it != kPrimitiveDeps.end())
            for (const auto& d : it->second) use(d);
        return prim;
    }

    string add_rule(const string& hint, const string& body) {
        // Same body under the same hint: reuse.
        string name = sanitize(hint);
        for (int i = 1; names_.count(name); ++i) {
            for (const auto& [n, b] : rules_)
                if (n == name && b == body) return name;
            name = sanitize(hint) + "-" + std::to_string(i);
        }
        names_.insert(name);
        rules_.push_back({name, body});
        return name;
    }

    static std::optional<double> num(const json::Value& s, const char* key, const string& path, const SchemaConverter* self) {
        const json::Value* v = s.find(key);
        if (!v) return std::nullopt;
        if (!v->is_number()) self->fail(path + "." + key, "expected a number");
        return v->as_number();
    }
    static std::optional<long long> count(const json::Value& s, const char* key, const string& path, const SchemaConverter* self) {
        const json::Value* v = s.find(key);
        if (!v) return std::nullopt;
        if (!v->is_number() || v->as_number() < 0 || v->as_number() != std::floor(v->as_number()))
            self->fail(path + "." + key, "expected a non-negative integer");
        return (long long)v->as_number();
    }

    string literal_of(const json::Value& v) { return gbnf::literal(json::dump(v)); }

    string visit(const json::Value& s, const string& hint, const string& path) {
        if (s.is_bool()) {
            if (!s.as_bool()) fail(path, "schema 'false' matches nothing");
            return use("value");
        }
        if (!s.is_object()) fail(path, "expected a schema object");
        for (const char* k : {"not", "if", "then", "else", "patternProperties", "propertyNames", "dependentSchemas",
                              "prefixItems", "contains", "unevaluatedProperties"})
            if (s.find(k)) fail(path + "." + k, "keyword not supported for constrained decoding");

        if (const json::Value* ref = s.find("$ref")) return visit_ref(*ref, path + ".$ref");
        if (const json::Value* c = s.find("const")) return add_rule(hint, literal_of(*c));
        if (const json::Value* e = s.find("enum")) {
            if (!e->is_array() || e->as_array().empty()) fail(path + ".enum", "expected a non-empty array");
            string body;
            for (const auto& v : e->as_array()) body += (body.empty() ? "" : " | ") + literal_of(v);
            return add_rule(hint, body);
        }
        for (const char* k : {"anyOf", "oneOf"}) {
            if (const json::Value* list = s.find(k)) {
                if (!list->is_array() || list->as_array().empty()) fail(path + "." + k, "expected a non-empty array");
                string body;
                const auto& arr = list->as_array();
                for (size_t i = 0; i < arr.size(); ++i)
                    body += (i ? " | " : "") + visit(arr[i], hint + "-" + std::to_string(i), path + "." + k + "[" + std::to_string(i) + "]");
                return add_rule(hint, body);
            }
        }
        if (const json::Value* all = s.find("allOf")) {
            if (!all->is_array() || all->as_array().size() != 1)
                fail(path + ".allOf", "only allOf with a single schema is supported");
            return visit(all->as_array()[0], hint, path + ".allOf[0]");
        }

        const json::Value* type = s.find("type");
        if (type && type->is_array()) {
            string body;
            const auto& arr = type->as_array();
            if (arr.empty()) fail(path + ".type", "expected at least one type");
            for (size_t i = 0; i < arr.size(); ++i) {
                if (!arr[i].is_string()) fail(path + ".type[" + std::to_string(i) + "]", "expected a type name");
                body += (i ? " | " : "") + visit_type(arr[i].as_string(), s, hint + "-" + arr[i].as_string(), path);
            }
            return add_rule(hint, body);
        }
        if (type) {
            if (!type->is_string()) fail(path + ".type", "expected a type name or a list of them");
            return visit_type(type->as_string(), s, hint, path);
        }
        if (s.find("properties") || s.find("additionalProperties") || s.find("required")) return visit_type("object", s, hint, path);
        if (s.find("items") || s.find("minItems") || s.find("maxItems")) return visit_type("array", s, hint, path);
        if (s.find("minLength") || s.find("maxLength") || s.find("pattern") || s.find("format"))
            return visit_type("string", s, hint, path);
        if (s.find("minimum") || s.find("maximum")) return visit_type("number", s, hint, path);
        return use("value");
    }

    string visit_ref(const json::Value& ref, const string& path) {
        if (!ref.is_string()) fail(path, "expected a string");
        const string& r = ref.as_string();
        if (auto it = refs_.find(r); it != refs_.end()) return it->second;
        string prefix;
        if (r.rfind("#/$defs/", 0) == 0) prefix = "$defs";
        else if (r.rfind("#/definitions/", 0) == 0) prefix = "definitions";
        else fail(path, "only local references #/$defs/NAME and #/definitions/NAME are supported, got '" + r + "'");
        const string key = r.substr(prefix.size() + 3);
        const json::Value* defs = root_.find(prefix);
        const json::Value* target = defs ? defs->find(key) : nullptr;
        if (!target) fail(path, "reference '" + r + "' names no definition");
        // Name the rule first so a recursive schema refers to it while it is being built.
        string name = sanitize("def-" + key);
        for (int i = 1; names_.count(name); ++i) name = sanitize("def-" + key) + "-" + std::to_string(i);
        names_.insert(name);
        refs_[r] = name;
        const size_t slot = rules_.size();
        rules_.push_back({name, ""});
        const string body = visit(*target, "def-" + key + "-body", "$." + prefix + "." + key);
        rules_[slot].second = body;
        return name;
    }

    string visit_type(const string& type, const json::Value& s, const string& hint, const string& path) {
        if (type == "object") return visit_object(s, hint, path);
        if (type == "array") return visit_array(s, hint, path);
        if (type == "string") return visit_string(s, hint, path);
        if (type == "boolean") return use("boolean");
        if (type == "null") return use("null");
        if (type == "integer") {
            auto mn = num(s, "minimum", path, this), mx = num(s, "maximum", path, this);
            auto xmn = num(s, "exclusiveMinimum", path, this), xmx = num(s, "exclusiveMaximum", path, this);
            std::optional<long long> lo, hi;
            if (mn) lo = (long long)std::ceil(*mn);
            if (xmn) lo = std::max(lo.value_or(LLONG_MIN), (long long)std::floor(*xmn) + 1);
            if (mx) hi = (long long)std::floor(*mx);
            if (xmx) hi = std::min(hi.value_or(LLONG_MAX), (long long)std::ceil(*xmx) - 1);
            if (!lo && !hi) return use("integer");
            if (lo && hi && *lo > *hi) fail(path, "minimum is above maximum: no integer fits");
            return add_rule(hint, integer_range_gbnf(lo, hi, {o_.max_int_digits, o_.max_frac_digits}));
        }
        if (type == "number") {
            auto lo = num(s, "minimum", path, this), hi = num(s, "maximum", path, this);
            // Exclusive bounds: the grammar keeps the closed interval, the validator the open one.
            if (auto x = num(s, "exclusiveMinimum", path, this)) lo = std::max(lo.value_or(-INFINITY), *x);
            if (auto x = num(s, "exclusiveMaximum", path, this)) hi = std::min(hi.value_or(INFINITY), *x);
            if (!lo && !hi) return use("number");
            if (lo && hi && *lo > *hi) fail(path, "minimum is above maximum: no number fits");
            return add_rule(hint, decimal_range_gbnf(lo, hi, {o_.max_int_digits, o_.max_frac_digits}));
        }
        fail(path + ".type", "unknown type '" + type + "'");
    }

    string visit_string(const json::Value& s, const string& hint, const string& path) {
        const auto mn = count(s, "minLength", path, this), mx = count(s, "maxLength", path, this);
        if (const json::Value* pat = s.find("pattern")) {
            if (!pat->is_string()) fail(path + ".pattern", "expected a string");
            string expr;
            try {
                RegexGbnfOptions ro;
                ro.json_string = true;
                expr = regex_to_gbnf_expr(pat->as_string(), ro);
            } catch (const GrammarError& e) {
                fail(path + ".pattern", e.what());
            }
            return add_rule(hint, "\"\\\"\" " + expr + " \"\\\"\"");
        }
        if (const json::Value* f = s.find("format")) {
            if (!f->is_string()) fail(path + ".format", "expected a string");
            const string& fmt = f->as_string();
            if (fmt == "date" || fmt == "time" || fmt == "uuid") return add_rule(hint, "\"\\\"\" " + use(fmt) + " \"\\\"\"");
            if (fmt == "date-time") return add_rule(hint, "\"\\\"\" " + use("date") + " \"T\" " + use("time") + " \"\\\"\"");
            // Other formats (email, uri, ...) only name an intent: fall through to a plain string.
        }
        if (!mn && !mx) return use("string");
        use("char");
        const long long lo = mn.value_or(0);
        if (mx && *mx < lo) fail(path, "minLength is above maxLength");
        string rep = mx ? (lo == *mx ? "{" + std::to_string(lo) + "}" : "{" + std::to_string(lo) + "," + std::to_string(*mx) + "}")
                        : "{" + std::to_string(lo) + ",}";
        return add_rule(hint, "\"\\\"\" char" + rep + " \"\\\"\"");
    }

    string visit_array(const json::Value& s, const string& hint, const string& path) {
        const string ws = use("ws");
        string item;
        if (const json::Value* items = s.find("items")) item = visit(*items, hint + "-item", path + ".items");
        else item = use("value");
        const long long mn = count(s, "minItems", path, this).value_or(0);
        const auto mx = count(s, "maxItems", path, this);
        if (mx && *mx < mn) fail(path, "minItems is above maxItems");
        if (mx && *mx == 0) return add_rule(hint, "\"[\" " + ws + " \"]\"");
        const string more = "( " + ws + " \",\" " + ws + " " + item + " )";
        const long long rest_lo = std::max(0LL, mn - 1);
        string rep;
        if (!mx) rep = rest_lo == 0 ? "*" : "{" + std::to_string(rest_lo) + ",}";
        else rep = "{" + std::to_string(rest_lo) + "," + std::to_string(*mx - 1) + "}";
        string list = item + " " + more + rep + " " + ws;
        if (mn == 0) list = "( " + list + " )?";
        return add_rule(hint, "\"[\" " + ws + " " + list + " \"]\"");
    }

    string visit_object(const json::Value& s, const string& hint, const string& path) {
        const string ws = use("ws");
        std::vector<std::pair<string, string>> props;  // (key, value rule)
        std::set<string> required;
        if (const json::Value* req = s.find("required")) {
            if (!req->is_array()) fail(path + ".required", "expected an array of property names");
            for (const auto& r : req->as_array()) {
                if (!r.is_string()) fail(path + ".required", "expected an array of property names");
                required.insert(r.as_string());
            }
        }
        if (const json::Value* p = s.find("properties")) {
            if (!p->is_object()) fail(path + ".properties", "expected an object");
            for (const auto& [key, sub] : p->as_object())
                props.push_back({key, visit(sub, hint + "-" + key, path + ".properties." + key)});
        }
        for (const auto& r : required) {
            bool found = false;
            for (const auto& p : props) found = found || p.first == r;
            if (!found) fail(path + ".required", "required property '" + r + "' is not in properties");
        }
        string extra;  // rule for an additional "key": value member, if allowed
        const json::Value* ap = s.find("additionalProperties");
        const bool allow_extra = ap ? !(ap->is_bool() && !ap->as_bool()) : o_.additional_properties;
        if (allow_extra) {
            const string v = (ap && ap->is_object()) ? visit(*ap, hint + "-additional", path + ".additionalProperties") : use("value");
            extra = add_rule(hint + "-extra-kv", use("string") + " " + ws + " \":\" " + ws + " " + v);
        }

        auto kv = [&](size_t i) {
            string key;
            json::append_quoted(key, props[i].first);
            return gbnf::literal(key) + " " + ws + " \":\" " + ws + " " + props[i].second;
        };
        const string sep = ws + " \",\" " + ws;
        // first_[i]: members from property i on, none written yet; next_[i]: some already written
        // (so each member starts with a comma). Optional properties may be skipped.
        const size_t n = props.size();
        std::vector<string> first(n + 1), next(n + 1);
        next[n] = extra.empty() ? ws : "( " + sep + " " + extra + " )* " + ws;
        first[n] = extra.empty() ? "\"\"" : "( " + extra + " ( " + sep + " " + extra + " )* " + ws + " )?";
        for (size_t i = n; i-- > 0;) {
            const bool req = required.count(props[i].first) > 0;
            const string take_first = kv(i) + " " + next[i + 1];
            const string take_next = sep + " " + kv(i) + " " + next[i + 1];
            string f = req ? take_first : take_first + " | " + first[i + 1];
            string x = req ? take_next : take_next + " | " + next[i + 1];
            first[i] = add_rule(hint + "-from-" + std::to_string(i), f);
            next[i] = add_rule(hint + "-then-" + std::to_string(i), x);
        }
        return add_rule(hint, "\"{\" " + ws + " " + first[0] + " \"}\"");
    }
};
}  // namespace

std::string json_schema_to_gbnf(const json::Value& schema, const JsonGrammarOptions& opts) {
    return SchemaConverter(schema, opts).convert();
}

std::string json_schema_to_gbnf(std::string_view schema_json, const JsonGrammarOptions& opts) {
    json::Value v;
    try {
        v = json::parse(schema_json);
    } catch (const json::ParseError& e) {
        throw JsonSchemaError(std::string("json_schema: not valid JSON: ") + e.what());
    }
    return json_schema_to_gbnf(v, opts);
}

std::shared_ptr<const Grammar> json_schema_grammar(std::string_view schema_json, const JsonGrammarOptions& opts) {
    return Grammar::parse(json_schema_to_gbnf(schema_json, opts));
}

}  // namespace perimeter::engine
