#!/usr/bin/env bash
# Cost as the work grows (README, "Cost as the work grows"): stratified subsets of FER-2013 (1,000, 5,000 and all
# 28,709 images by default) each through import, preprocessing (raw, and CLAHE+SMOTE), training of small-cnn and of
# mobilenetv3-large (one epoch at full scale; up to 5,000 images three, the median taken), and evaluation, one
# experiment at a time on a fresh local stack whose services
# restart for every size (their heaps then belong to that size). Around each size, the bare loops on the same images
# and settings, alone on the machine (the services stopped): OpenCV decode+resize(+CLAHE) on one thread, DJL training
# (batch 32) and inference (batch 64), before the size's experiments and again after (DJL's twice each time). One bare
# epoch's speed here drifts by up to a third over tens of minutes, so training and evaluation are also compared with
# bare samples taken right before and right after each experiment, beside the warm stack: the same model and epoch
# size, the machine in the state the trainer had. Each ratio is to the median of its samples, with the ratios to the
# slowest and fastest beside it.
#   ./ferlab bench scale [ZIP] [SIZE ...]     (needs python3; about 100 minutes on two cores)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ZIP="$(realpath "${1:-$ROOT/../shared/datasets/fer2013-train.zip}")"
shift || true
SIZES=("${@:-1000 5000 28709}"); read -r -a SIZES <<<"${SIZES[*]}"
IMAGE=96
BARE_EPOCH_MAX=5000
BARE_ROUNDS=2 # before the experiments, and again after
# Epochs of each measured experiment: up to 5,000 images an epoch lasts seconds to half a minute and one moves by a
# tenth between runs, so the trainer's figure is the median of three; at full scale one (each is minutes).
MEDIAN_EPOCHS=3 MEDIAN_EPOCHS_MAX_IMAGES=5000
export FERLAB_HOME="$ROOT/.ferlab/bench-scale"
cd "$ROOT"
# shellcheck source=/dev/null
source "$ROOT/benchmarks/lib.sh"
# shellcheck source=/dev/null
source "$ROOT/scripts/services.sh" # TORCH_MALLOC_ENV, the allocator settings the trainer and evaluator run with
./ferlab down >/dev/null 2>&1 || true
rm -rf "$FERLAB_HOME"; mkdir -p "$FERLAB_HOME"
export FERLAB_JAVA_OPTS="${FERLAB_JAVA_OPTS:-} -Xlog:gc:file=$FERLAB_HOME/gc-%p.log"
trap './ferlab down >/dev/null 2>&1 || true' EXIT
./ferlab up >"$FERLAB_HOME/up.out" 2>&1
gateway="http://localhost:${FERLAB_GATEWAY_PORT:-8080}"
results="$FERLAB_HOME/results.jsonl"
pre="$ROOT/preprocess-service/target/quarkus-app"

# The bare loops, added to $1. OpenCV's (the best of two rounds). DJL's (bare_djl, benchmarks/lib.sh, with the
# allocator settings the trainer and evaluator run with): BARE_ROUNDS rounds of a bare epoch, for each MODEL:IMAGES
# the size's experiments call for ($epochs), over as many images as the experiment will train on, up to
# BARE_EPOCH_MAX (past that its images/s no longer moves: the new model's first steps are a fixed cost, and a
# full-scale bare epoch would add ten minutes a round), and of bare inference.
bare_opencv() {
  java -Xlog:disable -cp "$(app_classpath "$pre")" dev.ferlab.preprocess.benchmark.BareOpenCv "$zip" $IMAGE \
    2>/dev/null | grep -E '^(bare|load) ' | tee -a "$1"
}

