#include "engine/chat/unicode_text.h"

namespace perimeter::engine::unicode {

bool valid_utf8(std::string_view s) {
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len = 0;
        char32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n) return false;
        for (int k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

char32_t next_cp(std::string_view s, size_t& i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        ++i;
        return c;
    }
    int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    char32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    // Defensive: a truncated sequence ends the string rather than reading past it.
    if (i + len > s.size()) {
        i = s.size();
        return 0xFFFD;
    }
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::u32string to_u32(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) out += next_cp(s, i);
    return out;
}

std::string from_u32(std::u32string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char32_t c : s) append_utf8(out, c);
    return out;
}

size_t cp_count(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

bool is_space(char32_t c) {
    if (c <= 0x20) return c == 0x20 || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    switch (c) {
        case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
        case 0x3000:
            return true;
        default:
            return c >= 0x2000 && c <= 0x200A;
    }
}

bool is_printable(char32_t c) {
    if (c < 0x20 || c == 0x7F) return false;
    if (c >= 0x80 && c <= 0xA0) return false;
    if (c == 0xAD) return false;
    if (c >= 0xD800 && c <= 0xDFFF) return false;
    if (c >= 0xE000 && c <= 0xF8FF) return false;  // private use
    if (c >= 0x2000 && c <= 0x200F) return false;  // spaces and format characters
    if (c >= 0x2028 && c <= 0x202F) return false;
    if (c >= 0x205F && c <= 0x206F) return false;
    switch (c) {
        case 0x1680: case 0x3000: case 0xFEFF: case 0x061C: case 0x180E: case 0xFFF9: case 0xFFFA:
        case 0xFFFB: case 0xFFFE: case 0xFFFF:
            return false;
        default:
            return c <= 0x10FFFF;
    }
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

namespace {

// Ranges where upper and lower case alternate: even = upper, odd = lower (or the reverse).
bool in_pair_range(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }

char32_t lower_impl(char32_t c) {
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if ((c >= 0xC0 && c <= 0xDE) && c != 0xD7) return c + 32;
    if (c == 0x178) return 0xFF;
    if (c == 0x130) return 'i';  // Python gives "i̇" (two characters); close enough for one cp
    if (in_pair_range(c, 0x100, 0x137) || in_pair_range(c, 0x14A, 0x177) || in_pair_range(c, 0x182, 0x185) ||
        in_pair_range(c, 0x1A0, 0x1A5) || in_pair_range(c, 0x1DE, 0x1EF) || in_pair_range(c, 0x1F8, 0x21F) ||
        in_pair_range(c, 0x222, 0x233) || in_pair_range(c, 0x1E00, 0x1E95) || in_pair_range(c, 0x1EA0, 0x1EFF) ||
        in_pair_range(c, 0x460, 0x481) || in_pair_range(c, 0x48A, 0x4BF) || in_pair_range(c, 0x4D0, 0x52F) ||
        in_pair_range(c, 0x3D8, 0x3EF))
        return (c % 2 == 0) ? c + 1 : c;
    if (in_pair_range(c, 0x139, 0x148) || in_pair_range(c, 0x179, 0x17E) || in_pair_range(c, 0x4C1, 0x4CE) ||
        in_pair_range(c, 0x1CD, 0x1DC))
        return (c % 2 == 1) ? c + 1 : c;
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 37;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 63;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    if (c == 0x4C0) return 0x4CF;
    if (c >= 0x531 && c <= 0x556) return c + 48;
    if (c >= 0xFF21 && c <= 0xFF3A) return c + 32;
    return c;
}

char32_t upper_impl(char32_t c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
    if ((c >= 0xE0 && c <= 0xFE) && c != 0xF7) return c - 32;
    if (c == 0xFF) return 0x178;
    if (c == 0xB5) return 0x39C;
    if (c == 0x131) return 'I';
    if (c == 0x17F) return 'S';
    if (in_pair_range(c, 0x100, 0x137) || in_pair_range(c, 0x14A, 0x177) || in_pair_range(c, 0x182, 0x185) ||
        in_pair_range(c, 0x1A0, 0x1A5) || in_pair_range(c, 0x1DE, 0x1EF) || in_pair_range(c, 0x1F8, 0x21F) ||
        in_pair_range(c, 0x222, 0x233) || in_pair_range(c, 0x1E00, 0x1E95) || in_pair_range(c, 0x1EA0, 0x1EFF) ||
        in_pair_range(c, 0x460, 0x481) || in_pair_range(c, 0x48A, 0x4BF) || in_pair_range(c, 0x4D0, 0x52F) ||
        in_pair_range(c, 0x3D8, 0x3EF))
        return (c % 2 == 1) ? c - 1 : c;
    if (in_pair_range(c, 0x139, 0x148) || in_pair_range(c, 0x179, 0x17E) || in_pair_range(c, 0x4C1, 0x4CE) ||
        in_pair_range(c, 0x1CD, 0x1DC))
        return (c % 2 == 0) ? c - 1 : c;
    if (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2) return c - 32;
    if (c == 0x3C2) return 0x3A3;
    if (c == 0x3AC) return 0x386;
    if (c >= 0x3AD && c <= 0x3AF) return c - 37;
    if (c == 0x3CC) return 0x38C;
    if (c == 0x3CD || c == 0x3CE) return c - 63;
    if (c >= 0x430 && c <= 0x44F) return c - 32;
    if (c >= 0x450 && c <= 0x45F) return c - 80;
    if (c == 0x4CF) return 0x4C0;
    if (c >= 0x561 && c <= 0x586) return c - 48;
    if (c >= 0xFF41 && c <= 0xFF5A) return c - 32;
    return c;
}

template <typename F>
std::string map_cps(std::string_view s, F f) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) f(out, next_cp(s, i));
    return out;
}

void put_upper(std::string& out, char32_t c) {
    if (c == 0xDF) {  // ß
        out += "SS";
        return;
    }
    append_utf8(out, upper_impl(c));
}

}  // namespace

char32_t to_lower(char32_t c) { return lower_impl(c); }
char32_t to_upper(char32_t c) { return upper_impl(c); }
bool is_cased(char32_t c) { return lower_impl(c) != c || upper_impl(c) != c || c == 0xDF; }
bool is_upper(char32_t c) { return lower_impl(c) != c; }
bool is_lower(char32_t c) { return upper_impl(c) != c || c == 0xDF; }

std::string upper(std::string_view s) {
    return map_cps(s, [](std::string& o, char32_t c) { put_upper(o, c); });
}

std::string lower(std::string_view s) {
    return map_cps(s, [](std::string& o, char32_t c) { append_utf8(o, lower_impl(c)); });
}

std::string capitalize(std::string_view s) {
    bool first = true;
    return map_cps(s, [&](std::string& o, char32_t c) {
        if (first) {
            put_upper(o, c);
            first = false;
        } else {
            append_utf8(o, lower_impl(c));
        }
    });
}

std::string title(std::string_view s) {
    bool prev_cased = false;
    return map_cps(s, [&](std::string& o, char32_t c) {
        if (prev_cased) append_utf8(o, lower_impl(c));
        else put_upper(o, c);
        prev_cased = is_cased(c);
    });
}

}  // namespace perimeter::engine::unicode
