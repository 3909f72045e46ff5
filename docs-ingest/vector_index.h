// Exact nearest-neighbour search over the chunk embeddings of one embedding model: the
// vectors are loaded from the store into one contiguous matrix and scanned with a single
// matrix-vector product (OpenBLAS when present). 100k chunks x 384 dims is ~150 MB and a
// scan of a few milliseconds; no approximate index, so no recall lost.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

namespace perimeter::ingest {

class Store;

struct VectorHit {
    int64_t chunk_id = 0;
    int64_t doc_id = 0;
    float score = 0;  // cosine similarity (vectors are normalised)
};

class VectorIndex {
public:
    VectorIndex(Store& store, std::string model_id);
    // Reloads when the store's vectors for this model changed (count or newest chunk id).
    void refresh();
    // Top k by cosine; `docs` empty = every document.
    std::vector<VectorHit> search(const std::vector<float>& query, size_t k,
                                  const std::unordered_set<int64_t>& docs = {}) const;
    size_t size() const { return chunk_ids_.size(); }
    int dim() const { return dim_; }

private:
    Store& store_;
    std::string model_;
    int dim_ = 0;
    int64_t loaded_count_ = -1, loaded_max_chunk_ = -1;
    std::vector<float> matrix_;  // size() x dim_
    std::vector<int64_t> chunk_ids_, doc_ids_;
};

}  // namespace perimeter::ingest
