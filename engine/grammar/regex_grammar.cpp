#include "engine/grammar/regex_grammar.h"

// GCC 12 warns falsely on "literal" + std::string (GCC bug 105651).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include <algorithm>

#include "engine/grammar/gbnf_text.h"

namespace perimeter::engine {

namespace {
using gbnf::Ranges;
constexpr uint32_t kMax = 0x10FFFF;

Ranges normalize(Ranges r) {
    std::sort(r.begin(), r.end());
    Ranges out;
    for (const auto& x : r) {
        if (!out.empty() && x.first <= out.back().second + 1) out.back().second = std::max(out.back().second, x.second);
        else out.push_back(x);
    }
    return out;
}
Ranges complement(const Ranges& r) {
    Ranges out;
    uint32_t next = 0;
    for (const auto& x : r) {
        if (x.first > next) out.push_back({next, x.first - 1});
        next = x.second + 1;
    }
    if (next <= kMax) out.push_back({next, kMax});
    return out;
}
Ranges subtract(const Ranges& a, const Ranges& b) {
    // a \ b = a ∩ complement(b)
    const Ranges cb = complement(normalize(b));
    Ranges out;
    for (const auto& x : a)
        for (const auto& y : cb) {
            const uint32_t lo = std::max(x.first, y.first), hi = std::min(x.second, y.second);
            if (lo <= hi) out.push_back({lo, hi});
        }
    return normalize(out);
}
bool contains(const Ranges& r, uint32_t c) {
    for (const auto& x : r)
        if (c >= x.first && c <= x.second) return true;
    return false;
}

const Ranges kDigit = {{'0', '9'}};
const Ranges kWord = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
// ECMAScript \s: ASCII blanks plus the Unicode spaces.
const Ranges kSpace = {{0x09, 0x0D}, {0x20, 0x20}, {0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200A},
                       {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
const Ranges kLineBreaks = {{'\n', '\n'}, {'\r', '\r'}, {0x2028, 0x2029}};

class RegexConverter {
public:
    RegexConverter(std::string_view p, const RegexGbnfOptions& o) : p_(p), o_(o) {}

    std::string convert() {
        if (peek() == '^') ++pos_;
        std::string e = alternation();
        if (pos_ < p_.size()) fail(pos_, p_[pos_] == ')' ? "unmatched ')'" : "unexpected character");
        return e.empty() ? "\"\"" : e;
    }

private:
    std::string_view p_;
    RegexGbnfOptions o_;
    size_t pos_ = 0;
    int depth_ = 0;

    [[noreturn]] void fail(size_t at, const std::string& msg) const {
        throw GrammarError("regex: position " + std::to_string(at) + ": " + msg);
    }
    char peek(size_t k = 0) const { return pos_ + k < p_.size() ? p_[pos_ + k] : '\0'; }
    bool eof() const { return pos_ >= p_.size(); }

    uint32_t utf8() {
        const auto c = static_cast<unsigned char>(p_[pos_++]);
        if (c < 0x80) return c;
        int n = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
        if (n < 0) fail(pos_ - 1, "invalid UTF-8");
        uint32_t cp = c & (0x3F >> n);
        for (int i = 0; i < n; ++i) {
            if (eof() || (static_cast<unsigned char>(peek()) & 0xC0) != 0x80) fail(pos_, "invalid UTF-8");
            cp = (cp << 6) | (static_cast<unsigned char>(p_[pos_++]) & 0x3F);
        }
        return cp;
    }
    uint32_t hex(int n) {
        uint32_t v = 0;
        for (int i = 0; i < n; ++i) {
            const char c = peek();
            int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
            if (d < 0) fail(pos_, "expected a hex digit");
            v = v * 16 + uint32_t(d);
            ++pos_;
        }
        return v;
    }

    // After a backslash: a class escape (\d ...) fills `cls` and returns true; otherwise the
    // escaped character is returned in `cp`.
    bool escape(Ranges& cls, uint32_t& cp, bool in_class) {
        const size_t at = pos_ - 1;
        if (eof()) fail(at, "pattern ends with '\\'");
        const char e = p_[pos_++];
        switch (e) {
            case 'd': cls = kDigit; return true;
            case 'D': cls = complement(kDigit); return true;
            case 'w': cls = kWord; return true;
            case 'W': cls = complement(kWord); return true;
            case 's': cls = kSpace; return true;
            case 'S': cls = complement(kSpace); return true;
            case 'n': cp = '\n'; return false;
            case 'r': cp = '\r'; return false;
            case 't': cp = '\t'; return false;
            case 'f': cp = '\f'; return false;
            case 'v': cp = '\v'; return false;
            case '0': cp = 0; return false;
            case 'x': cp = hex(2); return false;
            case 'u': cp = hex(4); return false;
            case 'b':
                if (in_class) {
                    cp = '\b';
                    return false;
                }
                fail(at, "word boundaries (\\b) are not supported");
            case 'B': fail(at, "word boundaries (\\B) are not supported");
            default:
                if (e >= '1' && e <= '9') fail(at, "backreferences are not supported");
                if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z')) fail(at, std::string("unknown escape '\\") + e + "'");
                --pos_;
                cp = utf8();  // escaped punctuation or any other character stands for itself
                return false;
        }
    }

    // The GBNF for "one character from r", written for the target (plain or inside a JSON string).
    std::string chars(Ranges r) {
        r = normalize(std::move(r));
        if (!o_.json_string) return r.empty() ? "" : gbnf::char_class(r);
        // Inside a JSON string '"', '\' and controls must be escaped.
        std::vector<std::string> alts;
        Ranges special = {{0, 0x1F}, {'"', '"'}, {'\\', '\\'}};
        Ranges plain = subtract(r, special);
        if (!plain.empty()) alts.push_back(gbnf::char_class(plain));
        const std::pair<uint32_t, const char*> escs[] = {{'"', "\"\\\\\\\"\""}, {'\\', "\"\\\\\\\\\""}, {'\n', "\"\\\\n\""},
                                                         {'\r', "\"\\\\r\""},  {'\t', "\"\\\\t\""},    {'\b', "\"\\\\b\""},
                                                         {'\f', "\"\\\\f\""}};
        for (const auto& [c, lit] : escs)
            if (contains(r, c)) alts.push_back(lit);
        for (uint32_t c = 0; c < 0x20; ++c) {
            if (!contains(r, c) || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') continue;
            char buf[16];
            std::snprintf(buf, sizeof buf, "\"\\\\u%04x\"", c);
            alts.push_back(buf);
        }
        if (alts.empty()) return "";
        if (alts.size() == 1) return alts[0];
        std::string out = "(";
        for (size_t i = 0; i < alts.size(); ++i) out += (i ? " | " : "") + alts[i];
        return out + ")";
    }

    std::string char_class() {
        const size_t start = pos_;
        ++pos_;  // [
        bool neg = false;
        if (peek() == '^') {
            neg = true;
            ++pos_;
        }
        Ranges r;
        bool first = true;
        while (true) {
            if (eof()) fail(start, "unterminated character class");
            if (peek() == ']' && !first) {
                ++pos_;
                break;
            }
            if (peek() == ']' && first) {  // "[]" matches nothing in ECMAScript; "[^]" anything
                ++pos_;
                if (neg) return chars({{0, kMax}});
                fail(start, "empty character class");
            }
            first = false;
            uint32_t lo;
            Ranges cls;
            if (peek() == '\\') {
                ++pos_;
                if (escape(cls, lo, true)) {
                    r.insert(r.end(), cls.begin(), cls.end());
                    continue;
                }
            } else {
                lo = utf8();
            }
            uint32_t hi = lo;
            if (peek() == '-' && peek(1) != ']' && pos_ + 1 < p_.size()) {
                ++pos_;
                if (peek() == '\\') {
                    ++pos_;
                    if (escape(cls, hi, true)) fail(pos_, "a class escape cannot end a range");
                } else {
                    hi = utf8();
                }
                if (hi < lo) fail(start, "character range out of order");
            }
            r.push_back({lo, hi});
        }
        r = normalize(r);
        if (neg) r = complement(r);
        std::string out = chars(r);
        if (out.empty()) fail(start, "character class matches nothing");
        return out;
    }

    int number() {
        int v = -1;
        while (peek() >= '0' && peek() <= '9') {
            v = (v < 0 ? 0 : v) * 10 + (peek() - '0');
            if (v > o_.max_repeat) fail(pos_, "repetition count above " + std::to_string(o_.max_repeat));
            ++pos_;
        }
        return v;
    }

    std::string atom() {
        const size_t at = pos_;
        const char c = peek();
        if (c == '(') {
            ++pos_;
            if (++depth_ > 256) fail(at, "groups nested deeper than 256");
            if (peek() == '?') {
                if (peek(1) == ':') pos_ += 2;
                else fail(at, "lookarounds and named groups are not supported");
            }
            std::string inner = alternation();
            if (peek() != ')') fail(at, "unterminated group");
            ++pos_;
            --depth_;
            return "(" + (inner.empty() ? std::string("\"\"") : inner) + ")";
        }
        if (c == '[') return char_class();
        if (c == '.') {
            ++pos_;
            return chars(complement(kLineBreaks));
        }
        if (c == '\\') {
            ++pos_;
            Ranges cls;
            uint32_t cp;
            if (escape(cls, cp, false)) return chars(cls);
            return chars({{cp, cp}});
        }
        if (c == '*' || c == '+' || c == '?') fail(at, std::string("'") + c + "' has nothing to repeat");
        if (c == '{' && peek(1) >= '0' && peek(1) <= '9') fail(at, "'{' has nothing to repeat");
        if (c == '$' && (pos_ + 1 == p_.size() || peek(1) == '|' || peek(1) == ')')) {
            ++pos_;
            return "";
        }
        if (c == '^' || c == '$') fail(at, "anchors inside the pattern are not supported");
        const uint32_t cp = utf8();
        return chars({{cp, cp}});
    }

    std::string quantified() {
        std::string a = atom();
        while (true) {
            const size_t at = pos_;
            const char c = peek();
            int lo, hi;
            if (c == '*') lo = 0, hi = -1, ++pos_;
            else if (c == '+') lo = 1, hi = -1, ++pos_;
            else if (c == '?') lo = 0, hi = 1, ++pos_;
            else if (c == '{' && peek(1) >= '0' && peek(1) <= '9') {
                ++pos_;
                lo = number();
                hi = lo;
                if (peek() == ',') {
                    ++pos_;
                    hi = number();  // -1: open
                }
                if (peek() != '}') fail(at, "unterminated {m,n}");
                ++pos_;
                if (hi >= 0 && hi < lo) fail(at, "{m,n} with n < m");
            } else {
                return a;
            }
            if (peek() == '?') ++pos_;  // lazy: same language
            if (a.empty()) fail(at, "quantifier after an anchor");
            const std::string base = a.front() == '(' || a.front() == '[' || a.front() == '"' ? a : "(" + a + ")";
            // Already quantified? wrap again so "a{2}{3}" means (a{2}){3}.
            const std::string wrapped = (a.back() == '*' || a.back() == '+' || a.back() == '?' || a.back() == '}') ? "(" + a + ")" : base;
            if (hi < 0) a = wrapped + (lo == 0 ? "*" : lo == 1 ? "+" : "{" + std::to_string(lo) + ",}");
            else if (lo == 0 && hi == 1) a = wrapped + "?";
            else if (lo == hi) a = wrapped + "{" + std::to_string(lo) + "}";
            else a = wrapped + "{" + std::to_string(lo) + "," + std::to_string(hi) + "}";
        }
    }

    std::string sequence() {
        std::string out;
        while (!eof() && peek() != '|' && peek() != ')') {
            std::string q = quantified();
            if (q.empty()) continue;
            if (!out.empty()) out += ' ';
            out += q;
        }
        return out;
    }

    std::string alternation() {
        std::vector<std::string> alts;
        alts.push_back(sequence());
        while (peek() == '|') {
            ++pos_;
            alts.push_back(sequence());
        }
        if (alts.size() == 1) return alts[0];
        std::string out = "(";
        for (size_t i = 0; i < alts.size(); ++i) {
            if (i) out += " | ";
            out += alts[i].empty() ? "\"\"" : alts[i];
        }
        return out + ")";
    }
};
}  // namespace

std::string regex_to_gbnf_expr(std::string_view pattern, const RegexGbnfOptions& opts) {
    return RegexConverter(pattern, opts).convert();
}

std::string regex_to_gbnf(std::string_view pattern, const RegexGbnfOptions& opts) {
    return "root ::= " + regex_to_gbnf_expr(pattern, opts) + "\n";
}

std::shared_ptr<const Grammar> regex_grammar(std::string_view pattern) { return Grammar::parse(regex_to_gbnf(pattern)); }

}  // namespace perimeter::engine
