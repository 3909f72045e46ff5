#include "docs-ingest/ingest_pipeline.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_set>

#include "docs-ingest/db/database.h"
#include "docs-ingest/extract_client.h"
#include "docs-ingest/ingest_error.h"
#include "docs-ingest/ingest_sha256.h"
#include "docs-ingest/store.h"

namespace perimeter::ingest {

const char* to_string(IngestResult r) {
    switch (r) {
        case IngestResult::Added: return "added";
        case IngestResult::Replaced: return "replaced";
        case IngestResult::Unchanged: return "unchanged";
        case IngestResult::Failed: return "failed";
        case IngestResult::Cancelled: return "cancelled";
    }
    return "failed";
}

size_t IngestSummary::count(IngestResult r) const {
    return static_cast<size_t>(std::count_if(items.begin(), items.end(), [&](const IngestOutcome& o) { return o.result == r; }));
}

int64_t IngestSummary::pages() const {
    int64_t n = 0;
    for (const auto& o : items)
        if (o.result == IngestResult::Added || o.result == IngestResult::Replaced) n += o.pages;
    return n;
}

IngestPipeline::IngestPipeline(std::filesystem::path db_file, IngestOptions opts, ExtractFn extract)
    : db_file_(std::move(db_file)), opts_(std::move(opts)), extract_(std::move(extract)) {
    if (!extract_) {
        extract_ = [](const std::string& path, const ExtractOptions& o, const ProgressFn& p, const std::atomic<bool>* c) {
            return extract_isolated(path, o, p, c);
        };
    }
}

std::vector<std::filesystem::path> IngestPipeline::collect_inputs(const std::vector<std::filesystem::path>& paths) {
    namespace fs = std::filesystem;
    static const std::set<std::string> kExt = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"};
    std::set<fs::path> out;
    for (const auto& p : paths) {
        std::error_code ec;
        fs::path abs = fs::absolute(p, ec).lexically_normal();
        if (ec) abs = p;
        if (!fs::is_directory(abs, ec)) {
            out.insert(abs);  // a missing or odd file fails as unreadable, with its name
            continue;
        }
        for (fs::recursive_directory_iterator it(abs, fs::directory_options::skip_permission_denied, ec), end;
             !ec && it != end; it.increment(ec)) {
            std::string ext = it->path().extension().string();
            std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
            std::error_code fec;
            if (kExt.count(ext) && fs::is_regular_file(it->path(), fec)) out.insert(it->path().lexically_normal());
        }
    }
    return {out.begin(), out.end()};
}

namespace {

struct Job {
    int64_t doc_id;
    size_t item;              // index into summary.items
    bool replaces_ready;      // a ready version of this path is in the store
};

// The batch's shared progress state; every callback goes through report() under the lock.
class Progress {
public:
    Progress(const IngestProgressFn& fn, int docs_total) : fn_(fn), docs_total_(docs_total) {}

