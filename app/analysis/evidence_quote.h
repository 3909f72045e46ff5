// The line of the retrieved pages that states what a question asks for, to quote verbatim.
// When the evidence check has passed but the model's draft is not grounded (its lead figure is
// in no source, or it declined), ask answers with this quotation and its page citation instead
// of declining or showing a made-up figure - what an analyst does with a filing open: find the
// line and read it out. A line qualifies only when it is strong evidence:
//   - it states a figure (not a year, a date or one of the question's own numbers);
//   - it names the metric: at least kMinCoverage of the question's figure terms (figure_terms,
//     their stems and finance synonyms; the issuer's own name left out) are on the line, or on
//     the label above a table row ("Earnings per share:" above "Diluted  $ 1.26"); in running
//     text within kNearWords of a figure; and at least one of them is not a name;
//   - its period is compatible: any year it names is one the question names;
//   - its page is from a document the company asked about issued.
// Otherwise there is no quote and ask declines as before.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/analysis/document_profile.h"
#include "app/analysis/figure_checker.h"
#include "docs-ingest/search.h"

namespace perimeter::analysis {

struct EvidenceQuote {
    size_t hit = 0;      // index of the hit whose page it is on (0-based)
    std::string text;    // as quoted: the line, verbatim with whitespace runs collapsed,
                         // after its table label when it is a table row ("Earnings per share: … Diluted $ 1.26 ...")
    std::string line;    // the line alone (what a draft's figure is compared with)
    double coverage = 0; // share of the figure terms on it
    std::vector<std::string> terms, matched;
};

// Share of a question's figure terms a line must name (tuned on the dev halves of the refusal
// sets, /work/helpers/analysis3.md).
constexpr double kMinCoverage = 0.6;
// How far (in words) from its figure running text may name a metric term.
constexpr size_t kNearWords = 12;

// One unit of page text: a table row (with the label line above it, if any) or a sentence of
// running text (lines joined). Exposed for tests.
struct TextUnit {
    std::string text;   // whitespace collapsed
    std::string label;  // table rows: the nearest "Label:" line above; else ""
    bool table_row = false;
    std::vector<int> context_years;  // table rows: the years of the nearest line above naming any (its columns, or a heading)
};
std::vector<TextUnit> split_units(const std::string& page_text);

// The best qualifying line among the pages of `hits` (read through `pages`); `scope` are the
// profiles of the documents in scope (for the issuer); none when no line is strong enough.
std::optional<EvidenceQuote> find_evidence_quote(const std::string& question, const std::vector<ingest::SearchHit>& hits,
                                                 const std::vector<DocumentProfile>& scope, const PageTextSource& pages);

}  // namespace perimeter::analysis
