#!/usr/bin/env python3
"""Writes the benchmark model set into ~/.cache/perimeter/models/bench/ (never into git).

  SmolLM2-135M re-quantized from the shipped Q4_1 to Q4_0, Q4_K_M and Q8_0 (llama.cpp's own
  quantizer through llama-cpp-python: llama_cpp.llama_model_quantize, allow_requantize)
  llama-1b-random: a Llama-3.2-1B-shaped model with random weights (n_embd 2048, 16 layers,
  32 heads, 8 KV heads, ffn 8192, vocab 128256, tied embeddings) written as F16 with the gguf
  package, tokenizer copied from the Llama-3 vocab GGUF, then quantized to Q4_K_M and Q8_0.

Speed does not depend on the weight values, so random weights measure the same thing as the
real model. Run with the dev venv's python; it skips files that already exist.
"""
import argparse
import ctypes
import os
import sys
from pathlib import Path

import numpy as np

CACHE = Path(os.environ.get("PERIMETER_CACHE_DIR", Path.home() / ".cache/perimeter"))
MODELS = CACHE / "models"
OUT = MODELS / "bench"
SMOL = MODELS / "SmolLM2-135M-Instruct.Q4_1.gguf"
LLAMA3_VOCAB = CACHE / "vocab" / "ggml-vocab-llama-bpe.gguf"


def quantize(src: Path, dst: Path, ftype_name: str, threads: int) -> None:
    import llama_cpp

    if dst.exists():
        print(f"exists: {dst}")
        return
    params = llama_cpp.llama_model_quantize_default_params()
    params.nthread = threads
    params.ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{ftype_name}")
    params.allow_requantize = True
    tmp = dst.with_suffix(".tmp")
    rc = llama_cpp.llama_model_quantize(str(src).encode(), str(tmp).encode(), ctypes.byref(params))
    if rc != 0:
        sys.exit(f"gen_bench_models: quantize {src} -> {ftype_name} failed (rc {rc})")
    tmp.rename(dst)
    print(f"wrote {dst} ({dst.stat().st_size / 1e6:.0f} MB)")


def write_random_llama(dst: Path) -> None:
    import gguf

    if dst.exists():
        print(f"exists: {dst}")
        return
    if not LLAMA3_VOCAB.exists():
        sys.exit(f"gen_bench_models: missing {LLAMA3_VOCAB} (the Llama-3 vocab GGUF from the set-up script)")
    n_embd, n_layer, n_head, n_kv, n_ff, n_vocab = 2048, 16, 32, 8, 8192, 128256
    head_dim = n_embd // n_head
    w = gguf.GGUFWriter(str(dst.with_suffix(".tmp")), "llama")
    w.add_name("llama-1b-random")
    w.add_context_length(131072)
    w.add_embedding_length(n_embd)
    w.add_block_count(n_layer)
    w.add_feed_forward_length(n_ff)
    w.add_head_count(n_head)
    w.add_head_count_kv(n_kv)
    w.add_rope_freq_base(500000.0)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_dimension_count(head_dim)
    w.add_vocab_size(n_vocab)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    # Tokenizer: every tokenizer.* key of the Llama-3 vocab file.
    voc = gguf.GGUFReader(str(LLAMA3_VOCAB))
    for field in voc.fields.values():
        if not field.name.startswith("tokenizer."):
            continue
        vtype = field.types[0]
        if vtype == gguf.GGUFValueType.ARRAY:
            sub = field.types[1]
            if sub == gguf.GGUFValueType.STRING:
                val = [bytes(field.parts[i]).decode("utf-8", errors="surrogateescape") for i in field.data]
            else:
                val = [field.parts[i].tolist()[0] for i in field.data]
            w.add_array(field.name, val)
        elif vtype == gguf.GGUFValueType.STRING:
            w.add_string(field.name, bytes(field.parts[field.data[0]]).decode())
        else:
            w.add_key_value(field.name, field.parts[field.data[0]].tolist()[0], vtype)
    rng = np.random.default_rng(0)

    def rand(*shape):
        return (rng.standard_normal(shape, dtype=np.float32) * 0.02).astype(np.float16)

    w.add_tensor("token_embd.weight", rand(n_vocab, n_embd))
    w.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
    for i in range(n_layer):
        p = f"blk.{i}."
        w.add_tensor(p + "attn_norm.weight", np.ones(n_embd, dtype=np.float32))
        w.add_tensor(p + "attn_q.weight", rand(n_embd, n_embd))
        w.add_tensor(p + "attn_k.weight", rand(n_kv * head_dim, n_embd))
        w.add_tensor(p + "attn_v.weight", rand(n_kv * head_dim, n_embd))
        w.add_tensor(p + "attn_output.weight", rand(n_embd, n_embd))
        w.add_tensor(p + "ffn_norm.weight", np.ones(n_embd, dtype=np.float32))
        w.add_tensor(p + "ffn_gate.weight", rand(n_ff, n_embd))
        w.add_tensor(p + "ffn_up.weight", rand(n_ff, n_embd))
        w.add_tensor(p + "ffn_down.weight", rand(n_embd, n_ff))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    dst.with_suffix(".tmp").rename(dst)
    print(f"wrote {dst} ({dst.stat().st_size / 1e9:.2f} GB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-1b", action="store_true", help="only the SmolLM2 re-quantizations")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if not SMOL.exists():
        sys.exit(f"gen_bench_models: missing {SMOL} (run the set-up script)")
    for ft in ("Q4_0", "Q4_K_M", "Q8_0"):
        quantize(SMOL, OUT / f"SmolLM2-135M-Instruct.{ft}.gguf", ft, args.threads)
    if args.skip_1b:
        return
    f16 = OUT / "llama-1b-random.F16.gguf"
    write_random_llama(f16)
    for ft in ("Q4_K_M", "Q8_0"):
        quantize(f16, OUT / f"llama-1b-random.{ft}.gguf", ft, args.threads)
    f16.unlink()  # 2.5 GB; the quantized files are what the benchmark reads
    print(f"removed {f16}")


if __name__ == "__main__":
    main()
