// perimeter-cli model-info on both real models (text and JSON), checked against the gguf-py
// reference data (tests/gguf/reference/*.ref.tsv: architecture, context length, and the
// parameter count summed from gguf-py's tensor shapes), and on a broken file.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>

#include "tests/common/test_env.h"
#include "tests/gguf/gguf_test_util.h"

namespace perimeter {
namespace {

struct CliRun {
    int status = -1;
    std::string out;
};

CliRun run(const std::string& args) {
    const auto cli = test::bin_dir() / "perimeter-cli";
    CliRun r;
    if (!std::filesystem::exists(cli)) {
        ADD_FAILURE() << "perimeter-cli not built at " << cli;
        return r;
    }
    FILE* p = popen(("'" + cli.string() + "' " + args + " 2>&1").c_str(), "r");
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

struct Expected {
    std::string arch;
    int64_t ctx = 0, n_params = 0;
    size_t n_tensors = 0;
};

// What gguf-py says about the model.
Expected from_reference(const std::string& stem) {
    Expected e;
    for (const auto& line : test::read_lines(test::source_dir() / "tests/gguf/reference" / (stem + ".ref.tsv"))) {
        const auto c = test::split_tabs(line);
        if (c[0] == "kv" && c[1] == "general.architecture") e.arch = c[3];
        if (c[0] == "kv" && c[1].size() > 15 && c[1].compare(c[1].size() - 15, 15, ".context_length") == 0)
            e.ctx = std::stoll(c[3]);
        if (c[0] == "tensor") {
            int64_t n = 1;
            for (size_t pos = 0, next; pos <= c[3].size(); pos = next + 1) {
                next = c[3].find('x', pos);
                if (next == std::string::npos) next = c[3].size();
                n *= std::stoll(c[3].substr(pos, next - pos));
            }
            e.n_params += n;
            ++e.n_tensors;
        }
    }
    return e;
}

void check(const std::filesystem::path& model, const std::string& stem) {
    ASSERT_TRUE(std::filesystem::exists(model)) << "real model missing: " << model;
    const Expected e = from_reference(stem);
    ASSERT_FALSE(e.arch.empty());
    const CliRun text = run("model-info '" + model.string() + "'");
    EXPECT_EQ(text.status, 0) << text.out;
    EXPECT_NE(text.out.find("architecture:    " + e.arch + "\n"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("context length:  " + std::to_string(e.ctx) + "\n"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("(" + std::to_string(e.n_params) + ")"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find(std::to_string(e.n_tensors) + " tensors"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("status:          loadable"), std::string::npos) << text.out;
    std::printf("%s", text.out.c_str());

    const CliRun json = run("model-info --json '" + model.string() + "'");
    EXPECT_EQ(json.status, 0) << json.out;
    EXPECT_EQ(json.out.front(), '{');
    EXPECT_NE(json.out.find("\"architecture\":\"" + e.arch + "\""), std::string::npos) << json.out;
    EXPECT_NE(json.out.find("\"context_length\":" + std::to_string(e.ctx) + ","), std::string::npos) << json.out;
    EXPECT_NE(json.out.find("\"n_params\":" + std::to_string(e.n_params) + ","), std::string::npos) << json.out;
    EXPECT_NE(json.out.find("\"loadable\":true"), std::string::npos) << json.out;
}

TEST(ModelInfoCli, SmolLM2) { check(test::smollm2(), "SmolLM2-135M-Instruct.Q4_1"); }
TEST(ModelInfoCli, Gemma3) { check(test::gemma3(), "gemma-3-270m-q4_k_m"); }

TEST(ModelInfoCli, BrokenFileFailsWithOneLineNamingIt) {
    const auto bad = test::source_dir() / "tests/gguf/broken/misaligned_offset.bin";
    const CliRun r = run("model-info '" + bad.string() + "'");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find(bad.string() + ": tensor 0 'a.weight': offset: 16 is not a multiple"), std::string::npos) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    const CliRun missing = run("model-info");
    EXPECT_EQ(missing.status, 2) << missing.out;  // usage error
}

}  // namespace
}  // namespace perimeter
