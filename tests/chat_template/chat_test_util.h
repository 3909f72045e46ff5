// Helpers shared by the chat-template tests.
#pragma once
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "engine/chat/chat_template.h"
#include "engine/chat/jinja_interpreter.h"
#include "engine/chat/jinja_parser.h"

namespace perimeter::test {

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    if (!f) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// The date gen_reference.py injects: 2025-03-14 09:26:53, a Friday.
inline std::tm fixed_now() {
    std::tm tm{};
    tm.tm_year = 2025 - 1900;
    tm.tm_mon = 2;
    tm.tm_mday = 14;
    tm.tm_hour = 9;
    tm.tm_min = 26;
    tm.tm_sec = 53;
    tm.tm_wday = 5;
    tm.tm_yday = 72;
    return tm;
}

// Renders a template string with `vars` (JSON object text) — for construct-level tests.
inline std::string render(const std::string& tpl, const std::string& vars_json = "{}",
                          const engine::jinja::Limits& limits = {}) {
    using namespace engine;
    jinja::Body body = jinja::parse_template(tpl);
    jinja::Interpreter in(limits, fixed_now);
    std::vector<std::pair<std::string, jinja::Value>> vars;
    const json::Value parsed = json::parse(vars_json);
    for (const auto& [k, v] : parsed.as_object()) vars.emplace_back(k, to_template_value(v));
    return in.render(body, std::move(vars));
}

}  // namespace perimeter::test
