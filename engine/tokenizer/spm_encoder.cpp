// SentencePiece BPE ("llama" vocabularies: Llama 2, Mistral, Phi-3, Gemma): start from single
// UTF-8 characters, repeatedly merge the adjacent pair whose joined text is the vocabulary
// piece with the highest score, then map each symbol to its piece, or (when the symbol is not
// a piece) undo its merges, or fall back to <0xXX> byte tokens.
// Port of llama.cpp's llm_tokenizer_spm_session: same queue order, same tie-breaking.
#include <map>
#include <queue>
#include <string>

#include "engine/tokenizer/encoders.h"
#include "engine/tokenizer/unicode.h"

namespace perimeter::engine::detail {

namespace {

struct Symbol {
    int prev;
    int next;
    const char* text;
    size_t n;  // bytes; 0 once merged into its left neighbour
};

struct Bigram {
    int left;
    int right;
    float score;
    size_t size;
    struct Less {
        bool operator()(const Bigram& l, const Bigram& r) const {
            return (l.score < r.score) || (l.score == r.score && l.left > r.left);
        }
    };
};

class SpmSession {
public:
    explicit SpmSession(const Vocab& vocab) : vocab_(vocab) {}

    void tokenize(const std::string& text, std::vector<TokenId>& out) {
        int index = 0;
        size_t offs = 0;
        while (offs < text.size()) {
            Symbol sym;
            const size_t len = unicode::utf8_len(text[offs]);
            sym.text = text.c_str() + offs;
            sym.n = std::min(len, text.size() - offs);
            offs += sym.n;
            sym.prev = index - 1;
            sym.next = offs == text.size() ? -1 : index + 1;
            index++;
            symbols_.push_back(sym);
        }
        for (int i = 1; i < static_cast<int>(symbols_.size()); ++i)
            try_add_bigram(i - 1, i);

        while (!queue_.empty()) {
            const Bigram bigram = queue_.top();
            queue_.pop();
            Symbol& left = symbols_[bigram.left];
            Symbol& right = symbols_[bigram.right];
            // Stale entry: one side was merged away since it was queued.
            if (left.n == 0 || right.n == 0 || left.n + right.n != bigram.size)
                continue;
            left.n += right.n;
            right.n = 0;
            left.next = right.next;
            if (right.next >= 0)
                symbols_[right.next].prev = bigram.left;
            try_add_bigram(left.prev, bigram.left);
            try_add_bigram(bigram.left, left.next);
        }
        if (symbols_.empty())
            return;
        for (int i = 0; i != -1; i = symbols_[i].next)
            resegment(symbols_[i], out);
    }

private:
    void resegment(const Symbol& symbol, std::vector<TokenId>& out) {
        const std::string text(symbol.text, symbol.n);
        const TokenId id = vocab_.find(text);
        if (id != kNoToken) {
            out.push_back(id);
            return;
        }
        auto p = rev_merge_.find(text);
        if (p == rev_merge_.end()) {
            // Not a piece and not built from pieces: byte fallback.
            for (size_t j = 0; j < symbol.n; ++j) {
                const uint8_t byte = static_cast<uint8_t>(symbol.text[j]);
                const TokenId b = vocab_.byte_to_token(byte);
                if (b == kNoToken) {
                    throw TokenizerError("spm: the vocabulary has no byte token for 0x" +
                                         std::string(1, "0123456789ABCDEF"[byte >> 4]) +
                                         std::string(1, "0123456789ABCDEF"[byte & 15]));
                }
                out.push_back(b);
            }
            return;
        }
        resegment(symbols_[p->second.first], out);
        resegment(symbols_[p->second.second], out);
    }

    void try_add_bigram(int left, int right) {
        if (left == -1 || right == -1)
            return;
        const std::string text(symbols_[left].text, symbols_[left].n + symbols_[right].n);
        const TokenId id = vocab_.find(text);
        if (id == kNoToken)
            return;
        queue_.push(Bigram{left, right, vocab_.token(id).score, text.size()});
        rev_merge_[text] = {left, right};
    }

    const Vocab& vocab_;
    std::vector<Symbol> symbols_;
    std::priority_queue<Bigram, std::vector<Bigram>, Bigram::Less> queue_;
    std::map<std::string, std::pair<int, int>> rev_merge_;
};

class SpmEncoder final : public Encoder {
public:
    explicit SpmEncoder(const Vocab& vocab) : vocab_(vocab) {}
    void encode(std::string_view text, std::vector<TokenId>& out) const override {
        SpmSession session(vocab_);
        session.tokenize(std::string(text), out);
    }

private:
    const Vocab& vocab_;
};

}  // namespace

std::unique_ptr<Encoder> make_spm_encoder(const Vocab& vocab) {
    return std::make_unique<SpmEncoder>(vocab);
}

}  // namespace perimeter::engine::detail
