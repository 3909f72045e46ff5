// perimeter-render: draws one page of an untrusted PDF or image for the GUI's viewer, in its
// own process, so that a hostile file can crash or hang only this helper.
//
//   perimeter-render FILE PAGE DPI [--ppm]    writes the page as PNG (or binary PPM) to stdout
//
// PAGE is 1-based; DPI is clamped to [18, 600]. Exit codes: 0 ok, 1 usage, 2 cannot open
// (unreadable, not a PDF or image, encrypted, corrupt), 3 no such page, 4 page too large,
// 5 render or write failed. One line on stderr says which file and what is wrong.
// Guard rails: address-space and CPU limits, no core dumps, dies with its parent.
#include <leptonica/allheaders.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>
#include <sstream>
#include <string>
#include <vector>

#include "docs-ingest/image_source.h"

using namespace perimeter::ingest;

namespace {

constexpr long long kMaxPixels = 60'000'000;  // ~ A0 at 200 dpi; the viewer never asks for more

int fail(int code, const std::string& file, const std::string& what) {
    std::fprintf(stderr, "perimeter-render: %s: %s\n", file.c_str(), what.c_str());
    return code;
}

void limit_self() {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    rlimit as{rlim_t(2048) << 20, rlim_t(2048) << 20};
    ::setrlimit(RLIMIT_AS, &as);
    rlimit cpu{30, 30};
    ::setrlimit(RLIMIT_CPU, &cpu);
}

bool write_all(const char* data, size_t n) {
    while (n > 0) {
        const size_t w = std::fwrite(data, 1, n, stdout);
        if (w == 0) return false;
        data += w;
        n -= w;
    }
    return true;
}

// RGB rows (3 bytes a pixel) to stdout as PNG through leptonica, or as PPM.
int emit_rgb(const std::string& file, int w, int h, const std::function<void(int y, unsigned char* rgb)>& row,
             bool ppm) {
    if (ppm) {
        std::string header = "P6\n" + std::to_string(w) + " " + std::to_string(h) + "\n255\n";
        if (!write_all(header.data(), header.size())) return fail(5, file, "cannot write to stdout");
        std::string line(static_cast<size_t>(w) * 3, '\0');
        for (int y = 0; y < h; ++y) {
            row(y, reinterpret_cast<unsigned char*>(line.data()));
            if (!write_all(line.data(), line.size())) return fail(5, file, "cannot write to stdout");
        }
        return std::fflush(stdout) == 0 ? 0 : fail(5, file, "cannot write to stdout");
    }
    Pix* pix = pixCreate(w, h, 32);
    if (!pix) return fail(5, file, "out of memory for a " + std::to_string(w) + "x" + std::to_string(h) + " page");
    std::string line(static_cast<size_t>(w) * 3, '\0');
    l_uint32* data = pixGetData(pix);
    const int wpl = pixGetWpl(pix);
    for (int y = 0; y < h; ++y) {
        row(y, reinterpret_cast<unsigned char*>(line.data()));
        l_uint32* dst = data + static_cast<size_t>(y) * wpl;
        for (int x = 0; x < w; ++x) {
            const unsigned char* p = reinterpret_cast<const unsigned char*>(line.data()) + 3 * x;
            composeRGBPixel(p[0], p[1], p[2], dst + x);
        }
    }
    l_uint8* png = nullptr;
    size_t size = 0;
    const int bad = pixWriteMem(&png, &size, pix, IFF_PNG);
    pixDestroy(&pix);
    if (bad || !png) return fail(5, file, "PNG encoding failed");
    const bool ok = write_all(reinterpret_cast<const char*>(png), size) && std::fflush(stdout) == 0;
    lept_free(png);
    return ok ? 0 : fail(5, file, "cannot write to stdout");
}

int render_pdf(const std::string& file, const std::string& bytes, int page, double dpi, bool ppm) {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(bytes.data(), int(bytes.size())));
    if (!doc) return fail(2, file, "damaged PDF that cannot be opened");
    if (doc->is_locked()) return fail(2, file, "encrypted PDF, a password is needed");
    if (page < 1 || page > doc->pages())
        return fail(3, file, "page " + std::to_string(page) + " out of range 1.." + std::to_string(doc->pages()));
    std::unique_ptr<poppler::page> p(doc->create_page(page - 1));
    if (!p) return fail(3, file, "page " + std::to_string(page) + " cannot be read");
    const poppler::rectf box = p->page_rect(poppler::crop_box);
    const double px = box.width() * dpi / 72.0 * box.height() * dpi / 72.0;
    if (px > double(kMaxPixels)) return fail(4, file, "page " + std::to_string(page) + " too large to render at " + std::to_string(int(dpi)) + " dpi");
    poppler::page_renderer r;
    r.set_render_hint(poppler::page_renderer::antialiasing, true);
    r.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    r.set_image_format(poppler::image::format_argb32);
    poppler::image img = r.render_page(p.get(), dpi, dpi);
    if (!img.is_valid() || img.width() <= 0 || img.height() <= 0) return fail(5, file, "page " + std::to_string(page) + " could not be rendered");
    const char* src = img.const_data();
    const int stride = img.bytes_per_row();
    const int w = img.width();
    return emit_rgb(file, w, img.height(), [&](int y, unsigned char* rgb) {
        const unsigned char* s = reinterpret_cast<const unsigned char*>(src) + static_cast<size_t>(y) * stride;
        for (int x = 0; x < w; ++x) {  // BGRA in memory
            rgb[3 * x] = s[4 * x + 2];
            rgb[3 * x + 1] = s[4 * x + 1];
            rgb[3 * x + 2] = s[4 * x];
        }
    }, ppm);
}

