#!/usr/bin/env python3
"""Perplexity with llama.cpp (llama-cpp-python), computed exactly as `perimeter-cli perplexity` does:
tokenize the whole text once (BOS at its start only, as the vocabulary adds it; special tokens
not parsed), cut into consecutive windows of N tokens (a shorter tail is dropped), evaluate each
window from an empty cache, score positions N/2 .. N-2 (predicting tokens N/2+1 .. N-1).
Prints "ppl <value>" and the llama-cpp-python version.

Also extracts English text from the corpus for the tests: --make-text OUT --max-chars C.

Usage: perplexity_ref.py --model FILE --file TEXT [--ctx N]
       perplexity_ref.py --make-text OUT [--max-chars C]
"""
import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("PERIMETER_SHARED_DIR", HERE.parents[2] / "shared"))


def make_text(out: Path, max_chars: int) -> None:
    docs = sorted((SHARED / "corpus" / "sec-10q" / "docs").glob("*.pdf"))
    if not docs:
        sys.exit(f"perplexity_ref: no PDFs in {SHARED / 'corpus' / 'sec-10q' / 'docs'}")
    text = ""
    for d in docs:
        t = subprocess.run(["pdftotext", "-f", "3", "-l", "12", str(d), "-"], check=True,
                           capture_output=True).stdout.decode("utf-8", "replace")
        text += "\n".join(l.strip() for l in t.splitlines() if len(l.strip()) > 30) + "\n"
        if len(text) >= max_chars:
            break
    out.write_text(text[:max_chars], encoding="utf-8")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model")
    ap.add_argument("--file")
    ap.add_argument("--ctx", type=int, default=512)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--make-text")
    ap.add_argument("--max-chars", type=int, default=120000)
    a = ap.parse_args()
    if a.make_text:
        make_text(Path(a.make_text), a.max_chars)
        return
    import numpy as np
    import llama_cpp

    text = Path(a.file).read_text(encoding="utf-8")
    llm = llama_cpp.Llama(model_path=a.model, n_ctx=a.ctx, n_batch=512, n_ubatch=512, n_threads=a.threads,
                          logits_all=True, verbose=False)
    toks = llm.tokenize(text.encode("utf-8"), add_bos=True, special=False)
    n = a.ctx
    first = n // 2
    nll, count = 0.0, 0
    for w in range(len(toks) // n):
        win = toks[w * n:(w + 1) * n]
        llm.reset()
        llm.eval(win)
        rows = np.array(llm.scores[first:n - 1], dtype=np.float64)
        m = rows.max(axis=1)
        lse = m + np.log(np.exp(rows - m[:, None]).sum(axis=1))
        tgt = np.array(win[first + 1:n])
        nll += float((lse - rows[np.arange(len(tgt)), tgt]).sum())
        count += len(tgt)
    print(f"tokens {len(toks)} windows {len(toks) // n}")
    print(f"llama-cpp-python {llama_cpp.__version__}")
    print(f"ppl {np.exp(nll / count):.6f}")


if __name__ == "__main__":
    main()
