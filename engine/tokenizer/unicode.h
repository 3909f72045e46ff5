// Code point helpers for the tokenizers: UTF-8 decoding and encoding with llama.cpp's exact
// error behaviour, general-category flags, White_Space, simple lowercase, first code point of
// NFD, and GPT-2's byte <-> printable-character map.
//
// The tables are generated (unicode_data.cpp) from the same Unicode version llama.cpp uses
// (15.1), so every split and normalisation agrees with it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace perimeter::engine::unicode {

// General-category flags (one bit each; a code point has exactly one). Same values as
// llama.cpp's unicode_cpt_flags so the "collapsed" regex emulation can reuse them.
enum Flag : uint8_t {
    kUndefined = 0x01,    // Cn, and code points past U+10FFFF
    kNumber = 0x02,       // \p{N}
    kLetter = 0x04,       // \p{L}
    kSeparator = 0x08,    // \p{Z}
    kMark = 0x10,         // \p{M}
    kPunctuation = 0x20,  // \p{P}
    kSymbol = 0x40,       // \p{S}
    kControl = 0x80,      // \p{C} except Cn
};

constexpr uint32_t kReplacement = 0xFFFD;

// Length of a UTF-8 sequence from its first byte, by the high nibble only (llama.cpp's
// unicode_len_utf8): continuation and invalid bytes count as 1.
inline size_t utf8_len(char first) {
    static constexpr uint8_t kLen[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
    return kLen[static_cast<uint8_t>(first) >> 4];
}

// Decodes one code point at `offset` and advances it. Returns false (offset unchanged) for
// an invalid sequence, with llama.cpp's rules: continuation bytes are checked, overlong forms
// are accepted, lead bytes F0-F7 may give code points up to 0x1FFFFF.
bool decode_one(std::string_view s, size_t& offset, uint32_t& cp);

// Whole string; an invalid byte becomes U+FFFD and decoding goes on at the next byte.
std::vector<uint32_t> decode(std::string_view s);

// Appends the UTF-8 form of cp. Code points past U+10FFFF (only reachable from the lenient
// decoder above; llama.cpp throws on them) are written as U+FFFD.
void append_utf8(std::string& out, uint32_t cp);
std::string to_utf8(uint32_t cp);

uint8_t flags(uint32_t cp);  // one Flag bit
bool is_whitespace(uint32_t cp);
inline bool is_letter(uint32_t cp) {
    return flags(cp) & kLetter;
}
inline bool is_number(uint32_t cp) {
    return flags(cp) & kNumber;
}

uint32_t to_lower(uint32_t cp);   // simple lowercase mapping, cp itself when none
uint32_t nfd_first(uint32_t cp);  // first code point of the canonical decomposition

// GPT-2 byte-level BPE alphabet: each byte maps to one printable code point.
const std::string& byte_to_bpe_char(uint8_t byte);
// Inverse for one encoded character (UTF-8); -1 when the character is not in the alphabet.
int bpe_char_to_byte(std::string_view utf8_char);

}  // namespace perimeter::engine::unicode
