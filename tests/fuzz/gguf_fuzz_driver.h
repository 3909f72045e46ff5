// What one fuzz input goes through: parse, then everything a caller may do with a parsed file
// (read every value, dequantize every tensor's first row, describe and load it as a model).
// Shared by the libFuzzer target and the corpus regression test, so the normal build runs
// the same code on every corpus file.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/gguf/gguf_file.h"
#include "engine/model/model.h"
#include "engine/model/model_info.h"
#include "kernels/type_traits.h"

namespace perimeter::fuzz {

// Returns true when the input parsed as GGUF. Never throws anything but GgufError (caught here).
inline bool run_gguf_input(const uint8_t* data, size_t size) {
    std::unique_ptr<engine::GgufFile> f;
    try {
        f = engine::GgufFile::from_memory(data, size, "fuzz.gguf");
    } catch (const engine::GgufError&) {
        return false;
    }
    volatile double sink = 0;
    for (const auto& kv : f->metadata()) {
        const auto& v = kv.value;
        sink = sink + double(kv.key.size()) + double(v.str.size());
        for (auto s : v.strs) sink = sink + double(s.size());
        if (v.is_array() && v.raw)
            for (uint64_t i = 0; i < v.count && i < 4096; ++i) {
                try {
                    sink = sink + v.array_float(i);
                } catch (const engine::GgufError&) {
                }
            }
    }
    std::vector<float> row;
    int64_t budget = int64_t(1) << 20;  // elements dequantized per input
    for (const auto& t : f->tensors()) {
        const auto& tr = kernels::type_traits(t.type);
        if (!tr.supported || t.ne[0] > budget) continue;
        budget -= t.ne[0];
        row.resize(size_t(t.ne[0]));
        tr.dequantize_row(t.data, row.data(), t.ne[0]);  // first row
        tr.dequantize_row(t.data + (t.nbytes - t.row_bytes()), row.data(), t.ne[0]);  // last row
        sink = sink + double(row[0]);
    }
    try {
        const auto info = engine::describe_model(*f);
        sink = sink + double(info.kv_cache_bytes(4096));
        (void)engine::quantization_name(*f);
        auto m = engine::load_model(std::move(f));
        sink = sink + double(m->hparams.n_layer);
    } catch (const engine::GgufError&) {
    }
    return true;
}

}  // namespace perimeter::fuzz
