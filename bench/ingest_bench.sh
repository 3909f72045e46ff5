#!/usr/bin/env bash
# Ingestion benchmark: our extraction against the poppler/tesseract command-line tools on the
# same files in the same run, pages per second and the ratio (ours / peer; >= 1.0 is the target).
#
#   bench/ingest_bench.sh [BUILD_DIR] [ROUNDS]      (default build, 3 rounds; best round counts)
#
# Text layer: the 20 sec-10q filings (1,037 pages).
#   pdftotext -layout, one process per file, sequential and 2 at a time (xargs -P2)
#   perimeter-extract --ocr never --threads 2, all files in one process (pages in parallel)
#   perimeter-extract --isolated: the same through extract_isolated(), one helper process per file
# OCR: ru/ant2.pdf (4 image-only pages, 200-dpi colour scan) twice = 8 pages, at 400 dpi.
#   tesseract CLI -l eng+rus on the same pages pre-rendered to 400-dpi grey PNG (rendering not
#   timed, in its favour), OMP_THREAD_LIMIT=1, xargs -P2 (both cores)
#   perimeter-extract --threads 2: render + orientation detection + OCR + layout, pages in parallel
# Chunking and indexing are not included (the pipeline's own bench adds them).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
ROUNDS=${2:-3}
CORPUS=${PERIMETER_SHARED_DIR:-$ROOT/../shared}/corpus
EXTRACT=$BUILD/bin/perimeter-extract
for tool in pdftotext pdfinfo pdftoppm tesseract; do
  command -v $tool >/dev/null || { echo "ingest_bench: $tool not found (poppler-utils, tesseract-ocr)" >&2; exit 1; }
done
[ -x "$EXTRACT" ] || { echo "ingest_bench: $EXTRACT not built (ninja perimeter-extract)" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
CORES=$(nproc)  # before OMP_THREAD_LIMIT, which GNU nproc honours
export OMP_THREAD_LIMIT=1

mapfile -t PDFS < <(ls "$CORPUS"/sec-10q/docs/*.pdf)
PAGES=0
for f in "${PDFS[@]}"; do PAGES=$((PAGES + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/{print $2}'))); done
printf '%s\0' "${PDFS[@]}" > "$TMP/pdfs0"

now() { date +%s.%N; }
# best_of NAME CMD...: runs CMD ROUNDS times after one warm-up, prints the best wall time.
best_of() {
  local best="" t0 t1 d
  "$@" >/dev/null 2>&1
  for ((r = 0; r < ROUNDS; r++)); do
    t0=$(now); "$@" >/dev/null 2>&1; t1=$(now)
    d=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || (( $(echo "$d < $best" | bc -l) )); then best=$d; fi
  done
  echo "$best"
}
row() { printf '  %-58s %8.2f s %9.2f pages/s\n' "$1" "$2" "$(echo "$3 / $2" | bc -l)"; }

pdftotext_seq() { for f in "${PDFS[@]}"; do pdftotext -layout "$f" /dev/null; done; }
pdftotext_par() { xargs -0 -P2 -I{} pdftotext -layout {} /dev/null < "$TMP/pdfs0"; }
ours_text() { "$EXTRACT" --quiet --ocr never --threads 2 "${PDFS[@]}"; }
ours_text1() { "$EXTRACT" --quiet --ocr never --threads 1 "${PDFS[@]}"; }
ours_isolated() { "$EXTRACT" --quiet --isolated --ocr never --threads 2 "${PDFS[@]}"; }

echo "Ingestion bench: $CORES cores, load $(cut -d' ' -f1-3 /proc/loadavg), best of $ROUNDS rounds"
echo "Text layer: ${#PDFS[@]} sec-10q PDFs, $PAGES pages"
T_SEQ=$(best_of pdftotext_seq);   row "pdftotext -layout (1 process at a time)" "$T_SEQ" "$PAGES"
T_PAR=$(best_of pdftotext_par);   row "pdftotext -layout (xargs -P2)" "$T_PAR" "$PAGES"
T_O1=$(best_of ours_text1);       row "perimeter-extract --threads 1 (in-process)" "$T_O1" "$PAGES"
T_O2=$(best_of ours_text);        row "perimeter-extract --threads 2 (in-process)" "$T_O2" "$PAGES"
T_ISO=$(best_of ours_isolated);   row "perimeter-extract --isolated --threads 2 (helper/doc)" "$T_ISO" "$PAGES"
printf '  ratio ours(threads 2) / pdftotext -P2:       %.2fx\n' "$(echo "$T_PAR / $T_O2" | bc -l)"
printf '  ratio ours(isolated) / pdftotext -P2:        %.2fx\n' "$(echo "$T_PAR / $T_ISO" | bc -l)"
printf '  ratio ours(threads 1) / pdftotext (1 proc):  %.2fx\n' "$(echo "$T_SEQ / $T_O1" | bc -l)"

SCAN=$CORPUS/ru/ant2.pdf
DPI=400
cp "$SCAN" "$TMP/scan_a.pdf"; cp "$SCAN" "$TMP/scan_b.pdf"
OCR_PAGES=$((2 * $(pdfinfo "$SCAN" | awk '/^Pages:/{print $2}')))
pdftoppm -r $DPI -gray -png "$SCAN" "$TMP/pa"
pdftoppm -r $DPI -gray -png "$SCAN" "$TMP/pb"
ls "$TMP"/p[ab]-*.png | tr '\n' '\0' > "$TMP/pngs0"
tess_par() { xargs -0 -P2 -I{} tesseract {} - -l eng+rus --dpi $DPI < "$TMP/pngs0"; }
ours_ocr() { "$EXTRACT" --quiet --threads 2 --dpi $DPI "$TMP/scan_a.pdf" "$TMP/scan_b.pdf"; }
echo "OCR: $OCR_PAGES scanned pages (ant2.pdf x2) at $DPI dpi, eng+rus"
T_TESS=$(best_of tess_par);       row "tesseract CLI, pre-rendered PNG (xargs -P2)" "$T_TESS" "$OCR_PAGES"
T_OCR=$(best_of ours_ocr);        row "perimeter-extract --threads 2 (render+OSD+OCR)" "$T_OCR" "$OCR_PAGES"
printf '  ratio ours / tesseract CLI:                  %.2fx\n' "$(echo "$T_TESS / $T_OCR" | bc -l)"
