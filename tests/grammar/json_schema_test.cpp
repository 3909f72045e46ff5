// JSON Schema -> grammar (accept/reject by the compiled grammar), numeric ranges checked
// exhaustively against exact arithmetic, schema errors with paths, and the validator's messages.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "engine/grammar/json_schema_grammar.h"
#include "engine/grammar/json_schema_validator.h"
#include "engine/grammar/numeric_range.h"

using namespace perimeter::engine;

namespace {
std::shared_ptr<const Grammar> compact(std::string_view schema) {
    JsonGrammarOptions o;
    o.compact = true;
    return json_schema_grammar(schema, o);
}
std::string schema_error(std::string_view schema) {
    try {
        json_schema_to_gbnf(schema);
    } catch (const JsonSchemaError& e) {
        return e.what();
    }
    return "(no error)";
}
std::vector<std::string> errors(std::string_view schema, std::string_view instance) {
    JsonSchemaValidator v(json::parse(schema));
    std::vector<std::string> out;
    for (const auto& e : v.validate_text(instance)) out.push_back(e.str());
    return out;
}
}  // namespace

TEST(IntegerRange, ExhaustiveAgainstArithmetic) {
    const std::optional<long long> bounds[] = {std::nullopt, -120, -100, -10, -9, -1, 0, 1, 7, 9, 10, 19, 20, 99, 100, 101, 250, 999};
    for (const auto& lo : bounds)
        for (const auto& hi : bounds) {
            if (lo && hi && *lo > *hi) continue;
            auto g = Grammar::parse("root ::= " + integer_range_gbnf(lo, hi));
            for (long long x = -1100; x <= 1100; ++x) {
                const bool in = (!lo || x >= *lo) && (!hi || x <= *hi);
                ASSERT_EQ(g->matches(std::to_string(x)), in)
                    << x << " in [" << (lo ? std::to_string(*lo) : "-inf") << ", " << (hi ? std::to_string(*hi) : "inf") << "]";
            }
            // JSON spelling only: no leading zeros, no "-0", no "+".
            for (const char* bad : {"01", "-0", "+1", "00", "-01", ""}) EXPECT_FALSE(g->matches(bad)) << bad;
        }
    auto wide = Grammar::parse("root ::= " + integer_range_gbnf(-1000000000000LL, 1000000000000LL));
    EXPECT_TRUE(wide->matches("1000000000000"));
    EXPECT_TRUE(wide->matches("-999999999999"));
    EXPECT_FALSE(wide->matches("1000000000001"));
    EXPECT_FALSE(wide->matches("-1000000000001"));
}

TEST(DecimalRange, SamplesAgainstExactArithmetic) {
    // Values are compared as integers in units of 1e-4 (every bound and sample has <= 4 decimals).
    struct B {
        std::optional<double> lo, hi;
        std::optional<long long> lo4, hi4;
    };
    const B cases[] = {
        {0.0, 1.0, 0, 10000},          {0.5, 2.25, 5000, 22500},     {-1.5, 3.0, -15000, 30000},
        {-100.0, -0.25, -1000000, -2500}, {0.05, 0.07, 500, 700},    {0.0701, 0.5, 701, 5000},
        {std::nullopt, 10.0, std::nullopt, 100000}, {2.5, std::nullopt, 25000, std::nullopt},
        {-0.07, 0.0, -700, 0},         {12.0, 12.0, 120000, 120000}, {99.99, 100.01, 999900, 1000100},
    };
    const char* fracs[] = {"", ".0", ".5", ".25", ".05", ".07", ".99", ".069", ".0701", ".5000", ".0699", ".01", ".1"};
    for (const auto& c : cases) {
        auto g = Grammar::parse("root ::= " + decimal_range_gbnf(c.lo, c.hi));
        for (int sign = 0; sign < 2; ++sign)
            for (int ip : {0, 1, 2, 3, 9, 10, 11, 12, 13, 99, 100, 101, 150}) {
                for (const char* f : fracs) {
                    std::string frac = f;
                    long long frac4 = 0;
                    if (!frac.empty()) {
                        std::string d = frac.substr(1);
                        d.resize(4, '0');
                        frac4 = std::stoll(d);
                    }
                    long long v = ip * 10000LL + frac4;
                    if (sign) v = -v;
                    std::string text = sign ? "-" : "";
                    text += std::to_string(ip);
                    text += frac;
                    const bool in = (!c.lo4 || v >= *c.lo4) && (!c.hi4 || v <= *c.hi4);
                    if (sign && v == 0) {  // "-0.0": the grammar may refuse this odd spelling, never accept it out of range
                        if (!in) {
                            ASSERT_FALSE(g->matches(text)) << text;
                        }
                        continue;
                    }
                    ASSERT_EQ(g->matches(text), in) << text << " vs [" << (c.lo ? *c.lo : -1e300) << ", " << (c.hi ? *c.hi : 1e300) << "]";
                }
            }
        EXPECT_FALSE(g->matches("1.")) << "a point needs digits";
        EXPECT_FALSE(g->matches("1e3")) << "no exponent in a bounded number";
    }
}

