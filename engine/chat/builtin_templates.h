// Chat templates for architectures whose GGUF files often ship without one (the Gemma 3 270M
// file in our test set has no tokenizer.chat_template). Used only when the file has none, and
// reported as such (LoadedModel::template_source), never silently instead of the file's own.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace perimeter::engine {

// The model family's published template for `architecture` ("gemma3"), or nullopt.
std::optional<std::string> builtin_chat_template(std::string_view architecture);

}  // namespace perimeter::engine
