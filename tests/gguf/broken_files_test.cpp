// Every hand-made broken file in tests/gguf/broken/ (written by gen_broken.py) is refused
// with a GgufError that names the file and says what is wrong; the valid ones open. Both
// entry points are checked: open() (mmap) and from_memory() (what the fuzzer drives).
#include <gtest/gtest.h>

#include "engine/gguf/gguf_file.h"
#include "tests/common/test_env.h"
#include "tests/gguf/gguf_test_util.h"

namespace perimeter {
namespace {

using engine::GgufError;
using engine::GgufFile;

std::filesystem::path broken_dir() { return test::source_dir() / "tests" / "gguf" / "broken"; }

struct Case {
    std::string file;
    std::string expected;
};

std::vector<Case> cases() {
    std::vector<Case> out;
    for (const auto& line : test::read_lines(broken_dir() / "expected.tsv")) {
        auto cols = test::split_tabs(line);
        if (cols.size() == 2) out.push_back({cols[0], cols[1]});
    }
    return out;
}

TEST(GgufBroken, TableIsComplete) {
    const auto all = cases();
    ASSERT_GE(all.size(), 40u) << "expected.tsv missing or short in " << broken_dir();
    for (const auto& c : all) EXPECT_TRUE(std::filesystem::exists(broken_dir() / c.file)) << c.file;
}

TEST(GgufBroken, EveryFileIsRefusedWithItsNamedError) {
    for (const auto& c : cases()) {
        const std::string path = (broken_dir() / c.file).string();
        SCOPED_TRACE(c.file);
        try {
            auto f = GgufFile::open(path);
            ADD_FAILURE() << c.file << ": opened, expected error containing: " << c.expected;
        } catch (const GgufError& e) {
            const std::string msg = e.what();
            EXPECT_EQ(msg.rfind(path + ": ", 0), 0u) << "error does not start with the file name: " << msg;
            EXPECT_NE(msg.find(c.expected), std::string::npos)
                << "expected '" << c.expected << "'\n      got '" << msg << "'";
        }
    }
}

TEST(GgufBroken, FromMemoryGivesTheSameErrors) {
    for (const auto& c : cases()) {
        SCOPED_TRACE(c.file);
        const auto bytes = test::read_bytes(broken_dir() / c.file);
        try {
            auto f = GgufFile::from_memory(bytes.data(), bytes.size(), c.file);
            ADD_FAILURE() << c.file << ": parsed, expected error containing: " << c.expected;
        } catch (const GgufError& e) {
            const std::string msg = e.what();
            EXPECT_EQ(msg.rfind(c.file + ": ", 0), 0u) << msg;
            EXPECT_NE(msg.find(c.expected), std::string::npos) << "expected '" << c.expected << "', got '" << msg << "'";
        }
    }
}

// Every prefix of a valid file is refused cleanly (truncation anywhere), never a crash.
TEST(GgufBroken, EveryTruncationOfAValidFileIsRefused) {
    const auto bytes = test::read_bytes(broken_dir() / "valid_all_types.bin");
    ASSERT_GT(bytes.size(), 500u);
    for (size_t n = 0; n < bytes.size(); ++n) {
        // A copy of exactly n bytes, so that AddressSanitizer sees any read past the end.
        std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + ptrdiff_t(n));
        EXPECT_THROW(GgufFile::from_memory(prefix.data(), prefix.size(), "prefix"), GgufError) << "prefix of " << n;
    }
    EXPECT_NO_THROW(GgufFile::from_memory(bytes.data(), bytes.size(), "full"));
}

TEST(GgufBroken, MissingFileAndDirectoryAreNamed) {
    try {
        GgufFile::open("/nonexistent/model.gguf");
        FAIL() << "opened a missing file";
    } catch (const GgufError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/model.gguf: cannot open"), std::string::npos) << e.what();
    }
    try {
        GgufFile::open(broken_dir().string());
        FAIL() << "opened a directory";
    } catch (const GgufError& e) {
        EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace perimeter
