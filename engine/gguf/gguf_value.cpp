// GgufValue: typed access to one metadata value, with errors that name the key.
#include <cmath>
#include <cstring>
#include <limits>

#include "engine/gguf/gguf_file.h"

namespace perimeter::engine {

std::string_view gguf_value_type_name(GgufValueType t) {
    switch (t) {
        case GgufValueType::UINT8: return "uint8";
        case GgufValueType::INT8: return "int8";
        case GgufValueType::UINT16: return "uint16";
        case GgufValueType::INT16: return "int16";
        case GgufValueType::UINT32: return "uint32";
        case GgufValueType::INT32: return "int32";
        case GgufValueType::FLOAT32: return "float32";
        case GgufValueType::BOOL: return "bool";
        case GgufValueType::STRING: return "string";
        case GgufValueType::ARRAY: return "array";
        case GgufValueType::UINT64: return "uint64";
        case GgufValueType::INT64: return "int64";
        case GgufValueType::FLOAT64: return "float64";
    }
    return "unknown";
}

namespace {

bool is_unsigned(GgufValueType t) {
    return t == GgufValueType::UINT8 || t == GgufValueType::UINT16 || t == GgufValueType::UINT32 ||
           t == GgufValueType::UINT64;
}
bool is_signed(GgufValueType t) {
    return t == GgufValueType::INT8 || t == GgufValueType::INT16 || t == GgufValueType::INT32 ||
           t == GgufValueType::INT64;
}
bool is_float(GgufValueType t) { return t == GgufValueType::FLOAT32 || t == GgufValueType::FLOAT64; }

[[noreturn]] void type_error(std::string_view key, const char* expected, const GgufValue& v) {
    std::string got(gguf_value_type_name(v.type));
    if (v.is_array()) got += " of " + std::string(gguf_value_type_name(v.elem_type));
    throw GgufError("key '" + std::string(key) + "': expected " + expected + ", got " + got);
}

// Element idx of a packed numeric array, widened. Caller checked idx < count.
template <class T>
T load(const uint8_t* p, uint64_t idx) {
    T v;
    std::memcpy(&v, p + idx * sizeof(T), sizeof(T));
    return v;
}

void check_index(const GgufValue& v, uint64_t idx) {
    if (!v.is_array()) throw GgufError("array access on a " + std::string(gguf_value_type_name(v.type)) + " value");
    if (idx >= v.count)
        throw GgufError("array index " + std::to_string(idx) + " out of range (" + std::to_string(v.count) + " elements)");
    if (v.elem_type == GgufValueType::STRING || !v.raw)
        throw GgufError("array of " + std::string(gguf_value_type_name(v.elem_type)) + " is not numeric");
}

}  // namespace

bool GgufValue::is_integer() const { return is_signed(type) || is_unsigned(type); }

int64_t GgufValue::as_int(std::string_view key) const {
    if (is_signed(type)) return i;
    if (is_unsigned(type)) {
        if (u > uint64_t(std::numeric_limits<int64_t>::max()))
            throw GgufError("key '" + std::string(key) + "': value " + std::to_string(u) + " does not fit in int64");
        return int64_t(u);
    }
    type_error(key, "an integer", *this);
}

double GgufValue::as_float(std::string_view key) const {
    if (is_float(type)) return f;
    if (is_signed(type)) return double(i);
    if (is_unsigned(type)) return double(u);
    type_error(key, "a number", *this);
}

bool GgufValue::as_bool(std::string_view key) const {
    if (type == GgufValueType::BOOL) return i != 0;
    type_error(key, "bool", *this);
}

std::string_view GgufValue::as_string(std::string_view key) const {
    if (type == GgufValueType::STRING) return str;
    type_error(key, "string", *this);
}

double GgufValue::array_float(uint64_t idx) const {
    check_index(*this, idx);
    switch (elem_type) {
        case GgufValueType::FLOAT32: return load<float>(raw, idx);
        case GgufValueType::FLOAT64: return load<double>(raw, idx);
        default: return double(array_int(idx));
    }
}

int64_t GgufValue::array_int(uint64_t idx) const {
    check_index(*this, idx);
    switch (elem_type) {
        case GgufValueType::UINT8: return load<uint8_t>(raw, idx);
        case GgufValueType::INT8: return load<int8_t>(raw, idx);
        case GgufValueType::UINT16: return load<uint16_t>(raw, idx);
        case GgufValueType::INT16: return load<int16_t>(raw, idx);
        case GgufValueType::UINT32: return load<uint32_t>(raw, idx);
        case GgufValueType::INT32: return load<int32_t>(raw, idx);
        case GgufValueType::BOOL: return load<uint8_t>(raw, idx) != 0;
        case GgufValueType::INT64: return load<int64_t>(raw, idx);
        case GgufValueType::UINT64: {
            const uint64_t v = load<uint64_t>(raw, idx);
            if (v > uint64_t(std::numeric_limits<int64_t>::max()))
                throw GgufError("array element " + std::to_string(idx) + ": value " + std::to_string(v) +
                                " does not fit in int64");
            return int64_t(v);
        }
        default:
            throw GgufError("array of " + std::string(gguf_value_type_name(elem_type)) + " is not an integer array");
    }
}

}  // namespace perimeter::engine
