// Splits a page's text into chunks for retrieval. A chunk never crosses a page (citations are
// per page) and records its byte span [start, end) in the page text, so that
// page_text.substr(start, end - start) == chunk.text exactly.
// Cuts prefer, in order: paragraph breaks (blank line), sentence ends and table-row ends, line
// ends, then spaces between words. A table row (a line with a tab, two or more wide gaps, or
// two or more numbers) is never cut inside unless it alone exceeds the budget. Consecutive
// chunks overlap by up to `overlap_tokens`, starting at a sentence/row start where one fits.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "docs-ingest/extracted_document.h"

namespace perimeter::ingest {

// Token counting is the engine's business; it is handed in from above. Must be thread-safe
// for const calls (the pipeline chunks several documents at once).
class TokenCounter {
public:
    virtual ~TokenCounter() = default;
    virtual size_t count(std::string_view text) const = 0;
};

// Used when no engine tokenizer is handed in. A stated approximation: Latin/ASCII 4 characters
// a token (punctuation included, spaces not; the usual rule for English BPE vocabularies);
// Cyrillic 2 characters a token, measured on the llama.cpp reference tokenizations of a
// Cyrillic sample (1.7 chars/token Qwen2, 1.9 Llama-3, 2.5 Llama-2/Phi-3 SentencePiece), taken
// at the low end so that a chunk rarely exceeds its budget in real tokens; other non-ASCII
// characters 1 token each; at least 1 token for non-blank text.
class ApproxTokenCounter : public TokenCounter {
public:
    size_t count(std::string_view text) const override;
};

struct ChunkerOptions {
    size_t max_tokens = 256;     // a chunk's budget
    size_t overlap_tokens = 32;  // 0 for none
    double min_fill = 0.5;       // a cut for a better boundary keeps at least this share
};

struct Chunk {
    int page = 0;             // 1-based
    uint32_t start = 0;       // byte offsets into the page text
    uint32_t end = 0;
    std::string text;         // == page_text.substr(start, end - start)
    size_t token_count = 0;
};

class Chunker {
public:
    // `counter` may be null (ApproxTokenCounter); it must outlive the Chunker.
    explicit Chunker(ChunkerOptions opts = {}, const TokenCounter* counter = nullptr);

    std::vector<Chunk> chunk_page(int page, std::string_view text) const;
    std::vector<Chunk> chunk_document(const ExtractedDocument& doc) const;

    const TokenCounter& counter() const { return *counter_; }
    const ChunkerOptions& options() const { return opts_; }

private:
    ChunkerOptions opts_;
    ApproxTokenCounter approx_;
    const TokenCounter* counter_;
};

}  // namespace perimeter::ingest
