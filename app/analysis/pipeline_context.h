// What the pipelines (ask, summary, recommendation) share: the workspace's store, prompt
// library, audit log and reports, the generator, the retriever, and the options. Built by
// Workspace for each call.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "app/analysis/workspace.h"

namespace perimeter::ingest {
class Store;
class Retriever;
}  // namespace perimeter::ingest

namespace perimeter::analysis {

class Generator;

struct PipelineContext {
    ingest::Store& store;
    PromptLibrary& prompts;
    AuditLog& audit;
    ReportStore& reports;
    Generator* generator;           // null when no model is loaded
    ingest::Retriever& retriever;
    const WorkspaceOptions& options;
    std::filesystem::path schemas_dir;
    // Searched when `retriever` finds nothing: the query rewriter can leave a question only
    // words no chunk has together; the plain ranking still finds its evidence.
    ingest::Retriever* fallback_retriever = nullptr;
};

// Ready documents of a selection. Throws AnalysisError: UnknownDocument for a name that
// matches nothing, NoDocuments when the selection has no ready document.
std::vector<int64_t> resolve_selection(ingest::Store& store, const Selection& selection);

// "ru" when the text is mostly Cyrillic letters, else "en".
std::string detect_language(const std::string& text);

// The generator or AnalysisError{NoModel}.
Generator& require_generator(const PipelineContext& ctx);

}  // namespace perimeter::analysis
