// Streaming detokenization for generation: push token ids one at a time and get text that is
// safe to show now. It never emits half a UTF-8 character (an incomplete sequence waits for
// the next token) and it applies the same leading-space removal and " ," clean-up as
// Tokenizer::detokenize, holding back the few bytes those rules still depend on. The
// concatenation of everything push() and finish() return equals detokenize() of all ids.
#pragma once
#include <string>

#include "engine/tokenizer/tokenizer.h"

namespace perimeter::engine {

class Detokenizer {
public:
    // `tokenizer` must outlive the Detokenizer. special: render control tokens.
    Detokenizer(const Tokenizer& tokenizer, bool special);

    // Text that became final with this token (often empty, e.g. mid-character).
    std::string push(TokenId id);
    // Everything still held back, incomplete UTF-8 included (as detokenize would return it).
    std::string finish();
    // Start a new text (same settings).
    void reset();

private:
    // One pass of the clean-up, resumable: `in` grows at the end, `i` is the next input index
    // it will look at, `out` the kept characters; the last kept character may still be removed.
    struct Pass {
        std::string in;
        size_t i = 0;
        std::string out;
        bool started = false;
    };
    void run_pass(int which, Pass& p, bool final);
    std::string drain(bool final);

    const Tokenizer& tok_;
    bool special_;
    bool clean_;
    bool remove_space_;
    Pass pass_[3];
    std::string utf8_hold_;  // cleaned bytes not yet emitted (incomplete UTF-8 at the end)
};

}  // namespace perimeter::engine
