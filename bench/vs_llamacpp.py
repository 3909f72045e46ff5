#!/usr/bin/env python3
"""Prompt-processing and generation speed: Perimeter against llama.cpp, same file, same threads.

llama.cpp is driven the way llama-bench drives it, through llama-cpp-python's low-level API:
  pp: one llama_decode of a 512-token batch (n_batch = n_ubatch = 512) on an empty cache
  tg: 128 single-token llama_decode calls on an empty cache
Batches are built before the clock starts (no Python work per token inside the timed part
beyond the llama_decode call itself), one warm-up of each first, then --runs timed runs.
Perimeter is measured by `perimeter-cli bench --model FILE -t N -p 512 -n 128 --json`. Each
engine runs in its own child process so that its peak RSS (ru_maxrss) is its own. --runs rounds:
each round runs every model --reps times on each engine, interleaved (llama.cpp, ours, llama.cpp,
ours, ...), and takes each engine's median, so each round gives a ratio of medians; the table
shows mean ± stdev of the per-round speeds and the median (min-max) of the per-round ratios.
The machine's read bandwidth (`perimeter-cli bench --read-bandwidth`, before and after, best
pass) gives each model's generation bandwidth limit = bandwidth / weight bytes read per token,
and each engine's share of it; our peak RSS is checked against file + KV cache + 200 MiB.

  vs_llamacpp.py [--models A.gguf,B.gguf] [--threads 2] [--runs 3] [--reps 3] [--cli build/bin/perimeter-cli]
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


def spread(v: list) -> str:
    """median (min-max) of per-round ratios"""
    return f"{statistics.median(v):.2f} ({min(v):.2f}-{max(v):.2f})"


def perimeter_once(cli: Path, model: Path, threads: int, n_prompt: int, n_gen: int) -> dict:
    """One `perimeter-cli bench --json` process: its JSON plus its own peak RSS."""
    out, r = run_child_rss([str(cli), "bench", "--model", str(model), "-t", str(threads), "-p", str(n_prompt),
                            "-n", str(n_gen), "--json"])
    try:
        j = json.loads(out.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        raise RuntimeError(f"perimeter-cli bench --json printed no JSON: {out[:200]!r}")
    if "pp_tps" not in j or "tg_tps" not in j:
        raise RuntimeError(f"perimeter-cli bench --json: no pp_tps/tg_tps in {out[:200]!r}")
    j["rss_mb"] = r
    return j


def llamacpp_once(model: Path, threads: int, n_prompt: int, n_gen: int) -> dict:
    out, rss = run_child_rss([sys.executable, __file__, "--child-llamacpp", str(model), "--threads", str(threads),
                              "--runs", "1", "-p", str(n_prompt), "-n", str(n_gen)])
    j = json.loads(out.strip().splitlines()[-1])
    j["rss_mb"] = rss
    return j


def recache(model: Path) -> None:
    """Drops the file from the page cache and reads it back in large sequential reads.

    Both engines mmap the file, so both read the weights through the page cache's folios. A file
    that was just written (bench/gen_bench_models.py, a copy) sits there in 4 KiB pages; read
    back, the kernel caches it in 2 MiB folios that are mapped with huge pages (far fewer TLB
    misses while streaming the weights). Doing this once for every file puts both engines in
    the state a model is in after a reboot, the same for both.
    """
    fd = os.open(model, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        while os.read(fd, 16 << 20):
            pass
    finally:
        os.close(fd)


def read_bandwidth(cli: Path, threads: int) -> float:
    out, _ = run_child_rss([str(cli), "bench", "--read-bandwidth", "-t", str(threads), "--json"])
    return float(json.loads(out.strip().splitlines()[-1])["read_gbps"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", help="comma-separated GGUF paths (default: the benchmark set)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3, help="rounds; each gives one ratio per model")
    ap.add_argument("--reps", type=int, default=3,
                    help="interleaved runs of each engine per model and round; the round takes each one's median")
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

    cli = Path(args.cli)
    if not cli.exists():
        raise SystemExit(f"vs_llamacpp: {cli} not built")
    models = [Path(m) for m in args.models.split(",")] if args.models else DEFAULT_MODELS
    for m in models:
        if not m.exists():
            print(f"{m.name}: missing (bench/gen_bench_models.py writes it), skipped")
    models = [m for m in models if m.exists()]
    try:
        load = os.getloadavg()
    except OSError:
        load = (0, 0, 0)
    print(f"threads {args.threads}, pp {args.n_prompt}, tg {args.n_gen}, {args.runs} rounds of {args.reps} "
          f"interleaved runs per engine; "
          f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")

    # Rounds: each round runs every model --reps times on each engine, interleaved (llama.cpp,
    # ours, llama.cpp, ours, ...), and takes each engine's median of those runs for its pp and
    # its tg; each round's ratio compares the two medians. The VM's memory bandwidth moves by a
    # third, sometimes by half, within minutes (neighbours on the host), and a single run of
    # either engine can land in a dip; interleaved repetitions put both engines in the same
    # minutes and the median keeps one dip from deciding a round.
    for m in models:
        recache(m)
    bw = [read_bandwidth(cli, args.threads)]
    runs = {m.name: {"llama.cpp": [], "perimeter": []} for m in models}
    info = None
    for rnd in range(args.runs):
        for m in models:
            lcs, pers = [], []
            for _ in range(args.reps):
                lc = llamacpp_once(m, args.threads, args.n_prompt, args.n_gen)
                info = info or lc
                # The bandwidth right before each of our runs, for the share of the bandwidth
                # that was there at that moment.
                probe = read_bandwidth(cli, args.threads)
                bw.append(probe)
                per = perimeter_once(cli, m, args.threads, args.n_prompt, args.n_gen)
                per["read_gbps"] = probe
                per["bw_share"] = per["tg_tps"] * per["weight_bytes_per_token"] / (probe * 1e9)
                lcs.append(lc)
                pers.append(per)
            lc = {"pp": [statistics.median(r["pp"][0] for r in lcs)], "tg": [statistics.median(r["tg"][0] for r in lcs)],
                  "rss_mb": max(r["rss_mb"] for r in lcs), "reps": lcs}
            per = dict(pers[0])
            per.update({"pp_tps": statistics.median(r["pp_tps"] for r in pers),
                        "tg_tps": statistics.median(r["tg_tps"] for r in pers),
                        "rss_mb": max(r["rss_mb"] for r in pers),
                        "bw_share": statistics.median(r["bw_share"] for r in pers), "reps": pers})
            runs[m.name]["llama.cpp"].append(lc)
            runs[m.name]["perimeter"].append(per)
            reps = "; ".join(f"{a['tg'][0]:.1f}/{b['tg_tps']:.1f}" for a, b in zip(lcs, pers))
            print(f"  round {rnd + 1} {m.name}: llama.cpp pp {lc['pp'][0]:.1f} tg {lc['tg'][0]:.1f}; "
                  f"perimeter pp {per['pp_tps']:.1f} tg {per['tg_tps']:.1f} (tg per repetition, llama.cpp/ours: {reps})",
                  flush=True)
    bw.append(read_bandwidth(cli, args.threads))
    gbps = max(bw)  # the limit: the best pass of every probe of the run (the strictest)

    print(f"\nllama.cpp (llama-cpp-python {info['version']}) system info:\n  {info['system_info'].strip()}")
    print(f"read bandwidth ({args.threads} threads, best pass of each probe): before {bw[0]:.1f}, after {bw[-1]:.1f}, "
          f"{len(bw)} probes {min(bw):.1f}-{max(bw):.1f} GB/s; limits below use the best, {gbps:.1f} GB/s\n")
    print(f"{'model':36} {'engine':10} {'pp t/s':>16} {'tg t/s':>16} {'RSS MiB':>8} {'tg bw share':>11}")
    results = []
    for m in models:
        L, P = runs[m.name]["llama.cpp"], runs[m.name]["perimeter"]
        lpp = [r["pp"][0] for r in L]
        ltg = [r["tg"][0] for r in L]
        ppp = [r["pp_tps"] for r in P]
        ptg = [r["tg_tps"] for r in P]
        rpp = [a / b for a, b in zip(ppp, lpp)]
        rtg = [a / b for a, b in zip(ptg, ltg)]
        wbytes = P[0]["weight_bytes_per_token"]
        limit = gbps * 1e9 / wbytes
        budget_mib = (P[0]["file_bytes"] + P[0]["kv_cache_bytes"]) / 2**20 + 200
        lrss = max(r["rss_mb"] for r in L)
        prss = max(r["rss_mb"] for r in P)
        print(f"{m.name:36} {'llama.cpp':10} {stats(lpp):>16} {stats(ltg):>16} {lrss:8.0f} {statistics.mean(ltg) / limit:10.0%}")
        print(f"{'':36} {'perimeter':10} {stats(ppp):>16} {stats(ptg):>16} {prss:8.0f} {statistics.mean(ptg) / limit:10.0%}")
        print(f"{'':36} {'ratio':10} {spread(rpp):>16} {spread(rtg):>16}")
        round_share = [r["bw_share"] for r in P]
        print(f"{'':36} tg share of the bandwidth probed just before each of our runs (median per round): "
              f"{statistics.median(round_share):.0%} ({min(round_share):.0%}-{max(round_share):.0%})")
        print(f"{'':36} bandwidth limit {limit:.1f} t/s ({wbytes / 2**20:.1f} MiB read per token); RSS budget "
              f"{budget_mib:.0f} MiB (file + KV + 200): {'ok' if prss <= budget_mib else 'OVER'}")
        results.append({"model": m.name, "llama.cpp": {"pp": lpp, "tg": ltg, "rss_mib": lrss},
                        "perimeter": {"pp": ppp, "tg": ptg, "rss_mib": prss}, "ratio": {"pp": rpp, "tg": rtg},
                        "bandwidth_limit_tps": limit, "weight_bytes_per_token": wbytes,
                        "tg_bandwidth_share": {"llama.cpp": statistics.mean(ltg) / limit,
                                               "perimeter": statistics.mean(ptg) / limit},
                        "tg_share_of_round_probe": round_share, "rss_budget_mib": budget_mib})
        sys.stdout.flush()
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"threads": args.threads, "read_gbps": bw, "load_before": load,
                                                   "system_info": info["system_info"], "models": results}, indent=1))


if __name__ == "__main__":
    main()
