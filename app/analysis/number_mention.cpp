#include "app/analysis/number_mention.h"

#include <cctype>
#include <cmath>
#include <cstring>

namespace perimeter::analysis {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length in bytes of a group separator at text[i] (0 if none): ',', '.', ' ', NBSP, thin
// space (U+2009), narrow no-break space (U+202F).
size_t separator_len(std::string_view t, size_t i) {
    if (i >= t.size()) return 0;
    const unsigned char c = static_cast<unsigned char>(t[i]);
    if (c == ',' || c == '.' || c == ' ' || c == '\'') return 1;
    if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xA0) return 2;
    if (c == 0xE2 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(t[i + 2]) == 0x89 || static_cast<unsigned char>(t[i + 2]) == 0xAF))
        return 3;
    return 0;
}

size_t digits_at(std::string_view t, size_t i) {
    size_t n = 0;
    while (i + n < t.size() && is_digit(t[i + n])) ++n;
    return n;
}

// `w` at t[i] as a whole word: ASCII compared case-insensitively, the next byte neither an
// ASCII letter nor the lead byte of a Cyrillic letter.
bool starts_with_word(std::string_view t, size_t i, const char* w) {
    const size_t n = std::strlen(w);
    if (i + n > t.size()) return false;
    for (size_t k = 0; k < n; ++k) {
        const unsigned char a = static_cast<unsigned char>(t[i + k]);
        const unsigned char b = static_cast<unsigned char>(w[k]);
        if ((a < 0x80 ? std::tolower(a) : a) != b) return false;
    }
    if (i + n == t.size()) return true;
    const unsigned char nx = static_cast<unsigned char>(t[i + n]);
    return !std::isalpha(nx) && nx != 0xD0 && nx != 0xD1;
}

// Scale words after a number (skipping spaces): English and Russian, long and short forms.
double scale_after(std::string_view t, size_t i, size_t* consumed) {
    size_t j = i;
    while (j < t.size() && (t[j] == ' ' || separator_len(t, j) > 1)) j += (t[j] == ' ' ? 1 : separator_len(t, j));
    struct W {
        const char* w;
        double s;
    };
    static const W words[] = {
        {"thousand", 1e3}, {"million", 1e6}, {"millions", 1e6}, {"billion", 1e9}, {"billions", 1e9},
        {"trillion", 1e12}, {"bn", 1e9}, {"mn", 1e6}, {"mln", 1e6}, {"m", 1e6}, {"k", 1e3}, {"b", 1e9},
        {"тыс", 1e3}, {"тысяч", 1e3}, {"тысячи", 1e3}, {"млн", 1e6}, {"миллиона", 1e6}, {"миллионов", 1e6},
        {"миллион", 1e6}, {"млрд", 1e9}, {"миллиарда", 1e9}, {"миллиардов", 1e9}, {"миллиард", 1e9},
    };
    for (const auto& w : words) {
        if (!starts_with_word(t, j, w.w)) continue;
        if (consumed) *consumed = j + std::strlen(w.w) - i;
        return w.s;
    }
    return 1;
}

}  // namespace

