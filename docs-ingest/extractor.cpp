#include "docs-ingest/extractor.h"

#include <fcntl.h>
#include <leptonica/allheaders.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "docs-ingest/image_source.h"
#include "docs-ingest/ocr_engine.h"
#include "docs-ingest/pdf_source.h"
#include "docs-ingest/pdf_text_quality.h"

namespace perimeter::ingest {
namespace {

constexpr int64_t kMaxFileBytes = int64_t(2) << 30;  // poppler's in-memory reader takes an int length
constexpr int kMaxRenderSide = 30000;                 // splash bitmaps beyond this fail or overflow

struct PixHolder {
    Pix* p = nullptr;
    ~PixHolder() { if (p) pixDestroy(&p); }
};

std::string file_label(const std::string& path) {
    std::string name = std::filesystem::path(path).filename().string();
    return name.empty() ? path : name;
}

// Reads the whole file; poppler and leptonica then parse from memory, so the file is
// opened once and a file that changes on disk mid-way cannot confuse the workers.
bool read_file(const std::string& path, std::string* out, std::string* why) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *why = std::string("cannot open: ") + std::strerror(errno);
        return false;
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        *why = "not a regular file";
        return false;
    }
    if (st.st_size > kMaxFileBytes) {
        ::close(fd);
        *why = "file larger than 2 GiB";
        return false;
    }
    out->resize(static_cast<size_t>(st.st_size));
    size_t got = 0;
    while (got < out->size()) {
        const ssize_t n = ::read(fd, out->data() + got, out->size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int e = errno;
            ::close(fd);
            *why = std::string("read failed: ") + (n < 0 ? std::strerror(e) : "file shrank while reading");
            return false;
        }
        got += static_cast<size_t>(n);
    }
    ::close(fd);
    return true;
}

// Highest dpi <= wanted that keeps a w_pt x h_pt page under the pixel limits; 0 if even
// `min_dpi` is too much.
double fit_dpi(float w_pt, float h_pt, double wanted, double min_dpi, int64_t max_pixels) {
    if (w_pt <= 0 || h_pt <= 0) return 0;
    double dpi = wanted;
    const double px = (w_pt / 72.0 * dpi) * (h_pt / 72.0 * dpi);
    if (px > static_cast<double>(max_pixels)) dpi *= std::sqrt(static_cast<double>(max_pixels) / px);
    dpi = std::min(dpi, kMaxRenderSide * 72.0 / std::max(w_pt, h_pt));
    return dpi + 1e-9 >= min_dpi ? std::floor(dpi) : 0;
}

// A page that renders to (almost) white has nothing to OCR.
bool renders_blank(const PdfSource& pdf, int index, float w_pt, float h_pt) {
    const double dpi = fit_dpi(w_pt, h_pt, 24, 1, 2'000'000);
    if (dpi <= 0) return false;
    PixHolder thumb{pdf.render_gray(index, dpi)};
    if (!thumb.p) return false;
    const int w = pixGetWidth(thumb.p), h = pixGetHeight(thumb.p), wpl = pixGetWpl(thumb.p);
    const l_uint32* data = pixGetData(thumb.p);
    int64_t dark = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) dark += GET_DATA_BYTE(data + static_cast<size_t>(y) * wpl, x) < 160;
    return dark * 2000 < static_cast<int64_t>(w) * h;  // < 0.05% ink
}

struct PageOutcome {
    ExtractedPage page;
    ExtractError error = ExtractError::None;
    std::string why;
};

// Everything one worker thread owns.
struct Worker {
    std::unique_ptr<PdfSource> pdf;
    std::unique_ptr<OcrEngine> ocr;
    OcrEngine& engine(const ExtractOptions& o) {
        if (!ocr) ocr = std::make_unique<OcrEngine>(o.ocr_languages, o.tessdata_dir, o.detect_orientation);
        return *ocr;
    }
};

