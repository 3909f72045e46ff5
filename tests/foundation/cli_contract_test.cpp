// perimeter-cli keeps the contract of the README: every subcommand listed, --help for each,
// `models --json` lists the set-up's models with real paths.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/wait.h>

#include "tests/common/test_env.h"

namespace {

struct Result {
    int status = -1;
    std::string out;
};

Result run(const std::string& args) {
    const std::string cmd = (perimeter::test::bin_dir() / "perimeter-cli").string() + " " + args + " 2>&1";
    Result r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

const char* const kCommands[] = {"models", "model-info", "tokenize", "chat-template", "generate",
                                 "perplexity", "bench", "ingest", "rm", "docs", "search", "ask",
                                 "report", "eval"};

}  // namespace

TEST(CliContract, HelpListsEveryCommand) {
    Result r = run("--help");
    ASSERT_EQ(r.status, 0) << r.out;
    for (const char* c : kCommands) {
        EXPECT_NE(r.out.find(std::string("  ") + c + " "), std::string::npos) << "missing " << c << "\n" << r.out;
    }
}

TEST(CliContract, EachCommandHasHelp) {
    for (const char* c : kCommands) {
        Result r = run(std::string(c) + " --help");
        EXPECT_EQ(r.status, 0) << c << ": " << r.out;
        EXPECT_NE(r.out.find(std::string("usage: perimeter-cli ") + c), std::string::npos) << r.out;
    }
}

TEST(CliContract, UnknownCommandAndOptionFail) {
    EXPECT_NE(run("no-such-command").status, 0);
    Result r = run("models --no-such-option");
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.out.find("--no-such-option"), std::string::npos) << r.out;
}

TEST(CliContract, ModelsJsonListsBothModels) {
    Result r = run("models --json");
    ASSERT_EQ(r.status, 0) << r.out;
    for (const auto& model : {perimeter::test::smollm2(), perimeter::test::gemma3()}) {
        ASSERT_TRUE(std::filesystem::exists(model)) << "set-up did not place " << model;
        const std::string path = std::filesystem::canonical(model).string();
        EXPECT_NE(r.out.find("\"path\":\"" + path + "\""), std::string::npos) << path << "\n" << r.out;
    }
    EXPECT_NE(r.out.find("\"arch\":\"llama\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"arch\":\"gemma3\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"quant\":\"Q4_1\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"quant\":\"Q4_K_M\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"size_bytes\":" + std::to_string(std::filesystem::file_size(perimeter::test::gemma3()))),
              std::string::npos) << r.out;
}
