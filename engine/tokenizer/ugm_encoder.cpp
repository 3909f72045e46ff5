// SentencePiece unigram ("t5" vocabularies): normalise with the model's precompiled charsmap
// (a double-array trie of replacement strings), escape spaces as U+2581, then choose the
// segmentation with the highest total piece score by Viterbi over a trie of the pieces; code
// points no piece covers become <unk> (consecutive ones merged).
// Port of llama.cpp's llm_tokenizer_ugm and its session.
#include <algorithm>
#include <cfloat>
#include <cstring>
#include <string>

#include "engine/tokenizer/encoders.h"
#include "engine/tokenizer/unicode.h"

namespace perimeter::engine::detail {

namespace {

// Byte trie of piece texts. Children are kept sorted by byte; node 0 is the root.
class Trie {
public:
    Trie() : nodes_(1) {}

    void insert(std::string_view key, TokenId value) {
        uint32_t node = 0;
        for (char c : key)
            node = child_or_add(node, static_cast<uint8_t>(c));
        nodes_[node].has_value = true;
        nodes_[node].value = value;
    }
    // Node reached from `node` by byte c, or -1.
    int64_t step(uint32_t node, uint8_t c) const {
        const auto& ch = nodes_[node].children;
        auto it = std::lower_bound(ch.begin(), ch.end(), std::make_pair(c, uint32_t(0)));
        return (it != ch.end() && it->first == c) ? int64_t(it->second) : -1;
    }
    bool has_value(uint32_t node) const { return nodes_[node].has_value; }
    TokenId value(uint32_t node) const { return nodes_[node].value; }
    // How far the key can be walked from the root (not necessarily ending on a value),
    // which is what llama.cpp's naive_trie::get_longest_prefix returns.
    size_t longest_path(std::string_view key) const {
        uint32_t node = 0;
        size_t i = 0;
        for (; i < key.size(); ++i) {
            const int64_t next = step(node, static_cast<uint8_t>(key[i]));
            if (next < 0)
                break;
            node = static_cast<uint32_t>(next);
        }
        return i;
    }

private:
    struct Node {
        std::vector<std::pair<uint8_t, uint32_t>> children;
        bool has_value = false;
        TokenId value = 0;
    };
    uint32_t child_or_add(uint32_t node, uint8_t c) {
        auto& ch = nodes_[node].children;
        auto it = std::lower_bound(ch.begin(), ch.end(), std::make_pair(c, uint32_t(0)));
        if (it != ch.end() && it->first == c)
            return it->second;
        const uint32_t idx = static_cast<uint32_t>(nodes_.size());
        ch.insert(it, {c, idx});
        nodes_.emplace_back();
        return idx;
    }
    std::vector<Node> nodes_;
};

class UgmEncoder final : public Encoder {
public:
    explicit UgmEncoder(const Vocab& vocab) : vocab_(vocab) {
        const std::string& cm = vocab.precompiled_charsmap();
        if (!cm.empty()) {
            // [u32 trie size][XOR-compressed double array][NUL-terminated replacements]
            uint32_t blob = 0;
            std::memcpy(&blob, cm.data(), 4);
            xcda_.resize(blob / 4);
            std::memcpy(xcda_.data(), cm.data() + 4, xcda_.size() * 4);
            replacements_ = std::string_view(cm).substr(4 + blob);
        }
        for (TokenId id = 0; id < vocab.size(); ++id) {
            const TokenData& t = vocab.token(id);
            if (vocab.is_normal(id)) {
                min_score_ = std::min(min_score_, t.score);
                max_score_ = std::max(max_score_, t.score);
            }
            if (vocab.is_normal(id) || vocab.is_user_defined(id) || vocab.is_unused(id))
                tokens_.insert(t.text, id);
            if (vocab.is_user_defined(id))
                user_defined_.insert(t.text, 0);
        }
        unknown_score_ = min_score_ - 10.0f;
    }

    void encode(std::string_view text, std::vector<TokenId>& out) const override {
        const size_t out_start = out.size();
        const std::string normalized = normalize(text);
        const size_t input_len = normalized.size();
        if (input_len == 0)
            return;
        const TokenId unk = vocab_.special().unk;

        struct Best {
            TokenId token;
            size_t input_offset;
            double score_sum;
        };
        std::vector<Best> best(input_len + 1, Best{unk, 0, -DBL_MAX});
        best[0] = Best{unk, 0, 0};

        for (size_t input_offset = 0; input_offset < input_len;) {
            size_t prefix_offset = input_offset;
            const size_t n_units = std::min(unicode::utf8_len(normalized[input_offset]), input_len - input_offset);
            bool single_codepoint_token_found = false;
            const Best current = best[input_offset];
            int64_t node = tokens_.step(0, static_cast<uint8_t>(normalized[prefix_offset++]));
            while (prefix_offset <= input_len && node >= 0) {
                if (tokens_.has_value(static_cast<uint32_t>(node))) {
                    if (prefix_offset - input_offset == n_units)
                        single_codepoint_token_found = true;
                    const TokenId id = tokens_.value(static_cast<uint32_t>(node));
                    // User-defined pieces score 0 so they win; double as SentencePiece does.
                    const double score = vocab_.is_user_defined(id) ? 0.0 : vocab_.token(id).score;
                    const double challenger = current.score_sum + score;
                    Best& champ = best[prefix_offset];
                    if (challenger > champ.score_sum)
                        champ = Best{id, input_offset, challenger};
                }
                // llama.cpp reads one byte past the end here (the string's terminating NUL).
                const uint8_t c = prefix_offset < input_len ? static_cast<uint8_t>(normalized[prefix_offset]) : 0;
                ++prefix_offset;
                node = tokens_.step(static_cast<uint32_t>(node), c);
            }
            if (!single_codepoint_token_found) {
                const double challenger = current.score_sum + unknown_score_;
                prefix_offset = input_offset + n_units;
                Best& champ = best[prefix_offset];
                if (challenger > champ.score_sum)
                    champ = Best{unk, input_offset, challenger};
            }
            input_offset += n_units;
        }

        // Backtrack from the end; a run of unknowns becomes one <unk>.
        bool prev_unknown = false;
        for (size_t pos = input_len;;) {
            const Best& b = best[pos];
            const bool is_unknown = b.token == unk;
            if (!(prev_unknown && is_unknown))
                out.push_back(b.token);
            if (b.input_offset == 0)
                break;
            prev_unknown = is_unknown;
            pos = b.input_offset;
        }
        std::reverse(out.begin() + static_cast<std::ptrdiff_t>(out_start), out.end());
        if (unk == kNoToken &&
            std::find(out.begin() + static_cast<std::ptrdiff_t>(out_start), out.end(), kNoToken) != out.end()) {
            throw TokenizerError("ugm: the text needs <unk>, but the vocabulary has no unknown token");
        }
    }

private:
    struct Normalized {
        std::string_view text;
        size_t consumed;
    };

