// Hostile templates: each must stop with a clear error (a limit, or a syntax error for input
// nested too deeply to parse), quickly, never hang, exhaust memory or overflow the stack.
#include <gtest/gtest.h>

#include <chrono>

#include "tests/chat_template/chat_test_util.h"

namespace perimeter {
namespace {

using engine::jinja::TemplateError;

struct Outcome {
    bool failed = false;
    TemplateError::Kind kind = TemplateError::Kind::Runtime;
    std::string what;
    double seconds = 0;
};

Outcome run(const std::string& tpl, const engine::jinja::Limits& limits = {}) {
    Outcome o;
    auto t0 = std::chrono::steady_clock::now();
    try {
        test::render(tpl, "{}", limits);
    } catch (const TemplateError& e) {
        o.failed = true;
        o.kind = e.kind();
        o.what = e.what();
    }
    o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return o;
}

void expect_limit(const std::string& tpl, const std::string& fragment) {
    Outcome o = run(tpl);
    SCOPED_TRACE(tpl.substr(0, 200));
    ASSERT_TRUE(o.failed) << "hostile template rendered";
    EXPECT_EQ(o.kind, TemplateError::Kind::Limit) << o.what;
    EXPECT_NE(o.what.find(fragment), std::string::npos) << o.what;
    EXPECT_EQ(o.what.rfind("chat-template: line ", 0), 0u) << o.what;
    std::cout << "[limit] " << o.seconds << " s: " << o.what << "\n";
}

void expect_syntax(const std::string& tpl, const std::string& fragment) {
    Outcome o = run(tpl);
    ASSERT_TRUE(o.failed) << "deeply nested template parsed";
    EXPECT_EQ(o.kind, TemplateError::Kind::Syntax) << o.what;
    EXPECT_NE(o.what.find(fragment), std::string::npos) << o.what;
}

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

TEST(Limits, NestedLoopsStopAtTheIterationBound) {
    expect_limit("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "loop iterations");
    expect_limit("{% for i in range(100000) %}{% for j in range(100000) %}{% for k in range(100000) %}x{% endfor %}"
                 "{% endfor %}{% endfor %}",
                 "");
}

TEST(Limits, LoopsOverAGrowingListStop) {
    expect_limit("{% set ns = namespace(l=[1]) %}{% for i in range(100) %}{% set ns.l = ns.l + ns.l %}{% endfor %}",
                 "list of");
    expect_limit("{% set ns = namespace(l=range(100000)|list) %}{% for i in range(100000) %}"
                 "{% set ns.l = ns.l + [i] %}{% endfor %}",
                 "bytes built");
}

TEST(Limits, RecursionStopsAtTheCallDepth) {
    expect_limit("{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}", "macro calls nested deeper");
    expect_limit("{% macro a() %}{{ b() }}{% endmacro %}{% macro b() %}{{ a() }}{% endmacro %}{{ a() }}",
                 "macro calls nested deeper");
    // Fan-out recursion: depth stays small, the step budget stops it.
    expect_limit("{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}", "");
}

TEST(Limits, HugeOutputStops) {
    expect_limit("{% for i in range(100000) %}{{ 'x' * 100000 }}{% endfor %}", "");
    expect_limit("{{ 'x' * 10000000000 }}", "string of");
    expect_limit("{{ 'ab' * 9223372036854775807 }}", "string of");
    expect_limit("{{ [1, 2] * 100000000 }}", "list of");
    expect_limit("{% set ns = namespace(s='x') %}{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
                 "string of");
    expect_limit("{% set ns = namespace(s='xy') %}{% for i in range(100) %}{% set ns.s = ns.s.replace('x', ns.s) %}"
                 "{% endfor %}",
                 "");
    expect_limit("{{ 'x'|center(10000000000) }}", "string of");
    expect_limit("{{ 'x'|indent(10000000000) }}", "string of");
    expect_limit("{% set ns = namespace(s='x') %}{% for i in range(100) %}{% set ns.s = [ns.s, ns.s]|join %}"
                 "{% endfor %}",
                 "");
    // A small output limit applies to the rendered prompt itself.
    engine::jinja::Limits small;
    small.max_output_bytes = 1000;
    Outcome o = run("{% for i in range(1000) %}0123456789{% endfor %}", small);
    ASSERT_TRUE(o.failed);
    EXPECT_NE(o.what.find("output longer than 1000 bytes"), std::string::npos) << o.what;
}

TEST(Limits, DeepValuesCannotBeBuilt) {
    expect_limit("{% set ns = namespace(v=[]) %}{% for i in range(100000) %}{% set ns.v = [ns.v] %}{% endfor %}"
                 "{{ ns.v|tojson }}",
                 "")
        ;
}

TEST(Limits, SelfReferenceIsAnErrorNotACrash) {
    Outcome o = run("{% set ns = namespace() %}{% set ns.me = ns %}{{ ns }}");
    ASSERT_TRUE(o.failed);
    EXPECT_NE(o.what.find("nested deeper"), std::string::npos) << o.what;
    o = run("{% set ns = namespace() %}{% set ns.me = [ns] %}{{ ns == ns.me[0] }}{{ ns.me|tojson }}");
    ASSERT_TRUE(o.failed);
}

TEST(Limits, DeepSyntaxIsRejectedWhileParsing) {
    expect_syntax("{{ " + repeat("(", 100000) + "1" + repeat(")", 100000) + " }}", "nested");
    expect_syntax("{{ " + repeat("[", 100000) + repeat("]", 100000) + " }}", "nested");
    expect_syntax("{{ " + repeat("-", 100000) + "1 }}", "nested");
    expect_syntax("{{ " + repeat("not ", 100000) + "1 }}", "nested");
    expect_syntax("{{ 1" + repeat(" + 1", 100000) + " }}", "nested");
    expect_syntax("{{ x" + repeat(".a", 100000) + " }}", "nested");
    expect_syntax("{{ x" + repeat("|trim", 100000) + " }}", "nested");
    expect_syntax("{{ 1" + repeat(" if 1 else 1", 100000) + " }}", "nested");
    expect_syntax(repeat("{% if 1 %}", 100000) + repeat("{% endif %}", 100000), "nested");
    expect_syntax("{{ 'a'" + repeat(" ~ 'a'", 100000) + " }}", "too many");
}

TEST(Limits, ATemplateWithinTheLimitsStillRenders) {
    // The bounds must leave real templates alone: 1,000 messages through a typical loop.
    std::string msgs = "[";
    for (int i = 0; i < 1000; ++i) msgs += std::string(i ? "," : "") + R"({"role":"user","content":"message text"})";
    msgs += "]";
    std::string out = test::render(
        "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content | trim }}<|im_end|>\n{% endfor %}",
        R"({"messages":)" + msgs + "}");
    EXPECT_EQ(out.size(), 1000u * std::string("<|im_start|>user\nmessage text<|im_end|>\n").size());
}

}  // namespace
}  // namespace perimeter
