#include "engine/tokenizer/tokenizer.h"

#include "engine/gguf/gguf_file.h"
#include "engine/tokenizer/encoders.h"
#include "engine/tokenizer/unicode.h"

namespace perimeter::engine {

namespace {

// A piece of the input: raw text still to encode, or a special token already matched.
struct Fragment {
    TokenId token = kNoToken;  // kNoToken: raw text [offset, offset + length)
    size_t offset = 0;
    size_t length = 0;
};

// C isspace in the "C" locale, on bytes (what llama.cpp's lstrip/rstrip use).
bool c_isspace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

// Splits raw text around special tokens, longest token first (llama.cpp's
// tokenizer_st_partition): each occurrence of a token's text becomes that token; LSTRIP /
// RSTRIP tokens also swallow the whitespace on that side.
std::vector<Fragment> partition(const Vocab& vocab, std::string_view text, bool parse_special) {
    std::vector<Fragment> frags;
    if (text.empty())
        return frags;
    frags.push_back(Fragment{kNoToken, 0, text.size()});
    std::vector<Fragment> next;
    for (const TokenId id : vocab.special_tokens()) {
        const TokenData& tok = vocab.token(id);
        if (!parse_special && (tok.attr & (token_attr::kControl | token_attr::kUnknown)))
            continue;
        const std::string& needle = tok.text;
        bool changed = false;
        next.clear();
        for (const Fragment& f : frags) {
            if (f.token != kNoToken) {
                next.push_back(f);
                continue;
            }
            size_t base = f.offset;
            size_t len = f.length;
            bool split_this = false;
            while (true) {
                const size_t match = text.substr(0, base + len).find(needle, base);
                if (match == std::string_view::npos)
                    break;
                split_this = true;
                if (match > base) {
                    size_t left_len = match - base;
                    if (tok.attr & token_attr::kLstrip) {
                        while (left_len > 0 && c_isspace(text[base + left_len - 1]))
                            left_len--;
                    }
                    if (left_len > 0)
                        next.push_back(Fragment{kNoToken, base, left_len});
                }
                next.push_back(Fragment{id, 0, 0});
                if (match + needle.size() < base + len) {
                    size_t right_off = match + needle.size();
                    size_t right_len = len - ((match - base) + needle.size());
                    if (tok.attr & token_attr::kRstrip) {
                        while (right_len > 0 && c_isspace(text[right_off])) {
                            right_off++;
                            right_len--;
                        }
                    }
                    base = right_off;
                    len = right_len;
                    if (len == 0)
                        break;
                } else {
                    len = 0;
                    break;
                }
            }
            if (!split_this) {
                next.push_back(f);
            } else {
                changed = true;
                if (len > 0)
                    next.push_back(Fragment{kNoToken, base, len});
            }
        }
        if (changed)
            frags.swap(next);
    }
    return frags;
}

void escape_whitespace(std::string& s) {
    std::string out;
    out.reserve(s.size() + s.size() / 4);
    for (char c : s) {
        if (c == ' ') {
            out += "\xe2\x96\x81";
        } else {
            out.push_back(c);
        }
    }
    s.swap(out);
}

void unescape_whitespace(std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        if (s.compare(i, 3, "\xe2\x96\x81") == 0) {
            out.push_back(' ');
            i += 3;
        } else {
            out.push_back(s[i++]);
        }
    }
    s.swap(out);
}

// Byte-level BPE token text back to bytes (llama.cpp's llama_decode_text).
std::string decode_bpe_text(const std::string& text) {
    std::string out;
    for (const uint32_t cp : unicode::decode(text)) {
        const std::string utf8 = unicode::to_utf8(cp);
        const int byte = unicode::bpe_char_to_byte(utf8);
        if (byte >= 0) {
            out.push_back(static_cast<char>(byte));
        } else {
            static const char* hex = "0123456789abcdef";
            out += "[UNK_BYTE_0x";
            for (char c : utf8) {
                out.push_back(hex[static_cast<uint8_t>(c) >> 4]);
                out.push_back(hex[static_cast<uint8_t>(c) & 15]);
            }
            out += text + "]";
        }
    }
    return out;
}

}  // namespace

Tokenizer::Tokenizer(std::shared_ptr<const Vocab> vocab) : vocab_(std::move(vocab)) {
    if (!vocab_)
        throw TokenizerError("tokenizer: no vocabulary");
    switch (vocab_->type()) {
        case VocabType::Spm:
            encoder_ = detail::make_spm_encoder(*vocab_);
            break;
        case VocabType::Bpe:
            encoder_ = detail::make_bpe_encoder(*vocab_);
            break;
        case VocabType::Wpm:
            encoder_ = detail::make_wpm_encoder(*vocab_);
            break;
        case VocabType::Ugm:
            encoder_ = detail::make_ugm_encoder(*vocab_);
            break;
    }
}

Tokenizer Tokenizer::from_gguf(const GgufFile& file) {
    return Tokenizer(Vocab::from_gguf(file));
}

Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

