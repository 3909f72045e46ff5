// Text <-> token ids for a GGUF vocabulary, giving exactly llama.cpp's ids (llama_tokenize,
// llama_token_to_piece, llama_detokenize) for the four vocabulary types.
//
// Prompt-injection rule: text that comes from documents or users is tokenized with
// parse_special = false, so "<|im_start|>" or "<s>" in a PDF stays plain text and can never
// become a control token. Only prompt templates the program itself writes use
// parse_special = true.
#pragma once
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/tokenizer/vocab.h"

namespace perimeter::engine {

class TokenizerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

namespace detail {
class Encoder;
}

class Tokenizer {
public:
    explicit Tokenizer(std::shared_ptr<const Vocab> vocab);
    // Loads the vocabulary of a GGUF file (VocabError when it is unusable).
    static Tokenizer from_gguf(const GgufFile& file);
    ~Tokenizer();
    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;

    const Vocab& vocab() const { return *vocab_; }
    const std::shared_ptr<const Vocab>& vocab_ptr() const { return vocab_; }

    // add_special: BOS/EOS (SPM, BPE, UGM: as the vocabulary's add_bos/add_eos say; BERT:
    // always [CLS] ... [SEP]). parse_special: control and unknown tokens written in the text
    // (e.g. "<|im_end|>") become those tokens; when false they are plain text. User-defined
    // tokens are matched in either case, as llama.cpp does.
    std::vector<TokenId> tokenize(std::string_view text, bool add_special, bool parse_special) const;

    // The bytes of one token. Control/unknown tokens give "" unless `special`. Skips up to
    // `lstrip` leading spaces. Throws TokenizerError for an id out of range.
    std::string token_to_piece(TokenId id, bool special, int lstrip = 0) const;

    // Concatenated pieces, with the leading space of SentencePiece text removed and, for
    // vocabularies that ask for it, " ," -> "," style clean-up (llama_detokenize).
    // remove_special drops a leading BOS / trailing EOS the vocabulary would add.
    std::string detokenize(std::span<const TokenId> ids, bool special, bool remove_special = false) const;

private:
    std::shared_ptr<const Vocab> vocab_;
    std::unique_ptr<detail::Encoder> encoder_;
};

// llama_detokenize's clean_up_tokenization_spaces passes on a whole string (exposed for the
// streaming Detokenizer's tests).
void clean_up_tokenization_spaces(std::string& text);

}  // namespace perimeter::engine
