// Token texts of a real model for grammar tests, read from its GGUF with the GGUF reader and
// decoded to raw bytes here (GPT-2 byte-level BPE: the bytes_to_unicode alphabet; SentencePiece:
// "▁" is a space and <0xNN> tokens are single bytes). Control tokens are marked special.
#pragma once
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/gguf/gguf_file.h"
#include "engine/grammar/grammar_vocab.h"

namespace perimeter::test {

struct VocabPieces {
    std::vector<std::string> pieces;
    std::vector<bool> special;
    std::vector<int32_t> eog;
    std::string model;  // tokenizer.ggml.model
};

inline std::string decode_gpt2(std::string_view s) {
    // Inverse of GPT-2's bytes_to_unicode: printable bytes map to themselves, the others to 256+n.
    static const std::array<int, 324> inv = [] {
        std::array<int, 324> t{};
        t.fill(-1);
        int n = 0;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
            t[size_t(printable ? b : 256 + n++)] = b;
        }
        return t;
    }();
    std::string out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        uint32_t cp;
        size_t len;
        if (c < 0x80) cp = c, len = 1;
        else if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) cp = ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3F), len = 2;
        else { out += s[i++]; continue; }  // not from the alphabet: keep
        i += len;
        if (cp < inv.size() && inv[cp] >= 0) out += char(inv[cp]);
        else out.append(s.substr(i - len, len));
    }
    return out;
}

inline std::string decode_spm(std::string_view s) {
    if (s.size() == 6 && s.substr(0, 3) == "<0x" && s[5] == '>') return std::string(1, char(std::stoi(std::string(s.substr(3, 2)), nullptr, 16)));
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s.substr(i, 3) == "\xE2\x96\x81") {
            out += ' ';
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// Fails the calling test (with the path) if the model is missing.
inline VocabPieces load_vocab_pieces(const std::filesystem::path& gguf) {
    VocabPieces v;
    if (!std::filesystem::exists(gguf)) {
        ADD_FAILURE() << "missing model file " << gguf << " (the set-up script places it in the models cache)";
        return v;
    }
    auto f = engine::GgufFile::open(gguf.string());
    const auto* toks = f->get_string_array("tokenizer.ggml.tokens");
    if (!toks) {
        ADD_FAILURE() << gguf << ": no tokenizer.ggml.tokens";
        return v;
    }
    v.model = std::string(f->get_string("tokenizer.ggml.model").value_or(""));
    auto types = f->get_int_array("tokenizer.ggml.token_type");
    for (size_t i = 0; i < toks->size(); ++i) {
        const std::string_view t = (*toks)[i];
        const int type = types && i < types->size() ? int((*types)[i]) : 1;
        const bool control = type == 3 || type == 5;  // CONTROL, UNUSED
        v.special.push_back(control);
        if (control) v.pieces.emplace_back(t);
        else if (v.model == "gpt2") v.pieces.push_back(decode_gpt2(t));
        else v.pieces.push_back(decode_spm(t));
    }
    if (auto eos = f->get_int("tokenizer.ggml.eos_token_id")) v.eog.push_back(int32_t(*eos));
    for (size_t i = 0; i < toks->size(); ++i) {
        const std::string_view t = (*toks)[i];
        if ((t == "<|im_end|>" || t == "<|endoftext|>" || t == "<end_of_turn>" || t == "<|eot_id|>") &&
            std::find(v.eog.begin(), v.eog.end(), int32_t(i)) == v.eog.end())
            v.eog.push_back(int32_t(i));
    }
    return v;
}

inline std::shared_ptr<engine::GrammarVocab> make_grammar_vocab(const VocabPieces& v) {
    return std::make_shared<engine::GrammarVocab>(v.pieces, v.eog, v.special);
}

}  // namespace perimeter::test
