#include "app/analysis/eval_scoring.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

namespace perimeter::analysis {
namespace {

const std::set<std::string> kStopWords = {
    "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as", "is", "are",
    "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "which", "what", "there", "their",
    "has", "have", "had", "did", "does", "do", "not", "no", "yes", "than", "then", "so", "such", "into", "over",
    "during", "also", "any", "all", "per", "s", "source", "sources", "pdf", "based", "provided", "documents",
    "document", "company", "company's",
};

std::string lower_ascii(std::string_view s) {
    std::string o(s);
    for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return o;
}

bool is_month_word(std::string_view w) {
    static const char* months[] = {"january", "february", "march",     "april",   "may",      "june",
                                   "july",    "august",   "september", "october", "november", "december",
                                   "jan",     "feb",      "mar",       "apr",     "jun",      "jul",
                                   "aug",     "sep",      "sept",      "oct",     "nov",      "dec"};
    const std::string l = lower_ascii(w);
    for (const char* m : months)
        if (l == m) return true;
    return false;
}

// The word right before byte `pos` (skipping spaces and one period).
std::string_view word_before(std::string_view t, size_t pos) {
    size_t e = pos;
    while (e > 0 && (t[e - 1] == ' ' || t[e - 1] == '.')) --e;
    size_t b = e;
    while (b > 0 && std::isalpha(static_cast<unsigned char>(t[b - 1]))) --b;
    return t.substr(b, e - b);
}

// FinanceBench references carry annotator notes after the answer; they are not the answer.
std::string_view strip_notes(std::string_view t) {
    for (const char* note : {"The answer here assumes", "SOURCE(S):", "SOURCE:"}) {
        const size_t p = t.find(note);
        if (p != std::string_view::npos && p > 0) t = t.substr(0, p);
    }
    return t;
}

// "[2]" markers are citations, not content: "[1]" must not match a reference's "1".
std::string without_markers(std::string_view t) {
    std::string out;
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '[') {
            size_t j = i + 1;
            while (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) ++j;
            if (j > i + 1 && j < t.size() && t[j] == ']') {
                i = j;
                continue;
            }
        }
        out += t[i];
    }
    return out;
}

}  // namespace

std::vector<NumberMention> key_figures_of(std::string_view text) {
    const std::string_view t = strip_notes(text);
    std::vector<NumberMention> out;
    for (auto& m : find_numbers(t)) {
        if (m.is_date) continue;
        const bool integral = m.decimals == 0 && !m.percent && m.scale == 1;
        // Years.
        if (integral && m.text.find_first_of(",. ") == std::string::npos && m.value >= 1900 && m.value <= 2099) continue;
        // "January 28", "Dec. 31".
        if (integral && m.value <= 31 && is_month_word(word_before(t, m.start))) continue;
        // List markers: digits at a line start followed by "." or ")".
        size_t ls = m.start;
        while (ls > 0 && (t[ls - 1] == ' ' || t[ls - 1] == '\t')) --ls;
        if (integral && (ls == 0 || t[ls - 1] == '\n') && m.end < t.size() && (t[m.end] == '.' || t[m.end] == ')') &&
            (m.end + 1 >= t.size() || !std::isdigit(static_cast<unsigned char>(t[m.end + 1]))))
            continue;
        // Form names: "10-Q", "10-K", "8-K".
        if (integral && m.end + 1 < t.size() && t[m.end] == '-' && std::isalpha(static_cast<unsigned char>(t[m.end + 1])))
            continue;
        out.push_back(std::move(m));
    }
    return out;
}

