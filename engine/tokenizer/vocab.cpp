#include "engine/tokenizer/vocab.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <span>

#include "engine/gguf/gguf_file.h"
#include "engine/gguf/gguf_keys.h"
#include "engine/tokenizer/unicode.h"

namespace perimeter::engine {

namespace {

// Keys come from the engine's key table (engine/gguf/gguf_keys.h); the few llama.cpp also
// reads that the table does not list yet are spelled here.
std::string key(Kv k) {
    return kv_name(k);
}
constexpr const char* kLowercaseKey = "tokenizer.ggml.normalizer.lowercase";
constexpr const char* kStripAccentsKey = "tokenizer.ggml.normalizer.strip_accents";
constexpr const char* kPrefixIdKey = "tokenizer.ggml.prefix_token_id";  // deprecated FIM names
constexpr const char* kSuffixIdKey = "tokenizer.ggml.suffix_token_id";
constexpr const char* kMiddleIdKey = "tokenizer.ggml.middle_token_id";

// tokenizer.ggml.pre of byte-level BPE vocabularies: the split and the flags llama.cpp sets.
struct PreEntry {
    const char* name;
    PreTokenizer pre;
    int clean_spaces;  // -1 keep the BPE default (true), 0 false
    bool ignore_merges;
    bool add_bos;
    bool add_sep;
    bool no_bos;  // the pre-type has no BOS token
};

constexpr PreEntry kPreTable[] = {
    {"default", PreTokenizer::Default, -1, false, false, false, false},
    {"llama3", PreTokenizer::Llama3, -1, true, true, false, false},
    {"llama-v3", PreTokenizer::Llama3, -1, true, true, false, false},
    {"llama-bpe", PreTokenizer::Llama3, -1, true, true, false, false},
    {"falcon3", PreTokenizer::Llama3, -1, true, true, false, false},
    {"falcon-h1", PreTokenizer::Llama3, -1, true, true, false, false},
    {"pixtral", PreTokenizer::Llama3, -1, true, true, false, false},
    {"midm-2.0", PreTokenizer::Llama3, -1, true, true, false, false},
    {"lfm2", PreTokenizer::Llama3, -1, true, true, false, false},
    {"jina-v5-nano", PreTokenizer::Llama3, -1, true, true, false, false},
    {"dbrx", PreTokenizer::Llama3, -1, false, false, false, false},
    {"smaug-bpe", PreTokenizer::Llama3, -1, false, false, false, false},
    {"chatglm-bpe", PreTokenizer::Llama3, -1, false, false, false, true},
    {"glm4", PreTokenizer::Llama3, -1, true, false, false, true},
    {"glm5", PreTokenizer::Llama3, -1, true, false, false, true},
    {"deepseek-llm", PreTokenizer::DeepseekLlm, 0, false, false, false, false},
    {"deepseek-coder", PreTokenizer::DeepseekCoder, 0, false, false, false, false},
    {"falcon", PreTokenizer::Falcon, -1, false, false, false, false},
    {"mpt", PreTokenizer::Gpt2, -1, false, false, false, false},
    {"olmo", PreTokenizer::Gpt2, -1, false, false, false, false},
    {"jais", PreTokenizer::Gpt2, -1, false, false, false, false},
    {"exaone4", PreTokenizer::Gpt2, -1, false, false, false, false},
    {"gpt-2", PreTokenizer::Gpt2, -1, false, false, false, false},
    {"phi-2", PreTokenizer::Gpt2, -1, false, false, false, false},
    {"jina-es", PreTokenizer::Gpt2, -1, false, false, false, false},
    {"jina-de", PreTokenizer::Gpt2, -1, false, false, false, false},
    {"gigachat", PreTokenizer::Gpt2, -1, false, false, false, false},
    {"jina-v2-es", PreTokenizer::Gpt2, -1, false, false, false, false},
    {"jina-v2-de", PreTokenizer::Gpt2, -1, false, false, false, false},
    {"a.x-4.0", PreTokenizer::Gpt2, -1, false, false, false, false},
    {"mellum", PreTokenizer::Gpt2, -1, false, false, false, false},
    {"modern-bert", PreTokenizer::Gpt2, -1, false, false, false, false},
    {"jina-v1-en", PreTokenizer::Gpt2, -1, false, false, true, false},
    {"jina-v2-code", PreTokenizer::Gpt2, -1, false, false, true, false},
    {"roberta-bpe", PreTokenizer::Gpt2, -1, false, false, true, false},
    {"trillion", PreTokenizer::Gpt2, 0, false, false, false, false},
    {"granite-docling", PreTokenizer::Gpt2, 0, false, false, false, false},
    {"starcoder", PreTokenizer::Smollm, -1, false, false, false, false},
    {"refact", PreTokenizer::Smollm, -1, false, false, false, false},
    {"command-r", PreTokenizer::Smollm, 0, false, false, false, false},
    {"smollm", PreTokenizer::Smollm, 0, false, false, false, false},
    {"codeshell", PreTokenizer::Smollm, -1, false, false, false, false},
    {"exaone", PreTokenizer::Smollm, -1, false, false, false, false},
    {"minerva-7b", PreTokenizer::Smollm, -1, false, false, false, false},
    {"mellum2", PreTokenizer::Smollm, -1, false, false, false, false},
    {"qwen2", PreTokenizer::Qwen2, 0, false, false, false, false},
    {"deepseek-r1-qwen", PreTokenizer::Qwen2, 0, false, false, false, false},
    {"kormo", PreTokenizer::Qwen2, 0, false, false, false, false},
    {"f2llmv2", PreTokenizer::Qwen2, 0, false, false, false, false},
    {"stablelm2", PreTokenizer::Qwen2, -1, false, false, false, false},
    {"megrez", PreTokenizer::Qwen2, -1, false, false, false, false},
    {"hunyuan", PreTokenizer::Qwen2, 0, false, false, false, false},
    {"solar-open", PreTokenizer::Qwen2, 0, false, false, false, false},
};

// Token texts that end generation (llama.cpp's list), and that it forces to control type.
constexpr const char* kEogTexts[] = {
    "<|eot_id|>",
    "<|im_end|>",
    "<|end|>",
    "<|return|>",
    "<|call|>",
    "<|flush|>",
    "<|calls|>",
    "<end_of_turn>",
    "<|endoftext|>",
    "</s>",
    "<|eom_id|>",
    "<EOT>",
    "_<EOT>",
    "[EOT]",
    "[EOS]",
    "<|end_of_text|>",
    "<end_of_utterance>",
    "<eos>",
    "<turn|>",
    "<|tool_response>",
    "<｜end▁of▁sentence｜>",
    "[e~[",
};
constexpr const char* kEotTexts[] = {
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>",         "<|endoftext|>",      "<|end_of_text|>",
    "<EOT>",      "_<EOT>",     "[EOT]",   "<｜end▁of▁sentence｜>", "<end_of_utterance>",
};
constexpr const char* kEomTexts[] = {"<|eom_id|>"};
constexpr const char* kFimPreTexts[] = {"<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>",    "<｜fim▁begin｜>",
                                        "<PRE>",          "▁<PRE>",       "<|code_prefix|>", "<|prefix|>"};
constexpr const char* kFimSufTexts[] = {"<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>",    "<｜fim▁hole｜>",
                                        "<SUF>",          "▁<SUF>",       "<|code_suffix|>", "<|suffix|>"};
constexpr const char* kFimMidTexts[] = {"<|fim_middle|>", "<fim-middle>", "<fim_middle>",    "<｜fim▁end｜>",
                                        "<MID>",          "▁<MID>",       "<|code_middle|>", "<|middle|>"};
constexpr const char* kFimPadTexts[] = {"<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"};
constexpr const char* kFimRepTexts[] = {"<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"};
constexpr const char* kFimSepTexts[] = {"<|file_sep|>"};

std::optional<bool> opt_bool(const GgufFile& f, const std::string& k) {
    return f.get_bool(k);
}

}  // namespace

const char* vocab_type_name(VocabType t) {
    switch (t) {
        case VocabType::Spm:
            return "SPM";
        case VocabType::Bpe:
            return "BPE";
        case VocabType::Wpm:
            return "WPM";
        case VocabType::Ugm:
            return "UGM";
    }
    return "?";
}

std::shared_ptr<const Vocab> Vocab::from_gguf(const GgufFile& file) {
    std::shared_ptr<Vocab> v(new Vocab());
    try {
        v->load(file);
    } catch (const GgufError& e) {
        throw VocabError(std::string("vocab: ") + e.what());
    }
    return v;
}

const TokenData& Vocab::token(TokenId id) const {
    if (!valid(id)) {
        throw VocabError("vocab: token id " + std::to_string(id) + " out of range [0, " + std::to_string(size()) + ")");
    }
    return tokens_[static_cast<size_t>(id)];
}

TokenId Vocab::find(std::string_view text) const {
    auto it = by_text_.find(text);
    return it == by_text_.end() ? kNoToken : it->second;
}

int Vocab::merge_rank(std::string_view left, std::string_view right) const {
    std::string k;
    k.reserve(left.size() + 1 + right.size());
    k.append(left).push_back(' ');
    k.append(right);
    auto it = merges_.find(k);
    return it == merges_.end() ? -1 : it->second;
}

TokenId Vocab::byte_to_token(uint8_t byte) const {
    if (type_ == VocabType::Spm || type_ == VocabType::Ugm) {
        static const char* hex = "0123456789ABCDEF";
        const char buf[7] = {'<', '0', 'x', hex[byte >> 4], hex[byte & 15], '>', 0};
        TokenId id = find(std::string_view(buf, 6));
        if (id != kNoToken)
            return id;
        const char raw = static_cast<char>(byte);
        return find(std::string_view(&raw, 1));
    }
    return find(unicode::byte_to_bpe_char(byte));
}

uint8_t Vocab::token_to_byte(TokenId id) const {
    // "<0xXX>": the two hex digits at offset 3, as strtol reads them (invalid -> 0).
    const std::string& t = text(id);
    if (t.size() < 4)
        return 0;
    const std::string hex = t.substr(3, 2);
    return static_cast<uint8_t>(std::strtol(hex.c_str(), nullptr, 16));
}

void Vocab::load(const GgufFile& file) {
    load_type(file);
    load_tokens(file);
    load_special(file);
    mark_by_text();
    finish();

    // Per-model attributes (llama.cpp sets these by name until GGUF carries them).
    std::string name(file.get_string(key(Kv::GENERAL_NAME)).value_or(""));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    const std::string arch(file.get_string(key(Kv::GENERAL_ARCHITECTURE)).value_or(""));
    auto contains = [](const std::string& s, std::initializer_list<const char*> subs) {
        for (const char* x : subs)
            if (s.find(x) != std::string::npos)
                return true;
        return false;
    };
    auto set_attr = [&](std::string_view text, uint32_t bit, bool on) {
        const TokenId id = find(text);
        if (id == kNoToken)
            return;
        auto& a = tokens_[static_cast<size_t>(id)].attr;
        a = on ? (a | bit) : (a & ~bit);
    };
    if (contains(pre_name_, {"jina-v2-de", "jina-v2-es", "jina-v2-code"}) ||
        contains(arch, {"nomic-bert-moe", "jina-bert-v3"})) {
        set_attr("<mask>", token_attr::kLstrip, true);
    } else if (contains(name, {"phi-3", "phi3"})) {
        for (TokenId id : special_tokens_)
            tokens_[static_cast<size_t>(id)].attr |= token_attr::kRstrip;
        set_attr("</s>", token_attr::kRstrip, true);
        for (const char* t : {"<unk>", "<s>", "<|endoftext|>"})
            set_attr(t, token_attr::kRstrip, false);
    } else if (contains(name, {"modern-bert"})) {
        set_attr("[MASK]", token_attr::kLstrip, true);
    }
}

void Vocab::load_type(const GgufFile& file) {
    const auto model = file.get_string(key(Kv::TOKENIZER_MODEL));
    if (!model)
        throw VocabError(std::string("vocab: missing key ") + key(Kv::TOKENIZER_MODEL));
    model_name_ = std::string(*model);
    pre_name_ = std::string(file.get_string(key(Kv::TOKENIZER_PRE)).value_or(""));
    SpecialTokens& s = special_;
    s.linefeed = 13;
    if (model_name_ == "llama") {
        type_ = VocabType::Spm;
        s.bos = 1, s.eos = 2, s.unk = 0;
        flags_.add_space_prefix = true;
        flags_.add_bos = true;
    } else if (model_name_ == "bert") {
        type_ = VocabType::Wpm;
        s.bos = 101, s.unk = 100, s.sep = 102, s.pad = 0, s.mask = 103;
        flags_.clean_spaces = true;
        flags_.add_bos = true;
        flags_.add_sep = true;
    } else if (model_name_ == "gpt2") {
        type_ = VocabType::Bpe;
        s.bos = 11, s.eos = 11;
        flags_.escape_whitespaces = false;
        flags_.clean_spaces = true;
        const GgufValue* merges = file.find(key(Kv::TOKENIZER_MERGES));
        if (!merges)
            throw VocabError(std::string("vocab: missing key ") + key(Kv::TOKENIZER_MERGES));
        if (!merges->is_array() || merges->elem_type != GgufValueType::STRING) {
            throw VocabError(std::string("vocab: ") + key(Kv::TOKENIZER_MERGES) + ": expected array of strings");
        }
        // Keys are views into one arena: a few hundred thousand merges, no allocation each.
        size_t total = 0;
        for (const std::string_view w : merges->strs)
            total += w.size();
        merge_arena_.reserve(total);
        for (const std::string_view w : merges->strs)
            merge_arena_.append(w);
        merges_.reserve(merges->strs.size());
        size_t offset = 0;
        for (size_t i = 0; i < merges->strs.size(); ++i) {
            // "left right", split at the first space after the first byte; a duplicate keeps
            // its first rank. A merge without a space is stored under ("", "") as llama.cpp does.
            const std::string_view word(merge_arena_.data() + offset, merges->strs[i].size());
            offset += word.size();
            const size_t pos = word.size() > 1 ? word.find(' ', 1) : std::string_view::npos;
            merges_.try_emplace(pos == std::string_view::npos ? std::string_view(" ") : word, static_cast<int>(i));
        }
        if (pre_name_.empty()) {
            pre_ = PreTokenizer::Default;
        } else {
            const PreEntry* e = nullptr;
            for (const auto& row : kPreTable)
                if (pre_name_ == row.name)
                    e = &row;
            if (!e) {
                throw VocabError("vocab: " + std::string(key(Kv::TOKENIZER_PRE)) + " '" + pre_name_ +
                                 "' is not supported (supported: llama3/llama-bpe, qwen2, smollm, gpt-2, "
                                 "deepseek-llm, deepseek-coder, falcon, default and their aliases)");
            }
            pre_ = e->pre;
            if (e->clean_spaces == 0)
                flags_.clean_spaces = false;
            flags_.ignore_merges = e->ignore_merges;
            if (e->add_bos)
                flags_.add_bos = true;
            if (e->add_sep)
                flags_.add_sep = true;
            if (e->no_bos)
                s.bos = kNoToken;
        }
    } else if (model_name_ == "t5") {
        type_ = VocabType::Ugm;
        s.eos = 1, s.unk = 2, s.pad = 0;
        flags_.add_eos = true;
        if (const GgufValue* cm = file.find(key(Kv::TOKENIZER_PRECOMPILED_CHARSMAP))) {
            if (!cm->is_array() || (cm->elem_type != GgufValueType::INT8 && cm->elem_type != GgufValueType::UINT8)) {
                throw VocabError(std::string("vocab: ") + key(Kv::TOKENIZER_PRECOMPILED_CHARSMAP) +
                                 ": expected array of int8/uint8");
            }
            charsmap_.assign(reinterpret_cast<const char*>(cm->raw), static_cast<size_t>(cm->count));
            if (charsmap_.size() < 4) {
                throw VocabError(std::string("vocab: ") + key(Kv::TOKENIZER_PRECOMPILED_CHARSMAP) + ": " +
                                 std::to_string(charsmap_.size()) + " bytes, too small for its 4-byte header");
            }
            uint32_t blob = 0;
            std::memcpy(&blob, charsmap_.data(), 4);
            if (uint64_t(blob) + 4 >= charsmap_.size()) {
                throw VocabError(std::string("vocab: ") + key(Kv::TOKENIZER_PRECOMPILED_CHARSMAP) + ": trie of " +
                                 std::to_string(blob) + " bytes past the end of the " +
                                 std::to_string(charsmap_.size()) + "-byte blob");
            }
        }
    } else {
        throw VocabError("vocab: " + std::string(key(Kv::TOKENIZER_MODEL)) + " '" + model_name_ +
                         "' is not supported (supported: llama, gpt2, bert, t5)");
    }
    if (auto b = opt_bool(file, key(Kv::TOKENIZER_ADD_PREFIX)))
        flags_.add_space_prefix = *b;
    if (auto b = opt_bool(file, key(Kv::TOKENIZER_REMOVE_EXTRA_WS)))
        flags_.remove_extra_whitespaces = *b;
}

void Vocab::load_tokens(const GgufFile& file) {
    const GgufValue* toks = file.find(key(Kv::TOKENIZER_LIST));
    if (!toks)
        throw VocabError(std::string("vocab: missing key ") + key(Kv::TOKENIZER_LIST));
    if (!toks->is_array() || toks->elem_type != GgufValueType::STRING) {
        throw VocabError(std::string("vocab: ") + key(Kv::TOKENIZER_LIST) + ": expected array of strings");
    }
    const size_t n = toks->strs.size();
    if (n == 0)
        throw VocabError(std::string("vocab: ") + key(Kv::TOKENIZER_LIST) + ": empty");
    if (n > size_t(INT32_MAX))
        throw VocabError(std::string("vocab: ") + key(Kv::TOKENIZER_LIST) + ": too many tokens");

    const GgufValue* scores = file.find(key(Kv::TOKENIZER_SCORES));
    if (scores) {
        if (!scores->is_array() ||
            (scores->elem_type != GgufValueType::FLOAT32 && scores->elem_type != GgufValueType::INT32)) {
            throw VocabError(std::string("vocab: ") + key(Kv::TOKENIZER_SCORES) +
                             ": expected array of float32 or int32");
        }
        if (scores->count < n) {
            throw VocabError(std::string("vocab: ") + key(Kv::TOKENIZER_SCORES) + ": expected " + std::to_string(n) +
                             " values, got " + std::to_string(scores->count));
        }
    }
    const GgufValue* types = file.find(key(Kv::TOKENIZER_TOKEN_TYPE));
    if (types) {
        if (!types->is_array() || types->elem_type != GgufValueType::INT32) {
            throw VocabError(std::string("vocab: ") + key(Kv::TOKENIZER_TOKEN_TYPE) + ": expected array of int32");
        }
        if (types->count < n) {
            throw VocabError(std::string("vocab: ") + key(Kv::TOKENIZER_TOKEN_TYPE) + ": expected " +
                             std::to_string(n) + " values, got " + std::to_string(types->count));
        }
    }

    tokens_.resize(n);
    for (size_t i = 0; i < n; ++i) {
        TokenData& t = tokens_[i];
        t.text = std::string(toks->strs[i]);
        if (t.text.empty())
            t.text = "[EMPTY_" + std::to_string(i) + "]";
        max_token_len_ = std::max(max_token_len_, static_cast<int>(t.text.size()));
        if (scores) {
            t.score = scores->elem_type == GgufValueType::FLOAT32 ? static_cast<float>(scores->array_float(i))
                                                                  : static_cast<float>(scores->array_int(i));
        }
        t.attr = token_attr::kNormal;
        if (types) {
            switch (static_cast<TokenType>(types->array_int(i))) {
                case TokenType::Unknown:
                    t.attr = token_attr::kUnknown;
                    break;
                case TokenType::Unused:
                    t.attr = token_attr::kUnused;
                    break;
                case TokenType::Normal:
                    t.attr = token_attr::kNormal;
                    break;
                case TokenType::Control:
                    t.attr = token_attr::kControl;
                    break;
                case TokenType::UserDefined:
                    t.attr = token_attr::kUserDefined;
                    break;
                case TokenType::Byte:
                    t.attr = token_attr::kByte;
                    break;
                default:
                    t.attr = token_attr::kUndefined;
                    break;
            }
        }
    }
    // Views into the (now fixed) strings; a later duplicate text replaces an earlier id.
    // No reserve(): mark_by_text() relies on the map growing exactly as llama.cpp's does.
    shadowed_.assign(n, 0);
    for (size_t i = 0; i < n; ++i) {
        auto [it, inserted] = by_text_.try_emplace(std::string_view(tokens_[i].text), TokenId(i));
        if (!inserted) {
            shadowed_[static_cast<size_t>(it->second)] = 1;
            it->second = TokenId(i);
        }
    }
}

void Vocab::load_special(const GgufFile& file) {
    SpecialTokens& s = special_;
    const TokenId n = size();

    if (type_ == VocabType::Spm) {
        s.linefeed = byte_to_token('\n');
        if (s.linefeed == kNoToken)
            s.linefeed = s.pad;
    } else if (type_ == VocabType::Wpm) {
        s.linefeed = s.pad;
    } else if (type_ == VocabType::Bpe) {
        s.linefeed = find(unicode::byte_to_bpe_char('\n'));
        if (s.linefeed == kNoToken)
            s.linefeed = s.pad;
    } else {
        s.linefeed = kNoToken;  // UGM: only meaningful after normalisation; nothing uses it
    }

    const std::pair<std::string, TokenId*> ids[] = {
        {key(Kv::TOKENIZER_BOS_ID), &s.bos},
        {key(Kv::TOKENIZER_EOS_ID), &s.eos},
        {key(Kv::TOKENIZER_EOT_ID), &s.eot},
        {key(Kv::TOKENIZER_EOM_ID), &s.eom},
        {key(Kv::TOKENIZER_UNK_ID), &s.unk},
        {key(Kv::TOKENIZER_SEP_ID), &s.sep},
        {key(Kv::TOKENIZER_PAD_ID), &s.pad},
        {key(Kv::TOKENIZER_MASK_ID), &s.mask},
        {key(Kv::TOKENIZER_FIM_PRE_ID), &s.fim_pre},
        {key(Kv::TOKENIZER_FIM_SUF_ID), &s.fim_suf},
        {key(Kv::TOKENIZER_FIM_MID_ID), &s.fim_mid},
        {key(Kv::TOKENIZER_FIM_PAD_ID), &s.fim_pad},
        {key(Kv::TOKENIZER_FIM_REP_ID), &s.fim_rep},
        {key(Kv::TOKENIZER_FIM_SEP_ID), &s.fim_sep},
        {kPrefixIdKey, &s.fim_pre},
        {kSuffixIdKey, &s.fim_suf},
        {kMiddleIdKey, &s.fim_mid},
    };
    for (const auto& [k, id] : ids) {
        if (*id >= n)
            *id = kNoToken;  // a default past the vocabulary is disabled
        if (auto v = file.get_int(k)) {
            if (*v >= 0 && *v < n)
                *id = static_cast<TokenId>(*v);  // a bad id keeps the default
        }
    }
    if (auto b = opt_bool(file, key(Kv::TOKENIZER_ADD_BOS)))
        flags_.add_bos = *b;
    if (auto b = opt_bool(file, key(Kv::TOKENIZER_ADD_EOS)))
        flags_.add_eos = *b;
    if (auto b = opt_bool(file, key(Kv::TOKENIZER_ADD_SEP)))
        flags_.add_sep = *b;

    flags_.lowercase = true;
    if (auto b = opt_bool(file, kLowercaseKey))
        flags_.lowercase = *b;
    flags_.strip_accents = flags_.lowercase;
    if (auto b = opt_bool(file, kStripAccentsKey))
        flags_.strip_accents = *b;
}

void Vocab::mark_by_text() {
    auto force_control = [&](TokenId id) { tokens_[static_cast<size_t>(id)].attr |= token_attr::kControl; };
    auto text_of = [&](TokenId id) -> const std::string& { return tokens_[static_cast<size_t>(id)].text; };
    // llama.cpp walks its text->id map here, so a duplicated text counts once (its last id).
    std::vector<TokenId> ids;
    ids.reserve(tokens_.size());
    for (TokenId id = 0; id < size(); ++id)
        if (!shadowed_[static_cast<size_t>(id)])
            ids.push_back(id);

    // Special ids the file does not give are found by text; "the first" match of a list is
    // the first in llama.cpp's std::unordered_map iteration order. by_text_ is built with the
    // same operations (no reserve, one assignment per id in order) and the same hash, so it
    // iterates in the same order with the same standard library: Llama 3 gets <|eot_id|>,
    // Qwen 2 <|im_end|> and SmolLM2 <|endoftext|> as EOT, as llama.cpp does. Only the few
    // candidate tokens are put in that order (walking the whole map is slow).
    const auto detect_lists = {std::make_pair(&special_.eot, std::span<const char* const>(kEotTexts)),
                               std::make_pair(&special_.eom, std::span<const char* const>(kEomTexts)),
                               std::make_pair(&special_.fim_pre, std::span<const char* const>(kFimPreTexts)),
                               std::make_pair(&special_.fim_suf, std::span<const char* const>(kFimSufTexts)),
                               std::make_pair(&special_.fim_mid, std::span<const char* const>(kFimMidTexts)),
                               std::make_pair(&special_.fim_pad, std::span<const char* const>(kFimPadTexts)),
                               std::make_pair(&special_.fim_rep, std::span<const char* const>(kFimRepTexts)),
                               std::make_pair(&special_.fim_sep, std::span<const char* const>(kFimSepTexts))};
    auto listed = [](std::string_view t, std::span<const char* const> list) {
        if (t.empty() || (t[0] != '<' && t[0] != '[' && t[0] != '_' && t[0] != '\xE2' && t[0] != '\xEF'))
            return false;
        for (const char* x : list)
            if (t == x)
                return true;
        return false;
    };
    std::vector<TokenId> candidates;
    for (TokenId id : ids) {
        for (const auto& [slot, list] : detect_lists) {
            if (*slot == kNoToken && listed(text_of(id), list)) {
                candidates.push_back(id);
                break;
            }
        }
    }
    if (candidates.size() > 1) {
        std::vector<uint8_t> is_candidate(tokens_.size(), 0);
        for (TokenId id : candidates)
            is_candidate[static_cast<size_t>(id)] = 1;
        candidates.clear();
        for (const auto& [text, id] : by_text_)
            if (is_candidate[static_cast<size_t>(id)])
                candidates.push_back(id);
    }
    for (TokenId id : candidates) {
        for (const auto& [slot, list] : detect_lists) {
            if (*slot == kNoToken && listed(text_of(id), list)) {
                *slot = id;
                force_control(id);
            }
        }
    }

    // Control tokens named "unused..." are unused.
    for (TokenId id : ids) {
        auto& tok = tokens_[static_cast<size_t>(id)];
        if ((tok.attr & token_attr::kControl) && tok.text.find("unused") != std::string::npos) {
            tok.attr |= token_attr::kUnused;
        }
    }

    SpecialTokens& s = special_;
    eog_.clear();
    for (TokenId id : {s.fim_pad, s.fim_rep, s.fim_sep})
        if (id != kNoToken)
            eog_.insert(id);
    for (TokenId id : ids) {
        if (listed(text_of(id), kEogTexts)) {
            eog_.insert(id);
            force_control(id);
        }
    }
    // gpt-oss: these are always rendered.
    for (TokenId id : ids) {
        const std::string& t = text_of(id);
        if (t.empty() || t[0] != '<')
            continue;
        if (t == "<|channel|>" || t == "<|message|>" || t == "<|start|>" || t == "<|constrain|>") {
            tokens_[static_cast<size_t>(id)].attr = token_attr::kUserDefined;
        }
    }
    for (TokenId id : {s.eos, s.eot, s.eom})
        if (id != kNoToken)
            eog_.insert(id);

    // o200k_harmony / solar-open: "<|end|>" is not an end of generation there.
    {
        bool has_return = false, has_call = false, has_end = false, has_flush = false;
        TokenId end_id = kNoToken;
        for (TokenId id : eog_) {
            if (!valid(id))
                continue;
            const std::string& t = tokens_[static_cast<size_t>(id)].text;
            if (t == "<|return|>")
                has_return = true;
            else if (t == "<|call|>" || t == "<|calls|>")
                has_call = true;
            else if (t == "<|flush|>")
                has_flush = true;
            else if (t == "<|end|>")
                has_end = true, end_id = id;
        }
        if ((has_return && has_call && has_end) || (has_call && has_flush && has_end)) {
            eog_.erase(end_id);
            tokens_[static_cast<size_t>(end_id)].attr = token_attr::kUserDefined;
        }
    }
    // gemma4 / plamo: "</s>" is a normal token there.
    {
        bool has_marker = false, has_s = false;
        TokenId s_id = kNoToken;
        for (TokenId id : eog_) {
            if (!valid(id))
                continue;
            const std::string& t = tokens_[static_cast<size_t>(id)].text;
            if (t == "<|tool_response>" || t == "<|plamo:eos|>")
                has_marker = true;
            else if (t == "</s>")
                has_s = true, s_id = id;
        }
        if (has_marker && has_s) {
            eog_.erase(s_id);
            tokens_[static_cast<size_t>(s_id)].attr = token_attr::kNormal;
        }
    }
}

void Vocab::finish() {
    special_tokens_.clear();
    for (TokenId id = 0; id < size(); ++id) {
        if (tokens_[static_cast<size_t>(id)].attr &
            (token_attr::kControl | token_attr::kUserDefined | token_attr::kUnknown)) {
            special_tokens_.push_back(id);
        }
    }
    // Same comparator and input order as llama.cpp (std::sort, not stable), so ties between
    // equally long tokens fall the same way.
    std::sort(special_tokens_.begin(), special_tokens_.end(), [&](TokenId a, TokenId b) {
        return tokens_[static_cast<size_t>(a)].text.size() > tokens_[static_cast<size_t>(b)].text.size();
    });
}

}  // namespace perimeter::engine
