#include "app/analysis/document_profile.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "docs-ingest/store.h"

namespace perimeter::analysis {
namespace {

bool is_letter_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

// "bestbuy_2024q2_10q.pdf" -> "bestbuy 2024q2 10q pdf": separators as spaces.
std::string spaced(const std::string& s) {
    std::string o;
    for (char c : s) o += is_letter_byte(static_cast<unsigned char>(c)) || c == '&' ? c : ' ';
    return o;
}

std::string without_spaces(const std::string& s) {
    std::string o;
    for (char c : s)
        if (is_letter_byte(static_cast<unsigned char>(c))) o += c;
    return o;
}

}  // namespace

std::string lower_text(const std::string& s) {
    std::string r;
    r.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = s[i];
        // Cyrillic capitals in UTF-8: А-П = D0 90..9F -> D0 B0..BF; Р-Я = D0 A0..AF -> D1 80..8F; Ё = D0 81 -> D1 91
        if (c == 0xD0 && i + 1 < s.size()) {
            const unsigned char d = s[i + 1];
            if (d >= 0x90 && d <= 0x9F) { r += '\xD0'; r += static_cast<char>(d + 0x20); ++i; continue; }
            if (d >= 0xA0 && d <= 0xAF) { r += '\xD1'; r += static_cast<char>(d - 0x20); ++i; continue; }
            if (d == 0x81) { r += "\xD1\x91"; ++i; continue; }
        }
        r += static_cast<char>(std::tolower(c));
    }
    return r;
}

bool contains_word(const std::string& hay, const std::string& needle, bool whole) {
    if (needle.empty()) return false;
    for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) {
        if (p > 0 && is_letter_byte(static_cast<unsigned char>(hay[p - 1]))) continue;
        const size_t e = p + needle.size();
        if (whole && e < hay.size() && is_letter_byte(static_cast<unsigned char>(hay[e]))) continue;
        return true;
    }
    return false;
}

bool DocumentProfile::issued_by(const std::string& name) const {
    const std::string n = lower_text(name);
    if (n.empty()) return false;
    // File names run words together ("BESTBUY_2024Q2", "JOHNSON_JOHNSON"); titles do not.
    if (contains_word(spaced(names), n, true)) return true;
    const std::string packed = without_spaces(n);
    if (packed.size() >= 3 && without_spaces(names).find(packed) != std::string::npos) return true;
    if (pages.empty()) return false;
    size_t with = 0;
    for (const auto& p : pages) with += contains_word(p, n, true) ? 1 : 0;
    return double(with) >= kIssuerPageShare * double(pages.size());
}

bool DocumentProfile::states(const std::string& word) const {
    for (const auto& p : pages)
        if (contains_word(p, word, false)) return true;
    return false;
}

bool DocumentProfile::covers_year(int year) const { return std::binary_search(years.begin(), years.end(), year); }

DocumentProfile profile_texts(const std::string& file_name, const std::string& title, const std::vector<std::string>& page_texts) {
    DocumentProfile p;
    p.names = lower_text(file_name + " " + title);
    std::map<int, size_t> counts;
    for (const auto& t : page_texts) {
        p.pages.push_back(lower_text(t));
        // Four-digit years 1900-2099 standing alone ("2023", "fiscal 2024", "July 1, 2023"),
        // not inside longer numbers or identifiers.
        for (size_t i = 0; i + 4 <= t.size(); ++i) {
            if (i > 0 && is_letter_byte(static_cast<unsigned char>(t[i - 1]))) continue;
            if (!(t.compare(i, 2, "19") == 0 || t.compare(i, 2, "20") == 0)) continue;
            if (!std::isdigit(static_cast<unsigned char>(t[i + 2])) || !std::isdigit(static_cast<unsigned char>(t[i + 3]))) continue;
            if (i + 4 < t.size() && (is_letter_byte(static_cast<unsigned char>(t[i + 4])) ||
                                     (t[i + 4] == ',' && i + 5 < t.size() && std::isdigit(static_cast<unsigned char>(t[i + 5])))))
                continue;
            ++counts[std::stoi(t.substr(i, 4))];
        }
    }
    size_t top = 0;
    for (const auto& [y, n] : counts) top = std::max(top, n);
    for (const auto& [y, n] : counts)
        if (double(n) >= kCoveredYearShare * double(top)) p.years.push_back(y);
    return p;
}

DocumentProfile profile_document(ingest::Store& store, int64_t doc_id) {
    std::string file_name, title;
    for (const auto& d : store.documents())
        if (d.id == doc_id) {
            file_name = d.file_name;
            title = d.title;
        }
    std::vector<std::string> texts;
    for (auto& pg : store.pages(doc_id)) texts.push_back(std::move(pg.text));
    DocumentProfile p = profile_texts(file_name, title, texts);
    p.doc_id = doc_id;
    return p;
}

}  // namespace perimeter::analysis
