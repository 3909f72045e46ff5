// One PDF, through poppler's private API (libpoppler-private-dev, the same poppler as
// poppler-cpp): open/unlock with a classified error, metadata, page sizes, each page's words
// from poppler's own text extractor (TextOutputDev, what pdftotext runs) and a page rendered
// to a grey image for OCR (SplashOutputDev set up as poppler-cpp's page_renderer does).
//
// Why not poppler-cpp: its page::text_list() renders each page on a fresh copy of the
// cross-reference table, so the object streams holding the page's fonts and resources are
// parsed again for every page (about 70 ms a page on the Microsoft and Intel filings), and
// its renderer needs a second parse of the document. Here one document per worker keeps its
// XRef and its parsed object streams across pages, and the rendered pixels are the same.
//
// The words: TextOutputDev in raw order (the words as the content stream draws them), without
// poppler's line, block and flow assembly (about 9% of the text layer's time), since our layout
// (layout.h) orders the words geometrically itself. What that assembly does to the words is
// done here as poppler 22.12 does it: fragments of a word (kerning, glyph-by-glyph drawing) are
// merged, duplicated text (fake bold) is dropped, and each word carries poppler's inter-word
// space threshold (LayoutWord::glue_below). On the 26 text PDFs of the corpus the pages come out
// as before but for 2 lines of 41,000 (both gained a space poppler's reading order had lost).
//
// Not thread-safe: each worker thread opens its own PdfSource over the same bytes. Runs
// inside the perimeter-extract helper process for untrusted files.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "docs-ingest/extract_options.h"
#include "docs-ingest/extracted_document.h"
#include "docs-ingest/layout.h"

struct Pix;

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
    PdfSource(const PdfSource&) = delete;
    PdfSource& operator=(const PdfSource&) = delete;

    int page_count() const;
    DocumentMetadata metadata() const;
    // Page size as displayed (crop box after /Rotate), in points; index is 0-based.
    void page_size(int index, float* width_pt, float* height_pt) const;
    // The page's words in content-stream order. Words hold no spaces or control
    // characters; code points that are not Unicode scalar values (a broken ToUnicode map)
    // become U+FFFD, so the text stays valid UTF-8 and the quality check sees the damage.
    PdfPageText read_text(int index);
    // Renders page `index` at `dpi` as 8-bit grey; null when poppler cannot render it.
    Pix* render_gray(int index, double dpi) const;

private:
    struct Impl;
    explicit PdfSource(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Silences poppler's messages on stderr (hostile files produce thousands). Call once.
void quiet_poppler();

// Sets up poppler's process-wide parameters (built-in encodings, the CMap and Unicode map
// directories: about 0.8 ms) now and keeps them for the life of the process. The helper's
// zygote calls it once, so that every helper forked from it starts with them ready.
void keep_poppler_loaded();

}  // namespace perimeter::ingest
