// Every number in a generated claim is looked up on its cited pages; a number that is not
// there (in any of the usual ways of writing it) is flagged for the reviewer. Years, dates
// and small ordinals in running text are checked like any other number: if the page does
// not show them, the reviewer should look.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "app/analysis/report.h"

namespace perimeter::analysis {

// Where the checker reads page text from (the store, in the app; a map, in tests).
class PageTextSource {
public:
    virtual ~PageTextSource() = default;
    virtual std::optional<std::string> page_text(int64_t doc_id, int page) const = 0;
};

class FigureChecker {
public:
    explicit FigureChecker(const PageTextSource& pages) : pages_(pages) {}

    // Fills claim.figures and their flags. Returns the number of flagged figures.
    int check(Claim& claim) const;
    int check(Report& report) const;

    // Whether `page_text` shows the number written as `figure_text` in a claim (exposed for
    // tests): same value to the claim's precision, in any separator style, sign written as
    // '-' or parentheses, percent with or without '%', scale words (million, млн) matched
    // against the page's unscaled table figures.
    static bool page_shows(const std::string& page_text, const std::string& claim_text, size_t index_in_claim);

private:
    const PageTextSource& pages_;
};

}  // namespace perimeter::analysis
