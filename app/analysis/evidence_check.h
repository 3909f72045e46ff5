// Whether retrieved evidence can answer a question at all, before any generation: the
// question's key terms - years, and names (capitalised words that are not question words,
// tickers) - must each appear in the retrieved text or the names of the documents it comes
// from. "What was Tesla's revenue in 2021?" against Apple's 2022-2023 filings is declined:
// neither "Tesla" nor "2021" is there. Small models answer anything; this keeps them honest.
#pragma once
#include <string>
#include <vector>

#include "docs-ingest/search.h"

namespace perimeter::analysis {

struct EvidenceVerdict {
    bool sufficient = true;
    std::vector<std::string> key_terms;  // what was looked for
    std::vector<std::string> missing;    // key terms not found in the evidence
};

std::vector<std::string> key_terms(const std::string& question);
EvidenceVerdict check_evidence(const std::string& question, const std::vector<ingest::SearchHit>& hits,
                               const std::vector<std::string>& document_titles = {});

}  // namespace perimeter::analysis
