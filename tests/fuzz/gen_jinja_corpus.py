#!/usr/bin/env python3
"""Seeds for the jinja fuzzer (tests/fuzz/corpus/jinja): the real chat templates
(/work/shared/chat-templates and SmolLM2's tokenizer.chat_template) plus the construct snippets of
tests/chat_template/constructs.json, ten to a file.

Run:  ~/.cache/perimeter/venv/bin/python tests/fuzz/gen_jinja_corpus.py
"""
import json
import os
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHARED = pathlib.Path(os.environ.get("PERIMETER_SHARED_DIR", ROOT.parent / "shared"))
OUT = HERE / "corpus" / "jinja"

sys.path.insert(0, str(ROOT / "tests" / "chat_template"))
from gen_reference import MODELS, gguf_template  # noqa: E402


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    n = 0
    for p in sorted((SHARED / "chat-templates").glob("*.jinja")):
        (OUT / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
        n += 1
    tpl, _ = gguf_template(MODELS / "SmolLM2-135M-Instruct.Q4_1.gguf")
    (OUT / "SmolLM2-135M-Instruct.jinja").write_text(tpl, encoding="utf-8")
    n += 1
    cases = json.loads((ROOT / "tests/chat_template/constructs.json").read_text(encoding="utf-8"))["cases"]
    for i in range(0, len(cases), 10):
        text = "\n".join(c["template"] for c in cases[i:i + 10])
        (OUT / f"constructs_{i // 10:02d}.jinja").write_text(text, encoding="utf-8")
        n += 1
    print(f"{n} seed files in {OUT}")


if __name__ == "__main__":
    main()
