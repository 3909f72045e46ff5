#include "app/analysis/evidence_check.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace perimeter::analysis {
namespace {

// Words that start questions or are capitalised for other reasons; never key terms.
const std::set<std::string> kStop = {
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "did",
    "does", "do", "has", "have", "had", "can", "could", "should", "would", "will", "the", "a", "an", "in", "of",
    "for", "and", "or", "to", "on", "by", "at", "as", "from", "with", "per", "its", "their", "this", "that",
    "please", "give", "list", "describe", "explain", "summarize", "summarise", "compare", "tell", "show", "name",
    "i", "we", "our", "us", "fy", "q1", "q2", "q3", "q4", "gaap", "non", "usd", "eur", "gbp", "rub", "us$",
    "ceo", "cfo", "eps", "ebitda", "ebit", "capex", "opex", "sg&a", "r&d", "roe", "roa", "ttm", "yoy", "qoq",
    "net", "total", "revenue", "income", "profit", "company", "companies", "corporation", "inc", "plc", "ltd",
    "based", "according", "report", "reported", "fiscal", "year", "quarter", "first", "second", "third", "fourth",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "balance", "sheet", "statement", "statements", "cash", "flow", "flows", "operating",
    // Words analysts capitalise in questions that are not names ("Highest EBITDAR", "Market").
    "highest", "lowest", "best", "worst", "top", "largest", "smallest", "most", "least", "market", "markets",
    "region", "regions", "segment", "segments", "business", "product", "products", "category", "domestic",
    "international", "global", "adjusted", "organic", "core", "gross", "interest", "coverage", "ratio", "guidance",
    "outlook", "growth", "margin", "expense", "expenses", "sales", "earnings", "share", "shares", "stock", "debt",
    "equity", "assets", "liabilities", "inventory", "inventories", "dividend", "dividends", "full", "half",
    "annual", "quarterly", "ended", "ending", "end", "change", "changes", "drop", "increase", "decrease",
    "в", "на", "и", "по", "за", "что", "как", "какая", "какой", "какие", "каков", "какова", "сколько", "чему",
    "ооо", "пао", "оао", "зао", "ао",
};

std::string lower(const std::string& s) {
    std::string o = s;
    for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // Cyrillic capitals in UTF-8: А-П = D0 90..9F -> D0 B0..BF; Р-Я = D0 A0..AF -> D1 80..8F; Ё = D0 81 -> D1 91
    std::string r;
    for (size_t i = 0; i < o.size(); ++i) {
        const unsigned char c = o[i];
        if (c == 0xD0 && i + 1 < o.size()) {
            const unsigned char d = o[i + 1];
            if (d >= 0x90 && d <= 0x9F) { r += '\xD0'; r += static_cast<char>(d + 0x20); ++i; continue; }
            if (d >= 0xA0 && d <= 0xAF) { r += '\xD1'; r += static_cast<char>(d - 0x20); ++i; continue; }
            if (d == 0x81) { r += "\xD1\x91"; ++i; continue; }
        }
        r += static_cast<char>(c);
    }
    return r;
}

bool is_upper_start(const std::string& w) {
    if (w.empty()) return false;
    const unsigned char c = w[0];
    if (c < 0x80) return std::isupper(c);
    // Cyrillic capital: D0 90..AF or D0 81
    return c == 0xD0 && w.size() > 1 && ((static_cast<unsigned char>(w[1]) >= 0x90 && static_cast<unsigned char>(w[1]) <= 0xAF) ||
                                         static_cast<unsigned char>(w[1]) == 0x81);
}

bool is_word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '&' || c == '-'; }

// "fy2024" / "fy24" / "fy2023q1" / "q2fy24" / "1q23" -> "2024" / "2024" / "2023" / "2024" / "2023"; else "".
std::string fiscal_year(const std::string& lw) {
    auto digits_from = [&](size_t i) {
        size_t j = i;
        while (j < lw.size() && std::isdigit(static_cast<unsigned char>(lw[j]))) ++j;
        return j - i;
    };
    auto year = [&](size_t i, size_t n) { return n == 4 ? lw.substr(i, 4) : "20" + lw.substr(i, 2); };
    size_t i = 0;
    if (lw.size() >= 3 && lw[0] == 'q' && lw[1] >= '1' && lw[1] <= '4') i = 2;  // "q2fy24"
    if (lw.compare(i, 2, "fy") == 0) {
        size_t p = i + 2;
        if (p < lw.size() && lw[p] == '-') ++p;
        const size_t n = digits_from(p);
        if (n != 2 && n != 4) return {};
        const size_t rest = p + n;
        if (rest == lw.size() || (lw.size() - rest == 2 && lw[rest] == 'q' && lw[rest + 1] >= '1' && lw[rest + 1] <= '4'))
            return year(p, n);
        return {};
    }
    if (lw.size() >= 4 && lw[0] >= '1' && lw[0] <= '4' && lw[1] == 'q') {  // "1q23"
        const size_t n = digits_from(2);
        if ((n == 2 || n == 4) && 2 + n == lw.size()) return year(2, n);
    }
    return {};
}

