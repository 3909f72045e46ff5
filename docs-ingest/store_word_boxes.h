// Word boxes as a compact BLOB in pages.words: the magic "WB1\0", then fixed records, 24 bytes a
// word, little-endian: x, y, w, h (float32, points from the page's top-left) and start, end
// (uint32 byte offsets into the page text). A BLOB that does not parse is reported, not trusted.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "docs-ingest/extracted_document.h"

namespace perimeter::ingest {

std::vector<uint8_t> encode_word_boxes(const std::vector<WordBox>& words);
// Throws std::runtime_error on a malformed BLOB (bad magic, truncated records).
std::vector<WordBox> decode_word_boxes(const std::vector<uint8_t>& blob);

}  // namespace perimeter::ingest
