#include "app/analysis/answer_parser.h"

#include <algorithm>
#include <cctype>

namespace perimeter::analysis {
namespace {

std::string trim(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

std::string lower_ascii(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

bool is_refusal(const std::string& text) {
    const std::string t = lower_ascii(text);
    return t.find("do not contain this information") != std::string::npos ||
           t.find("does not contain this information") != std::string::npos ||
           t.find("documents do not contain") != std::string::npos ||
           text.find("нет этой информации") != std::string::npos ||
           text.find("не содержат") != std::string::npos;
}

ParsedAnswer parse_answer(const std::string& text, const std::vector<Source>& sources) {
    ParsedAnswer out;
    out.refusal = is_refusal(text);
    // Split into sentences at ". ", "! ", "? ", newlines; markers "[n]" or "[n, m]" or "[n][m]"
    // right after a sentence end belong to that sentence.
    struct Piece {
        std::string text;
        std::vector<int> refs;
        bool para_end = false;
    };
    std::vector<Piece> pieces;
    Piece cur;
    auto flush = [&](bool para_end) {
        cur.text = trim(cur.text);
        if (!cur.text.empty() || !cur.refs.empty()) {
            cur.para_end = para_end;
            pieces.push_back(cur);
        } else if (para_end && !pieces.empty()) {
            pieces.back().para_end = true;
        }
        cur = Piece{};
    };
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '[') {
            // a marker: [1] or [1, 2] or [1,2]
            size_t j = i + 1;
            std::vector<int> refs;
            int n = 0;
            bool digits = false, ok = true;
            while (j < text.size() && text[j] != ']') {
                if (std::isdigit(static_cast<unsigned char>(text[j]))) {
                    n = n * 10 + (text[j] - '0');
                    digits = true;
                } else if (text[j] == ',' || text[j] == ' ') {
                    if (digits) refs.push_back(n);
                    n = 0;
                    digits = false;
                } else {
                    ok = false;
                    break;
                }
                ++j;
            }
            if (ok && j < text.size() && digits) {
                refs.push_back(n);
                for (int r : refs)
                    if (r >= 1 && r <= static_cast<int>(sources.size())) cur.refs.push_back(r);
                i = j + 1;
                // a marker after the sentence's full stop: "... 1,284.6. [1]" -> ends here
                continue;
            }
        }
        if (c == '\n') {
            flush(true);
            ++i;
            continue;
        }
        cur.text += c;
        if ((c == '.' || c == '!' || c == '?') && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n')) {
            // keep collecting markers that follow the stop: "sentence. [1]"
            size_t k = i + 1;
            while (k < text.size() && text[k] == ' ') ++k;
            if (k < text.size() && text[k] == '[') {
                i = k;
                continue;
            }
            // a number like "1." at the very start is a list marker, not a sentence end
            flush(false);
        }
        ++i;
    }
    flush(true);
    // Uncited sentence: take the next cited sentence's sources within the paragraph.
    for (size_t p = pieces.size(); p-- > 0;) {
        if (!pieces[p].refs.empty() || pieces[p].para_end) continue;
        if (p + 1 < pieces.size() && !pieces[p + 1].refs.empty()) pieces[p].refs = pieces[p + 1].refs;
    }
    for (auto& piece : pieces) {
        if (piece.text.empty()) continue;
        Claim claim;
        claim.text = piece.text;
        std::sort(piece.refs.begin(), piece.refs.end());
        piece.refs.erase(std::unique(piece.refs.begin(), piece.refs.end()), piece.refs.end());
        for (int r : piece.refs) {
            claim.citations.push_back(sources[r - 1].citation());
            if (std::find(out.cited_sources.begin(), out.cited_sources.end(), r) == out.cited_sources.end())
                out.cited_sources.push_back(r);
        }
        out.claims.push_back(std::move(claim));
    }
    return out;
}

}  // namespace perimeter::analysis
