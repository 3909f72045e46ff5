#include "engine/grammar/grammar_matcher.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace perimeter::engine {

namespace {
std::string printable(std::string_view s) {
    std::string out;
    for (unsigned char c : s.substr(0, 40)) {
        if (c == '\n') out += "\\n";
        else if (c < 0x20) out += "\\x" + std::string(1, "0123456789abcdef"[c >> 4]) + "0123456789abcdef"[c & 15];
        else out += char(c);
    }
    return out;
}
}  // namespace

GrammarMatcher::GrammarMatcher(std::shared_ptr<const Grammar> grammar, std::shared_ptr<const GrammarVocab> vocab,
                               const GrammarMatcherOptions& opts)
    : vocab_(std::move(vocab)), stacks_(std::move(grammar)), words_((vocab_->size() + 63) / 64),
      opts_(opts) {
    depth_sets_.resize(vocab_->max_depth() + 1);
    finished_mask_.assign(words_, 0);
    for (int32_t id : vocab_->eog_ids()) finished_mask_[size_t(id) >> 6] |= uint64_t(1) << (id & 63);
    reset();
}

void GrammarMatcher::reset() {
    stacks_.initial(cur_);
    finished_ = false;
    cur_mask_ = -1;
}

void GrammarMatcher::walk(const StackSet& start, std::vector<uint64_t>& mask, std::vector<int32_t>* uncertain) {
    mask.assign(words_, 0);
    const auto& trie = vocab_->trie();
    const auto& toks = vocab_->trie_tokens();
    auto take = [&](const GrammarVocab::TrieNode& node) {
        for (int32_t t = node.tok_begin; t < node.tok_end; ++t) {
            const int32_t id = toks[size_t(t)];
            mask[size_t(id) >> 6] |= uint64_t(1) << (id & 63);
        }
    };
    regions_.clear();
    depth_sets_[0] = start;
    // Depth-first over the trie in storage order: depth_sets_[d - 1] always holds the stacks
    // after the parent's prefix; a rejected prefix skips its whole subtree.
    size_t i = 1;
    uint64_t visited = 0;
    while (i < trie.size()) {
        const auto& node = trie[i];
        ++visited;
        auto& set = depth_sets_[node.depth];
        stacks_.advance(depth_sets_[node.depth - 1], node.byte, set);
        // kCut (id 1) sorts first: the empty stack (id 0) never occurs in a frame walk, whose
        // stacks all end in kCut, and kCut never occurs in a walk of real stacks.
        if (!set.empty() && set[0] == GrammarStacks::kCut) {
            // Popped out of the frame exactly here: this token fits (the real stack below is
            // alive); longer tokens below this node depend on what was cut off.
            set.erase(set.begin());
            take(node);
            if (node.skip > int32_t(i) + 1 && (regions_.empty() || int32_t(i) + 1 >= regions_.back().second))
                regions_.push_back({int32_t(i) + 1, node.skip});
        } else if (!set.empty()) {
            take(node);
        }
        if (set.empty()) {
            i = size_t(node.skip);
            continue;
        }
        ++i;
    }
    stats_.trie_nodes += visited;
    if (uncertain) {
        uncertain->clear();
        for (const auto& [b, e] : regions_)
            for (int32_t n = b; n < e; ++n)
                for (int32_t t = trie[size_t(n)].tok_begin; t < trie[size_t(n)].tok_end; ++t) {
                    const int32_t id = toks[size_t(t)];
                    if (!((mask[size_t(id) >> 6] >> (id & 63)) & 1)) uncertain->push_back(id);
                }
    }
}

bool GrammarMatcher::token_fits(int32_t token) {
    ++stats_.verified;
    work_.assign(cur_.begin(), cur_.end());
    for (unsigned char c : vocab_->piece(token)) {
        stacks_.advance(work_, c, tmp_);
        work_.swap(tmp_);
        if (work_.empty()) return false;
    }
    return true;
}

