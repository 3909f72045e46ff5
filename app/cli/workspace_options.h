// Workspace options from the common CLI options (--model, --embedding-model, -c, -t).
#pragma once
#include "app/analysis/workspace.h"
#include "app/cli/args.h"

namespace perimeter::cli {

// --embedding-model defaults to $PERIMETER_EMBEDDING_MODEL, then the set-up's
// all-MiniLM-L6-v2 GGUF when it exists ("none" turns hybrid retrieval off).
analysis::WorkspaceOptions workspace_options(const Args& args, bool need_model);

}  // namespace perimeter::cli
