// A summary of a GGUF model for people and tools (perimeter-cli model-info, the GUI's model
// picker): what it is, how big, how it is quantized, and how much memory it will take.
// Built from the file alone; a model the engine cannot run still gets a summary, with the
// reason in load_error.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/gguf/gguf_file.h"
#include "engine/model/hparams.h"
#include "kernels/tensor_type.h"

namespace perimeter::engine {

// One tensor type's share of the model.
struct TypeUsage {
    kernels::TensorType type = kernels::TensorType::F32;
    std::string name;        // "Q4_K"
    int64_t n_tensors = 0;
    int64_t n_params = 0;    // elements
    uint64_t bytes = 0;      // tensor data bytes
    bool supported = false;  // the kernels compute with it
};

struct ModelInfo {
    // ---- the file ----------------------------------------------------------------------------
    std::string path;
    uint32_t gguf_version = 0;
    uint64_t file_size = 0;        // bytes on disk
    int64_t n_kv = 0;              // metadata entries
    int64_t n_tensors = 0;

    // ---- what it is ---------------------------------------------------------------------------
    std::string architecture;      // general.architecture
    std::string name;              // general.name ("" when absent)
    std::string size_label;        // general.size_label ("135M")
    std::string file_type;         // general.file_type as llama.cpp names it ("Q4_K_M")
    int64_t n_params = 0;          // total elements over all tensors
    uint64_t weight_bytes = 0;     // total tensor data bytes
    std::vector<TypeUsage> types;  // quantization mix, most bytes first

    // ---- can we run it ------------------------------------------------------------------------
    bool hparams_ok = false;       // hyper-parameters read and valid
    HParams hparams;               // valid when hparams_ok
    bool loadable = false;         // hparams_ok and every weight present with the right shape/type
    std::string load_error;        // why not ("" when loadable)

    int64_t context_length() const { return hparams_ok ? hparams.n_ctx_train : 0; }
    // Bytes of the K and V caches for n_ctx tokens at `bytes_per_elem` (2 = f16); sliding-
    // window layers only keep n_swa positions.
    uint64_t kv_cache_bytes(int64_t n_ctx, uint64_t bytes_per_elem = 2) const;
    // Weights (mapped) + KV cache. Compute buffers are not counted.
    uint64_t memory_estimate(int64_t n_ctx) const { return weight_bytes + kv_cache_bytes(n_ctx); }
};

// Never throws for problems of the model (they go to load_error); only a file that is not a
// valid GGUF at all is refused, by GgufFile::open before this.
ModelInfo describe_model(const GgufFile& file);

// llama.cpp's name for a general.file_type value ("Q4_K_M"); "" when unknown.
std::string_view file_type_name(int64_t ftype);

// One word for how a file is quantized: general.file_type's name ("Q4_K_M") when present,
// else the tensor type holding the most bytes ("Q8_0"); "" for a file without tensors.
std::string quantization_name(const GgufFile& file);

}  // namespace perimeter::engine
