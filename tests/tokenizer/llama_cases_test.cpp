// llama.cpp's own tokenizer test cases: NAME.gguf.inp holds the strings (separated by
// "\n__ggml_vocab_test__\n"), NAME.gguf.out the ids llama.cpp produces (no BOS).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/common/test_env.h"
#include "tests/tokenizer/reference_data.h"

namespace perimeter::test {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> split_cases(const std::string& all) {
    const std::string sep = "\n__ggml_vocab_test__\n";
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        const size_t at = all.find(sep, start);
        if (at == std::string::npos)
            break;
        out.push_back(all.substr(start, at - start));
        start = at + sep.size();
    }
    return out;
}

class LlamaCases : public ::testing::TestWithParam<std::string> {};

TEST_P(LlamaCases, IdsEqualLlamaCppOut) {
    const std::string name = GetParam();
    const fs::path gguf = vocab_path(name);
    // The .inp/.out pairs are all in shared/vocab, also for the two vocabularies whose GGUF
    // comes from the llama-cpp-python source package.
    const fs::path inp = shared_dir() / "vocab" / ("ggml-vocab-" + name + ".gguf.inp");
    const fs::path out = shared_dir() / "vocab" / ("ggml-vocab-" + name + ".gguf.out");
    ASSERT_TRUE(fs::exists(gguf)) << "missing " << gguf;
    ASSERT_TRUE(fs::exists(inp)) << "missing " << inp;
    ASSERT_TRUE(fs::exists(out)) << "missing " << out;
    const auto cases = split_cases(slurp(inp));
    std::vector<std::string> expected;
    {
        std::istringstream ss(slurp(out));
        std::string line;
        while (std::getline(ss, line))
            expected.push_back(line);
    }
    ASSERT_EQ(cases.size(), expected.size()) << inp;
    ASSERT_GE(cases.size(), 30u);
    const auto& tok = *load_vocab(name).tokenizer;
    int equal = 0;
    for (size_t i = 0; i < cases.size(); ++i) {
        const auto got = tok.tokenize(cases[i], false, false);
        const auto want = parse_ids(expected[i]);
        if (got == want) {
            ++equal;
        } else {
            ADD_FAILURE() << name << " case " << i << " " << show_text(cases[i]) << "\n  got  " << show_ids(got)
                          << "\n  want " << show_ids(want);
        }
    }
    std::cout << "AGREEMENT " << name << " llama.cpp-out all " << equal << "/" << cases.size() << "\n";
}

INSTANTIATE_TEST_SUITE_P(SharedVocabs, LlamaCases,
                         ::testing::Values("llama-spm", "phi-3", "deepseek-llm", "gpt-2", "bert-bge", "llama-bpe",
                                           "qwen2"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string n = info.param;
                             for (char& c : n)
                                 if (!isalnum(static_cast<unsigned char>(c)))
                                     c = '_';
                             return n;
                         });

}  // namespace
}  // namespace perimeter::test
