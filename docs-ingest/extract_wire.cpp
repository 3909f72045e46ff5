#include "docs-ingest/extract_wire.h"

#include <cstring>

namespace perimeter::ingest::wire {
namespace {

class Out {
public:
    void u8(uint8_t v) { s.push_back(static_cast<char>(v)); }
    void u32(uint32_t v) { for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF)); }
    void i64(int64_t v) { const uint64_t u = static_cast<uint64_t>(v); u32(static_cast<uint32_t>(u)); u32(static_cast<uint32_t>(u >> 32)); }
    void f32(float v) { uint32_t u; std::memcpy(&u, &v, 4); u32(u); }
    void f64(double v) { uint64_t u; std::memcpy(&u, &v, 8); i64(static_cast<int64_t>(u)); }
    void str(const std::string& v) { u32(static_cast<uint32_t>(v.size())); s += v; }
    std::string s;
};

class In {
public:
    explicit In(std::string_view d) : d_(d) {}
    bool u8(uint8_t* v) { if (!need(1)) return false; *v = static_cast<uint8_t>(d_[p_++]); return true; }
    bool u32(uint32_t* v) {
        if (!need(4)) return false;
        *v = 0;
        for (int i = 0; i < 4; ++i) *v |= static_cast<uint32_t>(static_cast<uint8_t>(d_[p_++])) << (8 * i);
        return true;
    }
    bool i32(int* v) { uint32_t u; if (!u32(&u)) return false; *v = static_cast<int32_t>(u); return true; }
    bool i64(int64_t* v) {
        uint32_t lo, hi;
        if (!u32(&lo) || !u32(&hi)) return false;
        *v = static_cast<int64_t>((static_cast<uint64_t>(hi) << 32) | lo);
        return true;
    }
    bool f32(float* v) { uint32_t u; if (!u32(&u)) return false; std::memcpy(v, &u, 4); return true; }
    bool f64(double* v) { int64_t u; if (!i64(&u)) return false; std::memcpy(v, &u, 8); return true; }
    bool str(std::string* v) {
        uint32_t n;
        if (!u32(&n) || !need(n)) return false;
        v->assign(d_.data() + p_, n);
        p_ += n;
        return true;
    }
    bool done() const { return p_ == d_.size(); }

private:
    bool need(size_t n) const { return d_.size() - p_ >= n; }
    std::string_view d_;
    size_t p_ = 0;
};

}  // namespace

std::string frame(FrameType type, const std::string& payload) {
    Out o;
    o.u32(static_cast<uint32_t>(payload.size() + 1));
    o.u8(static_cast<uint8_t>(type));
    o.s += payload;
    return std::move(o.s);
}

std::string encode(const ExtractOptions& x, const std::string& path) {
    Out o;
    o.str(path);
    o.str(x.password);
    o.u32(static_cast<uint32_t>(x.threads));
    o.u8(static_cast<uint8_t>(x.ocr));
    o.str(x.ocr_languages);
    o.str(x.tessdata_dir);
    o.u32(static_cast<uint32_t>(x.ocr_dpi));
    o.u32(static_cast<uint32_t>(x.min_ocr_dpi));
    o.i64(x.max_render_pixels);
    o.u32(static_cast<uint32_t>(x.min_text_chars));
    o.u8(x.detect_orientation ? 1 : 0);
    o.f64(x.timeout_s);
    o.f64(x.page_timeout_s);
    o.i64(x.memory_limit_mb);
    return std::move(o.s);
}

bool decode(std::string_view in, ExtractOptions* x, std::string* path) {
    In i(in);
    uint8_t ocr = 0, osd = 0;
    const bool ok = i.str(path) && i.str(&x->password) && i.i32(&x->threads) && i.u8(&ocr) &&
                    i.str(&x->ocr_languages) && i.str(&x->tessdata_dir) && i.i32(&x->ocr_dpi) &&
                    i.i32(&x->min_ocr_dpi) && i.i64(&x->max_render_pixels) && i.i32(&x->min_text_chars) &&
                    i.u8(&osd) && i.f64(&x->timeout_s) && i.f64(&x->page_timeout_s) && i.i64(&x->memory_limit_mb) &&
                    i.done();
    if (!ok || ocr > static_cast<uint8_t>(OcrMode::Always)) return false;
    x->ocr = static_cast<OcrMode>(ocr);
    x->detect_orientation = osd != 0;
    return true;
}