TEST(JsonSchemaGrammar, ObjectsRequiredOptionalAndNoExtras) {
    auto g = compact(R"({"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"},"c":{"type":"boolean"}},"required":["b"]})");
    for (const char* ok : {R"({"b":"x"})", R"({"a":1,"b":""})", R"({"b":"x","c":true})", R"({"a":-5,"b":"y","c":false})"})
        EXPECT_TRUE(g->matches(ok)) << ok;
    for (const char* bad : {R"({})", R"({"a":1})", R"({"b":"x","d":1})", R"({"b":"x",})", R"({"c":true,"b":"x"})", R"({"b":1})"})
        EXPECT_FALSE(g->matches(bad)) << bad;
    auto extra = compact(R"({"type":"object","properties":{"a":{"type":"integer"}},"additionalProperties":{"type":"number"}})");
    EXPECT_TRUE(extra->matches(R"({"a":1,"zz":2.5,"y":0})"));
    EXPECT_TRUE(extra->matches(R"({"q":1})"));
    EXPECT_FALSE(extra->matches(R"({"a":1,"zz":"s"})"));
}

TEST(JsonSchemaGrammar, ArraysEnumsConstAnyOfRefs) {
    auto arr = compact(R"({"type":"array","items":{"enum":["buy","hold","sell"]},"minItems":1,"maxItems":3})");
    EXPECT_TRUE(arr->matches(R"(["buy"])"));
    EXPECT_TRUE(arr->matches(R"(["buy","sell","hold"])"));
    EXPECT_FALSE(arr->matches(R"([])"));
    EXPECT_FALSE(arr->matches(R"(["buy","sell","hold","buy"])"));
    EXPECT_FALSE(arr->matches(R"(["strong buy"])"));
    auto c = compact(R"({"anyOf":[{"const":{"k":[1,null]}},{"type":["null","boolean"]}]})");
    EXPECT_TRUE(c->matches(R"({"k":[1,null]})"));
    EXPECT_TRUE(c->matches("null"));
    EXPECT_TRUE(c->matches("false"));
    EXPECT_FALSE(c->matches("1"));
    // A recursive $ref: a tree of nodes.
    auto tree = compact(R"({"$ref":"#/$defs/node","$defs":{"node":{"type":"object","properties":{"v":{"type":"integer"},
        "kids":{"type":"array","items":{"$ref":"#/$defs/node"}}},"required":["v"]}}})");
    EXPECT_TRUE(tree->matches(R"({"v":1,"kids":[{"v":2},{"v":3,"kids":[{"v":4,"kids":[]}]}]})"));
    EXPECT_FALSE(tree->matches(R"({"v":1,"kids":[{"w":2}]})"));
}

TEST(JsonSchemaGrammar, StringsLengthsPatternFormat) {
    auto s = compact(R"({"type":"string","minLength":2,"maxLength":4})");
    EXPECT_TRUE(s->matches(R"("ab")"));
    EXPECT_TRUE(s->matches(R"("Рост")"));      // 4 code points, 8 bytes
    EXPECT_TRUE(s->matches(R"("a\"\u00e9")"));  // escapes count as one character each
    EXPECT_FALSE(s->matches(R"("a")"));
    EXPECT_FALSE(s->matches(R"("abcde")"));
    EXPECT_FALSE(s->matches("\"a\nb\""));          // raw control character
    EXPECT_FALSE(s->matches(R"("\ud800x")"));      // lone surrogate escape
    auto p = compact(R"({"type":"string","pattern":"^[A-Z]{1,5}(\\.[A-Z]{1,2})?$"})");
    EXPECT_TRUE(p->matches(R"("AAPL")"));
    EXPECT_TRUE(p->matches(R"("SBER.ME")"));
    EXPECT_FALSE(p->matches(R"("aapl")"));
    EXPECT_FALSE(p->matches(R"("TOOLONG")"));
    auto q = compact(R"({"type":"string","pattern":"^a\"b\\\\c$"})");  // regex a"b\\c: quote and backslash escaped in JSON
    EXPECT_TRUE(q->matches(R"("a\"b\\c")"));
    EXPECT_FALSE(q->matches(R"("a"b\c")"));
    auto d = compact(R"({"type":"string","format":"date"})");
    EXPECT_TRUE(d->matches(R"("2024-02-29")"));
    EXPECT_TRUE(d->matches(R"("2000-02-29")"));
    EXPECT_FALSE(d->matches(R"("1900-02-29")"));
    EXPECT_FALSE(d->matches(R"("2023-02-29")"));
    EXPECT_FALSE(d->matches(R"("2024-06-31")"));
    EXPECT_FALSE(d->matches(R"("2024-13-01")"));
}

TEST(JsonSchemaGrammar, WhitespaceIsBounded) {
    auto g = json_schema_grammar(R"({"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]})");
    EXPECT_TRUE(g->matches("{ \"a\": 1 }"));
    EXPECT_TRUE(g->matches("{\n  \"a\" :\n    1\n}"));
    EXPECT_FALSE(g->matches("{  \"a\": 1}"));  // two blanks without a newline
    EXPECT_FALSE(g->matches("{\n" + std::string(17, ' ') + "\"a\": 1}"));
    EXPECT_FALSE(g->matches("{\n\n\"a\": 1}"));
    auto c = compact(R"({"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]})");
    EXPECT_FALSE(c->matches("{ \"a\":1}"));
}

