#!/usr/bin/env bash
# Analysis latency on 2 cores: `ask` (time to first token, total) with the default model, the
# system prompt's KV cache reused across questions in one workspace, and a summary report in
# minutes per 100 pages. Prints a Markdown table (paste it into bench/README.md).
#
#   bench/ask_bench.sh [BUILD_DIR] [MODEL.gguf]
#       BUILD_DIR  default build/ (needs perimeter-cli and perimeter-extract)
#       MODEL      default ~/.cache/perimeter/models/SmolLM2-135M-Instruct.Q4_1.gguf
#   ASK_BENCH_SUMMARY=0 skips the summary (the slow part).
#
# Documents: Ulta Beauty's Q4 2022 earnings release (9 pages, FinanceBench corpus).
# ask, cold: one process per question (model load not in TTFT; the process wall time is shown
#   too), --no-cache, BM25 retrieval (--embedding-model none) so that only generation is timed.
# ask, warm: the same questions through `perimeter-cli eval` in ONE process (one workspace,
#   one engine session): from the second question on, the system prompt's tokens are reused
#   (stats.reused_tokens) and the time to first token drops.
# summary: `perimeter-cli report --kind summary` over the same 9 pages, wall time.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
MODEL=${2:-${PERIMETER_MODELS_DIR:-$HOME/.cache/perimeter/models}/SmolLM2-135M-Instruct.Q4_1.gguf}
CORPUS=${PERIMETER_SHARED_DIR:-$ROOT/../shared}/corpus
CLI=$BUILD/bin/perimeter-cli
DOC=ULTABEAUTY_2023Q4_EARNINGS.pdf
PAGES=9
[ -x "$CLI" ] || { echo "ask_bench: $CLI not built (ninja perimeter-cli perimeter-extract)" >&2; exit 1; }
[ -f "$MODEL" ] || { echo "ask_bench: $MODEL: no such model" >&2; exit 1; }
[ -f "$CORPUS/financebench-dev/$DOC" ] || { echo "ask_bench: $CORPUS/financebench-dev/$DOC missing" >&2; exit 1; }
PY=$(command -v python3)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PIN="taskset -c 0,1"  # 2 cores
command -v taskset >/dev/null || PIN=""

"$CLI" ingest --db "$TMP/bench.db" "$CORPUS/financebench-dev/$DOC" >/dev/null 2>&1

QUESTIONS=(
  "What were Ulta Beauty's diluted earnings per share in the fourth quarter of fiscal 2022?"
  "How many net new stores did Ulta Beauty open in fiscal 2022?"
  "By how much did Ulta Beauty's comparable sales increase in the fourth quarter of fiscal 2022?"
  "What were Ulta Beauty's net sales for the fiscal year ended January 28, 2023?"
)

now() { date +%s.%N; }
echo "model: $(basename "$MODEL"), $(nproc) cores visible, pinned to 2 (${PIN:-no taskset}), -t 2" >&2

# 1. Cold: one process per question.
: > "$TMP/cold.jsonl"
for q in "${QUESTIONS[@]}"; do
  t0=$(now)
  $PIN "$CLI" ask --db "$TMP/bench.db" --model "$MODEL" --embedding-model none --doc "$DOC" --no-cache -t 2 --json "$q" \
    > "$TMP/one.json" 2>/dev/null
  t1=$(now)
  "$PY" -c "import json,sys; d=json.load(open('$TMP/one.json')); d['wall_s']=$t1-$t0; print(json.dumps(d))" >> "$TMP/cold.jsonl"
done

# 2. Warm: the same questions in one process.
for q in "${QUESTIONS[@]}"; do
  "$PY" -c "import json,sys; print(json.dumps({'question': sys.argv[1], 'answer': '-', 'doc': '$DOC'}))" "$q"
done > "$TMP/warm_set.jsonl"
$PIN "$CLI" eval --db "$TMP/bench.db" --model "$MODEL" --set "$TMP/warm_set.jsonl" --retriever bm25 -t 2 --json --items --quiet \
  > "$TMP/warm.json"

# 3. Summary report.
SUMMARY_S=""
if [ "${ASK_BENCH_SUMMARY:-1}" != "0" ]; then
  t0=$(now)
  $PIN "$CLI" report --db "$TMP/bench.db" --model "$MODEL" --doc "$DOC" --kind summary --out "$TMP/report" -t 2 \
    >/dev/null 2>"$TMP/report.err" || { echo "ask_bench: report failed: $(tail -1 "$TMP/report.err")" >&2; }
  t1=$(now)
  [ -n "$(ls "$TMP/report" 2>/dev/null)" ] && SUMMARY_S=$("$PY" -c "print($t1-$t0)")
fi

"$PY" - "$TMP/cold.jsonl" "$TMP/warm.json" "$SUMMARY_S" "$PAGES" "$(basename "$MODEL")" <<'EOF'
import json, sys
cold = [json.loads(l) for l in open(sys.argv[1])]
warm = json.load(open(sys.argv[2]))["items"]
summary_s, pages, model = sys.argv[3], int(sys.argv[4]), sys.argv[5]
print(f"\n### ask with {model}, 2 cores\n")
print("| # | run | prompt tokens | reused tokens | generated | time to first token ms | total ms | process wall s |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for i, d in enumerate(cold, 1):
    s = d["stats"]
    print(f"| {i} | cold (own process) | {s['prompt_tokens']} | {s['reused_tokens']} | {s['generated_tokens']} | {s['ttft_ms']:.0f} | {s['total_ms']:.0f} | {d['wall_s']:.1f} |")
for i, d in enumerate(warm, 1):
    print(f"| {i} | warm (one workspace) | {d['prompt_tokens']} | {d['reused_tokens']} | {d['generated_tokens']} | {d['ttft_ms']:.0f} | {d['total_ms']:.0f} | |")
def mean(xs): return sum(xs) / len(xs) if xs else 0
ct = mean([d["stats"]["ttft_ms"] for d in cold]); wt = mean([d["ttft_ms"] for d in warm[1:]])
print(f"\nmean time to first token: cold {ct:.0f} ms, warm (questions 2+) {wt:.0f} ms; "
      f"reused tokens on questions 2+: {', '.join(str(d['reused_tokens']) for d in warm[1:])}")
if summary_s:
    s = float(summary_s)
    print(f"summary report: {pages} pages in {s:.1f} s = {s / 60 / pages * 100:.1f} minutes per 100 pages")
else:
    print("summary report: not measured")
EOF
