#!/usr/bin/env python3
"""Convert a Hugging Face BERT sentence-embedding model (all-MiniLM-L6-v2: model.safetensors,
config.json, tokenizer.json, 1_Pooling/config.json) into a BERT GGUF, the way llama.cpp's
convert_hf_to_gguf.py (BertModel) does: same keys, same tensor names, same vocabulary layout
(WordPiece with "phantom space" tokens: "##x" -> "x", "x" -> "\u2581x", "[X]" kept), so that
llama.cpp (llama-cpp-python) loads the result - it is the embedding reference of our tests.

Reads safetensors without torch (header + raw little-endian data).

Usage: convert_bert_gguf.py MODEL_DIR OUT.gguf [--type f16|f32]
"""
import argparse
import json
import os
import struct
import sys
from pathlib import Path

import numpy as np
import gguf

DTYPES = {"F32": np.float32, "F16": np.float16, "BF16": None, "F64": np.float64, "I64": np.int64}


def read_safetensors(path: Path) -> dict:
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        base = 8 + n
    data = np.memmap(path, dtype=np.uint8, mode="r")
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        b, e = info["data_offsets"]
        raw = np.asarray(data[base + b: base + e])
        if info["dtype"] == "BF16":
            arr = (raw.view(np.uint16).astype(np.uint32) << 16).view(np.float32)
        elif info["dtype"] in DTYPES:
            arr = raw.view(DTYPES[info["dtype"]])
        else:
            sys.exit(f"convert_bert_gguf: {path}: tensor {name}: dtype {info['dtype']} not supported")
        out[name] = arr.reshape(info["shape"]).astype(np.float32)
    return out


def tensor_name(hf: str):
    """HF BERT name -> GGUF name (None: not used, e.g. the pooler)."""
    n = hf[5:] if hf.startswith("bert.") else hf
    n = n.replace(".gamma", ".weight").replace(".beta", ".bias")
    fixed = {
        "embeddings.word_embeddings.weight": "token_embd.weight",
        "embeddings.position_embeddings.weight": "position_embd.weight",
        "embeddings.token_type_embeddings.weight": "token_types.weight",
        "embeddings.LayerNorm.weight": "token_embd_norm.weight",
        "embeddings.LayerNorm.bias": "token_embd_norm.bias",
    }
    if n in fixed:
        return fixed[n]
    if n.startswith("embeddings.position_ids") or n.startswith("pooler."):
        return None
    parts = n.split(".")
    if len(parts) < 5 or parts[0] != "encoder" or parts[1] != "layer":
        sys.exit(f"convert_bert_gguf: unexpected tensor {hf}")
    i, rest = parts[2], ".".join(parts[3:])
    table = {
        "attention.self.query": "attn_q", "attention.self.key": "attn_k", "attention.self.value": "attn_v",
        "attention.output.dense": "attn_output", "attention.output.LayerNorm": "attn_output_norm",
        "intermediate.dense": "ffn_up", "output.dense": "ffn_down", "output.LayerNorm": "layer_output_norm",
    }
    stem, kind = rest.rsplit(".", 1)
    if stem not in table:
        sys.exit(f"convert_bert_gguf: unexpected tensor {hf}")
    return f"blk.{i}.{table[stem]}.{kind}"


def vocab(model_dir: Path):
    tok = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))
    v = tok["model"]["vocab"]
    tokens = [None] * len(v)
    for t, i in v.items():
        tokens[i] = t
    special = {a["content"]: a["id"] for a in tok.get("added_tokens", []) if a.get("special")}
    types = [gguf.TokenType.CONTROL if t in special else gguf.TokenType.NORMAL for t in tokens]

    def phantom(t):
        if t.startswith("[") and t.endswith("]"):
            return t
        if t.startswith("##"):
            return t[2:]
        return "\u2581" + t

    return [phantom(t) for t in tokens], types, v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--type", choices=["f16", "f32"], default="f16")
    a = ap.parse_args()
    cfg = json.loads((a.model_dir / "config.json").read_text())
    pooling = gguf.PoolingType.MEAN
    pcfg = a.model_dir / "1_Pooling" / "config.json"
    if pcfg.exists():
        p = json.loads(pcfg.read_text())
        pooling = gguf.PoolingType.CLS if p.get("pooling_mode_cls_token") else gguf.PoolingType.MEAN
    weights = read_safetensors(a.model_dir / "model.safetensors")
    tokens, types, v = vocab(a.model_dir)
    if len(tokens) != cfg["vocab_size"]:
        sys.exit(f"convert_bert_gguf: vocabulary has {len(tokens)} tokens, config.json says {cfg['vocab_size']}")

    tmp = a.out.with_suffix(".tmp")
    w = gguf.GGUFWriter(tmp, "bert")
    w.add_name(a.model_dir.name)
    w.add_file_type(1 if a.type == "f16" else 0)
    w.add_context_length(cfg["max_position_embeddings"])
    w.add_embedding_length(cfg["hidden_size"])
    w.add_feed_forward_length(cfg["intermediate_size"])
    w.add_block_count(cfg["num_hidden_layers"])
    w.add_head_count(cfg["num_attention_heads"])
    w.add_layer_norm_eps(cfg.get("layer_norm_eps", 1e-12))
    w.add_causal_attention(False)
    w.add_pooling_type(pooling)
    w.add_token_type_count(cfg.get("type_vocab_size", 2))
    w.add_tokenizer_model("bert")
    w.add_tokenizer_pre("bert-bge")
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_unk_token_id(v["[UNK]"])
    w.add_sep_token_id(v["[SEP]"])
    w.add_pad_token_id(v["[PAD]"])
    w.add_uint32("tokenizer.ggml.cls_token_id", v["[CLS]"])
    w.add_uint32("tokenizer.ggml.mask_token_id", v["[MASK]"])
    for hf, arr in weights.items():
        name = tensor_name(hf)
        if name is None:
            continue
        # token_types stays F32: llama.cpp adds its row 0 to the f32 embeddings directly.
        if a.type == "f16" and arr.ndim == 2 and name != "token_types.weight":
            arr = arr.astype(np.float16)
        w.add_tensor(name, np.ascontiguousarray(arr))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    os.replace(tmp, a.out)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
