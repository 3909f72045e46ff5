#!/usr/bin/env python3
"""Writes the hand-made GGUF files of tests/gguf/broken/ and their expected errors.

Each case is a small file built byte by byte (struct, no gguf-py, so that it can be wrong in
exactly one way) plus the text the reader's GgufError must contain. The test
(broken_files_test.cpp) opens every file listed in broken/expected.tsv and checks that the
error names the file and contains the expected text. A few valid files (valid_*.bin) are
written too: the metadata test reads them. The fuzzer takes this folder as seeds.

Re-run:  python3 tests/gguf/gen_broken.py   (from the repository root; pure python 3)
The files are named *.bin (not *.gguf, which .gitignore excludes).
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "broken")

# GGUF value types
U8, I8, U16, I16, U32, I32, F32, BOOL, STR, ARR, U64, I64, F64 = range(13)
# ggml tensor types
T_F32, T_F16, T_Q4_0 = 0, 1, 2


def u32(v): return struct.pack("<I", v)
def u64(v): return struct.pack("<Q", v & 0xFFFFFFFFFFFFFFFF)
def i64(v): return struct.pack("<q", v)
def gstr(b):
    if isinstance(b, str):
        b = b.encode()
    return u64(len(b)) + b


def kv(key, vtype, payload):
    return gstr(key) + u32(vtype) + payload


def kv_str(key, val): return kv(key, STR, gstr(val))
def kv_u32(key, val): return kv(key, U32, u32(val))


def tinfo(name, dims, ttype, offset, n_dims=None):
    out = gstr(name) + u32(len(dims) if n_dims is None else n_dims)
    for d in dims:
        out += i64(d)
    return out + u32(ttype) + u64(offset)


def header(n_tensors, n_kv, version=3, magic=b"GGUF"):
    return magic + u32(version) + u64(n_tensors) + u64(n_kv)


def pad(b, align=32):
    return b + b"\0" * ((align - len(b) % align) % align)


BASE_KVS = [kv_str("general.architecture", "llama"), kv_str("general.name", "broken")]
# a.weight: F32 [8, 2] = 64 bytes at 0; b.weight: Q4_0 [32] = 18 bytes at 64
BASE_TENSORS = [tinfo("a.weight", [8, 2], T_F32, 0), tinfo("b.weight", [32], T_Q4_0, 64)]
BASE_DATA = struct.pack("<16f", *[float(i) for i in range(16)]) + struct.pack("<e", 0.5) + bytes(range(16))


def build(kvs=None, tensors=None, data=None, n_tensors=None, n_kv=None, version=3, magic=b"GGUF", align=32):
    kvs = BASE_KVS if kvs is None else kvs
    tensors = BASE_TENSORS if tensors is None else tensors
    data = BASE_DATA if data is None else data
    head = header(len(tensors) if n_tensors is None else n_tensors, len(kvs) if n_kv is None else n_kv,
                  version, magic)
    return pad(head + b"".join(kvs) + b"".join(tensors), align) + data


def cases():
    valid = build()
    c = {}
    c["empty"] = (b"", "too small for a GGUF header")
    c["bad_magic"] = (b"GGML" + valid[4:], "bad magic 'GGML'")
    c["version_1"] = (build(version=1), "version 1 not supported")
    c["version_4"] = (build(version=4), "version 4 not supported")
    c["big_endian"] = (b"GGUF" + struct.pack(">I", 3) + valid[8:], "big-endian")
    c["truncated_header"] = (valid[:12], "tensor count: truncated")
    c["truncated_kv_count"] = (valid[:20], "kv count: truncated")
    c["kv_count_huge"] = (build(n_kv=1 << 62), "kv count 4611686018427387904 cannot fit")
    c["tensor_count_huge"] = (build(n_tensors=(1 << 64) - 1), "tensor count 18446744073709551615 cannot fit")
    c["key_length_overflow"] = (build(kvs=[u64((1 << 64) - 1) + b"general.name" + u32(STR)]),
                                "kv 0: key: string length 18446744073709551615 past end of file")
    c["truncated_in_key"] = (header(0, 1) + u64(100) + b"general.", "kv 0: key: string length 100 past end of file")
    c["truncated_in_value"] = (header(0, 1) + gstr("general.alignment") + u32(U32) + b"\x20\x00",
                               "kv 0 'general.alignment': value: truncated")
    c["truncated_before_value_type"] = (header(0, 1) + gstr("general.name"), "kv 0 'general.name': value type: truncated")
    c["value_string_overflow"] = (build(kvs=[kv("general.name", STR, u64(1 << 63) + b"x")]),
                                  "kv 0 'general.name': value: string length 9223372036854775808 past end of file")
    c["bad_value_type"] = (build(kvs=[kv("general.name", 13, u32(0))]), "value type: unknown value type 13")
    c["bad_array_elem_type"] = (build(kvs=[kv("x.arr", ARR, u32(99) + u64(1))]),
                                "array element type: unknown value type 99")
    c["nested_array"] = (build(kvs=[kv("x.arr", ARR, u32(ARR) + u64(1) + u32(U8) + u64(1) + b"\x01")]),
                         "arrays of arrays are not supported")
    c["array_count_overflow"] = (build(kvs=[kv("x.arr", ARR, u32(U32) + u64(1 << 62) + u32(1))]),
                                 "kv 0 'x.arr': array count: 4611686018427387904 x uint32 past end of file")
    c["array_count_wraps"] = (build(kvs=[kv("x.arr", ARR, u32(U64) + u64((1 << 61) + 1) + u64(1))]),
                              "array count: 2305843009213693953 x uint64 past end of file")
    c["string_array_count_overflow"] = (build(kvs=[kv("tokenizer.ggml.tokens", ARR, u32(STR) + u64(1 << 40))]),
                                        "1099511627776 strings cannot fit")
    c["string_array_element_overflow"] = (
        build(kvs=[kv("tokenizer.ggml.tokens", ARR, u32(STR) + u64(3) + gstr("a") + u64(1 << 50) + b"bb")]),
        "kv 0 'tokenizer.ggml.tokens': array element 1: string length 1125899906842624 past end of file")
    c["truncated_array_data"] = (header(0, 1) + gstr("x.arr") + u32(ARR) + u32(F32) + u64(4) + b"\0" * 10,
                                 "array count: 4 x float32 past end of file")
    c["empty_key"] = (build(kvs=[kv_str("", "x")]), "kv 0: key: empty key")
    c["duplicate_key"] = (build(kvs=BASE_KVS + [kv_str("general.name", "again")]),
                          "duplicate key 'general.name' (kv 1 and kv 2)")
    c["alignment_not_pow2"] = (build(kvs=BASE_KVS + [kv_u32("general.alignment", 48)]),
                               "general.alignment: 48 is not a power of two")
    c["alignment_zero"] = (build(kvs=BASE_KVS + [kv_u32("general.alignment", 0)]),
                           "general.alignment: 0 is not a power of two")
    c["alignment_wrong_type"] = (build(kvs=BASE_KVS + [kv_str("general.alignment", "32")]),
                                 "general.alignment: expected uint32, got string")
    c["n_dims_5"] = (build(tensors=[tinfo("a.weight", [8, 1, 1, 1, 1], T_F32, 0)]), "tensor 0 'a.weight': n_dims: 5 not in [1, 4]")
    c["n_dims_0"] = (build(tensors=[tinfo("a.weight", [], T_F32, 0)]), "tensor 0 'a.weight': n_dims: 0 not in [1, 4]")
    c["n_dims_huge"] = (build(tensors=[tinfo("a.weight", [8], T_F32, 0, n_dims=0xFFFFFFFF)]), "n_dims: 4294967295 not in [1, 4]")
    c["zero_dim"] = (build(tensors=[tinfo("a.weight", [8, 0], T_F32, 0)]),
                     "tensor 0 'a.weight': ne[1]: 0 (every dimension must be > 0)")
    c["negative_dim"] = (build(tensors=[tinfo("a.weight", [-32, 2], T_F32, 0)]), "ne[0]: -32 (every dimension must be > 0)")
    c["element_count_overflow"] = (build(tensors=[tinfo("a.weight", [1 << 32, 1 << 32, 1 << 32], T_F32, 0)]),
                                   "ne[1]: element count overflows int64")
    c["nbytes_overflow"] = (build(tensors=[tinfo("a.weight", [1 << 62, 2], T_F32, 0)]), "ne[1]: element count overflows")
    c["nbytes_overflow_u64"] = (build(tensors=[tinfo("a.weight", [1 << 62], T_F32, 0)]), "data size overflows")
    c["unknown_type_removed"] = (build(tensors=[tinfo("a.weight", [32], 4, 0)]), "type: unknown tensor type 4")
    c["unknown_type_huge"] = (build(tensors=[tinfo("a.weight", [32], 1000, 0)]), "type: unknown tensor type 1000")
    c["block_size_mismatch"] = (build(tensors=[tinfo("b.weight", [33], T_Q4_0, 0)]),
                                "ne[0]: 33 is not a multiple of the Q4_0 block size 32")
    c["misaligned_offset"] = (build(tensors=[tinfo("a.weight", [8, 2], T_F32, 16)]),
                              "tensor 0 'a.weight': offset: 16 is not a multiple of the alignment 32")
    c["data_past_end"] = (build(tensors=[tinfo("a.weight", [1024, 2], T_F32, 0)]),
                          "tensor 'a.weight': data [")
    c["offset_past_end"] = (build(tensors=[tinfo("a.weight", [8, 2], T_F32, 1 << 40)]), "past end of file")
    c["offset_wraps"] = (build(tensors=[tinfo("a.weight", [8, 2], T_F32, (1 << 64) - 32)]), "past end of file")
    c["truncated_tensor_data"] = (valid[:-10], "tensor 'b.weight': data [")
    c["duplicate_tensor"] = (build(tensors=[tinfo("a.weight", [8], T_F32, 0), tinfo("a.weight", [8], T_F32, 32)]),
                             "duplicate tensor name 'a.weight' (tensors 0 and 1)")
    c["overlapping_tensors"] = (build(tensors=[tinfo("a.weight", [16], T_F32, 0), tinfo("c.weight", [8], T_F32, 32)]),
                                "tensor 'c.weight': data at offset 32 overlaps tensor 'a.weight'")
    c["empty_tensor_name"] = (build(tensors=[tinfo("", [8], T_F32, 0)]), "tensor 0: name: empty tensor name")
    c["truncated_tensor_info"] = (header(1, 0) + gstr("blk.0.attn_q.weight") + u32(2) + i64(8),
                                   "tensor 0 'blk.0.attn_q.weight': ne[1]: truncated")
    c["tensor_name_overflow"] = (header(1, 0) + u64(1 << 63) + b"a.weight" + b"\0" * 40,
                                 "tensor 0: name: string length 9223372036854775808 past end of file")
    return c


def valid_files():
    """Valid files: the metadata test reads them; they also seed the fuzzer."""
    kvs = [
        kv_str("general.architecture", "test"),
        kv("t.u8", U8, struct.pack("<B", 200)),
        kv("t.i8", I8, struct.pack("<b", -100)),
        kv("t.u16", U16, struct.pack("<H", 60000)),
        kv("t.i16", I16, struct.pack("<h", -30000)),
        kv("t.u32", U32, u32(4000000000)),
        kv("t.i32", I32, struct.pack("<i", -2000000000)),
        kv("t.f32", F32, struct.pack("<f", 1.5)),
        kv("t.bool", BOOL, b"\x01"),
        kv("t.str", STR, gstr("h\u00e9llo \u4e16\u754c")),
        kv("t.u64", U64, u64((1 << 63) + 5)),
        kv("t.i64", I64, i64(-(1 << 62))),
        kv("t.f64", F64, struct.pack("<d", 2.25)),
        kv("t.arr_u8", ARR, u32(U8) + u64(3) + bytes([1, 2, 255])),
        kv("t.arr_i16", ARR, u32(I16) + u64(2) + struct.pack("<2h", -5, 7)),
        kv("t.arr_f32", ARR, u32(F32) + u64(3) + struct.pack("<3f", 0.5, -1.25, 3.0)),
        kv("t.arr_i64", ARR, u32(I64) + u64(2) + struct.pack("<2q", -(1 << 40), 9)),
        kv("t.arr_bool", ARR, u32(BOOL) + u64(2) + b"\x00\x01"),
        kv("t.arr_f64", ARR, u32(F64) + u64(1) + struct.pack("<d", -0.5)),
        kv("t.arr_str", ARR, u32(STR) + u64(4) + gstr("a") + gstr("") + gstr("ccc") + gstr("tab\there")),
        kv("t.arr_empty", ARR, u32(U32) + u64(0)),
        kv_u32("general.alignment", 64),
    ]
    # Tensors at 64-byte alignment: F32 [4, 3] at 0, F16 [64] at 64, Q8_0 [32, 2] at 192.
    tensors = [tinfo("t.f32", [4, 3], T_F32, 0), tinfo("t.f16", [64], T_F16, 64), tinfo("t.q8", [32, 2], 8, 192)]
    data = pad(struct.pack("<12f", *[i * 0.25 for i in range(12)]), 64)
    data += pad(struct.pack("<64e", *[i - 32.0 for i in range(64)]), 64)
    data += (struct.pack("<e", 0.5) + bytes(range(32))) * 2
    files = {
        "valid_all_types": build(kvs=kvs, tensors=tensors, data=data, align=64),
        "valid_minimal": build(),
        "valid_no_tensors": header(0, 1) + kv_str("general.architecture", "llama"),
        "valid_v2": build(version=2),
    }
    return files


def main():
    os.makedirs(OUT, exist_ok=True)
    lines = ["# file\texpected error text (tests/gguf/broken_files_test.cpp); written by gen_broken.py"]
    c = cases()
    for name, (blob, expect) in sorted(c.items()):
        with open(os.path.join(OUT, name + ".bin"), "wb") as f:
            f.write(blob)
        lines.append(f"{name}.bin\t{expect}")
    with open(os.path.join(OUT, "expected.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    for name, blob in valid_files().items():
        with open(os.path.join(OUT, name + ".bin"), "wb") as f:
            f.write(blob)
    print(f"wrote {len(c)} broken + {len(valid_files())} valid files to {OUT}")


if __name__ == "__main__":
    sys.exit(main())
