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
    if (!v.sufficient) {
        v.reason = "missing:";
        for (size_t i = 0; i < v.missing.size(); ++i) v.reason += (i ? "," : "") + v.missing[i];
    }
    return v;
}

namespace {

// Words that open a question or a clause; never the start of a name.
const std::set<std::string> kLeading = {
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "did",
    "does", "do", "has", "have", "had", "can", "could", "should", "would", "will", "the", "a", "an", "in", "of",
    "for", "and", "or", "to", "on", "by", "at", "as", "from", "with", "please", "give", "list", "describe",
    "explain", "summarize", "summarise", "compare", "tell", "show", "name", "based", "according", "during",
    "between", "after", "before", "since", "over", "its", "their", "this", "that", "these", "those", "any",
    "there", "q1", "q2", "q3", "q4", "fy", "ttm", "ytd",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
};

// Not the figure asked for: function words, question verbs, periods, hedges, document words.
const std::set<std::string> kNotMetric = {
    // function words
    "the", "a", "an", "of", "in", "on", "at", "by", "for", "from", "to", "with", "and", "or", "as", "per",
    "its", "it", "their", "they", "them", "his", "her", "this", "that", "these", "those", "there", "any",
    "all", "each", "other", "such", "than", "into", "over", "under", "about", "between", "during", "after",
    "before", "since", "through", "until", "within", "up", "down", "out", "off", "via", "versus", "vs", "be",
    "been", "being", "is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "will", "would",
    "can", "could", "should", "may", "might", "if", "so", "not", "no", "also", "which", "what", "who", "whom",
    "whose", "when", "where", "why", "how", "much", "many", "now", "then", "same", "prior", "previous",
    "latest", "recent", "most", "more", "less", "new", "own", "i", "we", "our", "us", "you",
    // hedges and generic quantity words
    "approximately", "around", "roughly", "about", "overall", "amount", "amounts", "number", "value", "figure",
    "level", "levels", "figures", "numbers", "values", "data", "total", "result", "results", "respect", "basis", "terms", "much",
    // question verbs
    "report", "reported", "reports", "record", "recorded", "records", "generate", "generated", "hold", "held",
    "have", "keep", "kept", "maintain", "maintained", "secure", "secured", "reduce", "reduced", "increase",
    "increased", "decrease", "decreased", "rise", "rose", "fall", "fell", "grow", "grew", "change", "changed",
    "expect", "expected", "expects", "raise", "raised", "declare", "declared", "pay", "paid", "spend", "spent",
    "sell", "sold", "open", "opened", "close", "closed", "operate", "operated", "deliver", "delivered",
    "contribute", "contributed", "make", "made", "earn", "earned", "achieve", "achieved", "occur", "occurred",
    "accrue", "accrued", "accruing", "realise", "realised", "realize", "realized", "use", "used", "allocate",
    "allocated", "disclose", "disclosed", "provide", "provided", "post", "posted", "see", "saw", "get", "got",
    "show", "shown", "state", "stated", "end", "ended", "ending", "begin", "began", "finish", "finished",
    "reveal", "revealed", "indicate", "indicated", "mention", "mentioned", "note", "noted", "outline",
    "outlined", "discuss", "discussed", "present", "presented", "list", "listed", "give", "given",
    // periods
    "quarter", "quarters", "quarterly", "year", "years", "annual", "annually", "month", "months", "monthly",
    "week", "weeks", "period", "periods", "fiscal", "first", "second", "third", "fourth", "three", "six",
    "nine", "twelve", "thirteen", "fifty-two", "fifty-three", "full", "full-year", "half", "year-to-date",
    "date", "today", "current", "same", "fy", "q1", "q2", "q3", "q4", "ytd", "ttm", "yoy", "qoq",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
    // the document itself
    "company", "company's", "10-q", "10-k", "8-k", "filing", "filings", "release", "document", "documents",
    "statement", "statements", "section", "page",
};

// Questions that ask for reasoning or a derived figure, not one stated figure.
const std::vector<std::string> kNotLookup = {
    "why", "how has", "how have", "how did", "how does", "how do", "how is", "how are", "how was", "how were",
    "trend", "compare", "compared", "comparison", "describe", "explain", "summar", "impact", "drove", "driver",
    "drive", "factor", "influenc", "suggest", "insight", "relate", "correlat", "implication", "role", "using",
    "calculat", "comput", "ratio", "pattern", "discern", "divided", "as a percent", "as a share", "what caused", "reason", "primary",
    "main", "key", "significant", "any", "and what", "and how", "and which",
};

// Filings and questions name the same figures differently.
std::vector<std::string> synonyms(const std::string& w) {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> kSyn = {
        {"revenue", {"sales", "revenues"}}, {"sales", {"revenue"}}, {"profit", {"income", "earnings"}},
        {"earnings", {"income", "profit"}}, {"income", {"earnings", "profit"}},
        {"expenditure", {"expense", "spend", "spent", "cost", "capital"}}, {"expense", {"cost", "spend"}},
        {"cost", {"expense"}}, {"buyback", {"repurchase"}}, {"headcount", {"employees"}},
        {"topline", {"revenue", "sales"}}, {"top-line", {"revenue", "sales"}}, {"staff", {"employees"}},
        {"workforce", {"employees"}}, {"payout", {"dividend"}}, {"guidance", {"outlook", "expect"}},
        {"outlook", {"guidance", "expect"}}, {"proceeds", {"cash"}}, {"eps", {"per share"}},
    };
    for (const auto& [k, v] : kSyn)
        if (w == k) return v;
    return {};
}

// "repurchases" -> "repurchase", "stores" -> "store", "salaries" -> "salar"; a prefix to look for.
std::string stem(const std::string& w) {
    auto ends = [&](const char* suf) {
        const size_t n = std::char_traits<char>::length(suf);
        return w.size() > n + 2 && w.compare(w.size() - n, n, suf) == 0;
    };
    if (ends("ies")) return w.substr(0, w.size() - 3);
    if (ends("ing")) return w.substr(0, w.size() - 3);
    if (ends("es")) return w.substr(0, w.size() - 2);
    if (ends("ed")) return w.substr(0, w.size() - 2);
    if (ends("s") && !ends("ss")) return w.substr(0, w.size() - 1);
    if (ends("y")) return w.substr(0, w.size() - 1);
    return w;
}

struct QWord {
    std::string text;   // as written, possessive removed
    bool possessive = false;
    bool upper = false;  // starts with a capital
    size_t index = 0;
};

// Words with their case; "Apple's", "Resorts'", "Apple’s" marked possessive; "&" kept as a word.
std::vector<QWord> question_words(const std::string& q) {
    std::vector<QWord> out;
    size_t i = 0;
    auto word_byte = [](unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '-' || c == '&' || c == '\'' || c == '.'; };
    while (i < q.size()) {
        while (i < q.size() && !word_byte(static_cast<unsigned char>(q[i]))) ++i;
        size_t j = i;
        while (j < q.size() && word_byte(static_cast<unsigned char>(q[j]))) ++j;
        if (j > i) {
            std::string w = q.substr(i, j - i);
            QWord qw;
            // trailing sentence dots and quotes
            while (!w.empty() && (w.back() == '.' || w.back() == '-')) w.pop_back();
            auto strip = [&](const std::string& suf) {
                if (w.size() > suf.size() && w.compare(w.size() - suf.size(), suf.size(), suf) == 0) {
                    w.resize(w.size() - suf.size());
                    qw.possessive = true;
                }
            };
            strip("'s");
            strip("\xE2\x80\x99s");  // ’s
            if (!qw.possessive && (w.size() > 1 && (w.back() == '\''))) {
                w.pop_back();  // "Resorts'"
                qw.possessive = true;
            }
            if (!qw.possessive && w.size() > 3 && w.compare(w.size() - 3, 3, "\xE2\x80\x99") == 0) {
                w.resize(w.size() - 3);
                qw.possessive = true;
            }
            if (!w.empty()) {
                qw.text = w;
                qw.upper = is_upper_start(w);
                qw.index = out.size();
                out.push_back(qw);
            }
        }
        i = j;
    }
    return out;
}

bool is_year_word(const std::string& w) {
    return w.size() == 4 && std::all_of(w.begin(), w.end(), ::isdigit) && (w.compare(0, 2, "19") == 0 || w.compare(0, 2, "20") == 0);
}

}  // namespace

