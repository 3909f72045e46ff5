// Byte-level BPE ("gpt2" vocabularies: GPT-2, Llama 3, Qwen 2, SmolLM, DeepSeek): split with
// the vocabulary's pre-tokenizer, map bytes to GPT-2's alphabet, then inside each word merge
// the adjacent pair with the lowest merge rank until none is left.
// Port of llama.cpp's llm_tokenizer_bpe_session: same queue order, same leftovers handling.
#include <queue>
#include <string>

#include "engine/tokenizer/encoders.h"
#include "engine/tokenizer/pre_tokenizer.h"
#include "engine/tokenizer/unicode.h"

namespace perimeter::engine::detail {

namespace {

struct Symbol {
    int prev;
    int next;
    const char* text;
    size_t n;
};

struct Bigram {
    int left;
    int right;
    std::string text;
    int rank;
    size_t size;
    struct Greater {  // lowest rank first, then leftmost
        bool operator()(const Bigram& l, const Bigram& r) const {
            return l.rank > r.rank || (l.rank == r.rank && l.left > r.left);
        }
    };
};

class BpeEncoder final : public Encoder {
public:
    explicit BpeEncoder(const Vocab& vocab) : vocab_(vocab) {}

    void encode(std::string_view text, std::vector<TokenId>& out) const override {
        const std::vector<std::string> words = pre_tokenize(text, vocab_.pre_tokenizer());
        std::vector<Symbol> symbols;
        std::vector<Symbol> final_symbols;
        int final_prev = -1;

        for (const std::string& word : words) {
            std::priority_queue<Bigram, std::vector<Bigram>, Bigram::Greater> queue;
            symbols.clear();
            int index = 0;
            size_t offset = 0;
            if (vocab_.flags().ignore_merges && vocab_.find(word) != kNoToken) {
                symbols.push_back(Symbol{-1, -1, word.c_str(), word.size()});
                offset = word.size();
            }
            while (offset < word.size()) {
                Symbol sym;
                const size_t len = std::min(word.size() - offset, unicode::utf8_len(word[offset]));
                sym.text = word.c_str() + offset;
                sym.n = len;
                offset += len;
                sym.prev = index - 1;
                sym.next = offset == word.size() ? -1 : index + 1;
                index++;
                symbols.push_back(sym);
            }
            auto add_bigram = [&](int left, int right) {
                if (left == -1 || right == -1)
                    return;
                const std::string_view l(symbols[left].text, symbols[left].n);
                const std::string_view r(symbols[right].text, symbols[right].n);
                const int rank = vocab_.merge_rank(l, r);
                if (rank < 0)
                    return;
                std::string joined;
                joined.reserve(l.size() + r.size());
                joined.append(l).append(r);
                queue.push(Bigram{left, right, std::move(joined), rank, l.size() + r.size()});
            };
            for (int i = 1; i < static_cast<int>(symbols.size()); ++i)
                add_bigram(i - 1, i);

            while (!queue.empty()) {
                const Bigram bigram = queue.top();
                queue.pop();
                Symbol& left = symbols[bigram.left];
                Symbol& right = symbols[bigram.right];
                if (left.n == 0 || right.n == 0)
                    continue;
                // Outdated: one side changed since the pair was queued.
                if (bigram.text.size() != left.n + right.n || bigram.text.compare(0, left.n, left.text, left.n) != 0 ||
                    bigram.text.compare(left.n, right.n, right.text, right.n) != 0) {
                    continue;
                }
                left.n += right.n;
                right.n = 0;
                left.next = right.next;
                if (right.next >= 0)
                    symbols[right.next].prev = bigram.left;
                add_bigram(left.prev, bigram.left);
                add_bigram(bigram.left, left.next);
            }
            for (Symbol& sym : symbols) {
                if (sym.n == 0)
                    continue;
                sym.prev = final_prev;
                sym.next = -1;
                if (final_prev != -1)
                    final_symbols[final_prev].next = static_cast<int>(final_symbols.size());
                final_symbols.push_back(sym);
                final_prev = static_cast<int>(final_symbols.size()) - 1;
            }
            // The symbols point into `word`: emit this word's tokens before it goes away.
            emit(final_symbols, out);
            final_symbols.clear();
            final_prev = -1;
        }
    }

private:
    void emit(const std::vector<Symbol>& symbols, std::vector<TokenId>& out) const {
        if (symbols.empty())
            return;
        for (int i = 0; i != -1; i = symbols[i].next) {
            const Symbol& sym = symbols[i];
            if (sym.n == 0)
                continue;
            const std::string_view str(sym.text, sym.n);
            const TokenId id = vocab_.find(str);
            if (id != kNoToken) {
                out.push_back(id);
                continue;
            }
            // Not in the vocabulary: try each raw byte as a token text; bytes that are not
            // tokens are dropped (llama.cpp does the same).
            for (char c : str) {
                const TokenId b = vocab_.find(std::string_view(&c, 1));
                if (b != kNoToken)
                    out.push_back(b);
            }
        }
    }

    const Vocab& vocab_;
};

}  // namespace

std::unique_ptr<Encoder> make_bpe_encoder(const Vocab& vocab) {
    return std::make_unique<BpeEncoder>(vocab);
}

}  // namespace perimeter::engine::detail
