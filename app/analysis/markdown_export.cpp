#include "app/analysis/markdown_export.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>

namespace perimeter::analysis {

std::string citation_label(const Citation& c, const std::string& language) {
    std::string s = c.doc + (language == "ru" ? ", стр. " : ", p. ") + std::to_string(c.page);
    return s;
}

std::string status_label(ReportStatus s, const std::string& language) {
    if (language != "ru") return to_string(s);
    switch (s) {
        case ReportStatus::Draft: return "черновик";
        case ReportStatus::Reviewed: return "проверен";
        case ReportStatus::Approved: return "утвержден";
    }
    return to_string(s);
}

std::string reason_label(const std::string& reason, const std::string& language) {
    if (language != "ru") return reason;
    if (reason == "no citation") return "нет ссылки на источник";
    if (reason == "not found on the cited page") return "не найдено на указанной странице";
    if (reason == "cited page not in the store") return "указанной страницы нет в хранилище";
    return reason;
}

std::string to_markdown(const Report& r) {
    const bool ru = r.language == "ru";
    std::ostringstream out;
    out << "# " << r.title << "\n\n";
    out << "_" << (ru ? "Статус: " : "Status: ") << status_label(r.status, r.language) << (ru ? ", версия " : ", version ")
        << r.version << "_\n\n";
    // One footnote per distinct (document, page): the same page cited twice keeps its number.
    std::map<std::tuple<int64_t, int, std::string>, int> numbers;
    std::vector<std::string> notes;
    auto note_for = [&](const Citation& c) {
        auto key = std::make_tuple(c.doc_id, c.page, c.doc);
        auto it = numbers.find(key);
        if (it != numbers.end()) return it->second;
        const int n = static_cast<int>(notes.size()) + 1;
        numbers.emplace(key, n);
        notes.push_back(citation_label(c, r.language));
        return n;
    };
    std::vector<std::string> flagged;
    for (const auto& s : r.sections) {
        if (!s.heading.empty()) out << "## " << s.heading << "\n\n";
        for (const auto& c : s.claims) {
            out << c.text;
            std::vector<int> shown;  // two citations of the same page show one marker
            for (const auto& cit : c.citations) {
                const int n = note_for(cit);
                if (std::find(shown.begin(), shown.end(), n) != shown.end()) continue;
                shown.push_back(n);
                out << "[^" << n << "]";
            }
            out << "\n\n";
            for (const auto& f : c.figures)
                if (f.flagged) flagged.push_back(f.text + " (" + s.heading + "): " + reason_label(f.reason, r.language));
        }
    }
    if (!flagged.empty()) {
        out << "## " << (ru ? "Непроверенные цифры" : "Unverified figures") << "\n\n";
        for (const auto& f : flagged) out << "- " << f << "\n";
        out << "\n";
    }
    if (!r.disclaimer.empty()) out << "---\n\n_" << r.disclaimer << "_\n\n";
    for (size_t i = 0; i < notes.size(); ++i) out << "[^" << i + 1 << "]: " << notes[i] << "\n";
    return out.str();
}

}  // namespace perimeter::analysis
