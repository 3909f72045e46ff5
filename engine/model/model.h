// A loaded model: the mapped GGUF file, its hyper-parameters and its weights. This is what
// the forward pass is handed; it owns the mapping, so every GgufTensor pointer in `weights`
// stays valid for as long as the Model lives (moving the Model does not move the file).
#pragma once
#include <memory>
#include <string>

#include "engine/gguf/gguf_file.h"
#include "engine/model/hparams.h"
#include "engine/model/weights.h"

namespace perimeter::engine {

struct Model {
    std::unique_ptr<GgufFile> file;  // the mapping (tensor data is read in place)
    HParams hparams;
    ModelWeights weights;
};

// Opens, maps and validates: GGUF structure, hyper-parameters, every tensor's shape and type.
// Throws GgufError ("<path>: load: ...") on any problem.
std::unique_ptr<Model> load_model(const std::string& path);
// The same on an already-open file (tests build files in memory).
std::unique_ptr<Model> load_model(std::unique_ptr<GgufFile> file);

}  // namespace perimeter::engine