void apply_ocr(PageOutcome& out, const OcrPage& r) {
    out.page.text = r.layout.text;
    out.page.words = r.layout.words;
    out.page.source = out.page.text.empty() ? PageSource::Empty : PageSource::Ocr;
    out.page.ocr_confidence = r.confidence;
    out.page.rotation = r.rotation;
}

PageOutcome process_pdf_page(Worker& wk, int index, const ExtractOptions& o) {
    PageOutcome out;
    ExtractedPage& page = out.page;
    page.number = index + 1;
    PdfPageText tl;
    if (o.ocr != OcrMode::Always) tl = wk.pdf->read_text(index);
    else wk.pdf->page_size(index, &tl.width_pt, &tl.height_pt);
    page.width_pt = tl.width_pt;
    page.height_pt = tl.height_pt;

    std::string joined;
    for (const LayoutWord& w : tl.words) joined += w.text;
    const TextQuality q = measure_text(joined);
    const bool garbage = q.garbage();
    const bool thin = q.alnum < o.min_text_chars;

    if (o.ocr == OcrMode::Never || (o.ocr == OcrMode::Auto && !garbage && !thin)) {
        LayoutResult lr = layout_page(std::move(tl.words));
        page.text = std::move(lr.text);
        page.words = std::move(lr.words);
        page.source = page.text.empty() ? PageSource::Empty : PageSource::TextLayer;
        return out;
    }
    // Thin (or empty) text layer: keep it unless OCR finds more. Garbage: never keep it.
    if (!garbage && o.ocr == OcrMode::Auto) {
        LayoutResult lr = layout_page(tl.words);
        page.text = std::move(lr.text);
        page.words = std::move(lr.words);
        page.source = page.text.empty() ? PageSource::Empty : PageSource::TextLayer;
        if (renders_blank(*wk.pdf, index, page.width_pt, page.height_pt)) return out;
    }
    const double dpi = fit_dpi(page.width_pt, page.height_pt, o.ocr_dpi, o.min_ocr_dpi, o.max_render_pixels);
    if (dpi <= 0) {
        out.error = ExtractError::PageTooLarge;
        char buf[160];
        std::snprintf(buf, sizeof buf, "page %d is %.0f x %.0f pt, too large to render for OCR (limit %lld pixels at %d dpi)",
                      page.number, page.width_pt, page.height_pt, static_cast<long long>(o.max_render_pixels),
                      o.min_ocr_dpi);
        out.why = buf;
        return out;
    }
    PixHolder img{wk.pdf->render_gray(index, dpi)};
    if (!img.p) {
        out.error = ExtractError::Corrupt;
        out.why = "page " + std::to_string(page.number) + " cannot be rendered";
        return out;
    }
    OcrPage r = wk.engine(o).recognize(img.p, static_cast<int>(dpi));
    if (!r.ok) {
        out.error = ExtractError::OcrFailed;
        out.why = "page " + std::to_string(page.number) + ": " + r.error;
        return out;
    }
    if (garbage || o.ocr == OcrMode::Always || measure_text(r.layout.text).alnum > q.alnum) apply_ocr(out, r);
    return out;
}

