#include "docs-ingest/store_word_boxes.h"

#include <cstring>
#include <string>

namespace perimeter::ingest {

namespace {
constexpr uint8_t kMagic[4] = {'W', 'B', '1', 0};
constexpr size_t kRecord = 24;

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
}
void put_f32(std::vector<uint8_t>& out, float f) {
    uint32_t v;
    std::memcpy(&v, &f, 4);
    put_u32(out, v);
}
uint32_t get_u32(const uint8_t* p) {
    return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}
float get_f32(const uint8_t* p) {
    uint32_t v = get_u32(p);
    float f;
    std::memcpy(&f, &v, 4);
    return f;
}
}  // namespace

std::vector<uint8_t> encode_word_boxes(const std::vector<WordBox>& words) {
    std::vector<uint8_t> out(kMagic, kMagic + 4);
    out.reserve(4 + words.size() * kRecord);
    for (const WordBox& w : words) {
        put_f32(out, w.x); put_f32(out, w.y); put_f32(out, w.w); put_f32(out, w.h);
        put_u32(out, w.start); put_u32(out, w.end);
    }
    return out;
}

std::vector<WordBox> decode_word_boxes(const std::vector<uint8_t>& blob) {
    if (blob.empty()) return {};
    if (blob.size() < 4 || std::memcmp(blob.data(), kMagic, 4) != 0)
        throw std::runtime_error("decode_word_boxes: bad magic, expected 'WB1'");
    if ((blob.size() - 4) % kRecord != 0)
        throw std::runtime_error("decode_word_boxes: expected a multiple of 24 bytes after the magic, got " +
                                 std::to_string(blob.size() - 4));
    std::vector<WordBox> out((blob.size() - 4) / kRecord);
    const uint8_t* p = blob.data() + 4;
    for (auto& w : out) {
        w.x = get_f32(p); w.y = get_f32(p + 4); w.w = get_f32(p + 8); w.h = get_f32(p + 12);
        w.start = get_u32(p + 16); w.end = get_u32(p + 20);
        p += kRecord;
    }
    return out;
}

}  // namespace perimeter::ingest
