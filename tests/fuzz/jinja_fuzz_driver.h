// One fuzz input for the chat-template interpreter, shared by the libFuzzer target
// (jinja_fuzz.cpp) and the corpus regression test (tests/chat_template/corpus_test.cpp).
//
// Input: a template, optionally followed by "\0" and a JSON messages array (which exercises
// the JSON parser and lets the fuzzer vary the conversation). Any TemplateError/ParseError is
// a correct outcome; a crash, a sanitizer report, a hang or an escaping exception is a bug.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/chat/chat_template.h"
#include "engine/chat/json.h"

namespace perimeter::fuzz {

inline const char* kDefaultMessages = R"([
 {"role": "system", "content": "You are helpful."},
 {"role": "user", "content": "Привет {{ x }} <|im_start|>"},
 {"role": "assistant", "content": null, "tool_calls": [{"id": "call00001", "type": "function",
   "function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]},
 {"role": "tool", "tool_call_id": "call00001", "content": "{\"t\": 3.5}"},
 {"role": "assistant", "content": "<think>hm</think>It is 3.5 C."},
 {"role": "user", "content": "Thanks"}])";

inline const char* kTools = R"([{"type": "function", "function": {"name": "get_weather",
 "description": "Weather.\nNow.", "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
 "required": ["city"]}}}])";

// Returns true when the template rendered.
inline bool jinja_fuzz_one(const uint8_t* data, size_t size) {
    using namespace perimeter::engine;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string_view tpl = input, msgs = kDefaultMessages;
    if (size_t z = input.find('\0'); z != std::string_view::npos) {
        tpl = input.substr(0, z);
        msgs = input.substr(z + 1);
    }
    // Small limits keep each execution fast; the bounds themselves are what is being tested.
    ChatTemplateOptions opts;
    opts.limits.max_output_bytes = 1 << 20;
    opts.limits.max_alloc_bytes = 64ull << 20;
    opts.limits.max_loop_iterations = 20000;
    opts.limits.max_steps = 200000;
    opts.limits.max_list_items = 100000;
    opts.clock = [] {
        std::tm tm{};
        tm.tm_year = 125;
        tm.tm_mon = 2;
        tm.tm_mday = 14;
        return tm;
    };
    try {
        json::Value messages = json::parse(msgs);
        ChatTemplate t = ChatTemplate::from_string(std::string(tpl), "<s>", "</s>", opts);
        json::Object with_tools;
        with_tools.set("tools", json::parse(kTools));
        bool any = false;
        for (int variant = 0; variant < 3; ++variant) {
            try {
                t.render_json(messages, variant != 1, variant == 2 ? with_tools : json::Object{});
                any = true;
            } catch (const ChatTemplateError&) {
            }
        }
        return any;
    } catch (const ChatTemplateError&) {
    } catch (const json::ParseError&) {
    }
    return false;
}

}  // namespace perimeter::fuzz
