// Tesseract for one worker thread: orientation detection (OSD) and recognition of one page
// image. An engine is not thread-safe; the extractor keeps one per worker thread.
// libtesseract is loaded (dlopen, its C API) when the first engine starts, not linked: its
// dependency tree (curl, gnutls, icu, ...) costs every helper process about 10 ms of start-up,
// which text-layer documents, most of them, never need.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "docs-ingest/layout.h"

struct Pix;
namespace tesseract {
class TessBaseAPI;
}

namespace perimeter::ingest {

struct OcrPage {
    LayoutResult layout;      // text + word boxes in points of the ORIGINAL image (as given)
    float confidence = -1;    // tesseract's mean word confidence, 0..100
    int rotation = 0;         // clockwise degrees the image was turned before recognition
    bool ok = false;
    bool mostly_sideways = false;  // most words are taller than wide: text lines run vertically
    std::string error;
};

class OcrEngine {
public:
    // `languages` like "eng+rus"; `tessdata_dir` empty = tesseract's default search.
    OcrEngine(std::string languages, std::string tessdata_dir, bool detect_orientation);
    ~OcrEngine();
    OcrEngine(const OcrEngine&) = delete;
    OcrEngine& operator=(const OcrEngine&) = delete;

    // Recognises an 8-bit grey image taken at `dpi`. Boxes come back in points (72/inch)
    // in the frame of `gray` as passed, whatever rotation recognition needed.
    OcrPage recognize(Pix* gray, int dpi);

private:
    // An upright reading at least this confident (tesseract's 0..100 mean word confidence)
    // is kept without orientation detection. Upright RAS scans read at 88-92; the same
    // pages turned 90/180 degrees read below 40.
    static constexpr float kTrustedConfidence = 70.0f;

    bool init();
    int detect_rotation(Pix* gray, int dpi);  // clockwise degrees that make the text upright
    OcrPage recognize_turned(Pix* gray, int dpi, int rot);

    std::string languages_, tessdata_;
    bool osd_wanted_;
    bool tried_ = false;
    std::string init_error_;
    tesseract::TessBaseAPI* api_ = nullptr;  // owned; released through the loaded library
    tesseract::TessBaseAPI* osd_ = nullptr;
};

}  // namespace perimeter::ingest
