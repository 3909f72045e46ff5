// perimeter-cli models [--json]: the GGUF models available in the model folder
// ($PERIMETER_MODELS_DIR, default ~/.cache/perimeter/models, where the set-up places them).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "app/cli/command.h"
#include "engine/gguf/gguf_file.h"
#include "engine/model/model_info.h"

namespace perimeter::cli {
namespace {

namespace fs = std::filesystem;

fs::path models_dir() {
    if (const char* d = std::getenv("PERIMETER_MODELS_DIR"); d && *d) return d;
    const char* home = std::getenv("HOME");
    return fs::path(home ? home : "/") / ".cache" / "perimeter" / "models";
}

struct Entry {
    std::string name, path, arch, quant, error;
    uint64_t size = 0;
};

int run_models(const std::vector<std::string>& argv) {
    Args args(argv, {"--json"}, {});
    const fs::path dir = models_dir();
    std::vector<Entry> entries;
    std::error_code ec;
    if (fs::is_directory(dir, ec)) {
        for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
            if (!e.is_regular_file() || e.path().extension() != ".gguf") continue;
            Entry m;
            m.path = fs::canonical(e.path()).string();
            m.name = e.path().stem().string();
            m.size = e.file_size();
            try {
                auto f = engine::GgufFile::open(m.path);
                m.arch = std::string(f->get_string("general.architecture").value_or("unknown"));
                m.quant = engine::quantization_name(*f);
            } catch (const std::exception& ex) {
                m.error = ex.what();
            }
            entries.push_back(std::move(m));
        }
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
    if (args.flag("--json")) {
        std::cout << "[";
        for (size_t i = 0; i < entries.size(); ++i) {
            const auto& m = entries[i];
            std::cout << (i ? "," : "") << "{\"name\":\"" << json_escape(m.name) << "\",\"path\":\""
                      << json_escape(m.path) << "\",\"arch\":\"" << json_escape(m.arch) << "\",\"quant\":\""
                      << json_escape(m.quant) << "\",\"size_bytes\":" << m.size;
            if (!m.error.empty()) std::cout << ",\"error\":\"" << json_escape(m.error) << "\"";
            std::cout << "}";
        }
        std::cout << "]\n";
    } else {
        if (entries.empty()) std::cout << "no models in " << dir.string() << "\n";
        for (const auto& m : entries) {
            std::cout << m.name << "  " << m.arch << "  " << m.quant << "  " << m.size / 1e6 << " MB  " << m.path;
            if (!m.error.empty()) std::cout << "  (unreadable: " << m.error << ")";
            std::cout << "\n";
        }
    }
    return kOk;
}

}  // namespace

PERIMETER_COMMAND("models", "models [--json]",
                  "List the GGUF models in the model folder ($PERIMETER_MODELS_DIR or ~/.cache/perimeter/models).",
                  "Each model: name, path, architecture, quantization and size in bytes.", run_models);

}  // namespace perimeter::cli
