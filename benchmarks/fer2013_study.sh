#!/usr/bin/env bash
# The study on FER-2013, reduced to fit two CPU cores (README, "The study on FER-2013, reduced"): a stratified
# subset of the zip (benchmarks/subset.py, N images, default 3,500), uploaded and imported, the grid
# `--preset fer2013-reduced` submitted through the CLI like any user's grid, waited on, and its models evaluated on
# a second dataset (CK+48 by default) through the cross-dataset API. Writes Table 1, the comparison chart, the
# learning curves and the cross-dataset table to OUT (default docs/fer2013-reduced), from the API's JSON.
#   ./ferlab bench study [ZIP] [N] [OTHER_DATASET_DIR]     (needs python3; about 45 minutes on two cores at 3,500)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ZIP="$(realpath "${1:-$ROOT/../shared/datasets/fer2013-train.zip}")"
N="${2:-3500}"
OTHER="$(realpath "${3:-$ROOT/../shared/datasets/ck48}")"
OUT="${FERLAB_STUDY_OUT:-$ROOT/docs/fer2013-reduced}"
export FERLAB_HOME="$ROOT/.ferlab/bench-study"
cd "$ROOT"
./ferlab down >/dev/null 2>&1 || true
rm -rf "$FERLAB_HOME"; mkdir -p "$FERLAB_HOME" "$OUT"
trap './ferlab down >/dev/null 2>&1 || true' EXIT
python3 "$ROOT/benchmarks/subset.py" "$ZIP" "$N" "$FERLAB_HOME/fer2013-$N.zip"
./ferlab up >"$FERLAB_HOME/up.out" 2>&1 && ./ferlab start >>"$FERLAB_HOME/up.out" 2>&1
api() { curl -sf -H "Authorization: Bearer ${FERLAB_API_TOKEN:-$(cat "$FERLAB_HOME/api-token")}" \
  -H 'Content-Type: application/json' "localhost:${FERLAB_GATEWAY_PORT:-8080}/api/$1" "${@:2}"; }
json() { python3 -c "import json, sys; e = json.load(sys.stdin); $1"; }

./ferlab dataset import "$FERLAB_HOME/fer2013-$N.zip" --upload --name "fer2013-$N" | tee "$FERLAB_HOME/import.out" | tail -1
fer=$(grep -o 'dataset:[0-9a-f-]*' "$FERLAB_HOME/import.out" | head -1)
./ferlab dataset import "$OTHER" --name "$(basename "$OTHER")" | tee "$FERLAB_HOME/import-other.out" | tail -1
other=$(grep -o 'dataset:[0-9a-f-]*' "$FERLAB_HOME/import-other.out" | head -1)

t=$SECONDS
./ferlab grid --preset fer2013-reduced --dataset "$fer" --name "fer2013-reduced on fer2013-$N" | tee "$FERLAB_HOME/grid.out"
grid=$(sed -n 's/^grid \([0-9a-f-]*\) .*/\1/p' "$FERLAB_HOME/grid.out")
last=""
while true; do
  now=$(api "grids/$grid" | json 'print(" ".join("%s=%d" % kv for kv in sorted(e["statuses"].items())))')
  [[ $now == "$last" ]] || { echo "  +$((SECONDS - t)) s: $now"; last=$now; }
  grep -q 'PREPROCESSING\|QUEUED\|WAITING\|TRAINING\|EVALUATING\|SUBMITTED\|PREPROCESSED\|TRAINED' <<<"$now" || break
  sleep 10
done
echo "grid done in $((SECONDS - t)) s"

# Every completed model scored on the other dataset, all of its images.
for id in $(api "grids/$grid" | json 'print(" ".join(x["id"] for x in e["experiments"] if x["status"] == "COMPLETED"))'); do
  ./ferlab evaluate "$id" --dataset "$other" --watch >/dev/null
done
echo "cross-dataset evaluations done in $((SECONDS - t)) s"

api "grids/$grid" >"$FERLAB_HOME/grid.json"
for id in $(json 'print(" ".join(x["id"] for x in e["experiments"]))' <"$FERLAB_HOME/grid.json"); do
  api "experiments/$id" >"$FERLAB_HOME/experiment-$id.json"
  api "experiments/$id/evaluations" >"$FERLAB_HOME/evaluations-$id.json"
done
./ferlab export "$grid" --format markdown --out "$OUT/table1.md" >/dev/null
python3 "$ROOT/benchmarks/study_report.py" "$FERLAB_HOME" "$OUT" "fer2013-$N" "$(basename "$OTHER")" \
  "$((SECONDS - t))"
cat "$OUT/summary.md"
