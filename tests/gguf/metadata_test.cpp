// Every GGUF metadata value type, read from valid_all_types.bin (gen_broken.py), through the
// typed getters; type mismatches are errors naming the file and the key.
#include <gtest/gtest.h>

#include <cstring>

#include "engine/gguf/gguf_file.h"
#include "kernels/half.h"
#include "tests/common/test_env.h"

namespace perimeter {
namespace {

using engine::GgufError;
using engine::GgufFile;
using engine::GgufValueType;

std::unique_ptr<GgufFile> open_all_types() {
    return GgufFile::open((test::source_dir() / "tests/gguf/broken/valid_all_types.bin").string());
}

TEST(GgufMetadata, HeaderAndLayout) {
    auto f = open_all_types();
    EXPECT_EQ(f->version(), 3u);
    EXPECT_EQ(f->alignment(), 64u);
    EXPECT_EQ(f->data_offset() % 64, 0u);
    EXPECT_EQ(f->metadata().size(), 22u);
    EXPECT_EQ(f->metadata()[0].key, "general.architecture");  // file order is kept
}

TEST(GgufMetadata, Scalars) {
    auto f = open_all_types();
    EXPECT_EQ(f->get_int("t.u8"), 200);
    EXPECT_EQ(f->get_int("t.i8"), -100);
    EXPECT_EQ(f->get_int("t.u16"), 60000);
    EXPECT_EQ(f->get_int("t.i16"), -30000);
    EXPECT_EQ(f->get_int("t.u32"), 4000000000LL);
    EXPECT_EQ(f->get_int("t.i32"), -2000000000LL);
    EXPECT_EQ(f->get_int("t.i64"), -(int64_t(1) << 62));
    EXPECT_EQ(f->get_float("t.f32"), 1.5);
    EXPECT_EQ(f->get_float("t.f64"), 2.25);
    EXPECT_EQ(f->get_float("t.u32"), 4000000000.0);  // integers widen to float
    EXPECT_EQ(f->get_bool("t.bool"), true);
    EXPECT_EQ(f->get_string("t.str"), "h\xc3\xa9llo \xe4\xb8\x96\xe7\x95\x8c");
    EXPECT_EQ(f->find("t.u64")->u, (uint64_t(1) << 63) + 5);
    EXPECT_EQ(f->find("t.u8")->type, GgufValueType::UINT8);
    EXPECT_FALSE(f->get_int("no.such.key").has_value());
    EXPECT_EQ(f->find("no.such.key"), nullptr);
}

TEST(GgufMetadata, Arrays) {
    auto f = open_all_types();
    EXPECT_EQ(f->get_int_array("t.arr_u8"), (std::vector<int64_t>{1, 2, 255}));
    EXPECT_EQ(f->get_int_array("t.arr_i16"), (std::vector<int64_t>{-5, 7}));
    EXPECT_EQ(f->get_int_array("t.arr_i64"), (std::vector<int64_t>{-(int64_t(1) << 40), 9}));
    EXPECT_EQ(f->get_int_array("t.arr_bool"), (std::vector<int64_t>{0, 1}));
    EXPECT_EQ(f->get_float_array("t.arr_f32"), (std::vector<float>{0.5f, -1.25f, 3.0f}));
    EXPECT_EQ(f->get_float_array("t.arr_f64"), (std::vector<float>{-0.5f}));
    EXPECT_EQ(f->get_float_array("t.arr_u8"), (std::vector<float>{1, 2, 255}));
    EXPECT_EQ(f->get_int_array("t.arr_empty"), std::vector<int64_t>{});
    const auto* strs = f->get_string_array("t.arr_str");
    ASSERT_NE(strs, nullptr);
    EXPECT_EQ(*strs, (std::vector<std::string_view>{"a", "", "ccc", "tab\there"}));
    const auto* v = f->find("t.arr_f32");
    EXPECT_EQ(v->elem_type, GgufValueType::FLOAT32);
    EXPECT_EQ(v->count, 3u);
    EXPECT_EQ(v->array_float(2), 3.0);
    EXPECT_THROW(v->array_float(3), GgufError);  // out of range
    EXPECT_THROW(f->find("t.arr_str")->array_int(0), GgufError);
}

TEST(GgufMetadata, TypeMismatchesNameFileAndKey) {
    auto f = open_all_types();
    const std::string file = f->path();
    auto expect_error = [&](auto&& fn, const std::string& want) {
        try {
            fn();
            ADD_FAILURE() << "no error, expected: " << want;
        } catch (const GgufError& e) {
            EXPECT_EQ(std::string(e.what()), file + ": " + want);
        }
    };
    expect_error([&] { f->get_int("t.str"); }, "key 't.str': expected an integer, got string");
    expect_error([&] { f->get_int("t.f32"); }, "key 't.f32': expected an integer, got float32");
    expect_error([&] { f->get_int("t.u64"); }, "key 't.u64': value 9223372036854775813 does not fit in int64");
    expect_error([&] { f->get_string("t.u32"); }, "key 't.u32': expected string, got uint32");
    expect_error([&] { f->get_bool("t.u8"); }, "key 't.u8': expected bool, got uint8");
    expect_error([&] { f->get_float("t.arr_f32"); }, "key 't.arr_f32': expected a number, got array of float32");
    expect_error([&] { f->get_string_array("t.arr_u8"); }, "key 't.arr_u8': expected array of string, got array of uint8");
    expect_error([&] { f->get_int_array("t.arr_f32"); }, "key 't.arr_f32': expected array of integers, got array of float32");
    expect_error([&] { f->get_float_array("t.str"); }, "key 't.str': expected array, got string");
}

TEST(GgufMetadata, TensorsPointIntoTheFile) {
    auto f = open_all_types();
    ASSERT_EQ(f->tensors().size(), 3u);
    const auto* t = f->tensor("t.f32");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->type, kernels::TensorType::F32);
    EXPECT_EQ(t->n_dims, 2);
    EXPECT_EQ(t->shape_str(), "4x3");
    EXPECT_EQ(t->n_elements(), 12);
    EXPECT_EQ(t->n_rows(), 3);
    EXPECT_EQ(t->nbytes, 48u);
    EXPECT_EQ(t->row_bytes(), 16u);
    float v[12];
    std::memcpy(v, t->data, sizeof v);
    EXPECT_EQ(v[5], 1.25f);
    const auto* h = f->tensor("t.f16");
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->offset, 64u);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(h->data) - reinterpret_cast<uintptr_t>(t->data), 64u);
    uint16_t h3;
    std::memcpy(&h3, h->data + 6, 2);
    EXPECT_EQ(kernels::fp16_to_fp32(h3), -29.0f);
    const auto* q = f->tensor("t.q8");
    ASSERT_NE(q, nullptr);
    EXPECT_EQ(q->nbytes, 68u);
    EXPECT_EQ(q->row_bytes(), 34u);
    EXPECT_EQ(f->tensor("nope"), nullptr);
}

TEST(GgufMetadata, VersionTwoAndEmptyFilesAreRead) {
    const auto dir = test::source_dir() / "tests/gguf/broken";
    auto v2 = GgufFile::open((dir / "valid_v2.bin").string());
    EXPECT_EQ(v2->version(), 2u);
    EXPECT_EQ(v2->tensors().size(), 2u);
    auto none = GgufFile::open((dir / "valid_no_tensors.bin").string());
    EXPECT_EQ(none->tensors().size(), 0u);
    EXPECT_EQ(none->get_string("general.architecture"), "llama");
}

}  // namespace
}  // namespace perimeter
