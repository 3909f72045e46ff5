// Hybrid retrieval: BM25 (FTS5) and exact vector search over chunk embeddings, fused by
// reciprocal rank fusion (score = sum 1/(k0 + rank)), filtered by document or collection.
// BM25 finds exact terms (line codes, figures, names); vectors find paraphrases and the
// other language's wording. Falls back to BM25 alone when no vectors are there yet.
#pragma once
#include <memory>

#include "docs-ingest/embedder.h"
#include "docs-ingest/search.h"
#include "docs-ingest/vector_index.h"

namespace perimeter::ingest {

struct HybridOptions {
    size_t candidates = 50;  // taken from each list before fusion
    double rrf_k = 60;       // the usual RRF constant
    double vector_weight = 1.0, bm25_weight = 1.0;
};

class HybridRetriever : public Retriever {
public:
    HybridRetriever(Store& store, Embedder& embedder, HybridOptions opts = {});
    std::vector<SearchHit> search(const SearchQuery& q) override;
    // The vector-only ranking (for evaluation and the GUI's "why this hit").
    std::vector<SearchHit> vector_search(const SearchQuery& q);

private:
    std::vector<int64_t> allowed_docs(const SearchQuery& q);
    SearchHit hit_for_chunk(int64_t chunk_id);

    Store& store_;
    Embedder& embedder_;
    HybridOptions opts_;
    Bm25Retriever bm25_;
    VectorIndex index_;
};

}  // namespace perimeter::ingest
