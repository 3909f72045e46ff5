#include "app/analysis/report.h"

namespace perimeter::analysis {

const char* to_string(ReportStatus s) {
    switch (s) {
        case ReportStatus::Draft: return "draft";
        case ReportStatus::Reviewed: return "reviewed";
        case ReportStatus::Approved: return "approved";
    }
    return "draft";
}

const char* to_string(ReportKind k) {
    switch (k) {
        case ReportKind::Summary: return "summary";
        case ReportKind::Recommendation: return "recommendation";
        case ReportKind::Answer: return "answer";
    }
    return "summary";
}

int Report::flagged_figures() const {
    int n = 0;
    for (const auto& s : sections)
        for (const auto& c : s.claims)
            for (const auto& f : c.figures) n += f.flagged ? 1 : 0;
    return n;
}

}  // namespace perimeter::analysis
