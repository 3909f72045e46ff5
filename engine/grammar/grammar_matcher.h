// Constrained decoding: masks the logits of tokens that cannot continue a sentence of the grammar
// and follows the tokens that are chosen.
//
//   auto g = Grammar::parse(gbnf);                       // or json_schema_to_grammar / regex_to_grammar
//   auto v = std::make_shared<GrammarVocab>(pieces, eog_ids, special);   // once per model
//   GrammarMatcher m(g, v);
//   loop: m.apply(logits); token = sample(logits); m.accept(token); if (m.is_finished()) break;
//
// A mask walks the vocabulary trie together with the grammar stacks (grammar_stacks.h) and is
// cached per parser state, so a state seen before (the inside of a string, the position after a
// comma in an array) costs only the cache lookup. reset() starts a new generation and keeps caches.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/grammar/grammar.h"
#include "engine/grammar/grammar_stacks.h"
#include "engine/grammar/grammar_vocab.h"

namespace perimeter::engine {

struct GrammarMatcherStats {
    uint64_t masks = 0;          // mask requests
    uint64_t cache_hits = 0;     // of which served from the cache
    uint64_t trie_nodes = 0;     // trie nodes visited by the walks
    uint64_t cache_clears = 0;   // times the cache hit its memory budget
    uint64_t memo_trims = 0;     // times the stack memo hit its memory budget
    uint64_t frame_hits = 0;     // uncached states served from a cached frame
    uint64_t frames = 0;         // frames computed
    uint64_t verified = 0;       // uncertain tokens checked against the real stacks
};

struct GrammarMatcherOptions {
    size_t cache_budget_bytes = size_t(64) << 20;  // masks cached per parser state (cleared when full)
    size_t memo_budget_bytes = size_t(128) << 20;  // memoized stack transitions (trimmed when full)
    bool use_frames = true;                        // share masks between states with the same frame
};

class GrammarMatcher {
public:
    GrammarMatcher(std::shared_ptr<const Grammar> grammar, std::shared_ptr<const GrammarVocab> vocab,
                   const GrammarMatcherOptions& opts = {});

    // Sets every token that may not come next to -inf (also ids >= vocab size, and EOG unless
    // the grammar is complete; special tokens always). After is_finished(): everything but EOG.
    void apply(std::span<float> logits);
    // Allowed tokens of the current state as a bitset over the vocabulary (64 ids per word).
    const std::vector<uint64_t>& allowed();
    bool is_allowed(int32_t token);

    // Appends a token. Throws GrammarError if the token is not allowed (caller bug or a sampler
    // that ignored the mask): "grammar: token 123 ('\"x') does not continue the grammar".
    void accept(int32_t token);
    // Appends raw text (forced output); false (and no change) if it does not fit the grammar.
    bool accept_text(std::string_view text);

    bool is_complete() const { return GrammarStacks::is_complete(cur_); }  // EOG would be accepted now
    bool can_continue() const { return !cur_.empty() && cur_.back() != 0; }  // more text is possible
    bool is_finished() const { return finished_; }                          // EOG was accepted
    void reset();

    const GrammarMatcherStats& stats() const { return stats_; }
    // Memory held by the memoized stacks and the mask cache.
    size_t memory_bytes() const { return stacks_.memory_bytes() + cache_.size() * words_ * 8; }
    size_t n_stacks() const { return stacks_.n_stacks(); }
    const GrammarVocab& vocab() const { return *vocab_; }

private:
    struct SetHash {
        size_t operator()(const StackSet& s) const {
            uint64_t h = 0xcbf29ce484222325ull;
            for (int32_t v : s) h = (h ^ uint32_t(v)) * 0x100000001b3ull;
            return size_t(h);
        }
    };
    struct Frame {
        std::vector<uint64_t> accept;      // decided inside the frame
        std::vector<int32_t> uncertain;    // pop past the cut: checked against the real stacks
        bool direct = false;               // too many uncertain tokens: walk the real set instead
    };
    void compute_mask(std::vector<uint64_t>& mask);
    // Trie walk from `start`; with `uncertain`, tokens that pop into kCut before their end are
    // collected there instead of being decided.
    void walk(const StackSet& start, std::vector<uint64_t>& mask, std::vector<int32_t>* uncertain);
    bool token_fits(int32_t token);
    const std::vector<uint64_t>& mask_for_current();

    std::shared_ptr<const GrammarVocab> vocab_;
    GrammarStacks stacks_;
    StackSet cur_, tmp_, work_;
    bool finished_ = false;
    size_t words_;  // 64-bit words per mask
    std::vector<std::vector<int32_t>> depth_sets_;  // walk scratch, one set per trie depth
    std::unordered_map<StackSet, uint32_t, SetHash> cache_index_;
    std::vector<std::vector<uint64_t>> cache_;
    std::unordered_map<StackSet, uint32_t, SetHash> frame_index_;
    std::vector<Frame> frames_;
    size_t frame_bytes_ = 0;
    StackSet frame_key_;
    std::vector<std::pair<int32_t, int32_t>> regions_;  // trie node ranges whose tokens are uncertain
    GrammarMatcherOptions opts_;
    std::vector<uint64_t> finished_mask_;
    int32_t cur_mask_ = -1;  // cache slot of the current state's mask (-1: not looked up yet)
    GrammarMatcherStats stats_;
};

}  // namespace perimeter::engine