    std::string normalize(std::string_view input) const {
        std::string out;
        out.reserve(input.size() * 3);
        const VocabFlags& f = vocab_.flags();
        const std::string_view space = f.escape_whitespaces ? "\xE2\x96\x81" : " ";
        const bool prepend_space = !f.treat_whitespace_as_suffix && f.add_space_prefix;
        const bool append_space = f.treat_whitespace_as_suffix && f.add_space_prefix;
        const bool merge_spaces = f.remove_extra_whitespaces;
        bool space_prepended = false;
        bool processing_non_ws = false;
        for (size_t offset = 0; offset < input.size();) {
            const Normalized norm = normalize_prefix(input, offset);
            for (char c : norm.text) {
                if (c != ' ') {
                    if (!processing_non_ws) {
                        processing_non_ws = true;
                        if ((prepend_space && !space_prepended) || merge_spaces) {
                            out.append(space);
                            space_prepended = true;
                        }
                    }
                    out.push_back(c);
                } else {
                    processing_non_ws = false;
                    if (!merge_spaces)
                        out.append(space);
                }
            }
            offset += norm.consumed;
        }
        if (append_space)
            out.append(space);
        return out;
    }

    // XCDA entry fields (Kanda 2018): BASE in bits 10-30 (shifted by bit 9), LCHECK in 0-7
    // (bit 31 kept for value nodes), LEAF in bit 8, VALUE in bits 0-30.
    uint32_t node(size_t i) const {
        if (i >= xcda_.size()) {
            throw TokenizerError("ugm: precompiled charsmap: trie index " + std::to_string(i) + " out of range (" +
                                 std::to_string(xcda_.size()) + " entries)");
        }
        return xcda_[i];
    }
    uint32_t base(size_t i) const {
        const uint32_t n = node(i);
        return (n >> 10) << ((n & (1U << 9)) >> 6);
    }
    uint32_t lcheck(size_t i) const { return node(i) & ((1U << 31) | 0xff); }
    bool leaf(size_t i) const { return (node(i) >> 8) & 1; }
    uint32_t value(size_t i) const { return node(i) & ((1U << 31) - 1); }

    Normalized normalize_prefix(std::string_view input, size_t offset) const {
        if (offset == input.size())
            return {input.substr(offset, 0), 0};

        // A user-defined piece at this position passes through unchanged.
        const size_t ud = user_defined_.longest_path(input.substr(offset));
        if (ud > 0)
            return {input.substr(offset, ud), ud};

        size_t longest_len = 0;
        size_t longest_offset = 0;
        if (!xcda_.empty()) {
            uint32_t node_index = base(0);
            for (size_t p = offset; p < input.size(); ++p) {
                const uint8_t c = static_cast<uint8_t>(input[p]);
                if (c == 0)
                    break;
                node_index ^= c;
                if (lcheck(node_index) != c)
                    break;
                const bool is_leaf = leaf(node_index);
                node_index ^= base(node_index);
                if (is_leaf) {
                    longest_len = p - offset + 1;
                    longest_offset = value(node_index);
                }
            }
        }
        if (longest_len > 0) {
            if (longest_offset >= replacements_.size()) {
                throw TokenizerError("ugm: precompiled charsmap: replacement offset " + std::to_string(longest_offset) +
                                     " past the end (" + std::to_string(replacements_.size()) + " bytes)");
            }
            const std::string_view rest = replacements_.substr(longest_offset);
            const size_t len = rest.find('\0');
            if (len == std::string_view::npos) {
                throw TokenizerError("ugm: precompiled charsmap: unterminated replacement string");
            }
            return {rest.substr(0, len), longest_len};
        }
        // Valid UTF-8 passes through; an invalid byte becomes U+FFFD.
        size_t p = offset;
        uint32_t cp = 0;
        if (unicode::decode_one(input, p, cp))
            return {input.substr(offset, p - offset), p - offset};
        return {"\xEF\xBF\xBD", 1};
    }

    const Vocab& vocab_;
    std::vector<uint32_t> xcda_;
    std::string_view replacements_;
    Trie tokens_;
    Trie user_defined_;
    float min_score_ = FLT_MAX;
    float max_score_ = -FLT_MAX;
    float unknown_score_ = 0;
};

}  // namespace

std::unique_ptr<Encoder> make_ugm_encoder(const Vocab& vocab) {
    return std::make_unique<UgmEncoder>(vocab);
}

}  // namespace perimeter::engine::detail
