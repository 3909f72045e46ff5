// A model's chat template, rendered as Hugging Face transformers renders it
// (tokenizer.apply_chat_template): the template's own Jinja source, run by our interpreter
// with the variables transformers passes: messages, tools (None), documents (None),
// add_generation_prompt, the special tokens (bos_token, eos_token, and from a GGUF also
// unk_token and pad_token), plus any extra variables of the caller (enable_thinking, tools,
// date_string, ...).
//
// A model without a template is an error, not a guess: which prompt format a model was
// trained on cannot be inferred reliably, and a wrong one silently degrades every answer.
#pragma once
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/chat/jinja_interpreter.h"
#include "engine/chat/jinja_value.h"
#include "engine/chat/json.h"

namespace perimeter::engine {

class GgufFile;

// Every template problem (syntax, runtime, raise_exception, safety limit) is one of these;
// what() reads "chat-template: line 3: unknown filter 'foo'".
using ChatTemplateError = jinja::TemplateError;

struct ChatMessage {
    std::string role;
    std::string content;
    // Further fields, passed to the template as they are: tool_calls, tool_call_id, name,
    // reasoning_content... A "content" member here replaces `content` (null, a list of parts).
    json::Object extra;
};

struct ChatTemplateOptions {
    jinja::Limits limits;
    // Local time for strftime_now(); null = the system clock. Tests inject a fixed date.
    std::function<std::tm()> clock;
};

class ChatTemplate {
public:
    // Reads tokenizer.chat_template (or tokenizer.chat_template.<name>) and the text of the
    // bos/eos/unk/pad tokens. Throws ChatTemplateError when the model has no such template.
    static ChatTemplate from_gguf(const GgufFile& file, const std::string& name = {}, ChatTemplateOptions opts = {});
    // An empty bos/eos leaves that variable undefined, as transformers does for a tokenizer
    // without the token.
    static ChatTemplate from_string(std::string source, std::string bos_token = {}, std::string eos_token = {},
                                    ChatTemplateOptions opts = {});

    std::string render(const std::vector<ChatMessage>& messages, bool add_generation_prompt,
                       const json::Object& extra_vars = {}) const;
    // `messages` is a JSON array of message objects (role, content, ...).
    std::string render_json(const json::Value& messages, bool add_generation_prompt,
                            const json::Object& extra_vars = {}) const;

    const std::string& source() const { return source_; }
    const std::string& bos_token() const { return special("bos_token"); }
    const std::string& eos_token() const { return special("eos_token"); }
    // A special token's text by variable name ("unk_token"); "" when the model has none.
    const std::string& special(const std::string& var) const;

private:
    ChatTemplate() = default;
    std::string render_value(jinja::Value messages, bool add_generation_prompt, const json::Object& extra_vars) const;

    std::string source_;
    std::vector<std::pair<std::string, std::string>> specials_;  // variable name -> token text
    ChatTemplateOptions opts_;
    std::shared_ptr<const jinja::Body> body_;
};

// Text of the token whose id is stored under `id_key` (e.g. "tokenizer.ggml.bos_token_id"),
// "" when the model has no such key. Throws ChatTemplateError for an id outside the vocabulary.
std::string gguf_token_text(const GgufFile& file, const char* id_key);

// JSON -> template value (null -> None, arrays -> lists, objects -> dicts in order).
jinja::Value to_template_value(const json::Value& v);

}  // namespace perimeter::engine
