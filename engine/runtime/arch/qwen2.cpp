// Qwen 2 / 2.5: the Llama decoder with biases on the q, k and v projections and NeoX-order
// rotary embedding. Both differences are data, not code: load_weights binds the biases and
// read_hparams sets the rope order, so the pass is Llama's.
#include "engine/runtime/arch/arch.h"

namespace perimeter::engine {

void forward_qwen2(Step& s) { forward_llama(s); }

}  // namespace perimeter::engine
