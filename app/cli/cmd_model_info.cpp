// perimeter-cli model-info FILE [--json]: architecture, hyper-parameters, size, quantization
// mix and memory estimate of a GGUF model. A file that is not a valid GGUF is an error (exit
// 1, one line naming the file and what is wrong); a valid GGUF the engine cannot run is still
// described, with the reason on the "status" line / in "load_error".
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "app/cli/command.h"
#include "engine/gguf/gguf_file.h"
#include "engine/model/model_info.h"

// GCC 12 reports a false -Wrestrict on `"literal" + std::string` (GCC bug 105329).
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

namespace perimeter::cli {
namespace {

using engine::HParams;
using engine::ModelInfo;

std::string mib(uint64_t bytes) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f MiB", double(bytes) / (1024.0 * 1024.0));
    return buf;
}

std::string millions(int64_t n) {
    char buf[64];
    if (n >= 1000000000)
        std::snprintf(buf, sizeof buf, "%.2fB", double(n) / 1e9);
    else
        std::snprintf(buf, sizeof buf, "%.2fM", double(n) / 1e6);
    return buf;
}

std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.7g", v);
    return buf;
}

void print_text(const ModelInfo& m) {
    std::ostringstream o;
    auto line = [&](const char* key, const std::string& value) {
        o << key;
        for (size_t i = std::string(key).size(); i < 17; ++i) o << ' ';
        o << value << "\n";
    };
    line("file:", m.path);
    line("gguf:", "v" + std::to_string(m.gguf_version) + ", " + std::to_string(m.n_kv) + " metadata keys, " +
                      std::to_string(m.n_tensors) + " tensors");
    line("architecture:", m.architecture.empty() ? "(none)" : m.architecture);
    if (!m.name.empty()) line("name:", m.name);
    if (!m.size_label.empty()) line("size label:", m.size_label);
    line("parameters:", millions(m.n_params) + " (" + std::to_string(m.n_params) + ")");
    line("file size:", mib(m.file_size) + " (" + std::to_string(m.file_size) + " bytes)");
    line("weights:", mib(m.weight_bytes));
    if (!m.file_type.empty()) line("quantization:", m.file_type);
    for (const auto& t : m.types)
        line("  tensors:", t.name + " x " + std::to_string(t.n_tensors) + ", " + millions(t.n_params) + " params, " +
                               mib(t.bytes) + (t.supported ? "" : " (not supported)"));
    if (m.hparams_ok) {
        const HParams& hp = m.hparams;
        line("context length:", std::to_string(hp.n_ctx_train));
        line("vocab:", std::to_string(hp.n_vocab));
        line("layers:", std::to_string(hp.n_layer));
        line("embedding:", std::to_string(hp.n_embd));
        line("feed-forward:", std::to_string(hp.n_ff) + " (" + std::string(engine::activation_name(hp.act)) +
                                  (hp.ffn_gated ? ", gated" : "") + ")");
        line("heads:", std::to_string(hp.n_head) + " (kv " + std::to_string(hp.n_head_kv) + "), head dim " +
                           std::to_string(hp.head_dim_k) +
                           (hp.head_dim_v != hp.head_dim_k ? "/" + std::to_string(hp.head_dim_v) : ""));
        line("norm:", std::string(engine::norm_type_name(hp.norm)) + ", eps " + num(hp.norm_eps));
        if (hp.rope_type != engine::RopeType::NONE)
            line("rope:", std::string(engine::rope_type_name(hp.rope_type)) + ", " + std::to_string(hp.n_rot) +
                              " dims, base " + num(hp.rope_freq_base) + ", scaling " +
                              std::string(engine::rope_scaling_name(hp.rope_scaling)));
        if (hp.n_swa > 0) {
            int64_t n_local = 0;
            for (int64_t il = 0; il < hp.n_layer; ++il) n_local += hp.is_swa(il);
            line("sliding window:", std::to_string(hp.n_swa) + " tokens on " + std::to_string(n_local) + " of " +
                                        std::to_string(hp.n_layer) + " layers (rope base " +
                                        num(hp.rope_freq_base_swa) + ")");
        }
        line("attention scale:", num(hp.attn_scale) + (hp.causal ? ", causal" : ", bidirectional"));
        if (hp.final_softcap > 0) line("logit softcap:", num(hp.final_softcap));
        if (hp.pooling != engine::Pooling::UNSPECIFIED) line("pooling:", std::string(engine::pooling_name(hp.pooling)));
        const int64_t ctx = hp.n_ctx_train;
        line("memory:", mib(m.memory_estimate(ctx)) + " at context " + std::to_string(ctx) + " (weights " +
                            mib(m.weight_bytes) + " + f16 KV cache " + mib(m.kv_cache_bytes(ctx)) + ")");
    }
    line("status:", m.loadable ? "loadable" : "not loadable: " + m.load_error);
    std::cout << o.str();
}

