#!/usr/bin/env bash
# Runs every test on a fresh or warm machine: set-up (packages, venv, models, build), then
# CTest without the long `full` matrices. `scripts/test.sh full` runs the full matrices too.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${PERIMETER_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/setup.sh"
cd "$BUILD"
JOBS="${PERIMETER_TEST_JOBS:-2}"
if [[ "${1:-}" == "full" ]]; then
  exec ctest --output-on-failure -j "$JOBS"
fi
exec ctest --output-on-failure -j "$JOBS" -LE 'full|fuzz'
