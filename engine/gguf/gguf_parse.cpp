// GgufFile::parse: the bounds-checked GGUF parser.
//
// Layout (little-endian, v2/v3 use 64-bit counts and lengths):
//   magic "GGUF" | u32 version | u64 n_tensors | u64 n_kv
//   n_kv x      { string key | u32 value type | value }
//   n_tensors x { string name | u32 n_dims | n_dims x i64 ne | u32 type | u64 offset }
//   padding to general.alignment (default 32)
//   tensor data; each tensor at data_offset + offset, offsets multiples of the alignment
// where string = u64 length + bytes (no terminator) and an array value = u32 element type +
// u64 count + elements.
//
// Every read goes through Cursor, which checks the remaining length first and never forms a
// pointer past the end. Every count is checked against the bytes left before anything is
// allocated for it, and every size computation is checked for overflow, so a hostile file
// can neither read out of bounds nor make us allocate gigabytes.
#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_map>

#include "engine/gguf/gguf_file.h"
#include "kernels/type_traits.h"

namespace perimeter::engine {
namespace {

constexpr uint32_t kMaxDims = 4;                  // GGML_MAX_DIMS
constexpr uint64_t kDefaultAlignment = 32;        // GGUF_DEFAULT_ALIGNMENT
constexpr uint64_t kMinKvBytes = 8 + 4 + 1;       // empty key, type, 1-byte value
constexpr uint64_t kMinTensorInfoBytes = 8 + 4 + 8 + 4 + 8;  // empty name, n_dims, 1 dim, type, offset

// Printable form of a name read from the file (it may hold anything).
std::string printable(std::string_view s, size_t max_len = 80) {
    std::string out;
    for (size_t i = 0; i < s.size() && i < max_len; ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7F && c != '\'') {
            out += char(c);
        } else {
            static const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    if (s.size() > max_len) out += "...";
    return out;
}

size_t value_size(GgufValueType t) {
    switch (t) {
        case GgufValueType::UINT8:
        case GgufValueType::INT8:
        case GgufValueType::BOOL: return 1;
        case GgufValueType::UINT16:
        case GgufValueType::INT16: return 2;
        case GgufValueType::UINT32:
        case GgufValueType::INT32:
        case GgufValueType::FLOAT32: return 4;
        case GgufValueType::UINT64:
        case GgufValueType::INT64:
        case GgufValueType::FLOAT64: return 8;
        default: return 0;  // STRING, ARRAY: variable
    }
}

// A read position in [base, base + size). `context` names what is being read ("kv 3
// 'general.name'", "tensor 7 'blk.0.attn_q.weight'"); field names are only turned into
// strings when something fails, so reading 262k vocabulary strings allocates nothing extra.
class Cursor {
public:
    Cursor(const GgufFile& file, const uint8_t* base, uint64_t size) : file_(file), base_(base), size_(size) {}

    uint64_t pos() const { return pos_; }
    uint64_t left() const { return size_ - pos_; }
    const uint8_t* here() const { return base_ + pos_; }
    void set_context(std::string c) { context_ = std::move(c); }

    // "<file>: <context>: <field>[ element <index>]: <what>"
    [[noreturn]] void fail(std::string_view field, const std::string& what, int64_t index = -1) const {
        std::string msg = context_;
        if (!field.empty()) {
            if (!msg.empty()) msg += ": ";
            msg += field;
        }
        if (index >= 0) msg += " element " + std::to_string(index);
        file_.fail(msg + ": " + what);
    }

    void need(uint64_t n, std::string_view field, int64_t index = -1) const {
        if (n > left())
            fail(field,
                 "truncated: need " + std::to_string(n) + " bytes at offset " + std::to_string(pos_) + ", only " +
                     std::to_string(left()) + " left (file size " + std::to_string(size_) + ")",
                 index);
    }

    template <class T>
    T read(std::string_view field, int64_t index = -1) {
        need(sizeof(T), field, index);
        T v;
        std::memcpy(&v, base_ + pos_, sizeof(T));
        pos_ += sizeof(T);
        return v;
    }

    void skip(uint64_t n, std::string_view field) {
        need(n, field);
        pos_ += n;
    }

    std::string_view read_string(std::string_view field, int64_t index = -1) {
        const uint64_t len = read<uint64_t>(field, index);
        if (len > left())
            fail(field,
                 "string length " + std::to_string(len) + " past end of file (offset " + std::to_string(pos_) + ", " +
                     std::to_string(left()) + " bytes left)",
                 index);
        std::string_view s(reinterpret_cast<const char*>(base_ + pos_), size_t(len));
        pos_ += len;
        return s;
    }

private:
    const GgufFile& file_;
    const uint8_t* base_;
    uint64_t size_;
    uint64_t pos_ = 0;
    std::string context_;
};

// Reads one scalar of type t into v.
void read_scalar(Cursor& c, GgufValueType t, GgufValue& v, std::string_view field) {
    switch (t) {
        case GgufValueType::UINT8: v.u = c.read<uint8_t>(field); break;
        case GgufValueType::INT8: v.i = c.read<int8_t>(field); break;
        case GgufValueType::UINT16: v.u = c.read<uint16_t>(field); break;
        case GgufValueType::INT16: v.i = c.read<int16_t>(field); break;
        case GgufValueType::UINT32: v.u = c.read<uint32_t>(field); break;
        case GgufValueType::INT32: v.i = c.read<int32_t>(field); break;
        case GgufValueType::UINT64: v.u = c.read<uint64_t>(field); break;
        case GgufValueType::INT64: v.i = c.read<int64_t>(field); break;
        case GgufValueType::FLOAT32: v.f = c.read<float>(field); break;
        case GgufValueType::FLOAT64: v.f = c.read<double>(field); break;
        case GgufValueType::BOOL: v.i = c.read<uint8_t>(field) != 0; break;
        case GgufValueType::STRING: v.str = c.read_string(field); break;
        case GgufValueType::ARRAY: c.fail(field, "array not allowed here");
    }
}

GgufValueType read_value_type(Cursor& c, std::string_view field) {
    const uint32_t raw = c.read<uint32_t>(field);
    if (raw > uint32_t(GgufValueType::FLOAT64))
        c.fail(field, "unknown value type " + std::to_string(raw) + " (valid: 0..12)");
    return GgufValueType(raw);
}

void read_value(Cursor& c, GgufValue& v) {
    v.type = read_value_type(c, "value type");
    if (v.type != GgufValueType::ARRAY) {
        read_scalar(c, v.type, v, "value");
        return;
    }
    v.elem_type = read_value_type(c, "array element type");
    if (v.elem_type == GgufValueType::ARRAY) c.fail("array element type", "arrays of arrays are not supported");
    v.count = c.read<uint64_t>("array count");
    if (v.elem_type == GgufValueType::STRING) {
        // Each string needs at least its 8-byte length: bound the count before reserving.
        if (v.count > c.left() / 8)
            c.fail("array count", std::to_string(v.count) + " strings cannot fit in the " + std::to_string(c.left()) +
                                      " bytes left");
        v.strs.reserve(size_t(v.count));
        for (uint64_t k = 0; k < v.count; ++k) v.strs.push_back(c.read_string("array", int64_t(k)));
        return;
    }
    const size_t esize = value_size(v.elem_type);
    if (v.count > c.left() / esize)
        c.fail("array count", std::to_string(v.count) + " x " + std::string(gguf_value_type_name(v.elem_type)) +
                                  " past end of file (" + std::to_string(c.left()) + " bytes left)");
    v.raw = c.here();
    c.skip(v.count * esize, "array data");
}

}  // namespace

void GgufFile::parse() {
    Cursor c(*this, base_, size_);

    // ---- header --------------------------------------------------------------------------
    c.set_context("header");
    if (size_ < 4) fail("header: file is " + std::to_string(size_) + " bytes, too small for a GGUF header");
    if (std::memcmp(base_, "GGUF", 4) != 0)
        fail("header: bad magic '" + printable(std::string_view(reinterpret_cast<const char*>(base_), 4)) +
             "' (expected 'GGUF'; not a GGUF file)");
    c.skip(4, "magic");
    version_ = c.read<uint32_t>("version");
    if (version_ != 2 && version_ != 3) {
        std::string hint;
        if (version_ == 1) hint = " (GGUF v1 uses 32-bit counts; re-convert the model)";
        if (version_ == 0x02000000u || version_ == 0x03000000u) hint = " (big-endian GGUF is not supported)";
        fail("header: version " + std::to_string(version_) + " not supported (expected 2 or 3)" + hint);
    }
    const uint64_t n_tensors = c.read<uint64_t>("tensor count");
    const uint64_t n_kv = c.read<uint64_t>("kv count");
    const std::string room = " cannot fit in the " + std::to_string(c.left()) + " bytes after the header (file size " +
                             std::to_string(size_) + ")";
    if (n_kv > c.left() / kMinKvBytes) fail("header: kv count " + std::to_string(n_kv) + room);
    if (n_tensors > c.left() / kMinTensorInfoBytes) fail("header: tensor count " + std::to_string(n_tensors) + room);

    // ---- metadata ------------------------------------------------------------------------
    kvs_.reserve(size_t(n_kv));
    for (uint64_t k = 0; k < n_kv; ++k) {
        c.set_context("kv " + std::to_string(k));
        GgufKv kv;
        kv.key = c.read_string("key");
        if (kv.key.empty()) c.fail("key", "empty key");
        c.set_context("kv " + std::to_string(k) + " '" + printable(kv.key) + "'");
        read_value(c, kv.value);
        auto [it, inserted] = kv_index_.emplace(kv.key, kvs_.size());
        if (!inserted)
            fail("duplicate key '" + printable(kv.key) + "' (kv " + std::to_string(it->second) + " and kv " +
                 std::to_string(k) + ")");
        kvs_.push_back(std::move(kv));
    }

    if (const GgufValue* a = find("general.alignment")) {
        uint64_t al = 0;
        if (a->type == GgufValueType::UINT8 || a->type == GgufValueType::UINT16 || a->type == GgufValueType::UINT32 ||
            a->type == GgufValueType::UINT64)
            al = a->u;
        else if (a->type == GgufValueType::INT8 || a->type == GgufValueType::INT16 ||
                 a->type == GgufValueType::INT32 || a->type == GgufValueType::INT64)
            al = a->i < 0 ? 0 : uint64_t(a->i);
        else
            fail("general.alignment: expected uint32, got " + std::string(gguf_value_type_name(a->type)));
        // The spec asks for a multiple of 8; a power of two keeps the padding well defined,
        // and >= 8 keeps every block struct naturally aligned inside the mapping.
        if (al < 8 || al > (1ull << 31) || (al & (al - 1)) != 0)
            fail("general.alignment: " + (a->type == GgufValueType::INT8 || a->type == GgufValueType::INT16 ||
                                                  a->type == GgufValueType::INT32 || a->type == GgufValueType::INT64
                                              ? std::to_string(a->i)
                                              : std::to_string(a->u)) +
                 " is not a power of two in [8, 2^31]");
        alignment_ = al;
    } else {
        alignment_ = kDefaultAlignment;
    }

    // ---- tensor infos --------------------------------------------------------------------
    tensors_.reserve(size_t(n_tensors));
    for (uint64_t k = 0; k < n_tensors; ++k) {
        c.set_context("tensor " + std::to_string(k));
        GgufTensor t;
        t.name = c.read_string("name");
        if (t.name.empty()) c.fail("name", "empty tensor name");
        c.set_context("tensor " + std::to_string(k) + " '" + printable(t.name) + "'");
        const uint32_t n_dims = c.read<uint32_t>("n_dims");
        if (n_dims < 1 || n_dims > kMaxDims)
            c.fail("n_dims", std::to_string(n_dims) + " not in [1, " + std::to_string(kMaxDims) + "]");
        t.n_dims = int(n_dims);
        int64_t n_elements = 1;
        for (uint32_t d = 0; d < n_dims; ++d) {
            const std::string field = "ne[" + std::to_string(d) + "]";  // at most 4 per tensor
            const int64_t ne = c.read<int64_t>(field);
            if (ne <= 0) c.fail(field, std::to_string(ne) + " (every dimension must be > 0)");
            if (__builtin_mul_overflow(n_elements, ne, &n_elements))
                c.fail(field, "element count overflows int64 (" + t.shape_str() + "x" + std::to_string(ne) + ")");
            t.ne[d] = ne;
        }
        const uint32_t raw_type = c.read<uint32_t>("type");
        if (!kernels::is_known_type(raw_type))
            c.fail("type", "unknown tensor type " + std::to_string(raw_type));
        t.type = kernels::TensorType(raw_type);
        const auto& tr = kernels::type_traits(t.type);
        if (t.ne[0] % tr.block_size != 0)
            c.fail("ne[0]", std::to_string(t.ne[0]) + " is not a multiple of the " + std::string(tr.name) +
                                " block size " + std::to_string(tr.block_size));
        // nbytes = blocks * bytes per block; n_elements fits int64, the product may not fit u64.
        const uint64_t n_blocks = uint64_t(n_elements) / uint64_t(tr.block_size);
        if (__builtin_mul_overflow(n_blocks, uint64_t(tr.type_size), &t.nbytes))
            c.fail("", "data size overflows (" + t.shape_str() + " " + std::string(tr.name) + ")");
        t.offset = c.read<uint64_t>("offset");
        if (t.offset % alignment_ != 0)
            c.fail("offset", std::to_string(t.offset) + " is not a multiple of the alignment " + std::to_string(alignment_));
        auto [it, inserted] = tensor_index_.emplace(t.name, tensors_.size());
        if (!inserted)
            fail("duplicate tensor name '" + printable(t.name) + "' (tensors " + std::to_string(it->second) + " and " +
                 std::to_string(k) + ")");
        tensors_.push_back(t);
    }

    // ---- tensor data ---------------------------------------------------------------------
    // The data section starts at the first multiple of the alignment after the infos.
    data_offset_ = c.pos() + (alignment_ - c.pos() % alignment_) % alignment_;
    for (size_t k = 0; k < tensors_.size(); ++k) {
        GgufTensor& t = tensors_[k];
        uint64_t begin = 0, end = 0;
        if (__builtin_add_overflow(data_offset_, t.offset, &begin) || __builtin_add_overflow(begin, t.nbytes, &end) ||
            end > size_)
            fail("tensor '" + printable(t.name) + "': data [" + std::to_string(data_offset_) + " + " +
                 std::to_string(t.offset) + ", +" + std::to_string(t.nbytes) + " bytes) past end of file (" +
                 std::to_string(size_) + " bytes)");
        t.data = base_ + begin;
    }

    // Tensors must not share bytes: a writer never does that, a hostile file might.
    std::vector<const GgufTensor*> by_offset;
    by_offset.reserve(tensors_.size());
    for (const auto& t : tensors_) by_offset.push_back(&t);
    std::sort(by_offset.begin(), by_offset.end(),
              [](const GgufTensor* a, const GgufTensor* b) { return a->offset < b->offset; });
    for (size_t k = 1; k < by_offset.size(); ++k) {
        const GgufTensor& a = *by_offset[k - 1];
        const GgufTensor& b = *by_offset[k];
        if (a.offset + a.nbytes > b.offset)
            fail("tensor '" + printable(b.name) + "': data at offset " + std::to_string(b.offset) +
                 " overlaps tensor '" + printable(a.name) + "' [" + std::to_string(a.offset) + ", " +
                 std::to_string(a.offset + a.nbytes) + ")");
    }
}

}  // namespace perimeter::engine
