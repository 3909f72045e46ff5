// Conversation threads in SQLite: each question and its cited answer. Follow-up questions
// carry the thread's history within a token budget: the newest turns that fit are kept,
// the oldest dropped first; the system prompt is never dropped (it is not history).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/analysis/generator.h"
#include "app/analysis/report.h"

namespace perimeter::ingest::db {
class Database;
}

namespace perimeter::analysis {

struct ThreadInfo {
    int64_t id = 0;
    std::string title, created_at;
    int messages = 0;
};

class ConversationStore {
public:
    explicit ConversationStore(ingest::db::Database& db) : db_(db) {}
    int64_t create(const std::string& title);
    void add(int64_t thread, const std::string& role, const std::string& content, const std::vector<Citation>& citations = {});
    // The most recent messages whose token count (by `count`) fits in `budget`, oldest first.
    std::vector<ChatMessage> history(int64_t thread, size_t budget, const std::function<size_t(const std::string&)>& count);
    std::vector<ThreadInfo> threads();
    bool exists(int64_t thread);

private:
    ingest::db::Database& db_;
};

}  // namespace perimeter::analysis
