// Unicode tables for the tokenizers, generated into unicode_data.cpp by gen_unicode_data.py
// (same content as llama.cpp's src/unicode-data.cpp, so splitting matches it code point for
// code point). Use the lookups in unicode.h rather than these arrays.
#pragma once
#include <cstddef>
#include <cstdint>

namespace perimeter::engine::unicode_data {

struct FlagRange {
    uint32_t first;  // first code point of the range; it ends where the next one starts
    uint8_t flags;   // unicode::kNumber | kLetter | ... (general category, one bit)
};
struct CodepointPair {
    uint32_t from;
    uint32_t to;
};
struct NfdRange {
    uint32_t first;
    uint32_t last;
    uint32_t nfd;  // first code point of the NFD decomposition of every code point in range
};

extern const char* const kUnicodeVersion;
extern const FlagRange kFlagRanges[];
extern const size_t kFlagRangesCount;
extern const uint32_t kWhitespace[];
extern const size_t kWhitespaceCount;
extern const CodepointPair kLowercase[];
extern const size_t kLowercaseCount;
extern const NfdRange kNfdRanges[];
extern const size_t kNfdRangesCount;

}  // namespace perimeter::engine::unicode_data
