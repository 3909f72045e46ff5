// Stop strings over streamed text. Tokens arrive as pieces ("Hel", "lo\n\nUs", "er:") and a stop
// string may straddle several of them, so the matcher keeps the tail of the text that could still
// be the start of a stop string and releases only what can no longer be part of one. It also holds
// back an incomplete UTF-8 sequence at the end, so every released chunk is whole characters.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace perimeter::engine {

class StopMatcher {
public:
    explicit StopMatcher(std::vector<std::string> stops = {});

    struct Result {
        std::string_view text;  // safe to show now; valid until the next call
        bool stopped = false;   // a stop string matched: text ends right before it
    };

    // Appends one piece of generated text. After a stop, further pushes return nothing.
    Result push(std::string_view piece);
    // End of generation without a stop string: releases whatever was held back.
    std::string_view flush();
    void reset();

    bool stopped() const { return stopped_; }
    // Which stop string matched (-1 if none).
    int matched() const { return matched_; }
    // Bytes currently held back.
    size_t held() const { return pending_.size(); }

private:
    std::vector<std::string> stops_;
    size_t max_stop_ = 0;
    std::string pending_;  // text not yet released
    std::string out_;      // storage for the returned view
    bool stopped_ = false;
    int matched_ = -1;
};

// Number of bytes at the end of `s` that form an incomplete (so far valid-looking) UTF-8 sequence.
size_t utf8_incomplete_tail(std::string_view s);

}  // namespace perimeter::engine
