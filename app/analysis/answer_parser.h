// A generated answer as claims: sentences, each with the sources its [n] markers name. A
// sentence without a marker inherits the marker of the sentence after it in the same
// paragraph (models often cite once per short paragraph) and otherwise stays uncited, which
// the figure checker then flags for any number it states.
#pragma once
#include <string>
#include <vector>

#include "app/analysis/report.h"
#include "app/analysis/sources.h"

namespace perimeter::analysis {

struct ParsedAnswer {
    std::vector<Claim> claims;
    std::vector<int> cited_sources;  // distinct source numbers, in order of first use
    bool refusal = false;            // the model said the documents do not contain it
};

ParsedAnswer parse_answer(const std::string& text, const std::vector<Source>& sources);

// The refusal sentences of the prompts (English and Russian), matched loosely.
bool is_refusal(const std::string& text);

}  // namespace perimeter::analysis
