#include "engine/tokenizer/pre_tokenizer.h"

#include <algorithm>
#include <utility>

#include "engine/tokenizer/unicode.h"

namespace perimeter::engine {

namespace {

using unicode::kLetter;
using unicode::kMark;
using unicode::kNumber;
using unicode::kPunctuation;
using unicode::kSymbol;

// Per code point: category flag and White_Space, as llama.cpp's unicode_cpt_flags; `any` is
// false only outside the current piece (llama.cpp's default-constructed flags).
struct CpInfo {
    uint8_t cat = 0;
    bool ws = false;
    bool any() const { return cat != 0 || ws; }
    bool letter() const { return cat & kLetter; }
    bool number() const { return cat & kNumber; }
};

// The text in the three forms the splitters look at.
struct Text {
    std::vector<uint32_t> cpts;
    std::vector<CpInfo> info;
    // llama.cpp's "collapsed" text for std::regex: ASCII stays, other code points become
    // 0x0B (whitespace), 0xD1 N, 0xD2 L, 0xD3 P, 0xD4 M, 0xD5 S, 0xD0 anything else.
    std::vector<uint8_t> collapsed;
    // llama.cpp's wide text for std::wregex: the code point, non-ASCII whitespace as 0x0B.
    std::vector<uint32_t> wide;

    explicit Text(std::string_view s) : cpts(unicode::decode(s)) {
        info.resize(cpts.size());
        collapsed.resize(cpts.size());
        wide.resize(cpts.size());
        for (size_t i = 0; i < cpts.size(); ++i) {
            const uint32_t c = cpts[i];
            info[i] = CpInfo{unicode::flags(c), unicode::is_whitespace(c)};
            wide[i] = (c > 0x7F && info[i].ws) ? 0x0B : c;
            if (c < 128) {
                collapsed[i] = static_cast<uint8_t>(c);
            } else if (info[i].ws) {
                collapsed[i] = 0x0B;
            } else {
                switch (info[i].cat) {
                    case kNumber:
                        collapsed[i] = 0xD1;
                        break;
                    case kLetter:
                        collapsed[i] = 0xD2;
                        break;
                    case kPunctuation:
                        collapsed[i] = 0xD3;
                        break;
                    case kMark:
                        collapsed[i] = 0xD4;
                        break;
                    case kSymbol:
                        collapsed[i] = 0xD5;
                        break;
                    default:
                        collapsed[i] = 0xD0;
                        break;
                }
            }
        }
    }
};

using Lengths = std::vector<size_t>;  // piece lengths in code points, in order

constexpr uint32_t kOutOfRange = 0xFFFFFFFF;

// Helper shared by the three hand-written splitters: a view of one piece [ini, end).
struct Piece {
    const Text& t;
    size_t ini, end;
    Lengths& out;
    size_t prev_end;

