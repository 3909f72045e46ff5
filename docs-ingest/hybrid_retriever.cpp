#include "docs-ingest/hybrid_retriever.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "docs-ingest/db/statement.h"
#include "docs-ingest/store.h"

namespace perimeter::ingest {

HybridRetriever::HybridRetriever(Store& store, Embedder& embedder, HybridOptions opts)
    : store_(store), embedder_(embedder), opts_(opts), bm25_(store), index_(store, embedder.model_id()) {}

std::vector<int64_t> HybridRetriever::allowed_docs(const SearchQuery& q) {
    std::vector<int64_t> ids;
    for (const auto& name : q.docs) {
        auto r = store_.resolve(name);
        if (r.empty()) throw UnknownDocumentError("no document named '" + name + "' in the store");
        ids.insert(ids.end(), r.begin(), r.end());
    }
    if (!q.collection.empty()) {
        db::Statement st(store_.db(),
                         "SELECT dc.doc_id FROM document_collections dc JOIN collections co ON co.id = dc.collection_id "
                         "WHERE co.name = ?1");
        st.bind(1, q.collection);
        std::vector<int64_t> in_collection;
        while (st.step()) in_collection.push_back(st.get_int(0));
        if (in_collection.empty()) {
            db::Statement c(store_.db(), "SELECT 1 FROM collections WHERE name = ?1");
            c.bind(1, q.collection);
            if (!c.step()) throw UnknownDocumentError("no collection named '" + q.collection + "' in the store");
        }
        if (q.docs.empty()) {
            ids = in_collection;
            if (ids.empty()) ids.push_back(-1);  // an empty collection matches nothing
        } else {
            std::unordered_set<int64_t> keep(in_collection.begin(), in_collection.end());
            ids.erase(std::remove_if(ids.begin(), ids.end(), [&](int64_t d) { return !keep.count(d); }), ids.end());
            if (ids.empty()) ids.push_back(-1);
        }
    }
    return ids;
}

SearchHit HybridRetriever::hit_for_chunk(int64_t chunk_id) {
    db::Statement st(store_.db(),
                     "SELECT c.doc_id, d.file_name, c.page, c.start, c.end, c.text FROM chunks c "
                     "JOIN documents d ON d.id = c.doc_id WHERE c.id = ?1 AND d.status = 'ready'");
    st.bind(1, static_cast<long long>(chunk_id));
    SearchHit h;
    if (!st.step()) return h;
    h.chunk_id = chunk_id;
    h.doc_id = st.get_int(0);
    h.file_name = st.get_text(1);
    h.page = static_cast<int>(st.get_int(2));
    h.start = static_cast<uint32_t>(st.get_int(3));
    h.end = static_cast<uint32_t>(st.get_int(4));
    h.text = st.get_text(5);
    h.snippet = h.text.substr(0, 160);
    return h;
}

std::vector<SearchHit> HybridRetriever::vector_search(const SearchQuery& q) {
    index_.refresh();
    if (index_.size() == 0 || q.k == 0) return {};
    const auto ids = allowed_docs(q);
    std::vector<float> qv;
    embedder_.embed({q.text}, /*query=*/true, qv);
    std::unordered_set<int64_t> allowed(ids.begin(), ids.end());
    std::vector<SearchHit> out;
    for (const auto& v : index_.search(qv, q.k, allowed)) {
        SearchHit h = hit_for_chunk(v.chunk_id);
        if (h.chunk_id == 0) continue;
        h.score = v.score;
        out.push_back(std::move(h));
    }
    return out;
}

std::vector<SearchHit> HybridRetriever::search(const SearchQuery& q) {
    if (q.k == 0) return {};
    SearchQuery wide = q;
    wide.k = std::max(q.k, opts_.candidates);
    std::vector<SearchHit> lexical = bm25_.search(wide);
    std::vector<SearchHit> semantic = vector_search(wide);
    if (semantic.empty()) {
        if (lexical.size() > q.k) lexical.resize(q.k);
        return lexical;
    }
    // Reciprocal rank fusion.
    std::unordered_map<int64_t, double> fused;
    std::unordered_map<int64_t, SearchHit> hit_of;
    for (size_t r = 0; r < lexical.size(); ++r) {
        fused[lexical[r].chunk_id] += opts_.bm25_weight / (opts_.rrf_k + r + 1);
        hit_of.emplace(lexical[r].chunk_id, lexical[r]);
    }
    for (size_t r = 0; r < semantic.size(); ++r) {
        fused[semantic[r].chunk_id] += opts_.vector_weight / (opts_.rrf_k + r + 1);
        hit_of.emplace(semantic[r].chunk_id, semantic[r]);
    }
    std::vector<std::pair<int64_t, double>> order(fused.begin(), fused.end());
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    std::vector<SearchHit> out;
    for (const auto& [id, score] : order) {
        if (out.size() == q.k) break;
        SearchHit h = hit_of.at(id);
        h.score = score;
        out.push_back(std::move(h));
    }
    return out;
}

}  // namespace perimeter::ingest
