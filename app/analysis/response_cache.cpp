#include "app/analysis/response_cache.h"

#include "docs-ingest/db/database.h"
#include "docs-ingest/db/statement.h"
#include "docs-ingest/db/transaction.h"
#include "docs-ingest/ingest_sha256.h"

namespace perimeter::analysis {
namespace db = ingest::db;

std::string ResponseCache::key(const std::vector<std::string>& parts) {
    ingest::Sha256 h;
    for (const auto& p : parts) {
        const uint64_t n = p.size();
        h.update(&n, sizeof n);  // length-prefixed: no two part lists hash alike by concatenation
        h.update(p.data(), p.size());
    }
    return h.finish_hex();
}

std::optional<std::string> ResponseCache::get(const std::string& key) {
    db::Statement st(db_, "SELECT answer FROM answer_cache WHERE cache_key = ?1");
    st.bind(1, key);
    if (!st.step()) return std::nullopt;
    return st.get_text(0);
}

void ResponseCache::put(const std::string& key, const std::string& question, const std::string& model,
                        const std::string& payload, const std::vector<int64_t>& doc_ids) {
    db::Transaction tx(db_);
    db::Statement st(db_, "INSERT OR REPLACE INTO answer_cache(cache_key, question, model, answer) VALUES (?1, ?2, ?3, ?4)");
    st.bind(1, key).bind(2, question).bind(3, model).bind(4, payload);
    st.run();
    const int64_t id = db_.last_insert_rowid();
    db::Statement link(db_, "INSERT OR IGNORE INTO answer_cache_docs(answer_id, doc_id) VALUES (?1, ?2)");
    for (int64_t d : doc_ids) {
        link.bind(1, id).bind(2, d);
        link.run();
    }
    tx.commit();
}

}  // namespace perimeter::analysis
