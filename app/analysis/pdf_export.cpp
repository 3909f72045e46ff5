#include "app/analysis/pdf_export.h"

#include <QDir>
#include <QFile>
#include <unistd.h>
#include <QGuiApplication>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>
#include <algorithm>
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

void export_pdf(const Report& report, const std::string& path) {
    std::unique_ptr<QGuiApplication> own_app;
    if (!QGuiApplication::instance()) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
        if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {  // Qt wants one; a private temp folder will do
            const QByteArray dir = QByteArray("/tmp/perimeter-runtime-") + QByteArray::number(static_cast<qulonglong>(getuid()));
            QDir().mkpath(QString::fromLatin1(dir));
            QFile::setPermissions(QString::fromLatin1(dir), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
            qputenv("XDG_RUNTIME_DIR", dir);
        }
        static int argc = 1;
        static char arg0[] = "perimeter";
        static char* argv[] = {arg0, nullptr};
        own_app = std::make_unique<QGuiApplication>(argc, argv);
    }
    {
        QFile probe(QString::fromStdString(path));
        if (!probe.open(QIODevice::WriteOnly)) {
            throw std::runtime_error(path + ": cannot write the PDF: " + probe.errorString().toStdString());
        }
    }
    QPdfWriter writer(QString::fromStdString(path));
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout::Millimeter);
    writer.setTitle(QString::fromStdString(report.title));
    writer.setCreator("Perimeter");
    QTextDocument doc;
    doc.setHtml(QString::fromStdString(to_html(report)));
    // Lay out on the printable area in points so font sizes mean what they say.
    doc.setPageSize(writer.pageLayout().paintRect(QPageLayout::Point).size());
    doc.print(&writer);
}

}  // namespace perimeter::analysis
