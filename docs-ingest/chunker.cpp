#include "docs-ingest/chunker.h"

#include <algorithm>
#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace perimeter::ingest {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Length of the UTF-8 sequence that starts with byte `c` (1 for stray continuation bytes).
size_t utf8_len(unsigned char c) {
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) return 2;
    if ((c & 0xF0) == 0xE0) return 3;
    if ((c & 0xF8) == 0xF0) return 4;
    return 1;
}

// Boundary strength before a word: where a cut is best made.
enum Strength : int {
    kInsideRow = -1,   // between two cells of one table row: cut only if the row alone is too big
    kWord = 0,
    kLine = 1,         // a wrapped line inside a sentence
    kSentence = 2,     // a sentence start, or a table row's start/end
    kParagraph = 3,
};

struct Word {
    size_t start, end;
    size_t line;
    bool ascii;  // every byte < 0x80
};

struct Line {
    bool row = false;
};

bool is_number_word(std::string_view w) {
    bool digit = false;
    for (char c : w) {
        if (c >= '0' && c <= '9') digit = true;
        else if (std::string_view(",.()%$-+/").find(c) == std::string_view::npos && static_cast<unsigned char>(c) < 0x80) return false;
    }
    return digit;
}

// A line that reads as a table row: cells separated by tabs or wide gaps, or mostly numbers.
bool looks_like_row(std::string_view line) {
    if (line.find('\t') != std::string_view::npos) return true;
    size_t gaps = 0, words = 0, numbers = 0;
    size_t i = 0;
    while (i < line.size() && is_space(line[i])) ++i;
    while (i < line.size()) {
        size_t j = i;
        while (j < line.size() && !is_space(line[j])) ++j;
        ++words;
        if (is_number_word(line.substr(i, j - i))) ++numbers;
        size_t k = j;
        while (k < line.size() && is_space(line[k])) ++k;
        if (k < line.size() && k - j >= 2) ++gaps;
        i = k;
    }
    return gaps >= 2 || (gaps >= 1 && numbers >= 1) || (numbers >= 2 && numbers * 3 >= words);
}

// Strips closing/opening quotes and brackets around a word for sentence tests.
std::string_view trim_closers(std::string_view w) {
    static constexpr std::array<std::string_view, 7> closers = {"\"", "'", ")", "]", "\xC2\xBB" /*»*/,
                                                               "\xE2\x80\x9D" /*”*/, "\xE2\x80\x99" /*’*/};
    bool changed = true;
    while (changed && !w.empty()) {
        changed = false;
        for (auto c : closers)
            if (w.size() > c.size() && w.ends_with(c)) { w.remove_suffix(c.size()); changed = true; }
    }
    return w;
}

bool is_abbreviation(std::string_view w) {
    static constexpr std::array<std::string_view, 22> abbr = {
        "inc.", "co.", "corp.", "ltd.", "no.", "vs.", "mr.", "ms.", "dr.", "e.g.", "i.e.", "u.s.",
        "st.", "jr.", "approx.", "fig.", "см.", "т.е.", "т.д.", "тыс.", "млн.", "млрд."};
    std::string lower(w);
    for (auto& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (std::find(abbr.begin(), abbr.end(), lower) != abbr.end()) return true;
    // Single capital letter initials: "J." in "J. Smith".
    return w.size() == 2 && w[0] >= 'A' && w[0] <= 'Z';
}

bool ends_sentence(std::string_view w) {
    // Most words end in none of . ! ? … or a closer (their last bytes listed): no sentence end.
    if (w.empty()) return false;
    switch (static_cast<unsigned char>(w.back())) {
        case '.': case '!': case '?': case '"': case '\'': case ')': case ']':
        case 0xBB: case 0x9D: case 0x99: case 0xA6: break;
        default: return false;
    }
    w = trim_closers(w);
    if (w.empty()) return false;
    bool end = w.back() == '.' || w.back() == '!' || w.back() == '?' || w.ends_with("\xE2\x80\xA6" /*…*/);
    return end && !is_abbreviation(w);
}

bool starts_sentence(std::string_view w) {
    static constexpr std::array<std::string_view, 6> openers = {"\"", "'", "(", "\xC2\xAB" /*«*/,
                                                               "\xE2\x80\x9C" /*“*/, "["};
    for (auto o : openers)
        if (w.size() > o.size() && w.starts_with(o)) w.remove_prefix(o.size());
    if (w.empty()) return false;
    unsigned char c = static_cast<unsigned char>(w[0]);
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    if (w.size() >= 2) {
        unsigned char d = static_cast<unsigned char>(w[1]);
        if (c == 0xD0 && ((d >= 0x90 && d <= 0xAF) || d == 0x81)) return true;  // А-Я, Ё
    }
    return w.starts_with("\xE2\x80\xA2" /*•*/) || w.starts_with("\xE2\x80\x93" /*–*/) || w.starts_with("\xE2\x80\x94");
}

}  // namespace

