// perimeter-cli report --db FILE --model FILE --doc NAME [--doc NAME]... [--kind summary|recommendation|both] --out DIR
#include <atomic>
#include <csignal>
#include <iostream>
#include <unistd.h>

#include "app/analysis/report_store.h"
#include "app/analysis/workspace.h"
#include "app/cli/args.h"
#include "app/cli/command.h"
#include "app/cli/workspace_options.h"

namespace perimeter::cli {
namespace {

std::atomic<bool> g_cancel{false};
void on_sigint(int) { g_cancel.store(true); }

int run_report(const std::vector<std::string>& argv) {
    Args args(argv, {"--quiet"}, {"--db", "--model", "--doc", "--collection", "--kind", "--out", "--embedding-model", "-c", "-t"});
    const std::string kind = args.get("--kind").value_or("both");
    if (kind != "summary" && kind != "recommendation" && kind != "both")
        throw UsageError("--kind must be summary, recommendation or both, got '" + kind + "'");
    const std::string out = args.require("--out");
    analysis::Selection sel;
    sel.docs = args.all("--doc");
    sel.collection = args.get("--collection").value_or("");
    if (sel.docs.empty() && sel.collection.empty()) throw UsageError("name the documents with --doc NAME (or --collection C)");
    analysis::Workspace ws(args.require("--db"), workspace_options(args, /*need_model=*/true));
    std::signal(SIGINT, on_sigint);
    const bool tty = isatty(2) && !args.flag("--quiet");
    auto progress = [&](const analysis::JobProgress& p) {
        if (args.flag("--quiet")) return;
        std::cerr << (tty ? "\r\033[K" : "") << "report: " << p.stage << " " << p.done << "/" << p.total << (tty ? "" : "\n")
                  << std::flush;
    };
    if (ws.embed_pending({}, &g_cancel) > 0 && !args.flag("--quiet")) std::cerr << "report: embedded new chunks\n";
    // Each report is exported as soon as it is made, so a failure of the next keeps this one.
    auto finish = [&](const analysis::Report& r) {
        if (tty) std::cerr << "\n";
        const auto files = ws.export_report(r.id, out, "perimeter-cli");
        std::cout << analysis::to_string(r.kind) << " report " << r.id << ": " << r.flagged_figures()
                  << " figure(s) flagged for review\n";
        for (const auto& f : files) std::cout << "  " << f.string() << "\n";
    };
    if (kind == "summary" || kind == "both") finish(ws.summarize(sel, progress, {}, &g_cancel));
    if (kind == "recommendation" || kind == "both") finish(ws.recommend(sel, progress, {}, &g_cancel));
    return kOk;
}

}  // namespace

PERIMETER_COMMAND("report",
                  "report --db FILE --model FILE --doc NAME [--doc NAME]... [--kind summary|recommendation|both] --out DIR",
                  "Write a summary and/or recommendation report (PDF + Markdown).",
                  "NAME: file name with or without .pdf, or id. The reports are stored as drafts (version 1) with\n"
                  "their provenance; figures not found on their cited pages are flagged. Ctrl-C cancels; an\n"
                  "interrupted summary resumes where it stopped when run again.",
                  run_report);

}  // namespace perimeter::cli
