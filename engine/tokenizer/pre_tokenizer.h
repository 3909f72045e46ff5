// Byte-level BPE pre-tokenization: splits text into words the way llama.cpp's
// unicode_regex_split does for each `tokenizer.ggml.pre`, then maps every byte of each word to
// GPT-2's printable alphabet.
//
// llama.cpp runs a list of regexes per pre-type; each regex refines the pieces left by the
// previous one (matches and the gaps between them both become pieces). Three of them it runs
// as hand-written code (gpt2, llama3, qwen2), the others through std::regex on a "collapsed"
// text where each non-ASCII code point is replaced by a byte standing for its category. Both
// are reproduced here by hand, without std::regex, including the collapsed-text quirks (e.g.
// a non-ASCII space counts as \s but never as a member of a literal class).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace perimeter::engine {

enum class PreTokenizer : uint8_t {
    Default,        // missing/"default": punctuation runs, gpt2, digit runs, 3-digit groups
    Gpt2,           // gpt-2, mpt, olmo, jais, phi-2, roberta-bpe, ...
    Llama3,         // llama3 / llama-bpe, dbrx, smaug-bpe, chatglm-bpe, glm4
    Qwen2,          // qwen2, stablelm2, deepseek-r1-qwen, megrez, hunyuan
    Smollm,         // smollm, starcoder, refact, command-r, codeshell, exaone, minerva-7b
    DeepseekLlm,    // deepseek-llm
    DeepseekCoder,  // deepseek-coder
    Falcon,         // falcon
};

const char* pre_tokenizer_name(PreTokenizer p);

// Words of `text`, each already in the byte-level alphabet (a space becomes "Ġ").
// Invalid UTF-8 bytes become U+FFFD first, as in llama.cpp.
std::vector<std::string> pre_tokenize(std::string_view text, PreTokenizer kind);

// The same split without the byte mapping (UTF-8 words), for tests and diagnostics.
std::vector<std::string> pre_tokenize_utf8(std::string_view text, PreTokenizer kind);

}  // namespace perimeter::engine
