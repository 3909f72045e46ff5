#include "docs-ingest/layout.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

namespace perimeter::ingest {
namespace {

// A word seen in its own reading frame: x grows along the line, y grows down the lines.
struct FrameWord {
    const LayoutWord* w;
    float fx0, fy0, fx1, fy1;
    float h() const { return fy1 - fy0; }
    float cy() const { return 0.5f * (fy0 + fy1); }
};

struct Line {
    std::vector<const FrameWord*> words;
    float ref_top, ref_bottom;    // band of the last full-height word (tracks slight skew)
    float max_h;
    float top() const { float t = words.front()->fy0; for (auto* w : words) t = std::min(t, w->fy0); return t; }
    float bottom() const { float b = words.front()->fy1; for (auto* w : words) b = std::max(b, w->fy1); return b; }
    float center() const {
        // Median word centre: robust to one tall bracket or a superscript.
        std::vector<float> c;
        for (auto* w : words) c.push_back(w->cy());
        std::nth_element(c.begin(), c.begin() + c.size() / 2, c.end());
        return c[c.size() / 2];
    }
};

FrameWord to_frame(const LayoutWord& w) {
    switch (((w.rotation % 4) + 4) % 4) {
    case 1: return {&w, w.y0, -w.x1, w.y1, -w.x0};   // reads downwards, lines go left
    case 2: return {&w, -w.x1, -w.y1, -w.x0, -w.y0}; // upside down
    case 3: return {&w, -w.y1, w.x0, -w.y0, w.x1};   // reads upwards, lines go right
    default: return {&w, w.x0, w.y0, w.x1, w.y1};
    }
}

size_t utf8_length(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// Starts with a letter or digit (anything but ASCII punctuation).
bool is_word_start(const std::string& s) {
    const unsigned char c = static_cast<unsigned char>(s[0]);
    return c >= 0x80 || std::isalnum(c);
}

float median(std::vector<float> v, float fallback) {
    if (v.empty()) return fallback;
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
}

// The lines' reference bands ordered by their top, so that a word visits only the lines whose
// band can overlap it (tops above the word's bottom and below its top minus the tallest band)
// rather than every line of the page. A NaN top sorts last and, as in a plain scan, never
// overlaps anything.
class BandIndex {
public:
    float top(int i) const { return top_[static_cast<size_t>(i)]; }
    float bottom(int i) const { return bottom_[static_cast<size_t>(i)]; }

    void add(float top, float bottom) {  // the next line
        const int i = static_cast<int>(top_.size());
        top_.push_back(top);
        bottom_.push_back(bottom);
        slot_.push_back(0);
        const auto at = std::upper_bound(order_.begin(), order_.end(), key(top),
                                         [&](float k, int j) { return k < key(top_[static_cast<size_t>(j)]); });
        const size_t from = static_cast<size_t>(at - order_.begin());
        order_.insert(at, i);
        for (size_t k = from; k < order_.size(); ++k) slot_[static_cast<size_t>(order_[k])] = k;
        grow(top, bottom);
    }

    void set(int i, float top, float bottom) {  // line i's band changed
        const size_t ui = static_cast<size_t>(i);
        const bool moved = key(top) != key(top_[ui]);
        top_[ui] = top;
        bottom_[ui] = bottom;
        grow(top, bottom);
        if (!moved) return;
        size_t k = slot_[ui];
        while (k > 0 && key(top_[static_cast<size_t>(order_[k - 1])]) > key(top)) swap(k, k - 1), --k;
        while (k + 1 < order_.size() && key(top_[static_cast<size_t>(order_[k + 1])]) < key(top)) swap(k, k + 1), ++k;
    }

    // Calls f(i) for every line whose band top lies in [y0 - tallest band, y1), and maybe a few
    // more (the caller checks the overlap itself).
    template <class F>
    void visit(float y0, float y1, F&& f) const {
        const float from = y0 - tallest_ * 1.001f - 1.0f;  // slack for float rounding
        auto k = std::lower_bound(order_.begin(), order_.end(), from,
                                  [&](int j, float v) { return key(top_[static_cast<size_t>(j)]) < v; });
        for (; k != order_.end() && key(top_[static_cast<size_t>(*k)]) < y1; ++k) f(*k);
    }

private:
    static float key(float v) { return std::isnan(v) ? std::numeric_limits<float>::infinity() : v; }
    void grow(float top, float bottom) { tallest_ = std::max(tallest_, bottom - top); }
    void swap(size_t a, size_t b) {
        std::swap(order_[a], order_[b]);
        slot_[static_cast<size_t>(order_[a])] = a;
        slot_[static_cast<size_t>(order_[b])] = b;
    }

    std::vector<float> top_, bottom_;
    std::vector<int> order_;     // line indices by band top
    std::vector<size_t> slot_;   // each line's position in order_
    float tallest_ = 0;          // tallest band ever set (NaN heights ignored)
};

// Groups one reading frame's words into lines, top to bottom.
std::vector<Line> group_lines(std::vector<FrameWord>& fw, const LayoutParams& p) {
    std::sort(fw.begin(), fw.end(), [](const FrameWord& a, const FrameWord& b) {
        return a.fx0 != b.fx0 ? a.fx0 < b.fx0 : a.fy0 < b.fy0;
    });
    std::vector<Line> lines;
    BandIndex bands;  // the lines' ref_top/ref_bottom, indexed
    for (const FrameWord& w : fw) {
        const float h = std::max(w.h(), 0.01f);
        int best = -1;
        float best_score = p.same_line_overlap;
        bands.visit(w.fy0, w.fy1, [&](int i) {
            if (!(bands.top(i) < w.fy1 && bands.bottom(i) > w.fy0)) return;  // implied by ov > 0
            const Line& l = lines[static_cast<size_t>(i)];
            const float lh = std::max(l.ref_bottom - l.ref_top, 0.01f);
            const float ov = std::min(w.fy1, l.ref_bottom) - std::max(w.fy0, l.ref_top);
            if (ov <= 0) return;
            // A word that overlaps the line's last word horizontally belongs elsewhere
            // (two stacked lines whose boxes touch), unless it is a true overprint.
            const FrameWord* last = l.words.back();
            if (w.fx0 < last->fx1 - 0.5f * std::min(last->fx1 - last->fx0, w.fx1 - w.fx0)) return;
            // Best overlap wins; on a tie the later line, as a scan in line order would pick.
            const float score = ov / std::min(h, lh);
            if (score > best_score || (score == best_score && i > best)) { best_score = score; best = i; }
        });
        if (best < 0) {
            lines.push_back(Line{{&w}, w.fy0, w.fy1, h});
            bands.add(w.fy0, w.fy1);
            continue;
        }
        Line& l = lines[static_cast<size_t>(best)];
        l.words.push_back(&w);
        if (h >= 0.6f * l.max_h) {
            l.ref_top = w.fy0;
            l.ref_bottom = w.fy1;
            bands.set(best, w.fy0, w.fy1);
        }
        l.max_h = std::max(l.max_h, h);
    }
    std::vector<std::pair<float, size_t>> order;
    for (size_t i = 0; i < lines.size(); ++i) order.push_back({lines[i].center(), i});
    std::sort(order.begin(), order.end());
    std::vector<Line> sorted;
    sorted.reserve(lines.size());
    for (auto& o : order) sorted.push_back(std::move(lines[o.second]));
    return sorted;
}

}  // namespace

LayoutResult layout_page(std::vector<LayoutWord> words, const LayoutParams& p) {
    LayoutResult out;
    std::erase_if(words, [](const LayoutWord& w) { return w.text.empty(); });
    if (words.empty()) return out;

    // Character width of the page: spaces inserted for a gap are gap / char width.
    std::vector<float> cws, hs;
    for (const LayoutWord& w : words) {
        FrameWord f = to_frame(w);
        const size_t n = utf8_length(w.text);
        if (n >= 2 && f.fx1 > f.fx0) cws.push_back((f.fx1 - f.fx0) / static_cast<float>(n));
        if (f.h() > 0) hs.push_back(f.h());
    }
    const float line_h = median(hs, 10.f);
    const float cw = std::max(median(cws, 0.5f * line_h), 0.1f);

    // Normal text first, then each other reading direction (margin notes, rotated tables).
    for (int rot = 0; rot < 4; ++rot) {
        std::vector<FrameWord> fw;
        for (const LayoutWord& w : words)
            if (((w.rotation % 4) + 4) % 4 == rot) fw.push_back(to_frame(w));
        if (fw.empty()) continue;
        if (!out.text.empty()) out.text += "\n\n";
        std::vector<Line> lines = group_lines(fw, p);
        float prev_bottom = 0;
        for (size_t li = 0; li < lines.size(); ++li) {
            const Line& l = lines[li];
            if (li > 0) {
                out.text += '\n';
                if (l.top() - prev_bottom > p.paragraph_gap * line_h) out.text += '\n';
            }
            prev_bottom = l.bottom();
            const FrameWord* prev = nullptr;
            for (const FrameWord* f : l.words) {
                if (prev) {
                    const float gap = f->fx0 - prev->fx1;
                    int spaces = static_cast<int>(std::lround(gap / cw));
                    // The producer says no space: glue ("9" "%", "A" "-" "1", "Intel" "®"),
                    // unless the gap is a column break or a raised footnote marker precedes a
                    // word ("1" "Please").
                    const float hr = std::min(f->h(), prev->h()) / std::max({f->h(), prev->h(), 0.01f});
                    const bool marker_before_word = hr <= 0.8f && prev->h() < f->h() && is_word_start(f->w->text);
                    if (!prev->w->space_after && gap < 1.0f * cw && !marker_before_word) spaces = 0;
                    else if (gap < prev->w->glue_below && !marker_before_word) spaces = 0;
                    else spaces = std::clamp(spaces, 1, p.max_gap_spaces);
                    out.text.append(static_cast<size_t>(spaces), ' ');
                }
                WordBox b;
                b.x = f->w->x0;
                b.y = f->w->y0;
                b.w = f->w->x1 - f->w->x0;
                b.h = f->w->y1 - f->w->y0;
                b.start = static_cast<uint32_t>(out.text.size());
                out.text += f->w->text;
                b.end = static_cast<uint32_t>(out.text.size());
                out.words.push_back(b);
                prev = f;
            }
        }
    }
    return out;
}

}  // namespace perimeter::ingest
