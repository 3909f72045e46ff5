// load_weights: bind each tensor by its table name, check shape and type.
#include "engine/model/weights.h"

#include <initializer_list>

#include "kernels/type_traits.h"

namespace perimeter::engine {
namespace {

std::string shape_string(std::initializer_list<int64_t> shape) {
    std::string s;
    for (int64_t d : shape) {
        if (!s.empty()) s += 'x';
        s += std::to_string(d);
    }
    return s;
}

// Looks tensors up by name and checks them; collects the names of missing required tensors
// so one error lists them all.
class Binder {
public:
    explicit Binder(const GgufFile& f) : f_(f) {}

    // A tensor the architecture requires.
    const GgufTensor* need(Tn tn, int il, std::initializer_list<int64_t> shape, std::string_view suffix = "weight") {
        const std::string name = tensor_name(tn, il, suffix);
        const GgufTensor* t = f_.tensor(name);
        if (!t) {
            missing_.push_back(name);
            return nullptr;
        }
        return check(name, *t, shape);
    }
    // A tensor some files of the architecture have (nullptr when absent; checked when present).
    const GgufTensor* maybe(Tn tn, int il, std::initializer_list<int64_t> shape, std::string_view suffix = "weight") {
        const std::string name = tensor_name(tn, il, suffix);
        const GgufTensor* t = f_.tensor(name);
        return t ? check(name, *t, shape) : nullptr;
    }
    // Throws when required tensors were missing.
    void finish() const {
        if (missing_.empty()) return;
        std::string list;
        for (size_t i = 0; i < missing_.size() && i < 8; ++i) list += (i ? ", " : "") + missing_[i];
        if (missing_.size() > 8) list += ", ... (" + std::to_string(missing_.size()) + " missing)";
        f_.fail("load: missing tensor" + std::string(missing_.size() > 1 ? "s: " : ": ") + list);
    }

private:
    // Shape: the first dims must equal `shape`, any further dims must be 1 (a [E] vector may
    // be stored as [E, 1]). Type: the kernels must support it.
    const GgufTensor* check(const std::string& name, const GgufTensor& t, std::initializer_list<int64_t> shape) {
        bool ok = true;
        int d = 0;
        for (int64_t want : shape) ok = ok && t.ne[d++] == want;
        for (; d < 4; ++d) ok = ok && t.ne[d] == 1;
        if (!ok) f_.fail("load: " + name + ": expected " + shape_string(shape) + ", got " + t.shape_str());
        if (!kernels::type_traits(t.type).supported)
            f_.fail("load: " + name + ": type " + kernels::type_label(t.type) + " not supported");
        return &t;
    }