    Piece(const Text& text, size_t b, size_t e, Lengths& o) : t(text), ini(b), end(e), out(o), prev_end(b) {}
    uint32_t cpt(size_t pos) const { return (ini <= pos && pos < end) ? t.cpts[pos] : kOutOfRange; }
    CpInfo flags(size_t pos) const { return (ini <= pos && pos < end) ? t.info[pos] : CpInfo{}; }
    size_t add(size_t e) {
        const size_t len = e - prev_end;
        if (len > 0)
            out.push_back(len);
        prev_end = e;
        return len;
    }
};

// 's|'t|'re|'ve|'m|'ll|'d, optionally case-insensitive. Returns the match length or 0.
size_t contraction(const Piece& p, size_t pos, bool ignore_case) {
    if (p.cpt(pos) != '\'' || pos + 1 >= p.end)
        return 0;
    auto low = [&](uint32_t c) { return ignore_case ? unicode::to_lower(c) : c; };
    const uint32_t n1 = low(p.cpt(pos + 1));
    if (n1 == 's' || n1 == 't' || n1 == 'm' || n1 == 'd')
        return 2;
    if (pos + 2 < p.end) {
        const uint32_t n2 = low(p.cpt(pos + 2));
        if ((n1 == 'r' && n2 == 'e') || (n1 == 'v' && n2 == 'e') || (n1 == 'l' && n2 == 'l'))
            return 3;
    }
    return 0;
}

// GPT-2: 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// (llama.cpp's unicode_regex_split_custom_gpt2, step for step.)
Lengths split_gpt2(const Text& t, const Lengths& pieces) {
    Lengths out;
    out.reserve(pieces.size());
    size_t start = 0;
    for (size_t len : pieces) {
        Piece p(t, start, start + len, out);
        start += len;
        for (size_t pos = p.ini; pos < p.end;) {
            const uint32_t cpt = p.cpt(pos);
            const CpInfo flags = p.flags(pos);
            if (size_t n = contraction(p, pos, false)) {
                pos += p.add(pos + n);
                continue;
            }
            CpInfo f2 = (cpt == ' ' ? p.flags(pos + 1) : flags);
            if (f2.letter()) {
                pos += (cpt == ' ');
                while (f2.letter())
                    f2 = p.flags(++pos);
                p.add(pos);
                continue;
            }
            if (f2.number()) {
                pos += (cpt == ' ');
                while (f2.number())
                    f2 = p.flags(++pos);
                p.add(pos);
                continue;
            }
            if (!(f2.ws || f2.letter() || f2.number()) && f2.any()) {
                pos += (cpt == ' ');
                while (!(f2.ws || f2.letter() || f2.number()) && f2.any())
                    f2 = p.flags(++pos);
                p.add(pos);
                continue;
            }
            size_t num_ws = 0;
            while (p.flags(pos + num_ws).ws)
                num_ws++;
            if (num_ws > 1 && p.cpt(pos + num_ws) != kOutOfRange) {  // \s+(?!\S)
                pos += num_ws - 1;
                p.add(pos);
                continue;
            }
            if (num_ws > 0) {  // \s+
                pos += num_ws;
                p.add(pos);
                continue;
            }
            p.add(++pos);  // no match
        }
    }
    return out;
}

// LLaMA 3 (digits 1-3) and Qwen 2 (single digits):
// (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
// (llama.cpp's unicode_regex_split_custom_llama3 / _qwen2.)
Lengths split_llama3_like(const Text& t, const Lengths& pieces, size_t max_digits) {
    Lengths out;
    out.reserve(pieces.size());
    size_t start = 0;
    for (size_t len : pieces) {
        Piece p(t, start, start + len, out);
        start += len;
        for (size_t pos = p.ini; pos < p.end;) {
            const uint32_t cpt = p.cpt(pos);
            const CpInfo flags = p.flags(pos);
            if (size_t n = contraction(p, pos, true)) {
                pos += p.add(pos + n);
                continue;
            }
            // [^\r\n\p{L}\p{N}]?\p{L}+
            if (!(cpt == '\r' || cpt == '\n' || flags.number())) {
                if (flags.letter() || p.flags(pos + 1).letter()) {
                    pos++;
                    while (p.flags(pos).letter())
                        pos++;
                    p.add(pos);
                    continue;
                }
            }
            // \p{N}{1,3} or \p{N}
            if (flags.number()) {
                if (max_digits == 1) {
                    pos++;
                    p.add(pos);
                    continue;
                }
                size_t ini = pos;
                while (p.flags(pos).number()) {
                    if (++pos - ini >= max_digits) {
                        p.add(pos);
                        ini = pos;
                    }
                }
                p.add(pos);
                continue;
            }
            // <space>?[^\s\p{L}\p{N}]+[\r\n]*
            CpInfo f2 = (cpt == ' ' ? p.flags(pos + 1) : flags);
            if (!(f2.ws || f2.letter() || f2.number()) && flags.any()) {
                pos += (cpt == ' ');
                while (!(f2.ws || f2.letter() || f2.number()) && f2.any())
                    f2 = p.flags(++pos);
                uint32_t c2 = p.cpt(pos);
                while (c2 == '\r' || c2 == '\n')
                    c2 = p.cpt(++pos);
                p.add(pos);
                continue;
            }
            size_t num_ws = 0;
            size_t last_end_r_or_n = 0;
            while (p.flags(pos + num_ws).ws) {
                const uint32_t c2 = p.cpt(pos + num_ws);
                if (c2 == '\r' || c2 == '\n')
                    last_end_r_or_n = pos + num_ws + 1;
                num_ws++;
            }
            if (last_end_r_or_n > 0) {  // \s*[\r\n]+
                pos = last_end_r_or_n;
                p.add(pos);
                continue;
            }
            if (num_ws > 1 && p.cpt(pos + num_ws) != kOutOfRange) {  // \s+(?!\S)
                pos += num_ws - 1;
                p.add(pos);
                continue;
            }
            if (num_ws > 0) {  // \s+
                pos += num_ws;
                p.add(pos);
                continue;
            }
            p.add(++pos);
        }
    }
    return out;
}

// std::regex_iterator over each piece: every match and every gap between matches becomes a
// piece. `match(t, pos, end)` returns the length of the match starting at pos (0 = none);
// none of the patterns can match the empty string.
template <class Match>
Lengths split_regex(const Text& t, const Lengths& pieces, Match match) {
    Lengths out;
    out.reserve(pieces.size());
    size_t start = 0;
    for (size_t len : pieces) {
        const size_t end = start + len;
        size_t prev = start;
        for (size_t pos = start; pos < end;) {
            const size_t n = match(t, pos, end);
            if (n == 0) {
                ++pos;
                continue;
            }
            if (pos > prev)
                out.push_back(pos - prev);
            out.push_back(n);
            pos += n;
            prev = pos;
        }
        if (end > prev)
            out.push_back(end - prev);
        start = end;
    }
    return out;
}

// Classes over the collapsed text (ECMAScript narrow regex, classic locale).
bool c_space(uint8_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20;
}
bool c_number(uint8_t c) {
    return c == 0xD1 || (c >= '0' && c <= '9');
}
bool c_letter(uint8_t c) {
    return c == 0xD2 || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
// \p{P} inside a collapsed class: 0xD3 plus !-#%-*,-/:-;?-@[-]_{}
bool c_punct(uint8_t c) {
    return c == 0xD3 || (c >= 0x21 && c <= 0x23) || (c >= 0x25 && c <= 0x2A) || (c >= 0x2C && c <= 0x2F) ||
           (c >= 0x3A && c <= 0x3B) || (c >= 0x3F && c <= 0x40) || (c >= 0x5B && c <= 0x5D) || c == 0x5F || c == 0x7B ||
           c == 0x7D;
}

// Classes over the wide text (std::wregex, classic locale: \s is ASCII whitespace only).
bool w_space(uint32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20;
}

template <class Pred>
size_t run_length(const std::vector<uint32_t>& v, size_t pos, size_t end, Pred pred) {
    size_t n = 0;
    while (pos + n < end && pred(v[pos + n]))
        ++n;
    return n;
}
template <class Pred>
size_t run_length8(const std::vector<uint8_t>& v, size_t pos, size_t end, Pred pred) {
    size_t n = 0;
    while (pos + n < end && pred(v[pos + n]))
        ++n;
    return n;
}

// A bracket class given as UTF-32 text with ranges "a-b" (a literal from llama.cpp's regex).
struct CharClass {
    std::vector<std::pair<uint32_t, uint32_t>> ranges;
    explicit CharClass(std::u32string_view spec) {
        for (size_t i = 0; i < spec.size(); ++i) {
            if (i + 2 < spec.size() && spec[i + 1] == U'-') {
                ranges.emplace_back(spec[i], spec[i + 2]);
                i += 2;
            } else {
                ranges.emplace_back(spec[i], spec[i]);
            }
        }
    }
    bool operator()(uint32_t c) const {
        for (const auto& [a, b] : ranges)
            if (a <= c && c <= b)
                return true;
        return false;
    }
};

// deepseek-llm's classes, verbatim from llama.cpp, written as escapes: several of these
// code points (U+212A KELVIN SIGN, U+2126 OHM SIGN, ...) have look-alikes that editors and
// Unicode normalisation silently substitute.
const CharClass& deepseek_letters() {
    static const CharClass cls(
        U"A-Za-z\u00B5\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u01BA\u01BC-\u01BF\u01C4-\u0293\u0295-\u02AF\u0370-"
        U"\u0373\u0376\u0377\u037B-\u037D\u037F\u0386\u0388-\u038A\u038C\u038E-\u03A1\u03A3-\u03F5\u03F7-\u0481\u048A-"
        U"\u052F\u0531-\u0556\u10A0-\u10C5\u13A0-\u13F5\u13F8-\u13FD\u1C90-\u1CBA\u1CBD-\u1CBF\u1D00-\u1D2B\u1D6B-"
        U"\u1D77\u1D79-\u1D9A\u1E00-\u1F15\u1F18-\u1F1D\u1F20-\u1F45\u1F48-\u1F4D\u1F50-\u1F57\u1F59\u1F5B\u1F5D\u1F5F-"
        U"\u1F7D\u1F80-\u1FB4\u1FB6-\u1FBC\u1FBE\u1FC2-\u1FC4\u1FC6-\u1FCC\u1FD0-\u1FD3\u1FD6-\u1FDB\u1FE0-"
        U"\u1FEC\u1FF2-\u1FF4\u1FF6-\u1FFC\u2102\u2107\u210A-\u2113\u2115\u2119-\u211D\u2124\u2126\u2128\u212A-"
        U"\u212D\u212F-\u2134\u2139\u213C-\u213F\u2145-\u2149\u214E\u2183\u2184\u2C00-\u2C7B\u2C7E-\u2CE4\u2CEB-"
        U"\u2CEE\u2CF2\u2CF3\uA640-\uA66D\uA680-\uA69B\uA722-\uA76F\uA771-\uA787\uA78B-\uA78E\uAB70-\uABBF\uFB00-"
        U"\uFB06\uFB13-\uFB17\uFF21-\uFF3A\uFF41-\uFF5A\U00010400-\U0001044F\U000104B0-\U000104D3\U000104D8-"
        U"\U000104FB\U00010C80-\U00010CB2\U00010CC0-\U00010CF2\U000118A0-\U000118DF\U0001E900-\U0001E943");
    return cls;
}
const CharClass& deepseek_punct() {
    static const CharClass cls(U"!-/:-~\uFF01-\uFF0F\uFF1A-\uFF5E\u2018-\u201F\u3000-\u3002");
    return cls;
}
const CharClass& deepseek_cjk() {
    static const CharClass cls(U"\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF");
    return cls;
}

// \s?[CLASS]+ over the wide text.
template <class Cls>
size_t w_opt_space_run(const Text& t, size_t pos, size_t end, const Cls& cls) {
    if (w_space(t.wide[pos]) && pos + 1 < end && cls(t.wide[pos + 1])) {
        return 1 + run_length(t.wide, pos + 1, end, cls);
    }
    return run_length(t.wide, pos, end, cls);
}

// \s?[CLASS]+ over the collapsed text.
template <class Cls>
size_t c_opt_space_run(const Text& t, size_t pos, size_t end, Cls cls) {
    if (c_space(t.collapsed[pos]) && pos + 1 < end && cls(t.collapsed[pos + 1])) {
        return 1 + run_length8(t.collapsed, pos + 1, end, cls);
    }
    return run_length8(t.collapsed, pos, end, cls);
}

// Regex building blocks used by several pre-types.
size_t m_number1(const Text& t, size_t pos, size_t) {
    return c_number(t.collapsed[pos]) ? 1 : 0;
}  // \p{N}
size_t m_numbers(const Text& t, size_t pos, size_t end) {  // \p{N}+
    return run_length8(t.collapsed, pos, end, c_number);
}
size_t m_three_digits(const Text& t, size_t pos, size_t end) {  // [0-9][0-9][0-9]
    if (pos + 3 > end)
        return 0;
    for (size_t k = 0; k < 3; ++k)
        if (t.wide[pos + k] < '0' || t.wide[pos + k] > '9')
            return 0;
    return 3;
}
size_t m_newline(const Text& t, size_t pos, size_t) {  // [\r\n]
    return (t.wide[pos] == '\r' || t.wide[pos] == '\n') ? 1 : 0;
}

Lengths split(const Text& t, PreTokenizer kind) {
    Lengths pieces;
    if (!t.cpts.empty())
        pieces.push_back(t.cpts.size());
    switch (kind) {
        case PreTokenizer::Gpt2:
            return split_gpt2(t, pieces);
        case PreTokenizer::Llama3:
            return split_llama3_like(t, pieces, 3);
        case PreTokenizer::Qwen2:
            return split_llama3_like(t, pieces, 1);
        case PreTokenizer::Smollm:  // "\p{N}", gpt2
            pieces = split_regex(t, pieces, m_number1);
            return split_gpt2(t, pieces);
        case PreTokenizer::Default:  // "[\p{P}\$\+<=>\^~\|]+", gpt2, "\p{N}+", "[0-9][0-9][0-9]"
            pieces = split_regex(t, pieces, [](const Text& tx, size_t pos, size_t end) {
                return run_length8(tx.collapsed, pos, end, [](uint8_t c) {
                    return c_punct(c) || c == '$' || c == '+' || c == '<' || c == '=' || c == '>' || c == '^' ||
                           c == '~' || c == '|';
                });
            });
            pieces = split_gpt2(t, pieces);
            pieces = split_regex(t, pieces, m_numbers);
            return split_regex(t, pieces, m_three_digits);
        case PreTokenizer::Falcon:  // "[\p{P}\$\+<=>\^~\|`]+", gpt2, "[0-9][0-9][0-9]"
            pieces = split_regex(t, pieces, [](const Text& tx, size_t pos, size_t end) {
                return run_length8(tx.collapsed, pos, end, [](uint8_t c) {
                    return c_punct(c) || c == '$' || c == '+' || c == '<' || c == '=' || c == '>' || c == '^' ||
                           c == '~' || c == '|' || c == '`';
                });
            });
            pieces = split_gpt2(t, pieces);
            return split_regex(t, pieces, m_three_digits);
        case PreTokenizer::DeepseekLlm:
            // "[\r\n]", "\s?[letters]+", "\s?[!-/:-~！-／：-～‘-‟　-。]+", "\s+$", "[一-龥ࠀ-一가-퟿]+",
            // "\p{N}+"
            pieces = split_regex(t, pieces, m_newline);
            pieces = split_regex(t, pieces, [](const Text& tx, size_t pos, size_t end) {
                return w_opt_space_run(tx, pos, end, deepseek_letters());
            });
            pieces = split_regex(t, pieces, [](const Text& tx, size_t pos, size_t end) {
                return w_opt_space_run(tx, pos, end, deepseek_punct());
            });
            pieces = split_regex(t, pieces, [](const Text& tx, size_t pos, size_t end) -> size_t {
                const size_t n = run_length(tx.wide, pos, end, w_space);  // \s+$
                return pos + n == end ? n : 0;
            });
            pieces = split_regex(t, pieces, [](const Text& tx, size_t pos, size_t end) {
                return run_length(tx.wide, pos, end, deepseek_cjk());
            });
            return split_regex(t, pieces, m_numbers);
        case PreTokenizer::DeepseekCoder:
            // "[\r\n]", "\s?\p{L}+", "\s?\p{P}+", "[一-龥ࠀ-一가-퟿]+", "\p{N}"
            pieces = split_regex(t, pieces, m_newline);
            pieces = split_regex(t, pieces, [](const Text& tx, size_t pos, size_t end) {
                return c_opt_space_run(tx, pos, end, c_letter);
            });
            pieces = split_regex(t, pieces, [](const Text& tx, size_t pos, size_t end) {
                return c_opt_space_run(tx, pos, end, c_punct);
            });
            pieces = split_regex(t, pieces, [](const Text& tx, size_t pos, size_t end) {
                return run_length(tx.wide, pos, end, deepseek_cjk());
            });
            return split_regex(t, pieces, m_number1);
    }
    return pieces;
}

}  // namespace

const char* pre_tokenizer_name(PreTokenizer p) {
    switch (p) {
        case PreTokenizer::Default:
            return "default";
        case PreTokenizer::Gpt2:
            return "gpt2";
        case PreTokenizer::Llama3:
            return "llama3";
        case PreTokenizer::Qwen2:
            return "qwen2";
        case PreTokenizer::Smollm:
            return "smollm";
        case PreTokenizer::DeepseekLlm:
            return "deepseek-llm";
        case PreTokenizer::DeepseekCoder:
            return "deepseek-coder";
        case PreTokenizer::Falcon:
            return "falcon";
    }
    return "?";
}

std::vector<std::string> pre_tokenize_utf8(std::string_view text, PreTokenizer kind) {
    const Text t(text);
    const Lengths lengths = split(t, kind);
    std::vector<std::string> words;
    words.reserve(lengths.size());
    size_t start = 0;
    for (size_t len : lengths) {
        std::string w;
        for (size_t i = start; i < start + len; ++i)
            unicode::append_utf8(w, t.cpts[i]);
        words.push_back(std::move(w));
        start += len;
    }
    return words;
}

std::vector<std::string> pre_tokenize(std::string_view text, PreTokenizer kind) {
    std::vector<std::string> words = pre_tokenize_utf8(text, kind);
    for (std::string& w : words) {
        std::string enc;
        enc.reserve(w.size() * 2);
        for (char c : w)
            enc += unicode::byte_to_bpe_char(static_cast<uint8_t>(c));
        w = std::move(enc);
    }
    return words;
}

}  // namespace perimeter::engine
