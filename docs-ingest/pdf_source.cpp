#include "docs-ingest/pdf_source.h"

#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <climits>
#include <cstring>
#include <ctime>

namespace perimeter::ingest {
namespace {

std::string utf8(const poppler::ustring& s) {
    poppler::byte_array b = s.to_utf8();
    std::string out(b.begin(), b.end());
    // poppler may hand back a terminating NUL or embedded controls from hostile Info dicts.
    std::erase_if(out, [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\t'; });
    return out;
}

std::string iso8601(time_t t) {
    if (t == static_cast<time_t>(-1) || t == 0) return {};
    std::tm tm{};
    if (!gmtime_r(&t, &tm)) return {};
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

bool rotated_quarter(const poppler::page& p) {
    const auto o = p.orientation();
    return o == poppler::page::landscape || o == poppler::page::seascape;
}

}  // namespace

void quiet_poppler() {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
}

PdfSource::PdfSource(poppler::document* doc) : doc_(doc) {}
PdfSource::~PdfSource() = default;

std::unique_ptr<PdfSource> PdfSource::open(const std::string& bytes, const std::string& password,
                                           ExtractError* err, std::string* why) {
    if (bytes.size() > static_cast<size_t>(INT_MAX)) {
        *err = ExtractError::Corrupt;
        *why = "PDF larger than 2 GiB";
        return nullptr;
    }
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!doc) {
        *err = ExtractError::Corrupt;
        *why = "damaged or truncated PDF (poppler cannot read its structure)";
        return nullptr;
    }
    if (doc->is_locked()) {
        // poppler-cpp tries the password as owner password first, then as user password.
        if (password.empty()) {
            *err = ExtractError::Encrypted;
            *why = "encrypted PDF, a password is needed";
            return nullptr;
        }
        if (!doc->unlock(password, password) || doc->is_locked()) {
            // unlock() reports failure with `true`; re-check the state rather than trust it.
            if (doc->is_locked()) {
                *err = ExtractError::Encrypted;
                *why = "encrypted PDF, the password given does not open it";
                return nullptr;
            }
        }
    }
    if (doc->pages() <= 0) {
        *err = ExtractError::NoPages;
        *why = "PDF has no pages";
        return nullptr;
    }
    return std::unique_ptr<PdfSource>(new PdfSource(doc.release()));
}

int PdfSource::page_count() const { return doc_->pages(); }

DocumentMetadata PdfSource::metadata() const {
    DocumentMetadata m;
    m.title = utf8(doc_->get_title());
    m.author = utf8(doc_->get_author());
    m.subject = utf8(doc_->get_subject());
    m.creator = utf8(doc_->get_creator());
    m.producer = utf8(doc_->get_producer());
    m.created = iso8601(doc_->get_creation_date_t());
    m.modified = iso8601(doc_->get_modification_date_t());
    m.page_count = doc_->pages();
    return m;
}

void PdfSource::page_size(int index, float* w, float* h) const {
    *w = *h = 0;
    std::unique_ptr<poppler::page> p(doc_->create_page(index));
    if (!p) return;
    const poppler::rectf r = p->page_rect(poppler::crop_box);
    *w = static_cast<float>(r.width());
    *h = static_cast<float>(r.height());
    if (rotated_quarter(*p)) std::swap(*w, *h);
}

PdfPageText PdfSource::read_text(int index) const {
    PdfPageText out;
    std::unique_ptr<poppler::page> p(doc_->create_page(index));
    if (!p) return out;
    page_size(index, &out.width_pt, &out.height_pt);
    std::vector<poppler::text_box> boxes = p->text_list();
    out.words.reserve(boxes.size());
    for (const poppler::text_box& b : boxes) {
        LayoutWord w;
        w.text = utf8(b.text());
        // Keep words single-token: a box never legitimately carries spaces or newlines.
        std::erase_if(w.text, [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
        if (w.text.empty()) continue;
        const poppler::rectf r = b.bbox();
        w.x0 = static_cast<float>(r.left());
        w.y0 = static_cast<float>(r.top());
        w.x1 = static_cast<float>(r.right());
        w.y1 = static_cast<float>(r.bottom());
        w.space_after = b.has_space_after();
        w.rotation = b.rotation();
        out.words.push_back(std::move(w));
    }
    return out;
}

Pix* PdfSource::render_gray(int index, double dpi) const {
    std::unique_ptr<poppler::page> p(doc_->create_page(index));
    if (!p) return nullptr;
    poppler::page_renderer r;
    r.set_render_hint(poppler::page_renderer::antialiasing, true);
    r.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    r.set_image_format(poppler::image::format_gray8);
    poppler::image img = r.render_page(p.get(), dpi, dpi);
    if (!img.is_valid() || img.width() <= 0 || img.height() <= 0) return nullptr;
    if (img.format() != poppler::image::format_gray8 && img.format() != poppler::image::format_argb32)
        return nullptr;
    Pix* pix = pixCreate(img.width(), img.height(), 8);
    if (!pix) return nullptr;
    pixSetResolution(pix, static_cast<int>(dpi + 0.5), static_cast<int>(dpi + 0.5));
    const int w = img.width();
    const char* src = img.const_data();
    const int stride = img.bytes_per_row();
    l_uint32* dst = pixGetData(pix);
    const int wpl = pixGetWpl(pix);
    const bool grey = img.format() == poppler::image::format_gray8;
    for (int y = 0; y < img.height(); ++y) {
        const unsigned char* row = reinterpret_cast<const unsigned char*>(src) + static_cast<size_t>(y) * stride;
        l_uint32* line = dst + static_cast<size_t>(y) * wpl;
        for (int x = 0; x < w; ++x) {
            unsigned v;
            if (grey) v = row[x];
            else {  // argb32 fallback (older poppler ignores gray8): BGRA in memory
                const unsigned char* px = row + 4 * x;
                v = (px[0] * 29u + px[1] * 150u + px[2] * 77u) >> 8;
            }
            SET_DATA_BYTE(line, x, v);
        }
    }
    return pix;
}

}  // namespace perimeter::ingest
