// `perimeter-cli perplexity` against llama.cpp computed the same way (perplexity_ref.py) on the
// same GGUF files and text (English 10-Q text from the corpus, via pdftotext): within 0.5%.
// Default: SmolLM2 on ~2k tokens with 256-token windows; `full` (RUNTIME_FULL): SmolLM2 and
// Gemma 3 on >= 20k tokens with 512-token windows.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

#include "tests/common/test_env.h"

#ifndef RUNTIME_FULL
#define RUNTIME_FULL 0
#endif

namespace perimeter::test {
namespace {
namespace fs = std::filesystem;

std::string run(const std::string& cmd) {
    std::string out;
    std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
    if (!p) return out;
    std::array<char, 4096> buf;
    while (fgets(buf.data(), int(buf.size()), p.get())) out += buf.data();
    return out;
}

double last_ppl(const std::string& out) {
    const size_t at = out.rfind("ppl ");
    return at == std::string::npos ? -1 : std::stod(out.substr(at + 4));
}

void check(const fs::path& model, int ctx, int max_chars) {
    ASSERT_TRUE(fs::exists(model)) << "missing model " << model << " (scripts/setup.sh)";
    const fs::path cli = bin_dir() / "perimeter-cli";
    ASSERT_TRUE(fs::exists(cli)) << "missing " << cli << " (build perimeter-cli)";
    const fs::path script = source_dir() / "tests" / "runtime" / "perplexity_ref.py";
    const fs::path text = out_dir() / ("ppl_text_" + std::to_string(max_chars) + ".txt");
    if (!fs::exists(text))
        ASSERT_EQ(std::system(("'" + python().string() + "' '" + script.string() + "' --make-text '" + text.string() +
                               "' --max-chars " + std::to_string(max_chars)).c_str()), 0);
    const std::string args = " --model '" + model.string() + "' --file '" + text.string() + "' --ctx " + std::to_string(ctx);
    const std::string ref_out = run("'" + python().string() + "' '" + script.string() + "'" + args + " 2>/dev/null");
    const std::string our_out = run("'" + cli.string() + "' perplexity" + args + " -t 2 2>&1");
    const double ref = last_ppl(ref_out), ours = last_ppl(our_out);
    ASSERT_GT(ref, 0) << ref_out;
    ASSERT_GT(ours, 0) << our_out;
    const double rel = std::abs(ours - ref) / ref;
    std::printf("[perplexity] %s ctx=%d: ours %.4f, llama.cpp %.4f (%+.3f%%); %s", model.filename().c_str(), ctx, ours,
                ref, 100 * (ours - ref) / ref, ref_out.substr(0, ref_out.find('\n') + 1).c_str());
    EXPECT_LT(rel, 0.005);
}

TEST(Perplexity, SmolLM2) { check(smollm2(), RUNTIME_FULL ? 512 : 256, RUNTIME_FULL ? 120000 : 8000); }
#if RUNTIME_FULL
TEST(Perplexity, Gemma3) { check(gemma3(), 512, 120000); }
#endif

}  // namespace
}  // namespace perimeter::test
