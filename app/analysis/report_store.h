// Reports in SQLite: every edit is a new version with a diff against the previous one;
// status goes draft -> reviewed -> approved; exports write PDF + Markdown. Each report
// records its provenance (model sha256, prompt ids and versions, parameters, seed, threads,
// CPU path, chunk ids) so it can be regenerated.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "app/analysis/report.h"

namespace perimeter::ingest::db {
class Database;
}

namespace perimeter::analysis {

struct Provenance {
    std::string model_file, model_sha256;
    std::string prompt_ids;        // "summary.map@1,summary.reduce@1"
    std::string parameters_json;   // sampling parameters, context, threads, backend/CPU path
    uint64_t seed = 0;
    std::vector<int64_t> chunk_ids;
    std::vector<int64_t> doc_ids;
};

struct ReportSummary {
    int64_t id = 0;
    std::string title;
    ReportKind kind = ReportKind::Summary;
    ReportStatus status = ReportStatus::Draft;
    int latest_version = 1;
    std::string updated_at;
    int flagged_figures = 0;
};

struct ReportVersion {
    int version = 0;
    std::string author;      // "model" for generated versions, else the user's name
    std::string created_at;
    std::string diff;        // unified diff of the Markdown against the previous version
};

class ReportStore {
public:
    explicit ReportStore(ingest::db::Database& db);

    int64_t create(const Report& report, const Provenance& provenance);   // version 1, draft
    Report load(int64_t id, int version = 0);                             // 0: latest
    Provenance provenance(int64_t id);
    std::vector<ReportSummary> list();
    std::vector<ReportVersion> versions(int64_t id);
    // A reviewer's edit: stored as a new version (figures re-checked by the caller).
    int save_edit(int64_t id, const Report& edited, const std::string& author);
    void set_status(int64_t id, ReportStatus status, const std::string& author);
    // Writes <dir>/<slug>.md and <dir>/<slug>.pdf; returns their paths.
    std::vector<std::filesystem::path> export_files(int64_t id, const std::filesystem::path& dir,
                                                    const std::string& author);

private:
    ingest::db::Database& db_;
};

}  // namespace perimeter::analysis
