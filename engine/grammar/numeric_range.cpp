#include "engine/grammar/numeric_range.h"

// GCC 12 warns falsely on "literal" + std::string (GCC bug 105651).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace perimeter::engine {

namespace {
using std::string;

string alt(const std::vector<string>& parts) {
    if (parts.empty()) throw std::logic_error("numeric_range: empty alternative");
    if (parts.size() == 1) return parts[0];
    string out = "(";
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i) out += " | ";
        out += parts[i];
    }
    return out + ")";
}
string digit_class(char lo, char hi) {
    if (lo == hi) return string("\"") + lo + "\"";
    return string("[") + lo + "-" + hi + "]";
}
string any_digits(int lo, int hi) {  // [0-9]{lo,hi}
    if (hi <= 0) return "";
    if (lo == hi) return "[0-9]{" + std::to_string(lo) + "}";
    return "[0-9]{" + std::to_string(lo) + "," + std::to_string(hi) + "}";
}
string seq(const string& a, const string& b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    return a + " " + b;
}
bool all_of(std::string_view s, char c) {
    for (char x : s)
        if (x != c) return false;
    return true;
}

// Digit strings of the same length n with a <= x <= b.
string same_length(std::string_view a, std::string_view b) {
    const size_t n = a.size();
    if (n == 0) return "";
    if (a == b) return "\"" + string(a) + "\"";
    if (a[0] == b[0]) return seq(digit_class(a[0], a[0]), same_length(a.substr(1), b.substr(1)));
    std::vector<string> parts;
    char mid_lo = char(a[0] + 1), mid_hi = char(b[0] - 1);
    if (all_of(a.substr(1), '0')) mid_lo = a[0];
    else parts.push_back(seq(digit_class(a[0], a[0]), same_length(a.substr(1), string(n - 1, '9'))));
    const bool b_full = all_of(b.substr(1), '9');
    if (b_full) mid_hi = b[0];
    if (mid_lo <= mid_hi) parts.push_back(seq(digit_class(mid_lo, mid_hi), any_digits(int(n - 1), int(n - 1))));
    if (!b_full) parts.push_back(seq(digit_class(b[0], b[0]), same_length(string(n - 1, '0'), b.substr(1))));
    return alt(parts);
}

// Non-negative integers in [lo, hi] (hi empty: up to max_digits digits), no leading zeros.
string nonneg_range(const string& lo, const string& hi, int max_digits) {
    std::vector<string> parts;
    const size_t lo_len = lo.size();
    const size_t hi_len = hi.empty() ? size_t(max_digits) : hi.size();
    for (size_t d = lo_len; d <= hi_len; ++d) {
        const string first = d == lo_len ? lo : (d == 1 ? "0" : "1" + string(d - 1, '0'));
        if (hi.empty() && d > lo_len) {
            // Every longer number is in range: [1-9][0-9]{lo_len, max-1} covers them all at once.
            parts.push_back(seq("[1-9]", any_digits(int(d - 1), max_digits - 1)));
            break;
        }
        const string last = (!hi.empty() && d == hi_len) ? hi : string(d, '9');
        parts.push_back(same_length(first, last));
    }
    return alt(parts);
}

// --- decimal fractions: digit strings after the point, compared as decimals ----------------

// Fraction digit strings f (1..n digits) with 0.f >= 0.a, where a has a non-zero digit.
string frac_ge(std::string_view a, int n) {
    const char a0 = a[0];
    const std::string_view rest = a.substr(1);
    std::vector<string> parts;
    if (a0 < '9') parts.push_back(seq(digit_class(char(a0 + 1), '9'), any_digits(0, n - 1)));
    if (all_of(rest, '0')) parts.push_back(seq(digit_class(a0, a0), any_digits(0, n - 1)));
    else if (n > 1) parts.push_back(seq(digit_class(a0, a0), frac_ge(rest, n - 1)));
    return alt(parts);
}
// Fraction digit strings f (1..n digits) with 0.f <= 0.b.
string frac_le(std::string_view b, int n) {
    const char b0 = b.empty() ? '0' : b[0];
    const std::string_view rest = b.empty() ? b : b.substr(1);
    std::vector<string> parts;
    if (b0 > '0') parts.push_back(seq(digit_class('0', char(b0 - 1)), any_digits(0, n - 1)));
    if (all_of(rest, '0')) {
        parts.push_back(seq(digit_class(b0, b0), n > 1 ? "\"0\"{0," + std::to_string(n - 1) + "}" : ""));
    } else {
        string tail = n > 1 ? "(" + frac_le(rest, n - 1) + ")?" : "";
        parts.push_back(seq(digit_class(b0, b0), tail));
    }
    return alt(parts);
}
// Fraction digit strings with 0.a <= 0.f <= 0.b (a has a non-zero digit, 0.a <= 0.b).
string frac_between(std::string_view a, std::string_view b, int n) {
    const char a0 = a.empty() ? '0' : a[0];
    const char b0 = b.empty() ? '0' : b[0];
    const std::string_view ar = a.empty() ? a : a.substr(1);
    const std::string_view br = b.empty() ? b : b.substr(1);
    if (a0 == b0) {
        // Same first digit: the rest must lie between the rests; nothing more is fine only if
        // the lower rest is zero.
        if (n == 1) return digit_class(a0, a0);
        string tail;
        if (all_of(ar, '0')) tail = "(" + frac_le(br, n - 1) + ")?";
        else tail = frac_between(ar, br, n - 1);
        return seq(digit_class(a0, a0), tail);
    }
    std::vector<string> parts;
    if (all_of(ar, '0')) parts.push_back(seq(digit_class(a0, a0), any_digits(0, n - 1)));
    else if (n > 1) parts.push_back(seq(digit_class(a0, a0), frac_ge(ar, n - 1)));
    if (a0 + 1 <= b0 - 1) parts.push_back(seq(digit_class(char(a0 + 1), char(b0 - 1)), any_digits(0, n - 1)));
    if (all_of(br, '0')) parts.push_back(seq(digit_class(b0, b0), n > 1 ? "\"0\"{0," + std::to_string(n - 1) + "}" : ""));
    else parts.push_back(seq(digit_class(b0, b0), n > 1 ? "(" + frac_le(br, n - 1) + ")?" : ""));
    return alt(parts);
}

