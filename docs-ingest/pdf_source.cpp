#include "docs-ingest/pdf_source.h"

#include <leptonica/allheaders.h>
// poppler's private API (libpoppler-private-dev, the same 22.12 build as libpoppler-cpp).
#include <poppler/Annot.h>
#include <poppler/DateInfo.h>
#include <poppler/Error.h>
#include <poppler/Gfx.h>
#include <poppler/GlobalParams.h>
#include <poppler/PDFDoc.h>
#include <poppler/Page.h>
#include <poppler/SplashOutputDev.h>
#include <poppler/Stream.h>
#include <poppler/TextOutputDev.h>
#include <poppler/UTF.h>
#include <poppler/splash/SplashBitmap.h>
#include <zlib.h>

#include <atomic>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <limits>
#include <optional>
#include <stdexcept>
#include <vector>

namespace perimeter::ingest {
namespace {

std::atomic<bool> g_quiet{false};

// poppler's message sink (set by whichever document initialises poppler's globals first).
void report_poppler_error(ErrorCategory, Goffset pos, const char* msg) {
    if (g_quiet) return;
    if (pos >= 0) std::fprintf(stderr, "poppler: error (%lld): %s\n", static_cast<long long>(pos), msg);
    else std::fprintf(stderr, "poppler: error: %s\n", msg);
}

// Appends one code point. Spaces and controls are dropped when `word` (never inside a
// word), controls other than tab otherwise; what is not a Unicode scalar value becomes
// U+FFFD (invalid UTF-8 must not reach the store).
void append_utf8(std::string& out, Unicode u, bool word) {
    if (word ? u <= 0x20 : (u < 0x20 && u != '\t')) return;
    if ((u >= 0xD800 && u <= 0xDFFF) || u > 0x10FFFF) u = 0xFFFD;
    if (u < 0x80) {
        out += static_cast<char>(u);
    } else if (u < 0x800) {
        out += static_cast<char>(0xC0 | (u >> 6));
        out += static_cast<char>(0x80 | (u & 0x3F));
    } else if (u < 0x10000) {
        out += static_cast<char>(0xE0 | (u >> 12));
        out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (u & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (u >> 18));
        out += static_cast<char>(0x80 | ((u >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (u & 0x3F));
    }
}

// A PDF text string (UTF-16 with a byte-order mark, or PDFDocEncoding) as UTF-8.
std::string text_string(const GooString* s) {
    std::string out;
    if (!s) return out;
    Unicode* u = nullptr;
    const int n = TextStringToUCS4(s->toStr(), &u);
    for (int i = 0; i < n; ++i) append_utf8(out, u[i], false);
    gfree(u);
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

// ---- page content streams inflated with zlib ----
// poppler inflates a FlateDecode stream with its own decoder, one byte per virtual call, as
// its lexer reads the page: 7-8% of the text layer's time on the filings. The usual page
// stream (FlateDecode alone, no predictor, unencrypted document) is inflated here with zlib in
// one go and handed to poppler's interpreter as a memory stream; every other stream (other
// filters, encryption, a damaged or oversized stream) goes to poppler as it is, so the
// interpreter reads the same bytes either way.

constexpr size_t kMaxInflated = size_t(64) << 20;  // beyond this poppler streams it itself

bool is_flate_name(const Object& o) { return o.isName("FlateDecode") || o.isName("Fl"); }

bool flate_only(Stream* s) {
    Dict* d = s->getDict();
    if (!d) return false;
    Object filter = d->lookup("Filter");
    if (filter.isArray()) {
        if (filter.arrayGetLength() != 1) return false;
        filter = filter.arrayGet(0);
    }
    if (!is_flate_name(filter)) return false;
    Object parms = d->lookup("DecodeParms");
    if (parms.isNull()) parms = d->lookup("DP");
    if (parms.isArray() && parms.arrayGetLength() == 1) parms = parms.arrayGet(0);
    return parms.isNull();
}

// The raw bytes of a FlateDecode stream inflated; false (nothing usable) unless the stream is
// well-formed to its end, with poppler's header checks.
bool inflate_stream(Stream* s, std::string* out) {
    Stream* raw = s->getUndecodedStream();
    std::string in;
    raw->reset();
    unsigned char buf[1 << 16];
    for (int n; (n = raw->doGetChars(sizeof buf, buf)) > 0;) in.append(reinterpret_cast<char*>(buf), n);
    raw->close();
    if (in.size() < 2) return false;
    const unsigned cmf = static_cast<unsigned char>(in[0]), flg = static_cast<unsigned char>(in[1]);
    if ((cmf & 0x0f) != 8 || ((cmf << 8) + flg) % 31 != 0 || (flg & 0x20)) return false;
    // Raw deflate after the 2-byte header: poppler never checks the Adler-32 trailer either.
    z_stream z{};
    if (inflateInit2(&z, -15) != Z_OK) return false;
    z.next_in = reinterpret_cast<Bytef*>(in.data() + 2);
    z.avail_in = static_cast<uInt>(std::min<size_t>(in.size() - 2, UINT_MAX));
    out->resize(std::min(std::max<size_t>(in.size() * 4, 4096), kMaxInflated));
    size_t done = 0;
    int rc = Z_OK;
    while (rc == Z_OK) {
        if (done == out->size()) {
            if (out->size() >= kMaxInflated) break;
            out->resize(std::min(out->size() * 2, kMaxInflated));
        }
        z.next_out = reinterpret_cast<Bytef*>(out->data() + done);
        z.avail_out = static_cast<uInt>(out->size() - done);
        rc = inflate(&z, Z_NO_FLUSH);
        done = out->size() - z.avail_out;
    }
    inflateEnd(&z);
    out->resize(done);
    return rc == Z_STREAM_END;
}

// What to hand poppler's interpreter for one content stream: its inflated bytes kept in
// `keep` (they must live until the page is drawn), or the stream as it came.
Object content_stream(Object&& stream, bool encrypted, std::vector<std::unique_ptr<std::string>>* keep) {
    Stream* s = stream.getStream();
    if (encrypted || !flate_only(s)) return std::move(stream);
    auto bytes = std::make_unique<std::string>();
    if (!inflate_stream(s, bytes.get())) return std::move(stream);
    Stream* mem = new MemStream(bytes->data(), 0, static_cast<Goffset>(bytes->size()), Object(objNull));
    keep->push_back(std::move(bytes));
    return Object(mem);
}

// A page's /Contents ready for the interpreter. An array stays an array (poppler ends a token
// at each stream boundary); anything odd is passed through for poppler to judge as it does.
Object page_contents(Page* page, bool encrypted, XRef* xref, std::vector<std::unique_ptr<std::string>>* keep) {
    Object c = page->getContents();
    if (c.isStream()) return content_stream(std::move(c), encrypted, keep);
    if (!c.isArray()) return c;
    std::vector<Object> parts;
    for (int i = 0; i < c.arrayGetLength(); ++i) {
        parts.push_back(c.arrayGet(i));
        if (!parts.back().isStream()) return c;
    }
    auto* arr = new Array(xref);
    for (Object& part : parts) arr->add(content_stream(std::move(part), encrypted, keep));
    return Object(arr);
}

std::unique_ptr<PDFDoc> open_doc(const std::string& bytes, const std::string& password) {
    // The stream reads `bytes` in place; the document owns (deletes) the stream.
    auto* stream = new MemStream(bytes.data(), 0, static_cast<Goffset>(bytes.size()), Object(objNull));
    const std::optional<GooString> pw(std::in_place, password);
    return std::make_unique<PDFDoc>(stream, pw, pw);
}

// ---- what poppler's line assembly does to the words, on the raw word list ----
// Constants of poppler 22.12's TextOutputDev.cc.
constexpr double kMaxCharSpacing = 0.03;       // a gap below this (x font size) is no space
constexpr double kMaxWordFontSizeDelta = 0.05;
constexpr double kMaxWideCharSpacingMul = 1.3;
constexpr double kMaxWideCharSpacing = 0.4;
constexpr double kDupMaxPriDelta = 0.1;        // duplicated text (fake bold, drop shadows)
constexpr double kDupMaxSecDelta = 0.2;
constexpr size_t kDupWindow = 8;               // fake bold is drawn right after the original

double primary_pos(const TextWord* w) {
    double x0, y0, x1, y1;
    w->getBBox(&x0, &y0, &x1, &y1);
    switch (w->getRotation()) {
    case 1: return y0;
    case 2: return -x1;
    case 3: return -y1;
    default: return x0;
    }
}

// TextBlock::coalesce discards a word that repeats the text of a word drawn at (almost) the same
// place: fake boldface and drop shadows drawn twice. Checked against the last few raw words.
bool is_duplicate(const std::vector<TextWord*>& kept, const TextWord* w) {
    const int len = w->getLength();
    const double pri = kDupMaxPriDelta * w->getFontSize(), sec = kDupMaxSecDelta * w->getFontSize();
    const size_t from = kept.size() > kDupWindow ? kept.size() - kDupWindow : 0;
    for (size_t k = kept.size(); k-- > from;) {
        const TextWord* o = kept[k];
        if (o->getLength() != len || o->getRotation() != w->getRotation()) continue;
        if (std::fabs(o->getBaseline() - w->getBaseline()) >= sec) continue;
        if (std::fabs(primary_pos(o) - primary_pos(w)) >= pri) continue;
        bool same = true;
        for (int c = 0; c < len && same; ++c) same = *o->getChar(c) == *w->getChar(c);
        if (same) return true;
    }
    return false;
}

// Whether b continues a's line right after it in the stream: same direction, same baseline
// (superscripts and footnote markers sit up to ~0.4 em off it; the next line is a full line
// away), starting after a's end and within two em of it (farther is another column).
bool continues_line(const TextWord* a, const TextWord* b) {
    const double fs = a->getFontSize();
    if (b->getRotation() != a->getRotation()) return false;
    if (std::fabs(b->getBaseline() - a->getBaseline()) > 0.6 * std::max(fs, b->getFontSize())) return false;
    const double delta = a->primaryDelta(b);
    return delta >= -0.5 * fs && delta <= 2.0 * fs;
}

// TextLine::coalesce's inter-word space for the line that starts at raw[i]: 3% of the font size,
// except on a line of single characters (letter-spaced headings, "A - 1" page numbers drawn
// glyph by glyph), where it is 1.3 x the smallest gap, at most 0.4 em.
double line_space(const std::vector<TextWord*>& raw, size_t i) {
    const double fs = raw[i]->getFontSize();
    const double normal = kMaxCharSpacing * fs;
    if (raw[i]->getLength() > 1) return normal;
    double min_space = std::numeric_limits<double>::infinity();
    size_t k = i;
    for (; k + 1 < raw.size() && continues_line(raw[k], raw[k + 1]); ++k) {
        if (raw[k + 1]->getLength() > 1) return normal;
        min_space = std::min(min_space, raw[k]->primaryDelta(raw[k + 1]));
    }
    if (k == i || !(min_space > 0)) return normal;
    return std::min(kMaxWideCharSpacingMul * min_space, kMaxWideCharSpacing * fs);
}

// TextLine::coalesce's merge, on the words that follow raw[*next - 1] in the content stream: a
// word closer than the line's space that continues the same run of text (the next characters
// of the stream, same font and size, same underlining) is merged into it (kerning and
// glyph-by-glyph drawing split words into such fragments). Spaces between the words that stay
// apart are the layout's business (LayoutWord::glue_below): the stream successor need not be the
// word's neighbour on the page.
void join_fragments(const std::vector<TextWord*>& raw, size_t* next, double space) {
    TextWord* w0 = raw[*next - 1];
    while (*next < raw.size()) {
        TextWord* w1 = raw[*next];
        if (!continues_line(w0, w1) || w0->primaryDelta(w1) >= space) return;
        const double fs = w0->getFontSize();
        const int l0 = w0->getLength();
        const bool same_run = w0->getFontInfo(l0 - 1) == w1->getFontInfo(0) && w0->isUnderlined() == w1->isUnderlined() &&
                              std::fabs(fs - w1->getFontSize()) < kMaxWordFontSizeDelta * fs &&
                              w1->getCharPos() == w0->getCharPos() + w0->getCharLen();
        if (!same_run) return;
        w0->merge(w1);
        ++*next;
    }
}

}  // namespace

struct PdfSource::Impl {
    // Keeps poppler's global parameters alive (reference-counted by every poppler user of
    // the process); declared first so it outlives the document below.
    GlobalParamsIniter params{report_poppler_error};
    std::unique_ptr<PDFDoc> doc;  // reads the caller's bytes in place
    // Raw order, no physical layout (read_text says why).
    std::unique_ptr<TextOutputDev> text;
};

void quiet_poppler() {
    g_quiet = true;
    setErrorCallback(report_poppler_error);
}

void keep_poppler_loaded() {
    static const auto* kept = new GlobalParamsIniter(report_poppler_error);  // never released
    (void)kept;
}

PdfSource::PdfSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PdfSource::~PdfSource() = default;

std::unique_ptr<PdfSource> PdfSource::open(const std::string& bytes, const std::string& password,
                                           ExtractError* err, std::string* why) {
    if (bytes.size() > static_cast<size_t>(INT_MAX)) {
        *err = ExtractError::Corrupt;
        *why = "PDF larger than 2 GiB";
        return nullptr;
    }
    auto impl = std::make_unique<Impl>();
    // No password first, as poppler-cpp did: a PDF encrypted with an empty user password
    // opens whatever password the user typed for the batch. Then the password, tried as
    // owner and as user password.
    impl->doc = open_doc(bytes, "");
    if (!impl->doc->isOk() && impl->doc->getErrorCode() == errEncrypted) {
        if (password.empty()) {
            *err = ExtractError::Encrypted;
            *why = "encrypted PDF, a password is needed";
            return nullptr;
        }
        impl->doc = open_doc(bytes, password);
        if (!impl->doc->isOk() && impl->doc->getErrorCode() == errEncrypted) {
            *err = ExtractError::Encrypted;
            *why = "encrypted PDF, the password given does not open it";
            return nullptr;
        }
    }
    if (!impl->doc->isOk()) {
        *err = ExtractError::Corrupt;
        *why = "damaged or truncated PDF (poppler cannot read its structure)";
        return nullptr;
    }
    if (impl->doc->getNumPages() <= 0) {
        *err = ExtractError::NoPages;
        *why = "PDF has no pages";
        return nullptr;
    }
    return std::unique_ptr<PdfSource>(new PdfSource(std::move(impl)));
}

int PdfSource::page_count() const { return impl_->doc->getNumPages(); }

DocumentMetadata PdfSource::metadata() const {
    PDFDoc& d = *impl_->doc;
    DocumentMetadata m;
    m.title = text_string(d.getDocInfoTitle().get());
    m.author = text_string(d.getDocInfoAuthor().get());
    m.subject = text_string(d.getDocInfoSubject().get());
    m.creator = text_string(d.getDocInfoCreator().get());
    m.producer = text_string(d.getDocInfoProducer().get());
    std::unique_ptr<GooString> created = d.getDocInfoCreatDate(), modified = d.getDocInfoModDate();
    if (created) m.created = iso8601(dateStringToTime(created.get()));
    if (modified) m.modified = iso8601(dateStringToTime(modified.get()));
    m.page_count = d.getNumPages();
    return m;
}

void PdfSource::page_size(int index, float* w, float* h) const {
    *w = *h = 0;
    if (index < 0 || index >= page_count()) return;
    Page* p = impl_->doc->getPage(index + 1);
    if (!p) return;
    *w = static_cast<float>(p->getCropWidth());
    *h = static_cast<float>(p->getCropHeight());
    if (p->getRotate() == 90 || p->getRotate() == 270) std::swap(*w, *h);
}

PdfPageText PdfSource::read_text(int index) {
    PdfPageText out;
    page_size(index, &out.width_pt, &out.height_pt);
    if (index < 0 || index >= page_count() || !impl_->doc->getPage(index + 1)) return out;
    if (!impl_->text) {
        // Raw order: poppler's words as the content stream draws them, without its line and
        // block assembly (TextPage::coalesce, ~9% of the text layer's time), which our own
        // layout (layout.h) redoes geometrically anyway. The two things of that assembly that
        // change the words are done below as poppler does them.
        impl_->text = std::make_unique<TextOutputDev>(nullptr, false, 0, /*rawOrder=*/true, false);
        if (!impl_->text->isOk()) throw std::runtime_error("poppler's text extractor cannot start");
    }
    // What PDFDoc::displayPageSlice() does (as poppler-cpp and pdftotext call it: 72 dpi, so
    // device space is points; crop box, /Rotate applied; annotations drawn), with the page's
    // content streams inflated by zlib (above) and the document's own XRef (no per-page copy:
    // this document belongs to one thread). Deleting the Gfx ends the page (word building).
    Page* page = impl_->doc->getPage(index + 1);
    XRef* xref = impl_->doc->getXRef();
    TextOutputDev* dev = impl_->text.get();
    {
        std::unique_ptr<Gfx> gfx(page->createGfx(dev, 72, 72, 0, /*useMediaBox=*/false, /*crop=*/false, -1, -1, -1, -1,
                                                 /*printing=*/false, nullptr, nullptr, xref));
        std::vector<std::unique_ptr<std::string>> inflated;
        Object contents = page_contents(page, xref->isEncrypted(), xref, &inflated);
        if (!contents.isNull()) {
            gfx->saveState();
            gfx->display(&contents);
            gfx->restoreState();
        } else {
            dev->dump();
        }
        Annots* annots = page->getAnnots();
        if (annots && !annots->getAnnots().empty()) {
            for (Annot* a : annots->getAnnots()) a->draw(gfx.get(), false);
            dev->dump();
        }
    }
    std::unique_ptr<TextWordList> list = impl_->text->makeWordList();
    if (!list) return out;
    const int n = list->getLength();
    std::vector<TextWord*> raw;
    raw.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        TextWord* tw = list->get(i);
        if (tw->getLength() <= 0) continue;
        if (is_duplicate(raw, tw)) continue;
        raw.push_back(tw);
    }
    out.words.reserve(raw.size());
    double space = 0;
    for (size_t i = 0; i < raw.size();) {
        TextWord* tw = raw[i];
        if (i == 0 || !continues_line(raw[i - 1], tw)) space = line_space(raw, i);
        size_t j = i + 1;
        join_fragments(raw, &j, space);
        i = j;
        LayoutWord w;
        const int len = tw->getLength();
        w.text.reserve(static_cast<size_t>(len));
        for (int c = 0; c < len; ++c) append_utf8(w.text, *tw->getChar(c), true);
        if (w.text.empty()) continue;
        double x0, y0, x1, y1;
        tw->getBBox(&x0, &y0, &x1, &y1);
        w.x0 = static_cast<float>(x0);
        w.y0 = static_cast<float>(y0);
        w.x1 = static_cast<float>(x1);
        w.y1 = static_cast<float>(y1);
        w.glue_below = static_cast<float>(space);
        w.rotation = tw->getRotation();
        out.words.push_back(std::move(w));
    }
    return out;
}

Pix* PdfSource::render_gray(int index, double dpi) const {
    if (index < 0 || index >= page_count() || !impl_->doc->getPage(index + 1)) return nullptr;
    // What poppler-cpp's page_renderer does for a grey8 image with (text) antialiasing, on this
    // document (pixel-identical: checked on the scans and filings at 24-400 dpi): white paper,
    // crop box, /Rotate applied, annotations drawn.
    SplashColor paper;
    paper[0] = paper[1] = paper[2] = 0xff;
    SplashOutputDev out(splashModeMono8, 4, false, paper, true, splashThinLineDefault);
    out.setFontAntialias(true);
    out.setFreeTypeHinting(false, false);
    out.setVectorAntialias(true);
    out.startDoc(impl_->doc.get());
    impl_->doc->displayPageSlice(&out, index + 1, dpi, dpi, 0, /*useMediaBox=*/false, /*crop=*/true, /*printing=*/false,
                                 -1, -1, -1, -1, nullptr, nullptr, nullptr, nullptr, /*copyXRef=*/false);
    SplashBitmap* bmp = out.getBitmap();
    if (!bmp || bmp->getWidth() <= 0 || bmp->getHeight() <= 0 || bmp->getMode() != splashModeMono8) return nullptr;
    Pix* pix = pixCreate(bmp->getWidth(), bmp->getHeight(), 8);
    if (!pix) return nullptr;
    pixSetResolution(pix, static_cast<int>(dpi + 0.5), static_cast<int>(dpi + 0.5));
    const int w = bmp->getWidth();
    const unsigned char* src = bmp->getDataPtr();
    const int stride = bmp->getRowSize();
    l_uint32* dst = pixGetData(pix);
    const int wpl = pixGetWpl(pix);
    for (int y = 0; y < bmp->getHeight(); ++y) {
        const unsigned char* row = src + static_cast<size_t>(y) * stride;
        l_uint32* line = dst + static_cast<size_t>(y) * wpl;
        for (int x = 0; x < w; ++x) SET_DATA_BYTE(line, x, row[x]);
    }
    return pix;
}

}  // namespace perimeter::ingest
