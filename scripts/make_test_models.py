#!/usr/bin/env python3
"""Small random-weight GGUF models for the runtime tests (idempotent).

Writes ~/.cache/perimeter/models/test/<arch>.<TYPE>.gguf for
  qwen2   (QKV biases, tied embeddings, NeoX rope)        vocab: ggml-vocab-qwen2.gguf
  qwen3   (QK-norm, head_dim 128 != n_embd / n_head)       vocab: ggml-vocab-qwen2.gguf
  llama3  (llama arch, rope_freqs llama3 scaling, untied)  vocab: ggml-vocab-llama-bpe.gguf
  bert    (encoder, CLS pooling)                           vocab: ggml-vocab-bert-bge.gguf
in F32, F16, Q8_0, Q4_0 (gguf.quants.quantize) and Q4_K, Q6_K (llama.cpp's quantizer via
llama-cpp-python, "pure" so every matrix gets the type). The vocabularies are real, so test
prompts are real text; all dimensions are multiples of 256 so the k-quants apply.

Weights are random but scaled like a trained model's (unit-RMS activations, logits with a
spread of a few units) so next-token distributions are peaked, not flat: top-1 agreement
between two implementations then measures the implementations, not noise.

Usage: make_test_models.py [--out DIR] [--force]
"""
import argparse
import ctypes
import math
import os
import sys
from pathlib import Path

import numpy as np
import gguf
from gguf import GGMLQuantizationType as QT

HOME = Path.home()
CACHE = Path(os.environ.get("PERIMETER_CACHE_DIR", HOME / ".cache" / "perimeter"))
HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("PERIMETER_SHARED_DIR", HERE.parent.parent / "shared"))
VERSION = 4  # bump to regenerate every file

TYPES = ["F32", "F16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"]
LLAMA_FTYPE = {"Q4_K": 15, "Q6_K": 18}  # LLAMA_FTYPE_MOSTLY_Q4_K_M / _Q6_K (with pure=True)

SPECS = {
    "qwen2": dict(arch="qwen2", vocab="ggml-vocab-qwen2.gguf", n_embd=256, n_layer=2, n_head=4, n_head_kv=2,
                  head_dim=64, n_ff=512, rope_base=1000000.0, eps=1e-6, ctx=4096, qkv_bias=True, tied=True),
    "qwen3": dict(arch="qwen3", vocab="ggml-vocab-qwen2.gguf", n_embd=256, n_layer=2, n_head=4, n_head_kv=2,
                  head_dim=128, n_ff=512, rope_base=1000000.0, eps=1e-6, ctx=4096, qk_norm=True, tied=True),
    "llama3": dict(arch="llama", vocab="ggml-vocab-llama-bpe.gguf", n_embd=256, n_layer=2, n_head=4, n_head_kv=2,
                   head_dim=64, n_ff=512, rope_base=500000.0, eps=1e-5, ctx=4096, rope_freqs=True, tied=False),
    "bert": dict(arch="bert", vocab="ggml-vocab-bert-bge.gguf", n_embd=256, n_layer=2, n_head=4, n_ff=512,
                 eps=1e-12, ctx=512, pooling=2),
}


def vocab_path(name: str) -> Path:
    for d in (CACHE / "vocab", SHARED / "vocab"):
        if (d / name).exists():
            return d / name
    sys.exit(f"make_test_models: vocabulary {name} not found in {CACHE / 'vocab'} or {SHARED / 'vocab'}")


def copy_tokenizer(w: gguf.GGUFWriter, vocab_file: Path) -> int:
    """Copies every tokenizer.* key of a vocab-only GGUF; returns the vocabulary size."""
    r = gguf.GGUFReader(vocab_file)
    n_vocab = 0
    for key, field in r.fields.items():
        if not key.startswith("tokenizer."):
            continue
        vtype = field.types[0]
        if vtype == gguf.GGUFValueType.ARRAY:
            sub = field.types[-1]
            w.add_key_value(key, field.contents(), vtype, sub_type=sub)
            if key == "tokenizer.ggml.tokens":
                n_vocab = len(field.data)
        else:
            w.add_key_value(key, field.contents(), vtype)
    return n_vocab


