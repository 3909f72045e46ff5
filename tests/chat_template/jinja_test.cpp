// The interpreter construct by construct: every small template in constructs.json (written by
// gen_constructs.py from jinja2 configured as transformers configures it) must render to the
// same bytes, or raise where jinja2 raises. Plus a few checks of our own error messages.
#include <gtest/gtest.h>

#include "tests/chat_template/chat_test_util.h"
#include "tests/common/test_env.h"

namespace perimeter {
namespace {

namespace json = engine::json;
using engine::jinja::TemplateError;

TEST(JinjaConstructs, MatchJinja2) {
    auto path = test::source_dir() / "tests/chat_template/constructs.json";
    ASSERT_TRUE(std::filesystem::exists(path)) << "missing " << path << " (run gen_constructs.py)";
    const json::Value doc = json::parse(test::read_file(path));
    int agree = 0, total = 0;
    for (const auto& c : doc.find("cases")->as_array()) {
        ++total;
        const std::string tpl = c.find("template")->as_string();
        const std::string vars = json::dump(*c.find("vars"));
        SCOPED_TRACE("template: " + json::dump(json::Value(tpl)));
        if (std::getenv("JINJA_TEST_VERBOSE")) std::cerr << json::dump(json::Value(tpl)) << "\n";
        if (const json::Value* want = c.find("output")) {
            try {
                std::string got = test::render(tpl, vars);
                EXPECT_EQ(got, want->as_string());
                if (got == want->as_string()) ++agree;
            } catch (const TemplateError& e) {
                ADD_FAILURE() << "jinja2 rendered " << json::dump(*want) << ", we raised: " << e.what();
            }
        } else {
            const std::string err = c.find("error")->as_string();
            try {
                std::string got = test::render(tpl, vars);
                ADD_FAILURE() << "jinja2 raised (" << err << "), we rendered " << json::dump(json::Value(got));
            } catch (const TemplateError& e) {
                if (c.find("raised")->as_bool()) {
                    EXPECT_EQ(e.kind(), TemplateError::Kind::Raised) << e.what();
                    EXPECT_EQ(e.detail(), err.substr(std::string("TemplateError: ").size()));
                }
                ++agree;
            }
        }
    }
    std::cout << "[agreement] constructs: " << agree << "/" << total << "\n";
    EXPECT_EQ(agree, total);
}

std::string error_of(const std::string& tpl, const std::string& vars = "{}") {
    try {
        test::render(tpl, vars);
    } catch (const TemplateError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(JinjaErrors, NameTheLineAndTheProblem) {
    EXPECT_EQ(error_of("a\nb\n{{ x | foo }}"), "chat-template: line 3: unknown filter 'foo'");
    EXPECT_EQ(error_of("{% if x %}\n{% frobnicate %}"), "chat-template: line 2: unknown tag 'frobnicate'");
    EXPECT_EQ(error_of("{{ 1 is frob }}"), "chat-template: line 1: unknown test 'frob'");
    EXPECT_EQ(error_of("{% for m in messages %}\n{{ m.x.y }}{% endfor %}", R"({"messages":[{}]})"),
              "chat-template: line 2: 'dict object' has no attribute 'x'");
    EXPECT_EQ(error_of("\n\n{{ raise_exception('bad roles') }}"), "chat-template: line 3: bad roles");
    EXPECT_EQ(error_of("{{ 'a' + 1 }}"), "chat-template: line 1: can only concatenate str (not \"int\") to str");
    EXPECT_EQ(error_of("{% if x %}"), "chat-template: line 1: unexpected end of template, expected 'elif' or 'else' or 'endif'");
    EXPECT_EQ(error_of("{{ [].append(1) }}"), "chat-template: line 1: access to attribute 'append' of 'list' object is unsafe.");
}

TEST(JinjaErrors, KindsAreDistinguished) {
    auto kind_of = [](const std::string& tpl) {
        try {
            test::render(tpl);
        } catch (const TemplateError& e) {
            return e.kind();
        }
        return TemplateError::Kind::Runtime;
    };
    EXPECT_EQ(kind_of("{{ 1 +"), TemplateError::Kind::Syntax);
    EXPECT_EQ(kind_of("{{ none.x.y }}"), TemplateError::Kind::Runtime);
    EXPECT_EQ(kind_of("{{ raise_exception('m') }}"), TemplateError::Kind::Raised);
}

TEST(JinjaClock, StrftimeUsesTheInjectedClock) {
    EXPECT_EQ(test::render("{{ strftime_now('%d %b %Y') }}"), "14 Mar 2025");
    EXPECT_EQ(test::render("{{ strftime_now('%Y-%m-%dT%H:%M:%S%z') }}"), "2025-03-14T09:26:53");
}

}  // namespace
}  // namespace perimeter
