#!/usr/bin/env bash
# glibc's allocator settings for the trainer (README, "Containers", "One arena"): for each variant, the page faults,
# kernel time and wall time of TrainingBenchmark small-cnn (100 bare and 100 pipeline batches, two rounds each), and a
# trainer's peak resident memory over three VGG16 runs as in the 27-run test (the FER-2013 sample; raw, undersampled,
# CLAHE+SMOTE; two epochs of one batch of 4) on a fresh local stack. The variants run in turn, twice over for the
# faults. A variant is "NAME VAR=VALUE ..."; the default set: the shipped settings, one arena, and two ways to keep
# one arena's memory down.
#   ./ferlab bench allocator ["NAME VAR=VALUE ..." ...]     (about 25 minutes for the default four on two cores)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=/dev/null
source "$ROOT/scripts/services.sh" # TORCH_MALLOC_ENV, the settings the trainer runs with; app_classpath
SHIPPED="${TORCH_MALLOC_ENV[*]}"
# Each variant overrides what it names: of two assignments to one variable, env and export keep the last.
VARIANTS=("${@}")
(( ${#VARIANTS[@]} )) || VARIANTS=("shipped $SHIPPED" "one-arena MALLOC_ARENA_MAX=1 $SHIPPED"
  "one-arena-trim-256m MALLOC_ARENA_MAX=1 $SHIPPED MALLOC_TRIM_THRESHOLD_=268435456"
  "one-arena-mmap-32m MALLOC_ARENA_MAX=1 $SHIPPED MALLOC_MMAP_MAX_=65536 MALLOC_MMAP_THRESHOLD_=33554432")
SAMPLE="$(realpath "$ROOT/../shared/datasets/fer2013-sample")"
APP="$ROOT/trainer-service/target/quarkus-app"

echo "TrainingBenchmark small-cnn, 100 bare and 100 pipeline batches, two rounds each:"
for rep in 1 2; do
  for v in "${VARIANTS[@]}"; do
    read -r name settings <<<"$v"
    # shellcheck disable=SC2086 # the settings are words on purpose
    env $settings /usr/bin/time -f "  $name: %e s wall, %S s in the kernel, %R minor faults, %M KB peak resident" \
      java -Xlog:disable -Dai.djl.offline=true -Dferlab.bench.batches=100 -Dferlab.bench.rounds=2 \
      -cp "$(app_classpath "$APP")" dev.ferlab.trainer.benchmark.TrainingBenchmark small-cnn 2>&1 \
      | sed -n "s/^ *small-cnn */  $name: /p; /wall/p"
  done
done

echo "a trainer's peak resident memory over three VGG16 runs (raw, undersampled, CLAHE+SMOTE):"
for v in "${VARIANTS[@]}"; do
  read -r name settings <<<"$v"
  export FERLAB_HOME="$ROOT/.ferlab/bench-allocator-$name"
  trap './ferlab down >/dev/null 2>&1 || true' EXIT # this variant's stack, whatever ends the script
  rm -rf "$FERLAB_HOME"
  (for kv in $settings; do export "${kv?}"; done; ./ferlab up && FERLAB_TRAINERS=1 ./ferlab start) >/dev/null
  pid=$(cat "$FERLAB_HOME/run/trainer-service.pid")
  line="  $name:"
  for opts in "" "--balancing=undersample" "--clahe --balancing=smote"; do
    # shellcheck disable=SC2086
    ./ferlab submit --dataset="$SAMPLE" --model=vgg16 --epochs=2 --batch-size=4 --max-batches=1 $opts --watch \
      > "$FERLAB_HOME/run.log" 2>&1 || { echo "$name: a VGG16 run failed: $FERLAB_HOME/run.log" >&2; exit 1; }
    line+=" $(awk '/VmHWM/ { printf "%.2f", $2 / 1048576 }' "/proc/$pid/status") GiB"
  done
  echo "$line (peak so far after each run)"
  ./ferlab down >/dev/null 2>&1
done