struct Decimal {
    string int_part;   // no leading zeros ("0" for zero)
    string frac_part;  // trailing zeros removed (may be empty)
};
Decimal to_decimal(double v) {  // v >= 0
    char buf[400];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    std::string_view s(buf, size_t(r.ptr - buf));
    Decimal d;
    const size_t dot = s.find('.');
    d.int_part = string(s.substr(0, dot));
    if (dot != std::string_view::npos) d.frac_part = string(s.substr(dot + 1));
    while (!d.frac_part.empty() && d.frac_part.back() == '0') d.frac_part.pop_back();
    return d;
}
string dec_increment(string s) {  // non-negative integer string + 1
    int i = int(s.size()) - 1;
    while (i >= 0 && s[size_t(i)] == '9') s[size_t(i--)] = '0';
    if (i < 0) return "1" + s;
    ++s[size_t(i)];
    return s;
}
string dec_decrement(string s) {  // positive integer string - 1
    int i = int(s.size()) - 1;
    while (s[size_t(i)] == '0') s[size_t(i--)] = '9';
    --s[size_t(i)];
    if (s.size() > 1 && s[0] == '0') s.erase(0, 1);
    return s;
}
bool dec_less(const string& a, const string& b) {  // integer strings without leading zeros
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

// Non-negative decimals in [lo, hi] (hi absent: unbounded).
string nonneg_decimal(const Decimal& lo, const std::optional<Decimal>& hi, const NumericGrammarLimits& lim) {
    const int n = lim.max_frac_digits;
    const string any_frac = "(\".\" " + any_digits(1, n) + ")?";
    auto frac_at_least = [&](const string& f) { return f.empty() ? any_frac : "\".\" " + frac_ge(f, n); };
    auto frac_at_most = [&](const string& f) {
        return "(\".\" " + (f.empty() ? string("\"0\"{1,") + std::to_string(n) + "}" : frac_le(f, n)) + ")?";
    };
    std::vector<string> parts;
    if (hi && hi->int_part == lo.int_part) {
        const string& f = lo.frac_part;
        string frac = f.empty() ? frac_at_most(hi->frac_part) : "\".\" " + frac_between(f, hi->frac_part, n);
        return seq("\"" + lo.int_part + "\"", frac);
    }
    parts.push_back(seq("\"" + lo.int_part + "\"", frac_at_least(lo.frac_part)));
    const string mid_lo = dec_increment(lo.int_part);
    if (!hi) {
        parts.push_back(seq(nonneg_range(mid_lo, "", lim.max_int_digits), any_frac));
    } else {
        if (hi->int_part != "0") {
            const string mid_hi = dec_decrement(hi->int_part);
            if (!dec_less(mid_hi, mid_lo)) parts.push_back(seq(nonneg_range(mid_lo, mid_hi, lim.max_int_digits), any_frac));
        }
        parts.push_back(seq("\"" + hi->int_part + "\"", frac_at_most(hi->frac_part)));
    }
    return alt(parts);
}
}  // namespace

std::string integer_range_gbnf(std::optional<long long> min, std::optional<long long> max, const NumericGrammarLimits& lim) {
    if (min && max && *min > *max)
        throw std::invalid_argument("integer range: minimum " + std::to_string(*min) + " > maximum " + std::to_string(*max));
    std::vector<string> parts;
    // Non-negative part.
    if (!max || *max >= 0) {
        const long long lo = (min && *min > 0) ? *min : 0;
        parts.push_back(nonneg_range(std::to_string(lo), max ? std::to_string(*max) : "", lim.max_int_digits));
    }
    // Negative part: "-" followed by a magnitude in [max(1, -max), -min].
    if (!min || *min < 0) {
        const unsigned long long mag_lo = (max && *max < 0) ? 0ull - (unsigned long long)(*max) : 1ull;
        const string hi = min ? std::to_string(0ull - (unsigned long long)(*min)) : "";
        parts.push_back("\"-\" " + nonneg_range(std::to_string(mag_lo), hi, lim.max_int_digits));
    }
    return alt(parts);
}

std::string decimal_range_gbnf(std::optional<double> min, std::optional<double> max, const NumericGrammarLimits& lim) {
    if ((min && !std::isfinite(*min)) || (max && !std::isfinite(*max)))
        throw std::invalid_argument("decimal range: bounds must be finite");
    if (min && max && *min > *max) throw std::invalid_argument("decimal range: minimum > maximum");
    std::vector<string> parts;
    if (!max || *max >= 0) {
        const Decimal lo = to_decimal((min && *min > 0) ? *min : 0.0);
        std::optional<Decimal> hi;
        if (max) hi = to_decimal(*max);
        parts.push_back(nonneg_decimal(lo, hi, lim));
    }
    if (!min || *min < 0) {
        // Negative numbers: "-" and a magnitude in [max(0, -max), -min]; "-0" and "-0.0" are 0.
        const Decimal lo = to_decimal((max && *max < 0) ? -*max : 0.0);
        std::optional<Decimal> hi;
        if (min) hi = to_decimal(-*min);
        parts.push_back("\"-\" " + nonneg_decimal(lo, hi, lim));
    }
    return alt(parts);
}

}  // namespace perimeter::engine