std::vector<TokenId> Tokenizer::tokenize(std::string_view text, bool add_special, bool parse_special) const {
    const Vocab& v = *vocab_;
    const VocabFlags& fl = v.flags();
    const SpecialTokens& sp = v.special();
    std::vector<TokenId> out;
    const std::vector<Fragment> frags = partition(v, text, parse_special);
    auto push_if = [&](bool cond, TokenId id) {
        if (cond && id != kNoToken)
            out.push_back(id);
    };

    switch (v.type()) {
        case VocabType::Spm: {
            bool prev_special = true;  // the first fragment gets the space prefix
            push_if(add_special && fl.add_bos, sp.bos);
            for (const Fragment& f : frags) {
                if (f.token != kNoToken) {
                    out.push_back(f.token);
                    prev_special = true;
                    continue;
                }
                std::string s;
                if (fl.add_space_prefix && prev_special)
                    s = " ";
                s.append(text.substr(f.offset, f.length));
                escape_whitespace(s);
                encoder_->encode(s, out);
                prev_special = false;
            }
            push_if(add_special && fl.add_eos, sp.eos);
            break;
        }
        case VocabType::Bpe: {
            push_if(add_special && fl.add_bos, sp.bos);
            for (const Fragment& f : frags) {
                if (f.token != kNoToken) {
                    out.push_back(f.token);
                    continue;
                }
                std::string s(text.substr(f.offset, f.length));
                if (fl.escape_whitespaces)
                    escape_whitespace(s);
                encoder_->encode(s, out);
            }
            push_if(add_special && fl.add_eos, sp.eos);
            break;
        }
        case VocabType::Wpm: {
            push_if(add_special, sp.bos);  // [CLS]
            for (const Fragment& f : frags) {
                if (f.token != kNoToken) {
                    out.push_back(f.token);
                } else {
                    encoder_->encode(text.substr(f.offset, f.length), out);
                }
            }
            push_if(add_special, sp.sep);  // [SEP]
            break;
        }
        case VocabType::Ugm: {
            push_if(add_special && fl.add_bos, sp.bos);
            for (const Fragment& f : frags) {
                if (f.token != kNoToken) {
                    out.push_back(f.token);
                } else {
                    encoder_->encode(text.substr(f.offset, f.length), out);
                }
            }
            push_if(add_special && fl.add_eos, sp.eos);
            break;
        }
    }
    return out;
}

std::string Tokenizer::token_to_piece(TokenId id, bool special, int lstrip) const {
    const Vocab& v = *vocab_;
    if (!v.valid(id)) {
        throw TokenizerError("token_to_piece: token id " + std::to_string(id) + " out of range [0, " +
                             std::to_string(v.size()) + ")");
    }
    const TokenData& tok = v.token(id);
    constexpr uint32_t kSpecial = token_attr::kUnknown | token_attr::kControl;
    if (!special && (tok.attr & kSpecial))
        return {};

    std::string piece;
    if (tok.attr & (kSpecial | token_attr::kUserDefined)) {
        piece = tok.text;
    } else if (tok.attr & token_attr::kNormal) {
        if (v.type() == VocabType::Bpe && !v.flags().escape_whitespaces) {
            piece = decode_bpe_text(tok.text);
        } else {
            piece = tok.text;
            unescape_whitespace(piece);
        }
    } else if (tok.attr & token_attr::kByte) {
        piece = std::string(1, static_cast<char>(v.token_to_byte(id)));
    }
    size_t skip = 0;
    while (static_cast<int>(skip) < lstrip && skip < piece.size() && piece[skip] == ' ')
        ++skip;
    return piece.substr(skip);
}

std::string Tokenizer::detokenize(std::span<const TokenId> ids, bool special, bool remove_special) const {
    const Vocab& v = *vocab_;
    bool remove_space = v.flags().add_space_prefix;
    if (remove_special && v.flags().add_bos && !ids.empty() && ids.front() == v.special().bos) {
        remove_space = false;
        ids = ids.subspan(1);
    }
    if (remove_special && v.flags().add_eos && !ids.empty() && ids.back() == v.special().eos) {
        ids = ids.first(ids.size() - 1);
    }
    std::string text;
    for (const TokenId id : ids) {
        text += token_to_piece(id, special, remove_space ? 1 : 0);
        remove_space = false;
    }
    if (v.flags().clean_spaces)
        clean_up_tokenization_spaces(text);
    return text;
}

void clean_up_tokenization_spaces(std::string& s) {
    // The three passes of llama_detokenize, kept literally (including the NUL it writes to
    // mark a consumed space), so the result is byte for byte the same.
    char* text = s.data();
    int32_t total = static_cast<int32_t>(s.size());

    // 1: " ?", " !", " .", " ," lose the space
    const int32_t total1 = total;
    total = total ? 1 : 0;
    for (int32_t i = 1; i < total1; ++i) {
        const char x = text[i];
        if (text[i - 1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ','))
            total--;
        text[total++] = x;
    }
    // 2: " ' " -> "'"
    const int32_t total2 = total;
    total = total ? 1 : 0;
    for (int32_t i = 1; i < total2; ++i) {
        const char x = text[i];
        if (x == '\'' && i + 1 < total2 && text[i - 1] == ' ' && text[i + 1] == ' ') {
            total--;
            text[++i] = '\0';
        }
        text[total++] = x;
    }
    // 3: " 's", " 'm", " 're", " 've" lose the space
    const int32_t total3 = total;
    total = total ? 1 : 0;
    for (int32_t i = 1; i < total3; ++i) {
        const char x = text[i];
        if (text[i - 1] == ' ' && x == '\'' && i + 1 < total3) {
            const char x1 = text[i + 1];
            if (x1 == 's' || x1 == 'm') {
                total--;
            } else if (x1 != 't' && x1 != 'd' && i + 2 < total3) {
                const char x2 = text[i + 2];
                if ((x1 == 'r' && x2 == 'e') || (x1 == 'v' && x2 == 'e'))
                    total--;
            }
        }
        text[total++] = x;
    }
    s.resize(static_cast<size_t>(total));
}

}  // namespace perimeter::engine
