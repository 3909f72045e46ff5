// Computes the missing chunk embeddings of one embedding model after ingest: chunks without
// a vector are embedded in batches outside any transaction and stored in short ones, so the
// UI and other readers are never blocked; progress and cancellation per batch. Run it again
// and it continues with what is left.
#pragma once
#include <atomic>
#include <cstddef>
#include <functional>

namespace perimeter::ingest {

class Store;
class Embedder;

struct EmbedProgress {
    size_t done = 0, total = 0;
};

class EmbeddingIndexer {
public:
    EmbeddingIndexer(Store& store, Embedder& embedder, size_t batch = 16) : store_(store), embedder_(embedder), batch_(batch) {}
    size_t pending();  // chunks of ready documents with no vector for this model
    // Returns the number of chunks embedded.
    size_t run(const std::function<void(const EmbedProgress&)>& progress = {}, const std::atomic<bool>* cancel = nullptr);

private:
    Store& store_;
    Embedder& embedder_;
    size_t batch_;
};

}  // namespace perimeter::ingest