    void pages(const IngestOutcome& o, int done, int total, IngestProgress::Event ev) {
        std::lock_guard<std::mutex> lock(mu_);
        auto& st = docs_[&o];
        if (total > 0 && st.total == 0) batch_total_ += total;
        batch_done_ += std::max(0, done - st.done);
        st.done = std::max(st.done, done);
        st.total = std::max(st.total, total);
        if (ev == IngestProgress::Event::Finished) ++docs_done_;
        if (!fn_) return;
        IngestProgress p;
        p.event = ev;
        p.outcome = &o;
        p.pages_done = st.done;
        p.pages_total = st.total;
        p.docs_done = docs_done_;
        p.docs_total = docs_total_;
        p.batch_pages_done = batch_done_;
        p.batch_pages_total = batch_total_;
        fn_(p);
    }

private:
    struct DocPages { int done = 0, total = 0; };
    std::mutex mu_;
    const IngestProgressFn& fn_;
    int docs_total_;
    int docs_done_ = 0;
    int64_t batch_done_ = 0, batch_total_ = 0;
    std::map<const IngestOutcome*, DocPages> docs_;
};

// Records a failure on the document row; the row may be unwritable too (a full disk), in
// which case it stays queued/extracting and the next run redoes it.
void record_failure(Store* store, IngestOutcome& o, std::string_view code, const std::string& message,
                    DocStatus status = DocStatus::Failed) {
    o.result = status == DocStatus::Cancelled ? IngestResult::Cancelled : IngestResult::Failed;
    o.error_code = std::string(code);
    o.error_message = message;
    if (o.doc_id == 0 || !store) return;
    try {
        store->set_failed(o.doc_id, code, message, status);
    } catch (const std::exception&) {
    }
}

}  // namespace

IngestSummary IngestPipeline::run(const std::vector<std::filesystem::path>& files, const IngestProgressFn& progress,
                                  const std::atomic<bool>* cancel) {
    const auto t0 = std::chrono::steady_clock::now();
    IngestSummary summary;
    std::vector<Job> jobs;
    {
        // ---- plan: hash each file, decide no-op / new / redo, queue rows ----
        Store store(db_file_, opts_.store);
        std::unordered_set<std::string> batch_shas;
        std::unordered_set<int64_t> queued_ids;
        for (const auto& f : files) {
            IngestOutcome o;
            o.path = std::filesystem::absolute(f).lexically_normal().string();
            std::string sha;
            int64_t size = 0;
            // Rows already at this path: a ready version (to be replaced if the bytes changed)
            // and a failed/cancelled/left-over one (reused rather than piling up rows).
            auto here = store.documents_at_path(o.path);
            bool ready_here = std::any_of(here.begin(), here.end(), [](auto& d) { return d.status == DocStatus::Ready; });
            auto not_ready = std::find_if(here.begin(), here.end(), [](auto& d) { return d.status != DocStatus::Ready; });
            int64_t reuse = not_ready == here.end() ? 0 : not_ready->id;
            try {
                sha = sha256_file(o.path);
                size = static_cast<int64_t>(std::filesystem::file_size(o.path));
            } catch (const std::exception& e) {
                if (reuse) store.requeue(reuse, o.path, "", 0, opts_.collection);
                o.doc_id = reuse ? reuse : store.add_queued(o.path, "", 0, opts_.collection);
                record_failure(&store, o, error_code_name(ExtractError::Unreadable), e.what());
                summary.items.push_back(std::move(o));
                continue;
            }
            if (batch_shas.count(sha)) {
                o.result = IngestResult::Unchanged;
                o.note = "same content as another file of this batch";
                summary.items.push_back(std::move(o));
                continue;
            }
            batch_shas.insert(sha);
            auto same = store.document_with_sha(sha);
            if (same && same->status == DocStatus::Ready) {
                o.doc_id = same->id;
                o.result = IngestResult::Unchanged;
                o.pages = same->pages;
                o.chunks = static_cast<size_t>(same->chunks);
                if (same->path != o.path) o.note = "same content as " + same->file_name + " (id " + std::to_string(same->id) + ")";
                if (!opts_.collection.empty()) store.add_to_collection(same->id, opts_.collection);
                summary.items.push_back(std::move(o));
                continue;
            }
            if (same) reuse = same->id;  // failed, cancelled or left over: do it again
            if (reuse) {
                store.requeue(reuse, o.path, sha, size, opts_.collection);
                o.doc_id = reuse;
            } else {
                o.doc_id = store.add_queued(o.path, sha, size, opts_.collection);
            }
            queued_ids.insert(o.doc_id);
            jobs.push_back(Job{o.doc_id, summary.items.size(), ready_here});
            summary.items.push_back(std::move(o));
        }
        if (opts_.resume_pending) {
            for (int64_t id : store.pending()) {
                if (queued_ids.count(id)) continue;
                auto d = store.document(id);
                if (!d) continue;
                IngestOutcome o;
                o.path = d->path;
                o.doc_id = id;
                o.note = "resumed";
                auto here = store.documents_at_path(d->path);
                bool ready_here = std::any_of(here.begin(), here.end(), [](auto& x) { return x.status == DocStatus::Ready; });
                jobs.push_back(Job{id, summary.items.size(), ready_here});
                summary.items.push_back(std::move(o));
            }
        }
    }

    // ---- extract, chunk, commit: documents in parallel ----
    Progress prog(progress, static_cast<int>(jobs.size()));
    const Chunker chunker(opts_.chunking, opts_.counter);
    const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    int jobs_n = opts_.jobs;
    if (jobs_n <= 0) jobs_n = std::max(2, hw / std::max(1, opts_.extract.threads));
    jobs_n = std::max(1, std::min<int>(jobs_n, static_cast<int>(jobs.size())));
    std::atomic<size_t> next{0};
    std::atomic<bool> any_replaced{false};

    auto worker = [&]() {
        std::unique_ptr<Store> store;
        for (size_t j; (j = next.fetch_add(1)) < jobs.size();) {
            IngestOutcome& o = summary.items[jobs[j].item];
            try {
                if (!store) store = std::make_unique<Store>(db_file_, opts_.store);
                prog.pages(o, 0, 0, IngestProgress::Event::Started);
                if (cancel && cancel->load()) {
                    record_failure(store.get(), o, error_code_name(ExtractError::Cancelled),
                                   o.path + ": cancelled before it started", DocStatus::Cancelled);
                    prog.pages(o, 0, 0, IngestProgress::Event::Finished);
                    continue;
                }
                store->set_status(o.doc_id, DocStatus::Extracting);
                // Page threads only where documents leave cores idle: while every core has a
                // document, a second page thread per helper costs ~7% more CPU (a second parse
                // of the document, contended allocator) for no gain; the last documents of a
                // batch (or a single one) get the cores the finished workers left.
                ExtractOptions xopts = opts_.extract;
                const size_t in_flight = std::min<size_t>(static_cast<size_t>(jobs_n), jobs.size() - j);
                xopts.threads = std::clamp(hw / static_cast<int>(std::max<size_t>(in_flight, 1)), 1,
                                           std::max(1, opts_.extract.threads));
                // Extraction runs with no transaction open: readers and other writers go on.
                ExtractedDocument doc = extract_(o.path, xopts, [&](int done, int total) {
                    prog.pages(o, done, total, IngestProgress::Event::Pages);
                }, cancel);
                if (doc.error != ExtractError::None) {
                    std::string msg = doc.error_message.empty() ? o.path + ": " + std::string(error_code_name(doc.error))
                                                                : doc.error_message;
                    record_failure(store.get(), o, error_code_name(doc.error), msg,
                                   doc.error == ExtractError::Cancelled ? DocStatus::Cancelled : DocStatus::Failed);
                } else {
                    auto chunks = chunker.chunk_document(doc);
                    auto replaced = store->commit_document(o.doc_id, doc, chunks);
                    o.result = jobs[j].replaces_ready && !replaced.empty() ? IngestResult::Replaced : IngestResult::Added;
                    if (!replaced.empty()) any_replaced = true;
                    o.pages = static_cast<int>(doc.pages.size());
                    o.chunks = chunks.size();
                    prog.pages(o, o.pages, o.pages, IngestProgress::Event::Pages);
                }
            } catch (const db::SqliteError& e) {
                if (e.is_full())
                    record_failure(store.get(), o, kErrorDiskFull,
                                   o.path + ": the disk or the store's size limit is full; nothing of this document was "
                                            "stored (" + e.sqlite_message() + ")");
                else
                    record_failure(store.get(), o, kErrorStore, o.path + ": " + e.what());
            } catch (const std::exception& e) {
                record_failure(store.get(), o, kErrorStore, o.path + ": " + e.what());
            }
            prog.pages(o, o.pages, o.pages, IngestProgress::Event::Finished);
        }
    };
    std::vector<std::thread> threads;
    for (int i = 1; i < jobs_n; ++i) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();

    if (any_replaced) {
        // Old versions' text must not linger in the index segments or the WAL.
        try {
            Store store(db_file_, opts_.store);
            store.purge_deleted();
        } catch (const std::exception&) {
            // Not fatal: the rows are gone; the next rm or replace compacts again.
        }
    }
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return summary;
}

}  // namespace perimeter::ingest
