#!/usr/bin/env python3
"""Reference data for tests/gguf, produced by gguf-py (the `gguf` package of the dev venv,
installed beside llama-cpp-python 0.3.36).

1. reference/<model>.ref.tsv for each real model: what gguf.GGUFReader reads - version,
   counts, alignment, data offset, every metadata key (type and value; arrays as count +
   CRC-32 of their raw bytes, string arrays as count + CRC-32 of the strings joined by NUL),
   every tensor (type, shape, offset, size) and, for every tensor, the CRC-32 of
   gguf.quants.dequantize() of its first rows and its last row (float32 bytes, so the C++
   dequantizers must agree bit for bit).
2. reference/random_<TYPE>.bin: random blocks of each supported type (random bytes with
   finite fp16 scales), followed by gguf.quants.dequantize() of them as float32.
3. reference/quantize_<TYPE>.bin: random floats and gguf.quants.quantize() of them, for the
   quantizers both sides have (Q4_0, Q8_0).

Re-run: ~/.cache/perimeter/venv/bin/python tests/gguf/gen_reference.py
"""
import os
import struct
import sys
import zlib

import numpy as np
import gguf
from gguf import GGMLQuantizationType as QT
from gguf.quants import dequantize, quantize

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.path.join(HERE, "reference")
MODELS = os.environ.get("PERIMETER_MODELS_DIR", os.path.expanduser("~/.cache/perimeter/models"))
MODEL_FILES = ["SmolLM2-135M-Instruct.Q4_1.gguf", "gemma-3-270m-q4_k_m.gguf"]
MAX_ELEMS = 1 << 16  # per tensor: first rows up to this many elements, plus the last row

try:
    from importlib.metadata import version
    GGUF_PY = version("gguf")
except Exception:  # pragma: no cover
    GGUF_PY = "?"
PROVENANCE = f"gguf-py {GGUF_PY} (dev venv with llama-cpp-python 0.3.36)"

VT = gguf.GGUFValueType


