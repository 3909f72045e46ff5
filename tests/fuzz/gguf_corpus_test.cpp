// Regression test for the GGUF fuzzer's seeds, in every build (no libFuzzer needed): each seed
// goes through the same driver as the fuzzer. The seeds: the hand-made files of
// tests/gguf/broken/ (where crashes found by fuzzing are added, and stay fixed here) and the
// ones the set-up cuts from the real models into the cache (tests/fuzz/gen_corpus.py).
#include <gtest/gtest.h>

#include "tests/common/test_env.h"
#include "tests/fuzz/gguf_fuzz_driver.h"
#include "tests/gguf/gguf_test_util.h"

namespace perimeter {
namespace {

TEST(FuzzCorpus, EveryGgufCorpusFileIsHandled) {
    const std::filesystem::path dirs[] = {test::source_dir() / "tests/gguf/broken", test::cache_dir() / "fuzz/gguf"};
    size_t files = 0, parsed = 0, from_models = 0;
    for (const auto& dir : dirs) {
        ASSERT_TRUE(std::filesystem::is_directory(dir)) << "seeds missing: " << dir << " (run scripts/setup.sh)";
        for (const auto& e : std::filesystem::directory_iterator(dir)) {
            if (!e.is_regular_file() || e.path().extension() != ".bin") continue;
            const auto bytes = test::read_bytes(e.path());
            SCOPED_TRACE(e.path().string());
            EXPECT_NO_THROW(parsed += fuzz::run_gguf_input(bytes.data(), bytes.size()));
            ++files;
            from_models += dir == dirs[1];
        }
    }
    std::printf("%zu seed files (%zu from the models), %zu parse as GGUF\n", files, from_models, parsed);
    EXPECT_GE(files, 50u);
    EXPECT_EQ(from_models, 4u);  // a 4 KiB head and a minimised copy of each of the two models
    EXPECT_GE(parsed, 6u);       // the valid seeds (valid_*.bin, *.mini.bin) parse
}

}  // namespace
}  // namespace perimeter
