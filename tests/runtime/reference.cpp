#include "tests/runtime/reference.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

#include "tests/common/test_env.h"

namespace perimeter::test {
namespace fs = std::filesystem;

namespace {

struct Reader {
    std::vector<char> buf;
    size_t off = 0;
    std::string name;
    void need(size_t n) {
        if (off + n > buf.size()) throw std::runtime_error(name + ": truncated reference file");
    }
    uint32_t u32() {
        need(4);
        uint32_t v;
        std::memcpy(&v, buf.data() + off, 4);
        off += 4;
        return v;
    }
    float f32() {
        need(4);
        float v;
        std::memcpy(&v, buf.data() + off, 4);
        off += 4;
        return v;
    }
    template <class T>
    std::vector<T> arr(size_t n) {
        need(n * sizeof(T));
        std::vector<T> v(n);
        std::memcpy(v.data(), buf.data() + off, n * sizeof(T));
        off += n * sizeof(T);
        return v;
    }
};

}  // namespace

Reference read_reference(const fs::path& file) {
    Reader r;
    r.name = file.string();
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file.string() + ": cannot open");
    r.buf.assign(std::istreambuf_iterator<char>(in), {});
    r.need(4);
    if (std::memcmp(r.buf.data(), "PRF1", 4) != 0) throw std::runtime_error(file.string() + ": not a reference file");
    r.off = 4;
    Reference ref;
    const uint32_t format = r.u32();
    if (format != 2) throw std::runtime_error(file.string() + ": reference format " + std::to_string(format) + ", expected 2");
    const uint32_t vlen = r.u32();
    auto v = r.arr<char>(vlen);
    ref.version.assign(v.begin(), v.end());
    ref.n_vocab = int(r.u32());
    ref.k = int(r.u32());
    ref.kind = int(r.u32());
    const uint32_t n_prompts = r.u32();
    r.u32();  // n_greedy
    for (uint32_t p = 0; p < n_prompts; ++p) {
        RefPrompt pr;
        pr.tokens = r.arr<int32_t>(r.u32());
        if (ref.kind == 1) {
            pr.embedding = r.arr<float>(r.u32());
        } else {
            for (size_t i = 0; i < pr.tokens.size(); ++i) {
                RefPosition pos;
                pos.lse = r.f32();
                pos.ids = r.arr<int32_t>(size_t(ref.k));
                pos.logits = r.arr<float>(size_t(ref.k));
                pr.positions.push_back(std::move(pos));
            }
            pr.greedy = r.arr<int32_t>(r.u32());
            pr.floor_n = int(r.u32());
            pr.floor_kl_sum = r.f32();
            pr.floor_top1 = int(r.u32());
        }
        ref.prompts.push_back(std::move(pr));
    }
    return ref;
}

Reference reference_for(const fs::path& model, const std::string& set, bool embedding, const std::string& kv) {
    if (!fs::exists(model))
        throw std::runtime_error("missing model " + model.string() +
                                 " (run scripts/setup.sh; test models: scripts/make_test_models.py)");
    const fs::path script = source_dir() / "tests" / "runtime" / "gen_reference.py";
    const fs::path py = python();
    if (!fs::exists(py)) throw std::runtime_error("missing the dev venv python " + py.string() + " (scripts/setup.sh)");
    const fs::path dir = out_dir() / "runtime-refs";
    fs::create_directories(dir);
    const fs::path out =
        dir / (model.filename().string() + "." + set + (embedding ? std::string() : ".kv-" + kv) + ".bin");
    const bool stale = !fs::exists(out) || fs::last_write_time(out) < fs::last_write_time(model) ||
                       fs::last_write_time(out) < fs::last_write_time(script);
    if (stale) {
        const std::string cmd = "'" + py.string() + "' '" + script.string() + "' --model '" + model.string() +
                                "' --set " + set + (embedding ? " --embedding" : " --kv " + kv) + " --out '" + out.string() +
                                "' 2>&1";
        if (std::system(cmd.c_str()) != 0) throw std::runtime_error("reference generation failed: " + cmd);
    }
    return read_reference(out);
}

}  // namespace perimeter::test
