#!/usr/bin/env python3
"""Reference prompts for tests/chat_template: every chat template we ship against, rendered by
jinja2 exactly as Hugging Face transformers renders it (transformers/utils/chat_template_utils.py):

  ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                extensions=[AssistantTracker, jinja2.ext.loopcontrols])
  filters["tojson"]  = json.dumps(x, ensure_ascii=False, indent, separators, sort_keys)
  globals["raise_exception"], globals["strftime_now"]  (here with a FIXED date)
  template.render(messages=..., tools=None, documents=None, add_generation_prompt=..., **special_tokens, **extra)

Templates: every /work/shared/chat-templates/*.jinja and the tokenizer.chat_template of the two
real models (read with the gguf package). Output: one JSON file per template in reference/,
each case either {"output": ...} or {"error": ...} (a template that raises must raise in ours too).

Run:  ~/.cache/perimeter/venv/bin/python tests/chat_template/gen_reference.py
"""
import datetime
import hashlib
import json
import os
import pathlib
import sys

import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = pathlib.Path(__file__).resolve().parent
SHARED = pathlib.Path(os.environ.get("PERIMETER_SHARED_DIR", HERE.parents[2] / "shared"))
MODELS = pathlib.Path(os.environ.get("PERIMETER_MODELS_DIR", pathlib.Path.home() / ".cache/perimeter/models"))
OUT = HERE / "reference"

# The injected clock of the C++ test (chat_template_reference_test.cpp) uses the same date.
FIXED_NOW = datetime.datetime(2025, 3, 14, 9, 26, 53)


class GenerationTracker(jinja2.ext.Extension):
    """transformers' AssistantTracker without the mask bookkeeping: {% generation %} renders its body."""

    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_render", []), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def make_env():
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(format):
        return FIXED_NOW.strftime(format)

    env = ImmutableSandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=[GenerationTracker, jinja2.ext.loopcontrols]
    )
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather in a city.\nUse for any weather question.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "City name, e.g. Москва"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "celsius"},
                "days": {"type": "integer", "minimum": 1, "maximum": 7},
            },
            "required": ["city"],
        },
    },
}

CONVERSATIONS = [
    ("basic", [
        {"role": "system", "content": "You are a careful financial analyst."},
        {"role": "user", "content": "What was the revenue in 2023?"},
        {"role": "assistant", "content": "Revenue was $4.2 billion (page 12)."},
        {"role": "user", "content": "And the operating margin?"},
    ], {}),
    ("no_system", [
        {"role": "user", "content": "Hello!"},
        {"role": "assistant", "content": "Hi. How can I help?"},
        {"role": "user", "content": "Summarise the filing."},
    ], {}),
    ("single_user", [{"role": "user", "content": "Hi"}], {}),
    ("russian_unicode", [
        {"role": "system", "content": "Ты — финансовый аналитик. Отвечай по-русски."},
        {"role": "user", "content": "Какова выручка за 2023 год? 📈 收入是多少？ Ünïcödé — “quotes” ‘single’ …"},
        {"role": "assistant", "content": "Выручка составила 4,2 млрд ₽ (стр. 12)."},
        {"role": "user", "content": "А чистая прибыль? ЁЖИК ёжик"},
    ], {}),
    ("template_text", [
        {"role": "system", "content": "Literal {{ x }} and {% if true %}tags{% endif %} and {# comment #}"},
        {"role": "user", "content": "<|im_start|>user\nfake turn<|im_end|> [INST] <start_of_turn> <|eot_id|> </s> <s>"},
        {"role": "assistant", "content": "Backslash \\n \\ \"double\" 'single' `tick` {{ messages }}"},
        {"role": "user", "content": "{%- raw -%} {{ '}}' }} %} #} {{"},
    ], {}),
    ("whitespace", [
        {"role": "system", "content": "  \n System with surrounding space \t\n"},
        {"role": "user", "content": "\n\n  leading and trailing  \n\n"},
        {"role": "assistant", "content": "\nline one\n\nline two\n"},
        {"role": "user", "content": "\ttabbed\t"},
    ], {}),
    ("not_alternating", [
        {"role": "user", "content": "first"},
        {"role": "user", "content": "second"},
    ], {}),
    ("system_only", [{"role": "system", "content": "Only a system prompt."}], {}),
    ("empty", [], {}),
    ("assistant_last", [
        {"role": "user", "content": "Complete: 2+2="},
        {"role": "assistant", "content": "4"},
    ], {}),
    ("thinking", [
        {"role": "user", "content": "Is 17 prime?"},
        {"role": "assistant", "content": "<think>\nCheck divisors up to 4.\n</think>\n\nYes, 17 is prime."},
        {"role": "user", "content": "And 21?"},
    ], {}),
    ("enable_thinking_false", [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Capital of France?"},
    ], {"enable_thinking": False}),
    ("tools", [
        {"role": "system", "content": "You can call tools."},
        {"role": "user", "content": "Weather in Moscow?"},
        {"role": "assistant", "content": "", "tool_calls": [
            {"id": "call00001", "type": "function",
             "function": {"name": "get_weather", "arguments": {"city": "Москва", "unit": "celsius"}}}]},
        {"role": "tool", "tool_call_id": "call00001", "name": "get_weather", "content": "{\"temp\": -3.5, \"sky\": \"снег\"}"},
        {"role": "assistant", "content": "It is -3.5 °C and snowing."},
        {"role": "user", "content": "Thanks"},
    ], {"tools": [WEATHER_TOOL]}),
    ("long_multi_turn", [
        {"role": "system", "content": "System."},
        *[m for i in range(6) for m in (
            {"role": "user", "content": f"Question {i}: what is {i} * {i}?"},
            {"role": "assistant", "content": f"{i} * {i} = {i * i}."})],
        {"role": "user", "content": "Last question."},
    ], {}),
]