bool figure_matches(const NumberMention& want, const NumberMention& got, const ScoringOptions& o) {
    if (want.is_date || got.is_date) return want.is_date && got.is_date && want.text == got.text;
    auto close = [&](double a, double b, int decimals) {
        const double unit = std::pow(10.0, -decimals);
        const double tol = std::max(o.relative_tolerance * std::fabs(a), 0.5 * unit);
        return std::fabs(a - b) <= tol + 1e-9 * std::max(1.0, std::fabs(a));
    };
    // As written ("82,959" vs "$82,959 million"; tables are "in millions").
    if (close(want.value, got.value, want.decimals)) return true;
    // With scales applied ("$13.2 billion" vs "13,200 million"); the tolerance is the
    // reference's written rounding, scaled.
    if (want.scale != 1 || got.scale != 1) {
        const double a = want.value * want.scale, b = got.value * got.scale;
        const double unit = std::pow(10.0, -want.decimals) * want.scale;
        const double tol = std::max(o.relative_tolerance * std::fabs(a), 0.5 * unit);
        if (std::fabs(a - b) <= tol) return true;
    }
    return false;
}

bool text_states_figure(std::string_view text, const NumberMention& want, const ScoringOptions& o) {
    for (const auto& m : find_numbers(text))
        if (figure_matches(want, m, o)) return true;
    return false;
}

std::vector<std::string> content_words(std::string_view text) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        while (!cur.empty() && (cur.back() == '\'' || cur.back() == '-')) cur.pop_back();
        if (cur.size() > 2 && cur.compare(cur.size() - 2, 2, "'s") == 0) cur.resize(cur.size() - 2);
        if (!cur.empty() && !kStopWords.count(cur)) out.push_back(cur);
        cur.clear();
    };
    for (char ch : strip_notes(text)) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c >= 0x80 || ((c == '\'' || c == '-' || c == '.') && !cur.empty())) {
            // A period stays only inside numbers ("13.2").
            if (c == '.' && !std::isdigit(static_cast<unsigned char>(cur.back()))) {
                flush();
                continue;
            }
            cur += static_cast<char>(std::tolower(c));
        } else {
            flush();
        }
    }
    flush();
    for (auto& w : out)
        while (!w.empty() && w.back() == '.') w.pop_back();
    out.erase(std::remove(out.begin(), out.end(), std::string()), out.end());
    return out;
}

double token_f1(std::string_view reference, std::string_view answer) {
    const auto r = content_words(reference), a = content_words(answer);
    if (r.empty() || a.empty()) return 0;
    std::map<std::string, int> rc;
    for (const auto& w : r) ++rc[w];
    size_t common = 0;
    for (const auto& w : a) {
        auto it = rc.find(w);
        if (it != rc.end() && it->second > 0) {
            --it->second;
            ++common;
        }
    }
    if (common == 0) return 0;
    const double p = double(common) / double(a.size()), rec = double(common) / double(r.size());
    return 2 * p * rec / (p + rec);
}

Judgement judge_answer(std::string_view reference, std::string_view answer_text, const ScoringOptions& o) {
    const std::string clean = without_markers(answer_text);
    const std::string_view answer = clean;
    Judgement j;
    j.f1 = token_f1(reference, answer);
    const auto want = key_figures_of(reference);
    if (!want.empty()) {
        j.method = "figures";
        j.figures_expected = want.size();
        const auto got = find_numbers(answer);
        for (const auto& w : want)
            if (std::any_of(got.begin(), got.end(), [&](const NumberMention& g) { return figure_matches(w, g, o); }))
                ++j.figures_found;
        const size_t needed = std::max<size_t>(1, static_cast<size_t>(std::ceil(o.figure_share * double(want.size()))));
        j.correct = j.figures_found >= needed;
        return j;
    }
    // Containment of the whole normalised reference (short answers: "Consumer Health").
    const auto rw = content_words(reference), aw = content_words(answer);
    if (!rw.empty() && rw.size() <= aw.size()) {
        for (size_t s = 0; s + rw.size() <= aw.size(); ++s)
            if (std::equal(rw.begin(), rw.end(), aw.begin() + static_cast<std::ptrdiff_t>(s))) {
                j.method = "contains";
                j.correct = true;
                return j;
            }
    }
    j.method = "f1";
    j.correct = j.f1 >= o.f1_threshold;
    return j;
}

}  // namespace perimeter::analysis
