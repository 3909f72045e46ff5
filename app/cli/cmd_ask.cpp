// perimeter-cli ask --db FILE --model FILE [--doc NAME]... [--collection C] [--json] QUESTION
#include <iostream>

#include "app/analysis/workspace.h"
#include "app/cli/args.h"
#include "app/cli/command.h"
#include "app/cli/workspace_options.h"

namespace perimeter::cli {
namespace {

int run_ask(const std::vector<std::string>& argv) {
    Args args(argv, {"--json", "--no-cache", "--no-stream"},
              {"--db", "--model", "--doc", "--collection", "--embedding-model", "-c", "-t", "--thread"},
              {});
    if (args.positional().empty()) throw UsageError("missing QUESTION");
    std::string question;
    for (const auto& p : args.positional()) question += (question.empty() ? "" : " ") + p;
    analysis::Workspace ws(args.require("--db"), workspace_options(args, /*need_model=*/true));
    analysis::AskRequest req;
    req.question = question;
    req.selection.docs = args.all("--doc");
    req.selection.collection = args.get("--collection").value_or("");
    req.thread_id = args.get_int("--thread", 0);
    req.use_cache = !args.flag("--no-cache");
    const bool json = args.flag("--json");
    const bool stream = !json && !args.flag("--no-stream");
    analysis::Answer a = ws.ask(req, [&](std::string_view piece) {
        if (stream) std::cout << piece << std::flush;
    });
    if (json) {
        std::cout << "{\"answer\":\"" << json_escape(a.text) << "\",\"refused\":" << (a.refused ? "true" : "false")
                  << ",\"thread\":" << a.thread_id << ",\"citations\":[";
        for (size_t i = 0; i < a.citations.size(); ++i) {
            const auto& c = a.citations[i];
            std::cout << (i ? "," : "") << "{\"doc\":\"" << json_escape(c.doc) << "\",\"doc_id\":" << c.doc_id
                      << ",\"page\":" << c.page << ",\"chunk_id\":" << c.chunk_id << ",\"start\":" << c.start
                      << ",\"end\":" << c.end << "}";
        }
        std::cout << "],\"flagged_figures\":[";
        bool first = true;
        for (const auto& claim : a.claims)
            for (const auto& f : claim.figures)
                if (f.flagged) {
                    std::cout << (first ? "" : ",") << "\"" << json_escape(f.text) << "\"";
                    first = false;
                }
        std::cout << "],\"stats\":{\"prompt_tokens\":" << a.stats.prompt_tokens << ",\"reused_tokens\":" << a.stats.reused_tokens
                  << ",\"generated_tokens\":" << a.stats.generated_tokens << ",\"ttft_ms\":" << a.stats.time_to_first_token_ms
                  << ",\"total_ms\":" << a.stats.total_ms << ",\"from_cache\":" << (a.from_cache ? "true" : "false") << "}}\n";
        return kOk;
    }
    if (!stream) std::cout << a.text;
    std::cout << "\n";
    // The streamed draft was replaced after generation (not grounded: a quotation of the source,
    // or the refusal): what ask answers is printed after it.
    if (stream && (a.quoted || a.refusal_reason == "unsupported_figures"))
        std::cout << (a.quoted ? "(draft not grounded in the sources; quoting them instead)\n" : "(draft withdrawn)\n") << a.text << "\n";
    if (a.refused && !a.refusal_reason.empty() && a.refusal_reason != "model")
        std::cout << "(declined: " << a.refusal_reason << ")\n";
    for (size_t i = 0; i < a.citations.size(); ++i) {
        const auto& c = a.citations[i];
        std::cout << "  [" << i + 1 << "] " << c.doc << ", page " << c.page << " (chunk " << c.chunk_id << ", chars " << c.start
                  << "-" << c.end << ")\n";
    }
    return kOk;
}

}  // namespace

PERIMETER_COMMAND("ask", "ask --db FILE --model FILE [--doc NAME]... [--collection C] [--json] QUESTION",
                  "Answer a question from the documents, with citations.",
                  "Every sentence of the answer cites a source [n], listed with file and 1-based page. When the\n"
                  "documents do not contain the answer, it says so instead of guessing.\n"
                  "  --thread N            continue conversation N (history within a token budget)\n"
                  "  --embedding-model F   hybrid retrieval with this embedding model (default: the set-up's)\n"
                  "  --no-cache            do not reuse a stored answer\n"
                  "  -c CTX, -t THREADS    context length and threads",
                  run_ask);

}  // namespace perimeter::cli
