#!/usr/bin/env bash
# Runs every test on a fresh or warm machine: set-up (packages, venv, models, build), then
# CTest without the long `full` matrices. `scripts/test.sh full` runs the full matrices too.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${PERIMETER_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/setup.sh"
JOBS="${PERIMETER_TEST_JOBS:-2}"

# The fuzz targets (GGUF reader, chat-template interpreter), 60 s each under ASan + UBSan with
# clang's libFuzzer, in their own build tree (cmake --preset fuzz).
FUZZ_BUILD="${PERIMETER_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
export CCACHE_BASEDIR="$ROOT"
if [[ ! -f "$FUZZ_BUILD/CMakeCache.txt" ]]; then
  cmake -S "$ROOT" -B "$FUZZ_BUILD" --preset fuzz >/dev/null
fi
cmake --build "$FUZZ_BUILD" -j "$(nproc)" --target gguf_fuzz jinja_fuzz
ctest --test-dir "$FUZZ_BUILD" --output-on-failure -L fuzz -R '_60s$'

cd "$BUILD"
if [[ "${1:-}" == "full" ]]; then
  exec ctest --output-on-failure -j "$JOBS"
fi
exec ctest --output-on-failure -j "$JOBS" -LE 'full|fuzz'
