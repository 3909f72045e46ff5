// The engine behind the analysis interfaces: a Generator over an engine session and an
// ingest::Embedder over an embedding model. The only place where app/analysis meets the
// engine's API.
#pragma once
#include <filesystem>
#include <memory>

#include "app/analysis/generator.h"
#include "app/analysis/workspace.h"
#include "docs-ingest/embedder.h"

namespace perimeter::analysis {

// Throws AnalysisError{ModelLoad} naming the file and the engine's reason.
std::unique_ptr<Generator> make_engine_generator(const ModelConfig& config);
std::unique_ptr<ingest::Embedder> make_engine_embedder(const std::filesystem::path& gguf, int threads);

}  // namespace perimeter::analysis
