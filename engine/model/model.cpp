#include "engine/model/model.h"

namespace perimeter::engine {

std::unique_ptr<Model> load_model(std::unique_ptr<GgufFile> file) {
    auto m = std::make_unique<Model>();
    m->hparams = read_hparams(*file);
    m->weights = load_weights(*file, m->hparams);
    m->file = std::move(file);
    return m;
}

std::unique_ptr<Model> load_model(const std::string& path) { return load_model(GgufFile::open(path)); }

}  // namespace perimeter::engine
