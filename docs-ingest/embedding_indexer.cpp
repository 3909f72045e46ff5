#include "docs-ingest/embedding_indexer.h"

#include <string>
#include <vector>

#include "docs-ingest/db/statement.h"
#include "docs-ingest/db/transaction.h"
#include "docs-ingest/embedder.h"
#include "docs-ingest/store.h"

namespace perimeter::ingest {

namespace {
const char* const kPendingFrom =
    " FROM chunks c JOIN documents d ON d.id = c.doc_id AND d.status = 'ready' "
    "WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.chunk_id = c.id AND e.model = ?1)";
}

size_t EmbeddingIndexer::pending() {
    db::Statement st(store_.db(), std::string("SELECT count(*)") + kPendingFrom);
    st.bind(1, embedder_.model_id());
    st.step();
    return static_cast<size_t>(st.get_int(0));
}

size_t EmbeddingIndexer::run(const std::function<void(const EmbedProgress&)>& progress, const std::atomic<bool>* cancel) {
    const std::string model = embedder_.model_id();
    const size_t total = pending();
    size_t done = 0;
    std::vector<int64_t> ids;
    std::vector<std::string> texts;
    std::vector<float> vectors;
    while (!(cancel && cancel->load())) {
        ids.clear();
        texts.clear();
        {
            db::Statement st(store_.db(), std::string("SELECT c.id, c.text") + kPendingFrom + " ORDER BY c.id LIMIT ?2");
            st.bind(1, model).bind(2, static_cast<long long>(batch_));
            while (st.step()) {
                ids.push_back(st.get_int(0));
                texts.push_back(st.get_text(1));
            }
        }
        if (ids.empty()) break;
        if (!embedder_.embed(texts, /*query=*/false, vectors, cancel)) break;
        const int dim = embedder_.dim();
        db::Transaction tx(store_.db());
        db::Statement ins(store_.db(), "INSERT OR REPLACE INTO embeddings(chunk_id, model, dim, vector) VALUES (?1, ?2, ?3, ?4)");
        for (size_t i = 0; i < ids.size(); ++i) {
            ins.bind(1, static_cast<long long>(ids[i])).bind(2, model).bind(3, dim);
            ins.bind_blob(4, vectors.data() + i * dim, dim * sizeof(float));
            ins.run();
        }
        tx.commit();
        done += ids.size();
        if (progress) progress({done, total});
    }
    return done;
}

}  // namespace perimeter::ingest
