#include "ui/report_document.h"

#include <QLocale>
#include <algorithm>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCursor>
#include <map>
#include <tuple>

namespace perimeter::ui {

namespace {

constexpr int kRole = QTextFormat::UserProperty + 1;
constexpr int kSection = QTextFormat::UserProperty + 2;
constexpr int kClaim = QTextFormat::UserProperty + 3;
constexpr int kMarker = QTextFormat::UserProperty + 4;
constexpr int kFlagged = QTextFormat::UserProperty + 5;

QString qs(const std::string& s) { return QString::fromStdString(s); }

QTextBlockFormat block(ReportDocument::Role role, int section = -1, int claim = -1) {
    QTextBlockFormat f;
    f.setProperty(kRole, int(role));
    f.setProperty(kSection, section);
    f.setProperty(kClaim, claim);
    f.setBottomMargin(role == ReportDocument::Heading ? 4 : 8);
    if (role == ReportDocument::Heading) f.setTopMargin(12);
    return f;
}

QTextCharFormat text_format(double size = 10.5, bool bold = false) {
    QTextCharFormat f;
    f.setFontPointSize(size);
    f.setFontWeight(bold ? QFont::DemiBold : QFont::Normal);
    f.setForeground(QColor(0x1f, 0x29, 0x37));
    return f;
}

}  // namespace

void ReportDocument::fill(QTextDocument* doc, const analysis::Report& r) {
    doc->clear();
    doc->setDocumentMargin(18);
    QTextCursor c(doc);
    c.setBlockFormat(block(Title));
    c.setBlockCharFormat(text_format(15, true));
    c.insertText(qs(r.title), text_format(15, true));
    std::map<std::tuple<int64_t, int, std::string>, int> numbers;
    std::vector<analysis::Citation> notes;
    for (size_t s = 0; s < r.sections.size(); ++s) {
        const analysis::Section& sec = r.sections[s];
        c.insertBlock(block(Heading, int(s)), text_format(12.5, true));
        c.insertText(qs(sec.heading), text_format(12.5, true));
        for (size_t k = 0; k < sec.claims.size(); ++k) {
            const analysis::Claim& claim = sec.claims[k];
            c.insertBlock(block(Claim, int(s), int(k)), text_format());
            // Text with flagged figures highlighted.
            size_t at = 0;
            std::vector<const analysis::Figure*> flagged;
            for (const auto& f : claim.figures)
                if (f.flagged && f.end > f.start && f.end <= claim.text.size()) flagged.push_back(&f);
            std::sort(flagged.begin(), flagged.end(), [](auto* a, auto* b) { return a->start < b->start; });
            for (const analysis::Figure* f : flagged) {
                if (f->start < at) continue;
                c.insertText(qs(claim.text.substr(at, f->start - at)), text_format());
                QTextCharFormat hl = text_format();
                hl.setBackground(QColor(0xfd, 0xe6, 0x8a));
                hl.setUnderlineStyle(QTextCharFormat::DashUnderline);
                hl.setUnderlineColor(QColor(0xb4, 0x23, 0x18));
                hl.setToolTip(f->reason.empty() ? tr("This figure was not found on the cited pages.") : qs(f->reason));
                hl.setProperty(kFlagged, true);
                c.insertText(qs(claim.text.substr(f->start, f->end - f->start)), hl);
                at = f->end;
            }
            c.insertText(qs(claim.text.substr(std::min(at, claim.text.size()))), text_format());
            for (const analysis::Citation& cit : claim.citations) {
                const auto key = std::make_tuple(cit.doc_id, cit.page, cit.doc);
                auto it = numbers.find(key);
                if (it == numbers.end()) {
                    it = numbers.emplace(key, int(notes.size()) + 1).first;
                    notes.push_back(cit);
                }
                QTextCharFormat m = text_format();
                m.setVerticalAlignment(QTextCharFormat::AlignSuperScript);
                m.setForeground(QColor(0x1d, 0x5f, 0xa7));
                m.setProperty(kMarker, true);
                m.setToolTip(QStringLiteral("%1, %2").arg(qs(cit.doc), tr("p. %1").arg(QLocale().toString(cit.page))));
                c.insertText(QStringLiteral("[%1]").arg(it->second), m);
            }
        }
    }
    if (!r.disclaimer.empty()) {
        c.insertBlock(block(Disclaimer), text_format(9.5));
        QTextCharFormat f = text_format(9.5);
        f.setFontItalic(true);
        f.setForeground(QColor(0x4b, 0x55, 0x63));
        c.insertText(qs(r.disclaimer), f);
    }
    if (!notes.empty()) {
        QTextCharFormat f = text_format(9);
        f.setForeground(QColor(0x4b, 0x55, 0x63));
        for (size_t i = 0; i < notes.size(); ++i) {
            QTextBlockFormat b = block(Notes);
            b.setBottomMargin(0);
            if (i == 0) b.setTopMargin(14);
            c.insertBlock(b, f);
            c.insertText(QStringLiteral("[%1] %2, %3").arg(i + 1).arg(qs(notes[i].doc), tr("p. %1").arg(QLocale().toString(notes[i].page))), f);
        }
    }
}

analysis::Report ReportDocument::read(const QTextDocument& doc, const analysis::Report& base) {
    analysis::Report out = base;
    out.sections.clear();
    static const QRegularExpression marker(QStringLiteral("\\[\\d+\\]"));
    std::map<int, size_t> section_at;  // original section index -> index in out
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        const QTextBlockFormat bf = b.blockFormat();
        const Role role = Role(bf.property(kRole).toInt());
        const int s = bf.property(kSection).toInt();
        const int k = bf.property(kClaim).toInt();
        QString text;
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextFragment frag = it.fragment();
            QString t = frag.text();
            if (frag.charFormat().property(kMarker).toBool()) t.remove(marker);
            text += t;
        }
        text = text.trimmed();
        switch (role) {
            case Title: out.title = text.toStdString(); break;
            case Heading: {
                analysis::Section sec;
                sec.heading = text.toStdString();
                out.sections.push_back(sec);
                section_at[s] = out.sections.size() - 1;
                break;
            }
            case Claim: {
                if (text.isEmpty()) break;
                analysis::Claim claim;
                claim.text = text.toStdString();
                if (s >= 0 && size_t(s) < base.sections.size() && k >= 0 && size_t(k) < base.sections[s].claims.size())
                    claim.citations = base.sections[s].claims[k].citations;
                auto at = section_at.find(s);
                if (at == section_at.end()) {
                    out.sections.push_back({});
                    at = section_at.emplace(s, out.sections.size() - 1).first;
                }
                out.sections[at->second].claims.push_back(std::move(claim));
                break;
            }
            default: break;
        }
    }
    return out;
}

QStringList ReportDocument::flagged_figures(const QTextDocument& doc) {
    QStringList out;
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().property(kFlagged).toBool()) out << it.fragment().text();
    return out;
}

}  // namespace perimeter::ui
