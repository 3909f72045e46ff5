#!/usr/bin/env python3
"""Reference logits / greedy continuations / embeddings from llama.cpp (llama-cpp-python) for the
runtime tests, on the SAME GGUF file our engine loads.

Writes one compact binary file per (model, prompt set):

  header  "PRF1" | u32 version(1) | u32 len + llama-cpp-python version | u32 n_vocab | u32 k
          | u32 kind (0 = logits, 1 = embedding) | u32 n_prompts | u32 n_greedy
  kind 0, per prompt:
          u32 n_tokens | i32 tokens[n_tokens]
          per position: f32 lse (log-sum-exp of the full logit row) | i32 top_ids[k] | f32 top_logits[k]
          u32 n_cont | i32 greedy continuation[n_cont] (argmax decoding after the prompt)
          u32 n_floor | f32 floor_kl_sum | u32 floor_top1 (version 2: llama.cpp against itself, see below)
  kind 1, per prompt:
          u32 n_tokens | i32 tokens[n_tokens] | u32 dim | f32 pooled embedding[dim] (not normalised)

Tokens come from llama.cpp's own tokenizer (BOS as the model adds it, parse_special off), so the
forward-pass tests do not depend on our tokenizer. Top-k + lse is enough for top-1 agreement and
for KL over the reference's top-k support plus one "rest" bucket (a lower bound of the full KL
that is within 1e-6 of it when the top-k hold > 99.9% of the mass).

Prompts: English text from SEC 10-Q filings in /work/shared/corpus (pdftotext) and Russian text
(a RAS statement from the corpus plus a few fixed paragraphs), cut to lengths from 30 tokens up
to --max-tokens. Sets: "default" (3 short prompts) and "full" (24 prompts, up to 2,000 tokens).

Attention configuration (logits): llama.cpp WITHOUT flash attention (mul_mat + soft_max in fp32)
over a KV cache of --kv type: f32 (the default here; the like-for-like comparison with our engine's
F32 cache) or f16 (llama-cpp-python's own default, type_k = type_v = F16: ggml then rounds the
queries and the softmax probabilities to fp16 inside the two mul_mats, which our fp32 attention
does not). The version string in the file names the configuration, e.g. "0.3.36 kv=f32 fa=off".

Noise floor: ggml rounds every matmul's input activations to the weight type's partner (8-bit
blocks for quantized weights, fp16/bf16 for F16/BF16 weights), so a last-bit difference anywhere
(summation order, expf) can flip a rounding and grow from there. How far llama.cpp moves from ITSELF under such a harmless change is recorded per
prompt: its first n_floor (<= 256) positions evaluated one token at a time (the M = 1 matmul
kernels, other summation orders) against the batched run, as summed full-vocabulary KL(batched ||
one-at-a-time) and the number of positions whose argmax agrees.

Usage: gen_reference.py --model FILE --set default|full --out FILE [--kv f32|f16] [--k 32] [--greedy 64]
"""
import argparse
import ctypes
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import llama_cpp

GGML_TYPE = {"f32": 0, "f16": 1}  # ggml_type values for llama_context_params.type_k / type_v

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("PERIMETER_SHARED_DIR", HERE.parents[2] / "shared"))

RUSSIAN = [
    "Выручка компании за отчётный период выросла на 12,4% и составила 1 234,56 млн рублей. "
    "Основной вклад в рост внесли продажи кабельной продукции на внутреннем рынке, а также "
    "повышение средних цен реализации. Себестоимость продаж увеличилась медленнее выручки, "
    "что позволило улучшить валовую маржу на 1,8 процентного пункта.",
    "Чистая прибыль за девять месяцев снизилась до 87,3 млн рублей из-за роста процентных "
    "расходов по кредитам и отрицательных курсовых разниц. Совет директоров рекомендует "
    "сохранить дивидендную политику и направить на выплату дивидендов не менее 25% прибыли.",
    "Аналитики сохраняют рекомендацию «держать» для акций эмитента. Целевая цена на горизонте "
    "двенадцати месяцев составляет 410 рублей за акцию, что соответствует потенциалу роста "
    "около 9%. Ключевые риски: замедление спроса со стороны строительного сектора, рост "
    "стоимости меди и ужесточение денежно-кредитной политики Банка России.",
]


def pdf_text(path: Path, first: int = 1, last: int = 6) -> str:
    out = subprocess.run(["pdftotext", "-f", str(first), "-l", str(last), str(path), "-"],
                         check=True, capture_output=True).stdout.decode("utf-8", "replace")
    return re.sub(r"[ \t]+", " ", re.sub(r"\n\s*\n+", "\n", out)).strip()


def corpus_texts():
    docs = sorted((SHARED / "corpus" / "sec-10q" / "docs").glob("*.pdf"))
    if not docs:
        sys.exit(f"gen_reference: no PDFs in {SHARED / 'corpus' / 'sec-10q' / 'docs'}")
    english = [pdf_text(d, 3, 8) for d in docs[:8]]
    ru_pdf = SHARED / "corpus" / "ru" / "amurcabel3months.pdf"
    russian = RUSSIAN + ([pdf_text(ru_pdf, 1, 3)] if ru_pdf.exists() else [])
    return english, russian


