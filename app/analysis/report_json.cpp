#include "app/analysis/report_json.h"

#include <stdexcept>

#include "engine/chat/json.h"

namespace perimeter::analysis {
namespace json = engine::json;

ReportKind parse_report_kind(const std::string& s) {
    if (s == "summary") return ReportKind::Summary;
    if (s == "recommendation") return ReportKind::Recommendation;
    if (s == "answer") return ReportKind::Answer;
    throw std::runtime_error("report: unknown kind '" + s + "'");
}

ReportStatus parse_report_status(const std::string& s) {
    if (s == "draft") return ReportStatus::Draft;
    if (s == "reviewed") return ReportStatus::Reviewed;
    if (s == "approved") return ReportStatus::Approved;
    throw std::runtime_error("report: unknown status '" + s + "'");
}

namespace {

json::Value citation_json(const Citation& c) {
    return json::Object{{"doc_id", c.doc_id}, {"doc", c.doc},     {"page", c.page},
                        {"chunk_id", c.chunk_id}, {"start", c.start}, {"end", c.end}};
}

Citation citation_from(const json::Value& v) {
    const auto& o = v.as_object();
    Citation c;
    c.doc_id = o.find("doc_id")->as_int();
    c.doc = o.find("doc")->as_string();
    c.page = static_cast<int>(o.find("page")->as_int());
    c.chunk_id = o.find("chunk_id")->as_int();
    c.start = static_cast<int>(o.find("start")->as_int());
    c.end = static_cast<int>(o.find("end")->as_int());
    return c;
}

}  // namespace

std::string report_to_json(const Report& r) {
    json::Array sections;
    for (const auto& s : r.sections) {
        json::Array claims;
        for (const auto& c : s.claims) {
            json::Array cits, figs;
            for (const auto& cit : c.citations) cits.push_back(citation_json(cit));
            for (const auto& f : c.figures) {
                figs.push_back(json::Object{{"text", f.text},
                                            {"value", f.value},
                                            {"percent", f.percent},
                                            {"start", static_cast<int64_t>(f.start)},
                                            {"end", static_cast<int64_t>(f.end)},
                                            {"flagged", f.flagged},
                                            {"reason", f.reason}});
            }
            claims.push_back(json::Object{{"text", c.text}, {"citations", cits}, {"figures", figs}, {"check_figures", c.check_figures}});
        }
        sections.push_back(json::Object{{"heading", s.heading}, {"claims", claims}});
    }
    json::Object o{{"kind", to_string(r.kind)},   {"status", to_string(r.status)},
                   {"title", r.title},            {"language", r.language},
                   {"sections", sections},        {"disclaimer", r.disclaimer},
                   {"version", r.version}};
    return json::dump(o);
}

Report report_from_json(const std::string& text) {
    const json::Value v = json::parse(text);
    const auto& o = v.as_object();
    Report r;
    r.kind = parse_report_kind(o.find("kind")->as_string());
    r.status = parse_report_status(o.find("status")->as_string());
    r.title = o.find("title")->as_string();
    r.language = o.find("language")->as_string();
    r.disclaimer = o.find("disclaimer")->as_string();
    if (const auto* ver = o.find("version")) r.version = static_cast<int>(ver->as_int());
    for (const auto& sv : o.find("sections")->as_array()) {
        Section s;
        s.heading = sv.find("heading")->as_string();
        for (const auto& cv : sv.find("claims")->as_array()) {
            Claim c;
            c.text = cv.find("text")->as_string();
            if (const auto* cf = cv.find("check_figures")) c.check_figures = cf->as_bool();
            for (const auto& x : cv.find("citations")->as_array()) c.citations.push_back(citation_from(x));
            for (const auto& x : cv.find("figures")->as_array()) {
                Figure f;
                f.text = x.find("text")->as_string();
                f.value = x.find("value")->as_number();
                f.percent = x.find("percent")->as_bool();
                f.start = static_cast<size_t>(x.find("start")->as_int());
                f.end = static_cast<size_t>(x.find("end")->as_int());
                f.flagged = x.find("flagged")->as_bool();
                f.reason = x.find("reason")->as_string();
                c.figures.push_back(std::move(f));
            }
            s.claims.push_back(std::move(c));
        }
        r.sections.push_back(std::move(s));
    }
    return r;
}

}  // namespace perimeter::analysis
