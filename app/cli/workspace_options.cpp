#include "app/cli/workspace_options.h"

#include <cstdlib>
#include <filesystem>

namespace perimeter::cli {

analysis::WorkspaceOptions workspace_options(const Args& args, bool need_model) {
    analysis::WorkspaceOptions o;
    if (need_model) o.model.path = args.require("--model");
    o.model.context = args.get_int("-c", 4096);
    o.model.threads = args.get_int("-t", 0);
    std::string emb = args.get("--embedding-model").value_or("");
    if (emb.empty()) {
        if (const char* e = std::getenv("PERIMETER_EMBEDDING_MODEL"); e && *e) emb = e;
    }
    if (emb.empty()) {
        const char* models = std::getenv("PERIMETER_MODELS_DIR");
        const char* home = std::getenv("HOME");
        const std::filesystem::path dir = models && *models ? std::filesystem::path(models)
                                                            : std::filesystem::path(home ? home : "/") / ".cache/perimeter/models";
        if (std::filesystem::exists(dir / "all-MiniLM-L6-v2.F16.gguf")) emb = (dir / "all-MiniLM-L6-v2.F16.gguf").string();
    }
    if (emb != "none") o.embedding_model = emb;
    return o;
}

}  // namespace perimeter::cli
