// The structured report: sections of claims, each claim with its citations and the figures
// it states, and the checker's flags. Not a blob of rich text: exports, the reviewer's UI and
// the figure checker all work on this model.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace perimeter::analysis {

// A pointer into the store: a chunk of a page of a document. Pages are 1-based.
struct Citation {
    int64_t doc_id = 0;
    std::string doc;       // file name, for display
    int page = 0;          // 1-based
    int64_t chunk_id = 0;  // 0 when the citation names only a page
    int start = 0, end = 0;  // character span inside the page text (end exclusive), 0/0 if unknown
};

// A number stated in a claim, as the checker saw it.
struct Figure {
    std::string text;        // "1,284.6"
    double value = 0;        // signed, scale applied (GBP 1.28 billion -> 1.28e9)
    bool percent = false;
    size_t start = 0, end = 0;  // span in the claim text
    bool flagged = false;    // not found on any cited page
    std::string reason;      // why it is flagged, for the reviewer
};

struct Claim {
    std::string text;                 // without citation markers
    std::vector<Citation> citations;  // where it comes from
    std::vector<Figure> figures;      // filled by the figure checker
    bool check_figures = true;        // false for labels such as "Rating: buy, horizon 12 months"
    bool flagged() const {
        for (const auto& f : figures)
            if (f.flagged) return true;
        return false;
    }
};

struct Section {
    std::string heading;
    std::vector<Claim> claims;
};

enum class ReportStatus { Draft, Reviewed, Approved };
const char* to_string(ReportStatus s);

enum class ReportKind { Summary, Recommendation, Answer };
const char* to_string(ReportKind k);

struct Report {
    int64_t id = 0;
    int version = 1;
    ReportKind kind = ReportKind::Summary;
    ReportStatus status = ReportStatus::Draft;
    std::string title;
    std::string language = "en";  // "en" or "ru": headings and the disclaimer
    std::vector<Section> sections;
    std::string disclaimer;       // rendered at the end (recommendations)

    int flagged_figures() const;
};

}  // namespace perimeter::analysis