size_t ApproxTokenCounter::count(std::string_view text) const {
    size_t latin = 0, cyrillic = 0, other = 0;
    for (size_t i = 0; i < text.size();) {
#if defined(__SSE2__)
        // 16 ASCII bytes at once (most of a filing): each is one "latin" unless it is whitespace
        // (0x09-0x0D, 0x20, as is_space). Same counts as the byte loop below.
        if (i + 16 <= text.size()) {
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
            if (_mm_movemask_epi8(b) == 0) {
                const __m128i space = _mm_or_si128(
                    _mm_cmpeq_epi8(b, _mm_set1_epi8(' ')),
                    _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8(0x08)), _mm_cmplt_epi8(b, _mm_set1_epi8(0x0E))));
                latin += 16 - static_cast<size_t>(__builtin_popcount(static_cast<unsigned>(_mm_movemask_epi8(space))));
                i += 16;
                continue;
            }
        }
#endif
        unsigned char c = static_cast<unsigned char>(text[i]);
        size_t n = std::min(utf8_len(c), text.size() - i);
        if (n == 1) {
            if (!is_space(static_cast<char>(c))) ++latin;
        } else if (c >= 0xD0 && c <= 0xD3) {
            ++cyrillic;
        } else if (!(c == 0xC2 && n == 2 && static_cast<unsigned char>(text[i + 1]) == 0xA0)) {  // NBSP
            ++other;
        }
        i += n;
    }
    // ceil(latin / 4 + cyrillic / 2 + other), at least 1 for any text; in integers (the quarters
    // were exact in double too, so the result is the same).
    return (latin + 2 * cyrillic + 4 * other + 3) / 4;
}

Chunker::Chunker(ChunkerOptions opts, const TokenCounter* counter)
    : opts_(opts), counter_(counter ? counter : &approx_) {
    if (opts_.max_tokens == 0) opts_.max_tokens = 1;
    if (opts_.overlap_tokens >= opts_.max_tokens) opts_.overlap_tokens = opts_.max_tokens / 2;
}

