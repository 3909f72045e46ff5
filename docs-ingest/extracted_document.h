// What extraction (PDF text layer or OCR) hands to the rest of ingestion: one document's
// metadata and its pages, each with text and word boxes. Pages are 1-based everywhere.
// Produced by the isolated helper process (extractor), consumed by chunker and store.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace perimeter::ingest {

enum class PageSource { TextLayer, Ocr, Empty };

// A word's box on the page, in PDF points from the top-left corner of the page
// (page width/height in points are on ExtractedPage). `start`/`end` are byte offsets
// of the word inside ExtractedPage::text, so a cited character span maps to boxes.
struct WordBox {
    float x = 0, y = 0, w = 0, h = 0;
    uint32_t start = 0, end = 0;
};

struct ExtractedPage {
    int number = 0;                 // 1-based
    std::string text;               // UTF-8, reading order, one table row per line
    PageSource source = PageSource::Empty;
    float ocr_confidence = -1.0f;   // 0..100 for OCR pages, -1 for text-layer pages
    int rotation = 0;               // degrees the page image was rotated before OCR (0/90/180/270)
    float width_pt = 0, height_pt = 0;
    std::vector<WordBox> words;
};

struct DocumentMetadata {
    std::string title, author, subject, creator, producer;
    std::string created, modified;  // ISO 8601 when known
    int page_count = 0;
};

// Error classes of bad input; the code is stored with the document and shown to the user
// (translated in the UI), with `message` naming the file and what is wrong.
enum class ExtractError {
    None = 0,
    Unreadable,       // cannot open / read the file (permissions, missing)
    NotPdf,           // not a PDF or supported image, whatever the extension
    Corrupt,          // damaged or truncated PDF that poppler cannot open
    Encrypted,        // password needed or wrong password
    NoPages,          // zero pages
    PageTooLarge,     // a page beyond the render/OCR limits
    ParserCrashed,    // the helper process died (signal) while parsing
    Timeout,          // the helper process exceeded its time limit
    Cancelled,        // the user cancelled
    OcrFailed,        // tesseract could not be initialised or failed
    Internal,
};

struct ExtractedDocument {
    std::string path;
    DocumentMetadata meta;
    std::vector<ExtractedPage> pages;
    ExtractError error = ExtractError::None;
    std::string error_message;  // "report.pdf: encrypted PDF, a password is needed"
    // Pages that could not be read in a document that otherwise extracted, one line each:
    // "report.pdf: page 7: page too large to render for OCR (...)". Empty when all went well.
    std::vector<std::string> warnings;
};

}  // namespace perimeter::ingest
