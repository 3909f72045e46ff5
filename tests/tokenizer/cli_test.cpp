// perimeter-cli tokenize against llama.cpp's ids (the same reference data as
// tokenizer_reference): default (adds BOS as the vocabulary says), --no-bos, --special, errors.
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/common/test_env.h"
#include "tests/tokenizer/reference_data.h"

extern char** environ;

namespace perimeter::test {
namespace {

struct CliRun {
    int status = -1;
    std::string out;
};

// Runs perimeter-cli with exactly these arguments (no shell), capturing stdout.
CliRun run_cli(const std::vector<std::string>& args) {
    const std::string exe = (bin_dir() / "perimeter-cli").string();
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(exe.c_str()));
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    int fds[2];
    if (pipe(fds) != 0)
        throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, exe.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    CliRun r;
    if (rc != 0) {
        close(fds[0]);
        throw std::runtime_error("cannot run " + exe + " (build the perimeter-cli target)");
    }
    char buf[4096];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0)
        r.out.append(buf, static_cast<size_t>(n));
    close(fds[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

std::vector<TokenId> ids_of(const std::string& out) {
    EXPECT_TRUE(!out.empty() && out.back() == '\n') << show_text(out);
    return parse_ids(out);
}

class Cli : public ::testing::TestWithParam<std::string> {};

TEST_P(Cli, TokenizeMatchesLlamaCpp) {
    const std::string name = GetParam();
    const Reference ref = load_reference(name);
    const std::string model = vocab_path(name).string();
    ASSERT_TRUE(std::filesystem::exists(model)) << "missing " << model;
    const auto& strings = reference_strings();
    int runs = 0;
    // With BOS (the default) and without, on strings a command line can carry.
    for (const auto& [idx, want] : ref.with_bos) {
        if (idx < 0 || strings[static_cast<size_t>(idx)].find('\0') != std::string::npos)
            continue;
        const std::string& s = strings[static_cast<size_t>(idx)];
        CliRun r = run_cli({"tokenize", "--model", model, "--", s});
        ASSERT_EQ(r.status, 0) << name << " " << show_text(s);
        EXPECT_EQ(ids_of(r.out), want) << name << " " << show_text(s);
        r = run_cli({"tokenize", "--no-bos", "--model", model, "--", s});
        ASSERT_EQ(r.status, 0);
        EXPECT_EQ(ids_of(r.out), ref.tokens.at(idx)) << name << " --no-bos " << show_text(s);
        if (++runs >= 5)
            break;
    }
    int specials = 0;
    for (const auto& [s, want] : ref.special) {
        if (s.find('\0') != std::string::npos)
            continue;
        const CliRun r = run_cli({"tokenize", "--special", "--no-bos", "--model", model, "--", s});
        ASSERT_EQ(r.status, 0);
        EXPECT_EQ(ids_of(r.out), want) << name << " --special " << show_text(s);
        if (++specials >= 3)
            break;
    }
    EXPECT_GE(runs, 5);
    EXPECT_GE(specials, 3);
}

INSTANTIATE_TEST_SUITE_P(Models, Cli, ::testing::Values("smollm2", "gemma3", "llama-spm", "bert-bge", "t5-botchan"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string n = info.param;
                             for (char& c : n)
                                 if (!isalnum(static_cast<unsigned char>(c)))
                                     c = '_';
                             return n;
                         });

TEST(CliErrors, NameTheFileAndExitNonZero) {
    CliRun r = run_cli({"tokenize", "--model", "/nonexistent/model.gguf", "hello"});
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(r.out.empty());
    r = run_cli({"tokenize", "hello"});  // no --model
    EXPECT_EQ(r.status, 2);
    r = run_cli({"tokenize", "--model", vocab_path("gpt-2").string()});  // no TEXT
    EXPECT_EQ(r.status, 2);
    // A GGUF without a vocabulary.
    const auto path = out_dir() / "no_vocab.gguf";
    {
        FILE* f = std::fopen(path.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        const unsigned char hdr[] = {'G', 'G', 'U', 'F', 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        std::fwrite(hdr, 1, sizeof hdr, f);
        std::fclose(f);
    }
    r = run_cli({"tokenize", "--model", path.string(), "hello"});
    EXPECT_EQ(r.status, 1);
}

}  // namespace
}  // namespace perimeter::test