void GrammarMatcher::compute_mask(std::vector<uint64_t>& mask) {
    if (stacks_.memory_bytes() > opts_.memo_budget_bytes) {  // safe point: no views into the memo are held
        stacks_.trim_memo();
        ++stats_.memo_trims;
    }
    // Many states differ only below their frame (the same string field in another array item,
    // the same position in the next generation): decide most tokens once per frame and check
    // only the few that pop past the cut against the real stacks.
    constexpr size_t kMaxUncertain = 4096;
    const Frame* f = nullptr;
    if (opts_.use_frames && stacks_.frame(cur_, frame_key_)) {
        auto it = frame_index_.find(frame_key_);
        if (it != frame_index_.end()) {
            ++stats_.frame_hits;
            f = &frames_[it->second];
        } else {
            if (frame_bytes_ > opts_.cache_budget_bytes / 2) {
                frames_.clear();
                frame_index_.clear();
                frame_bytes_ = 0;
            }
            Frame fr;
            walk(frame_key_, fr.accept, &fr.uncertain);
            ++stats_.frames;
            if (fr.uncertain.size() > kMaxUncertain) {  // the frame decides too little: not worth keeping
                fr.direct = true;
                fr.accept.clear();
                fr.uncertain.clear();
                fr.uncertain.shrink_to_fit();
            }
            frame_bytes_ += fr.accept.size() * 8 + fr.uncertain.size() * 4 + 64;
            frames_.push_back(std::move(fr));
            frame_index_.emplace(frame_key_, uint32_t(frames_.size() - 1));
            f = &frames_.back();
        }
    }
    if (f && !f->direct) {
        mask = f->accept;
        for (int32_t t : f->uncertain)
            if (token_fits(t)) mask[size_t(t) >> 6] |= uint64_t(1) << (t & 63);
    } else {
        walk(cur_, mask, nullptr);
    }
    if (GrammarStacks::is_complete(cur_))
        for (int32_t id : vocab_->eog_ids()) mask[size_t(id) >> 6] |= uint64_t(1) << (id & 63);
}

const std::vector<uint64_t>& GrammarMatcher::mask_for_current() {
    if (finished_) return finished_mask_;
    if (cur_mask_ >= 0) return cache_[size_t(cur_mask_)];
    ++stats_.masks;
    auto it = cache_index_.find(cur_);
    if (it != cache_index_.end()) {
        ++stats_.cache_hits;
        cur_mask_ = int32_t(it->second);
        return cache_[it->second];
    }
    if ((cache_.size() + 1) * words_ * 8 > opts_.cache_budget_bytes && !cache_.empty()) {
        cache_.clear();
        cache_index_.clear();
        ++stats_.cache_clears;
    }
    cache_.emplace_back();
    compute_mask(cache_.back());
    cache_index_.emplace(cur_, uint32_t(cache_.size() - 1));
    cur_mask_ = int32_t(cache_.size() - 1);
    return cache_.back();
}

const std::vector<uint64_t>& GrammarMatcher::allowed() { return mask_for_current(); }

bool GrammarMatcher::is_allowed(int32_t token) {
    if (token < 0 || size_t(token) >= vocab_->size()) return false;
    const auto& m = mask_for_current();
    return (m[size_t(token) >> 6] >> (token & 63)) & 1;
}

void GrammarMatcher::apply(std::span<float> logits) {
    const auto& m = mask_for_current();
    const size_t n = std::min(logits.size(), vocab_->size());
    for (size_t w = 0; w * 64 < n; ++w) {
        const uint64_t bits = m[w];
        if (bits == ~uint64_t(0)) continue;
        const size_t end = std::min(n, w * 64 + 64);
        for (size_t i = w * 64; i < end; ++i)
            if (!((bits >> (i & 63)) & 1)) logits[i] = -INFINITY;
    }
    for (size_t i = n; i < logits.size(); ++i) logits[i] = -INFINITY;  // padding rows of the output matrix
}

void GrammarMatcher::accept(int32_t token) {
    if (token < 0 || size_t(token) >= vocab_->size())
        throw GrammarError("grammar: accept: token " + std::to_string(token) + " outside the vocabulary of " +
                           std::to_string(vocab_->size()));
    if (finished_) throw GrammarError("grammar: accept: token " + std::to_string(token) + " after end of generation");
    if (vocab_->is_eog(token)) {
        if (!is_complete())
            throw GrammarError("grammar: accept: end-of-generation token " + std::to_string(token) +
                               " before the grammar is complete");
        finished_ = true;
        cur_mask_ = -1;
        return;
    }
    const std::string& piece = vocab_->piece(token);
    if (vocab_->is_special(token) || piece.empty() || !accept_text(piece))
        throw GrammarError("grammar: accept: token " + std::to_string(token) + " ('" + printable(piece) +
                           "') does not continue the grammar");
}

bool GrammarMatcher::accept_text(std::string_view text) {
    if (finished_) return false;
    // Two scratch sets (no allocation once warm); cur_ changes only if all of text fits.
    work_.assign(cur_.begin(), cur_.end());
    for (unsigned char c : text) {
        stacks_.advance(work_, c, tmp_);
        work_.swap(tmp_);
        if (work_.empty()) return false;
    }
    cur_.swap(work_);
    cur_mask_ = -1;
    return true;
}

}  // namespace perimeter::engine
