// What a document is about, read once from the store, for deciding whether a question can be
// answered from it at all: who issued it (a name in its file name or title, or on at least a
// third of its pages - an issuer's name runs through its own filing, a competitor's or a
// subsidiary's does not) and which years it reports on (the years its dates and column
// headers name often; a 10-Q covers its quarter and the comparative one, not the years its
// debt notes mature in).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace perimeter::ingest {
class Store;
}

namespace perimeter::analysis {

struct DocumentProfile {
    int64_t doc_id = 0;
    std::string names;                // lower-cased file name and title
    std::vector<std::string> pages;   // lower-cased page texts
    std::vector<int> years;           // years the document reports on, ascending

    // Whether `name` (any case; "Best Buy", "Johnson & Johnson") issued this document.
    bool issued_by(const std::string& name) const;
    // Whether the text states `word` (lower case) as a word or the start of one.
    bool states(const std::string& word) const;
    bool covers_year(int year) const;
};

// Share of pages a name must appear on to count as the issuer's.
constexpr double kIssuerPageShare = 0.3;
// A year is reported on when it is written at least this share as often as the document's
// most frequent year.
constexpr double kCoveredYearShare = 0.1;

DocumentProfile profile_document(ingest::Store& store, int64_t doc_id);
// The same from texts (tests, documents outside a store).
DocumentProfile profile_texts(const std::string& file_name, const std::string& title,
                              const std::vector<std::string>& page_texts);

// Lower case for ASCII and Cyrillic (UTF-8).
std::string lower_text(const std::string& s);
// Whether `needle` occurs in `hay` starting at a word start (and, with `whole`, ending at a
// word end). Both lower-cased.
bool contains_word(const std::string& hay, const std::string& needle, bool whole);

}  // namespace perimeter::analysis