std::string encode(const DocumentMetadata& m) {
    Out o;
    for (const std::string* s : {&m.title, &m.author, &m.subject, &m.creator, &m.producer, &m.created, &m.modified})
        o.str(*s);
    o.u32(static_cast<uint32_t>(m.page_count));
    return std::move(o.s);
}

bool decode(std::string_view in, DocumentMetadata* m) {
    In i(in);
    for (std::string* s : {&m->title, &m->author, &m->subject, &m->creator, &m->producer, &m->created, &m->modified})
        if (!i.str(s)) return false;
    return i.i32(&m->page_count) && m->page_count >= 0 && i.done();
}

std::string encode(const ExtractedPage& p) {
    Out o;
    o.u32(static_cast<uint32_t>(p.number));
    o.str(p.text);
    o.u8(static_cast<uint8_t>(p.source));
    o.f32(p.ocr_confidence);
    o.u32(static_cast<uint32_t>(p.rotation));
    o.f32(p.width_pt);
    o.f32(p.height_pt);
    o.u32(static_cast<uint32_t>(p.words.size()));
    for (const WordBox& w : p.words) {
        o.f32(w.x); o.f32(w.y); o.f32(w.w); o.f32(w.h);
        o.u32(w.start); o.u32(w.end);
    }
    return std::move(o.s);
}

bool decode(std::string_view in, ExtractedPage* p) {
    In i(in);
    uint8_t src = 0;
    uint32_t nwords = 0;
    if (!(i.i32(&p->number) && i.str(&p->text) && i.u8(&src) && i.f32(&p->ocr_confidence) && i.i32(&p->rotation) &&
          i.f32(&p->width_pt) && i.f32(&p->height_pt) && i.u32(&nwords)))
        return false;
    if (src > static_cast<uint8_t>(PageSource::Empty) || nwords > in.size() / 24) return false;
    p->source = static_cast<PageSource>(src);
    p->words.resize(nwords);
    for (WordBox& w : p->words) {
        if (!(i.f32(&w.x) && i.f32(&w.y) && i.f32(&w.w) && i.f32(&w.h) && i.u32(&w.start) && i.u32(&w.end))) return false;
        if (w.start > w.end || w.end > p->text.size()) return false;
    }
    return i.done();
}

std::string encode(const ExtractStatus& s) {
    Out o;
    o.u32(static_cast<uint32_t>(s.error));
    o.str(s.message);
    o.u32(static_cast<uint32_t>(s.warnings.size()));
    for (const std::string& w : s.warnings) o.str(w);
    return std::move(o.s);
}

bool decode(std::string_view in, ExtractStatus* s) {
    In i(in);
    uint32_t err = 0, nw = 0;
    if (!(i.u32(&err) && i.str(&s->message) && i.u32(&nw))) return false;
    if (err > static_cast<uint32_t>(ExtractError::Internal) || nw > in.size() / 4) return false;
    s->error = static_cast<ExtractError>(err);
    s->warnings.resize(nw);
    for (std::string& w : s->warnings)
        if (!i.str(&w)) return false;
    return i.done();
}

bool FrameReader::next(FrameType* type, std::string* payload) {
    if (bad_ || buf_.size() - pos_ < 4) return false;
    uint32_t len = 0;
    for (int i = 0; i < 4; ++i) len |= static_cast<uint32_t>(static_cast<uint8_t>(buf_[pos_ + i])) << (8 * i);
    if (len == 0 || len > kMaxFrameBytes) {
        bad_ = true;
        return false;
    }
    if (buf_.size() - pos_ - 4 < len) return false;
    *type = static_cast<FrameType>(static_cast<uint8_t>(buf_[pos_ + 4]));
    payload->assign(buf_, pos_ + 5, len - 1);
    pos_ += 4 + len;
    if (pos_ > (1u << 20) && pos_ * 2 > buf_.size()) {  // drop consumed bytes now and then
        buf_.erase(0, pos_);
        pos_ = 0;
    }
    return true;
}

}  // namespace perimeter::ingest::wire
