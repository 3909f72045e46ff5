// Knobs for turning one untrusted file (PDF, PNG, JPEG, TIFF) into an ExtractedDocument.
// The same struct drives the in-process extractor and the isolated helper process; the
// client serialises it to the helper over a pipe (extract_wire.h), so keep it plain data.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

namespace perimeter::ingest {

enum class OcrMode : uint8_t {
    Auto = 0,  // OCR pages whose text layer is missing, too thin or garbage
    Never,     // text layer only (fast; scans come out Empty)
    Always,    // OCR every page, ignoring the text layer
};

struct ExtractOptions {
    std::string password;           // user or owner password of an encrypted PDF
    int threads = 2;                // worker threads inside the helper (pages in parallel)
    OcrMode ocr = OcrMode::Auto;
    std::string ocr_languages = "eng+rus";
    std::string tessdata_dir;       // empty: tesseract's compiled-in default / TESSDATA_PREFIX
    // Render resolution for OCR. 400 rather than the usual 300: on the 200-dpi RAS scans,
    // 300 misread 2 of ~80 table cells ("1160" -> "4160", "17" -> "E"), 400 none, for
    // about 1.4x the OCR time. Low-resolution image files are enlarged to it too.
    int ocr_dpi = 400;
    int min_ocr_dpi = 100;          // a huge page is rendered down to this before we refuse it
    int64_t max_render_pixels = 80'000'000;  // refuse to render a page beyond this (w*h)
    int min_text_chars = 32;        // fewer letters/digits than this on a page: try OCR too
    bool detect_orientation = true; // tesseract OSD before OCR (upside-down / landscape scans)
    // Isolation (extract_isolated only).
    double timeout_s = 1800;        // whole document
    double page_timeout_s = 180;    // no page finished for this long: the helper is hung
    int64_t memory_limit_mb = 4096; // RLIMIT_AS of the helper; 0 = none
    std::string helper_path;        // empty: $PERIMETER_EXTRACT, then next to the executable
};

// Progress: pages done so far out of the document's page count (0 while still opening).
using ProgressFn = std::function<void(int pages_done, int page_count)>;

}  // namespace perimeter::ingest