def llama3_rope_factors(base: float, dim: int) -> np.ndarray:
    """As convert_hf_to_gguf.py computes rope_freqs for Llama 3.1 (factor 8, original ctx 8192)."""
    factor, low, high, old_ctx = 8.0, 1.0, 4.0, 8192
    low_wl, high_wl = old_ctx / low, old_ctx / high
    out = []
    for i in range(0, dim, 2):
        freq = 1.0 / (base ** (i / dim))
        wl = 2 * math.pi / freq
        if wl < high_wl:
            out.append(1.0)
        elif wl > low_wl:
            out.append(factor)
        else:
            smooth = (old_ctx / wl - low) / (high - low)
            out.append(1.0 / ((1 - smooth) / factor + smooth))
    return np.array(out, dtype=np.float32)


def make_weights(name: str, s: dict, n_vocab: int) -> dict:
    """name -> float32 array in numpy (rows, cols) = ggml (ne1, ne0) order."""
    rng = np.random.default_rng(sum(map(ord, name)) * 7919)  # same weights in every type
    E, F = s["n_embd"], s["n_ff"]

    def mat(rows, cols, scale=1.0):
        return (rng.standard_normal((rows, cols)) * scale / math.sqrt(cols)).astype(np.float32)

    def norm(n):
        return (1.0 + 0.1 * rng.standard_normal(n)).astype(np.float32)

    def bias(n):
        return (0.1 * rng.standard_normal(n)).astype(np.float32)

    t = {}
    t["token_embd.weight"] = (0.4 * rng.standard_normal((n_vocab, E))).astype(np.float32)
    if s["arch"] == "bert":
        H = s["n_embd"]
        t["token_types.weight"] = (0.1 * rng.standard_normal((2, E))).astype(np.float32)
        t["position_embd.weight"] = (0.1 * rng.standard_normal((s["ctx"], E))).astype(np.float32)
        t["token_embd_norm.weight"], t["token_embd_norm.bias"] = norm(E), bias(E)
        for i in range(s["n_layer"]):
            p = f"blk.{i}."
            for x in ("attn_q", "attn_k", "attn_v"):
                t[p + x + ".weight"], t[p + x + ".bias"] = mat(H, E, 2.0), bias(H)
            t[p + "attn_output.weight"], t[p + "attn_output.bias"] = mat(E, H), bias(E)
            t[p + "attn_output_norm.weight"], t[p + "attn_output_norm.bias"] = norm(E), bias(E)
            t[p + "ffn_up.weight"], t[p + "ffn_up.bias"] = mat(F, E, 2.0), bias(F)
            t[p + "ffn_down.weight"], t[p + "ffn_down.bias"] = mat(E, F), bias(E)
            t[p + "layer_output_norm.weight"], t[p + "layer_output_norm.bias"] = norm(E), bias(E)
        return t
    Dh, Hq, Hk = s["head_dim"], s["n_head"], s["n_head_kv"]
    for i in range(s["n_layer"]):
        p = f"blk.{i}."
        t[p + "attn_norm.weight"] = norm(E)
        t[p + "attn_q.weight"] = mat(Hq * Dh, E, 2.0)
        t[p + "attn_k.weight"] = mat(Hk * Dh, E, 2.0)
        t[p + "attn_v.weight"] = mat(Hk * Dh, E)
        if s.get("qkv_bias"):
            t[p + "attn_q.bias"], t[p + "attn_k.bias"], t[p + "attn_v.bias"] = bias(Hq * Dh), bias(Hk * Dh), bias(Hk * Dh)
        if s.get("qk_norm"):
            t[p + "attn_q_norm.weight"], t[p + "attn_k_norm.weight"] = norm(Dh), norm(Dh)
        t[p + "attn_output.weight"] = mat(E, Hq * Dh)
        t[p + "ffn_norm.weight"] = norm(E)
        t[p + "ffn_gate.weight"] = mat(F, E, 1.5)
        t[p + "ffn_up.weight"] = mat(F, E)
        t[p + "ffn_down.weight"] = mat(E, F)
    t["output_norm.weight"] = norm(E)
    if not s["tied"]:
        t["output.weight"] = (0.4 * rng.standard_normal((n_vocab, E))).astype(np.float32)
    if s.get("rope_freqs"):
        t["rope_freqs.weight"] = llama3_rope_factors(s["rope_base"], Dh)
    return t


