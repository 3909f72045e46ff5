// Page layout: word boxes (from a PDF text layer or from OCR) -> page text in reading order.
// Words are grouped into lines by vertical overlap across the whole page width, so a
// statement row keeps its label and its numbers on one line however wide the gap between
// them; within a line words are ordered by x and separated by spaces in proportion to the gap.
#pragma once
#include <string>
#include <vector>

#include "docs-ingest/extracted_document.h"

namespace perimeter::ingest {

struct LayoutWord {
    std::string text;            // UTF-8, no spaces or newlines inside
    float x0 = 0, y0 = 0;        // top-left, page points (origin top-left of the page)
    float x1 = 0, y1 = 0;        // bottom-right
    bool space_after = true;     // false: the producer glued the next word to this one
    float glue_below = 0;        // a next word closer than this (points) is glued to this one
                                 // (the producer could not say which word comes next)
    int rotation = 0;            // reading direction in quarter turns clockwise (0 = normal)
};

struct LayoutResult {
    std::string text;            // lines joined by '\n', a blank line between paragraphs
    std::vector<WordBox> words;  // one per input word kept, byte spans into `text`
};

struct LayoutParams {
    float same_line_overlap = 0.5f;   // share of the smaller height two boxes must overlap
    float paragraph_gap = 1.2f;       // line gap (in median line heights) that starts a paragraph
    int max_gap_spaces = 40;          // cap on spaces for one gap
};

// Lays out one page. Words with empty text are dropped; the rest all appear in `text`.
LayoutResult layout_page(std::vector<LayoutWord> words, const LayoutParams& params = {});

}  // namespace perimeter::ingest
