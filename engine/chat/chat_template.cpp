#include "engine/chat/chat_template.h"

#include "engine/chat/jinja_parser.h"
#include "engine/chat/unicode_text.h"
#include "engine/gguf/gguf_file.h"

namespace perimeter::engine {

using jinja::TemplateError;
using jinja::Value;

namespace {

[[noreturn]] void input_error(const std::string& msg) { throw TemplateError(TemplateError::Kind::Runtime, 0, msg); }

}  // namespace

std::string gguf_token_text(const GgufFile& f, const char* id_key) {
    auto id = f.get_int(id_key);
    const auto* tokens = f.get_string_array("tokenizer.ggml.tokens");
    if (!id || !tokens) return {};
    if (*id < 0 || static_cast<uint64_t>(*id) >= tokens->size())
        throw TemplateError(TemplateError::Kind::Runtime, 0,
                            f.path() + ": " + id_key + " = " + std::to_string(*id) + " is outside the vocabulary (" +
                                std::to_string(tokens->size()) + " tokens)");
    return std::string((*tokens)[static_cast<size_t>(*id)]);
}

Value to_template_value(const json::Value& v) {
    switch (v.type()) {
        case json::Type::Null: return Value::none();
        case json::Type::Bool: return Value(v.as_bool());
        case json::Type::Int: return Value(v.as_int());
        case json::Type::Float: return Value(v.as_number());
        case json::Type::String: return Value(v.as_string());
        case json::Type::Array: {
            std::vector<Value> items;
            for (const auto& x : v.as_array()) items.push_back(to_template_value(x));
            return Value::list(std::move(items));
        }
        case json::Type::Object: {
            auto d = std::make_shared<jinja::DictData>();
            for (const auto& [k, x] : v.as_object()) d->set(Value(k), to_template_value(x));
            return Value::dict(std::move(d));
        }
    }
    return Value::none();
}

ChatTemplate ChatTemplate::from_string(std::string source, std::string bos_token, std::string eos_token,
                                       ChatTemplateOptions opts) {
    ChatTemplate t;
    t.source_ = std::move(source);
    if (!bos_token.empty()) t.specials_.emplace_back("bos_token", std::move(bos_token));
    if (!eos_token.empty()) t.specials_.emplace_back("eos_token", std::move(eos_token));
    t.opts_ = std::move(opts);
    t.body_ = std::make_shared<const jinja::Body>(jinja::parse_template(t.source_));
    return t;
}

ChatTemplate ChatTemplate::from_gguf(const GgufFile& file, const std::string& name, ChatTemplateOptions opts) {
    const std::string key = name.empty() ? "tokenizer.chat_template" : "tokenizer.chat_template." + name;
    auto src = file.get_string(key);
    if (!src)
        input_error(file.path() + ": no " + key +
                    " in the model; a prompt format cannot be guessed - pass a template explicitly");
    ChatTemplate t = from_string(std::string(*src), gguf_token_text(file, "tokenizer.ggml.bos_token_id"),
                                 gguf_token_text(file, "tokenizer.ggml.eos_token_id"), std::move(opts));
    // transformers passes the whole special_tokens_map; unk and pad are the others a GGUF records.
    for (auto [key, var] : {std::pair{"tokenizer.ggml.unknown_token_id", "unk_token"},
                            std::pair{"tokenizer.ggml.padding_token_id", "pad_token"}}) {
        std::string text = gguf_token_text(file, key);
        if (!text.empty()) t.specials_.emplace_back(var, std::move(text));
    }
    return t;
}

const std::string& ChatTemplate::special(const std::string& var) const {
    static const std::string none;
    for (const auto& [k, v] : specials_)
        if (k == var) return v;
    return none;
}

std::string ChatTemplate::render(const std::vector<ChatMessage>& messages, bool add_generation_prompt,
                                 const json::Object& extra_vars) const {
    std::vector<Value> items;
    for (size_t i = 0; i < messages.size(); ++i) {
        const ChatMessage& m = messages[i];
        if (!unicode::valid_utf8(m.role) || !unicode::valid_utf8(m.content))
            input_error("message " + std::to_string(i) + ": text is not valid UTF-8");
        auto d = std::make_shared<jinja::DictData>();
        d->set(Value("role"), Value(m.role));
        d->set(Value("content"), Value(m.content));
        for (const auto& [k, v] : m.extra) d->set(Value(k), to_template_value(v));
        items.push_back(Value::dict(std::move(d)));
    }
    return render_value(Value::list(std::move(items)), add_generation_prompt, extra_vars);
}

std::string ChatTemplate::render_json(const json::Value& messages, bool add_generation_prompt,
                                      const json::Object& extra_vars) const {
    if (!messages.is_array()) input_error("messages must be a JSON array, got " + std::string(json::type_name(messages.type())));
    for (size_t i = 0; i < messages.as_array().size(); ++i) {
        const auto& m = messages.as_array()[i];
        if (!m.is_object()) input_error("message " + std::to_string(i) + " must be an object");
        const json::Value* role = m.find("role");
        if (!role || !role->is_string()) input_error("message " + std::to_string(i) + " has no string \"role\"");
    }
    return render_value(to_template_value(messages), add_generation_prompt, extra_vars);
}

std::string ChatTemplate::render_value(Value messages, bool add_generation_prompt, const json::Object& extra_vars) const {
    std::vector<std::pair<std::string, Value>> vars;
    vars.emplace_back("messages", std::move(messages));
    vars.emplace_back("tools", Value::none());
    vars.emplace_back("documents", Value::none());
    vars.emplace_back("add_generation_prompt", Value(add_generation_prompt));
    for (const auto& [var, text] : specials_) vars.emplace_back(var, Value(text));
    for (const auto& [k, v] : extra_vars) {
        Value val = to_template_value(v);
        bool replaced = false;
        for (auto& kv : vars)
            if (kv.first == k) {
                kv.second = val;
                replaced = true;
            }
        if (!replaced) vars.emplace_back(k, std::move(val));
    }
    jinja::Interpreter in(opts_.limits, opts_.clock);
    return in.render(*body_, std::move(vars));
}

}  // namespace perimeter::engine
