// The service retrieval needs from an embedding model, handed in from above (the engine runs
// the model; docs-ingest does not know the engine). Vectors are L2-normalised.
#pragma once
#include <atomic>
#include <string>
#include <vector>

namespace perimeter::ingest {

class Embedder {
public:
    virtual ~Embedder() = default;
    // Identifies the vectors in the store: model file name + sha256 prefix, e.g.
    // "all-MiniLM-L6-v2.F16.gguf@3f2a9c1e". Vectors of another id are never mixed.
    virtual std::string model_id() const = 0;
    virtual int dim() const = 0;
    // Embeds `texts` into `out` (texts.size() x dim, row-major). `query` selects the query form
    // for models that embed queries and passages differently (E5: "query: " / "passage: ").
    // Returns false when cancelled.
    virtual bool embed(const std::vector<std::string>& texts, bool query, std::vector<float>& out,
                       const std::atomic<bool>* cancel = nullptr) = 0;
};

}  // namespace perimeter::ingest
