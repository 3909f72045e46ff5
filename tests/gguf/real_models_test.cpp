// Both real models, read by our reader, against what gguf.GGUFReader reads (reference/*.ref.tsv,
// written by gen_reference.py): header, every metadata key with its type and value, every
// tensor's type/shape/offset/size, and gguf.quants.dequantize() of every tensor's first rows
// and last row, compared bit for bit through a CRC-32 of the float32 output.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <set>

#include "engine/gguf/gguf_file.h"
#include "kernels/type_traits.h"
#include "tests/common/test_env.h"
#include "tests/gguf/gguf_test_util.h"

namespace perimeter {
namespace {

using engine::GgufFile;
using engine::GgufValue;
using engine::GgufValueType;

size_t elem_size(GgufValueType t) {
    switch (t) {
        case GgufValueType::UINT8: case GgufValueType::INT8: case GgufValueType::BOOL: return 1;
        case GgufValueType::UINT16: case GgufValueType::INT16: return 2;
        case GgufValueType::UINT32: case GgufValueType::INT32: case GgufValueType::FLOAT32: return 4;
        default: return 8;
    }
}

void check_kv(const GgufFile& f, const std::vector<std::string>& c) {
    const std::string& key = c[1];
    SCOPED_TRACE("kv " + key);
    const GgufValue* v = f.find(key);
    ASSERT_NE(v, nullptr) << "key missing";
    ASSERT_EQ(std::string(engine::gguf_value_type_name(v->type)), c[2]);
    if (c[2] == "array") {
        EXPECT_EQ(std::string(engine::gguf_value_type_name(v->elem_type)), c[3]);
        EXPECT_EQ(v->count, std::stoull(c[4]));
        uint32_t crc = 0;
        if (v->elem_type == GgufValueType::STRING) {
            for (size_t i = 0; i < v->strs.size(); ++i) {
                if (i) crc = test::crc32(crc, "", 1);
                crc = test::crc32(crc, v->strs[i].data(), v->strs[i].size());
            }
        } else {
            crc = test::crc32(0, v->raw, v->count * elem_size(v->elem_type));
        }
        EXPECT_EQ(test::hex32(crc), c[5]);
    } else if (c[2] == "string") {
        EXPECT_EQ(std::string(v->str), test::unescape(c.size() > 3 ? c[3] : ""));
    } else if (c[2] == "float32") {
        const float want = std::strtof(c[3].c_str(), nullptr);
        const float got = float(v->f);
        EXPECT_EQ(std::memcmp(&want, &got, 4), 0) << want << " vs " << got;
    } else if (c[2] == "float64") {
        EXPECT_EQ(v->f, std::strtod(c[3].c_str(), nullptr));
    } else if (c[2] == "bool") {
        EXPECT_EQ(v->i, std::stoll(c[3]));
    } else if (c[2][0] == 'u') {
        EXPECT_EQ(v->u, std::stoull(c[3]));
    } else {
        EXPECT_EQ(v->i, std::stoll(c[3]));
    }
}

void check_model(const std::filesystem::path& model, const std::string& stem) {
    ASSERT_TRUE(std::filesystem::exists(model)) << "real model missing: " << model
                                                << " (the set-up script places it in PERIMETER_MODELS_DIR)";
    const auto ref = test::read_lines(test::source_dir() / "tests/gguf/reference" / (stem + ".ref.tsv"));
    auto f = GgufFile::open(model.string());
    size_t n_kv = 0, n_tensors = 0, n_deq = 0, tensor_index = 0;
    for (const auto& line : ref) {
        const auto c = test::split_tabs(line);
        const std::string& what = c[0];
        if (what == "file_size") EXPECT_EQ(f->file_size(), std::stoull(c[1]));
        else if (what == "version") EXPECT_EQ(f->version(), std::stoul(c[1]));
        else if (what == "n_kv") EXPECT_EQ(f->metadata().size(), std::stoull(c[1]));
        else if (what == "n_tensors") EXPECT_EQ(f->tensors().size(), std::stoull(c[1]));
        else if (what == "alignment") EXPECT_EQ(f->alignment(), std::stoull(c[1]));
        else if (what == "data_offset") EXPECT_EQ(f->data_offset(), std::stoull(c[1]));
        else if (what == "kv") {
            // Same keys in the same order as gguf-py.
            ASSERT_LT(n_kv, f->metadata().size());
            EXPECT_EQ(f->metadata()[n_kv].key, c[1]);
            check_kv(*f, c);
            ++n_kv;
        } else if (what == "tensor") {
            SCOPED_TRACE("tensor " + c[1]);
            ASSERT_LT(tensor_index, f->tensors().size());
            const auto& t = f->tensors()[tensor_index++];
            EXPECT_EQ(t.name, c[1]);
            EXPECT_EQ(kernels::type_label(t.type), c[2]);
            EXPECT_EQ(t.shape_str(), c[3]);
            EXPECT_EQ(t.offset, std::stoull(c[4]));
            EXPECT_EQ(t.nbytes, std::stoull(c[5]));
            EXPECT_EQ(t.data, f->tensors()[0].data - f->tensors()[0].offset + t.offset);
            ++n_tensors;
        } else if (what == "deq") {
            const auto* t = f->tensor(c[1]);
            ASSERT_NE(t, nullptr) << c[1];
            const auto& tr = kernels::type_traits(t->type);
            ASSERT_TRUE(tr.supported) << c[1];
            const int64_t rows = std::stoll(c[2]), n_sel = std::stoll(c[3]);
            std::vector<float> out(size_t(n_sel * t->ne[0]));
            for (int64_t r = 0; r < n_sel; ++r) {
                const int64_t src_row = r < rows ? r : t->n_rows() - 1;
                tr.dequantize_row(t->data + uint64_t(src_row) * t->row_bytes(), out.data() + r * t->ne[0], t->ne[0]);
            }
            EXPECT_EQ(test::hex32(test::crc32(0, out.data(), out.size() * 4)), c[4])
                << c[1] << " (" << tr.name << "): dequantized values differ from gguf.quants.dequantize";
            ++n_deq;
        }
    }
    EXPECT_EQ(n_kv, f->metadata().size());
    EXPECT_EQ(n_tensors, f->tensors().size());
    EXPECT_EQ(n_deq, f->tensors().size()) << "every tensor's dequantization is checked";
}

TEST(GgufRealModels, SmolLM2MatchesGgufPy) { check_model(test::smollm2(), "SmolLM2-135M-Instruct.Q4_1"); }
TEST(GgufRealModels, Gemma3MatchesGgufPy) { check_model(test::gemma3(), "gemma-3-270m-q4_k_m"); }

TEST(GgufRealModels, TypesCoverTheFormatsWeClaim) {
    // SmolLM2 brings Q4_1 + Q8_0 + F32, gemma3 Q4_K/Q5_0/Q6_K/Q8_0/F32: real data for each.
    std::set<std::string> seen;
    for (const auto& p : {test::smollm2(), test::gemma3()}) {
        ASSERT_TRUE(std::filesystem::exists(p)) << "real model missing: " << p;
        auto f = GgufFile::open(p.string());
        for (const auto& t : f->tensors()) seen.insert(kernels::type_label(t.type));
    }
    for (const char* t : {"F32", "Q4_1", "Q8_0", "Q4_K", "Q5_0", "Q6_K"}) EXPECT_TRUE(seen.count(t)) << t;
}

}  // namespace
}  // namespace perimeter
