#include "docs-ingest/query_rewriter.h"

#include <algorithm>
#include <regex>

#include "docs-ingest/db/statement.h"
#include "docs-ingest/fts_tokenizer.h"
#include "docs-ingest/store.h"

namespace perimeter::ingest {
namespace {

const char* quarter_word(char digit) {
    switch (digit) {
        case '1': return "first quarter";
        case '2': return "second quarter";
        case '3': return "third quarter";
        case '4': return "fourth quarter";
        default: return "";
    }
}

std::string full_year(const std::string& y) { return y.size() == 2 ? "20" + y : y; }

// Replaces every match of `re` with what `fn` makes of it.
template <class Fn>
std::string replace_all(const std::string& text, const std::regex& re, Fn fn) {
    std::string out;
    auto begin = std::sregex_iterator(text.begin(), text.end(), re);
    size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        out.append(text, last, static_cast<size_t>(it->position()) - last);
        out += fn(*it);
        last = static_cast<size_t>(it->position() + it->length());
    }
    out.append(text, last, std::string::npos);
    return out;
}

}  // namespace

std::string QueryRewriter::expand_fiscal(const std::string& text) {
    // "FY2023Q1", "FY 2023", "FY23", "FY-2023"
    static const std::regex fy(R"(\bFY[ -]?(\d{4}|\d{2})(?:\s*Q([1-4]))?\b)", std::regex::icase);
    // "1Q23", "4Q2022"
    static const std::regex nq(R"(\b([1-4])Q(\d{4}|\d{2})\b)", std::regex::icase);
    // "Q4", "Q4 2022"
    static const std::regex q(R"(\bQ([1-4])\b)", std::regex::icase);
    std::string s = replace_all(text, fy, [](const std::smatch& m) {
        std::string r = "fiscal " + full_year(m[1].str());
        if (m[2].matched) r += std::string(" ") + quarter_word(m[2].str()[0]);
        return r;
    });
    s = replace_all(s, nq, [](const std::smatch& m) {
        return std::string(quarter_word(m[1].str()[0])) + " " + full_year(m[2].str());
    });
    s = replace_all(s, q, [](const std::smatch& m) { return std::string(quarter_word(m[1].str()[0])); });
    return s;
}

std::string QueryRewriter::add_synonyms(const std::string& text) {
    // Analysts' words for what filings call otherwise; the filing's words are appended, the
    // analyst's kept (some filings use them too).
    struct Syn {
        const char* pattern;
        const char* filing_words;
    };
    static const Syn table[] = {
        {R"(\btop[ -]?line\b)", "revenue net sales"},
        {R"(\bbottom[ -]?line\b)", "net income"},
        {R"(\b(?:stock|share) ?buy-?backs?\b|\bbuy-?backs?\b)", "share repurchase"},
        {R"(\bstock repurchases?\b)", "share repurchase"},
        {R"(\bSG&A\b)", "selling general administrative expenses"},
        {R"(\bR&D\b)", "research and development"},
        {R"(\bcapex\b)", "capital expenditures property and equipment"},
        {R"(\bEPS\b)", "earnings per share"},
        {R"(\bheadcount\b)", "employees"},
        {R"(\bwages?\b)", "payroll compensation"},
    };
    std::string extra;
    for (const auto& syn : table) {
        const std::regex re(syn.pattern, std::regex::icase);
        if (std::regex_search(text, re)) extra += std::string(" ") + syn.filing_words;
    }
    return text + extra;
}

RewrittenQuery QueryRewriter::rewrite(const SearchQuery& q) {
    RewrittenQuery out;
    out.text = opts_.expand_fiscal ? expand_fiscal(q.text) : q.text;
    if (opts_.synonyms) out.text = add_synonyms(out.text);
    if (!opts_.drop_scope_terms) return out;

    // The chunks in scope.
    std::string scope = " WHERE 1";
    std::vector<int64_t> ids;
    for (const auto& name : q.docs) {
        auto r = store_.resolve(name);
        if (r.empty()) throw UnknownDocumentError("no document named '" + name + "' in the store");
        ids.insert(ids.end(), r.begin(), r.end());
    }
    if (!ids.empty()) {
        scope = " WHERE c.doc_id IN (";
        for (size_t i = 0; i < ids.size(); ++i) scope += (i ? "," : "") + std::to_string(ids[i]);
        scope += ")";
    }
    if (!q.collection.empty())
        scope += " AND c.doc_id IN (SELECT dc.doc_id FROM document_collections dc JOIN collections co "
                 "ON co.id = dc.collection_id WHERE co.name = ?2)";
    db::Statement total_st(store_.db(), "SELECT count(*) FROM chunks c" + scope);
    if (!q.collection.empty()) total_st.bind(2, q.collection);
    if (!total_st.step()) return out;
    const double total = static_cast<double>(total_st.get_int(0));
    if (total < 4) return out;  // too few chunks to tell what is common

    const auto terms = tokenize_query(store_.db().handle(), out.text);
    struct Scored {
        QueryTerm t;
        double share;
    };
    std::vector<Scored> content;
    db::Statement df(store_.db(),
                     "SELECT count(*) FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid" + scope +
                         " AND chunks_fts MATCH ?1");
    for (const auto& t : terms) {
        if (t.stop_word) continue;
        std::string quoted = "\"";
        for (char c : out.text.substr(t.start, t.end - t.start)) {
            if (c == '"') quoted += '"';
            quoted += c;
        }
        quoted += '"';
        df.reset();
        df.bind(1, quoted);
        if (!q.collection.empty()) df.bind(2, q.collection);
        const double n = df.step() ? static_cast<double>(df.get_int(0)) : 0.0;
        content.push_back({t, n / total});
    }
    // Drop the common ones, keeping at least the rarest of them when no kept term occurs in
    // scope at all: "How many net new stores did Ulta Beauty open in fiscal 2022?" kept only
    // "many" and "open", which the release never writes ("openings"), and found nothing.
    std::vector<Scored> drop;
    for (const auto& s : content)
        if (s.share > opts_.scope_share) drop.push_back(s);
    const bool kept_occurs = std::any_of(content.begin(), content.end(), [&](const Scored& s) {
        return s.share > 0 && s.share <= opts_.scope_share;
    });
    if (!kept_occurs && !drop.empty()) {
        auto rarest = std::min_element(drop.begin(), drop.end(), [](const Scored& a, const Scored& b) { return a.share < b.share; });
        drop.erase(rarest);
    }
    std::sort(drop.begin(), drop.end(), [](const Scored& a, const Scored& b) { return a.t.start > b.t.start; });
    for (const auto& s : drop) {
        out.dropped.push_back(out.text.substr(s.t.start, s.t.end - s.t.start));
        out.text.replace(s.t.start, s.t.end - s.t.start, " ");
    }
    std::reverse(out.dropped.begin(), out.dropped.end());
    return out;
}

std::vector<SearchHit> RewritingRetriever::search(const SearchQuery& q) {
    SearchQuery r = q;
    r.text = rewriter_.rewrite(q).text;
    return inner_.search(r);
}

}  // namespace perimeter::ingest
