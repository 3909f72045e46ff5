#!/usr/bin/env bash
# Dependencies point one way: app -> ui -> app/analysis -> (engine, docs-ingest) -> kernels.
# The link graph enforces it for symbols; this checks the includes and that the lower layers
# use no Qt Widgets (engine, kernels, docs-ingest: no Qt at all).
set -u
root=$1
cd "$root" || exit 1
bad=0
check() {  # check DIR PATTERN WHAT
  local hits
  hits=$(grep -rnE --include='*.h' --include='*.cpp' --include='*.cu' --include='*.cuh' "$2" "$1" 2>/dev/null)
  if [[ -n "$hits" ]]; then
    echo "layering: $1 must not $3:"; echo "$hits" | head -20; bad=1
  fi
}
check kernels '#include "(engine|docs-ingest|app|ui)/' "include engine, docs-ingest, app or ui headers"
check engine '#include "(docs-ingest|app|ui)/' "include docs-ingest, app or ui headers"
check docs-ingest '#include "(engine|app|ui)/' "include engine, app or ui headers (services come through interfaces)"
check app/analysis '#include "(ui|app/cli|app/gui)/' "include ui or entry-point headers"
check ui '#include "app/(cli|gui)/' "include entry-point headers"
for d in kernels engine docs-ingest; do
  check "$d" '#include <Q[A-Za-z]' "use Qt"
done
check app/analysis '#include <(QtWidgets/|QWidget|QApplication|QMainWindow|QDialog)' "use Qt Widgets"
# The CMake targets of the lower layers link no Qt Widgets.
if grep -nE 'Qt6::Widgets' kernels/CMakeLists.txt engine/CMakeLists.txt docs-ingest/CMakeLists.txt app/analysis/CMakeLists.txt; then
  echo "layering: a lower layer links Qt6::Widgets"; bad=1
fi
[[ $bad -eq 0 ]] && echo "layering: ok"
exit $bad
