// Rewrites an analyst's question into a better retrieval query, before BM25 and embeddings
// see it. Two measured problems (see /work/helpers/eval.md):
//   1. Fiscal shorthand: questions say "FY2023", "Q4 of FY2023", "1Q23"; filings write
//      "fiscal 2023", "fourth quarter". The shorthand is spelled out.
//   2. Scope-wide terms: FTS5's BM25 weighs a term by its rarity in the WHOLE store, so when a
//      question is scoped to one filing, the company's name ("Ulta Beauty", rare in the store,
//      present in half the filing's chunks) outweighs the words that find the passage, and the
//      boilerplate "About Ulta Beauty" paragraph wins. Terms that occur in more than a share of
//      the chunks in scope are dropped (never all of them).
//   3. Analysts' words that filings do not use ("top line", "buybacks"): the filing's words can
//      be appended from a short table (off by default: no measured gain).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "docs-ingest/search.h"

namespace perimeter::ingest {

class Store;

struct RewriteOptions {
    bool expand_fiscal = true;
    bool synonyms = false;     // measured: no gain on FinanceBench or the answerable set (eval.md)
    bool drop_scope_terms = true;
    double scope_share = 0.3;  // a term in more than this share of the scoped chunks is dropped
};

struct RewrittenQuery {
    std::string text;
    std::vector<std::string> dropped;  // words left out, as written
};

class QueryRewriter {
public:
    explicit QueryRewriter(Store& store, RewriteOptions opts = {}) : store_(store), opts_(opts) {}
    RewrittenQuery rewrite(const SearchQuery& q);

    // "FY2023" -> "fiscal 2023", "Q4" -> "fourth quarter", "1Q23" -> "first quarter 2023".
    static std::string expand_fiscal(const std::string& text);
    // "top line" -> + "revenue net sales", "buybacks" -> + "share repurchase", ... (a short table).
    static std::string add_synonyms(const std::string& text);

private:
    Store& store_;
    RewriteOptions opts_;
};

// A retriever that rewrites the query and hands it to another retriever.
class RewritingRetriever : public Retriever {
public:
    RewritingRetriever(Store& store, Retriever& inner, RewriteOptions opts = {}) : rewriter_(store, opts), inner_(inner) {}
    std::vector<SearchHit> search(const SearchQuery& q) override;

private:
    QueryRewriter rewriter_;
    Retriever& inner_;
};

}  // namespace perimeter::ingest
