#!/usr/bin/env python3
"""llama.cpp's token ids for every line of the shared corpus (run by the tokenizer_corpus_full test).

    python gen_corpus_ids.py --out DIR [--shared DIR] [--extractor perimeter-extract] NAME=VOCAB.gguf ...

Extracts every PDF under <shared>/corpus with `pdftotext -layout` (and, with --extractor, with our
own extractor, `perimeter-extract --ocr auto`, which also OCRs the scanned pages), keeps every
unique non-empty line (no sampling; pdftotext's lines first, in file order), then every
pdftotext page as one multi-line input, and writes
  DIR/lines.txt          one escaped input per line (pages: with \\n) (escape() of gen_reference.py)
  DIR/ids-NAME.txt       line i = llama_tokenize(lines[i], add_special=False, parse_special=False)
                         through llama-cpp-python, space-separated ids
Both are cached: lines.txt by a hash of the PDFs (+ the extractor binary), ids-NAME.txt by the hash of the vocabulary
file + lines.txt + the llama-cpp-python version (first line of each file), so reruns are fast.
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_reference import escape  # noqa: E402  (same escaping as the committed reference data)


def file_hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(str(p.name).encode() + b"\0")
        with open(p, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
    return h.hexdigest()[:32]


def read_key(path: Path) -> str | None:
    if not path.exists():
        return None
    with open(path, "r", encoding="utf-8") as f:
        return f.readline().rstrip("\n")


def extractor_pages(extractor: Path, pdf: Path) -> bytes:
    """Page texts of our own extractor (perimeter-extract, OCR for scans), page markers removed."""
    out = subprocess.run([str(extractor), "--ocr", "auto", str(pdf)], check=True, capture_output=True).stdout
    pages = out.split(b"\f## page ")[1:]  # the part before the first page is the metadata header
    return b"\n".join(pg.split(b"\n", 1)[1] if b"\n" in pg else b"" for pg in pages)


def extract_lines(shared: Path, out: Path, extractor: Path | None) -> Path:
    pdfs = sorted((shared / "corpus").rglob("*.pdf"))
    if not pdfs:
        sys.exit(f"gen_corpus_ids: no PDF under {shared / 'corpus'}")
    key = "# corpus v2 " + file_hash(pdfs) + f" pdfs={len(pdfs)} pdftotext -layout"
    if extractor:
        key += " + perimeter-extract " + file_hash([extractor])
    dst = out / "lines.txt"
    if read_key(dst) is not None and read_key(dst).startswith(key):
        print(f"lines.txt: cached ({read_key(dst)})", flush=True)
        return dst
    seen: set[bytes] = set()
    lines: list[bytes] = []

    def add(text: bytes) -> int:
        n = 0
        for ln in text.split(b"\n"):
            if ln and ln not in seen:
                seen.add(ln)
                lines.append(ln)
                n += 1
        return n

    texts = [subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True).stdout
             for pdf in pdfs]
    ours = [extractor_pages(extractor, pdf) for pdf in pdfs] if extractor else []
    n_pdftotext = sum(add(t) for t in texts)
    n_ours = sum(add(t) for t in ours)
    # Whole pages too (pdftotext pages end at \f), so text across newlines is covered as well.
    pages = 0
    for t in texts:
        for pg in t.split(b"\f"):
            if b"\n" in pg.strip(b"\n") and pg not in seen:
                seen.add(pg)
                lines.append(pg)
                pages += 1
    key += f" lines: pdftotext {n_pdftotext} + perimeter-extract only {n_ours}; pages {pages}"
    tmp = dst.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(key + "\n")
        for ln in lines:
            f.write(escape(ln) + "\n")
    tmp.replace(dst)
    print(f"lines.txt: {len(lines)} unique non-empty lines from {len(pdfs)} PDFs ({key})", flush=True)
    return dst


def unescape(s: str) -> bytes:
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n == "x":
                out.append(int(s[i + 2:i + 4], 16))
                i += 4
                continue
            out += {"\\": b"\\", "t": b"\t", "n": b"\n", "r": b"\r"}[n]
            i += 2
            continue
        out += c.encode("utf-8")
        i += 1
    return bytes(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--shared", default="/work/shared", type=Path)
    ap.add_argument("--extractor", type=Path, help="perimeter-extract: add its lines too")
    ap.add_argument("vocabs", nargs="+", help="NAME=PATH")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    lines_path = extract_lines(a.shared, a.out, a.extractor)
    with open(lines_path, "r", encoding="utf-8") as f:
        f.readline()
        lines = [unescape(ln.rstrip("\n")) for ln in f]
    lines_hash = file_hash([lines_path])

    import llama_cpp
    from llama_cpp import Llama

    for spec in a.vocabs:
        name, path = spec.split("=", 1)
        p = Path(path)
        if not p.exists():
            sys.exit(f"gen_corpus_ids: vocabulary {name} missing: {p}")
        key = f"# ids {file_hash([p])} lines {lines_hash} llama-cpp-python {llama_cpp.__version__}"
        dst = a.out / f"ids-{name}.txt"
        if read_key(dst) == key:
            print(f"ids-{name}.txt: cached", flush=True)
            continue
        llm = Llama(model_path=str(p), vocab_only=True, verbose=False)
        tmp = dst.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(key + "\n")
            for ln in lines:
                f.write(" ".join(map(str, llm.tokenize(ln, add_bos=False, special=False))) + "\n")
        tmp.replace(dst)
        del llm
        print(f"ids-{name}.txt: {len(lines)} lines tokenized", flush=True)


if __name__ == "__main__":
    main()
