// When a generation ends: an end-of-generation token, a stop string, or the token budget.
// Feeds the streamed text through a StopMatcher so the caller only ever shows text that is
// final (never the beginning of a stop string that is about to match).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sampling/sampling_params.h"
#include "engine/sampling/stop_matcher.h"

namespace perimeter::engine {

enum class StopReason { None, Eog, StopString, MaxTokens };
std::string_view stop_reason_name(StopReason r);

class GenerationStop {
public:
    GenerationStop(const SamplingParams& params, std::vector<int32_t> eog_ids);

    struct Step {
        std::string_view text;  // text to show for this token (valid until the next call)
        StopReason reason = StopReason::None;
    };

    // Call once per generated token with its decoded piece. After a stop, returns {"", reason}.
    Step on_token(int32_t token, std::string_view piece);
    bool is_eog(int32_t token) const;
    StopReason reason() const { return reason_; }
    int32_t n_tokens() const { return n_tokens_; }
    void reset();

private:
    std::vector<int32_t> eog_;
    int32_t max_tokens_;
    StopMatcher matcher_;
    std::string out_;
    StopReason reason_ = StopReason::None;
    int32_t n_tokens_ = 0;
};

}  // namespace perimeter::engine