def esc(s: bytes) -> str:
    """Printable one-line form: backslash escapes for \\, tab, newline, CR."""
    t = s.decode("utf-8", errors="surrogateescape")
    return (t.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
            .encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace"))


def crc(b: bytes) -> str:
    return "%08x" % (zlib.crc32(b) & 0xFFFFFFFF)


def kv_line(name, field):
    types = field.types
    vtype = types[0]
    if vtype == VT.ARRAY:
        etype = types[1]
        parts = [bytes(field.parts[i]) for i in field.data]
        if etype == VT.STRING:
            payload = b"\0".join(parts)
        else:
            payload = b"".join(parts)
        return f"kv\t{name}\tarray\t{etype.name.lower()}\t{len(field.data)}\t{crc(payload)}"
    raw = field.parts[field.data[0]]
    if vtype == VT.STRING:
        return f"kv\t{name}\tstring\t{esc(bytes(raw))}"
    v = raw[0]
    if vtype == VT.FLOAT32:
        return f"kv\t{name}\tfloat32\t{np.float32(v)!r}".replace("np.float32(", "").replace(")", "")
    if vtype == VT.FLOAT64:
        return f"kv\t{name}\tfloat64\t{float(v)!r}"
    if vtype == VT.BOOL:
        return f"kv\t{name}\tbool\t{int(bool(v))}"
    return f"kv\t{name}\t{vtype.name.lower()}\t{int(v)}"


def model_reference(path):
    r = gguf.GGUFReader(path)
    out = [f"# {os.path.basename(path)}: gguf.GGUFReader view, written by tests/gguf/gen_reference.py with {PROVENANCE}"]
    out.append(f"file_size\t{os.path.getsize(path)}")
    version = int(r.fields["GGUF.version"].parts[-1][0])
    out.append(f"version\t{version}")
    kvs = [(k, f) for k, f in r.fields.items() if not k.startswith("GGUF.")]
    out.append(f"n_kv\t{len(kvs)}")
    out.append(f"n_tensors\t{len(r.tensors)}")
    out.append(f"alignment\t{r.alignment}")
    out.append(f"data_offset\t{r.data_offset}")
    for k, f in kvs:
        out.append(kv_line(k, f))
    for t in r.tensors:
        shape = "x".join(str(int(d)) for d in t.shape)  # gguf-py shape is ne order
        out.append(f"tensor\t{t.name}\t{t.tensor_type.name}\t{shape}\t{int(t.data_offset) - r.data_offset}\t{int(t.n_bytes)}")
    for t in r.tensors:
        ne0 = int(t.shape[0])
        n_rows = int(t.n_elements) // ne0
        raw = np.asarray(t.data).view(np.uint8).reshape(n_rows, -1)
        rows = max(1, min(n_rows, MAX_ELEMS // ne0))
        sel = list(range(rows)) + ([n_rows - 1] if n_rows - 1 >= rows else [])
        values = dequantize(raw[sel], t.tensor_type).astype(np.float32)
        assert values.shape == (len(sel), ne0), (t.name, values.shape)
        out.append(f"deq\t{t.name}\t{rows}\t{len(sel)}\t{crc(values.tobytes())}\t{float(values.astype(np.float64).sum())!r}")
    return "\n".join(out) + "\n"


def finite_f16(rng, n, lo=-3.0, hi=3.0):
    return rng.uniform(lo, hi, n).astype(np.float16).view(np.uint16)


def random_blocks(qtype, n_blocks, rng):
    """Random bytes for qtype, with every fp16 scale field replaced by a finite value."""
    block, size = gguf.GGML_QUANT_SIZES[qtype]
    if qtype == QT.F32:
        return rng.normal(0, 10, n_blocks * block).astype(np.float32).tobytes()
    if qtype == QT.F16:
        v = rng.normal(0, 100, n_blocks * block).astype(np.float16)
        v[:4] = np.array([0.0, -0.0, 6.0e-8, -6.1e-5], dtype=np.float16)  # zeros and subnormals
        return v.tobytes()
    if qtype == QT.BF16:
        v = rng.normal(0, 100, n_blocks * block).astype(np.float32).view(np.uint32) >> 16
        return v.astype(np.uint16).tobytes()
    raw = rng.integers(0, 256, size=(n_blocks, size), dtype=np.uint8)
    # offsets of fp16 fields inside each block (ggml-common.h layouts)
    half_fields = {
        QT.Q4_0: [0], QT.Q4_1: [0, 2], QT.Q5_0: [0], QT.Q5_1: [0, 2], QT.Q8_0: [0],
        QT.Q2_K: [80, 82], QT.Q3_K: [108], QT.Q4_K: [0, 2], QT.Q5_K: [0, 2], QT.Q6_K: [208],
    }[qtype]
    for off in half_fields:
        raw[:, off:off + 2] = finite_f16(rng, n_blocks).view(np.uint8).reshape(n_blocks, 2)
    return raw.tobytes()


def main():
    os.makedirs(REF, exist_ok=True)
    for name in MODEL_FILES:
        path = os.path.join(MODELS, name)
        if not os.path.exists(path):
            print(f"missing model {path}", file=sys.stderr)
            return 1
        stem = name[:-len(".gguf")]
        with open(os.path.join(REF, stem + ".ref.tsv"), "w") as f:
            f.write(model_reference(path))
        print("wrote", stem + ".ref.tsv")

    rng = np.random.default_rng(20240601)
    # random_<TYPE>.bin: u32 n_elements, then the blocks, then n_elements float32.
    for qt in [QT.F32, QT.F16, QT.BF16, QT.Q4_0, QT.Q4_1, QT.Q5_0, QT.Q5_1, QT.Q8_0,
               QT.Q2_K, QT.Q3_K, QT.Q4_K, QT.Q5_K, QT.Q6_K]:
        block, size = gguf.GGML_QUANT_SIZES[qt]
        n = 2048
        blob = random_blocks(qt, n // block, rng)
        values = dequantize(np.frombuffer(blob, dtype=np.uint8), qt).astype(np.float32).ravel()
        assert values.size == n
        with open(os.path.join(REF, f"random_{qt.name}.bin"), "wb") as f:
            f.write(struct.pack("<I", n) + blob + values.tobytes())
    # quantize_<TYPE>.bin: u32 n_elements, n float32 inputs, then gguf-py's blocks.
    for qt in [QT.Q4_0, QT.Q8_0]:
        n = 2048
        x = rng.normal(0, 1, n).astype(np.float32)
        x[:32] = 0.0            # an all-zero block
        x[32:64] *= 1e-3        # a block of small values
        x[64] = 0.5 * 127 / 127  # ties
        blocks = quantize(x.reshape(-1, 32 if qt != QT.Q8_K else 256), qt)
        with open(os.path.join(REF, f"quantize_{qt.name}.bin"), "wb") as f:
            f.write(struct.pack("<I", n) + x.tobytes() + np.asarray(blocks).tobytes())
    with open(os.path.join(REF, "README.txt"), "w") as f:
        f.write(f"Written by tests/gguf/gen_reference.py with {PROVENANCE}.\n"
                "random_<TYPE>.bin:   u32 n | blocks of TYPE holding n values | n float32 (gguf.quants.dequantize)\n"
                "quantize_<TYPE>.bin: u32 n | n float32 inputs | blocks (gguf.quants.quantize)\n"
                "<model>.ref.tsv:     gguf.GGUFReader view of a real model (see the script's docstring)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
