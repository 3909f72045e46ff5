#include "docs-ingest/vector_index.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "docs-ingest/db/statement.h"
#include "docs-ingest/store.h"

#ifdef PERIMETER_HAVE_OPENBLAS
#include <cblas.h>
#endif

namespace perimeter::ingest {

VectorIndex::VectorIndex(Store& store, std::string model_id) : store_(store), model_(std::move(model_id)) {}

void VectorIndex::refresh() {
    db::Statement probe(store_.db(), "SELECT count(*), coalesce(max(chunk_id), 0) FROM embeddings WHERE model = ?1");
    probe.bind(1, model_);
    probe.step();
    const int64_t count = probe.get_int(0), max_chunk = probe.get_int(1);
    if (count == loaded_count_ && max_chunk == loaded_max_chunk_) return;
    matrix_.clear();
    chunk_ids_.clear();
    doc_ids_.clear();
    dim_ = 0;
    db::Statement st(store_.db(),
                     "SELECT e.chunk_id, c.doc_id, e.dim, e.vector FROM embeddings e JOIN chunks c ON c.id = e.chunk_id "
                     "WHERE e.model = ?1 ORDER BY e.chunk_id");
    st.bind(1, model_);
    while (st.step()) {
        const int dim = static_cast<int>(st.get_int(2));
        const auto blob = st.get_blob(3);
        if (dim <= 0 || blob.size() != static_cast<size_t>(dim) * sizeof(float)) {
            throw std::runtime_error("vector index: chunk " + std::to_string(st.get_int(0)) + ": vector of " +
                                     std::to_string(blob.size()) + " bytes, expected " + std::to_string(dim) + " floats");
        }
        if (dim_ == 0) {
            dim_ = dim;
            matrix_.reserve(static_cast<size_t>(count) * dim);
        } else if (dim != dim_) {
            throw std::runtime_error("vector index: model " + model_ + " has vectors of " + std::to_string(dim_) +
                                     " and " + std::to_string(dim) + " dimensions");
        }
        const size_t at = matrix_.size();
        matrix_.resize(at + dim);
        std::memcpy(matrix_.data() + at, blob.data(), blob.size());
        chunk_ids_.push_back(st.get_int(0));
        doc_ids_.push_back(st.get_int(1));
    }
    loaded_count_ = count;
    loaded_max_chunk_ = max_chunk;
}

std::vector<VectorHit> VectorIndex::search(const std::vector<float>& q, size_t k,
                                           const std::unordered_set<int64_t>& docs) const {
    std::vector<VectorHit> hits;
    const size_t n = chunk_ids_.size();
    if (n == 0 || k == 0) return hits;
    if (static_cast<int>(q.size()) != dim_) {
        throw std::invalid_argument("vector index: query has " + std::to_string(q.size()) + " dimensions, index has " +
                                    std::to_string(dim_));
    }
    std::vector<float> scores(n);
#ifdef PERIMETER_HAVE_OPENBLAS
    cblas_sgemv(CblasRowMajor, CblasNoTrans, static_cast<int>(n), dim_, 1.0f, matrix_.data(), dim_, q.data(), 1, 0.0f,
                scores.data(), 1);
#else
    for (size_t i = 0; i < n; ++i) {
        const float* row = matrix_.data() + i * dim_;
        float s = 0;
        for (int d = 0; d < dim_; ++d) s += row[d] * q[d];
        scores[i] = s;
    }
#endif
    hits.reserve(std::min(n, k * 4));
    for (size_t i = 0; i < n; ++i) {
        if (!docs.empty() && !docs.count(doc_ids_[i])) continue;
        hits.push_back({chunk_ids_[i], doc_ids_[i], scores[i]});
    }
    const size_t keep = std::min(k, hits.size());
    std::partial_sort(hits.begin(), hits.begin() + keep, hits.end(), [](const VectorHit& a, const VectorHit& b) {
        return a.score != b.score ? a.score > b.score : a.chunk_id < b.chunk_id;
    });
    hits.resize(keep);
    return hits;
}

}  // namespace perimeter::ingest
