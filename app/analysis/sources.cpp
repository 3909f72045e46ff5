#include "app/analysis/sources.h"

namespace perimeter::analysis {

Citation Source::citation() const {
    Citation c;
    c.doc_id = hit.doc_id;
    c.doc = hit.file_name;
    c.page = hit.page;
    c.chunk_id = hit.chunk_id;
    c.start = static_cast<int>(hit.start);
    c.end = static_cast<int>(hit.end);
    return c;
}

std::vector<Source> number_sources(const std::vector<ingest::SearchHit>& hits) {
    std::vector<Source> out;
    for (const auto& h : hits) out.push_back(Source{static_cast<int>(out.size()) + 1, h});
    return out;
}

std::string defuse(const std::string& t) {
    std::string out;
    out.reserve(t.size());
    for (size_t i = 0; i < t.size(); ++i) {
        // "<<<" and ">>>" only ever appear in our delimiters: turn runs of angle brackets
        // in document text into single-guillemet look-alikes.
        if ((t[i] == '<' || t[i] == '>') && i + 2 < t.size() && t[i + 1] == t[i] && t[i + 2] == t[i]) {
            const char c = t[i];
            while (i < t.size() && t[i] == c) ++i;
            out += c == '<' ? "\xE2\x80\xB9" : "\xE2\x80\xBA";  // ‹ ›
            --i;
            continue;
        }
        out += t[i];
    }
    return out;
}

std::string render_sources(const std::vector<Source>& sources) {
    std::string out;
    for (const auto& s : sources) {
        const std::string n = std::to_string(s.number);
        out += "<<<SOURCE " + n + " | " + defuse(s.hit.file_name) + " | page " + std::to_string(s.hit.page) + "\n";
        out += defuse(s.hit.text);
        if (!out.empty() && out.back() != '\n') out += '\n';
        out += "SOURCE " + n + ">>>\n\n";
    }
    return out;
}

}  // namespace perimeter::analysis
