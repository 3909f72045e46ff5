// Key figures read straight off the statement pages, not generated: for each metric
// (revenue, operating and net profit, total assets, cash, debt, operating cash flow) the
// first table row whose label names it, with the row's first figure and a citation to the
// exact line. A 270M-parameter model cannot be trusted to copy figures; a table row can.
#pragma once
#include <string>
#include <vector>

#include "app/analysis/report.h"

namespace perimeter::ingest {
class Store;
}

namespace perimeter::analysis {

struct KeyFigure {
    std::string metric;  // "Revenue"
    std::string label;   // the row's label on the page: "Total net sales"
    std::string value;   // as printed: "1,284.6"
    std::string period;  // the column header's year when found ("2025"), else ""
    std::string line;    // the whole row, for the reviewer
    Citation citation;   // page and span of the row
};

// `language` selects the metric names in the output ("en"/"ru"); labels of both languages
// are always searched.
std::vector<KeyFigure> extract_key_figures(ingest::Store& store, int64_t doc_id, const std::string& language);

}  // namespace perimeter::analysis
