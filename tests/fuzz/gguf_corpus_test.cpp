// Regression test for the fuzz corpus, in every build (no libFuzzer needed): each committed
// corpus file goes through the same driver as the fuzzer. Crashes found by fuzzing are added
// to tests/fuzz/corpus/gguf/ and stay fixed here.
#include <gtest/gtest.h>

#include "tests/common/test_env.h"
#include "tests/fuzz/gguf_fuzz_driver.h"
#include "tests/gguf/gguf_test_util.h"

namespace perimeter {
namespace {

TEST(FuzzCorpus, EveryGgufCorpusFileIsHandled) {
    const auto dir = test::source_dir() / "tests/fuzz/corpus/gguf";
    ASSERT_TRUE(std::filesystem::is_directory(dir)) << "corpus missing: " << dir;
    size_t files = 0, parsed = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        const auto bytes = test::read_bytes(e.path());
        SCOPED_TRACE(e.path().filename().string());
        EXPECT_NO_THROW(parsed += fuzz::run_gguf_input(bytes.data(), bytes.size()));
        ++files;
    }
    std::printf("%zu corpus files, %zu parse as GGUF\n", files, parsed);
    EXPECT_GE(files, 50u);
    EXPECT_GE(parsed, 6u);  // the valid seeds (valid_*.bin, *.mini.bin) parse
}

}  // namespace
}  // namespace perimeter
