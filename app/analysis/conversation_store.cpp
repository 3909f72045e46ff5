#include "app/analysis/conversation_store.h"

#include <algorithm>

#include "docs-ingest/db/database.h"
#include "docs-ingest/db/statement.h"
#include "engine/chat/json.h"

namespace perimeter::analysis {
namespace db = ingest::db;
namespace json = engine::json;

int64_t ConversationStore::create(const std::string& title) {
    db::Statement st(db_, "INSERT INTO threads(title) VALUES (?1)");
    st.bind(1, title.substr(0, 200));
    st.run();
    return db_.last_insert_rowid();
}

void ConversationStore::add(int64_t thread, const std::string& role, const std::string& content,
                            const std::vector<Citation>& citations) {
    json::Array cits;
    for (const auto& c : citations)
        cits.push_back(json::Object{{"doc_id", c.doc_id}, {"doc", c.doc}, {"page", c.page}, {"chunk_id", c.chunk_id},
                                    {"start", c.start}, {"end", c.end}});
    db::Statement st(db_, "INSERT INTO messages(thread_id, role, content, citations) VALUES (?1, ?2, ?3, ?4)");
    st.bind(1, thread).bind(2, role).bind(3, content).bind(4, json::dump(json::Value(cits)));
    st.run();
}

std::vector<ChatMessage> ConversationStore::history(int64_t thread, size_t budget,
                                                    const std::function<size_t(const std::string&)>& count) {
    std::vector<ChatMessage> newest_first;
    db::Statement st(db_, "SELECT role, content FROM messages WHERE thread_id = ?1 ORDER BY id DESC");
    st.bind(1, thread);
    size_t used = 0;
    std::vector<ChatMessage> rows;
    while (st.step()) rows.push_back({st.get_text(0), st.get_text(1)});
    // Keep whole (user, assistant) turns: walk newest first, pairs at a time.
    for (size_t i = 0; i < rows.size();) {
        size_t turn = (rows[i].role == "assistant" && i + 1 < rows.size() && rows[i + 1].role == "user") ? 2 : 1;
        size_t cost = 0;
        for (size_t k = 0; k < turn; ++k) cost += count(rows[i + k].content) + 8;  // + template markup
        if (used + cost > budget) break;
        used += cost;
        for (size_t k = 0; k < turn; ++k) newest_first.push_back(rows[i + k]);
        i += turn;
    }
    std::reverse(newest_first.begin(), newest_first.end());
    return newest_first;
}

std::vector<ThreadInfo> ConversationStore::threads() {
    std::vector<ThreadInfo> out;
    db::Statement st(db_, "SELECT t.id, t.title, t.created_at, (SELECT count(*) FROM messages m WHERE m.thread_id = t.id) "
                          "FROM threads t ORDER BY t.id DESC");
    while (st.step()) out.push_back({st.get_int(0), st.get_text(1), st.get_text(2), static_cast<int>(st.get_int(3))});
    return out;
}

bool ConversationStore::exists(int64_t thread) {
    db::Statement st(db_, "SELECT 1 FROM threads WHERE id = ?1");
    st.bind(1, thread);
    return st.step();
}

}  // namespace perimeter::analysis
