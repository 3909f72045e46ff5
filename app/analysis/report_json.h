// The structured report as JSON (stored per version) and back.
#pragma once
#include <string>

#include "app/analysis/report.h"

namespace perimeter::analysis {

std::string report_to_json(const Report& r);
Report report_from_json(const std::string& text);  // throws std::runtime_error on a malformed document

ReportKind parse_report_kind(const std::string& s);
ReportStatus parse_report_status(const std::string& s);

}  // namespace perimeter::analysis
