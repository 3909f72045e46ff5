// Whether retrieved evidence can answer a question at all, before any generation: the
// question's key terms - years, and names (capitalised words that are not question words,
// tickers) - must each appear in the retrieved text or the names of the documents it comes
// from. "What was Tesla's revenue in 2021?" against Apple's 2022-2023 filings is declined:
// neither "Tesla" nor "2021" is there. Small models answer anything; this keeps them honest.
// check_grounding then asks more of the documents in scope (see below): "Intel's revenue"
// against NVIDIA's 10-Q (which names Intel), "fiscal 2019" against a 10-Q whose debt notes
// mention 2019, or "Apple's churn rate" against a 10-Q that never says "churn" are declined.
#pragma once
#include <string>
#include <vector>

#include "app/analysis/document_profile.h"
#include "docs-ingest/search.h"

namespace perimeter::analysis {

struct EvidenceVerdict {
    bool sufficient = true;
    std::vector<std::string> key_terms;  // what was looked for
    std::vector<std::string> missing;    // key terms not found in the evidence
    // Why it is not sufficient: "missing:Tesla", "issuer:Tesla", "period:2019",
    // "metric:churn", "empty_retrieval"; "" when sufficient.
    std::string reason;
};

std::vector<std::string> key_terms(const std::string& question);
EvidenceVerdict check_evidence(const std::string& question, const std::vector<ingest::SearchHit>& hits,
                               const std::vector<std::string>& document_titles = {});

// What a question asks about, read from its wording alone.
struct QuestionFrame {
    std::vector<std::string> names;         // runs of capitalised words: "Wynn Resorts", "Macau"
    std::vector<std::string> subjects;      // the company it asks about: "Tesla's", "did Alphabet spend"
    std::vector<int> years;                 // periods it names (fiscal shorthand read as the year)
    bool lookup = false;                    // asks for one stated figure ("What was X's Y in Z?")
    std::vector<std::string> metric_words;  // the figure's content words (lower case), for lookups
};
QuestionFrame read_question(const std::string& question);

// The words of a question that name what it asks for (lower case, in order, distinct): all but
// the company asked about (its subject), function words, question verbs, periods, years and
// numbers. Unlike QuestionFrame::metric_words they keep the finance words ("net", "sales",
// "total") and the names of things ("Kenvue"): they pick the line that states the figure.
std::vector<std::string> figure_terms(const std::string& question);
// The forms a question word takes in filings, each a word start to look for: its stem and
// finance synonyms ("repurchases" -> "repurchase", "buyback" -> "repurchase").
std::vector<std::string> word_forms(const std::string& word);

// check_evidence, then grounding in the documents in scope (those selected, or those the hits
// come from): the company the question asks about must have issued one of them, each year it
// names must be one they report on, and for a lookup every content word of the metric must be
// stated in them (a 10-Q that never says "churn" does not report a churn rate).
EvidenceVerdict check_grounding(const std::string& question, const std::vector<ingest::SearchHit>& hits,
                                const std::vector<DocumentProfile>& scope);

}  // namespace perimeter::analysis
