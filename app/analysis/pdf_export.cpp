#include "app/analysis/pdf_export.h"

#include <dlfcn.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "app/analysis/markdown_export.h"

namespace perimeter::analysis {
namespace {

std::string escape(const std::string& s) {
    std::string o;
    for (char c : s) {
        switch (c) {
            case '&': o += "&amp;"; break;
            case '<': o += "&lt;"; break;
            case '>': o += "&gt;"; break;
            case '"': o += "&quot;"; break;
            default: o += c;
        }
    }
    return o;
}

// Claim text with its flagged figures highlighted.
std::string claim_html(const Claim& c) {
    std::string out;
    size_t pos = 0;
    for (const auto& f : c.figures) {
        if (!f.flagged || f.start < pos || f.end > c.text.size()) continue;
        out += escape(c.text.substr(pos, f.start - pos));
        out += "<span style=\"background-color:#ffe08a\">" + escape(c.text.substr(f.start, f.end - f.start)) + "</span>";
        pos = f.end;
    }
    out += escape(c.text.substr(pos));
    return out;
}

}  // namespace

std::string to_html(const Report& r) {
    const bool ru = r.language == "ru";
    std::ostringstream h;
    h << "<html><body style=\"font-family:'DejaVu Sans'; font-size:10pt\">";
    h << "<h1>" << escape(r.title) << "</h1>";
    h << "<p style=\"color:#555\"><i>" << (ru ? "Статус: " : "Status: ") << status_label(r.status, r.language)
      << (ru ? ", версия " : ", version ") << r.version << "</i></p>";
    std::map<std::tuple<int64_t, int, std::string>, int> numbers;
    std::vector<std::string> notes;
    for (const auto& s : r.sections) {
        if (!s.heading.empty()) h << "<h2>" << escape(s.heading) << "</h2>";
        for (const auto& c : s.claims) {
            h << "<p>" << claim_html(c);
            std::vector<int> shown;
            for (const auto& cit : c.citations) {
                auto key = std::make_tuple(cit.doc_id, cit.page, cit.doc);
                auto it = numbers.find(key);
                int n;
                if (it == numbers.end()) {
                    n = static_cast<int>(notes.size()) + 1;
                    numbers.emplace(key, n);
                    notes.push_back(citation_label(cit, r.language));
                } else {
                    n = it->second;
                }
                if (std::find(shown.begin(), shown.end(), n) != shown.end()) continue;
                shown.push_back(n);
                h << "<sup>[" << n << "]</sup>";
            }
            h << "</p>";
        }
    }
    if (r.flagged_figures() > 0) {
        h << "<p style=\"color:#8a5a00\">" << (ru ? "Выделенные цифры не найдены на указанных страницах."
                                                   : "Highlighted figures were not found on their cited pages.")
          << "</p>";
    }
    if (!r.disclaimer.empty()) h << "<hr/><p><i>" << escape(r.disclaimer) << "</i></p>";
    if (!notes.empty()) {
        h << "<hr/><p style=\"font-size:8pt\">";
        for (size_t i = 0; i < notes.size(); ++i) h << "[" << i + 1 << "] " << escape(notes[i]) << "<br/>";
        h << "</p>";
    }
    h << "</body></html>";
    return h.str();
}

namespace {

using WritePdfFn = int (*)(const char* html, const char* title, const char* path, char* err, size_t err_len);

// The writer module, looked for as the extraction helper is: $PERIMETER_PDF_WRITER, then next
// to the executable, in ../bin (tests) and ../lib/perimeter (an installed tree). Loaded once.
WritePdfFn load_writer(std::string* why) {
    static std::string error;
    static const WritePdfFn fn = [] () -> WritePdfFn {
        namespace fs = std::filesystem;
        std::vector<fs::path> candidates;
        if (const char* env = std::getenv("PERIMETER_PDF_WRITER"); env && *env) candidates.emplace_back(env);
        std::error_code ec;
        const fs::path self = fs::read_symlink("/proc/self/exe", ec);
        const char* name = "libperimeter_pdf_writer.so";
        if (!ec) {
            candidates.push_back(self.parent_path() / name);
            candidates.push_back(self.parent_path() / ".." / "bin" / name);
            candidates.push_back(self.parent_path() / ".." / "lib" / "perimeter" / name);
        }
        for (const fs::path& p : candidates) {
            if (!fs::exists(p, ec)) continue;
            void* h = ::dlopen(p.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (!h) {
                const char* e = ::dlerror();
                error = "the PDF writer module " + p.string() + " does not load: " + (e ? e : "?");
                return nullptr;
            }
            if (auto f = reinterpret_cast<WritePdfFn>(::dlsym(h, "perimeter_write_pdf"))) return f;
            error = "the PDF writer module " + p.string() + " has no perimeter_write_pdf";
            return nullptr;
        }
        error = std::string("the PDF writer module ") + name +
                " was not found next to the program (set PERIMETER_PDF_WRITER to its path)";
        return nullptr;
    }();
    if (!fn) *why = error;
    return fn;
}

}  // namespace

void export_pdf(const Report& report, const std::string& path) {
    std::string why;
    const WritePdfFn write = load_writer(&why);
    if (!write) throw std::runtime_error(path + ": cannot write the PDF: " + why);
    char err[1024] = {0};
    if (write(to_html(report).c_str(), report.title.c_str(), path.c_str(), err, sizeof err) != 0)
        throw std::runtime_error(err[0] ? std::string(err) : path + ": cannot write the PDF");
}

}  // namespace perimeter::analysis
