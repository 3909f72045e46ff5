// Is a page's text layer worth keeping, or should the page be OCR'd? Scans carry no text;
// some PDFs carry a few stray words (a stamp, a page number) over an image; and PDFs whose
// fonts lack a Unicode map give glyph garbage: private-use code points, U+FFFD, control
// characters or runs of punctuation. The heuristic counts code points by class.
#pragma once
#include <string>

namespace perimeter::ingest {

struct TextQuality {
    int chars = 0;     // code points that are not whitespace
    int alnum = 0;     // letters (Latin, Latin-1/Extended, Greek, Cyrillic) and digits
    int bad = 0;       // U+FFFD, private use (U+E000..U+F8FF), C0/C1 controls, invalid UTF-8
    int punct = 0;     // everything else (punctuation, symbols, other scripts)

    // Garbage: more than 10% bad code points, or fewer than half of the visible
    // characters are letters/digits (financial tables stay well above: "(1,234)" is 4/7).
    bool garbage() const {
        if (chars < 8) return bad > 0;
        return bad * 10 > chars || alnum * 2 < chars;
    }
};

TextQuality measure_text(const std::string& utf8);

}  // namespace perimeter::ingest
