#!/usr/bin/env python3
"""Seeds for the GGUF fuzzer made from the real models, written into the cache (they come from
model files, so they are generated at set-up, not kept in the repository). The fuzzer's other
seeds are the hand-made files of tests/gguf/broken/ (tests/gguf/gen_broken.py).

- <model>.head.bin: the first 4 KiB of each real model (a truncated real header);
- <model>.mini.bin: each real model minimised: its real metadata with every array cut to 16
  elements, its first 48 tensors with their real names and types but shapes cut to at most
  2 rows of 256 elements, and random tensor data. Small, valid, and close to real files.

Run by scripts/setup.sh:  ~/.cache/perimeter/venv/bin/python tests/fuzz/gen_corpus.py [--out DIR]
(default DIR: $PERIMETER_CACHE_DIR/fuzz/gguf; needs the real models). Deterministic.
"""
import os
import struct
import sys

import numpy as np
import gguf

CACHE = os.environ.get("PERIMETER_CACHE_DIR", os.path.expanduser("~/.cache/perimeter"))
OUT = os.path.join(CACHE, "fuzz", "gguf")
MODELS = os.environ.get("PERIMETER_MODELS_DIR", os.path.join(CACHE, "models"))
MODEL_FILES = ["SmolLM2-135M-Instruct.Q4_1.gguf", "gemma-3-270m-q4_k_m.gguf"]
VT = gguf.GGUFValueType


def gstr(b): return struct.pack("<Q", len(b)) + b
def pad(b, a=32): return b + b"\0" * ((a - len(b) % a) % a)


def minimise(path, rng):
    r = gguf.GGUFReader(path)
    kvs = []
    for name, f in r.fields.items():
        if name.startswith("GGUF."):
            continue
        out = gstr(name.encode()) + struct.pack("<I", int(f.types[0]))
        if f.types[0] == VT.ARRAY:
            keep = f.data[:16]
            out += struct.pack("<IQ", int(f.types[1]), len(keep))
            for i in keep:
                part = bytes(f.parts[i])
                out += gstr(part) if f.types[1] == VT.STRING else part
        elif f.types[0] == VT.STRING:
            out += gstr(bytes(f.parts[f.data[0]]))
        else:
            out += bytes(f.parts[f.data[0]])
        kvs.append(out)
    infos, data = [], b""
    for t in r.tensors[:48]:
        block, size = gguf.GGML_QUANT_SIZES[t.tensor_type]
        ne0 = min(int(t.shape[0]), 256)
        ne0 = max(block, ne0 - ne0 % block)
        dims = [ne0] + ([min(int(t.shape[1]), 2)] if len(t.shape) > 1 else [])
        n_bytes = ne0 // block * size * (dims[1] if len(dims) > 1 else 1)
        info = gstr(t.name.encode()) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<q", d) for d in dims)
        info += struct.pack("<IQ", int(t.tensor_type), len(data))
        infos.append(info)
        raw = bytearray(rng.integers(0, 256, n_bytes, dtype=np.uint8).tobytes())
        if t.tensor_type in (gguf.GGMLQuantizationType.F32,):
            raw = bytearray(rng.normal(0, 1, n_bytes // 4).astype(np.float32).tobytes())
        data = pad(data + bytes(raw))
    head = b"GGUF" + struct.pack("<IQQ", 3, len(infos), len(kvs))
    return pad(head + b"".join(kvs) + b"".join(infos)) + data


def main():
    global OUT
    if len(sys.argv) == 3 and sys.argv[1] == "--out":
        OUT = sys.argv[2]
    elif len(sys.argv) != 1:
        print("usage: gen_corpus.py [--out DIR]", file=sys.stderr)
        return 2
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(7)
    for name in MODEL_FILES:
        path = os.path.join(MODELS, name)
        if not os.path.exists(path):
            print("missing", path, file=sys.stderr)
            return 1
        stem = name[:-len(".gguf")]
        with open(path, "rb") as f:
            head = f.read(4096)
        with open(os.path.join(OUT, stem + ".head.bin"), "wb") as f:
            f.write(head)
        blob = minimise(path, rng)
        mini = os.path.join(OUT, stem + ".mini.bin")
        with open(mini, "wb") as f:
            f.write(blob)
        n = len(gguf.GGUFReader(mini).tensors)  # gguf-py must read it as a valid file
        print(f"{stem}: head 4096 bytes, mini {len(blob)} bytes, {n} tensors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
