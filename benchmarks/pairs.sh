#!/usr/bin/env bash
# One training cell of `./ferlab bench scale`, measured in pairs (README, "Cost as the work grows", "In pairs"): a
# bare DJL epoch, then one experiment of one epoch through the pipeline on the same images, N times in turn, then one
# bare epoch more. Each trainer's epoch is the first of a new model, as each bare epoch is, and lies between two bare
# ones taken seconds before and after it; its ratio is to their mean. The median of the N ratios is the cell's figure:
# a drift of the machine's speed over minutes moves both sides of a pair alike.
#   ./ferlab bench pairs [ZIP] [SIZE] [MODEL] [raw|clahe+smote] [N]     (defaults: FER-2013, 1000, small-cnn,
#                                                                         clahe+smote, 8; about 6 minutes so)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ZIP="$(realpath "${1:-$ROOT/../shared/datasets/fer2013-train.zip}")"
SIZE="${2:-1000}" MODEL="${3:-small-cnn}" VARIANT="${4:-clahe+smote}" PAIRS="${5:-8}"
IMAGE=96
# shellcheck source=/dev/null
source "$ROOT/benchmarks/lib.sh" # bare_djl, preprocessing_of
preprocessing="$(preprocessing_of "$VARIANT")" || exit 2
export FERLAB_HOME="$ROOT/.ferlab/bench-pairs"
cd "$ROOT"
# shellcheck source=/dev/null
source "$ROOT/scripts/services.sh" # TORCH_MALLOC_ENV, app_classpath
./ferlab down >/dev/null 2>&1 || true
rm -rf "$FERLAB_HOME"; mkdir -p "$FERLAB_HOME"
trap './ferlab down >/dev/null 2>&1 || true' EXIT
./ferlab up >"$FERLAB_HOME/up.out" 2>&1
./ferlab start >>"$FERLAB_HOME/up.out" 2>&1
gateway="http://localhost:${FERLAB_GATEWAY_PORT:-8080}"
token="${FERLAB_API_TOKEN:-$(cat "$FERLAB_HOME/api-token")}"
zip="$FERLAB_HOME/fer2013-$SIZE.zip"
python3 "$ROOT/benchmarks/subset.py" "$ZIP" "$SIZE" "$zip"
./ferlab dataset import "$zip" --upload --name "fer2013-$SIZE" >"$FERLAB_HOME/import.out"
ref=$(grep -o 'dataset:[0-9a-f-]*' "$FERLAB_HOME/import.out" | head -1)
# The trainer's epoch, as the splitter splits (no cap): raw's count or SMOTE's.
read -r -a each <<<"$(python3 "$ROOT/benchmarks/scale.py" epochs "$zip" 100000000 each)"
images="${each[0]#*:}"; [[ $VARIANT == raw ]] || images="${each[1]#*:}"
body() {
  echo '{"dataset":"'"$ref"'","model":"'"$MODEL"'","epochs":1,"seed":7'"$1"',"preprocessing":{"imageSize":'$IMAGE','"$preprocessing"'}}'
}
run() {
  python3 "$ROOT/benchmarks/scale.py" experiment "$gateway" "$token" "$(body "$1")" \
    "$FERLAB_HOME/logs/preprocess-service.log" "$FERLAB_HOME/logs/trainer-service.log"
}
# Warm-up: the shard set made (the measured runs reuse it: the same dataset, preprocessing and seed) and every code
# path compiled, as the bare loop warms up on a throwaway model.
run ',"maxBatchesPerEpoch":3' >"$FERLAB_HOME/warm-up.json"
echo "== $MODEL, $VARIANT, $SIZE images ($images a training epoch): $PAIRS pairs"
: >"$FERLAB_HOME/bare.txt"; : >"$FERLAB_HOME/runs.jsonl"
for ((i = 1; i <= PAIRS; i++)); do
  bare_djl "$FERLAB_HOME/bare.txt" 1 "$MODEL:$images" | grep '^bare epoch'
  run "" | tee -a "$FERLAB_HOME/runs.jsonl" | cut -c1-160
done
bare_djl "$FERLAB_HOME/bare.txt" 1 "$MODEL:$images" | grep '^bare epoch'
python3 "$ROOT/benchmarks/scale.py" pairs "$FERLAB_HOME/bare.txt" "$FERLAB_HOME/runs.jsonl"
