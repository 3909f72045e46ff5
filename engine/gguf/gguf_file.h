// GGUF file reader (v2 and v3): memory-mapped, tensor data never copied.
//
// Every field of the file is bounds-checked; a hostile or broken file gives a GgufError that
// names the file, the field and what is wrong, e.g.
//   "model.gguf: tensor 'blk.3.attn_q.weight': data [1024, 4096) past end of file (2048 bytes)"
// never a crash and never an out-of-bounds read. Refused: wrong magic, versions other than 2
// and 3, truncation anywhere, counts and lengths that cannot fit in the file, unknown value
// or tensor types, nested arrays, empty or duplicate keys and tensor names, general.alignment
// that is not a power of two >= 8, n_dims outside [1, 4], dimensions <= 0, element counts or
// byte sizes that overflow, ne[0] not a multiple of the type's block size, offsets not a
// multiple of the alignment, tensor data past the end of the file or overlapping another.
// Types ggml knows but the kernels do not compute (IQ*, TQ*, MXFP4) are read; the model
// loader refuses them by name. Implementation: gguf_file.cpp (mapping, lookups),
// gguf_parse.cpp (the parser), gguf_value.cpp (typed values). Key and tensor names: gguf_keys.h.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kernels/tensor_type.h"

namespace perimeter::engine {

class GgufError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Metadata value types, numbered as in the GGUF spec.
enum class GgufValueType : uint32_t {
    UINT8 = 0, INT8 = 1, UINT16 = 2, INT16 = 3, UINT32 = 4, INT32 = 5, FLOAT32 = 6,
    BOOL = 7, STRING = 8, ARRAY = 9, UINT64 = 10, INT64 = 11, FLOAT64 = 12,
};
std::string_view gguf_value_type_name(GgufValueType t);

// One metadata value. Scalars are widened into i64/u64/f64; strings point into the mapping.
// Arrays keep their element type and a view of the raw elements (strings pre-split).
struct GgufValue {
    GgufValueType type = GgufValueType::UINT8;
    GgufValueType elem_type = GgufValueType::UINT8;  // for ARRAY
    int64_t i = 0;                                   // signed integer types and BOOL
    uint64_t u = 0;                                  // unsigned integer types
    double f = 0.0;                                  // FLOAT32 / FLOAT64
    std::string_view str;                            // STRING
    uint64_t count = 0;                              // ARRAY: number of elements
    const uint8_t* raw = nullptr;                    // ARRAY of numbers: packed little-endian elements
    std::vector<std::string_view> strs;              // ARRAY of STRING

    bool is_integer() const;
    bool is_array() const { return type == GgufValueType::ARRAY; }
    // Numeric conversions that check the type (throw GgufError naming `key` on mismatch).
    int64_t as_int(std::string_view key) const;
    double as_float(std::string_view key) const;
    bool as_bool(std::string_view key) const;
    std::string_view as_string(std::string_view key) const;
    // Array element access for numeric arrays (any integer or float element type).
    double array_float(uint64_t idx) const;
    int64_t array_int(uint64_t idx) const;
};

struct GgufKv {
    std::string_view key;
    GgufValue value;
};

struct GgufTensor {
    std::string_view name;
    kernels::TensorType type = kernels::TensorType::F32;
    int n_dims = 0;
    int64_t ne[4] = {1, 1, 1, 1};  // ne[0] is the fastest-moving (row length), as in ggml
    uint64_t offset = 0;           // relative to the start of the tensor-data section
    const uint8_t* data = nullptr; // points into the mapping
    uint64_t nbytes = 0;
    int64_t n_elements() const { return ne[0] * ne[1] * ne[2] * ne[3]; }
    int64_t n_rows() const { return ne[1] * ne[2] * ne[3]; }
    uint64_t row_bytes() const { return n_rows() > 0 ? nbytes / uint64_t(n_rows()) : 0; }
    // "576x192" (ne[0] first, n_dims entries), for messages.
    std::string shape_str() const;
};

class GgufFile {
public:
    // Maps and validates the file. Throws GgufError.
    static std::unique_ptr<GgufFile> open(const std::string& path);
    // Parses a caller-owned buffer (fuzzing, tests); the buffer must outlive the object.
    static std::unique_ptr<GgufFile> from_memory(const uint8_t* data, size_t size, std::string name = "<memory>");
    ~GgufFile();
    GgufFile(const GgufFile&) = delete;
    GgufFile& operator=(const GgufFile&) = delete;

    const std::string& path() const { return path_; }
    uint32_t version() const { return version_; }
    uint64_t file_size() const { return size_; }
    uint64_t alignment() const { return alignment_; }
    uint64_t data_offset() const { return data_offset_; }

    const std::vector<GgufKv>& metadata() const { return kvs_; }
    const GgufValue* find(std::string_view key) const;
    // Typed getters: nullopt when absent, GgufError when present with the wrong type.
    std::optional<std::string_view> get_string(std::string_view key) const;
    std::optional<int64_t> get_int(std::string_view key) const;
    std::optional<double> get_float(std::string_view key) const;
    std::optional<bool> get_bool(std::string_view key) const;
    const std::vector<std::string_view>* get_string_array(std::string_view key) const;
    std::optional<std::vector<float>> get_float_array(std::string_view key) const;
    std::optional<std::vector<int64_t>> get_int_array(std::string_view key) const;

    const std::vector<GgufTensor>& tensors() const { return tensors_; }
    const GgufTensor* tensor(std::string_view name) const;

    // "<path>: <what>" as a GgufError, for callers that report a problem with this file.
    [[noreturn]] void fail(const std::string& what) const;

private:
    GgufFile() = default;
    void parse();  // gguf_parse.cpp
    template <class T, class F>
    std::optional<T> get_as(std::string_view key, F&& convert) const;

    std::string path_;
    const uint8_t* base_ = nullptr;
    uint64_t size_ = 0;
    void* map_ = nullptr;  // non-null when we own an mmap
    uint32_t version_ = 0;
    uint64_t alignment_ = 32;
    uint64_t data_offset_ = 0;
    std::vector<GgufKv> kvs_;
    std::vector<GgufTensor> tensors_;
    std::unordered_map<std::string_view, size_t> kv_index_;      // key -> index in kvs_
    std::unordered_map<std::string_view, size_t> tensor_index_;  // name -> index in tensors_
};

}  // namespace perimeter::engine
