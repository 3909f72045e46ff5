// WordPiece ("bert" vocabularies: BERT, BGE): BERT's basic normalisation (NFD accent strip,
// lowercase, split on whitespace, punctuation, ASCII symbols and CJK ideographs), then each
// word, prefixed with U+2581 as llama.cpp's converted vocabularies expect, is cut greedily
// into the longest vocabulary pieces; a word that cannot be cut becomes [UNK].
// Port of llama.cpp's llm_tokenizer_wpm_session.
#include <string>

#include "engine/tokenizer/encoders.h"
#include "engine/tokenizer/unicode.h"

namespace perimeter::engine::detail {

namespace {

bool is_chinese_char(uint32_t cpt) {
    return (cpt >= 0x04E00 && cpt <= 0x09FFF) || (cpt >= 0x03400 && cpt <= 0x04DBF) ||
           (cpt >= 0x20000 && cpt <= 0x2A6DF) || (cpt >= 0x2A700 && cpt <= 0x2B73F) ||
           (cpt >= 0x2B740 && cpt <= 0x2B81F) ||
           (cpt >= 0x2B920 && cpt <= 0x2CEAF) ||  // 0x2B820 in Unicode; HF's code has 0x2B920
           (cpt >= 0x0F900 && cpt <= 0x0FAFF) || (cpt >= 0x2F800 && cpt <= 0x2FA1F);
}

class WpmEncoder final : public Encoder {
public:
    explicit WpmEncoder(const Vocab& vocab) : vocab_(vocab) {}

    void encode(std::string_view text, std::vector<TokenId>& out) const override {
        for (const std::string& word : preprocess(text)) {
            if (word.empty())
                continue;
            const std::string word1 = "\xe2\x96\x81" + word;  // phantom space
            const int n = static_cast<int>(word1.size());
            const size_t before = out.size();
            for (int i = 0; i < n; ++i) {
                bool match = false;
                for (int j = std::min(n, i + vocab_.max_token_len() + 1); j > i; j--) {
                    const TokenId id = vocab_.find(std::string_view(word1).substr(i, j - i));
                    if (id != kNoToken) {
                        out.push_back(id);
                        match = true;
                        i = j - 1;
                        break;
                    }
                }
                if (!match) {  // the whole word is unknown
                    out.resize(before);
                    break;
                }
            }
            if (out.size() == before) {
                if (vocab_.special().unk == kNoToken) {
                    throw TokenizerError("wpm: word '" + word +
                                         "' needs [UNK], but the vocabulary has no unknown token");
                }
                out.push_back(vocab_.special().unk);
            }
        }
    }

private:
    std::vector<std::string> preprocess(std::string_view text) const {
        std::vector<uint32_t> cpts = unicode::decode(text);
        const bool strip = vocab_.flags().strip_accents;
        const bool lower = vocab_.flags().lowercase;
        if (strip) {
            for (uint32_t& c : cpts)
                c = unicode::nfd_first(c);
        }
        std::vector<std::string> words(1);
        for (const uint32_t cpt : cpts) {
            const uint8_t f = unicode::flags(cpt);
            if (unicode::is_whitespace(cpt)) {
                if (!words.back().empty())
                    words.emplace_back();
                continue;
            }
            if (cpt == 0 || cpt == unicode::kReplacement || (f & unicode::kControl))
                continue;
            if (strip && (f & unicode::kMark))
                continue;
            const std::string s = unicode::to_utf8(lower ? unicode::to_lower(cpt) : cpt);
            if ((f & unicode::kPunctuation) || (cpt < 0x7F && (f & unicode::kSymbol)) || is_chinese_char(cpt)) {
                if (!words.back().empty())
                    words.emplace_back();
                words.back() = s;  // a word of its own
                words.emplace_back();
            } else {
                words.back() += s;
            }
        }
        if (words.back().empty())
            words.pop_back();
        return words;
    }

    const Vocab& vocab_;
};

}  // namespace

std::unique_ptr<Encoder> make_wpm_encoder(const Vocab& vocab) {
    return std::make_unique<WpmEncoder>(vocab);
}

}  // namespace perimeter::engine::detail
