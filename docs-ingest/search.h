// Retrieval over the store's chunks. `Retriever` is the seam: BM25 (FTS5) now; the analysis
// layer adds a hybrid retriever (BM25 + embeddings) with the same query and hit types, and
// the `search` command takes whichever it is given.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace perimeter::ingest {

class Store;

struct SearchQuery {
    std::string text;
    size_t k = 10;
    std::vector<std::string> docs;  // names (with or without .pdf), ids or paths; empty = all
    std::string collection;         // empty = all
    bool match_all = false;         // every term must occur (AND); default: any term (OR), BM25-ranked
};

struct SearchHit {
    int64_t doc_id = 0;
    std::string file_name;
    int page = 0;              // 1-based
    int64_t chunk_id = 0;
    uint32_t start = 0, end = 0;  // byte span of the chunk in the page text
    double score = 0;          // higher is better (BM25: minus FTS5's bm25())
    std::string text;          // the chunk text
    std::string snippet;       // a short excerpt with matches in [brackets]
};

// A name in SearchQuery::docs or collection that matches nothing: the caller says which.
class UnknownDocumentError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Retriever {
public:
    virtual ~Retriever() = default;
    virtual std::vector<SearchHit> search(const SearchQuery& q) = 0;
};

class Bm25Retriever : public Retriever {
public:
    explicit Bm25Retriever(Store& store) : store_(store) {}
    std::vector<SearchHit> search(const SearchQuery& q) override;

    // The FTS5 MATCH expression for a user's text ("" when it has no searchable term): each
    // term is quoted, so punctuation in the text never becomes query syntax; stop words are
    // dropped unless nothing else is left.
    std::string match_expression(const std::string& text, bool match_all);

private:
    Store& store_;
};

}  // namespace perimeter::ingest
