// What a caller asks of one generation: how to pick tokens and when to stop.
// Plain values; the engine never reads settings itself (the app hands these in).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace perimeter::engine {

struct SamplingParams {
    float temperature = 0.8f;        // <= 0: greedy
    int32_t top_k = 40;              // <= 0: off
    float top_p = 0.95f;             // >= 1: off
    float min_p = 0.05f;             // <= 0: off
    float repeat_penalty = 1.0f;     // 1: off; > 1 discourages tokens seen in the window
    int32_t penalty_last_n = 64;     // window of past tokens the penalties look at (0: off)
    float frequency_penalty = 0.0f;  // subtracted once per occurrence in the window
    float presence_penalty = 0.0f;   // subtracted once if the token occurs in the window
    uint64_t seed = 42;              // same seed, same logits -> same tokens
    int32_t max_tokens = 512;        // generation stops after this many tokens (<= 0: no limit)
    std::vector<std::string> stop;   // stop strings (matched across token boundaries)

    // Empty when the values make sense, else a message naming the field, e.g.
    // "SamplingParams: top_p: expected (0, 1], got 1.5".
    std::string validate() const;
};

}  // namespace perimeter::engine