PageOutcome process_image_page(Worker& wk, const ImageSource& img, int index, const ExtractOptions& o) {
    PageOutcome out;
    out.page.number = index + 1;
    int w = 0, h = 0, dpi = 300;
    if (!img.page_header(index, &w, &h, &dpi)) {
        out.error = ExtractError::Corrupt;
        out.why = "image page " + std::to_string(index + 1) + " is damaged";
        return out;
    }
    if (static_cast<int64_t>(w) * h > o.max_render_pixels || w > kMaxRenderSide || h > kMaxRenderSide) {
        out.error = ExtractError::PageTooLarge;
        out.why = "image page " + std::to_string(index + 1) + " is " + std::to_string(w) + " x " + std::to_string(h) +
                  " pixels, beyond the limit of " + std::to_string(o.max_render_pixels);
        return out;
    }
    PixHolder gray{img.page_gray(index)};
    if (!gray.p) {
        out.error = ExtractError::Corrupt;
        out.why = "image page " + std::to_string(index + 1) + " cannot be decoded";
        return out;
    }
    dpi = pixGetXRes(gray.p);
    out.page.width_pt = static_cast<float>(pixGetWidth(gray.p) * 72.0 / dpi);
    out.page.height_pt = static_cast<float>(pixGetHeight(gray.p) * 72.0 / dpi);
    if (o.ocr == OcrMode::Never) return out;
    // A low-resolution scan is enlarged towards the OCR resolution by a whole factor, pixel
    // replication, as poppler renders a scanned PDF page (tesseract misreads small glyphs of
    // the 200-dpi RAS scans at native size; smoothing turned "17" by a cell border into "1%").
    // The page size in points stays the same.
    const int k = o.ocr_dpi / std::max(dpi, 1);
    if (k >= 2 && static_cast<double>(w) * h * k * k <= static_cast<double>(o.max_render_pixels)) {
        if (Pix* big = pixExpandReplicate(gray.p, k)) {
            pixDestroy(&gray.p);
            gray.p = big;
            dpi *= k;
            pixSetResolution(gray.p, dpi, dpi);
        }
    }
    OcrPage r = wk.engine(o).recognize(gray.p, dpi);
    if (!r.ok) {
        out.error = ExtractError::OcrFailed;
        out.why = "page " + std::to_string(index + 1) + ": " + r.error;
        return out;
    }
    apply_ocr(out, r);
    return out;
}

}  // namespace

const char* extract_error_name(ExtractError e) {
    switch (e) {
    case ExtractError::None: return "None";
    case ExtractError::Unreadable: return "Unreadable";
    case ExtractError::NotPdf: return "NotPdf";
    case ExtractError::Corrupt: return "Corrupt";
    case ExtractError::Encrypted: return "Encrypted";
    case ExtractError::NoPages: return "NoPages";
    case ExtractError::PageTooLarge: return "PageTooLarge";
    case ExtractError::ParserCrashed: return "ParserCrashed";
    case ExtractError::Timeout: return "Timeout";
    case ExtractError::Cancelled: return "Cancelled";
    case ExtractError::OcrFailed: return "OcrFailed";
    case ExtractError::Internal: return "Internal";
    }
    return "Unknown";
}

