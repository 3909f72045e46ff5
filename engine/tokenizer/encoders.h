// The four tokenization algorithms behind Tokenizer, one file each (spm_encoder.cpp,
// bpe_encoder.cpp, wpm_encoder.cpp, ugm_encoder.cpp). Each encodes one fragment of raw text
// (special tokens already split off by Tokenizer) and appends ids; each is a line-by-line
// port of the matching llama.cpp session so the ids are identical. Internal to the part.
#pragma once
#include <memory>
#include <string_view>
#include <vector>

#include "engine/tokenizer/tokenizer.h"
#include "engine/tokenizer/vocab.h"

namespace perimeter::engine::detail {

class Encoder {
public:
    virtual ~Encoder() = default;
    // Appends the ids of `text` to `out`. Stateless: safe to call from several threads.
    virtual void encode(std::string_view text, std::vector<TokenId>& out) const = 0;
};

// SentencePiece BPE over piece scores; `text` must already have spaces escaped as U+2581.
std::unique_ptr<Encoder> make_spm_encoder(const Vocab& vocab);
// Byte-level BPE: pre-tokenizer split, then merges by rank.
std::unique_ptr<Encoder> make_bpe_encoder(const Vocab& vocab);
// WordPiece: BERT normalisation and greedy longest match.
std::unique_ptr<Encoder> make_wpm_encoder(const Vocab& vocab);
// Unigram: precompiled-charsmap normalisation and Viterbi over piece scores.
std::unique_ptr<Encoder> make_ugm_encoder(const Vocab& vocab);

}  // namespace perimeter::engine::detail
