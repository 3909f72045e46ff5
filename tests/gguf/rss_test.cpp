// Opening a model maps it; it must not read it. Resident memory right after opening (and
// binding the weights of) the Gemma 3 file grows by far less than the file size.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "engine/gguf/gguf_file.h"
#include "engine/model/model.h"
#include "tests/common/test_env.h"

namespace perimeter {
namespace {

uint64_t resident_bytes() {
    std::ifstream in("/proc/self/statm");
    uint64_t size = 0, resident = 0;
    in >> size >> resident;
    return resident * uint64_t(sysconf(_SC_PAGESIZE));
}

TEST(GgufRss, OpeningGemma3DoesNotReadTheWeights) {
    const auto path = test::gemma3();
    ASSERT_TRUE(std::filesystem::exists(path)) << "real model missing: " << path;
    const uint64_t file_size = std::filesystem::file_size(path);

    const uint64_t before = resident_bytes();
    auto file = engine::GgufFile::open(path.string());
    const uint64_t after_open = resident_bytes();
    auto model = engine::load_model(path.string());
    const uint64_t after_load = resident_bytes();

    const double open_pct = 100.0 * double(after_open - before) / double(file_size);
    const double load_pct = 100.0 * double(after_load - before) / double(file_size);
    std::printf("gemma3 file %.1f MiB; RSS growth after open %.2f MiB (%.1f%%), after open + load_model %.2f MiB (%.1f%%)\n",
                double(file_size) / 1048576.0, double(after_open - before) / 1048576.0, open_pct,
                double(after_load - before) / 1048576.0, load_pct);
    EXPECT_LT(double(after_open - before), 0.25 * double(file_size));
    EXPECT_LT(double(after_load - before), 0.25 * double(file_size));
    EXPECT_EQ(model->hparams.n_layer, 18);
}

}  // namespace
}  // namespace perimeter