SPECIAL_TOKENS = {"bos_token": "<|bos|>", "eos_token": "<|eos|>"}


def gguf_template(path):
    from gguf import GGUFReader

    r = GGUFReader(str(path))

    def field_str(name):
        f = r.fields.get(name)
        if f is None:
            return None
        return bytes(f.parts[f.data[0]]).decode("utf-8")

    def field_int(name):
        f = r.fields.get(name)
        if f is None:
            return None
        return int(f.parts[f.data[0]][0])

    tpl = field_str("tokenizer.chat_template")
    tokens = r.fields["tokenizer.ggml.tokens"]
    def tok(idx):
        return bytes(tokens.parts[tokens.data[idx]]).decode("utf-8")
    specials = {}
    for key, var in (("tokenizer.ggml.bos_token_id", "bos_token"), ("tokenizer.ggml.eos_token_id", "eos_token"),
                     ("tokenizer.ggml.unknown_token_id", "unk_token"), ("tokenizer.ggml.padding_token_id", "pad_token")):
        i = field_int(key)
        if i is not None:
            specials[var] = tok(i)
    return tpl, specials


def templates():
    out = []
    for p in sorted((SHARED / "chat-templates").glob("*.jinja")):
        out.append((p.stem, "shared:" + p.name, p.read_text(encoding="utf-8"), dict(SPECIAL_TOKENS)))
    for name in ("SmolLM2-135M-Instruct.Q4_1.gguf", "gemma-3-270m-q4_k_m.gguf"):
        path = MODELS / name
        if not path.exists():
            sys.exit(f"gen_reference: missing model {path}")
        tpl, specials = gguf_template(path)
        if tpl is None:
            # gemma-3-270m ships without one: the C++ test checks that this is a clear error.
            print(f"{name}: no tokenizer.chat_template (expected an error from ChatTemplate::from_gguf)")
            continue
        out.append(("gguf-" + name.removesuffix(".gguf"), "gguf:" + name, tpl, specials))
    return out


def main():
    env = make_env()
    OUT.mkdir(exist_ok=True)
    summary = []
    for name, source, text, specials in templates():
        tpl = env.from_string(text)
        cases = []
        for conv_name, messages, extra in CONVERSATIONS:
            for agp in (True, False):
                kwargs = dict(messages=messages, tools=None, documents=None, add_generation_prompt=agp)
                kwargs.update(specials)
                kwargs.update(extra)
                case = {"conversation": conv_name, "add_generation_prompt": agp}
                try:
                    case["output"] = tpl.render(**kwargs)
                except Exception as e:  # noqa: BLE001 - every failure is a reference outcome
                    case["error"] = f"{type(e).__name__}: {e}"
                    case["raised"] = type(e) is jinja2.exceptions.TemplateError
                cases.append(case)
        doc = {
            "generator": "tests/chat_template/gen_reference.py",
            "jinja2_version": jinja2.__version__,
            "fixed_now": FIXED_NOW.isoformat(),
            "template": name,
            "source": source,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "special_tokens": specials,
            "conversations": [{"name": n, "messages": m, "extra": e} for n, m, e in CONVERSATIONS],
            "cases": cases,
        }
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        ok = sum(1 for c in cases if "output" in c)
        summary.append(f"{name}: {ok} rendered, {len(cases) - ok} raised, {path.stat().st_size} bytes")
    print("\n".join(summary))


if __name__ == "__main__":
    main()
