#include "engine/api/chat_prompt.h"

#include <string_view>

#include "engine/runtime/engine_error.h"

namespace perimeter::engine {
namespace {

// Private-use characters: no template or tokenizer gives them a meaning, trim() keeps them.
std::string placeholder(size_t i) { return "\xEE\x80\x80" "msg" + std::to_string(i) + "\xEE\x80\x81"; }

std::string_view trim(std::string_view s) {
    const char* ws = " \t\n\r\f\v";
    const size_t b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

// Renders with placeholders and splices the real texts back in, marking which bytes are markup.
// Returns false when the result differs from `expected` (the template changed the text).
bool splice(const std::string& with_placeholders, const std::vector<std::string>& texts, const std::string& expected,
            std::string& out, std::vector<bool>& markup) {
    out.clear();
    markup.clear();
    size_t i = 0;
    while (i < with_placeholders.size()) {
        size_t best = std::string::npos, which = 0;
        for (size_t m = 0; m < texts.size(); ++m) {
            const size_t at = with_placeholders.find(placeholder(m), i);
            if (at < best) best = at, which = m;
        }
        const size_t end = best == std::string::npos ? with_placeholders.size() : best;
        out.append(with_placeholders, i, end - i);
        markup.insert(markup.end(), end - i, true);
        if (best == std::string::npos) break;
        out += texts[which];
        markup.insert(markup.end(), texts[which].size(), false);
        i = best + placeholder(which).size();
    }
    return out == expected;
}

}  // namespace

std::vector<TokenId> tokenize_marked(const Tokenizer& tokenizer, const std::string& text, const std::vector<bool>& markup) {
    const Vocab& vocab = tokenizer.vocab();
    // Special tokens by first byte, longest first (vocab.special_tokens() is sorted that way).
    std::vector<std::vector<TokenId>> by_byte(256);
    for (TokenId id : vocab.special_tokens()) {
        const std::string& t = vocab.text(id);
        if (!t.empty()) by_byte[uint8_t(t[0])].push_back(id);
    }
    std::vector<TokenId> out;
    std::string raw;
    auto flush = [&] {
        if (raw.empty()) return;
        const auto ids = tokenizer.tokenize(raw, false, false);
        out.insert(out.end(), ids.begin(), ids.end());
        raw.clear();
    };
    for (size_t i = 0; i < text.size();) {
        TokenId hit = kNoToken;
        if (markup[i]) {
            for (TokenId id : by_byte[uint8_t(text[i])]) {
                const std::string& t = vocab.text(id);
                if (text.compare(i, t.size(), t) != 0) continue;
                bool all_markup = true;  // a special token must lie wholly inside the markup
                for (size_t j = i; j < i + t.size() && all_markup; ++j) all_markup = markup[j];
                if (all_markup) {
                    hit = id;
                    break;
                }
            }
        }
        if (hit == kNoToken) {
            raw += text[i++];
            continue;
        }
        flush();
        out.push_back(hit);
        i += vocab.text(hit).size();
    }
    flush();
    const TokenId bos = vocab.special().bos;
    if (vocab.flags().add_bos && bos != kNoToken && (out.empty() || out.front() != bos)) out.insert(out.begin(), bos);
    return out;
}

std::vector<TokenId> chat_prompt_tokens(const ChatTemplate& tmpl, const Tokenizer& tokenizer,
                                        const std::vector<ChatMessage>& messages, bool add_generation_prompt) {
    std::string expected, masked;
    std::vector<ChatMessage> ph = messages;
    std::vector<std::string> texts, trimmed;
    for (size_t i = 0; i < ph.size(); ++i) {
        texts.push_back(messages[i].content);
        trimmed.emplace_back(trim(messages[i].content));
        ph[i].content = placeholder(i);
    }
    try {
        expected = tmpl.render(messages, add_generation_prompt);
        masked = tmpl.render(ph, add_generation_prompt);
    } catch (const std::exception& e) {
        throw EngineError(ErrorCode::TemplateError, e.what(), {{"detail", e.what()}});
    }
    std::string text;
    std::vector<bool> markup;
    if (!splice(masked, texts, expected, text, markup) && !splice(masked, trimmed, expected, text, markup))
        throw EngineError(ErrorCode::TemplateError,
                          "chat prompt: the chat template changes message text, so markup and message text cannot "
                          "be told apart",
                          {{"detail", "template transforms message content"}});
    return tokenize_marked(tokenizer, text, markup);
}

}  // namespace perimeter::engine
