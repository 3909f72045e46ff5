#include "docs-ingest/ingest_pipeline.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
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
        isolated_ = true;
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
    IngestOutcome* outcome;   // in the batch's outcome list (a deque: stable while it grows)
    bool replaces_ready;      // a ready version of this path is in the store
};

// A blocking queue between the batch's threads; close() ends it once drained.
template <class T>
class Channel {
public:
    explicit Channel(size_t capacity = SIZE_MAX) : capacity_(capacity) {}

    void push(T v) {
        std::unique_lock<std::mutex> lock(mu_);
        room_.wait(lock, [&] { return q_.size() < capacity_; });
        q_.push_back(std::move(v));
        ready_.notify_one();
    }
    std::optional<T> pop() {
        std::unique_lock<std::mutex> lock(mu_);
        ready_.wait(lock, [&] { return !q_.empty() || closed_; });
        if (q_.empty()) return std::nullopt;
        T v = std::move(q_.front());
        q_.pop_front();
        room_.notify_one();
        return v;
    }
    void close() {
        std::lock_guard<std::mutex> lock(mu_);
        closed_ = true;
        ready_.notify_all();
    }
    size_t waiting() {
        std::lock_guard<std::mutex> lock(mu_);
        return q_.size();
    }

private:
    std::mutex mu_;
    std::condition_variable ready_, room_;
    std::deque<T> q_;
    size_t capacity_;
    bool closed_ = false;
};

// What an extraction worker hands to the store thread, in the order it happened.
struct StoreWork {
    enum class Kind { Extracting, Extracted, Failed } kind = Kind::Failed;
    Job job{};
    ExtractedDocument doc;              // Extracted
    std::string code, message;          // Failed
    DocStatus status = DocStatus::Failed;
};

// The batch's shared progress state; every callback goes through report() under the lock.
class Progress {
public:
    explicit Progress(const IngestProgressFn& fn) : fn_(fn) {}

    // The plan queued one more document (the total is final once the plan is done).
    void add_document() {
        std::lock_guard<std::mutex> lock(mu_);
        ++docs_total_;
    }

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
    int docs_total_ = 0;
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

int64_t file_size_or_zero(const std::string& path) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(path, ec);
    return ec ? 0 : static_cast<int64_t>(n);
}

}  // namespace

