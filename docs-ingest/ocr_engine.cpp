#include "docs-ingest/ocr_engine.h"

#include <dlfcn.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include <algorithm>
#include <memory>

#ifndef PERIMETER_TESSERACT_LIBRARY
#define PERIMETER_TESSERACT_LIBRARY "libtesseract.so.5"
#endif

namespace perimeter::ingest {
namespace {

// libtesseract's C API, resolved once per process on first use (the header says why).
// Each pointer has the exact type of the function declared in <tesseract/capi.h>.
struct Tesseract {
    decltype(&TessBaseAPICreate) create = nullptr;
    decltype(&TessBaseAPIDelete) destroy = nullptr;
    decltype(&TessBaseAPIEnd) end = nullptr;
    decltype(&TessBaseAPISetVariable) set_variable = nullptr;
    decltype(&TessBaseAPIInit2) init = nullptr;
    decltype(&TessBaseAPISetPageSegMode) set_psm = nullptr;
    decltype(&TessBaseAPISetImage2) set_image = nullptr;
    decltype(&TessBaseAPISetSourceResolution) set_resolution = nullptr;
    decltype(&TessBaseAPIRecognize) recognize = nullptr;
    decltype(&TessBaseAPIDetectOrientationScript) detect_orientation = nullptr;
    decltype(&TessBaseAPIMeanTextConf) mean_conf = nullptr;
    decltype(&TessBaseAPIClear) clear = nullptr;
    decltype(&TessBaseAPIGetIterator) iterator = nullptr;
    decltype(&TessResultIteratorDelete) iterator_delete = nullptr;
    decltype(&TessResultIteratorNext) iterator_next = nullptr;
    decltype(&TessResultIteratorGetUTF8Text) iterator_text = nullptr;
    decltype(&TessResultIteratorGetPageIterator) page_iterator = nullptr;
    decltype(&TessPageIteratorBoundingBox) bounding_box = nullptr;
    decltype(&TessDeleteText) delete_text = nullptr;
    std::string error;  // non-empty: the library or one of its functions is missing
};

const Tesseract& tesseract_lib() {
    static const Tesseract lib = [] {
        Tesseract t;
        void* so = ::dlopen(PERIMETER_TESSERACT_LIBRARY, RTLD_NOW | RTLD_LOCAL);  // never closed
        if (!so) {
            const char* e = ::dlerror();
            t.error = std::string("cannot load tesseract (") + PERIMETER_TESSERACT_LIBRARY + "): " + (e ? e : "?");
            return t;
        }
        auto bind = [&](auto& fn, const char* name) {
            fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(so, name));
            if (!fn && t.error.empty()) t.error = std::string("tesseract library lacks ") + name;
        };
        bind(t.create, "TessBaseAPICreate");
        bind(t.destroy, "TessBaseAPIDelete");
        bind(t.end, "TessBaseAPIEnd");
        bind(t.set_variable, "TessBaseAPISetVariable");
        bind(t.init, "TessBaseAPIInit2");
        bind(t.set_psm, "TessBaseAPISetPageSegMode");
        bind(t.set_image, "TessBaseAPISetImage2");
        bind(t.set_resolution, "TessBaseAPISetSourceResolution");
        bind(t.recognize, "TessBaseAPIRecognize");
        bind(t.detect_orientation, "TessBaseAPIDetectOrientationScript");
        bind(t.mean_conf, "TessBaseAPIMeanTextConf");
        bind(t.clear, "TessBaseAPIClear");
        bind(t.iterator, "TessBaseAPIGetIterator");
        bind(t.iterator_delete, "TessResultIteratorDelete");
        bind(t.iterator_next, "TessResultIteratorNext");
        bind(t.iterator_text, "TessResultIteratorGetUTF8Text");
        bind(t.page_iterator, "TessResultIteratorGetPageIterator");
        bind(t.bounding_box, "TessPageIteratorBoundingBox");
        bind(t.delete_text, "TessDeleteText");
        return t;
    }();
    return lib;
}

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
    const Tesseract& t = tesseract_lib();
    for (tesseract::TessBaseAPI* h : {api_, osd_}) {
        if (!h) continue;
        t.end(h);
        t.destroy(h);
    }
}

