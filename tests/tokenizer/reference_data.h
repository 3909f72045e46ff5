// Reads the llama.cpp reference data written by tests/tokenizer/gen_reference.py
// (data/strings.txt and data/ref-<vocab>.txt) and finds the vocabulary files it names.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/gguf/gguf_file.h"
#include "engine/tokenizer/tokenizer.h"

namespace perimeter::test {

using engine::TokenId;

// Undoes gen_reference.py's escape(): \\ \t \n \r \xHH.
std::string unescape(const std::string& s);
std::vector<TokenId> parse_ids(const std::string& s);  // "1 2 220*5"
std::vector<std::string> split_tabs(const std::string& line);

struct Reference {
    std::string name;
    std::map<std::string, std::string> info;                            // I lines
    std::map<TokenId, uint32_t> attrs;                                  // A lines (non-NORMAL tokens)
    std::map<int, std::vector<TokenId>> tokens;                         // T: string index -> ids
    std::map<int, std::vector<TokenId>> with_bos;                       // B (index -1: empty string)
    std::map<int, std::string> detok_removed;                           // R
    std::map<int, std::pair<std::string, std::string>> detok;           // D: plain, special ("=" resolved)
    std::vector<std::pair<std::string, std::vector<TokenId>>> special;  // S
    std::map<TokenId, std::pair<std::string, std::string>> pieces;      // P
};

struct StringGroup {
    std::string name;
    int begin = 0, end = 0;
};

const std::vector<std::string>& reference_strings();  // data/strings.txt
const std::vector<StringGroup>& reference_groups();
std::string group_of(int index);

// Throws std::runtime_error naming the file when it is missing or malformed.
Reference load_reference(const std::string& vocab_name);

// Every vocabulary with reference data, and where its GGUF file is. A missing file makes the
// caller's test fail with a message naming it (never a silent skip).
std::vector<std::string> reference_vocab_names();
std::filesystem::path vocab_path(const std::string& vocab_name);

// Opens and caches GGUF file + tokenizer per vocabulary (test-suite lifetime).
struct LoadedVocab {
    std::unique_ptr<engine::GgufFile> file;
    std::unique_ptr<engine::Tokenizer> tokenizer;
};
const LoadedVocab& load_vocab(const std::string& vocab_name);

std::string show_ids(const std::vector<TokenId>& ids);
std::string show_text(const std::string& s);  // escaped, for messages

}  // namespace perimeter::test
