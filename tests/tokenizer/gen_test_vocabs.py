#!/usr/bin/env python3
"""Builds the small vocab-only GGUF files in tests/tokenizer/data/ that the shared vocabularies
do not cover:

  t5-botchan.gguf      "t5" (SentencePiece unigram): the real unigram model test/test_model.model
                       that the sentencepiece source package (PyPI) ships (1000 pieces, trained
                       on botchan.txt, NFKC precompiled charsmap), converted the way llama.cpp's
                       convert_hf_to_gguf.py converts T5 vocabularies (conversion/t5.py).
  t5-ja.gguf           the same for its Japanese model test/test_ja_model.model (8000 pieces).
  bpe-mini-<pre>.gguf  "gpt2" byte-level BPE with the first 3000 merges of GPT-2 and
                       tokenizer.ggml.pre = default / falcon / deepseek-coder / starcoder, to
                       exercise those pre-tokenizers (no shared vocabulary uses them).

Run once (outputs are committed), from the repository root, with a Python that has
`gguf`, `sentencepiece` and `protobuf`:

  pip download --no-deps --no-binary :all: sentencepiece==0.2.1 -d /tmp/spm && tar xzf /tmp/spm/*.tar.gz -C /tmp/spm
  python tests/tokenizer/gen_test_vocabs.py /tmp/spm/sentencepiece-0.2.1/test /work/shared/vocab/ggml-vocab-gpt-2.gguf

llama-cpp-python loads every one of them with vocab_only=True (gen_reference.py then records
llama.cpp's token ids for them).
"""
import os
import sys
from pathlib import Path

os.environ.setdefault("PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION", "python")

import gguf  # noqa: E402

OUT = Path(__file__).resolve().parent / "data"

# SentencePiece piece types -> GGUF token types (conversion/base.py SentencePieceTokenTypes).
NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE = 1, 2, 3, 4, 5, 6


def write_t5(model_path: Path, out_path: Path, name: str):
    from sentencepiece import SentencePieceProcessor
    from sentencepiece import sentencepiece_model_pb2 as model

    proto = model.ModelProto()
    proto.ParseFromString(model_path.read_bytes())
    assert proto.trainer_spec.model_type == 1, "not a unigram model"
    sp = SentencePieceProcessor()
    sp.LoadFromFile(str(model_path))

    tokens, scores, types = [], [], []
    for i in range(sp.vocab_size()):
        tokens.append(sp.IdToPiece(i).encode("utf-8"))
        scores.append(sp.GetScore(i))
        t = NORMAL
        if sp.IsUnknown(i):
            t = UNKNOWN
        elif sp.IsControl(i):
            t = CONTROL
        elif sp.IsUnused(i):
            t = UNUSED
        elif sp.IsByte(i):
            t = BYTE
        types.append(t)

    w = gguf.GGUFWriter(str(out_path), "t5")
    w.add_name(name)
    w.add_context_length(512)
    w.add_embedding_length(64)
    w.add_feed_forward_length(128)
    w.add_block_count(1)
    w.add_head_count(1)
    w.add_key_length(64)
    w.add_value_length(64)
    w.add_layer_norm_eps(1e-6)
    w.add_layer_norm_rms_eps(1e-6)
    w.add_relative_attn_buckets_count(32)
    w.add_decoder_start_token_id(0)
    w.add_tokenizer_model("t5")
    w.add_tokenizer_pre("default")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_add_space_prefix(proto.normalizer_spec.add_dummy_prefix)
    w.add_remove_extra_whitespaces(proto.normalizer_spec.remove_extra_whitespaces)
    if proto.normalizer_spec.precompiled_charsmap:
        w.add_precompiled_charsmap(proto.normalizer_spec.precompiled_charsmap)
    w.add_unk_token_id(sp.unk_id())
    if sp.bos_id() >= 0:
        w.add_bos_token_id(sp.bos_id())
    if sp.eos_id() >= 0:
        w.add_eos_token_id(sp.eos_id())
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def write_bpe_mini(gpt2_path: Path, pre: str, n_merges: int = 3000):
    r = gguf.GGUFReader(str(gpt2_path))

    def strings(key):
        f = r.fields[key]
        return [bytes(f.parts[i]) for i in f.data]

    tokens = strings("tokenizer.ggml.tokens")
    merges = strings("tokenizer.ggml.merges")[:n_merges]
    # GPT-2's ids: 256 byte characters, then one token per merge in merge order.
    keep = tokens[: 256 + n_merges]
    for i, m in enumerate(merges):
        a, b = m.split(b" ", 1)
        assert keep[256 + i] == a + b, (i, m, keep[256 + i])
    keep.append(b"<|endoftext|>")
    types = [NORMAL] * (len(keep) - 1) + [CONTROL]
    eot = len(keep) - 1

    out = OUT / f"bpe-mini-{pre}.gguf"
    w = gguf.GGUFWriter(str(out), "gpt2")
    w.add_name(f"bpe-mini-{pre}")
    w.add_context_length(1024)
    w.add_embedding_length(64)
    w.add_feed_forward_length(256)
    w.add_block_count(1)
    w.add_head_count(1)
    w.add_layer_norm_eps(1e-5)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre(pre)
    w.add_token_list(keep)
    w.add_token_types(types)
    w.add_token_merges(merges)
    w.add_bos_token_id(eot)
    w.add_eos_token_id(eot)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    spm_test_dir, gpt2 = Path(sys.argv[1]), Path(sys.argv[2])
    OUT.mkdir(parents=True, exist_ok=True)
    write_t5(spm_test_dir / "test_model.model", OUT / "t5-botchan.gguf", "t5-botchan")
    write_t5(spm_test_dir / "test_ja_model.model", OUT / "t5-ja.gguf", "t5-ja")
    for pre in ("default", "falcon", "deepseek-coder", "starcoder"):
        write_bpe_mini(gpt2, pre)
    for p in sorted(OUT.glob("*.gguf")):
        print(p.name, p.stat().st_size)


if __name__ == "__main__":
    main()
