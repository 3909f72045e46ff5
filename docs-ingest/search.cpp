#include "docs-ingest/search.h"

#include <algorithm>

#include "docs-ingest/db/statement.h"
#include "docs-ingest/fts_tokenizer.h"
#include "docs-ingest/store.h"

namespace perimeter::ingest {

std::string Bm25Retriever::match_expression(const std::string& text, bool match_all) {
    auto terms = tokenize_query(store_.db().handle(), text);
    bool any_content = std::any_of(terms.begin(), terms.end(), [](const QueryTerm& t) { return !t.stop_word; });
    std::vector<std::string> seen;
    std::string expr;
    for (const auto& t : terms) {
        if (any_content && t.stop_word) continue;
        if (std::find(seen.begin(), seen.end(), t.term) != seen.end()) continue;
        seen.push_back(t.term);
        // Quote the original span: FTS5 tokenizes it again with the same tokenizer, so a
        // grouped number ("135,405") or a word with punctuation stays one term.
        std::string quoted = "\"";
        for (char c : text.substr(t.start, t.end - t.start)) {
            if (c == '"') quoted += '"';
            quoted += c;
        }
        quoted += '"';
        if (!expr.empty()) expr += match_all ? " AND " : " OR ";
        expr += quoted;
    }
    return expr;
}

std::vector<SearchHit> Bm25Retriever::search(const SearchQuery& q) {
    std::string match = match_expression(q.text, q.match_all);
    if (match.empty() || q.k == 0) return {};

    std::vector<int64_t> doc_ids;
    for (const auto& name : q.docs) {
        auto ids = store_.resolve(name);
        if (ids.empty()) throw UnknownDocumentError("no document named '" + name + "' in the store");
        doc_ids.insert(doc_ids.end(), ids.begin(), ids.end());
    }
    if (!q.collection.empty()) {
        db::Statement st(store_.db(), "SELECT 1 FROM collections WHERE name = ?1");
        st.bind(1, q.collection);
        if (!st.step()) throw UnknownDocumentError("no collection named '" + q.collection + "' in the store");
    }

    std::string sql =
        "SELECT c.id, c.doc_id, d.file_name, c.page, c.start, c.end, c.text, bm25(chunks_fts), "
        "snippet(chunks_fts, 0, '[', ']', '...', 24) "
        "FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid JOIN documents d ON d.id = c.doc_id "
        "WHERE chunks_fts MATCH ?1 AND d.status = 'ready'";
    if (!doc_ids.empty()) {
        sql += " AND c.doc_id IN (";
        for (size_t i = 0; i < doc_ids.size(); ++i) sql += (i ? "," : "") + std::to_string(doc_ids[i]);
        sql += ")";
    }
    if (!q.collection.empty())
        sql += " AND c.doc_id IN (SELECT dc.doc_id FROM document_collections dc JOIN collections co "
               "ON co.id = dc.collection_id WHERE co.name = ?3)";
    sql += " ORDER BY bm25(chunks_fts) LIMIT ?2";

    db::Statement st(store_.db(), sql);
    st.bind(1, match).bind(2, static_cast<long long>(q.k));
    if (!q.collection.empty()) st.bind(3, q.collection);
    std::vector<SearchHit> hits;
    while (st.step()) {
        SearchHit h;
        h.chunk_id = st.get_int(0);
        h.doc_id = st.get_int(1);
        h.file_name = st.get_text(2);
        h.page = static_cast<int>(st.get_int(3));
        h.start = static_cast<uint32_t>(st.get_int(4));
        h.end = static_cast<uint32_t>(st.get_int(5));
        h.text = st.get_text(6);
        h.score = -st.get_double(7);
        h.snippet = st.get_text(8);
        hits.push_back(std::move(h));
    }
    return hits;
}

}  // namespace perimeter::ingest
