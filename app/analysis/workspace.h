// The application layer's entry point, shared by the CLI and the GUI: one document store and
// the models that work on it. Every long job reports progress, can be cancelled, and
// streams text where it generates. A Workspace belongs to the thread that made it (its store
// connection does); the GUI makes one per worker thread on the same database file.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/analysis/analysis_error.h"
#include "app/analysis/evidence_check.h"
#include "app/analysis/prompt_library.h"
#include "app/analysis/report.h"

namespace perimeter::ingest {
class Store;
}

namespace perimeter::analysis {

class ReportStore;
class AuditLog;

// What a job needs of a model; the engine is handed these values, it reads no settings.
struct ModelConfig {
    std::filesystem::path path;  // GGUF file
    int threads = 0;             // 0: physical cores
    int context = 4096;          // tokens; capped at the model's trained length
    bool gpu = false;            // use the CUDA backend when built and present
    uint64_t seed = 42;
};

struct GenerationStats {
    int prompt_tokens = 0, generated_tokens = 0, reused_tokens = 0;
    double prompt_tps = 0, generation_tps = 0, time_to_first_token_ms = 0, total_ms = 0;
};

struct JobProgress {
    std::string stage;  // "retrieving", "reading", "summarising part", "combining", "validating"
    int done = 0, total = 0;
};
using ProgressFn = std::function<void(const JobProgress&)>;
using TokenFn = std::function<void(std::string_view piece)>;

struct Selection {
    std::vector<std::string> docs;  // names (with or without .pdf) or ids; empty + no collection = all
    std::string collection;
};

struct CheckedRetrieval;  // ask_pipeline.h

struct AskRequest {
    std::string question;
    Selection selection;
    int64_t thread_id = 0;  // 0: a new conversation
    bool use_cache = true;
};

struct Answer {
    std::string text;                 // as shown to the analyst, with [n] markers
    std::vector<Citation> citations;  // [n] -> citations[n-1]
    std::vector<Claim> claims;        // sentences with their citations and checked figures
    bool refused = false;             // "the documents do not contain this"
    std::string refusal_reason;
    bool from_cache = false;
    int64_t thread_id = 0;
    // The answer's own figures (not those restating the question) and how many of them its
    // cited pages do not show; `draft` is the model's text when it was declined for them.
    std::string draft;
    // The answer is a verbatim quotation of the sources (ask.quote), given instead of a draft
    // that was not grounded; `draft` keeps the model's text.
    bool quoted = false;
    int figures = 0, figures_unsupported = 0;
    GenerationStats stats;
};

struct WorkspaceOptions {
    ModelConfig model;                           // the generator (empty path: none yet)
    std::filesystem::path embedding_model;       // a BERT-style GGUF (empty: BM25 only)
    std::filesystem::path prompts_dir;           // resources/prompts (default: found next to the binary or source)
    std::string language = "en";                 // report language: "en" or "ru"
    int history_budget_tokens = 1024;            // follow-up questions keep this much history
    bool decline_unsupported_figures = true;     // ask: see AskSettings
    bool quote_evidence = true;                  // ask: see AskSettings
};

class Workspace {
public:
    Workspace(const std::filesystem::path& db_file, WorkspaceOptions opts = {});
    ~Workspace();
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    ingest::Store& store();
    ReportStore& reports();
    AuditLog& audit();
    PromptLibrary& prompts();

    // Loads (or replaces) the generator / embedding model. Throws AnalysisError{ModelLoad}.
    void set_model(const ModelConfig& config);
    void set_embedding_model(const std::filesystem::path& gguf);
    bool has_model() const;

    // Embeds chunks that have no vector for the current embedding model (after ingest, in
    // the background). Returns the number embedded; stops early when cancelled.
    size_t embed_pending(const ProgressFn& progress = {}, const std::atomic<bool>* cancel = nullptr);

    // Answers from the selected documents, streaming the text; cited, or refused when the
    // evidence is not there. Saved in its conversation thread.
    Answer ask(const AskRequest& req, const TokenFn& on_token = {}, const std::atomic<bool>* cancel = nullptr);
    // What ask decides before any generation (retrieval and the evidence check); no model needed.
    EvidenceVerdict check_question(const AskRequest& req);
    // The same with the hits, the documents in scope and the line ask would quote.
    CheckedRetrieval check_and_quote(const AskRequest& req);

    // Map-reduce summary of whole filings with key figures and citations; resumable: an
    // interrupted summary of the same documents, model and prompt continues where it stopped.
    // The report is stored (draft, version 1) and returned.
    Report summarize(const Selection& docs, const ProgressFn& progress = {}, const TokenFn& on_token = {},
                     const std::atomic<bool>* cancel = nullptr);

    // A schema-constrained investment recommendation (JSON), validated, rendered as a report
    // with a disclaimer; stored as a draft.
    Report recommend(const Selection& docs, const ProgressFn& progress = {}, const TokenFn& on_token = {},
                     const std::atomic<bool>* cancel = nullptr);

    // Review: an edit re-checks the figures against the cited pages and becomes a new version;
    // status changes and exports are recorded in the audit log with the author.
    int edit_report(int64_t id, Report edited, const std::string& author);
    void set_report_status(int64_t id, ReportStatus status, const std::string& author);
    std::vector<std::filesystem::path> export_report(int64_t id, const std::filesystem::path& dir, const std::string& author);
    // An analyst's edit of a prompt: a new version (see PromptLibrary::edit), recorded in the
    // audit log with the author. Later generations use it and record its version.
    Prompt edit_prompt(const std::string& id, const std::string& language, const std::string& text,
                       const std::string& author);
    // Re-runs the figure checker on a report (e.g. while the reviewer edits); returns flags.
    int check_figures(Report& report);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace perimeter::analysis