def write_hparams(w: gguf.GGUFWriter, s: dict, n_vocab: int, ftype: int) -> None:
    a = s["arch"]
    w.add_name(f"perimeter-test-{a}")
    w.add_file_type(ftype)
    w.add_context_length(s["ctx"])
    w.add_embedding_length(s["n_embd"])
    w.add_block_count(s["n_layer"])
    w.add_feed_forward_length(s["n_ff"])
    w.add_head_count(s["n_head"])
    if a == "bert":
        w.add_layer_norm_eps(s["eps"])
        w.add_causal_attention(False)
        w.add_pooling_type(gguf.PoolingType(s["pooling"]))
        w.add_uint32("tokenizer.ggml.token_type_count", 2)
        return
    w.add_head_count_kv(s["n_head_kv"])
    w.add_layer_norm_rms_eps(s["eps"])
    w.add_rope_freq_base(s["rope_base"])
    w.add_rope_dimension_count(s["head_dim"])
    w.add_key_length(s["head_dim"])
    w.add_value_length(s["head_dim"])
    w.add_vocab_size(n_vocab)


def write_gguf(path: Path, s: dict, qtype: str) -> None:
    vf = vocab_path(s["vocab"])
    tmp = path.with_suffix(".tmp")
    w = gguf.GGUFWriter(tmp, s["arch"])
    n_vocab = copy_tokenizer(w, vf)
    ftype = {"F32": 0, "F16": 1, "Q8_0": 7, "Q4_0": 2}[qtype]
    write_hparams(w, s, n_vocab, ftype)
    for name, arr in make_weights(path.name.split(".")[0], s, n_vocab).items():
        # 1-D tensors stay F32, and so does BERT's token_types (llama.cpp adds its row 0 to the
        # f32 embeddings directly, which needs an f32 tensor).
        if arr.ndim == 1 or qtype == "F32" or name == "token_types.weight":
            w.add_tensor(name, arr)
        elif qtype == "F16":
            w.add_tensor(name, arr.astype(np.float16))
        else:
            q = QT[qtype]
            w.add_tensor(name, gguf.quants.quantize(arr, q), raw_dtype=q)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    os.replace(tmp, path)


def llama_quantize(src: Path, dst: Path, qtype: str) -> None:
    import llama_cpp

    llama_cpp.llama_backend_init()
    p = llama_cpp.llama_model_quantize_default_params()
    p.ftype = LLAMA_FTYPE[qtype]
    p.pure = True
    p.nthread = 2
    tmp = dst.with_suffix(".tmp")
    rc = llama_cpp.llama_model_quantize(str(src).encode(), str(tmp).encode(), ctypes.byref(p))
    if rc != 0:
        sys.exit(f"make_test_models: llama_model_quantize {src} -> {qtype} failed ({rc})")
    os.replace(tmp, dst)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=CACHE / "models" / "test")
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    stamp = a.out / ".version"
    if not a.force and stamp.exists() and stamp.read_text().strip() == str(VERSION) and all(
        (a.out / f"{n}.{t}.gguf").exists() for n in SPECS for t in TYPES
    ):
        print(f"test models up to date in {a.out}")
        return
    for name, spec in SPECS.items():
        for t in TYPES:
            dst = a.out / f"{name}.{t}.gguf"
            if t in LLAMA_FTYPE:
                llama_quantize(a.out / f"{name}.F32.gguf", dst, t)
            else:
                write_gguf(dst, spec, t)
            print(f"wrote {dst} ({dst.stat().st_size / 1e6:.1f} MB)")
    stamp.write_text(str(VERSION))


if __name__ == "__main__":
    main()
