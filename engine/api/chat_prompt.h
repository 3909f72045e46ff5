// Turning a conversation into prompt tokens so that only the chat template's own markup can
// become control tokens.
//
// The template is rendered once with each message's text replaced by a placeholder; the
// rendered markup is then searched for the vocabulary's special tokens (control, user-defined,
// unknown - what parse_special would match), and everything else - markup text and message
// text alike - is tokenized with parse_special off. So "<|im_end|>" typed into a message or
// found in a PDF stays plain text, while the tokens are the same as llama.cpp's for ordinary
// text (raw runs that span markup and message text are tokenized as one run, as llama.cpp's
// special-token partition does).
//
// A template that changes the message text (other than trimming it) cannot be split this way
// and gives EngineError(TemplateError).
#pragma once
#include <vector>

#include "engine/chat/chat_template.h"
#include "engine/tokenizer/tokenizer.h"

namespace perimeter::engine {

std::vector<TokenId> chat_prompt_tokens(const ChatTemplate& tmpl, const Tokenizer& tokenizer,
                                        const std::vector<ChatMessage>& messages, bool add_generation_prompt);

// Tokens of `text` with special tokens recognised only at the positions where `markup[i]` is
// true (markup.size() == text.size()); the rest is plain text. BOS is added when the vocabulary
// asks for it and the text does not already start with it. (The building block of
// chat_prompt_tokens, exposed for tests.)
std::vector<TokenId> tokenize_marked(const Tokenizer& tokenizer, const std::string& text, const std::vector<bool>& markup);

}  // namespace perimeter::engine
