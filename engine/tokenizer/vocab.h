// The tokenizer vocabulary of a GGUF file (the tokenizer.ggml.* keys), loaded the way
// llama.cpp's llama_vocab::impl::load does, so that token attributes, special ids, flags and
// the end-of-generation set are the same as llama.cpp's for the same file.
#pragma once
#include <cstdint>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/tokenizer/pre_tokenizer.h"

namespace perimeter::engine {

class GgufFile;

using TokenId = int32_t;
constexpr TokenId kNoToken = -1;

class VocabError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// tokenizer.ggml.model
enum class VocabType : uint8_t {
    Spm,  // "llama": SentencePiece BPE over scores with byte fallback (Llama 2, Mistral, Gemma)
    Bpe,  // "gpt2": byte-level BPE with merges and a regex pre-tokenizer (Llama 3, Qwen, SmolLM)
    Wpm,  // "bert": WordPiece (BERT, BGE)
    Ugm,  // "t5": SentencePiece unigram with a precompiled normaliser (T5)
};
const char* vocab_type_name(VocabType t);

// tokenizer.ggml.token_type values (the GGUF spec / llama.h).
enum class TokenType : int32_t {
    Undefined = 0,
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
};

// Token attributes, bit for bit as llama.h's llama_token_attr.
namespace token_attr {
constexpr uint32_t kUndefined = 0;
constexpr uint32_t kUnknown = 1u << 0;
constexpr uint32_t kUnused = 1u << 1;
constexpr uint32_t kNormal = 1u << 2;
constexpr uint32_t kControl = 1u << 3;
constexpr uint32_t kUserDefined = 1u << 4;
constexpr uint32_t kByte = 1u << 5;
constexpr uint32_t kNormalized = 1u << 6;
constexpr uint32_t kLstrip = 1u << 7;  // eat spaces to the left of the token when matching it
constexpr uint32_t kRstrip = 1u << 8;  // ... to the right
constexpr uint32_t kSingleWord = 1u << 9;
}  // namespace token_attr

struct TokenData {
    std::string text;  // as stored; an empty one becomes "[EMPTY_<id>]" as in llama.cpp
    float score = 0.0f;
    uint32_t attr = token_attr::kNormal;
};

// Special token ids; kNoToken when the vocabulary has none.
struct SpecialTokens {
    TokenId bos = kNoToken, eos = kNoToken, eot = kNoToken, eom = kNoToken, unk = kNoToken;
    TokenId sep = kNoToken, pad = kNoToken, mask = kNoToken, linefeed = kNoToken;
    TokenId fim_pre = kNoToken, fim_suf = kNoToken, fim_mid = kNoToken;
    TokenId fim_pad = kNoToken, fim_rep = kNoToken, fim_sep = kNoToken;
};

// Behaviour flags; defaults per type as in llama.cpp, then overridden by the file's keys.
struct VocabFlags {
    bool add_bos = false;
    bool add_eos = false;
    bool add_sep = false;
    bool add_space_prefix = false;
    bool remove_extra_whitespaces = false;
    bool escape_whitespaces = true;  // space <-> U+2581 (SPM, UGM)
    bool treat_whitespace_as_suffix = false;
    bool clean_spaces = false;   // detokenize: " ," -> "," etc. (BPE)
    bool ignore_merges = false;  // BPE: a word that is a whole token skips merging
    bool lowercase = false;      // WordPiece normaliser
    bool strip_accents = false;  // WordPiece normaliser
};

class Vocab {
public:
    // Reads the tokenizer.ggml.* keys. Throws VocabError naming the key and what is wrong
    // (missing, wrong type, wrong length, unsupported model or pre-tokenizer).
    static std::shared_ptr<const Vocab> from_gguf(const GgufFile& file);

    VocabType type() const { return type_; }
    PreTokenizer pre_tokenizer() const { return pre_; }
    const std::string& model_name() const { return model_name_; }  // tokenizer.ggml.model
    const std::string& pre_name() const { return pre_name_; }      // tokenizer.ggml.pre
    int32_t size() const { return static_cast<int32_t>(tokens_.size()); }
    bool valid(TokenId id) const { return id >= 0 && id < size(); }

    // Throws VocabError for an id out of range.
    const TokenData& token(TokenId id) const;
    const std::string& text(TokenId id) const { return token(id).text; }
    uint32_t attr(TokenId id) const { return token(id).attr; }
    bool is_normal(TokenId id) const { return attr(id) & token_attr::kNormal; }
    bool is_unknown(TokenId id) const { return attr(id) & token_attr::kUnknown; }
    bool is_control(TokenId id) const { return attr(id) & token_attr::kControl; }
    bool is_byte(TokenId id) const { return attr(id) & token_attr::kByte; }
    bool is_user_defined(TokenId id) const { return attr(id) & token_attr::kUserDefined; }
    bool is_unused(TokenId id) const { return attr(id) & token_attr::kUnused; }
    // End of generation: eos, eot, eom and the usual end tokens found by text.
    bool is_eog(TokenId id) const { return id != kNoToken && eog_.count(id) > 0; }
    const std::set<TokenId>& eog_ids() const { return eog_; }

    // Exact text lookup; kNoToken when absent. With duplicate texts the last id wins.
    TokenId find(std::string_view text) const;
    // BPE merge rank of (left, right); -1 when they do not merge.
    int merge_rank(std::string_view left, std::string_view right) const;
    // Byte tokens: "<0xXX>" for SPM/UGM (falling back to the raw byte), the GPT-2 alphabet
    // character for BPE/WPM. kNoToken when the vocabulary has no token for the byte.
    TokenId byte_to_token(uint8_t byte) const;
    uint8_t token_to_byte(TokenId id) const;  // for a byte token

    const SpecialTokens& special() const { return special_; }
    const VocabFlags& flags() const { return flags_; }
    int max_token_len() const { return max_token_len_; }
    const std::string& precompiled_charsmap() const { return charsmap_; }
    // Control, user-defined and unknown tokens, longest text first: the tokens that
    // tokenize(parse_special) matches in raw text.
    const std::vector<TokenId>& special_tokens() const { return special_tokens_; }

private:
    Vocab() = default;
    void load(const GgufFile& file);
    void load_type(const GgufFile& file);
    void load_tokens(const GgufFile& file);
    void load_special(const GgufFile& file);
    void mark_by_text();
    void finish();

    VocabType type_ = VocabType::Spm;
    PreTokenizer pre_ = PreTokenizer::Default;
    std::string model_name_;
    std::string pre_name_;
    std::vector<TokenData> tokens_;
    std::unordered_map<std::string_view, TokenId> by_text_;  // views into tokens_[i].text
    std::vector<uint8_t> shadowed_;                          // 1: a later token has the same text
    std::string merge_arena_;                                // all merge strings, back to back
    std::unordered_map<std::string_view, int> merges_;       // "left right" (in the arena) -> rank
    SpecialTokens special_;
    VocabFlags flags_;
    std::set<TokenId> eog_;
    std::vector<TokenId> special_tokens_;
    std::string charsmap_;
    int max_token_len_ = 0;
};

}  // namespace perimeter::engine
