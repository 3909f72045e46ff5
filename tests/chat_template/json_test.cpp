// engine/chat/json: the parser (strict RFC 8259, clear errors, bounded nesting) and the
// serializer (Python json.dumps layout, used for tojson and CLI output).
#include <gtest/gtest.h>

#include <cmath>

#include "engine/chat/json.h"

namespace perimeter {
namespace {

namespace json = engine::json;

std::string parse_error(std::string_view text) {
    try {
        json::parse(text);
    } catch (const json::ParseError& e) {
        return e.what();
    }
    return "(parsed)";
}

TEST(Json, ParsesEveryType) {
    json::Value v = json::parse(R"( {"n": null, "t": true, "f": false, "i": -42, "big": 12345678901234567890,
        "x": 1.5e3, "s": "a\"b\\c\/\n\u00e9\ud83d\ude00", "a": [1, [2, []], {}], "o": {"k": "v"}} )");
    ASSERT_TRUE(v.is_object());
    EXPECT_TRUE(v.find("n")->is_null());
    EXPECT_TRUE(v.find("t")->as_bool());
    EXPECT_FALSE(v.find("f")->as_bool());
    EXPECT_EQ(v.find("i")->as_int(), -42);
    EXPECT_TRUE(v.find("big")->is_float());  // beyond int64: kept as a double
    EXPECT_DOUBLE_EQ(v.find("big")->as_number(), 12345678901234567890.0);
    EXPECT_TRUE(v.find("x")->is_float());
    EXPECT_EQ(v.find("x")->as_number(), 1500.0);
    EXPECT_EQ(v.find("s")->as_string(), "a\"b\\c/\n\xc3\xa9\xf0\x9f\x98\x80");
    EXPECT_EQ(v.find("a")->as_array().size(), 3u);
    EXPECT_EQ(v.find("o")->find("k")->as_string(), "v");
    EXPECT_EQ(v.find("missing"), nullptr);
}

TEST(Json, KeepsInsertionOrderAndLastDuplicateWins) {
    json::Value v = json::parse(R"({"b": 1, "a": 2, "b": 3})");
    const auto& o = v.as_object();
    ASSERT_EQ(o.size(), 2u);
    EXPECT_EQ(o.begin()->first, "b");
    EXPECT_EQ(o.begin()->second.as_int(), 3);
    EXPECT_EQ(json::dump(v), R"({"b":3,"a":2})");
}

TEST(Json, ErrorsNameLineAndColumn) {
    EXPECT_EQ(parse_error("{\n  \"a\": 1\n  \"b\": 2}"), "json: line 3, column 3: expected ',' or '}' after object member");
    EXPECT_EQ(parse_error("[1, 2"), "json: line 1, column 6: unexpected end of input in array, expected ',' or ']'");
    EXPECT_EQ(parse_error("[1,]"), "json: line 1, column 4: unexpected character ']', expected a value");
    EXPECT_EQ(parse_error("01"), "json: line 1, column 2: leading zero in a number");
    EXPECT_EQ(parse_error("\"abc"), "json: line 1, column 5: unterminated string");
    EXPECT_EQ(parse_error("\"a\tb\""), "json: line 1, column 3: control character in string (must be escaped)");
    EXPECT_EQ(parse_error("\"\\ud800\""), "json: line 1, column 8: unpaired surrogate in \\u escape");
    EXPECT_EQ(parse_error("\"\xff\""), "json: line 1, column 4: string is not valid UTF-8");
    EXPECT_EQ(parse_error("{} x"), "json: line 1, column 4: unexpected text after the JSON value");
    EXPECT_EQ(parse_error(""), "json: line 1, column 1: unexpected end of input, expected a value");
    EXPECT_EQ(parse_error("NaN"), "json: line 1, column 1: unexpected character 'N', expected a value");
    EXPECT_EQ(parse_error("{'a': 1}"), "json: line 1, column 2: expected a string key in object");
    EXPECT_EQ(parse_error("tru"), "json: line 1, column 1: unexpected character 't', expected a value");
}

TEST(Json, NestingIsBounded) {
    std::string deep(100000, '[');
    std::string err = parse_error(deep);
    EXPECT_NE(err.find("nesting deeper than 512"), std::string::npos) << err;
    json::ParseOptions opts;
    opts.max_depth = 3;
    EXPECT_NO_THROW(json::parse("[[[1]]]", opts));
    EXPECT_THROW(json::parse("[[[[1]]]]", opts), json::ParseError);
}

TEST(Json, NanAndInfinityOnlyWhenAsked) {
    json::ParseOptions opts;
    opts.allow_nan = true;
    json::Value v = json::parse("[NaN, Infinity, -Infinity]", opts);
    EXPECT_TRUE(std::isnan(v.as_array()[0].as_number()));
    EXPECT_EQ(v.as_array()[2].as_number(), -HUGE_VAL);
    EXPECT_EQ(json::dump(v), "[NaN,Infinity,-Infinity]");
}

TEST(Json, FloatsPrintLikePythonRepr) {
    // Expected strings are Python's repr() of the same doubles.
    const std::pair<double, const char*> cases[] = {
        {0.1, "0.1"}, {1.0, "1.0"}, {1e16, "1e+16"}, {1e15, "1000000000000000.0"}, {123456789.123, "123456789.123"},
        {1e-5, "1e-05"}, {0.0001, "0.0001"}, {5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"},
        {-2.5, "-2.5"}, {1.0 / 3, "0.3333333333333333"}, {1152921504606846976.0, "1.152921504606847e+18"},
        {100.0, "100.0"}, {1e22, "1e+22"}, {0.5e-4, "5e-05"}, {-0.0, "-0.0"}};
    for (const auto& [d, want] : cases) EXPECT_EQ(json::format_double(d), want) << d;
}

TEST(Json, DumpsLikePythonJsonDumps) {
    json::Value v = json::parse(R"({"a": [1, 2.0, null, true], "b": {}, "c": [], "d": "é\n\u0001\"", "e": {"f": 1}})");
    EXPECT_EQ(json::dump(v), R"({"a":[1,2.0,null,true],"b":{},"c":[],"d":"é\n\u0001\"","e":{"f":1}})");
    EXPECT_EQ(json::dump(v, json::DumpOptions::python()),
              R"({"a": [1, 2.0, null, true], "b": {}, "c": [], "d": "é\n\u0001\"", "e": {"f": 1}})");
    EXPECT_EQ(json::dump(v, json::DumpOptions::python(2)),
              "{\n  \"a\": [\n    1,\n    2.0,\n    null,\n    true\n  ],\n  \"b\": {},\n  \"c\": [],\n"
              "  \"d\": \"é\\n\\u0001\\\"\",\n  \"e\": {\n    \"f\": 1\n  }\n}");
    json::DumpOptions ascii;
    ascii.ensure_ascii = true;
    EXPECT_EQ(json::dump(json::Value("é😀"), ascii), R"("\u00e9\ud83d\ude00")");
    json::DumpOptions sorted;
    sorted.sort_keys = true;
    EXPECT_EQ(json::dump(json::parse(R"({"b":1,"a":{"d":1,"c":2}})"), sorted), R"({"a":{"c":2,"d":1},"b":1})");
}

