#include "docs-ingest/pdf_text_quality.h"

namespace perimeter::ingest {
namespace {

bool is_alnum(char32_t c) {
    if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7)  // Latin-1 + Extended-A/B
           || (c >= 0x370 && c <= 0x3FF)                          // Greek
           || (c >= 0x400 && c <= 0x52F);                         // Cyrillic
}

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || (c >= 0x2000 && c <= 0x200B); }

bool is_bad(char32_t c) {
    return c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF) || c < 0x20 || (c >= 0x7F && c < 0xA0);
}

}  // namespace

TextQuality measure_text(const std::string& s) {
    TextQuality q;
    for (size_t i = 0; i < s.size();) {
        const unsigned char b = static_cast<unsigned char>(s[i]);
        char32_t c;
        size_t n;
        if (b < 0x80) { c = b; n = 1; }
        else if ((b >> 5) == 6) { c = b & 0x1F; n = 2; }
        else if ((b >> 4) == 14) { c = b & 0x0F; n = 3; }
        else if ((b >> 3) == 30) { c = b & 0x07; n = 4; }
        else { ++q.chars; ++q.bad; ++i; continue; }
        if (i + n > s.size()) { ++q.chars; ++q.bad; break; }
        bool ok = true;
        for (size_t k = 1; k < n; ++k) {
            const unsigned char cb = static_cast<unsigned char>(s[i + k]);
            if ((cb & 0xC0) != 0x80) { ok = false; break; }
            c = (c << 6) | (cb & 0x3F);
        }
        if (!ok) { ++q.chars; ++q.bad; ++i; continue; }
        i += n;
        if (c == '\t' || c == '\n' || c == '\r') continue;
        if (is_space(c)) continue;
        ++q.chars;
        if (is_alnum(c)) ++q.alnum;
        else if (is_bad(c)) ++q.bad;
        else ++q.punct;
    }
    return q;
}

}  // namespace perimeter::ingest