bool OcrEngine::init() {
    if (tried_) return init_error_.empty();
    tried_ = true;
    const Tesseract& t = tesseract_lib();
    if (!t.error.empty()) {
        init_error_ = t.error;
        return false;
    }
    const char* datapath = tessdata_.empty() ? nullptr : tessdata_.c_str();
    api_ = t.create();
    t.set_variable(api_, "debug_file", "/dev/null");  // "Estimating resolution", "Invalid resolution"
    if (t.init(api_, datapath, languages_.c_str(), tesseract::OEM_DEFAULT) != 0) {
        init_error_ = "tesseract cannot load languages '" + languages_ + "'" +
                      (tessdata_.empty() ? std::string() : " from " + tessdata_);
        t.end(api_);
        t.destroy(api_);
        api_ = nullptr;
        return false;
    }
    t.set_psm(api_, tesseract::PSM_AUTO);
    // Leptonica's tiled Otsu copes with shaded table headers and uneven scan backgrounds
    // better than the legacy global threshold (on the RAS scans: fewer misread cells).
    t.set_variable(api_, "thresholding_method", "1");
    if (osd_wanted_) {
        osd_ = t.create();
        t.set_variable(osd_, "debug_file", "/dev/null");
        if (t.init(osd_, datapath, "osd", tesseract::OEM_DEFAULT) != 0) {
            // Orientation detection is an improvement, not a requirement: OCR upright only.
            t.end(osd_);
            t.destroy(osd_);
            osd_ = nullptr;
        } else {
            t.set_psm(osd_, tesseract::PSM_OSD_ONLY);
        }
    }
    return true;
}

int OcrEngine::detect_rotation(Pix* gray, int dpi) {
    if (!osd_) return 0;
    const Tesseract& t = tesseract_lib();
    t.set_image(osd_, gray);
    t.set_resolution(osd_, dpi);
    int deg = 0;
    float conf = 0, script_conf = 0;
    const char* script = nullptr;  // points into tesseract's own tables: not ours to free
    const bool ok = t.detect_orientation(osd_, &deg, &conf, &script, &script_conf);
    t.clear(osd_);
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
    const Tesseract& t = tesseract_lib();
    t.set_image(api_, upright.p);
    t.set_resolution(api_, dpi);
    if (t.recognize(api_, nullptr) != 0) {
        t.clear(api_);
        out.error = "tesseract failed to recognise the page";
        return out;
    }
    const float pt = 72.0f / static_cast<float>(dpi);
    std::vector<LayoutWord> words;
    size_t sideways = 0, long_words = 0;  // words of 3+ bytes, and those taller than wide
    auto drop_iterator = [&t](TessResultIterator* i) { t.iterator_delete(i); };
    std::unique_ptr<TessResultIterator, decltype(drop_iterator)> it(t.iterator(api_), drop_iterator);
    if (it) {
        do {
            char* txt = t.iterator_text(it.get(), tesseract::RIL_WORD);
            if (!txt) continue;
            LayoutWord w;
            w.text = txt;
            t.delete_text(txt);
            std::erase_if(w.text, [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
            if (w.text.empty() || is_border_artifact(w.text)) continue;
            int l, top, r, b;
            if (!t.bounding_box(t.page_iterator(it.get()), tesseract::RIL_WORD, &l, &top, &r, &b)) continue;
            // A word of several letters is wider than tall unless its line runs vertically.
            if (w.text.size() >= 3) {
                ++long_words;
                sideways += (b - top) > (r - l);
            }
            w.x0 = l * pt; w.y0 = top * pt; w.x1 = r * pt; w.y1 = b * pt;
            words.push_back(std::move(w));
        } while (t.iterator_next(it.get(), tesseract::RIL_WORD));
    }
    out.confidence = static_cast<float>(t.mean_conf(api_));
    out.mostly_sideways = sideways * 2 > long_words;
    t.clear(api_);
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
