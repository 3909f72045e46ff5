#include "engine/model/model_info.h"

#include <algorithm>
#include <map>

#include "engine/model/weights.h"
#include "kernels/type_traits.h"

namespace perimeter::engine {

std::string_view file_type_name(int64_t ftype) {
    // llama_ftype (llama.h); gaps are retired values.
    switch (ftype) {
        case 0: return "F32";
        case 1: return "F16";
        case 2: return "Q4_0";
        case 3: return "Q4_1";
        case 7: return "Q8_0";
        case 8: return "Q5_0";
        case 9: return "Q5_1";
        case 10: return "Q2_K";
        case 11: return "Q3_K_S";
        case 12: return "Q3_K_M";
        case 13: return "Q3_K_L";
        case 14: return "Q4_K_S";
        case 15: return "Q4_K_M";
        case 16: return "Q5_K_S";
        case 17: return "Q5_K_M";
        case 18: return "Q6_K";
        case 19: return "IQ2_XXS";
        case 20: return "IQ2_XS";
        case 21: return "Q2_K_S";
        case 22: return "IQ3_XS";
        case 23: return "IQ3_XXS";
        case 24: return "IQ1_S";
        case 25: return "IQ4_NL";
        case 26: return "IQ3_S";
        case 27: return "IQ3_M";
        case 28: return "IQ2_S";
        case 29: return "IQ2_M";
        case 30: return "IQ4_XS";
        case 31: return "IQ1_M";
        case 32: return "BF16";
        case 36: return "TQ1_0";
        case 37: return "TQ2_0";
        case 38: return "MXFP4_MOE";
        default: return "";
    }
}

std::string quantization_name(const GgufFile& file) {
    if (const GgufValue* ft = file.find(kv_name(Kv::GENERAL_FILE_TYPE)); ft && ft->is_integer()) {
        // Signed values live in .i, unsigned in .u; a huge unsigned value is just unknown.
        const bool is_unsigned = ft->i == 0 && ft->u != 0;
        const int64_t v = is_unsigned ? (ft->u < 1024 ? int64_t(ft->u) : -1) : ft->i;
        const std::string_view name = file_type_name(v);
        if (!name.empty()) return std::string(name);
    }
    std::map<uint32_t, uint64_t> bytes;
    for (const GgufTensor& t : file.tensors()) bytes[static_cast<uint32_t>(t.type)] += t.nbytes;
    auto best = std::max_element(bytes.begin(), bytes.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    return best == bytes.end() ? std::string() : kernels::type_label(kernels::TensorType(best->first));
}

uint64_t ModelInfo::kv_cache_bytes(int64_t n_ctx, uint64_t bytes_per_elem) const {
    if (!hparams_ok || n_ctx <= 0) return 0;
    const HParams& hp = hparams;
    if (!hp.causal && hp.arch == Arch::BERT) return 0;  // encoders keep no cache between calls
    uint64_t total = 0;
    for (int64_t il = 0; il < hp.n_layer; ++il) {
        const uint64_t row = uint64_t(hp.n_embd_k_gqa() + hp.n_embd_v_gqa()) * bytes_per_elem;
        total += row * uint64_t(hp.kv_len(il, n_ctx));
    }
    return total;
}

ModelInfo describe_model(const GgufFile& file) {
    ModelInfo info;
    info.path = file.path();
    info.gguf_version = file.version();
    info.file_size = file.file_size();
    info.n_kv = int64_t(file.metadata().size());
    info.n_tensors = int64_t(file.tensors().size());

    // Metadata strings are only shown, so a wrong type just leaves them empty.
    auto str = [&](Kv k) {
        const GgufValue* v = file.find(kv_name(k));
        return v && v->type == GgufValueType::STRING ? std::string(v->str) : std::string();
    };
    info.architecture = str(Kv::GENERAL_ARCHITECTURE);
    info.name = str(Kv::GENERAL_NAME);
    info.size_label = str(Kv::GENERAL_SIZE_LABEL);
    info.file_type = quantization_name(file);

    // Quantization mix.
    std::map<uint32_t, TypeUsage> by_type;
    for (const GgufTensor& t : file.tensors()) {
        TypeUsage& u = by_type[static_cast<uint32_t>(t.type)];
        u.type = t.type;
        u.name = kernels::type_label(t.type);
        u.supported = kernels::type_traits(t.type).supported;
        u.n_tensors += 1;
        u.n_params += t.n_elements();
        u.bytes += t.nbytes;
        info.n_params += t.n_elements();
        info.weight_bytes += t.nbytes;
    }
    for (auto& [k, u] : by_type) info.types.push_back(u);
    std::sort(info.types.begin(), info.types.end(), [](const TypeUsage& a, const TypeUsage& b) {
        return a.bytes != b.bytes ? a.bytes > b.bytes : a.name < b.name;
    });

    // Can the engine run it? Same checks as load_model, errors kept as text.
    try {
        info.hparams = read_hparams(file);
        info.hparams_ok = true;
        (void)load_weights(file, info.hparams);
        info.loadable = true;
    } catch (const GgufError& e) {
        info.load_error = e.what();
    }
    return info;
}

}  // namespace perimeter::engine
