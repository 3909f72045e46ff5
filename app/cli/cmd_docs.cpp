// perimeter-cli docs --db FILE [--json]: every document with its status, pages, chunks,
// collections and, for failed ones, the stored error code and message.
#include <filesystem>
#include <iostream>
#include <sstream>

#include "app/cli/args.h"
#include "app/cli/command.h"
#include "docs-ingest/store.h"

namespace perimeter::cli {
namespace {

std::string q(const std::string& s) { return "\"" + json_escape(s) + "\""; }

std::string pad(std::string s, size_t w) {
    if (s.size() < w) s += std::string(w - s.size(), ' ');
    return s;
}

int run_docs(const std::vector<std::string>& argv) {
    Args a(argv, {"--json"}, {"--db"});
    const std::string db = a.require("--db");
    if (!a.positional().empty()) throw UsageError("unexpected argument '" + a.positional()[0] + "'");
    if (!std::filesystem::exists(db)) return fail("docs: " + db + ": no such store (run `ingest` first)");
    ingest::Store store(db);
    auto docs = store.documents();
    if (a.flag("--json")) {
        std::ostringstream o;
        o << "[";
        for (size_t i = 0; i < docs.size(); ++i) {
            const auto& d = docs[i];
            o << (i ? ",\n " : "") << "{\"id\":" << d.id << ",\"file\":" << q(d.file_name) << ",\"path\":" << q(d.path)
              << ",\"sha256\":" << q(d.sha256) << ",\"status\":" << q(ingest::to_string(d.status))
              << ",\"pages\":" << d.pages << ",\"chunks\":" << d.chunks << ",\"title\":" << q(d.title)
              << ",\"author\":" << q(d.author) << ",\"collections\":[";
            for (size_t c = 0; c < d.collections.size(); ++c) o << (c ? "," : "") << q(d.collections[c]);
            o << "],\"error_code\":" << (d.error_code.empty() ? "null" : q(d.error_code))
              << ",\"error_message\":" << (d.error_message.empty() ? "null" : q(d.error_message))
              << ",\"ingested_at\":" << (d.ingested_at.empty() ? "null" : q(d.ingested_at)) << "}";
        }
        o << "]\n";
        std::cout << o.str();
        return kOk;
    }
    if (docs.empty()) {
        std::cout << "no documents in " << db << "\n";
        return kOk;
    }
    std::cout << pad("ID", 6) << pad("STATUS", 11) << pad("PAGES", 7) << pad("CHUNKS", 8) << pad("FILE", 40)
              << "COLLECTIONS\n";
    for (const auto& d : docs) {
        std::string cols;
        for (const auto& c : d.collections) cols += (cols.empty() ? "" : ", ") + c;
        std::cout << pad(std::to_string(d.id), 6) << pad(ingest::to_string(d.status), 11)
                  << pad(std::to_string(d.pages), 7) << pad(std::to_string(d.chunks), 8) << pad(d.file_name, 40) << cols
                  << "\n";
        if (!d.error_code.empty()) std::cout << "      " << d.error_code << ": " << d.error_message << "\n";
    }
    return kOk;
}

}  // namespace

PERIMETER_COMMAND("docs", "docs --db FILE [--json]", "List documents with status and errors.",
                  "Statuses: queued, extracting, ready, failed, cancelled. A failed document shows its error\n"
                  "code (encrypted, corrupt, not_pdf, disk_full, ...) and message.",
                  run_docs);

}  // namespace perimeter::cli
