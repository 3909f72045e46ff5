// perimeter-cli search --db FILE [-k N] [--doc NAME]... [--collection C] [--json] QUERY
// Ranked chunks with the file name and 1-based page. JSON, one object per hit:
//   {"doc":"<file name>","doc_id":N,"page":N,"chunk_id":N,"start":N,"end":N,"score":S,"text":"..."}
// start/end: byte span of the chunk in the page text; score: higher is better.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/cli/args.h"
#include "app/cli/command.h"
#include "docs-ingest/search.h"
#include "docs-ingest/store.h"

namespace perimeter::cli {
namespace {

// The retriever behind `search`: BM25 over the full-text index. Hybrid retrieval (BM25 +
// embeddings) plugs in here with the same interface.
std::unique_ptr<ingest::Retriever> make_retriever(ingest::Store& store) {
    return std::make_unique<ingest::Bm25Retriever>(store);
}

std::string score_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", v);
    return buf;
}

int run_search(const std::vector<std::string>& argv) {
    Args a(argv, {"--json"}, {"--db", "-k", "--doc", "--collection"}, {{"-k", "-k"}});
    const std::string db = a.require("--db");
    if (a.positional().empty()) throw UsageError("no QUERY given");
    int k = a.get_int("-k", 10);
    if (k <= 0) throw UsageError("-k must be at least 1, got " + std::to_string(k));
    if (!std::filesystem::exists(db)) return fail("search: " + db + ": no such store (run `ingest` first)");

    ingest::SearchQuery q;
    for (const auto& p : a.positional()) q.text += (q.text.empty() ? "" : " ") + p;
    q.k = static_cast<size_t>(k);
    q.docs = a.all("--doc");
    q.collection = a.get("--collection").value_or("");

    ingest::Store store(db);
    auto retriever = make_retriever(store);
    std::vector<ingest::SearchHit> hits;
    try {
        hits = retriever->search(q);
    } catch (const ingest::UnknownDocumentError& e) {
        return fail("search: " + db + ": " + e.what());
    }
    if (a.flag("--json")) {
        std::ostringstream o;
        o << "[";
        for (size_t i = 0; i < hits.size(); ++i) {
            const auto& h = hits[i];
            o << (i ? ",\n " : "") << "{\"doc\":\"" << json_escape(h.file_name) << "\",\"doc_id\":" << h.doc_id
              << ",\"page\":" << h.page << ",\"chunk_id\":" << h.chunk_id << ",\"start\":" << h.start
              << ",\"end\":" << h.end << ",\"score\":" << score_text(h.score) << ",\"text\":\"" << json_escape(h.text)
              << "\"}";
        }
        o << "]\n";
        std::cout << o.str();
        return kOk;
    }
    if (hits.empty()) {
        std::cout << "no matches\n";
        return kOk;
    }
    for (size_t i = 0; i < hits.size(); ++i) {
        const auto& h = hits[i];
        std::string snip = h.snippet;
        for (auto& c : snip)
            if (c == '\n') c = ' ';
        std::cout << i + 1 << ". " << h.file_name << " p." << h.page << "  (score " << score_text(h.score) << ", doc "
                  << h.doc_id << ", chunk " << h.chunk_id << ")\n   " << snip << "\n";
    }
    return kOk;
}

}  // namespace

PERIMETER_COMMAND("search", "search --db FILE [-k N] [--doc NAME]... [--collection C] [--json] QUERY",
                  "Search the store; results name the file and 1-based page.",
                  "Words are matched by stem (Russian and English), numbers also without thousands separators\n"
                  "(135405 finds \"135,405\" and \"135 405\"). Any word may match; chunks with more of them rank\n"
                  "higher (BM25). --doc takes a file name (with or without .pdf) or an id, and may repeat.",
                  run_search);

}  // namespace perimeter::cli
