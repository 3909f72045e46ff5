// The byte format between extract_isolated() and the perimeter-extract helper, over one
// Unix socket: frames of [u32 little-endian length of what follows][u8 type][payload].
// Client -> helper: one Options frame. Helper -> client: Meta, then one Page frame per page
// in page order, then Done. Integers are little-endian, strings are u32 length + bytes.
// The client treats everything it reads as untrusted (a crashing helper may stop mid-frame).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "docs-ingest/extract_options.h"
#include "docs-ingest/extracted_document.h"
#include "docs-ingest/extractor.h"

namespace perimeter::ingest::wire {

enum class FrameType : uint8_t { Options = 1, Meta = 2, Page = 3, Done = 4 };

constexpr uint32_t kMaxFrameBytes = 512u << 20;  // a page is a few KiB; this only stops nonsense

std::string frame(FrameType type, const std::string& payload);

std::string encode(const ExtractOptions& o, const std::string& path);
bool decode(std::string_view in, ExtractOptions* o, std::string* path);
std::string encode(const DocumentMetadata& m);
bool decode(std::string_view in, DocumentMetadata* m);
std::string encode(const ExtractedPage& p);
bool decode(std::string_view in, ExtractedPage* p);
std::string encode(const ExtractStatus& s);
bool decode(std::string_view in, ExtractStatus* s);

// Accumulates bytes from the socket and cuts them into frames.
class FrameReader {
public:
    void feed(const char* data, size_t n) { buf_.append(data, n); }
    // True and fills type/payload when a whole frame is buffered. Sets bad() on a frame
    // that cannot be valid (length beyond kMaxFrameBytes, or zero).
    bool next(FrameType* type, std::string* payload);
    bool bad() const { return bad_; }
    size_t pending() const { return buf_.size() - pos_; }

private:
    std::string buf_;
    size_t pos_ = 0;
    bool bad_ = false;
};

}  // namespace perimeter::ingest::wire
