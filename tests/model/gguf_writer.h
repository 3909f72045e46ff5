// A tiny GGUF v3 writer for tests: builds small models in memory (zero weights by default) so
// the loader's checks can be exercised one at a time - a wrong shape, a missing tensor, an
// unsupported type - without committing binary files.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "engine/gguf/gguf_file.h"
#include "engine/gguf/gguf_keys.h"
#include "kernels/type_traits.h"

namespace perimeter::test {

class GgufWriter {
public:
    void u32(const std::string& key, uint32_t v) { kv(key, 4, &v, 4); }
    void i32(const std::string& key, int32_t v) { kv(key, 5, &v, 4); }
    void f32(const std::string& key, float v) { kv(key, 6, &v, 4); }
    void boolean(const std::string& key, bool v) {
        const uint8_t b = v;
        kv(key, 7, &b, 1);
    }
    void str(const std::string& key, const std::string& v) {
        std::vector<uint8_t> p;
        put_str(p, v);
        kv(key, 8, p.data(), p.size());
    }
    void str_array(const std::string& key, const std::vector<std::string>& v) {
        std::vector<uint8_t> p;
        put(p, uint32_t(8));
        put(p, uint64_t(v.size()));
        for (const auto& s : v) put_str(p, s);
        kv(key, 9, p.data(), p.size());
    }
    // A tensor of `type` with shape ne (ggml order), data zero (or `fill` for F32).
    void tensor(const std::string& name, std::vector<int64_t> ne,
                kernels::TensorType type = kernels::TensorType::F32, float fill = 0.0f) {
        int64_t n = 1;
        for (auto d : ne) n *= d;
        const size_t bytes = kernels::row_size(type, ne[0]) * size_t(n / ne[0]);
        std::vector<uint8_t> data(bytes, 0);
        if (type == kernels::TensorType::F32)
            for (int64_t i = 0; i < n; ++i) std::memcpy(data.data() + i * 4, &fill, 4);
        tensors_.push_back({name, std::move(ne), type, std::move(data)});
    }
    void remove_tensor(const std::string& name) {
        for (auto it = tensors_.begin(); it != tensors_.end(); ++it)
            if (it->name == name) {
                tensors_.erase(it);
                return;
            }
    }

    std::vector<uint8_t> bytes() const {
        std::vector<uint8_t> out;
        out.insert(out.end(), {'G', 'G', 'U', 'F'});
        put(out, uint32_t(3));
        put(out, uint64_t(tensors_.size()));
        put(out, uint64_t(n_kv_));
        out.insert(out.end(), kvs_.begin(), kvs_.end());
        uint64_t offset = 0;
        for (const auto& t : tensors_) {
            put_str(out, t.name);
            put(out, uint32_t(t.ne.size()));
            for (auto d : t.ne) put(out, d);
            put(out, uint32_t(t.type));
            put(out, offset);
            offset += pad(t.data.size());
        }
        out.resize(pad(out.size()), 0);
        for (const auto& t : tensors_) {
            out.insert(out.end(), t.data.begin(), t.data.end());
            out.resize(pad(out.size()), 0);
        }
        return out;
    }

private:
    struct Tensor {
        std::string name;
        std::vector<int64_t> ne;
        kernels::TensorType type;
        std::vector<uint8_t> data;
    };
    static size_t pad(size_t n) { return (n + 31) / 32 * 32; }
    template <class T>
    static void put(std::vector<uint8_t>& out, T v) {
        const auto* p = reinterpret_cast<const uint8_t*>(&v);
        out.insert(out.end(), p, p + sizeof v);
    }
    static void put_str(std::vector<uint8_t>& out, const std::string& s) {
        put(out, uint64_t(s.size()));
        out.insert(out.end(), s.begin(), s.end());
    }
    void kv(const std::string& key, uint32_t type, const void* payload, size_t n) {
        put_str(kvs_, key);
        put(kvs_, type);
        const auto* p = static_cast<const uint8_t*>(payload);
        kvs_.insert(kvs_.end(), p, p + n);
        ++n_kv_;
    }
    std::vector<uint8_t> kvs_;
    size_t n_kv_ = 0;
    std::vector<Tensor> tensors_;
};

}  // namespace perimeter::test
