// The "perimeter" FTS5 tokenizer: Russian and English text with stemming, and numbers as an
// analyst types them. It wraps SQLite's unicode61 tokenizer (Unicode word splitting and
// lower-casing, Cyrillic included; diacritics kept so that "й" stays "й"), then per token:
//   - Cyrillic letters: "ё" -> "е", Snowball russian stemmer ("выручки", "выручка" -> "выручк");
//   - ASCII letters only: Snowball english (Porter2) stemmer ("revenues" -> "revenu");
//   - digits only: kept; thousands groups written "135,405", "135 405" (also NBSP, narrow NBSP,
//     thin space or ' between groups) are also indexed joined ("135405") at the position of the
//     leading group, so a search for 135405, "135,405" or "135 405" finds any of those forms.
//     A leading group has 1-3 digits, the following ones exactly 3; at most 4 groups are joined.
//     A "." never joins groups (it is a decimal point in English).
//   - anything else (mixed letters and digits such as "q3", other scripts): kept lower-cased.
// In a MATCH query a grouped number is one joined term, so "135,405" looks for 135405.
#pragma once
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace perimeter::ingest {

inline constexpr const char* kFtsTokenizerName = "perimeter";

// Registers the tokenizer on one connection (each connection needs it before touching the
// FTS table). Throws std::runtime_error if FTS5 or the stemmers are unavailable.
void register_fts_tokenizer(sqlite3* db);

// A query word as the index sees it: `term` is the indexed form (stemmed, joined number);
// [start, end) is its byte span in the query text.
struct QueryTerm {
    std::string term;
    size_t start = 0, end = 0;
    bool stop_word = false;  // a very common English/Russian word ("the", "и")
};

// Splits user text into terms with the registered tokenizer in query mode.
std::vector<QueryTerm> tokenize_query(sqlite3* db, std::string_view text);

// The tokens the index stores for `text` (document mode, colocated forms included), for
// tests and diagnostics.
std::vector<std::string> tokenize_document(sqlite3* db, std::string_view text);

}  // namespace perimeter::ingest
