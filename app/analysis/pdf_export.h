// PDF export of a report: the same content as the Markdown export as HTML, citations as
// numbered footnote markers with the notes listed at the end, unverified figures highlighted,
// laid out and written by the PDF writer module (app/pdf_writer: Qt Gui's text layout and
// PDF writer, fonts embedded, Cyrillic too), which is loaded on the first export so that
// nothing else pays for linking Qt. Works headless.
#pragma once
#include <string>

#include "app/analysis/report.h"

namespace perimeter::analysis {

// Throws std::runtime_error naming the file when it cannot be written.
void export_pdf(const Report& report, const std::string& path);

// The HTML the PDF is laid out from (also useful for the GUI's rich-text review).
std::string to_html(const Report& report);

}  // namespace perimeter::analysis
