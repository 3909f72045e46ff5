// The same request - model, prompt versions, parameters, question and the exact retrieved
// context - returns the stored answer at once. Entries are linked to the documents they drew
// on, so deleting a document deletes its cached answers.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace perimeter::ingest::db {
class Database;
}

namespace perimeter::analysis {

class ResponseCache {
public:
    explicit ResponseCache(ingest::db::Database& db) : db_(db) {}
    static std::string key(const std::vector<std::string>& parts);  // sha256 of the parts
    std::optional<std::string> get(const std::string& key);
    void put(const std::string& key, const std::string& question, const std::string& model, const std::string& payload,
             const std::vector<int64_t>& doc_ids);

private:
    ingest::db::Database& db_;
};

}  // namespace perimeter::analysis
