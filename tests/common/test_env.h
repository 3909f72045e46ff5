// Paths that CTest hands to every test (see tests/CMakeLists.txt), with a skip helper for
// inputs that only the set-up script provides.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <string>

namespace perimeter::test {

inline std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return (v && *v) ? std::string(v) : fallback;
}
inline std::filesystem::path source_dir() { return env_or("PERIMETER_SOURCE_DIR", "."); }
inline std::filesystem::path shared_dir() { return env_or("PERIMETER_SHARED_DIR", "../shared"); }
inline std::filesystem::path models_dir() {
    return env_or("PERIMETER_MODELS_DIR", env_or("HOME", "/root") + "/.cache/perimeter/models");
}
inline std::filesystem::path python() {
    return env_or("PERIMETER_PYTHON", env_or("HOME", "/root") + "/.cache/perimeter/venv/bin/python");
}
inline std::filesystem::path cache_dir() {
    return env_or("PERIMETER_CACHE_DIR", env_or("HOME", "/root") + "/.cache/perimeter");
}
inline std::filesystem::path bin_dir() { return env_or("PERIMETER_BIN_DIR", "bin"); }
inline std::filesystem::path out_dir() {
    std::filesystem::path p = env_or("PERIMETER_TEST_OUT", "test-out");
    std::filesystem::create_directories(p);
    return p;
}
// The two real models the set-up places in the cache.
inline std::filesystem::path smollm2() { return models_dir() / "SmolLM2-135M-Instruct.Q4_1.gguf"; }
inline std::filesystem::path gemma3() { return models_dir() / "gemma-3-270m-q4_k_m.gguf"; }

}  // namespace perimeter::test
