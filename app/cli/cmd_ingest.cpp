// perimeter-cli ingest --db FILE [--collection NAME] [--password PW] PATH...
// Reads PDFs and scans into the store. A folder is walked for .pdf .png .jpg .jpeg .tif
// .tiff. A progress bar on a terminal, one line per document otherwise; a summary at the end.
// Every document is tried; the exit status is 1 if any failed (after the whole batch).
// Ctrl-C cancels: documents not yet committed are marked cancelled, committed ones stay.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "app/cli/args.h"
#include "app/cli/command.h"
#include "docs-ingest/ingest_pipeline.h"

#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC bug 105329 on "literal" + std::string
#endif

namespace perimeter::cli {
namespace {

using ingest::IngestProgress;
using ingest::IngestResult;

std::atomic<bool> g_cancel{false};

extern "C" void on_interrupt(int) {
    g_cancel = true;
    std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

std::string fixed1(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// One line per finished document (no terminal) or a redrawn bar on stderr (terminal).
class ProgressView {
public:
    explicit ProgressView(bool tty) : tty_(tty) {}

    void operator()(const IngestProgress& p) {
        const auto& o = *p.outcome;
        std::string name = std::filesystem::path(o.path).filename().string();
        if (!tty_) {
            if (p.event != IngestProgress::Event::Finished) return;
            std::ostringstream line;
            line << "[" << p.docs_done << "/" << p.docs_total << "] " << name << ": " << ingest::to_string(o.result);
            if (o.result == IngestResult::Added || o.result == IngestResult::Replaced)
                line << ", " << o.pages << " pages, " << o.chunks << " chunks";
            if (!o.error_code.empty()) line << " (" << o.error_code << ": " << o.error_message << ")";
            std::cerr << line.str() << std::endl;
            return;
        }
        constexpr int kWidth = 30;
        double frac = p.batch_pages_total > 0 ? double(p.batch_pages_done) / double(p.batch_pages_total) : 0.0;
        if (p.docs_total > 0 && p.docs_done == p.docs_total) frac = 1.0;
        int fill = static_cast<int>(frac * kWidth + 0.5);
        std::ostringstream bar;
        bar << "\r[" << std::string(static_cast<size_t>(fill), '#') << std::string(static_cast<size_t>(kWidth - fill), '.')
            << "] " << p.docs_done << "/" << p.docs_total << " docs, " << p.batch_pages_done << "/"
            << p.batch_pages_total << " pages  " << name.substr(0, 40);
        if (p.pages_total > 0) bar << " " << p.pages_done << "/" << p.pages_total;
        std::string s = bar.str();
        if (s.size() < last_len_) s += std::string(last_len_ - s.size(), ' ');
        last_len_ = bar.str().size();
        std::cerr << s << std::flush;
        if (p.event == IngestProgress::Event::Finished && !o.error_code.empty() && o.result == IngestResult::Failed)
            std::cerr << "\r" << std::string(last_len_, ' ') << "\r" << name << ": " << o.error_code << ": "
                      << o.error_message << "\n";
    }
    void done() {
        if (tty_ && last_len_) std::cerr << "\n";
    }

private:
    bool tty_;
    size_t last_len_ = 0;
};

int run_ingest(const std::vector<std::string>& argv) {
    Args a(argv, {}, {"--db", "--collection", "--password"});
    const std::string db = a.require("--db");
    if (a.positional().empty()) throw UsageError("no PATH given");
    std::vector<std::filesystem::path> paths(a.positional().begin(), a.positional().end());

    ingest::IngestOptions opts;
    opts.collection = a.get("--collection").value_or("");
    opts.extract.password = a.get("--password").value_or("");
    auto files = ingest::IngestPipeline::collect_inputs(paths);

    g_cancel = false;
    std::signal(SIGINT, on_interrupt);
    ProgressView view(isatty(fileno(stderr)) != 0);
    ingest::IngestSummary sum;
    try {
        ingest::IngestPipeline pipeline(db, opts);
        sum = pipeline.run(files, [&](const IngestProgress& p) { view(p); }, &g_cancel);
    } catch (...) {
        std::signal(SIGINT, SIG_DFL);
        view.done();
        throw;
    }
    std::signal(SIGINT, SIG_DFL);
    view.done();

    size_t failed = sum.count(IngestResult::Failed), cancelled = sum.count(IngestResult::Cancelled);
    std::cout << "ingest: " << sum.items.size() << " documents: " << sum.count(IngestResult::Added) << " added, "
              << sum.count(IngestResult::Replaced) << " replaced, " << sum.count(IngestResult::Unchanged)
              << " unchanged, " << failed << " failed";
    if (cancelled) std::cout << ", " << cancelled << " cancelled";
    std::cout << " (" << sum.pages() << " pages in " << fixed1(sum.seconds) << " s) -> " << db << "\n";
    for (const auto& o : sum.items)
        if (o.result == IngestResult::Failed || o.result == IngestResult::Cancelled)
            std::cout << "  " << ingest::to_string(o.result) << ": " << o.path << ": " << o.error_code << ": "
                      << o.error_message << "\n";
    return failed || cancelled ? kFailure : kOk;
}

}  // namespace

PERIMETER_COMMAND("ingest", "ingest --db FILE [--collection NAME] [--password PW] PATH...",
                  "Read PDFs and scans into the document store.",
                  "PATH may be a folder: it is searched recursively for .pdf .png .jpg .jpeg .tif .tiff.\n"
                  "An unchanged file (same SHA-256) is skipped; a changed file replaces its old version.\n"
                  "A document that cannot be read fails with its error stored (see `docs`); the others go on.\n"
                  "Exit status 1 if any document failed or was cancelled (Ctrl-C), after the whole batch.",
                  run_ingest);

}  // namespace perimeter::cli