QuestionFrame read_question(const std::string& question) {
    QuestionFrame f;
    const auto words = question_words(question);
    const std::string lq = lower(question);

    // Runs of capitalised words ("Wynn Resorts", "Johnson & Johnson"), without the question's
    // opening words; a possessive ends a run and makes it the subject.
    std::string run;
    bool run_possessive = false;
    auto close = [&] {
        if (!run.empty()) {
            f.names.push_back(run);
            if (run_possessive) f.subjects.push_back(run);
        }
        run.clear();
        run_possessive = false;
    };
    for (size_t k = 0; k < words.size(); ++k) {
        const QWord& w = words[k];
        const std::string lw = lower(w.text);
        const bool joiner = !run.empty() && lw == "&";
        const bool name_word = w.upper && !is_year_word(w.text) && !fiscal_year(lw).size() && !(run.empty() && kLeading.count(lw));
        if (name_word || joiner) {
            run += (run.empty() ? "" : " ") + w.text;
            if (w.possessive) {
                run_possessive = true;
                close();
            }
        } else {
            close();
        }
        // "How much did Alphabet spend", "How many stores did Target operate": the subject follows "did".
        if ((lw == "did" || lw == "does" || lw == "do") && k + 1 < words.size() && words[k + 1].upper) {
            std::string s;
            for (size_t m = k + 1; m < words.size() && (words[m].upper || words[m].text == "&"); ++m) {
                s += (s.empty() ? "" : " ") + words[m].text;
                if (words[m].possessive) break;
            }
            if (!s.empty()) f.subjects.push_back(s);
        }
    }
    close();
    std::sort(f.subjects.begin(), f.subjects.end());
    f.subjects.erase(std::unique(f.subjects.begin(), f.subjects.end()), f.subjects.end());

    // Years, unless they name a maturity ("notes due 2028").
    for (size_t k = 0; k < words.size(); ++k) {
        const std::string lw = lower(words[k].text);
        std::string y = fiscal_year(lw);
        if (y.empty() && is_year_word(lw)) y = lw;
        if (y.empty()) continue;
        if (k > 0 && lower(words[k - 1].text) == "due") continue;
        const int yi = std::stoi(y);
        if (std::find(f.years.begin(), f.years.end(), yi) == f.years.end()) f.years.push_back(yi);
    }

    // A lookup: "What was/were/is ...", "How much/many ...", "By how much ..." asking for one
    // figure, with no reasoning or second clause.
    const bool opens = lq.rfind("what ", 0) == 0 || lq.rfind("how much", 0) == 0 || lq.rfind("how many", 0) == 0 ||
                       lq.rfind("by how much", 0) == 0;
    // Word starts: "impact" in "impacted", not "main" in "maintain" or "any" in "many".
    f.lookup = opens && lq.find("; ") == std::string::npos &&
               std::none_of(kNotLookup.begin(), kNotLookup.end(), [&](const std::string& m) { return contains_word(lq, m, false); });
    if (f.lookup) {
        for (const auto& w : words) {
            const std::string lw = lower(w.text);
            if (w.upper || lw == "&" || kNotMetric.count(lw) || kStop.count(lw)) continue;
            if (std::any_of(lw.begin(), lw.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) continue;
            if (lw.size() < 3) continue;
            f.metric_words.push_back(lw);
        }
    }
    return f;
}

std::vector<std::string> figure_terms(const std::string& question) {
    const QuestionFrame f = read_question(question);
    std::vector<std::string> subject_words;
    for (const auto& s : f.subjects)
        for (const auto& w : question_words(s)) subject_words.push_back(lower(w.text));
    std::vector<std::string> out;
    for (const auto& w : question_words(question)) {
        const std::string lw = lower(w.text);
        // "total" tells "Total revenue" from a segment's revenue.
        if (lw.size() < 3 || (kNotMetric.count(lw) && lw != "total") || kLeading.count(lw) || fiscal_year(lw).size()) continue;
        if (std::any_of(lw.begin(), lw.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) continue;
        if (std::find(subject_words.begin(), subject_words.end(), lw) != subject_words.end()) continue;
        if (std::find(out.begin(), out.end(), lw) == out.end()) out.push_back(lw);
    }
    return out;
}

std::vector<std::string> word_forms(const std::string& word) {
    std::vector<std::string> forms = {stem(word)};
    for (const auto& s : synonyms(word)) forms.push_back(s);
    for (const auto& s : synonyms(stem(word))) forms.push_back(s);
    std::sort(forms.begin(), forms.end());
    forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
    return forms;
}

EvidenceVerdict check_grounding(const std::string& question, const std::vector<ingest::SearchHit>& hits,
                                const std::vector<DocumentProfile>& scope) {
    // Cover pages name the company (file names are tickers, PDF titles filing ids).
    std::vector<std::string> covers;
    for (const auto& p : scope)
        if (!p.pages.empty() && std::any_of(hits.begin(), hits.end(), [&](const ingest::SearchHit& h) { return h.doc_id == p.doc_id; }))
            covers.push_back(p.pages[0].substr(0, 1000));
    EvidenceVerdict v = check_evidence(question, hits, covers);
    if (hits.empty()) v.reason = "empty_retrieval";
    if (!v.sufficient || scope.empty()) return v;

    const QuestionFrame f = read_question(question);
    auto decline = [&](const std::string& reason) {
        v.sufficient = false;
        v.reason = reason;
        return v;
    };
    // 1. The company asked about issued a document in scope. A subject that did not ("Intel's
    //    revenue" against NVIDIA's 10-Q, which names Intel) is accepted only when another name
    //    in the question is an issuer ("Microsoft's Azure revenue" asks Microsoft).
    // A name's first word stands for it ("Microsoft Teams", "Apple Vision Pro") unless it is a
    // common word ("Net Promoter Score", "Total Revenue").
    auto issued_by = [&](const DocumentProfile& p, const std::string& name) {
        if (p.issued_by(name)) return true;
        const std::string first = name.substr(0, name.find(' '));
        return first.size() >= 3 && first != name && !kStop.count(lower(first)) && !kLeading.count(lower(first)) &&
               p.issued_by(first);
    };
    auto issuer = [&](const std::string& name) {
        return std::any_of(scope.begin(), scope.end(), [&](const DocumentProfile& p) { return issued_by(p, name); });
    };
    if (!f.subjects.empty() && std::none_of(f.subjects.begin(), f.subjects.end(), issuer) &&
        std::none_of(f.names.begin(), f.names.end(), issuer))
        return decline("issuer:" + f.subjects.front());
    // The documents of the company the question names, else all in scope.
    std::vector<const DocumentProfile*> where;
    for (const auto& p : scope)
        if (std::any_of(f.names.begin(), f.names.end(), [&](const std::string& n) { return issued_by(p, n); })) where.push_back(&p);
    if (where.empty())
        for (const auto& p : scope) where.push_back(&p);

    // 2. Each year named is one the documents report on.
    for (int y : f.years)
        if (std::none_of(where.begin(), where.end(), [&](const DocumentProfile* p) { return p->covers_year(y); }))
            return decline("period:" + std::to_string(y));

    // 3. A lookup's metric words are stated in the documents (any form, or a synonym).
    for (const auto& w : f.metric_words) {
        std::vector<std::string> forms = {stem(w)};
        for (const auto& s : synonyms(w)) forms.push_back(s);
        for (const auto& s : synonyms(stem(w))) forms.push_back(s);
        const bool stated = std::any_of(where.begin(), where.end(), [&](const DocumentProfile* p) {
            return std::any_of(forms.begin(), forms.end(), [&](const std::string& form) { return p->states(form); });
        });
        if (!stated) return decline("metric:" + w);
    }
    return v;
}

}  // namespace perimeter::analysis
