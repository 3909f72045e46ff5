#include "app/analysis/figure_checker.h"

#include <cmath>

#include "app/analysis/number_mention.h"

namespace perimeter::analysis {
namespace {

// Does page number `p` show claim number `c`? Same value to the claim's precision; with a
// scale word in the claim, the page figure may be in units, thousands, millions or billions
// (tables state their unit in a header the checker does not parse).
bool same_figure(const NumberMention& c, const NumberMention& p) {
    if (c.is_date || p.is_date) return c.is_date && p.is_date && c.text == p.text;
    // The page may carry more precision than the claim: 1,284.6 on the page shows "1,285".
    const double tol = 0.5 * std::pow(10.0, -c.decimals) * (1 + 1e-9);
    // The digits as written (sign ignored: costs are shown in parentheses, claims say "costs of 822.1").
    if (std::fabs(c.value - p.value) <= tol) return !(c.percent && p.scale != 1);
    if (c.percent || c.scale == 1) return false;
    // "GBP 1.28 billion" against a table figure 1,284.6 (in millions): try the page's possible units.
    const double claim_abs = c.value * c.scale, tol_abs = tol * c.scale;
    if (p.scale != 1) return std::fabs(claim_abs - p.value * p.scale) <= tol_abs;
    for (double unit : {1.0, 1e3, 1e6, 1e9})
        if (std::fabs(claim_abs - p.value * unit) <= tol_abs) return true;
    return false;
}

}  // namespace

bool FigureChecker::page_shows(const std::string& page_text, const std::string& claim_text, size_t index) {
    const auto claim_numbers = find_numbers(claim_text);
    if (index >= claim_numbers.size()) return false;
    const NumberMention& c = claim_numbers[index];
    for (const auto& p : find_numbers(page_text))
        if (same_figure(c, p)) return true;
    return false;
}

int FigureChecker::check(Claim& claim) const {
    claim.figures.clear();
    if (!claim.check_figures) return 0;
    std::vector<std::string> texts;
    for (const auto& cit : claim.citations) {
        if (auto t = pages_.page_text(cit.doc_id, cit.page)) texts.push_back(std::move(*t));
    }
    std::vector<std::vector<NumberMention>> page_numbers;
    for (const auto& t : texts) page_numbers.push_back(find_numbers(t));

    int flagged = 0;
    for (const auto& c : find_numbers(claim.text)) {
        // List ordinals "1)" "2)" are structure, not figures.
        if (!c.negative && c.decimals == 0 && c.value < 100 && c.end < claim.text.size() && claim.text[c.end] == ')' &&
            (c.start == 0 || claim.text[c.start - 1] != '('))
            continue;
        Figure f;
        f.text = c.text;
        f.value = (c.negative ? -1 : 1) * c.value * c.scale;
        f.percent = c.percent;
        f.start = c.start;
        f.end = c.end;
        bool found = false;
        for (const auto& nums : page_numbers) {
            for (const auto& p : nums) {
                if (same_figure(c, p)) {
                    found = true;
                    break;
                }
            }
            if (found) break;
        }
        if (!found) {
            f.flagged = true;
            if (claim.citations.empty())
                f.reason = "no citation";
            else if (texts.empty())
                f.reason = "cited page not in the store";
            else
                f.reason = "not found on the cited page";
            ++flagged;
        }
        claim.figures.push_back(std::move(f));
    }
    return flagged;
}

int FigureChecker::check(Report& report) const {
    int n = 0;
    for (auto& s : report.sections)
        for (auto& c : s.claims) n += check(c);
    return n;
}

}  // namespace perimeter::analysis