// Other ways filings write a name a question abbreviates.
std::vector<std::string> aliases(const std::string& lt) {
    if (lt == "usa" || lt == "us") return {"u.s.", "united states"};
    if (lt == "uk") return {"u.k.", "united kingdom"};
    if (lt == "jnj" || lt == "j&j") return {"johnson & johnson", "j&j"};
    return {};
}

}  // namespace

std::vector<std::string> key_terms(const std::string& q) {
    std::vector<std::string> terms;
    std::vector<std::string> words;
    size_t i = 0;
    while (i < q.size()) {
        while (i < q.size() && !is_word_byte(static_cast<unsigned char>(q[i]))) ++i;
        size_t j = i;
        while (j < q.size() && is_word_byte(static_cast<unsigned char>(q[j]))) ++j;
        if (j > i) words.push_back(q.substr(i, j - i));
        i = j;
    }
    for (size_t k = 0; k < words.size(); ++k) {
        std::string w = words[k];
        // possessive "Apple's" -> "Apple"
        if (w.size() > 2 && (w.compare(w.size() - 2, 2, "'s") == 0)) w.resize(w.size() - 2);
        while (!w.empty() && (w.back() == '-' || w.back() == '\'')) w.pop_back();
        if (w.empty()) continue;
        const std::string lw = lower(w);
        // Fiscal shorthand "FY2024", "FY24", "FY2023Q1", "Q2FY24", "1Q23": the year is the key
        // term (filings write "fiscal 2024", "first quarter of 2023").
        if (auto y = fiscal_year(lw); !y.empty()) {
            terms.push_back(y);
            continue;
        }
        // Years 1900-2099.
        if (w.size() == 4 && std::all_of(w.begin(), w.end(), ::isdigit) && (w[0] == '1' || w[0] == '2') &&
            (w.compare(0, 2, "19") == 0 || w.compare(0, 2, "20") == 0)) {
            terms.push_back(w);
            continue;
        }
        if (kStop.count(lw)) continue;
        // Names: capitalised (not the question's first word unless it is clearly a name, i.e.
        // has more capitals or digits inside) and at least two letters.
        if (is_upper_start(w) && w.size() >= 2) {
            const bool first = k == 0;
            bool inner_caps = false;
            for (size_t t = 1; t < w.size(); ++t)
                if (std::isupper(static_cast<unsigned char>(w[t]))) inner_caps = true;
            if (!first || inner_caps) terms.push_back(w);
        }
    }
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    return terms;
}

EvidenceVerdict check_evidence(const std::string& question, const std::vector<ingest::SearchHit>& hits,
                               const std::vector<std::string>& titles) {
    EvidenceVerdict v;
    v.key_terms = key_terms(question);
    if (hits.empty()) {
        v.sufficient = false;
        v.missing = v.key_terms;
        return v;
    }
    std::string haystack;
    for (const auto& h : hits) haystack += lower(h.text) + "\n" + lower(h.file_name) + "\n";
    for (const auto& t : titles) haystack += lower(t) + "\n";
    for (const auto& term : v.key_terms) {
        std::string lt = lower(term);
        // Russian/English inflection: compare a stem of names longer than 5 letters.
        std::string stem = lt;
        if (lt.size() > 6 && !std::isdigit(static_cast<unsigned char>(lt[0]))) stem = lt.substr(0, lt.size() - 2);
        bool found = haystack.find(stem) != std::string::npos;
        for (const auto& a : aliases(lt)) found = found || haystack.find(a) != std::string::npos;
        if (!found) v.missing.push_back(term);
    }
    v.sufficient = v.missing.empty();
    return v;
}

}  // namespace perimeter::analysis
