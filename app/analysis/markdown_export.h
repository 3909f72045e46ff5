// Markdown export of a report: claims as paragraphs or bullets, citations as footnotes
// ([^n] markers, "[^n]: file.pdf, p. 3" at the end), figures still flagged listed for the
// reader, the disclaimer last.
#pragma once
#include <string>

#include "app/analysis/report.h"

namespace perimeter::analysis {

std::string to_markdown(const Report& report);

// The footnote text of a citation, shared by the Markdown and PDF exports:
// "northwind.pdf, p. 2" / "northwind.pdf, стр. 2".
std::string citation_label(const Citation& c, const std::string& language);
// Status and figure-flag reasons in the report's language.
std::string status_label(ReportStatus s, const std::string& language);
std::string reason_label(const std::string& reason, const std::string& language);

}  // namespace perimeter::analysis
