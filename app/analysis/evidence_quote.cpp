#include "app/analysis/evidence_quote.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "app/analysis/eval_scoring.h"
#include "app/analysis/evidence_check.h"
#include "app/analysis/number_mention.h"

namespace perimeter::analysis {
namespace {

std::string collapse(const std::string& s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

// Table rows keep their columns apart with runs of spaces; running text does not.
bool is_table_line(const std::string& line) {
    size_t run = 0;
    bool seen = false;
    for (char c : line) {
        if (c == ' ') {
            ++run;
        } else {
            if (seen && run >= 3) return true;
            seen = true;
            run = 0;
        }
    }
    return false;
}

bool has_digit(const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }

// Sentences of a paragraph: split after . ! ? (and a closing quote) followed by a space and a
// capital or an opening quote; not after a lone capital ("U.S. Government") or inside numbers.
std::vector<std::string> sentences(const std::string& para) {
    std::vector<std::string> out;
    size_t begin = 0;
    for (size_t i = 0; i < para.size(); ++i) {
        const char c = para[i];
        if (c != '.' && c != '!' && c != '?') continue;
        size_t j = i + 1;
        if (j < para.size() && (para[j] == '"' || para[j] == '\'')) ++j;
        if (para.compare(j, 3, "\xE2\x80\x9D") == 0 || para.compare(j, 3, "\xE2\x80\x99") == 0) j += 3;  // ” ’
        if (j >= para.size() || para[j] != ' ' || j + 1 >= para.size()) continue;
        const char next = para[j + 1];
        const bool opens = is_upper_ascii(next) || next == '"' || para.compare(j + 1, 3, "\xE2\x80\x9C") == 0;  // “
        if (!opens) continue;
        if (c == '.' && i >= 1 && is_upper_ascii(para[i - 1]) && (i < 2 || !std::isalpha(static_cast<unsigned char>(para[i - 2]))))
            continue;  // "U.S." / "Ill." keeps going only for single capitals
        out.push_back(para.substr(begin, j - begin));
        begin = j + 1;
    }
    if (begin < para.size()) out.push_back(para.substr(begin));
    return out;
}

bool is_year(const NumberMention& n) {
    return !n.is_date && n.decimals == 0 && !n.percent && n.value >= 1900 && n.value <= 2099 && n.text.size() == 4;
}

// Whether `hay` has `a` (a word start) followed, after the rest of its word and spaces or
// punctuation, by `b`: "net income" for the terms net, income.
bool adjacent(const std::string& hay, const std::string& a, const std::string& b) {
    for (size_t p = hay.find(a); p != std::string::npos; p = hay.find(a, p + 1)) {
        if (p > 0 && std::isalpha(static_cast<unsigned char>(hay[p - 1]))) continue;
        size_t q = p + a.size();
        while (q < hay.size() && std::isalpha(static_cast<unsigned char>(hay[q]))) ++q;
        size_t gap = 0;
        while (q < hay.size() && (hay[q] == ' ' || hay[q] == ',' || hay[q] == '-' || hay[q] == '/')) ++q, ++gap;
        if (gap >= 1 && gap <= 2 && hay.compare(q, b.size(), b) == 0) return true;
    }
    return false;
}

// Where `word` (lower case) starts a word of `hay`.
std::vector<size_t> word_starts(const std::string& hay, const std::string& word) {
    std::vector<size_t> out;
    for (size_t p = hay.find(word); p != std::string::npos; p = hay.find(word, p + 1))
        if (p == 0 || !std::isalpha(static_cast<unsigned char>(hay[p - 1]))) out.push_back(p);
    return out;
}

size_t words_between(const std::string& s, size_t a, size_t b) {
    if (a > b) std::swap(a, b);
    return size_t(std::count(s.begin() + long(a), s.begin() + long(b), ' '));
}

}  // namespace

std::vector<TextUnit> split_units(const std::string& page_text) {
    std::vector<TextUnit> units;
    std::vector<std::string> lines;
    size_t p = 0;
    while (p <= page_text.size()) {
        const size_t e = std::min(page_text.find('\n', p), page_text.size());
        lines.push_back(page_text.substr(p, e - p));
        p = e + 1;
    }
    std::string para, label;
    size_t last_prose_len = 0;
    std::vector<int> years_above;
    auto flush = [&] {
        for (auto& s : sentences(para)) units.push_back({collapse(s), "", false});
        para.clear();
    };
    for (const auto& raw : lines) {
        const std::string line = collapse(raw);
        if (line.empty()) {
            flush();
            label.clear();
            last_prose_len = 0;
            continue;
        }
        // "Earnings per share:" labels the rows under it.
        if (line.back() == ':' && !has_digit(line) && line.size() < 80) {
            flush();
            label = line;
            last_prose_len = 0;
            continue;
        }
        std::vector<int> years;
        for (const auto& n : find_numbers(line))
            if (is_year(n)) years.push_back(int(n.value));
        if (is_table_line(raw)) {
            flush();
            units.push_back({line, label, true, years_above});
            last_prose_len = 0;
            if (!years.empty()) years_above = years;
            continue;
        }
        if (!years.empty()) years_above = years;
        // Running text wraps: a line continues the paragraph when the one before was a full
        // line; a short line (a heading, a headline) stands alone.
        if (!para.empty() && last_prose_len < 55) flush();
        para += (para.empty() ? "" : " ") + line;
        last_prose_len = line.size();
        label.clear();
    }
    flush();
    return units;
}

std::optional<EvidenceQuote> find_evidence_quote(const std::string& question, const std::vector<ingest::SearchHit>& hits,
                                                 const std::vector<DocumentProfile>& scope, const PageTextSource& pages) {
    const std::vector<std::string> terms = figure_terms(question);
    if (terms.empty()) return std::nullopt;
    std::vector<std::vector<std::string>> forms;
    for (const auto& t : terms) forms.push_back(word_forms(t));
    const QuestionFrame frame = read_question(question);
    const auto asked = find_numbers(question);
    // Names ("Northwind Components", "Kenvue") help pick a line but are no metric: a line must
    // name at least one other term (a page footer "Northwind Components plc - Annual Report
    // 2025 | 4" names the company and a page number, not its revenue).
    std::set<std::string> name_words;
    for (const auto& n : frame.names)
        for (size_t i = 0; i < n.size();) {
            const size_t j = std::min(n.find(' ', i), n.size());
            name_words.insert(lower_text(n.substr(i, j - i)));
            i = j + 1;
        }

    std::optional<EvidenceQuote> best;
    double best_score = 0;
    std::set<std::pair<int64_t, int>> seen;
    for (size_t h = 0; h < hits.size(); ++h) {
        const auto& hit = hits[h];
        if (!seen.insert({hit.doc_id, hit.page}).second) continue;
        // The company asked about issued this document (the evidence check accepted another
        // name in the question, or a document in scope; the quote must be from the issuer's).
        if (!frame.subjects.empty()) {
            const auto prof = std::find_if(scope.begin(), scope.end(), [&](const DocumentProfile& d) { return d.doc_id == hit.doc_id; });
            if (prof != scope.end() && std::none_of(frame.subjects.begin(), frame.subjects.end(), [&](const std::string& s) {
                    const std::string first = s.substr(0, s.find(' '));
                    return prof->issued_by(s) || (first.size() >= 3 && prof->issued_by(first));
                }))
                continue;
        }
        // The issuer's own name is no figure term on its own pages ("the revenue of Northwind
        // Components" asks for revenue in Northwind's report).
        std::vector<bool> active(terms.size(), true);
        if (const auto prof = std::find_if(scope.begin(), scope.end(), [&](const DocumentProfile& d) { return d.doc_id == hit.doc_id; });
            prof != scope.end())
            for (const auto& n : frame.names) {
                // The whole name: "Apple Vision Pro" is a product on Apple's pages, not Apple.
                if (!prof->issued_by(n)) continue;
                for (size_t t = 0; t < terms.size(); ++t)
                    if (contains_word(lower_text(n), terms[t], true)) active[t] = false;
            }
        const size_t n_active = size_t(std::count(active.begin(), active.end(), true));
        if (n_active == 0) continue;
        const std::string text = pages.page_text(hit.doc_id, hit.page).value_or(hit.text);
        for (const TextUnit& u : split_units(text)) {
            // A figure of its own.
            bool other_year = false, asked_year = false;
            std::vector<size_t> figures;  // byte offsets of the unit's own figures
            for (const auto& n : find_numbers(u.text)) {
                if (is_year(n)) {
                    const bool in_q = std::find(frame.years.begin(), frame.years.end(), int(n.value)) != frame.years.end();
                    asked_year = asked_year || in_q;
                    other_year = other_year || !in_q;
                }
            }
            // Figures as an evaluation counts them: no dates, day numbers or list markers.
            for (const auto& n : key_figures_of(u.text)) {
                // Not a figure: part of a name ("H200", "4Q22", "FY23").
                if (n.start > 0 && std::isalpha(static_cast<unsigned char>(u.text[n.start - 1]))) continue;
                const bool restated = std::any_of(asked.begin(), asked.end(), [&](const NumberMention& q) { return q.text == n.text; });
                if (!restated) figures.push_back(n.start);
            }
            if (figures.empty()) continue;
            // Its period: a line naming only other years speaks of another period.
            if (!frame.years.empty() && other_year && !asked_year) continue;
            // A table under a heading or columns of other years ("Fiscal 2023 Outlook" for a
            // fiscal 2022 question) is another period's, unless the row itself says otherwise.
            const bool other_columns = !frame.years.empty() && !u.context_years.empty() && !asked_year &&
                                       std::none_of(u.context_years.begin(), u.context_years.end(), [&](int y) {
                                           return std::find(frame.years.begin(), frame.years.end(), y) != frame.years.end();
                                       });
            const std::string hay = lower_text(u.label.empty() ? u.text : u.label + " " + u.text);
            EvidenceQuote q;
            q.terms = terms;
            // A table row names its metric in its label; running text must name it near the
            // figure, in the same clause: "GH200 ... will power more than 40 new supercomputers"
            // fifty words after "GPU" is not a count of GPUs shipped.
            std::vector<bool> on(terms.size(), false);
            for (size_t t = 0; t < terms.size(); ++t) {
                if (!active[t]) continue;
                on[t] = std::any_of(forms[t].begin(), forms[t].end(), [&](const std::string& f) {
                    if (u.table_row) return contains_word(hay, f, false);
                    for (size_t at : word_starts(hay, f))
                        for (size_t fig : figures)
                            if (words_between(hay, at, fig) <= kNearWords) return true;
                    return false;
                });
                if (on[t]) q.matched.push_back(terms[t]);
            }
            q.coverage = double(q.matched.size()) / double(n_active);
            if (q.coverage + 1e-9 < kMinCoverage) continue;
            if (std::all_of(q.matched.begin(), q.matched.end(), [&](const std::string& t) { return name_words.count(t) > 0; }))
                continue;
            // Ties: the question's phrase kept together ("net income", not "income ..., net"),
            // then the higher-ranked hit, then the shorter line.
            size_t pairs = 0, together = 0;
            for (size_t t = 0; t + 1 < terms.size(); ++t) {
                if (!on[t] || !on[t + 1]) continue;
                ++pairs;
                bool adj = false;
                for (const auto& a : forms[t])
                    for (const auto& b : forms[t + 1]) adj = adj || adjacent(hay, a, b);
                together += adj ? 1 : 0;
            }
            // A table row whose own label is the metric asked for ("Total net sales", "Total
            // gross margin"), not a wider one ("Percentage of total net sales") or a part of it
            // ("Services" under "Gross margin:"): the share of the row's own label terms the
            // question names ("Diluted" under "Earnings per share:" counts). Running text counts half.
            double precision = 0.5;
            if (u.table_row) {
                auto named_share = [&](const std::string& label) {
                    const auto label_terms = figure_terms(label);
                    size_t named = 0;
                    for (const auto& lt : label_terms)
                        for (const auto& fs : forms)
                            if (std::any_of(fs.begin(), fs.end(), [&](const std::string& f) { return contains_word(lt, f, false); })) {
                                ++named;
                                break;
                            }
                    return label_terms.empty() ? 0.0 : double(named) / double(label_terms.size());
                };
                // Half the row's own label, half with the label line above ("Japan: Operating
                // income" is a segment's).
                const std::string own = u.text.substr(0, u.text.find_first_of("0123456789$("));
                precision = 0.5 * named_share(own) + 0.5 * named_share(u.label + " " + own);
            }
            const double score = q.coverage + (pairs ? 0.1 * double(together) / double(pairs) : 0.0) + 0.2 * precision -
                                 (other_columns ? 0.3 : 0.0) + (asked_year ? 0.05 : 0.0) - 0.005 * double(h) -
                                 0.0003 * double(u.text.size());
            if (best && score <= best_score) continue;
            q.hit = h;
            q.line = u.text;
            q.text = u.label.empty() ? u.text : u.label + " \xE2\x80\xA6 " + u.text;  // "Label: … row"
            best = std::move(q);
            best_score = score;
        }
    }
    return best;
}

}  // namespace perimeter::analysis
