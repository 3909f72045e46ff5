#include "engine/tokenizer/unicode.h"

#include <algorithm>
#include <array>
#include <map>
#include <memory>

#include "engine/tokenizer/unicode_data.h"

namespace perimeter::engine::unicode {

namespace ud = unicode_data;

bool decode_one(std::string_view s, size_t& offset, uint32_t& cp) {
    const size_t n = s.size();
    auto byte = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
    auto cont = [&](size_t i) { return (byte(i) & 0xC0) == 0x80; };
    const uint8_t b0 = byte(offset);
    if (!(b0 & 0x80)) {
        cp = b0;
        offset += 1;
        return true;
    }
    if (!(b0 & 0x40))
        return false;  // stray continuation byte
    if (!(b0 & 0x20)) {
        if (offset + 1 >= n || !cont(offset + 1))
            return false;
        cp = ((b0 & 0x1Fu) << 6) | (byte(offset + 1) & 0x3Fu);
        offset += 2;
        return true;
    }
    if (!(b0 & 0x10)) {
        if (offset + 2 >= n || !cont(offset + 1) || !cont(offset + 2))
            return false;
        cp = ((b0 & 0x0Fu) << 12) | ((byte(offset + 1) & 0x3Fu) << 6) | (byte(offset + 2) & 0x3Fu);
        offset += 3;
        return true;
    }
    if (!(b0 & 0x08)) {
        if (offset + 3 >= n || !cont(offset + 1) || !cont(offset + 2) || !cont(offset + 3))
            return false;
        cp = ((b0 & 0x07u) << 18) | ((byte(offset + 1) & 0x3Fu) << 12) | ((byte(offset + 2) & 0x3Fu) << 6) |
             (byte(offset + 3) & 0x3Fu);
        offset += 4;
        return true;
    }
    return false;
}

std::vector<uint32_t> decode(std::string_view s) {
    std::vector<uint32_t> out;
    out.reserve(s.size());
    size_t off = 0;
    while (off < s.size()) {
        uint32_t cp = 0;
        if (decode_one(s, off, cp)) {
            out.push_back(cp);
        } else {
            out.push_back(kReplacement);
            ++off;
        }
    }
    return out;
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp > 0x10FFFF)
        cp = kReplacement;
    if (cp <= 0x7F) {
        out.push_back(static_cast<char>(cp));
    } else if (cp <= 0x7FF) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp <= 0xFFFF) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string to_utf8(uint32_t cp) {
    std::string s;
    append_utf8(s, cp);
    return s;
}

namespace {

constexpr uint32_t kMaxCodepoints = 0x110000;
constexpr uint32_t kBlock = 256;

// Two-stage lookup built once from the range list: block index per 256 code points, then a
// shared 256-byte block (most blocks are identical runs), about 100 KB instead of 1.1 MB.
struct FlagTable {
    std::vector<uint16_t> block_of;  // kMaxCodepoints / kBlock entries
    std::vector<uint8_t> blocks;     // n_blocks * kBlock

    FlagTable() {
        std::vector<uint8_t> flat(kMaxCodepoints, kUndefined);
        for (size_t i = 0; i < ud::kFlagRangesCount; ++i) {
            const uint32_t first = ud::kFlagRanges[i].first;
            const uint32_t end = i + 1 < ud::kFlagRangesCount ? ud::kFlagRanges[i + 1].first : kMaxCodepoints;
            std::fill(flat.begin() + first, flat.begin() + end, ud::kFlagRanges[i].flags);
        }
        block_of.resize(kMaxCodepoints / kBlock);
        std::map<std::string, uint16_t> seen;
        for (uint32_t b = 0; b < kMaxCodepoints / kBlock; ++b) {
            std::string key(reinterpret_cast<const char*>(flat.data() + b * kBlock), kBlock);
            auto [it, inserted] = seen.emplace(std::move(key), static_cast<uint16_t>(seen.size()));
            if (inserted)
                blocks.insert(blocks.end(), it->first.begin(), it->first.end());
            block_of[b] = it->second;
        }
    }
};

const FlagTable& flag_table() {
    static const FlagTable table;
    return table;
}

struct ByteMap {
    std::array<std::string, 256> to_char;
    std::vector<std::pair<uint32_t, uint8_t>> from_char;  // sorted by code point

    ByteMap() {
        std::array<bool, 256> direct{};
        for (int b = 0x21; b <= 0x7E; ++b)
            direct[b] = true;
        for (int b = 0xA1; b <= 0xAC; ++b)
            direct[b] = true;
        for (int b = 0xAE; b <= 0xFF; ++b)
            direct[b] = true;
        uint32_t next = 256;
        for (int b = 0; b < 256; ++b) {
            const uint32_t cp = direct[b] ? static_cast<uint32_t>(b) : next++;
            to_char[b] = to_utf8(cp);
            from_char.emplace_back(cp, static_cast<uint8_t>(b));
        }
        std::sort(from_char.begin(), from_char.end());
    }
};

const ByteMap& byte_map() {
    static const ByteMap map;
    return map;
}

}  // namespace

uint8_t flags(uint32_t cp) {
    if (cp >= kMaxCodepoints)
        return kUndefined;
    const FlagTable& t = flag_table();
    return t.blocks[size_t(t.block_of[cp / kBlock]) * kBlock + cp % kBlock];
}

bool is_whitespace(uint32_t cp) {
    if (cp < 0x80)
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20;
    return std::binary_search(ud::kWhitespace, ud::kWhitespace + ud::kWhitespaceCount, cp);
}

uint32_t to_lower(uint32_t cp) {
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    const auto* end = ud::kLowercase + ud::kLowercaseCount;
    const auto* it =
        std::lower_bound(ud::kLowercase, end, cp, [](const ud::CodepointPair& p, uint32_t v) { return p.from < v; });
    return (it != end && it->from == cp) ? it->to : cp;
}

uint32_t nfd_first(uint32_t cp) {
    const auto* begin = ud::kNfdRanges;
    const auto* end = ud::kNfdRanges + ud::kNfdRangesCount;
    const auto* it = std::upper_bound(begin, end, cp, [](uint32_t v, const ud::NfdRange& r) { return v < r.first; });
    if (it == begin)
        return cp;
    --it;
    return (it->first <= cp && cp <= it->last) ? it->nfd : cp;
}

const std::string& byte_to_bpe_char(uint8_t byte) {
    return byte_map().to_char[byte];
}

int bpe_char_to_byte(std::string_view utf8_char) {
    size_t off = 0;
    uint32_t cp = 0;
    if (utf8_char.empty() || !decode_one(utf8_char, off, cp) || off != utf8_char.size())
        return -1;
    const auto& v = byte_map().from_char;
    auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(cp, uint8_t(0)));
    return (it != v.end() && it->first == cp) ? it->second : -1;
}

}  // namespace perimeter::engine::unicode
