#include "engine/sampling/stop_matcher.h"

#include <algorithm>

namespace perimeter::engine {

size_t utf8_incomplete_tail(std::string_view s) {
    // Look back at most 3 bytes for the lead byte of the last sequence.
    const size_t n = s.size();
    for (size_t back = 1; back <= std::min<size_t>(3, n); ++back) {
        const auto c = static_cast<unsigned char>(s[n - back]);
        if ((c & 0xC0) == 0x80) continue;  // continuation byte: keep looking
        size_t need = 1;
        if ((c & 0xE0) == 0xC0) need = 2;
        else if ((c & 0xF0) == 0xE0) need = 3;
        else if ((c & 0xF8) == 0xF0) need = 4;
        return need > back ? back : 0;
    }
    return 0;  // only continuation bytes (or nothing): not ours to fix
}

StopMatcher::StopMatcher(std::vector<std::string> stops) : stops_(std::move(stops)) {
    stops_.erase(std::remove(stops_.begin(), stops_.end(), std::string()), stops_.end());
    for (const auto& s : stops_) max_stop_ = std::max(max_stop_, s.size());
    pending_.reserve(max_stop_ + 64);
    out_.reserve(max_stop_ + 64);
}

void StopMatcher::reset() {
    pending_.clear();
    out_.clear();
    stopped_ = false;
    matched_ = -1;
}

StopMatcher::Result StopMatcher::push(std::string_view piece) {
    out_.clear();
    if (stopped_) return {out_, true};
    // Only the part that could overlap the new piece needs to be searched again.
    const size_t old = pending_.size();
    pending_.append(piece);
    const size_t from = old >= max_stop_ ? old - max_stop_ + 1 : 0;

    size_t best = std::string::npos;
    for (size_t i = 0; i < stops_.size(); ++i) {
        const size_t pos = pending_.find(stops_[i], from);
        if (pos < best) {
            best = pos;
            matched_ = int(i);
        }
    }
    if (best != std::string::npos) {
        out_.assign(pending_, 0, best);
        pending_.clear();
        stopped_ = true;
        return {out_, true};
    }

    // Hold back the longest tail that is a proper prefix of some stop string.
    size_t hold = 0;
    for (const auto& s : stops_) {
        const size_t lim = std::min(s.size() - 1, pending_.size());
        for (size_t len = lim; len > hold; --len) {
            if (std::string_view(pending_).substr(pending_.size() - len) == std::string_view(s).substr(0, len)) {
                hold = len;
                break;
            }
        }
    }
    hold = std::max(hold, utf8_incomplete_tail(std::string_view(pending_).substr(0, pending_.size())));
    const size_t release = pending_.size() - hold;
    out_.assign(pending_, 0, release);
    pending_.erase(0, release);
    return {out_, false};
}

std::string_view StopMatcher::flush() {
    out_.clear();
    if (!stopped_) out_.swap(pending_);
    pending_.clear();
    return out_;
}

}  // namespace perimeter::engine
