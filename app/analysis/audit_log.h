// Append-only audit log: every generation, edit, approval and export, with who, when and
// what. SQLite triggers refuse UPDATE and DELETE on the table.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace perimeter::ingest::db {
class Database;
}

namespace perimeter::analysis {

struct AuditEntry {
    int64_t id = 0;
    std::string at;       // ISO 8601 UTC
    std::string actor;    // user name or "model"
    std::string action;   // "generate", "edit", "review", "approve", "export", "ask", "delete"
    std::string subject;  // "report 3 v2", "document 7"
    std::string details;  // JSON
};

class AuditLog {
public:
    explicit AuditLog(ingest::db::Database& db);
    void append(const std::string& actor, const std::string& action, const std::string& subject,
                const std::string& details = "{}");
    std::vector<AuditEntry> entries(size_t limit = 1000);

private:
    ingest::db::Database& db_;
};

}  // namespace perimeter::analysis
