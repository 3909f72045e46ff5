// Retrieved chunks as the numbered, delimited "sources" block of a prompt. Document text is
// data: it sits between <<<SOURCE n ... SOURCE n>>> delimiters, and any text inside it that
// could pass for a delimiter is defused, so a document cannot close its own block and speak
// as the prompt. (It is also tokenized with special tokens off, by the engine.)
#pragma once
#include <string>
#include <vector>

#include "app/analysis/report.h"
#include "docs-ingest/search.h"

namespace perimeter::analysis {

struct Source {
    int number = 0;  // 1-based, as cited in the text: [n]
    ingest::SearchHit hit;
    Citation citation() const;
};

std::vector<Source> number_sources(const std::vector<ingest::SearchHit>& hits);
std::string render_sources(const std::vector<Source>& sources);
// Removes delimiter look-alikes from document text.
std::string defuse(const std::string& document_text);

}  // namespace perimeter::analysis
