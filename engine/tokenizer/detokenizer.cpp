#include "engine/tokenizer/detokenizer.h"

#include "engine/tokenizer/unicode.h"

namespace perimeter::engine {

Detokenizer::Detokenizer(const Tokenizer& tokenizer, bool special)
    : tok_(tokenizer), special_(special), clean_(tokenizer.vocab().flags().clean_spaces) {
    reset();
}

void Detokenizer::reset() {
    remove_space_ = tok_.vocab().flags().add_space_prefix;
    for (Pass& p : pass_)
        p = Pass{};
    utf8_hold_.clear();
}

// The three passes of clean_up_tokenization_spaces (tokenizer.cpp), each advanced as far as
// the input seen so far allows. A pass decides about input index i from in[i-1], in[i] and at
// most two characters after it, and can only ever retract the character it kept last.
void Detokenizer::run_pass(int which, Pass& p, bool final) {
    if (!p.started) {
        if (p.in.empty())
            return;
        p.out.push_back(p.in[0]);
        p.i = 1;
        p.started = true;
    }
    while (p.i < p.in.size()) {
        const size_t i = p.i;
        const size_t n = p.in.size();
        const char x = p.in[i];
        const char prev = p.in[i - 1];
        if (which == 0) {
            if (prev == ' ' && (x == '?' || x == '!' || x == '.' || x == ','))
                p.out.pop_back();
        } else if (which == 1) {
            if (x == '\'') {
                if (i + 1 >= n && !final)
                    break;  // need the next character
                if (i + 1 < n && prev == ' ' && p.in[i + 1] == ' ') {
                    p.out.pop_back();
                    p.in[i + 1] = '\0';  // the space after is consumed
                    p.i++;
                }
            }
        } else {
            if (prev == ' ' && x == '\'') {
                if (i + 2 >= n && !final)
                    break;  // need up to two more characters
                if (i + 1 < n) {
                    const char x1 = p.in[i + 1];
                    if (x1 == 's' || x1 == 'm') {
                        p.out.pop_back();
                    } else if (x1 != 't' && x1 != 'd' && i + 2 < n) {
                        const char x2 = p.in[i + 2];
                        if ((x1 == 'r' && x2 == 'e') || (x1 == 'v' && x2 == 'e'))
                            p.out.pop_back();
                    }
                }
            }
        }
        p.out.push_back(x);
        p.i++;
    }
    // Keep the input bounded: only in[i-1] is looked back at.
    if (p.i > 4096) {
        p.in.erase(0, p.i - 1);
        p.i = 1;
    }
}

std::string Detokenizer::drain(bool final) {
    if (clean_) {
        for (int k = 0; k < 3; ++k) {
            Pass& p = pass_[k];
            run_pass(k, p, final);
            // All kept characters but the last are settled (final: all of them).
            const size_t settled = final ? p.out.size() : (p.out.empty() ? 0 : p.out.size() - 1);
            std::string& dst = k < 2 ? pass_[k + 1].in : utf8_hold_;
            dst.append(p.out, 0, settled);
            p.out.erase(0, settled);
        }
    }
    std::string ready;
    if (final) {
        ready.swap(utf8_hold_);
        return ready;
    }
    // Hold back an incomplete UTF-8 sequence at the end.
    size_t cut = utf8_hold_.size();
    for (size_t back = 1; back <= 4 && back <= utf8_hold_.size(); ++back) {
        const size_t k = utf8_hold_.size() - back;
        const uint8_t b = static_cast<uint8_t>(utf8_hold_[k]);
        if ((b & 0xC0) == 0x80)
            continue;  // continuation byte: keep looking for the lead
        if (b >= 0xC0 && unicode::utf8_len(static_cast<char>(b)) > back)
            cut = k;
        break;
    }
    ready = utf8_hold_.substr(0, cut);
    utf8_hold_.erase(0, cut);
    return ready;
}

std::string Detokenizer::push(TokenId id) {
    std::string piece = tok_.token_to_piece(id, special_, remove_space_ ? 1 : 0);
    remove_space_ = false;
    (clean_ ? pass_[0].in : utf8_hold_) += piece;
    return drain(false);
}

std::string Detokenizer::finish() {
    std::string rest = drain(true);
    reset();
    return rest;
}

}  // namespace perimeter::engine