TEST(JsonSchemaGrammar, SchemaErrorsNamePaths) {
    EXPECT_EQ(schema_error(R"({"type":"object","properties":{"r":{"enum":"buy"}}})"),
              "json_schema: $.properties.r.enum: expected a non-empty array");
    EXPECT_EQ(schema_error(R"({"type":"strin"})"), "json_schema: $.type: unknown type 'strin'");
    EXPECT_EQ(schema_error(R"({"$ref":"#/$defs/missing"})"), "json_schema: $.$ref: reference '#/$defs/missing' names no definition");
    EXPECT_EQ(schema_error(R"({"type":"integer","minimum":5,"maximum":1})"), "json_schema: $: minimum is above maximum: no integer fits");
    EXPECT_EQ(schema_error(R"({"type":"object","required":["x"]})"), "json_schema: $.required: required property 'x' is not in properties");
    EXPECT_EQ(schema_error(R"({"not":{"type":"string"}})"), "json_schema: $.not: keyword not supported for constrained decoding");
    EXPECT_EQ(schema_error(R"({"type":"string","pattern":"(a"})"), "json_schema: $.pattern: regex: position 0: unterminated group");
    EXPECT_NE(schema_error("{\"type\": }").find("json_schema: not valid JSON"), std::string::npos);
}

TEST(JsonSchemaValidator, ErrorsNameThePath) {
    const char* schema = R"({"type":"object","properties":{
        "rating":{"enum":["buy","hold","sell"]},
        "key_metrics":{"type":"array","maxItems":3,"items":{"type":"object","properties":{"value":{"type":"number","maximum":10}},"required":["value"]}},
        "as_of":{"type":"string","format":"date"},
        "ticker":{"type":"string","pattern":"^[A-Z]{1,5}$","maxLength":5},
        "odd key":{"type":"integer","minimum":1},
        "pick":{"oneOf":[{"type":"integer"},{"type":"number"}]}},
        "required":["rating"],"additionalProperties":false})";
    EXPECT_TRUE(errors(schema, R"({"rating":"buy","key_metrics":[{"value":1.5}],"as_of":"2024-02-29","ticker":"AAPL","pick":1.5})").empty());
    EXPECT_EQ(errors(schema, R"({"rating":"buy","key_metrics":[{"value":1},{"value":2},{"value":12}]})"),
              std::vector<std::string>{"$.key_metrics[2].value: 12 > maximum 10"});
    EXPECT_EQ(errors(schema, R"({"rating":"strong buy"})"),
              std::vector<std::string>{R"($.rating: "strong buy" is not one of ["buy","hold","sell"])"});
    EXPECT_EQ(errors(schema, R"({"key_metrics":[{}],"extra":1})"),
              (std::vector<std::string>{"$: missing required property 'rating'", "$.key_metrics[0]: missing required property 'value'",
                                        "$.extra: unexpected property (additionalProperties is false)"}));
    EXPECT_EQ(errors(schema, R"({"rating":"buy","as_of":"2023-02-29","ticker":"aapl","odd key":0})"),
              (std::vector<std::string>{R"($.as_of: "2023-02-29" is not a valid date)", R"($.ticker: "aapl" does not match pattern "^[A-Z]{1,5}$")",
                                        R"($["odd key"]: 0 < minimum 1)"}));
    EXPECT_EQ(errors(schema, R"({"rating":"buy","pick":2})"), std::vector<std::string>{"$.pick: matches 2 of oneOf (exactly 1 required)"});
    EXPECT_EQ(errors(schema, R"({"rating":"buy","key_metrics":{}})"), std::vector<std::string>{"$.key_metrics: expected array, got object"});
    EXPECT_EQ(errors(schema, R"({"rating":"buy")").size(), 1u);
    EXPECT_EQ(errors(schema, R"({"rating":"buy")")[0].rfind("$: not valid JSON", 0), 0u);
}
