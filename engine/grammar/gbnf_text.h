// Writing GBNF text: quoting literals and character classes (used by the JSON Schema and regex
// compilers, which emit GBNF that Grammar::parse then compiles).
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace perimeter::engine::gbnf {

using Ranges = std::vector<std::pair<uint32_t, uint32_t>>;

// One code point as it may appear inside "..." or [...].
inline std::string escape_cp(uint32_t c) {
    char buf[16];
    switch (c) {
        case '\n': return "\\n";
        case '\r': return "\\r";
        case '\t': return "\\t";
        case '\\': return "\\\\";
        case '"': return "\\\"";
        case ']': return "\\]";
        case '[': return "\\[";
        case '-': return "\\-";
        case '^': return "\\^";
        default: break;
    }
    if (c >= 0x20 && c < 0x7F) return std::string(1, char(c));
    if (c < 0x100) std::snprintf(buf, sizeof buf, "\\x%02X", c);
    else if (c < 0x10000) std::snprintf(buf, sizeof buf, "\\u%04X", c);
    else std::snprintf(buf, sizeof buf, "\\U%08X", c);
    return buf;
}

// "text" (UTF-8 bytes kept as they are; only quotes, backslashes and controls escaped).
inline std::string literal(std::string_view text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c >= 0x80) out += char(c);
        else out += escape_cp(c);
    }
    return out + "\"";
}

// [ranges] for sorted, disjoint code point ranges.
inline std::string char_class(const Ranges& r) {
    std::string out = "[";
    for (const auto& [lo, hi] : r) {
        out += escape_cp(lo);
        if (hi > lo) {
            out += '-';
            out += escape_cp(hi);
        }
    }
    return out + "]";
}

}  // namespace perimeter::engine::gbnf
