// A structured Report as an editable rich-text document and back. Each block carries its role
// (title, heading, claim) and the section/claim it came from as block properties, so a
// reviewer's edits map back onto the report's claims with their citations kept. Flagged
// figures are highlighted; citation markers are superscript and not part of the claim text.
#pragma once
#include <QCoreApplication>
#include <QTextDocument>

#include "app/analysis/report.h"

namespace perimeter::ui {

class ReportDocument {
    Q_DECLARE_TR_FUNCTIONS(ReportDocument)
public:
    enum Role { None = 0, Title, Heading, Claim, Disclaimer, Notes };

    static void fill(QTextDocument* doc, const analysis::Report& report);
    // The report as edited: `base` gives id, version, kind, citations and disclaimer; figures
    // are left empty for the checker to fill.
    static analysis::Report read(const QTextDocument& doc, const analysis::Report& base);
    // The highlighted (flagged) figures in the document, as shown.
    static QStringList flagged_figures(const QTextDocument& doc);
};

}  // namespace perimeter::ui