void print_json(const ModelInfo& m) {
    std::ostringstream o;
    auto str = [](const std::string& s) { return "\"" + json_escape(s) + "\""; };
    o << "{\"file\":" << str(m.path) << ",\"gguf_version\":" << m.gguf_version << ",\"file_size\":" << m.file_size
      << ",\"n_kv\":" << m.n_kv << ",\"n_tensors\":" << m.n_tensors << ",\"architecture\":" << str(m.architecture)
      << ",\"name\":" << str(m.name) << ",\"size_label\":" << str(m.size_label)
      << ",\"quantization\":" << str(m.file_type) << ",\"n_params\":" << m.n_params
      << ",\"weight_bytes\":" << m.weight_bytes << ",\"types\":[";
    for (size_t i = 0; i < m.types.size(); ++i) {
        const auto& t = m.types[i];
        o << (i ? "," : "") << "{\"type\":" << str(t.name) << ",\"n_tensors\":" << t.n_tensors
          << ",\"n_params\":" << t.n_params << ",\"bytes\":" << t.bytes
          << ",\"supported\":" << (t.supported ? "true" : "false") << "}";
    }
    o << "]";
    if (m.hparams_ok) {
        const HParams& hp = m.hparams;
        const int64_t ctx = hp.n_ctx_train;
        o << ",\"context_length\":" << hp.n_ctx_train << ",\"hparams\":{\"n_vocab\":" << hp.n_vocab
          << ",\"n_ctx_train\":" << hp.n_ctx_train << ",\"n_embd\":" << hp.n_embd << ",\"n_layer\":" << hp.n_layer
          << ",\"n_ff\":" << hp.n_ff << ",\"n_head\":" << hp.n_head << ",\"n_head_kv\":" << hp.n_head_kv
          << ",\"head_dim_k\":" << hp.head_dim_k << ",\"head_dim_v\":" << hp.head_dim_v
          << ",\"norm\":" << str(std::string(engine::norm_type_name(hp.norm))) << ",\"norm_eps\":" << num(hp.norm_eps)
          << ",\"activation\":" << str(std::string(engine::activation_name(hp.act)))
          << ",\"rope_type\":" << str(std::string(engine::rope_type_name(hp.rope_type))) << ",\"n_rot\":" << hp.n_rot
          << ",\"rope_freq_base\":" << num(hp.rope_freq_base)
          << ",\"rope_scaling\":" << str(std::string(engine::rope_scaling_name(hp.rope_scaling)))
          << ",\"n_swa\":" << hp.n_swa << ",\"rope_freq_base_swa\":" << num(hp.rope_freq_base_swa)
          << ",\"attn_scale\":" << num(hp.attn_scale) << ",\"causal\":" << (hp.causal ? "true" : "false")
          << ",\"final_logit_softcapping\":" << num(hp.final_softcap)
          << ",\"pooling\":" << str(std::string(engine::pooling_name(hp.pooling))) << "}"
          << ",\"memory\":{\"n_ctx\":" << ctx << ",\"weight_bytes\":" << m.weight_bytes
          << ",\"kv_cache_bytes\":" << m.kv_cache_bytes(ctx) << ",\"total_bytes\":" << m.memory_estimate(ctx) << "}";
    } else {
        o << ",\"context_length\":null,\"hparams\":null,\"memory\":null";
    }
    o << ",\"loadable\":" << (m.loadable ? "true" : "false") << ",\"load_error\":"
      << (m.loadable ? std::string("null") : str(m.load_error)) << "}\n";
    std::cout << o.str();
}

int run_model_info(const std::vector<std::string>& argv) {
    Args args(argv, {"--json"}, {});
    if (args.positional().size() != 1) throw UsageError("expected exactly one FILE");
    const auto file = engine::GgufFile::open(args.positional()[0]);  // GgufError -> exit 1, names the file
    const ModelInfo info = engine::describe_model(*file);
    if (args.flag("--json"))
        print_json(info);
    else
        print_text(info);
    return kOk;
}

}  // namespace

PERIMETER_COMMAND("model-info", "model-info FILE [--json]",
                  "Architecture, hyper-parameters, size and quantization of a GGUF model.",
                  "Prints what the file is (architecture, name, parameter count, file size), how it is\n"
                  "quantized (tensor count, parameters and bytes per type), its hyper-parameters and the\n"
                  "memory it needs at its training context (mapped weights + f16 KV cache).\n"
                  "--json  one JSON object instead of text.",
                  run_model_info);

}  // namespace perimeter::cli
