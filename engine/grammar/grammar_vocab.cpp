#include "engine/grammar/grammar_vocab.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace perimeter::engine {

GrammarVocab::GrammarVocab(std::vector<std::string> pieces, std::vector<int32_t> eog_ids, std::vector<bool> special)
    : pieces_(std::move(pieces)), special_(std::move(special)) {
    const size_t n = pieces_.size();
    if (!special_.empty() && special_.size() != n)
        throw std::invalid_argument("GrammarVocab: special flags: expected " + std::to_string(n) + ", got " +
                                    std::to_string(special_.size()));
    special_.resize(n, false);
    eog_.assign(n, false);
    for (int32_t id : eog_ids) {
        if (id < 0 || size_t(id) >= n)
            throw std::invalid_argument("GrammarVocab: EOG id " + std::to_string(id) + " outside vocabulary of " +
                                        std::to_string(n));
        if (!eog_[size_t(id)]) eog_ids_.push_back(id);
        eog_[size_t(id)] = true;
    }

    // Tokens that a grammar may choose: not special, not EOG (handled apart), not empty.
    std::vector<int32_t> ids;
    for (size_t i = 0; i < n; ++i)
        if (!special_[i] && !eog_[i] && !pieces_[i].empty()) ids.push_back(int32_t(i));
    std::sort(ids.begin(), ids.end(), [&](int32_t a, int32_t b) {
        return pieces_[size_t(a)] < pieces_[size_t(b)] || (pieces_[size_t(a)] == pieces_[size_t(b)] && a < b);
    });

    // Sorted order makes the trie build a single pass: keep the path from the root, pop to the
    // common prefix with the previous text, push the rest.
    trie_.push_back({0, 0, 0, 0, 0});
    std::vector<int32_t> path = {0};
    std::string_view prev;
    for (int32_t id : ids) {
        const std::string& s = pieces_[size_t(id)];
        if (s.size() > 65535) throw std::invalid_argument("GrammarVocab: token " + std::to_string(id) + " is longer than 65535 bytes");
        size_t lcp = 0;
        while (lcp < prev.size() && lcp < s.size() && prev[lcp] == s[lcp]) ++lcp;
        while (path.size() > lcp + 1) {
            trie_[size_t(path.back())].skip = int32_t(trie_.size());
            path.pop_back();
        }
        for (size_t d = lcp; d < s.size(); ++d) {
            trie_.push_back({uint8_t(s[d]), uint16_t(d + 1), 0, 0, 0});
            path.push_back(int32_t(trie_.size() - 1));
        }
        TrieNode& node = trie_[size_t(path.back())];
        if (node.tok_begin == node.tok_end) node.tok_begin = node.tok_end = int32_t(trie_tokens_.size());
        trie_tokens_.push_back(id);
        node.tok_end = int32_t(trie_tokens_.size());
        max_depth_ = std::max(max_depth_, s.size());
        prev = s;
    }
    while (!path.empty()) {
        trie_[size_t(path.back())].skip = int32_t(trie_.size());
        path.pop_back();
    }
}

}  // namespace perimeter::engine
