// The vocabulary as the grammar matcher sees it: the decoded byte string of every token, which
// ones end a generation (EOG), which ones are special (control tokens: never allowed by a
// grammar). Built once per model and shared by every matcher: it holds a byte trie of the token
// texts, in depth-first order, so that a mask walks the grammar stacks down the trie and drops a
// whole subtree (every token starting with "{\"") as soon as its prefix is rejected.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace perimeter::engine {

class GrammarVocab {
public:
    // pieces[i] is token i's text as bytes (byte-level BPE already decoded to raw bytes, SPM "▁"
    // already a space). special[i] marks control tokens (may be empty: none). EOG ids are allowed
    // only where the grammar is complete; they need not be marked special.
    GrammarVocab(std::vector<std::string> pieces, std::vector<int32_t> eog_ids, std::vector<bool> special = {});

    size_t size() const { return pieces_.size(); }
    const std::string& piece(int32_t id) const { return pieces_[size_t(id)]; }
    bool is_eog(int32_t id) const { return id >= 0 && size_t(id) < eog_.size() && eog_[size_t(id)]; }
    bool is_special(int32_t id) const { return id >= 0 && size_t(id) < special_.size() && special_[size_t(id)]; }
    const std::vector<int32_t>& eog_ids() const { return eog_ids_; }

    // Trie in depth-first (pre-)order; node 0 is the root (the empty prefix).
    struct TrieNode {
        uint8_t byte;        // the byte leading here from the parent
        uint16_t depth;      // = length of the prefix
        int32_t skip;        // index of the first node after this subtree
        int32_t tok_begin;   // tokens whose text is exactly this prefix: trie_tokens[tok_begin, tok_end)
        int32_t tok_end;
    };
    const std::vector<TrieNode>& trie() const { return trie_; }
    const std::vector<int32_t>& trie_tokens() const { return trie_tokens_; }
    size_t max_depth() const { return max_depth_; }

private:
    std::vector<std::string> pieces_;
    std::vector<bool> eog_, special_;
    std::vector<int32_t> eog_ids_;
    std::vector<TrieNode> trie_;
    std::vector<int32_t> trie_tokens_;
    size_t max_depth_ = 0;
};

}  // namespace perimeter::engine