std::vector<NumberMention> find_numbers(std::string_view t) {
    std::vector<NumberMention> out;
    size_t i = 0;
    while (i < t.size()) {
        if (!is_digit(t[i]) || (i > 0 && (is_digit(t[i - 1]) || std::isalpha(static_cast<unsigned char>(t[i - 1]))))) {
            ++i;
            continue;
        }
        const size_t begin = i;
        NumberMention m;
        // Dates: dd.mm.yyyy, dd/mm/yyyy, yyyy-mm-dd.
        {
            size_t a = digits_at(t, i);
            if ((a == 1 || a == 2) && i + a < t.size() && (t[i + a] == '.' || t[i + a] == '/')) {
                const char sep = t[i + a];
                size_t b = digits_at(t, i + a + 1);
                if ((b == 1 || b == 2) && i + a + 1 + b < t.size() && t[i + a + 1 + b] == sep) {
                    size_t c = digits_at(t, i + a + 2 + b);
                    if (c == 4 || c == 2) {
                        m.start = begin;
                        m.end = i + a + 2 + b + c;
                        m.text = std::string(t.substr(m.start, m.end - m.start));
                        m.is_date = true;
                        out.push_back(m);
                        i = m.end;
                        continue;
                    }
                }
            }
            if (a == 4 && i + 4 < t.size() && t[i + 4] == '-' && digits_at(t, i + 5) == 2 && i + 7 < t.size() &&
                t[i + 7] == '-' && digits_at(t, i + 8) == 2) {
                m.start = begin;
                m.end = i + 10;
                m.text = std::string(t.substr(begin, 10));
                m.is_date = true;
                out.push_back(m);
                i = m.end;
                continue;
            }
        }
        // Integer part with thousands groups.
        std::string digits;
        size_t first = digits_at(t, i);
        digits.append(t.substr(i, first));
        size_t j = i + first;
        char group_sep = 0;  // the separator used between thousands groups
        while (first <= 3) {
            const size_t sl = separator_len(t, j);
            if (!sl) break;
            const char sc = sl == 1 ? t[j] : 'n';  // 'n' for the Unicode spaces
            if (group_sep && sc != group_sep) break;
            const size_t g = digits_at(t, j + sl);
            if (g != 3) break;
            // A '.' or ',' followed by exactly 3 digits is ambiguous (1.284 vs 1,284). Treat it
            // as a group separator only when another group follows or the other mark is the
            // decimal separator afterwards; otherwise English "1,284" (comma) is a group and
            // "1.284" (dot) is a decimal.
            if (sc == '.' && !(separator_len(t, j + sl + 3) == 1 && t[j + sl + 3] == '.' && digits_at(t, j + sl + 4) == 3) &&
                !(j + sl + 3 < t.size() && t[j + sl + 3] == ','))
                break;
            group_sep = sc;
            digits.append(t.substr(j + sl, 3));
            j += sl + 3;
        }
        // Decimal part: '.' or ',' (whichever is not the group separator) followed by digits.
        std::string frac;
        if (j + 1 < t.size() && (t[j] == '.' || t[j] == ',') && t[j] != group_sep && is_digit(t[j + 1])) {
            const size_t f = digits_at(t, j + 1);
            frac.assign(t.substr(j + 1, f));
            j += 1 + f;
        }
        m.start = begin;
        m.decimals = static_cast<int>(frac.size());
        m.value = std::stod(digits + (frac.empty() ? "" : "." + frac));
        // Sign: "-" / "−" (U+2212) right before, or parentheses around.
        // A '-' is a sign only where a number can start: "-5", "(-5)", " -5", not "report-2025".
        const bool minus_is_sign = begin > 0 && t[begin - 1] == '-' &&
                                   (begin == 1 || !std::isalnum(static_cast<unsigned char>(t[begin - 2])));
        if (minus_is_sign) {
            m.negative = true;
            m.start = begin - 1;
        } else if (begin >= 3 && static_cast<unsigned char>(t[begin - 3]) == 0xE2 &&
                   static_cast<unsigned char>(t[begin - 2]) == 0x88 && static_cast<unsigned char>(t[begin - 1]) == 0x92) {
            m.negative = true;
            m.start = begin - 3;
        } else if (begin > 0 && t[begin - 1] == '(' && j < t.size() && t[j] == ')') {
            m.negative = true;
        }
        // Percent.
        size_t k = j;
        while (k < t.size() && (t[k] == ' ' || separator_len(t, k) > 1)) k += t[k] == ' ' ? 1 : separator_len(t, k);
        if (k < t.size() && t[k] == '%') {
            m.percent = true;
            j = k + 1;
        } else if (starts_with_word(t, k, "per cent") || starts_with_word(t, k, "percent") ||
                   t.compare(k, std::strlen("процент"), "процент") == 0) {
            m.percent = true;
        } else {
            size_t consumed = 0;
            m.scale = scale_after(t, j, &consumed);
        }
        m.end = j;
        m.text = std::string(t.substr(m.start, m.end - m.start));
        out.push_back(std::move(m));
        i = j;
    }
    return out;
}

}  // namespace perimeter::analysis
