// Word boxes as a compact BLOB in pages.words.
//
// Written as "WB2\0", then the word count and, per word, six varints: the word's start offset
// into the page text as a delta from the previous word's end, its length in bytes, x as a delta
// from the previous word's right edge, y and h as deltas from the previous word's, and w;
// coordinates in 1/64 pt (0.016 pt: a twentieth of a pixel at 300 dpi), signed deltas
// zig-zag coded. About 8 bytes a word where WB1's fixed records took 24: word boxes were half
// of a store's bytes. "WB1\0" BLOBs of older stores (fixed 24-byte records: x, y, w, h as
// float32, start and end as uint32, little-endian) are still read. A BLOB that does not
// parse is reported, not trusted.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "docs-ingest/extracted_document.h"

namespace perimeter::ingest {

// Coordinates are rounded to 1/64 pt; non-finite ones are stored as 0, beyond +-1e7 pt clamped.
std::vector<uint8_t> encode_word_boxes(const std::vector<WordBox>& words);
// Throws std::runtime_error on a malformed BLOB (bad magic, truncated or inconsistent records).
std::vector<WordBox> decode_word_boxes(const std::vector<uint8_t>& blob);

}  // namespace perimeter::ingest
