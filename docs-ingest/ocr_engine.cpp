#include "docs-ingest/ocr_engine.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>

namespace perimeter::ingest {
namespace {

// Tesseract reads ruled table borders as '|' words; they carry no content.
bool is_border_artifact(const std::string& t) {
    return std::all_of(t.begin(), t.end(), [](char c) { return c == '|' || c == '[' || c == ']'; });
}

struct PixHolder {
    Pix* p = nullptr;
    ~PixHolder() { if (p) pixDestroy(&p); }
};

}  // namespace

OcrEngine::OcrEngine(std::string languages, std::string tessdata_dir, bool detect_orientation)
    : languages_(std::move(languages)), tessdata_(std::move(tessdata_dir)), osd_wanted_(detect_orientation) {}

OcrEngine::~OcrEngine() {
    if (api_) api_->End();
    if (osd_) osd_->End();
}

bool OcrEngine::init() {
    if (tried_) return init_error_.empty();
    tried_ = true;
    const char* datapath = tessdata_.empty() ? nullptr : tessdata_.c_str();
    api_ = std::make_unique<tesseract::TessBaseAPI>();
    api_->SetVariable("debug_file", "/dev/null");  // "Estimating resolution", "Invalid resolution"
    if (api_->Init(datapath, languages_.c_str(), tesseract::OEM_DEFAULT) != 0) {
        init_error_ = "tesseract cannot load languages '" + languages_ + "'" +
                      (tessdata_.empty() ? std::string() : " from " + tessdata_);
        api_.reset();
        return false;
    }
    api_->SetPageSegMode(tesseract::PSM_AUTO);
    // Leptonica's tiled Otsu copes with shaded table headers and uneven scan backgrounds
    // better than the legacy global threshold (on the RAS scans: fewer misread cells).
    api_->SetVariable("thresholding_method", "1");
    if (osd_wanted_) {
        osd_ = std::make_unique<tesseract::TessBaseAPI>();
        osd_->SetVariable("debug_file", "/dev/null");
        if (osd_->Init(datapath, "osd", tesseract::OEM_DEFAULT) != 0) {
            // Orientation detection is an improvement, not a requirement: OCR upright only.
            osd_.reset();
        } else {
            osd_->SetPageSegMode(tesseract::PSM_OSD_ONLY);
        }
    }
    return true;
}

int OcrEngine::detect_rotation(Pix* gray, int dpi) {
    if (!osd_) return 0;
    osd_->SetImage(gray);
    osd_->SetSourceResolution(dpi);
    int deg = 0;
    float conf = 0, script_conf = 0;
    const char* script = nullptr;
    const bool ok = osd_->DetectOrientationScript(&deg, &conf, &script, &script_conf);
    osd_->Clear();
    // `deg` is how far the content is turned clockwise; a weak vote (sparse pages, tables of
    // digits) is ignored rather than risk turning an upright page.
    if (!ok || conf < 1.5f) return 0;
    return (360 - (deg % 360)) % 360;
}

OcrPage OcrEngine::recognize(Pix* gray, int dpi) {
    if (!init()) {
        OcrPage out;
        out.error = init_error_;
        return out;
    }
    // Most scans are upright: read them as they are and ask OSD (about a third of the cost
    // of recognition) only when that reading is poor. A page read upside down or sideways
    // gives few words at low confidence; then OSD picks the turn and the better reading wins.
    OcrPage upright = recognize_turned(gray, dpi, 0);
    if (!upright.ok || !osd_) return upright;
    // Tesseract reads a page turned by 90 degrees as vertical text lines, often with high
    // confidence; such a reading has the right words in the wrong layout.
    if (upright.confidence >= kTrustedConfidence && upright.layout.words.size() >= 10 && !upright.mostly_sideways)
        return upright;
    const int rot = detect_rotation(gray, dpi);
    if (rot == 0) return upright;
    OcrPage turned = recognize_turned(gray, dpi, rot);
    if (!turned.ok) return upright;
    if (upright.mostly_sideways && !turned.mostly_sideways) return turned;
    return turned.confidence > upright.confidence ? std::move(turned) : std::move(upright);
}

OcrPage OcrEngine::recognize_turned(Pix* gray, int dpi, int rot) {
    OcrPage out;
    PixHolder upright{rot ? pixRotateOrth(gray, rot / 90) : pixClone(gray)};
    if (!upright.p) {
        out.error = "cannot rotate page image";
        return out;
    }
    api_->SetImage(upright.p);
    api_->SetSourceResolution(dpi);
    if (api_->Recognize(nullptr) != 0) {
        api_->Clear();
        out.error = "tesseract failed to recognise the page";
        return out;
    }
    const float pt = 72.0f / static_cast<float>(dpi);
    std::vector<LayoutWord> words;
    size_t sideways = 0, long_words = 0;  // words of 3+ bytes, and those taller than wide
    std::unique_ptr<tesseract::ResultIterator> it(api_->GetIterator());
    if (it) {
        do {
            std::unique_ptr<char[]> txt(it->GetUTF8Text(tesseract::RIL_WORD));
            if (!txt) continue;
            LayoutWord w;
            w.text = txt.get();
            std::erase_if(w.text, [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
            if (w.text.empty() || is_border_artifact(w.text)) continue;
            int l, t, r, b;
            if (!it->BoundingBox(tesseract::RIL_WORD, &l, &t, &r, &b)) continue;
            // A word of several letters is wider than tall unless its line runs vertically.
            if (w.text.size() >= 3) {
                ++long_words;
                sideways += (b - t) > (r - l);
            }
            w.x0 = l * pt; w.y0 = t * pt; w.x1 = r * pt; w.y1 = b * pt;
            words.push_back(std::move(w));
        } while (it->Next(tesseract::RIL_WORD));
    }
    out.confidence = static_cast<float>(api_->MeanTextConf());
    out.mostly_sideways = sideways * 2 > long_words;
    api_->Clear();
    out.layout = layout_page(std::move(words));

    // Boxes were laid out upright; map them back into the frame of the image as given.
    const float W = pixGetWidth(gray) * pt, H = pixGetHeight(gray) * pt;
    for (WordBox& b : out.layout.words) {
        const float x0 = b.x, y0 = b.y, x1 = b.x + b.w, y1 = b.y + b.h;
        float nx0 = x0, ny0 = y0, nx1 = x1, ny1 = y1;
        switch (rot) {
        case 90: nx0 = y0; nx1 = y1; ny0 = H - x1; ny1 = H - x0; break;
        case 180: nx0 = W - x1; nx1 = W - x0; ny0 = H - y1; ny1 = H - y0; break;
        case 270: nx0 = W - y1; nx1 = W - y0; ny0 = x0; ny1 = x1; break;
        default: break;
        }
        b.x = nx0; b.y = ny0; b.w = nx1 - nx0; b.h = ny1 - ny0;
    }
    out.rotation = rot;
    out.ok = true;
    return out;
}

}  // namespace perimeter::ingest
