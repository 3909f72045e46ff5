// Regression for the jinja fuzzer: every seed and every input the fuzzer once crashed on
// (tests/fuzz/corpus/jinja) goes through the same driver as the fuzz target, in the normal
// build; it must end in a render or a clean error. The real templates must render.
#include <gtest/gtest.h>

#include "tests/chat_template/chat_test_util.h"
#include "tests/common/test_env.h"
#include "tests/fuzz/jinja_fuzz_driver.h"

namespace perimeter {
namespace {

TEST(JinjaCorpus, EveryFileEndsInARenderOrACleanError) {
    auto dir = test::source_dir() / "tests/fuzz/corpus/jinja";
    ASSERT_TRUE(std::filesystem::is_directory(dir)) << "missing " << dir << " (run tests/fuzz/gen_jinja_corpus.py)";
    int files = 0, rendered = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        std::string data = test::read_file(e.path());
        bool ok = fuzz::jinja_fuzz_one(reinterpret_cast<const uint8_t*>(data.data()), data.size());
        ++files;
        rendered += ok;
        // The real templates (not the construct snippets or crash inputs) must render a plain chat.
        std::string name = e.path().filename().string();
        if (e.path().extension() == ".jinja" && name.rfind("constructs_", 0) != 0) {
            auto t = engine::ChatTemplate::from_string(data, "<s>", "</s>");
            EXPECT_NO_THROW(t.render({{"user", "Hello", {}}, {"assistant", "Hi", {}}, {"user", "Bye", {}}}, true))
                << name;
        }
    }
    std::cout << "[corpus] " << files << " files, " << rendered << " rendered\n";
    EXPECT_GE(files, 13);
}

}  // namespace
}  // namespace perimeter
