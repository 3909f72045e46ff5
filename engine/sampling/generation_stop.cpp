#include "engine/sampling/generation_stop.h"

#include <algorithm>

namespace perimeter::engine {

std::string_view stop_reason_name(StopReason r) {
    switch (r) {
        case StopReason::None: return "none";
        case StopReason::Eog: return "eog";
        case StopReason::StopString: return "stop";
        case StopReason::MaxTokens: return "length";
    }
    return "?";
}

GenerationStop::GenerationStop(const SamplingParams& params, std::vector<int32_t> eog_ids)
    : eog_(std::move(eog_ids)), max_tokens_(params.max_tokens), matcher_(params.stop) {
    out_.reserve(256);
}

bool GenerationStop::is_eog(int32_t token) const {
    return std::find(eog_.begin(), eog_.end(), token) != eog_.end();
}

void GenerationStop::reset() {
    matcher_.reset();
    out_.clear();
    reason_ = StopReason::None;
    n_tokens_ = 0;
}

GenerationStop::Step GenerationStop::on_token(int32_t token, std::string_view piece) {
    out_.clear();
    if (reason_ != StopReason::None) return {out_, reason_};
    ++n_tokens_;
    if (is_eog(token)) {
        // The EOG token's own text (e.g. "<|im_end|>") is never shown; held text is real output.
        out_.append(matcher_.flush());
        reason_ = StopReason::Eog;
        return {out_, reason_};
    }
    auto r = matcher_.push(piece);
    out_.append(r.text);
    if (r.stopped) {
        reason_ = StopReason::StopString;
    } else if (max_tokens_ > 0 && n_tokens_ >= max_tokens_) {
        out_.append(matcher_.flush());
        reason_ = StopReason::MaxTokens;
    }
    return {out_, reason_};
}

}  // namespace perimeter::engine