ExtractStatus extract_stream(const std::string& path, const ExtractOptions& opts, const ExtractEvents& ev,
                             const std::atomic<bool>* cancel) {
    static std::once_flag quiet;
    std::call_once(quiet, [] {
        if (!std::getenv("PERIMETER_EXTRACT_VERBOSE")) {
            quiet_poppler();
            setMsgSeverity(L_SEVERITY_NONE);
        }
    });
    const std::string label = file_label(path);
    ExtractStatus st;
    auto fail = [&](ExtractError e, const std::string& why) {
        st.error = e;
        st.message = label + ": " + why;
        return st;
    };

    std::string bytes;
    std::string why;
    if (!read_file(path, &bytes, &why)) return fail(ExtractError::Unreadable, why);
    if (bytes.empty()) return fail(ExtractError::NotPdf, "empty file");
    const FileKind kind = sniff_file_kind(bytes);
    if (kind == FileKind::Unknown) return fail(ExtractError::NotPdf, "not a PDF or a PNG/JPEG/TIFF image");

    ExtractError err = ExtractError::None;
    std::unique_ptr<PdfSource> first_pdf;
    std::unique_ptr<ImageSource> image;
    DocumentMetadata meta;
    if (kind == FileKind::Pdf) {
        first_pdf = PdfSource::open(bytes, opts.password, &err, &why);
        if (!first_pdf) return fail(err, why);
        meta = first_pdf->metadata();
    } else {
        image = ImageSource::open(bytes, kind, &err, &why);
        if (!image) return fail(err, why);
        meta.page_count = image->page_count();
    }
    const int n = meta.page_count;
    if (ev.on_meta) ev.on_meta(meta);

    // Pages go to whichever worker is free; finished pages are handed out strictly in order.
    std::atomic<int> next{0};
    std::atomic<bool> stop{false};
    std::mutex emit_mu;
    int next_emit = 0;
    std::vector<std::optional<PageOutcome>> done(static_cast<size_t>(n));
    std::vector<ExtractError> page_err(static_cast<size_t>(n), ExtractError::None);
    std::vector<std::string> page_why(static_cast<size_t>(n));
    std::vector<char> page_text(static_cast<size_t>(n), 0);
    std::string worker_error;

    auto work = [&](std::unique_ptr<PdfSource> own_pdf) {
        Worker wk;
        wk.pdf = std::move(own_pdf);
        for (;;) {
            if (stop || (cancel && cancel->load())) { stop = true; return; }
            const int i = next++;
            if (i >= n) return;
            if (kind == FileKind::Pdf && !wk.pdf) {
                ExtractError e2 = ExtractError::None;
                std::string w2;
                wk.pdf = PdfSource::open(bytes, opts.password, &e2, &w2);
                if (!wk.pdf) {
                    std::lock_guard lk(emit_mu);
                    worker_error = w2;
                    stop = true;
                    return;
                }
            }
            PageOutcome r;
            try {
                r = kind == FileKind::Pdf ? process_pdf_page(wk, i, opts) : process_image_page(wk, *image, i, opts);
            } catch (const std::bad_alloc&) {
                // A hostile page made poppler/tesseract exhaust the memory limit: that page
                // failed, the rest of the document still counts.
                r = PageOutcome{};
                r.page.number = i + 1;
                r.error = ExtractError::ParserCrashed;
                r.why = "page " + std::to_string(i + 1) + ": the parser ran out of memory";
            } catch (const std::exception& e) {
                r = PageOutcome{};
                r.page.number = i + 1;
                r.error = ExtractError::Internal;
                r.why = "page " + std::to_string(i + 1) + ": " + e.what();
            }
            std::lock_guard lk(emit_mu);
            page_err[static_cast<size_t>(i)] = r.error;
            page_why[static_cast<size_t>(i)] = r.why;
            page_text[static_cast<size_t>(i)] = !r.page.text.empty();
            done[static_cast<size_t>(i)] = std::move(r);
            while (next_emit < n && done[static_cast<size_t>(next_emit)]) {
                if (ev.on_page) ev.on_page(std::move(done[static_cast<size_t>(next_emit)]->page));
                done[static_cast<size_t>(next_emit)].reset();
                ++next_emit;
            }
        }
    };
    const int threads = std::clamp(opts.threads, 1, std::max(n, 1));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(work, nullptr);
    work(std::move(first_pdf));
    for (auto& th : pool) th.join();

    if (cancel && cancel->load()) return fail(ExtractError::Cancelled, "cancelled");
    if (!worker_error.empty()) return fail(ExtractError::Internal, "worker cannot reopen the PDF: " + worker_error);

    // A page "failed" when it has an error and no text; a page that kept its text layer
    // although OCR could not run (too large to render) is only a warning.
    int failed = 0;
    for (int i = 0; i < n; ++i) {
        if (page_err[static_cast<size_t>(i)] == ExtractError::None) continue;
        failed += !page_text[static_cast<size_t>(i)];
        st.warnings.push_back(label + ": " + page_why[static_cast<size_t>(i)]);
    }
    if (failed == n && n > 0) {
        // Nothing usable: the document fails with the first page's reason.
        st.error = page_err[0];
        st.message = st.warnings.front();
        st.warnings.clear();
    }
    return st;
}

ExtractedDocument extract_document(const std::string& path, const ExtractOptions& opts, const std::atomic<bool>* cancel) {
    ExtractedDocument doc;
    doc.path = path;
    ExtractEvents ev;
    ev.on_meta = [&](const DocumentMetadata& m) { doc.meta = m; };
    ev.on_page = [&](ExtractedPage&& p) { doc.pages.push_back(std::move(p)); };
    ExtractStatus st = extract_stream(path, opts, ev, cancel);
    doc.error = st.error;
    doc.error_message = std::move(st.message);
    doc.warnings = std::move(st.warnings);
    return doc;
}

}  // namespace perimeter::ingest