def make_prompts(llm, which: str, max_tokens: int, add_bos: bool):
    english, russian = corpus_texts()

    def cut(text: str, n_tok: int):
        toks = llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=False)
        return toks[:n_tok]

    if which == "default":
        return [cut(english[0], 120), cut(" ".join(russian[:2]), 90), cut(english[1], 40)]
    lengths_en = [30, 60, 100, 150, 200, 300, 400, 500, 600, 800, 1000, 1200, 1500, 1800, 2000, 250]
    lengths_ru = [40, 80, 120, 200, 300, 400, 600, 800]
    prompts = []
    ru_all = " ".join(russian * 6)
    for i, n in enumerate(lengths_en):
        prompts.append(cut(english[i % len(english)] + "\n" + english[(i + 1) % len(english)], min(n, max_tokens)))
    for i, n in enumerate(lengths_ru):
        rot = ru_all[i * 97:] + ru_all[: i * 97]
        prompts.append(cut(rot, min(n, max_tokens)))
    return prompts


def logit_refs(args, f):
    # Tokenize first (vocab only), so the context - and the n_ctx x n_vocab score array - is no
    # larger than the longest prompt needs.
    vocab = llama_cpp.Llama(model_path=args.model, vocab_only=True, verbose=False)
    prompts = make_prompts(vocab, args.set, args.max_tokens, True)  # add_special: BOS only where the vocab asks
    del vocab
    n_ctx = max(len(p) for p in prompts) + args.greedy + 8
    kv_type = GGML_TYPE[args.kv]
    llm = llama_cpp.Llama(model_path=args.model, n_ctx=n_ctx, n_batch=512, n_ubatch=512, n_threads=args.threads,
                          logits_all=True, flash_attn=False, type_k=kv_type, type_v=kv_type, verbose=False)
    n_vocab = llm.n_vocab()
    f.write(struct.pack("<III", n_vocab, args.k, 0))
    f.write(struct.pack("<II", len(prompts), args.greedy))
    for toks in prompts:
        llm.reset()
        llm.eval(toks)
        rows = np.array(llm.scores[: len(toks)], dtype=np.float32)
        f.write(struct.pack("<I", len(toks)))
        f.write(np.array(toks, dtype=np.int32).tobytes())
        m = rows.max(axis=1, keepdims=True)
        lse = (m[:, 0] + np.log(np.exp(rows - m).sum(axis=1))).astype(np.float32)
        # top k by value (ties by id), without sorting whole 150k-260k vocabularies
        part = np.argpartition(-rows, args.k, axis=1)[:, : args.k + 1]
        pv = np.take_along_axis(rows, part, axis=1)
        order = np.lexsort((part, -pv), axis=1)[:, : args.k]
        top = np.take_along_axis(part, order, axis=1).astype(np.int32)
        topv = np.take_along_axis(rows, top, axis=1).astype(np.float32)
        for p in range(len(toks)):
            f.write(struct.pack("<f", lse[p]))
            f.write(top[p].tobytes())
            f.write(topv[p].tobytes())
        cont = []
        last = rows[-1]
        for _ in range(args.greedy):
            t = int(np.argmax(last))
            cont.append(t)
            llm.eval([t])
            last = np.array(llm.scores[llm.n_tokens - 1], dtype=np.float32)
        f.write(struct.pack("<I", len(cont)))
        f.write(np.array(cont, dtype=np.int32).tobytes())
        # noise floor: the first positions again, one token per evaluation
        n_floor = min(len(toks), 256)
        llm.reset()
        for t in toks[:n_floor]:
            llm.eval([t])
        seq = np.array(llm.scores[:n_floor], dtype=np.float64)
        bat = rows[:n_floor].astype(np.float64)
        lp = bat - bat.max(axis=1, keepdims=True)
        lp -= np.log(np.exp(lp).sum(axis=1, keepdims=True))
        lq = seq - seq.max(axis=1, keepdims=True)
        lq -= np.log(np.exp(lq).sum(axis=1, keepdims=True))
        kl = float(np.maximum(0.0, (np.exp(lp) * (lp - lq)).sum(axis=1)).sum())
        agree = int((bat.argmax(axis=1) == seq.argmax(axis=1)).sum())
        f.write(struct.pack("<IfI", n_floor, kl, agree))


def embedding_refs(args, f):
    llm = llama_cpp.Llama(model_path=args.model, n_ctx=512, n_batch=512, n_ubatch=512, n_threads=args.threads,
                          embedding=True, verbose=False)
    english, russian = corpus_texts()
    texts = [english[0][:400], " ".join(russian[:1]), english[1][:1500], "Apple net sales increased 8%."]
    if args.set == "full":
        texts += [e[i * 300:(i + 1) * 300] for e in english for i in range(2)] + russian
    f.write(struct.pack("<III", llm.n_vocab(), 0, 1))
    f.write(struct.pack("<II", len(texts), 0))
    for t in texts:
        toks = llm.tokenize(t.encode("utf-8"))[:512]
        emb = np.array(llm.embed(t, normalize=False, truncate=True), dtype=np.float32)
        f.write(struct.pack("<I", len(toks)))
        f.write(np.array(toks, dtype=np.int32).tobytes())
        f.write(struct.pack("<I", emb.shape[-1]))
        f.write(emb.reshape(-1).tobytes())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--set", choices=["default", "full"], default="default")
    ap.add_argument("--out", required=True)
    ap.add_argument("--kv", choices=sorted(GGML_TYPE), default="f32", help="KV cache type (logits only)")
    ap.add_argument("--k", type=int, default=32)
    ap.add_argument("--greedy", type=int, default=64)
    ap.add_argument("--max-tokens", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--embedding", action="store_true")
    args = ap.parse_args()
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(b"PRF1" + struct.pack("<I", 2))
        v = llama_cpp.__version__ + ("" if args.embedding else f" kv={args.kv} fa=off")
        v = v.encode()
        f.write(struct.pack("<I", len(v)) + v)
        (embedding_refs if args.embedding else logit_refs)(args, f)
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
