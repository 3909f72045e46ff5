// A store with the bundled sample filings ingested (real extraction), shared by the analysis
// pipeline tests, and a Generator wrapper that counts calls and can cancel after N.
#pragma once
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "app/analysis/generator.h"
#include "docs-ingest/ingest_pipeline.h"
#include "tests/common/test_env.h"

namespace perimeter::test {

inline std::filesystem::path ingest_samples(const std::string& name) {
    const auto db = out_dir() / "analysis" / name;
    std::filesystem::create_directories(db.parent_path());
    for (auto s : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + s);
    const auto samples = source_dir() / "resources" / "samples";
    ingest::IngestOptions opts;
    opts.extract.helper_path = (bin_dir() / "perimeter-extract").string();
    ingest::IngestPipeline pipeline(db, opts);
    auto summary = pipeline.run({samples / "northwind-annual-report-2025.pdf", samples / "volga-logistics-ras-2025.pdf",
                                 samples / "northwind-q3-2025-scan.pdf"});
    EXPECT_TRUE(summary.ok());
    return db;
}

class CountingGenerator : public analysis::Generator {
public:
    CountingGenerator(analysis::Generator& inner, std::atomic<bool>* cancel_after_flag = nullptr, int cancel_after = -1)
        : inner_(inner), flag_(cancel_after_flag), after_(cancel_after) {}
    analysis::GenResult chat(const std::vector<analysis::ChatMessage>& m, const analysis::GenParams& p,
                             const std::function<void(std::string_view)>& t, const std::atomic<bool>* c) override {
        ++calls;
        max_tokens_seen.push_back(p.max_tokens);
        auto r = inner_.chat(m, p, t, c);
        if (flag_ && after_ >= 0 && calls >= after_) flag_->store(true);  // "the user pressed stop"
        return r;
    }
    size_t count_tokens(std::string_view s) override { return inner_.count_tokens(s); }
    int context_length() const override { return inner_.context_length(); }
    std::string model_file() const override { return inner_.model_file(); }
    std::string model_sha256() const override { return inner_.model_sha256(); }
    std::string backend() const override { return inner_.backend(); }
    int threads() const override { return inner_.threads(); }
    int calls = 0;
    std::vector<int> max_tokens_seen;
    int calls_with_max_tokens(int n) const {
        int k = 0;
        for (int m : max_tokens_seen) k += m == n ? 1 : 0;
        return k;
    }

private:
    analysis::Generator& inner_;
    std::atomic<bool>* flag_;
    int after_;
};

}  // namespace perimeter::test