// Three stages run at once, so that no core waits for another stage:
//  - plan (this thread): hash each file, decide no-op / new / redo, queue its row; a job is
//    handed to the workers as soon as its file is hashed, largest files first (the longest
//    documents start first and the batch ends with short ones on every core);
//  - extraction workers (jobs_n threads): one helper process per document, nothing else, so
//    a worker starts its next helper the moment one finishes; the workers start with the
//    batch and start their helper processes at once, while the plan opens the store;
//  - the store thread: chunking and every write of the batch, one document per transaction,
//    on one connection (no two writers wait on each other's lock).
IngestSummary IngestPipeline::run(const std::vector<std::filesystem::path>& files, const IngestProgressFn& progress,
                                  const std::atomic<bool>* cancel) {
    const auto t0 = std::chrono::steady_clock::now();
    std::deque<IngestOutcome> outcomes(files.size());
    for (size_t i = 0; i < files.size(); ++i)
        outcomes[i].path = std::filesystem::absolute(files[i]).lexically_normal().string();

    Progress prog(progress);
    const Chunker chunker(opts_.chunking, opts_.counter);
    const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    int jobs_n = opts_.jobs;
    if (jobs_n <= 0) jobs_n = std::max(2, hw / std::max(1, opts_.extract.threads));
    Channel<Job> jobs;
    // A few finished documents may wait for the store thread; beyond that the workers wait
    // (memory stays bounded when the disk is slower than extraction).
    Channel<StoreWork> to_store(static_cast<size_t>(2 * jobs_n + 2));
    std::atomic<bool> any_replaced{false};
    std::atomic<int> extracting{0};

    // Files not yet planned: jobs that may still come (for the page-thread choice below).
    std::atomic<size_t> unplanned{files.size()};
    std::atomic<int> workers_running{jobs_n};

    auto worker = [&]() {
        // The helper's start-up (exec, linking poppler) overlaps opening the store and hashing
        // the first file instead of following them.
        if (isolated_) prestart_isolated(opts_.extract);
        while (std::optional<Job> job = jobs.pop()) {
            IngestOutcome& o = *job->outcome;
            StoreWork w;
            w.job = *job;
            try {
                prog.pages(o, 0, 0, IngestProgress::Event::Started);
                if (cancel && cancel->load()) {
                    w.code = error_code_name(ExtractError::Cancelled);
                    w.message = o.path + ": cancelled before it started";
                    w.status = DocStatus::Cancelled;
                    to_store.push(std::move(w));
                    continue;
                }
                to_store.push(StoreWork{StoreWork::Kind::Extracting, *job, {}, {}, {}, DocStatus::Extracting});
                // Page threads only where documents leave cores idle: while every core has a
                // document, a second page thread per helper costs ~7% more CPU (a second parse
                // of the document, contended allocator) for no gain; the last documents of a
                // batch (or a single one) get the cores the finished workers left.
                ExtractOptions xopts = opts_.extract;
                const int busy = ++extracting;
                const size_t ahead = jobs.waiting() + unplanned.load();
                const int in_flight = static_cast<int>(std::min<size_t>(static_cast<size_t>(jobs_n),
                                                                        static_cast<size_t>(busy) + ahead));
                xopts.threads = std::clamp(hw / std::max(in_flight, 1), 1, std::max(1, opts_.extract.threads));
                try {
                    // Extraction runs with no transaction open: readers and other writers go on.
                    w.doc = extract_(o.path, xopts, [&](int done, int total) {
                        prog.pages(o, done, total, IngestProgress::Event::Pages);
                    }, cancel);
                    w.kind = StoreWork::Kind::Extracted;
                } catch (...) {
                    --extracting;
                    throw;
                }
                --extracting;
            } catch (const std::exception& e) {
                w.kind = StoreWork::Kind::Failed;
                w.code = kErrorStore;
                w.message = o.path + ": " + e.what();
                w.status = DocStatus::Failed;
            }
            to_store.push(std::move(w));
        }
        // The last worker out ends the store thread's queue: it finishes while the workers'
        // helpers are still being shut down (thread exit), not after.
        if (--workers_running == 0) to_store.close();
    };

    auto store_thread = [&]() {
        std::unique_ptr<Store> store;
        while (std::optional<StoreWork> w = to_store.pop()) {
            IngestOutcome& o = *w->job.outcome;
            try {
                if (!store) store = std::make_unique<Store>(db_file_, opts_.store);
                if (w->kind == StoreWork::Kind::Extracting) {
                    store->set_status(o.doc_id, DocStatus::Extracting);
                    continue;
                }
                if (w->kind == StoreWork::Kind::Failed) {
                    record_failure(store.get(), o, w->code, w->message, w->status);
                } else if (const ExtractedDocument& doc = w->doc; doc.error != ExtractError::None) {
                    std::string msg = doc.error_message.empty() ? o.path + ": " + std::string(error_code_name(doc.error))
                                                                : doc.error_message;
                    record_failure(store.get(), o, error_code_name(doc.error), msg,
                                   doc.error == ExtractError::Cancelled ? DocStatus::Cancelled : DocStatus::Failed);
                } else {
                    auto chunks = chunker.chunk_document(doc);
                    auto replaced = store->commit_document(o.doc_id, doc, chunks);
                    o.result = w->job.replaces_ready && !replaced.empty() ? IngestResult::Replaced : IngestResult::Added;
                    if (!replaced.empty()) any_replaced = true;
                    o.pages = static_cast<int>(doc.pages.size());
                    o.chunks = chunks.size();
                    prog.pages(o, o.pages, o.pages, IngestProgress::Event::Pages);
                }
            } catch (const db::SqliteError& e) {
                if (w->kind == StoreWork::Kind::Extracting) continue;  // the commit will say what is wrong
                if (e.is_full())
                    record_failure(store.get(), o, kErrorDiskFull,
                                   o.path + ": the disk or the store's size limit is full; nothing of this document was "
                                            "stored (" + e.sqlite_message() + ")");
                else
                    record_failure(store.get(), o, kErrorStore, o.path + ": " + e.what());
            } catch (const std::exception& e) {
                if (w->kind == StoreWork::Kind::Extracting) continue;
                record_failure(store.get(), o, kErrorStore, o.path + ": " + e.what());
            }
            w->doc = {};  // free the pages before waiting for the next document
            prog.pages(o, o.pages, o.pages, IngestProgress::Event::Finished);
        }
    };

    std::vector<std::thread> threads;
    auto start_threads = [&]() {
        if (!threads.empty()) return;
        threads.emplace_back(store_thread);
        for (int i = 0; i < jobs_n; ++i) threads.emplace_back(worker);
    };
    auto finish_threads = [&]() {
        jobs.close();
        for (size_t i = 1; i < threads.size(); ++i) threads[i].join();
        to_store.close();
        if (!threads.empty()) threads[0].join();
    };

    try {
        if (!files.empty()) start_threads();
        // ---- plan: hash each file, decide no-op / new / redo, queue rows ----
        Store store(db_file_, opts_.store);
        std::unordered_set<std::string> batch_shas;
        std::unordered_set<int64_t> queued_ids;
        auto queue_job = [&](const Job& job) {
            prog.add_document();
            start_threads();
            jobs.push(job);
        };
        // Largest first (longest-processing-time order): a big document started last would
        // run alone while the other cores idle. Equal sizes keep the path order, so of two
        // identical files the first by path is the one ingested.
        std::vector<size_t> order(files.size());
        std::vector<int64_t> sizes(files.size());
        for (size_t i = 0; i < files.size(); ++i) {
            order[i] = i;
            sizes[i] = file_size_or_zero(outcomes[i].path);
        }
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return sizes[a] > sizes[b]; });
        // One file: its outcome when nothing is to be done, else the job to queue.
        auto plan_file = [&](IngestOutcome& o) -> std::optional<Job> {
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
                return std::nullopt;
            }
            if (batch_shas.count(sha)) {
                o.result = IngestResult::Unchanged;
                o.note = "same content as another file of this batch";
                return std::nullopt;
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
                return std::nullopt;
            }
            if (same) reuse = same->id;  // failed, cancelled or left over: do it again
            if (reuse) {
                store.requeue(reuse, o.path, sha, size, opts_.collection);
                o.doc_id = reuse;
            } else {
                o.doc_id = store.add_queued(o.path, sha, size, opts_.collection);
            }
            queued_ids.insert(o.doc_id);
            return Job{o.doc_id, &o, ready_here};
        };
        for (size_t i : order) {
            std::optional<Job> job = plan_file(outcomes[i]);
            --unplanned;
            if (job) queue_job(*job);
        }
        if (opts_.resume_pending) {
            for (int64_t id : store.pending()) {
                if (queued_ids.count(id)) continue;
                auto d = store.document(id);
                if (!d) continue;
                IngestOutcome& o = outcomes.emplace_back();
                o.path = d->path;
                o.doc_id = id;
                o.note = "resumed";
                auto here = store.documents_at_path(d->path);
                bool ready_here = std::any_of(here.begin(), here.end(), [](auto& x) { return x.status == DocStatus::Ready; });
                queue_job(Job{id, &o, ready_here});
            }
        }
    } catch (...) {
        finish_threads();  // what was queued is finished (or cancelled) before the error goes up
        throw;
    }
    finish_threads();

    if (any_replaced) {
        // Old versions' text must not linger in the index segments or the WAL.
        try {
            Store store(db_file_, opts_.store);
            store.purge_deleted();
        } catch (const std::exception&) {
            // Not fatal: the rows are gone; the next rm or replace compacts again.
        }
    }
    IngestSummary summary;
    summary.items.assign(std::make_move_iterator(outcomes.begin()), std::make_move_iterator(outcomes.end()));
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return summary;
}

}  // namespace perimeter::ingest
