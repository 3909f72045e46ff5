#include "engine/grammar/grammar.h"

#include <algorithm>
#include <cstdio>

#include "engine/grammar/grammar_stacks.h"

namespace perimeter::engine {

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

void CodepointClass::finish() {
    ascii[0] = ascii[1] = 0;
    for (const auto& r : ranges)
        for (uint32_t c = r.first; c <= std::min<uint32_t>(r.second, 127); ++c) ascii[c >> 6] |= uint64_t(1) << (c & 63);
}

bool CodepointClass::contains(uint32_t cp) const {
    if (cp < 128) return (ascii[cp >> 6] >> (cp & 63)) & 1;
    return intersects(cp, cp);
}

bool CodepointClass::intersects(uint32_t lo, uint32_t hi) const {
    // First range whose end is >= lo.
    auto it = std::lower_bound(ranges.begin(), ranges.end(), lo,
                               [](const std::pair<uint32_t, uint32_t>& r, uint32_t v) { return r.second < v; });
    return it != ranges.end() && it->first <= hi;
}

bool CodepointClass::contains_all(uint32_t lo, uint32_t hi) const {
    auto it = std::lower_bound(ranges.begin(), ranges.end(), lo,
                               [](const std::pair<uint32_t, uint32_t>& r, uint32_t v) { return r.second < v; });
    return it != ranges.end() && it->first <= lo && it->second >= hi;
}

namespace {
std::string show_cp(uint32_t c) {
    char buf[16];
    if (c >= 0x20 && c < 0x7F && c != '\\' && c != ']' && c != '-' && c != '^' && c != '"') return std::string(1, char(c));
    if (c < 0x100) std::snprintf(buf, sizeof buf, "\\x%02X", c);
    else if (c < 0x10000) std::snprintf(buf, sizeof buf, "\\u%04X", c);
    else std::snprintf(buf, sizeof buf, "\\U%08X", c);
    return buf;
}
}  // namespace

std::string Grammar::dump() const {
    std::string out;
    for (size_t r = 0; r < alts_.size(); ++r) {
        out += names_[r] + " ::=";
        for (size_t a = 0; a < alts_[r].size(); ++a) {
            if (a) out += " |";
            for (int32_t p = alts_[r][a]; elems_[size_t(p)].kind != GrammarElemKind::End; ++p) {
                const auto& e = elems_[size_t(p)];
                out += ' ';
                if (e.kind == GrammarElemKind::Rule) {
                    out += names_[e.arg];
                } else if (e.kind == GrammarElemKind::Bytes) {
                    out += '[';
                    const ByteSet& s = byte_sets_[e.arg];
                    for (int b = 0; b < 256; ++b) {
                        if (!s.has(uint8_t(b))) continue;
                        int e2 = b;
                        while (e2 + 1 < 256 && s.has(uint8_t(e2 + 1))) ++e2;
                        out += show_cp(uint32_t(b));
                        if (e2 > b) {
                            out += '-';
                            out += show_cp(uint32_t(e2));
                        }
                        b = e2;
                    }
                    out += ']';
                } else {
                    out += '[';
                    for (const auto& rg : classes_[e.arg].ranges) {
                        out += show_cp(rg.first);
                        if (rg.second > rg.first) {
                            out += '-';
                            out += show_cp(rg.second);
                        }
                    }
                    out += ']';
                }
            }
        }
        out += '\n';
    }
    return out;
}

namespace {
// Runs text through fresh stacks; returns the final set (empty: rejected somewhere).
StackSet run(const std::shared_ptr<const Grammar>& g, std::string_view text) {
    GrammarStacks st(g);
    StackSet cur, next;
    st.initial(cur);
    for (unsigned char c : text) {
        st.advance(cur, c, next);
        cur.swap(next);
        if (cur.empty()) break;
    }
    return cur;
}
// The Grammar is held by shared_ptr everywhere; a non-owning alias lets const members build stacks.
std::shared_ptr<const Grammar> alias(const Grammar* g) { return std::shared_ptr<const Grammar>(std::shared_ptr<void>(), g); }
}  // namespace

bool Grammar::matches(std::string_view text) const { return GrammarStacks::is_complete(run(alias(this), text)); }

bool Grammar::is_prefix(std::string_view text) const { return !run(alias(this), text).empty(); }

}  // namespace perimeter::engine
