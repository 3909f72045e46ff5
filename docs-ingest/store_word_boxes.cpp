#include "docs-ingest/store_word_boxes.h"

#include <cmath>
#include <cstring>
#include <string>

namespace perimeter::ingest {

namespace {
constexpr uint8_t kMagic1[4] = {'W', 'B', '1', 0};
constexpr uint8_t kMagic2[4] = {'W', 'B', '2', 0};
constexpr size_t kRecord1 = 24;
constexpr double kUnit = 64.0;  // coordinate units per point

uint32_t get_u32(const uint8_t* p) {
    return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}
float get_f32(const uint8_t* p) {
    uint32_t v = get_u32(p);
    float f;
    std::memcpy(&f, &v, 4);
    return f;
}

// Varints written through a raw cursor into space reserved up front (10 bytes per varint at
// most): one push_back per byte was a third of encoding a filing's boxes.
uint8_t* put_varint(uint8_t* p, uint64_t v) {
    while (v >= 0x80) {
        *p++ = uint8_t(v) | 0x80;
        v >>= 7;
    }
    *p++ = uint8_t(v);
    return p;
}
uint8_t* put_signed(uint8_t* p, int64_t v) { return put_varint(p, (uint64_t(v) << 1) ^ uint64_t(v >> 63)); }

int64_t quantize(float f) {
    if (!std::isfinite(f)) return 0;
    const double c = std::fmax(-1e7, std::fmin(1e7, double(f)));
    return std::llround(c * kUnit);
}

class Reader {
public:
    Reader(const uint8_t* p, const uint8_t* end) : p_(p), end_(end) {}
    uint64_t varint() {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p_ == end_) throw std::runtime_error("decode_word_boxes: truncated WB2 record");
            const uint8_t b = *p_++;
            v |= uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80)) return v;
        }
        throw std::runtime_error("decode_word_boxes: overlong varint");
    }
    // A signed delta; bounded so that sums of them cannot overflow (coordinates and offsets
    // are far smaller).
    int64_t signed_() {
        const uint64_t z = varint();
        const int64_t v = int64_t(z >> 1) ^ -int64_t(z & 1);
        if (v > (int64_t(1) << 36) || v < -(int64_t(1) << 36))
            throw std::runtime_error("decode_word_boxes: delta out of range");
        return v;
    }
    bool done() const { return p_ == end_; }
    size_t left() const { return size_t(end_ - p_); }

private:
    const uint8_t* p_;
    const uint8_t* end_;
};

std::vector<WordBox> decode_v1(const std::vector<uint8_t>& blob) {
    if ((blob.size() - 4) % kRecord1 != 0)
        throw std::runtime_error("decode_word_boxes: expected a multiple of 24 bytes after the magic, got " +
                                 std::to_string(blob.size() - 4));
    std::vector<WordBox> out((blob.size() - 4) / kRecord1);
    const uint8_t* p = blob.data() + 4;
    for (auto& w : out) {
        w.x = get_f32(p); w.y = get_f32(p + 4); w.w = get_f32(p + 8); w.h = get_f32(p + 12);
        w.start = get_u32(p + 16); w.end = get_u32(p + 20);
        p += kRecord1;
    }
    return out;
}

// A coordinate read back: within what encode can write (|c| <= 1e7 pt).
float coordinate(int64_t q) {
    if (q < -int64_t(1e7 * kUnit) || q > int64_t(1e7 * kUnit))
        throw std::runtime_error("decode_word_boxes: coordinate out of range");
    return float(double(q) / kUnit);
}
}  // namespace

std::vector<uint8_t> encode_word_boxes(const std::vector<WordBox>& words) {
    std::vector<uint8_t> out(4 + 10 + words.size() * 6 * 10);
    std::memcpy(out.data(), kMagic2, 4);
    uint8_t* p = put_varint(out.data() + 4, words.size());
    int64_t prev_end = 0, prev_right = 0, prev_y = 0, prev_h = 0;
    for (const WordBox& w : words) {
        const int64_t x = quantize(w.x), y = quantize(w.y), wd = quantize(w.w), h = quantize(w.h);
        const uint32_t end = w.end >= w.start ? w.end : w.start;
        p = put_signed(p, int64_t(w.start) - prev_end);
        p = put_varint(p, end - w.start);
        p = put_signed(p, x - prev_right);
        p = put_signed(p, y - prev_y);
        p = put_signed(p, wd);
        p = put_signed(p, h - prev_h);
        prev_end = end;
        prev_right = x + wd;
        prev_y = y;
        prev_h = h;
    }
    out.resize(size_t(p - out.data()));
    return out;
}

std::vector<WordBox> decode_word_boxes(const std::vector<uint8_t>& blob) {
    if (blob.empty()) return {};
    if (blob.size() >= 4 && std::memcmp(blob.data(), kMagic1, 4) == 0) return decode_v1(blob);
    if (blob.size() < 4 || std::memcmp(blob.data(), kMagic2, 4) != 0)
        throw std::runtime_error("decode_word_boxes: bad magic, expected 'WB2' or 'WB1'");
    Reader r(blob.data() + 4, blob.data() + blob.size());
    const uint64_t n = r.varint();
    if (n > r.left() / 6) throw std::runtime_error("decode_word_boxes: word count larger than the BLOB can hold");
    std::vector<WordBox> out(static_cast<size_t>(n));
    int64_t prev_end = 0, prev_right = 0, prev_y = 0, prev_h = 0;
    for (WordBox& w : out) {
        const int64_t start = prev_end + r.signed_();
        const uint64_t len = r.varint();
        if (start < 0 || start > int64_t(UINT32_MAX) || len > uint64_t(UINT32_MAX) - uint64_t(start))
            throw std::runtime_error("decode_word_boxes: text offsets out of range");
        const int64_t x = prev_right + r.signed_();
        const int64_t y = prev_y + r.signed_();
        const int64_t wd = r.signed_();
        const int64_t h = prev_h + r.signed_();
        w.start = uint32_t(start);
        w.end = uint32_t(uint64_t(start) + len);
        w.x = coordinate(x);
        w.y = coordinate(y);
        w.w = coordinate(wd);
        w.h = coordinate(h);
        prev_end = int64_t(w.end);
        prev_right = x + wd;
        prev_y = y;
        prev_h = h;
    }
    if (!r.done()) throw std::runtime_error("decode_word_boxes: bytes left after the last word");
    return out;
}

}  // namespace perimeter::ingest
