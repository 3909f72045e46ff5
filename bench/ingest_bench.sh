#!/usr/bin/env bash
# Ingestion benchmark: ours against the poppler/tesseract command-line tools on the same files
# in the same run, pages per second and the ratio (ours / peer; >= 1.0 is the target).
#
#   bench/ingest_bench.sh [BUILD_DIR] [ROUNDS]      (default build, 3 rounds)
#   BENCH_OCR=0 skips the OCR part; BENCH_CPUS=0,1 pins every command to those CPUs (taskset).
#
# Every round runs each command once, peer and ours back to back, after one warm-up of each;
# the table gives the median over the rounds with the spread (min-max), wall and CPU time
# (user+sys of the command and every process it waited for), and the ratio per round (so a
# load change between rounds moves both sides) as median and spread. On a shared machine the
# CPU time is the steadier figure; the load average is printed before and after.
#
# Text layer: the 20 sec-10q filings (1,037 pages).
#   per core:   pdftotext -layout one file at a time  vs  perimeter-extract --threads 1 (one
#               process, text layer + layout, no chunking)
#   end to end: pdftotext -layout two files at a time (xargs -P2)  vs  perimeter-cli ingest into
#               a fresh store: hash, one helper process per document (forked from a pre-started
#               helper; 2 documents at a time, largest first), text layer + layout, chunking,
#               FTS5 index, commit (one store thread, overlapped with extraction). The previous
#               round's store is deleted before the clock starts.
# OCR: ru/ant2.pdf (4 image-only pages, 200-dpi colour scan) twice = 8 pages, at 400 dpi.
#   tesseract CLI -l eng+rus on the same pages pre-rendered to 400-dpi grey PNG (rendering not
#   timed, in its favour), OMP_THREAD_LIMIT=1, xargs -P2 (both cores)
#   perimeter-extract --threads 2: render + orientation detection + OCR + layout, pages in parallel
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
ROUNDS=${2:-3}
CORPUS=${PERIMETER_SHARED_DIR:-$ROOT/../shared}/corpus
EXTRACT=$BUILD/bin/perimeter-extract
CLI=$BUILD/bin/perimeter-cli
for tool in pdftotext pdfinfo pdftoppm tesseract bc; do
  command -v $tool >/dev/null || { echo "ingest_bench: $tool not found (poppler-utils, tesseract-ocr, bc)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "ingest_bench: /usr/bin/time not found (package time)" >&2; exit 1; }
for b in "$EXTRACT" "$CLI"; do
  [ -x "$b" ] || { echo "ingest_bench: $b not built (ninja perimeter-extract perimeter-cli)" >&2; exit 1; }
done
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
CORES=$(nproc)  # before OMP_THREAD_LIMIT, which GNU nproc honours
export OMP_THREAD_LIMIT=1
PIN=()
[ -n "${BENCH_CPUS:-}" ] && PIN=(taskset -c "$BENCH_CPUS")

mapfile -t PDFS < <(ls "$CORPUS"/sec-10q/docs/*.pdf)
PAGES=0
for f in "${PDFS[@]}"; do PAGES=$((PAGES + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/{print $2}'))); done
printf '%s\0' "${PDFS[@]}" > "$TMP/pdfs0"

# run NAME CMD...: one timed run; appends "wall cpu" to $TMP/NAME (wall to the microsecond from
# bash's clock, /usr/bin/time's %e has only 10 ms steps; CPU from /usr/bin/time).
run() {
  local name=$1; shift
  local t0=$EPOCHREALTIME
  "${PIN[@]}" /usr/bin/time -f '%e %U %S' -o "$TMP/t" "$@" >/dev/null 2>"$TMP/err" \
    || { echo "ingest_bench: $name failed:" >&2; cat "$TMP/err" >&2; exit 1; }
  local t1=$EPOCHREALTIME
  awk -v w="$(echo "$t1 - $t0" | bc -l)" '{printf "%.4f %.3f\n", w, $2 + $3}' "$TMP/t" >> "$TMP/$name"
}
# med FILE COL / lo / hi: median, min, max of a column.
med() { sort -g -k"$2","$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
lo() { sort -g -k"$2","$2" "$1" | head -1 | awk -v c="$2" '{print $c}'; }
hi() { sort -g -k"$2","$2" "$1" | tail -1 | awk -v c="$2" '{print $c}'; }
row() {  # row NAME LABEL PAGES
  local f="$TMP/$1"
  printf '| %-52s | %5.2f s (%5.2f-%5.2f) | %5.2f s (%5.2f-%5.2f) | %8.1f |\n' "$2" \
    "$(med "$f" 1)" "$(lo "$f" 1)" "$(hi "$f" 1)" "$(med "$f" 2)" "$(lo "$f" 2)" "$(hi "$f" 2)" \
    "$(echo "$3 / $(med "$f" 1)" | bc -l)"
}
# ratio PEER OURS LABEL: per-round wall and CPU ratios (peer time / our time), median and spread.
ratio() {
  paste "$TMP/$1" "$TMP/$2" | awk '{printf "%.4f %.4f\n", $1 / $3, $2 / $4}' > "$TMP/r"
  printf '| %-52s | %5.2fx (%4.2f-%4.2f) | %5.2fx (%4.2f-%4.2f) | |\n' "**$3**" \
    "$(med "$TMP/r" 1)" "$(lo "$TMP/r" 1)" "$(hi "$TMP/r" 1)" "$(med "$TMP/r" 2)" "$(lo "$TMP/r" 2)" "$(hi "$TMP/r" 2)"
}
header() {
  echo "| what | wall, median (min-max) | CPU user+sys, median (min-max) | pages/s |"
  echo "|---|---:|---:|---:|"
}

# The commands, as scripts so that /usr/bin/time measures each with all its processes.
DOCS=$CORPUS/sec-10q/docs
echo "xargs -0 -I{} pdftotext -layout {} /dev/null < '$TMP/pdfs0'" > "$TMP/pt_seq.sh"
echo "xargs -0 '$EXTRACT' --quiet --ocr never --threads 1 < '$TMP/pdfs0'" > "$TMP/ours_t1.sh"
echo "xargs -0 -P2 -I{} pdftotext -layout {} /dev/null < '$TMP/pdfs0'" > "$TMP/pt_par.sh"
echo "'$CLI' ingest --db '$TMP/store.db' '$DOCS'" > "$TMP/ours_ingest.sh"

echo "Ingestion bench: $(lscpu | awk -F: '/Model name/{gsub(/^ +/, "", $2); print $2}'), $CORES cores," \
     "${ROUNDS} rounds${BENCH_CPUS:+, pinned to CPUs $BENCH_CPUS}; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Text layer: ${#PDFS[@]} sec-10q PDFs, $PAGES pages"
# The previous round's store is deleted before the clock starts: deleting a 23 MB file is not
# ingest work, and on a disk mounted with `discard` (this VM's) it alone takes ~40 ms.
for c in pt_seq ours_t1 pt_par ours_ingest; do rm -f "$TMP"/store.db*; bash "$TMP/$c.sh" >/dev/null 2>&1; done  # warm-up (page cache)
for ((r = 0; r < ROUNDS; r++)); do
  for c in pt_seq ours_t1 pt_par ours_ingest; do rm -f "$TMP"/store.db*; run $c bash "$TMP/$c.sh"; done
done
header
row pt_seq "pdftotext -layout, 1 file at a time" "$PAGES"
row ours_t1 "perimeter-extract --threads 1 (text layer + layout)" "$PAGES"
ratio pt_seq ours_t1 "per core: ours / pdftotext"
row pt_par "pdftotext -layout, 2 files at a time (xargs -P2)" "$PAGES"
row ours_ingest "perimeter-cli ingest, fresh store (2 workers)" "$PAGES"
ratio pt_par ours_ingest "end to end: ingest / pdftotext -P2"
[ -s "$TMP/store.db" ] && echo "store: $(du -k "$TMP/store.db" | cut -f1) KB after the last ingest"

if [ "${BENCH_OCR:-1}" != 0 ]; then
  SCAN=$CORPUS/ru/ant2.pdf
  DPI=400
  cp "$SCAN" "$TMP/scan_a.pdf"; cp "$SCAN" "$TMP/scan_b.pdf"
  OCR_PAGES=$((2 * $(pdfinfo "$SCAN" | awk '/^Pages:/{print $2}')))
  pdftoppm -r $DPI -gray -png "$SCAN" "$TMP/pa"
  pdftoppm -r $DPI -gray -png "$SCAN" "$TMP/pb"
  ls "$TMP"/p[ab]-*.png | tr '\n' '\0' > "$TMP/pngs0"
  echo "OCR: $OCR_PAGES scanned pages (ant2.pdf x2) at $DPI dpi, eng+rus"
  for ((r = 0; r < ROUNDS; r++)); do
    run tess bash -c "xargs -0 -P2 -I{} tesseract {} - -l eng+rus --dpi $DPI < '$TMP/pngs0'"
    run ours_ocr "$EXTRACT" --quiet --threads 2 --dpi $DPI "$TMP/scan_a.pdf" "$TMP/scan_b.pdf"
  done
  header
  row tess "tesseract CLI, pre-rendered PNG (xargs -P2)" "$OCR_PAGES"
  row ours_ocr "perimeter-extract --threads 2 (render+OSD+OCR)" "$OCR_PAGES"
  ratio tess ours_ocr "ours / tesseract CLI"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
