// The forward pass of each architecture, one file each. transformer.cpp maps Arch -> function.
#pragma once
#include "engine/runtime/step.h"

namespace perimeter::engine {

void forward_llama(Step& s);   // arch/llama.cpp  (Llama 2/3, Mistral, SmolLM2)
void forward_qwen2(Step& s);   // arch/qwen2.cpp
void forward_qwen3(Step& s);   // arch/qwen3.cpp
void forward_gemma3(Step& s);  // arch/gemma3.cpp
void forward_bert(Step& s);    // arch/bert.cpp

}  // namespace perimeter::engine