int render_image(const std::string& file, const std::string& bytes, FileKind kind, int page, bool ppm) {
    ExtractError err = ExtractError::None;
    std::string why;
    std::unique_ptr<ImageSource> src = ImageSource::open(bytes, kind, &err, &why);
    if (!src) return fail(2, file, why.empty() ? "image cannot be decoded" : why);
    if (page < 1 || page > src->page_count())
        return fail(3, file, "page " + std::to_string(page) + " out of range 1.." + std::to_string(src->page_count()));
    int w = 0, h = 0, dpi = 0;
    if (!src->page_header(page - 1, &w, &h, &dpi) || static_cast<long long>(w) * h > kMaxPixels)
        return fail(4, file, "page " + std::to_string(page) + " too large or unreadable");
    Pix* pix = src->page_gray(page - 1);
    if (!pix) return fail(5, file, "page " + std::to_string(page) + " could not be decoded");
    const int pw = pixGetWidth(pix), ph = pixGetHeight(pix);
    const int rc = emit_rgb(file, pw, ph, [&](int y, unsigned char* rgb) {
        for (int x = 0; x < pw; ++x) {
            l_uint32 v = 0;
            pixGetPixel(pix, x, y, &v);
            rgb[3 * x] = rgb[3 * x + 1] = rgb[3 * x + 2] = static_cast<unsigned char>(v);
        }
    }, ppm);
    pixDestroy(&pix);
    return rc;
}

}  // namespace

int main(int argc, char** argv) {
    limit_self();
    bool ppm = false;
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--ppm") ppm = true;
        else args.push_back(a);
    }
    if (args.size() != 3) {
        std::fprintf(stderr, "usage: perimeter-render FILE PAGE DPI [--ppm]\n");
        return 1;
    }
    const std::string& file = args[0];
    char* end = nullptr;
    const long page = std::strtol(args[1].c_str(), &end, 10);
    if (*end || page < 1) return fail(1, file, "PAGE must be a positive integer, got '" + args[1] + "'");
    const double dpi_raw = std::strtod(args[2].c_str(), &end);
    if (*end || !(dpi_raw > 0)) return fail(1, file, "DPI must be a positive number, got '" + args[2] + "'");
    const double dpi = std::clamp(dpi_raw, 18.0, 600.0);

    std::ifstream in(file, std::ios::binary);
    if (!in) return fail(2, file, "cannot be read");
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    const FileKind kind = sniff_file_kind(bytes);
    if (kind == FileKind::Pdf) return render_pdf(file, bytes, int(page), dpi, ppm);
    if (kind == FileKind::Unknown) return fail(2, file, "not a PDF or a supported image");
    return render_image(file, bytes, kind, int(page), ppm);
}