    const GgufFile& f_;
    std::vector<std::string> missing_;
};

// llama, qwen2, qwen3, gemma3: pre-norm decoder blocks, optional extras driven by HParams flags.
void bind_decoder(Binder& b, const HParams& hp, ModelWeights& w) {
    const int64_t E = hp.n_embd, V = hp.n_vocab, F = hp.n_ff;
    const int64_t Q = hp.n_embd_q(), K = hp.n_embd_k_gqa(), Vv = hp.n_embd_v_gqa(), Dk = hp.head_dim_k;
    w.token_embd = b.need(Tn::TOKEN_EMBD, -1, {E, V});
    w.output_norm = b.need(Tn::OUTPUT_NORM, -1, {E});
    w.output = b.maybe(Tn::OUTPUT, -1, {E, V});
    w.rope_freqs = b.maybe(Tn::ROPE_FREQS, -1, {hp.n_rot / 2});
    for (int il = 0; il < int(hp.n_layer); ++il) {
        LayerWeights& L = w.layers[size_t(il)];
        L.attn_norm = b.need(Tn::ATTN_NORM, il, {E});
        L.wq = b.need(Tn::ATTN_Q, il, {E, Q});
        L.wk = b.need(Tn::ATTN_K, il, {E, K});
        L.wv = b.need(Tn::ATTN_V, il, {E, Vv});
        L.wo = b.need(Tn::ATTN_OUT, il, {hp.n_head * hp.head_dim_v, E});
        if (hp.has_qkv_bias) {
            L.bq = b.need(Tn::ATTN_Q, il, {Q}, "bias");
            L.bk = b.need(Tn::ATTN_K, il, {K}, "bias");
            L.bv = b.need(Tn::ATTN_V, il, {Vv}, "bias");
        } else {  // some llama fine-tunes carry biases
            L.bq = b.maybe(Tn::ATTN_Q, il, {Q}, "bias");
            L.bk = b.maybe(Tn::ATTN_K, il, {K}, "bias");
            L.bv = b.maybe(Tn::ATTN_V, il, {Vv}, "bias");
        }
        L.bo = b.maybe(Tn::ATTN_OUT, il, {E}, "bias");
        if (hp.has_qk_norm) {
            L.q_norm = b.need(Tn::ATTN_Q_NORM, il, {Dk});
            L.k_norm = b.need(Tn::ATTN_K_NORM, il, {Dk});
        }
        if (hp.has_post_norms) {
            L.attn_post_norm = b.need(Tn::ATTN_POST_NORM, il, {E});
            L.ffn_post_norm = b.need(Tn::FFN_POST_NORM, il, {E});
        }
        L.ffn_norm = b.need(Tn::FFN_NORM, il, {E});
        L.ffn_gate = b.need(Tn::FFN_GATE, il, {E, F});
        L.ffn_up = b.need(Tn::FFN_UP, il, {E, F});
        L.ffn_down = b.need(Tn::FFN_DOWN, il, {F, E});
    }
}

// bert: embeddings (token + type + position) -> LayerNorm -> post-norm encoder blocks.
void bind_bert(Binder& b, const HParams& hp, ModelWeights& w) {
    const int64_t E = hp.n_embd, V = hp.n_vocab, F = hp.n_ff;
    const int64_t Q = hp.n_embd_q(), K = hp.n_embd_k_gqa(), Vv = hp.n_embd_v_gqa();
    w.token_embd = b.need(Tn::TOKEN_EMBD, -1, {E, V});
    w.token_types = b.need(Tn::TOKEN_TYPES, -1, {E, hp.n_token_types});
    w.pos_embd = b.need(Tn::POS_EMBD, -1, {E, hp.n_ctx_train});
    w.token_embd_norm = b.need(Tn::TOKEN_EMBD_NORM, -1, {E});
    w.token_embd_norm_b = b.need(Tn::TOKEN_EMBD_NORM, -1, {E}, "bias");
    for (int il = 0; il < int(hp.n_layer); ++il) {
        LayerWeights& L = w.layers[size_t(il)];
        L.wq = b.need(Tn::ATTN_Q, il, {E, Q});
        L.bq = b.need(Tn::ATTN_Q, il, {Q}, "bias");
        L.wk = b.need(Tn::ATTN_K, il, {E, K});
        L.bk = b.need(Tn::ATTN_K, il, {K}, "bias");
        L.wv = b.need(Tn::ATTN_V, il, {E, Vv});
        L.bv = b.need(Tn::ATTN_V, il, {Vv}, "bias");
        L.wo = b.need(Tn::ATTN_OUT, il, {hp.n_head * hp.head_dim_v, E});
        L.bo = b.need(Tn::ATTN_OUT, il, {E}, "bias");
        L.attn_out_norm = b.need(Tn::ATTN_OUT_NORM, il, {E});
        L.attn_out_norm_b = b.need(Tn::ATTN_OUT_NORM, il, {E}, "bias");
        L.ffn_up = b.need(Tn::FFN_UP, il, {E, F});
        L.ffn_up_b = b.need(Tn::FFN_UP, il, {F}, "bias");
        L.ffn_down = b.need(Tn::FFN_DOWN, il, {F, E});
        L.ffn_down_b = b.need(Tn::FFN_DOWN, il, {E}, "bias");
        L.layer_out_norm = b.need(Tn::LAYER_OUT_NORM, il, {E});
        L.layer_out_norm_b = b.need(Tn::LAYER_OUT_NORM, il, {E}, "bias");
    }
}

}  // namespace

ModelWeights load_weights(const GgufFile& file, const HParams& hp) {
    ModelWeights w;
    w.layers.resize(size_t(hp.n_layer));
    Binder b(file);
    switch (hp.arch) {
        case Arch::LLAMA:
        case Arch::QWEN2:
        case Arch::QWEN3:
        case Arch::GEMMA3: bind_decoder(b, hp, w); break;
        case Arch::BERT: bind_bert(b, hp, w); break;
        case Arch::UNKNOWN: file.fail("load: architecture '" + hp.arch_name + "' not supported");
    }
    b.finish();
    // Tied embeddings: no output.weight, the LM head is the embedding matrix (bert has no head).
    if (!w.output && hp.arch != Arch::BERT) {
        w.output = w.token_embd;
        w.tied_output = true;
    }
    return w;
}

}  // namespace perimeter::engine
