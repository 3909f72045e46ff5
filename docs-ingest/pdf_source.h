// One PDF opened with poppler-cpp: open/unlock with a classified error, metadata, each
// page's words from the text layer, and a page rendered to a grey image for OCR.
// Not thread-safe: each worker thread opens its own PdfSource over the same bytes.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "docs-ingest/extract_options.h"
#include "docs-ingest/extracted_document.h"
#include "docs-ingest/layout.h"

struct Pix;

namespace poppler {
class document;
}

namespace perimeter::ingest {

struct PdfPageText {
    std::vector<LayoutWord> words;  // page points, origin top-left of the page as displayed
    float width_pt = 0, height_pt = 0;
};

class PdfSource {
public:
    // `bytes` must outlive the source (poppler reads it in place). On failure returns null
    // and sets `err` (Corrupt, Encrypted, NoPages) and `why` (without the file name).
    static std::unique_ptr<PdfSource> open(const std::string& bytes, const std::string& password,
                                           ExtractError* err, std::string* why);
    ~PdfSource();

    int page_count() const;
    DocumentMetadata metadata() const;
    // Page size as displayed (after /Rotate), in points; index is 0-based.
    void page_size(int index, float* width_pt, float* height_pt) const;
    PdfPageText read_text(int index) const;
    // Renders page `index` at `dpi` as 8-bit grey; null when poppler cannot render it.
    Pix* render_gray(int index, double dpi) const;

private:
    explicit PdfSource(poppler::document* doc);
    std::unique_ptr<poppler::document> doc_;
};

// Silences poppler's messages on stderr (hostile files produce thousands). Call once.
void quiet_poppler();

}  // namespace perimeter::ingest