std::vector<Chunk> Chunker::chunk_page(int page, std::string_view text) const {
    // Lines and words with their byte offsets.
    std::vector<Line> lines;
    std::vector<Word> words;
    size_t line_start = 0, line_no = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size()) {  // to the next '\n' or the end
            const void* nl = std::memchr(text.data() + i, '\n', text.size() - i);
            i = nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
        }
        std::string_view line = text.substr(line_start, i - line_start);
        lines.push_back(Line{looks_like_row(line)});
        for (size_t p = 0; p < line.size();) {
            while (p < line.size() && is_space(line[p])) ++p;
            if (p >= line.size()) break;
            size_t q = p;
            unsigned char high = 0;
            while (q < line.size() && !is_space(line[q])) high |= static_cast<unsigned char>(line[q++]);
            words.push_back(Word{line_start + p, line_start + q, line_no, high < 0x80});
            p = q;
        }
        line_start = i + 1;
        ++line_no;
    }
    const size_t n = words.size();
    if (n == 0) return {};
    // The approximation (the usual counter) is called directly: inlined, no virtual call per word.
    auto count = [this](std::string_view t) {
        return counter_ == &approx_ ? approx_.ApproxTokenCounter::count(t) : counter_->count(t);
    };

    auto word_text = [&](size_t i) { return text.substr(words[i].start, words[i].end - words[i].start); };

    // Boundary strength before each word, and token prefix sums (a word counted with the
    // whitespace before it, as BPE vocabularies attach the leading space).
    std::vector<int> strength(n + 1, kParagraph);
    std::vector<size_t> prefix(n + 1, 0);
    const bool approx = counter_ == &approx_;
    for (size_t i = 0; i < n; ++i) {
        size_t from = i == 0 ? words[0].start : words[i - 1].end;
        // An ASCII word (most of a filing) is ceil(letters / 4) to the approximation: what
        // count() gives for it with its leading whitespace, which it does not count.
        prefix[i + 1] = prefix[i] + (approx && words[i].ascii ? (words[i].end - words[i].start + 3) / 4
                                                              : count(text.substr(from, words[i].end - from)));
        if (i == 0) continue;
        const Word& a = words[i - 1];
        const Word& b = words[i];
        bool sentence = ends_sentence(word_text(i - 1)) && starts_sentence(word_text(i));
        if (b.line != a.line) {
            if (b.line - a.line > 1) strength[i] = kParagraph;  // a blank line between
            else if (lines[a.line].row || lines[b.line].row || sentence) strength[i] = kSentence;
            else strength[i] = kLine;
        } else if (lines[b.line].row) {
            strength[i] = kInsideRow;
        } else {
            strength[i] = sentence ? kSentence : kWord;
        }
    }

    const size_t max_tok = opts_.max_tokens;
    const double min_fill = opts_.min_fill * static_cast<double>(max_tok);
    auto tokens = [&](size_t a, size_t b) { return prefix[b] - prefix[a]; };

    std::vector<Chunk> out;
    auto emit = [&](size_t a, size_t b) {
        Chunk c;
        c.page = page;
        c.start = static_cast<uint32_t>(words[a].start);
        c.end = static_cast<uint32_t>(words[b - 1].end);
        c.text = std::string(text.substr(c.start, c.end - c.start));
        c.token_count = count(c.text);
        out.push_back(std::move(c));
    };

    size_t s = 0, prev_end = 0;
    while (s < n) {
        size_t e = s + 1;  // chunk is words [s, e)
        while (e < n && tokens(s, e + 1) <= max_tok) ++e;
        if (e == n) {
            emit(s, n);
            break;
        }
        // Cut before word `cut` in (max(s, prev_end), e]: the strongest boundary that keeps
        // the chunk at least min_fill full; the latest one among equals.
        size_t lo = std::max(s, prev_end) + 1;
        size_t cut = e;
        for (size_t c = e; c >= lo && c > s; --c) {
            if (static_cast<double>(tokens(s, c)) < min_fill) break;
            if (strength[c] > strength[cut]) cut = c;
        }
        if (strength[cut] < 0) {  // inside a table row: back off to the row's start if any
            for (size_t c = e; c >= lo && c > s; --c)
                if (strength[c] >= 0) { cut = c; break; }
        }
        emit(s, cut);
        prev_end = cut;
        // Overlap: start the next chunk earlier, at the strongest boundary (earliest among
        // equals) whose tail fits the overlap budget, if the next word still fits after it.
        size_t next = cut;
        if (opts_.overlap_tokens > 0) {
            int best = -1;
            for (size_t c = cut - 1; c > s && tokens(c, cut) <= opts_.overlap_tokens; --c) {
                if (strength[c] >= 0 && strength[c] >= best) { best = strength[c]; next = c; }
            }
            if (next != cut && cut < n && tokens(next, cut + 1) > max_tok) next = cut;
        }
        s = next;
    }
    return out;
}

std::vector<Chunk> Chunker::chunk_document(const ExtractedDocument& doc) const {
    std::vector<Chunk> out;
    for (const auto& p : doc.pages) {
        auto c = chunk_page(p.number, p.text);
        out.insert(out.end(), std::make_move_iterator(c.begin()), std::make_move_iterator(c.end()));
    }
    return out;
}

}  // namespace perimeter::ingest
