// How an evaluation judges one answer, citation and retrieval: pure functions over text, so
// that the rules are tested on their own and the same rules score every model.
//
// Answer correctness: when the reference answer states figures, the answer must state at
// least half of them (rounded up) within tolerance: 1% of the reference value or half a unit
// of its last written digit ("~42%" accepts 41.6-42.4; "$13.2 billion" accepts 13.2 billion
// and "13,200 million"); signs are ignored (filings write losses in parentheses). Without
// figures: the normalised reference is contained in the answer, or the token F1 of content
// words reaches a threshold.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "app/analysis/number_mention.h"

namespace perimeter::analysis {

struct ScoringOptions {
    double relative_tolerance = 0.01;  // 1% of the reference value
    double f1_threshold = 0.3;         // content-word F1 that counts as correct without figures
    double figure_share = 0.5;         // share of the reference's figures the answer must state
};

// Figures worth checking in a reference answer or page: numbers that are not years
// (1900-2099 written without separators or decimals), dates, day numbers after a month name,
// list markers ("1." at a line start), or document labels ("10-Q", "8-K"). FinanceBench
// annotator notes ("The answer here assumes ...") are left out.
std::vector<NumberMention> key_figures_of(std::string_view text);

// Whether `got` states the figure `want` (see the tolerance above).
bool figure_matches(const NumberMention& want, const NumberMention& got, const ScoringOptions& o = {});
// Whether any number in `text` states `want`.
bool text_states_figure(std::string_view text, const NumberMention& want, const ScoringOptions& o = {});

// Lower-case content words (stop words and punctuation dropped), for F1 and containment.
std::vector<std::string> content_words(std::string_view text);
double token_f1(std::string_view reference, std::string_view answer);

struct Judgement {
    bool correct = false;
    std::string method;  // "figures", "contains", "f1"
    size_t figures_expected = 0, figures_found = 0;
    double f1 = 0;
};
Judgement judge_answer(std::string_view reference, std::string_view answer, const ScoringOptions& o = {});

}  // namespace perimeter::analysis
