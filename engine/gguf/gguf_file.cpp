// GgufFile: mapping the file and looking things up. The parser is in gguf_parse.cpp, the
// value accessors in gguf_value.cpp.
#include "engine/gguf/gguf_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace perimeter::engine {

std::unique_ptr<GgufFile> GgufFile::open(const std::string& path) {
    std::unique_ptr<GgufFile> f(new GgufFile());
    f->path_ = path;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) f->fail(std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        f->fail(std::string("cannot stat: ") + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        f->fail("not a regular file");
    }
    f->size_ = uint64_t(st.st_size);
    if (f->size_ > 0) {
        // Read-only private mapping: pages are only read in when a tensor is used, so opening
        // a model costs the metadata pages, not the file size.
        void* m = ::mmap(nullptr, size_t(f->size_), PROT_READ, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            f->fail(std::string("cannot mmap ") + std::to_string(f->size_) + " bytes: " + std::strerror(err));
        }
        f->map_ = m;
        f->base_ = static_cast<const uint8_t*>(m);
    }
    ::close(fd);  // the mapping keeps the file alive
    f->parse();
    return f;
}

std::unique_ptr<GgufFile> GgufFile::from_memory(const uint8_t* data, size_t size, std::string name) {
    std::unique_ptr<GgufFile> f(new GgufFile());
    f->path_ = std::move(name);
    f->base_ = data;
    f->size_ = data ? size : 0;
    f->parse();
    return f;
}

GgufFile::~GgufFile() {
    if (map_) ::munmap(map_, size_t(size_));
}

void GgufFile::fail(const std::string& what) const { throw GgufError(path_ + ": " + what); }

const GgufValue* GgufFile::find(std::string_view key) const {
    auto it = kv_index_.find(key);
    return it == kv_index_.end() ? nullptr : &kvs_[it->second].value;
}

const GgufTensor* GgufFile::tensor(std::string_view name) const {
    auto it = tensor_index_.find(name);
    return it == tensor_index_.end() ? nullptr : &tensors_[it->second];
}

// Runs `convert(value)` for a present key; a type mismatch (GgufError from the value) is
// re-thrown with the file name in front.
template <class T, class F>
std::optional<T> GgufFile::get_as(std::string_view key, F&& convert) const {
    const GgufValue* v = find(key);
    if (!v) return std::nullopt;
    try {
        return convert(*v);
    } catch (const GgufError& e) {
        fail(e.what());
    }
}

std::optional<std::string_view> GgufFile::get_string(std::string_view key) const {
    return get_as<std::string_view>(key, [&](const GgufValue& v) { return v.as_string(key); });
}
std::optional<int64_t> GgufFile::get_int(std::string_view key) const {
    return get_as<int64_t>(key, [&](const GgufValue& v) { return v.as_int(key); });
}
std::optional<double> GgufFile::get_float(std::string_view key) const {
    return get_as<double>(key, [&](const GgufValue& v) { return v.as_float(key); });
}
std::optional<bool> GgufFile::get_bool(std::string_view key) const {
    return get_as<bool>(key, [&](const GgufValue& v) { return v.as_bool(key); });
}

const std::vector<std::string_view>* GgufFile::get_string_array(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v) return nullptr;
    if (!v->is_array() || v->elem_type != GgufValueType::STRING)
        fail("key '" + std::string(key) + "': expected array of string, got " + std::string(gguf_value_type_name(v->type)) +
             (v->is_array() ? " of " + std::string(gguf_value_type_name(v->elem_type)) : ""));
    return &v->strs;
}

// Numeric arrays: any integer or float element type for floats, integer types for ints.
template <class T>
static std::vector<T> array_values(const GgufValue& v, std::string_view key, bool want_int) {
    const std::string k(key);
    if (!v.is_array()) throw GgufError("key '" + k + "': expected array, got " + std::string(gguf_value_type_name(v.type)));
    const bool is_float_elem = v.elem_type == GgufValueType::FLOAT32 || v.elem_type == GgufValueType::FLOAT64;
    if (v.elem_type == GgufValueType::STRING || (want_int && is_float_elem))
        throw GgufError("key '" + k + "': expected array of " + (want_int ? "integers" : "numbers") + ", got array of " +
                        std::string(gguf_value_type_name(v.elem_type)));
    std::vector<T> out(size_t(v.count));
    try {
        for (uint64_t i = 0; i < v.count; ++i) out[size_t(i)] = want_int ? T(v.array_int(i)) : T(v.array_float(i));
    } catch (const GgufError& e) {
        throw GgufError("key '" + k + "': " + e.what());
    }
    return out;
}

std::optional<std::vector<float>> GgufFile::get_float_array(std::string_view key) const {
    return get_as<std::vector<float>>(key, [&](const GgufValue& v) { return array_values<float>(v, key, false); });
}

std::optional<std::vector<int64_t>> GgufFile::get_int_array(std::string_view key) const {
    return get_as<std::vector<int64_t>>(key, [&](const GgufValue& v) { return array_values<int64_t>(v, key, true); });
}

std::string GgufTensor::shape_str() const {
    std::string s;
    for (int i = 0; i < (n_dims > 0 ? n_dims : 1); ++i) {
        if (i) s += 'x';
        s += std::to_string(ne[i]);
    }
    return s;
}

}  // namespace perimeter::engine