TEST(Json, RoundTripsAndCompares) {
    const char* text = R"({"messages":[{"role":"user","content":"Привет \"мир\"\n"}],"n":3,"x":0.25})";
    json::Value v = json::parse(text);
    EXPECT_EQ(json::dump(v), text);
    EXPECT_EQ(json::parse(json::dump(v)), v);
    EXPECT_EQ(json::parse("1"), json::parse("1.0"));  // Python: 1 == 1.0
    EXPECT_EQ(json::parse(R"({"a":1,"b":2})"), json::parse(R"({"b":2,"a":1})"));
    EXPECT_NE(json::parse("[1,2]"), json::parse("[2,1]"));
}

TEST(Json, BuildsAndEditsValues) {
    json::Object o{{"role", "user"}, {"content", "hi"}};
    o.set("content", json::Value(nullptr));
    o.set("name", json::Value("x"));
    EXPECT_TRUE(o.erase("name"));
    EXPECT_FALSE(o.erase("name"));
    json::Value v(o);
    EXPECT_EQ(json::dump(v), R"({"role":"user","content":null})");
    EXPECT_THROW(v.as_array(), json::TypeError);
    try {
        v.find("role")->as_int();
        FAIL();
    } catch (const json::TypeError& e) {
        EXPECT_STREQ(e.what(), "json: expected integer, got string");
    }
}

}  // namespace
}  // namespace perimeter
