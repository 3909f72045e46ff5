// PDF export of a report through Qt Gui's text layout and PDF writer (no Qt Widgets): the
// same content as the Markdown export, citations as numbered footnote markers with the
// notes listed at the end, unverified figures highlighted, fonts embedded (Cyrillic too).
// Works headless: creates an offscreen QGuiApplication when the caller has none.
#pragma once
#include <string>

#include "app/analysis/report.h"

namespace perimeter::analysis {

// Throws std::runtime_error naming the file when it cannot be written.
void export_pdf(const Report& report, const std::string& path);

// The HTML the PDF is laid out from (also useful for the GUI's rich-text review).
std::string to_html(const Report& report);

}  // namespace perimeter::analysis