for n in "${SIZES[@]}"; do
  echo "== $n images"
  zip="$FERLAB_HOME/fer2013-$n.zip"
  python3 "$ROOT/benchmarks/subset.py" "$ZIP" "$n" "$zip"
  epochs=$(python3 "$ROOT/benchmarks/scale.py" epochs "$zip" $BARE_EPOCH_MAX)
  ./ferlab stop >/dev/null 2>&1 || true
  bare_opencv "$FERLAB_HOME/bare-opencv-$n-before.txt"
  bare_djl "$FERLAB_HOME/bare-djl-$n-before.txt" $BARE_ROUNDS $epochs
  ./ferlab start >>"$FERLAB_HOME/up.out" 2>&1
  token="${FERLAB_API_TOKEN:-$(cat "$FERLAB_HOME/api-token")}"
  # Warm-up, as the bare loops warm up: an import and three short experiments on 210 other images (a subset of
  # another seed, so nothing measured below is reused), so that every code path is compiled before the clock runs.
  python3 "$ROOT/benchmarks/subset.py" "$ZIP" 210 "$FERLAB_HOME/warm-up.zip" 1
  ./ferlab dataset import "$FERLAB_HOME/warm-up.zip" --upload --name warm-up >"$FERLAB_HOME/warm-up-$n.out"
  warm=$(grep -o 'dataset:[0-9a-f-]*' "$FERLAB_HOME/warm-up-$n.out" | head -1)
  for e in "small-cnn raw" "small-cnn clahe+smote" "mobilenetv3-large raw"; do
    read -r model variant <<<"$e"
    python3 "$ROOT/benchmarks/scale.py" experiment "$gateway" "$token" \
      '{"dataset":"'"$warm"'","model":"'"$model"'","epochs":1,"maxBatchesPerEpoch":3,"seed":7,"preprocessing":{"imageSize":'$IMAGE','"$(preprocessing_of "$variant")"'}}' \
      "$FERLAB_HOME/logs/preprocess-service.log" "$FERLAB_HOME/logs/trainer-service.log" >/dev/null
  done
  t=$SECONDS
  ./ferlab dataset import "$zip" --upload --name "fer2013-$n" >"$FERLAB_HOME/import-$n.out"
  import=$((SECONDS - t))
  ref=$(grep -o 'dataset:[0-9a-f-]*' "$FERLAB_HOME/import-$n.out" | head -1)
  # Then the preprocessor as warm as the bare loop, which is timed after 500 images and takes the best of two full
  # passes over the same images: two full passes of the preprocessor over them too, raw and CLAHE+SMOTE, as shard
  # sets of other seeds (each experiment cancelled once its shards are written; the seed measured below is made
  # anew). Warmed on 2,000 other images instead, the first full pass of 28,709 decoded in 1.42 s and the next in
  # 0.77 s: its heap grows to the size's images during the first (README, "Cost as the work grows").
  declare -A passes=([raw]="" [clahe+smote]="")
  for seed in $((n + 1)) $((n + 2)); do
    for variant in raw clahe+smote; do
      p=$(preprocessing_of "$variant")
      steps=$(python3 "$ROOT/benchmarks/scale.py" prepare "$gateway" "$token" \
        '{"dataset":"'"$ref"'","model":"small-cnn","epochs":1,"seed":'$seed',"preprocessing":{"imageSize":'$IMAGE','"$p"'}}' \
        "$FERLAB_HOME/logs/preprocess-service.log")
      passes[$variant]+="${passes[$variant]:+,}$steps"
    done
  done
  # Up to 5,000 images, two bare samples before each experiment and two after: one epoch of 800 images moves by a
  # tenth from one sample to the next.
  train_epochs=1 near_rounds=1; (( n > MEDIAN_EPOCHS_MAX_IMAGES )) || { train_epochs=$MEDIAN_EPOCHS; near_rounds=2; }
  read -r -a each <<<"$(python3 "$ROOT/benchmarks/scale.py" epochs "$zip" $BARE_EPOCH_MAX each)"
  declare -A run=() near=()
  i=0
  for e in "small-cnn raw" "small-cnn clahe+smote" "mobilenetv3-large raw"; do
    read -r model variant <<<"$e"
    # Bare epochs of the experiment's model and size (then bare inference) right before it and right after, beside
    # the warm stack: the baseline nearest in time to the trainer's epochs and the evaluator's scoring.
    near_file="$FERLAB_HOME/bare-djl-$n-near-${model}-${variant/+/-}.txt"
    bare_djl "$near_file" $near_rounds "${each[$i]}"
    run[$e]=$(python3 "$ROOT/benchmarks/scale.py" experiment "$gateway" "$token" \
      '{"dataset":"'"$ref"'","model":"'"$model"'","epochs":'$train_epochs',"seed":7,"preprocessing":{"imageSize":'$IMAGE','"$(preprocessing_of "$variant")"'}}' \
      "$FERLAB_HOME/logs/preprocess-service.log" "$FERLAB_HOME/logs/trainer-service.log")
    echo "  $e: ${run[$e]}"
    bare_djl "$near_file" $near_rounds "${each[$i]}"
    near[$e]=$(python3 "$ROOT/benchmarks/scale.py" bare "$near_file")
    i=$((i + 1))
  done
  heap="{\"gateway\":\"$(heap_of gateway)\",\"preprocess-service\":\"$(heap_of preprocess-service)\",\"trainer-service\":\"$(heap_of trainer-service)\",\"evaluator-service\":\"$(heap_of evaluator-service)\"}"
  memory
  ./ferlab stop >/dev/null 2>&1 || true
  # The bare loops again, alone on the machine, the services stopped.
  bare_opencv "$FERLAB_HOME/bare-opencv-$n-after.txt"
  bare_djl "$FERLAB_HOME/bare-djl-$n-after.txt" $BARE_ROUNDS $epochs
  bare=$(python3 "$ROOT/benchmarks/scale.py" bare "$FERLAB_HOME"/bare-*-"$n"-{before,after}.txt)
  echo "{\"images\": $n, \"bareEpochMax\": $BARE_EPOCH_MAX, \"import\": $import, \"heap\": $heap, \"passes\": {\"raw\": [${passes[raw]}], \"clahe+smote\": [${passes[clahe+smote]}]}, \"bare\": $bare, \"near\": {\"small-cnn raw\": ${near[small-cnn raw]}, \"small-cnn clahe+smote\": ${near[small-cnn clahe+smote]}, \"mobilenetv3-large raw\": ${near[mobilenetv3-large raw]}}, \"small-cnn raw\": ${run[small-cnn raw]}, \"small-cnn clahe+smote\": ${run[small-cnn clahe+smote]}, \"mobilenetv3-large raw\": ${run[mobilenetv3-large raw]}}" >>"$results"
done
mkdir -p "$ROOT/docs/measurements"
python3 "$ROOT/benchmarks/scale.py" report "$results" "$ROOT/docs/measurements/scale.md"
