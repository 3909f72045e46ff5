#!/usr/bin/env bash
# The main job succeeds inside a network-less namespace (unshare -n) with the same output
# as outside it. Set-up is not re-run here (it is what may use the network); the build is.
set -u
root=$1 build=$2
export PERIMETER_SKIP_SETUP=1 PERIMETER_BUILD_DIR="$build"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
normalise() { sed -E -e 's#'"$tmp"'/(online|offline)#OUT#g' -e 's/[0-9]+(\.[0-9]+)? ?(ms|s|tok\/s|pages\/s)\b/T/g' "$1"; }

PERIMETER_OUT="$tmp/online" bash "$root/scripts/main-job.sh" >"$tmp/online.log" 2>&1
rc1=$?
if ! unshare -n true 2>/dev/null; then
  echo "offline test: cannot create a network namespace here (unshare -n needs root or CAP_SYS_ADMIN)"
  exit 1
fi
# Inside: no interface but a down loopback, so any connection attempt fails.
PERIMETER_OUT="$tmp/offline" unshare -n -- bash -c 'ip link show 2>/dev/null | grep -c "state UP" | grep -qx 0 || exit 99; exec bash "$0/scripts/main-job.sh"' "$root" >"$tmp/offline.log" 2>&1
rc2=$?
echo "--- online (exit $rc1)"; cat "$tmp/online.log"
echo "--- offline (exit $rc2)"; cat "$tmp/offline.log"
[[ $rc1 -eq 0 && $rc2 -eq 0 ]] || { echo "offline test: main job failed"; exit 1; }
if ! diff <(normalise "$tmp/online.log") <(normalise "$tmp/offline.log"); then
  echo "offline test: output differs with and without network"; exit 1
fi
# The reports themselves are identical too (greedy decoding, same inputs).
if [[ -d "$tmp/online/report" ]]; then
  for f in "$tmp/online/report"/*.md; do
    [[ -e "$f" ]] || continue
    cmp -s "$f" "$tmp/offline/report/$(basename "$f")" || { echo "offline test: $(basename "$f") differs"; exit 1; }
  done
fi
echo "offline test: main job ran with no network and gave the same output"
