#include "app/analysis/audit_log.h"

#include "docs-ingest/db/database.h"
#include "docs-ingest/db/statement.h"

namespace perimeter::analysis {

AuditLog::AuditLog(ingest::db::Database& db) : db_(db) {}

void AuditLog::append(const std::string& actor, const std::string& action, const std::string& subject,
                      const std::string& details) {
    ingest::db::Statement st(db_, "INSERT INTO audit_log(actor, action, subject, details) VALUES (?1, ?2, ?3, ?4)");
    st.bind(1, actor).bind(2, action).bind(3, subject).bind(4, details);
    st.run();
}

std::vector<AuditEntry> AuditLog::entries(size_t limit) {
    std::vector<AuditEntry> out;
    ingest::db::Statement st(db_, "SELECT id, at, actor, action, subject, details FROM audit_log ORDER BY id DESC LIMIT ?1");
    st.bind(1, static_cast<long long>(limit));
    while (st.step()) {
        out.push_back({st.get_int(0), st.get_text(1), st.get_text(2), st.get_text(3), st.get_text(4), st.get_text(5)});
    }
    return out;
}

}  // namespace perimeter::analysis
