#!/usr/bin/env python3
"""Prompt-processing and generation speed: Perimeter against llama.cpp, same file, same threads.

llama.cpp is driven the way llama-bench drives it, through llama-cpp-python's low-level API:
  pp: one llama_decode of a 512-token batch (n_batch = n_ubatch = 512) on an empty cache
  tg: 128 single-token llama_decode calls on an empty cache
Batches are built before the clock starts (no Python work per token inside the timed part
beyond the llama_decode call itself), one warm-up of each first, then --runs timed runs.
Perimeter is measured by `perimeter-cli bench --model FILE -t N -p 512 -n 128 --json`; until that
command exists the script reports llama.cpp alone. Each engine runs in its own child process so
that its peak RSS (ru_maxrss) is its own.

  vs_llamacpp.py [--models A.gguf,B.gguf] [--threads 2] [--runs 3] [--cli build/bin/perimeter-cli]
                 [--json-out FILE]

The default model set is the one bench/gen_bench_models.py writes (plus the shipped SmolLM2 Q4_1
and Gemma 3 270M Q4_K_M); missing files are listed and skipped.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CACHE = Path(os.environ.get("PERIMETER_CACHE_DIR", Path.home() / ".cache/perimeter"))
MODELS = CACHE / "models"
BENCH = MODELS / "bench"
DEFAULT_MODELS = [
    MODELS / "SmolLM2-135M-Instruct.Q4_1.gguf",
    BENCH / "SmolLM2-135M-Instruct.Q4_0.gguf",
    BENCH / "SmolLM2-135M-Instruct.Q4_K_M.gguf",
    BENCH / "SmolLM2-135M-Instruct.Q8_0.gguf",
    MODELS / "gemma-3-270m-q4_k_m.gguf",
    BENCH / "llama-1b-random.Q4_K_M.gguf",
    BENCH / "llama-1b-random.Q8_0.gguf",
]
ROOT = Path(__file__).resolve().parent.parent


# ---- child: llama.cpp ---------------------------------------------------------------------------

def child_llamacpp(model: str, threads: int, n_prompt: int, n_gen: int, runs: int) -> dict:
    import llama_cpp as L

    L.llama_backend_init()
    mp = L.llama_model_default_params()
    mp.n_gpu_layers = 0
    model_p = L.llama_model_load_from_file(model.encode(), mp)
    if not model_p:
        raise SystemExit(f"vs_llamacpp: llama.cpp could not load {model}")
    cp = L.llama_context_default_params()
    cp.n_ctx = n_prompt + n_gen
    cp.n_batch = n_prompt
    cp.n_ubatch = n_prompt
    cp.n_threads = threads
    cp.n_threads_batch = threads
    cp.no_perf = True
    ctx = L.llama_init_from_model(model_p, cp)
    if not ctx:
        raise SystemExit(f"vs_llamacpp: llama.cpp could not create a context for {model}")
    vocab = L.llama_model_get_vocab(model_p)
    n_vocab = L.llama_vocab_n_tokens(vocab)
    mem = L.llama_get_memory(ctx)

    # Prompt batch: token ids as llama-bench uses (random valid ids), positions 0..n-1, logits
    # for the last token only.
    import random

    rnd = random.Random(0)
    pp_batch = L.llama_batch_init(n_prompt, 0, 1)
    pp_batch.n_tokens = n_prompt
    for i in range(n_prompt):
        pp_batch.token[i] = rnd.randrange(n_vocab)
        pp_batch.pos[i] = i
        pp_batch.n_seq_id[i] = 1
        pp_batch.seq_id[i][0] = 0
        pp_batch.logits[i] = 1 if i == n_prompt - 1 else 0
    # Generation batches: one per step, built in advance.
    tg_batches = []
    for i in range(n_gen):
        b = L.llama_batch_init(1, 0, 1)
        b.n_tokens = 1
        b.token[0] = rnd.randrange(n_vocab)
        b.pos[0] = i
        b.n_seq_id[0] = 1
        b.seq_id[0][0] = 0
        b.logits[0] = 1
        tg_batches.append(b)

    def run_pp() -> float:
        L.llama_memory_clear(mem, True)
        t0 = time.perf_counter()
        if L.llama_decode(ctx, pp_batch) != 0:
            raise SystemExit("vs_llamacpp: llama_decode (prompt) failed")
        L.llama_synchronize(ctx)
        return n_prompt / (time.perf_counter() - t0)

    def run_tg() -> float:
        L.llama_memory_clear(mem, True)
        decode = L.llama_decode
        t0 = time.perf_counter()
        for b in tg_batches:
            if decode(ctx, b) != 0:
                raise SystemExit("vs_llamacpp: llama_decode (generation) failed")
        L.llama_synchronize(ctx)
        return n_gen / (time.perf_counter() - t0)

    run_pp()  # warm-up (pages the weights in, sizes the buffers)
    run_tg()
    pp = [run_pp() for _ in range(runs)]
    tg = [run_tg() for _ in range(runs)]
    info = L.llama_print_system_info().decode()
    L.llama_batch_free(pp_batch)
    for b in tg_batches:
        L.llama_batch_free(b)
    L.llama_free(ctx)
    L.llama_model_free(model_p)
    return {"engine": "llama.cpp", "version": L.__version__, "system_info": info, "pp": pp, "tg": tg}


# ---- parent ---------------------------------------------------------------------------------------

def run_child_rss(cmd: list) -> tuple:
    """Runs cmd; returns (stdout, the child's own peak RSS in MB from os.wait4)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    chunks = []
    err = proc.stderr.read()
    chunks.append(proc.stdout.read())
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed (exit {proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return b"".join(chunks).decode(), ru.ru_maxrss / 1024.0


def stats(v: list) -> str:
    if not v:
        return "-"
    m = statistics.mean(v)
    s = statistics.stdev(v) if len(v) > 1 else 0.0
    return f"{m:8.1f} ± {s:5.1f}"


def perimeter_bench(cli: Path, model: Path, threads: int, n_prompt: int, n_gen: int, runs: int):
    """perimeter-cli bench --json, `runs` times (one process each). None if the command is missing."""
    if not cli.exists():
        return None, "perimeter-cli not built"
    pp, tg, rss = [], [], 0.0
    for _ in range(runs):
        try:
            out, r = run_child_rss([str(cli), "bench", "--model", str(model), "-t", str(threads), "-p", str(n_prompt),
                                    "-n", str(n_gen), "--json"])
        except RuntimeError as e:
            return None, str(e).splitlines()[0][:200]
        rss = max(rss, r)
        try:
            j = json.loads(out.strip().splitlines()[-1])
        except (json.JSONDecodeError, IndexError):
            return None, f"perimeter-cli bench --json printed no JSON: {out[:200]!r}"
        pp_v = j.get("pp_tps", j.get("pp_tokens_per_s"))
        tg_v = j.get("tg_tps", j.get("tg_tokens_per_s"))
        if pp_v is None or tg_v is None:
            return None, f"perimeter-cli bench --json: no pp_tps/tg_tps in {out[:200]!r}"
        pp.append(float(pp_v))
        tg.append(float(tg_v))
    return {"pp": pp, "tg": tg, "rss_mb": rss}, None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", help="comma-separated GGUF paths (default: the benchmark set)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("-p", "--n-prompt", type=int, default=512)
    ap.add_argument("-n", "--n-gen", type=int, default=128)
    ap.add_argument("--cli", default=str(ROOT / "build" / "bin" / "perimeter-cli"))
    ap.add_argument("--json-out", help="also write the results as JSON here")
    ap.add_argument("--child-llamacpp", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child_llamacpp:
        r = child_llamacpp(args.child_llamacpp, args.threads, args.n_prompt, args.n_gen, args.runs)
        print(json.dumps(r))
        return

    models = [Path(m) for m in args.models.split(",")] if args.models else DEFAULT_MODELS
    results = []
    printed_info = False
    print(f"threads {args.threads}, pp {args.n_prompt}, tg {args.n_gen}, {args.runs} runs (mean ± stdev, t/s)\n")
    header = f"{'model':44} {'engine':10} {'pp t/s':>16} {'tg t/s':>16} {'RSS MB':>8}"
    for model in models:
        if not model.exists():
            print(f"{model.name:44} missing (bench/gen_bench_models.py writes it)")
            continue
        out, rss = run_child_rss([sys.executable, __file__, "--child-llamacpp", str(model), "--threads", str(args.threads),
                                  "--runs", str(args.runs), "-p", str(args.n_prompt), "-n", str(args.n_gen)])
        lc = json.loads(out.strip().splitlines()[-1])
        if not printed_info:
            print(f"llama.cpp (llama-cpp-python {lc['version']}) system info:\n  {lc['system_info'].strip()}\n")
            print(header)
            printed_info = True
        per, why = perimeter_bench(Path(args.cli), model, args.threads, args.n_prompt, args.n_gen, args.runs)
        print(f"{model.name:44} {'llama.cpp':10} {stats(lc['pp']):>16} {stats(lc['tg']):>16} {rss:8.0f}")
        row = {"model": model.name, "llama.cpp": {"pp": lc["pp"], "tg": lc["tg"], "rss_mb": rss}}
        if per:
            print(f"{'':44} {'perimeter':10} {stats(per['pp']):>16} {stats(per['tg']):>16} {per['rss_mb']:8.0f}")
            rpp = statistics.mean(per["pp"]) / statistics.mean(lc["pp"])
            rtg = statistics.mean(per["tg"]) / statistics.mean(lc["tg"])
            print(f"{'':44} {'ratio':10} {rpp:16.2f} {rtg:16.2f}")
            row["perimeter"] = per
            row["ratio"] = {"pp": rpp, "tg": rtg}
        else:
            print(f"{'':44} {'perimeter':10} ({why})")
        sys.stdout.flush()
        results.append(row)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
