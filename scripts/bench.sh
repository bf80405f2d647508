# Benchmarks and the chaos run: commands that print figures (ratios against a baseline measured in the same run),
# not tests. Sourced by ./ferlab; needs lib.sh, stack.sh and services.sh.

# The 4-experiment grid with one trainer, then two, each trainer on one compute thread; prints both wall times,
# their ratio, and how many experiments each trainer claimed.
bench_grid() {
  local dataset="${1:-$ROOT/../shared/datasets/ck48}" model="${FERLAB_BENCH_GRID_MODEL:-resnet50}"
  local epochs="${FERLAB_BENCH_GRID_EPOCHS:-1}" batches="${FERLAB_BENCH_GRID_BATCHES:-0}" n out ids
  local -A wall trained
  [[ -d $dataset || $dataset == builtin:* ]] || die "no dataset folder at $dataset"
  dataset="$(cd "$dataset" 2>/dev/null && pwd || echo "$dataset")"
  up
  stop_services
  for n in 1 2; do
    # Only the trainers restart between the runs; the other services keep their warm consumers.
    local t
    for t in $(running_instances | grep trainer-service); do stop_process "$t"; done
    # Every engine on one thread: the evaluator too, or its threads spin against the trainers' on two cores.
    # The evaluator at the lowest CPU priority (both runs alike): the first figure below then measures the
    # trainers, the second adds the evaluations that run after them.
    TRAINERS=$n FERLAB_TRAINER_COMPUTE_THREADS=1 FERLAB_EVALUATOR_COMPUTE_THREADS=1 \
      FERLAB_EVALUATOR_NICE="${FERLAB_BENCH_GRID_EVALUATOR_NICE:-19}" start_services
    log "grid of 4 x $model, $epochs epoch(s), at most $batches batches each (0: all), on $dataset: $n trainer(s), one compute thread each"
    out="$(cli bench-grid --gateway "$(gateway_url)" --dataset "$dataset" \
      --model "$model" --epochs "$epochs" --max-batches "$batches" --count 4)" \
      || { echo "$out" >&2; die "the grid did not complete"; }
    wall[$n]="$(sed -n 's/^grid wall seconds //p' <<<"$out")"
    trained[$n]="$(sed -n 's/^grid trained seconds //p' <<<"$out")"
    ids="$(sed -n 's/^grid ids //p' <<<"$out")"
    local id claimed
    for t in $(TRAINERS=$n instances | grep trainer-service); do
      claimed=0
      for id in $ids; do grep -q "experiment $id claimed" "$LOGS/$t.log" && claimed=$((claimed + 1)); done
      printf '  %d trainer(s): %s trained %d of the 4 experiments\n' "$n" "$t" "$claimed"
    done
    printf '  %d trainer(s): grid trained in %s s, evaluated in %s s\n' "$n" "${trained[$n]}" "${wall[$n]}"
  done
  stop_services
  awk -v a="${trained[1]}" -v b="${trained[2]}" -v c="${wall[1]}" -v d="${wall[2]}" 'BEGIN {
    printf "  ratio two trainers / one trainer, until the last model is trained: %.3f\n", b / a
    printf "  ratio two trainers / one trainer, until the last evaluation is stored: %.3f\n", d / c }'
}

# CPU seconds used so far by each part of a stack, "name seconds" a line, and "name:sys seconds" for the kernel's
# share of them. The local stack: every process of each
# service's session (start_process and the postmaster each lead one), reaped children included. Compose: each
# container's cpuacct (cgroup v1) or cpu.stat (v2), its healthchecks' processes included.
cpu_local() { # FERLAB_HOME
  local f hz; hz=$(getconf CLK_TCK)
  for f in "$1"/run/*.pid; do
    [[ -e $f ]] || continue
    # After "(comm) ", field 4 is the session and 12 to 15 the process's and its reaped children's ticks.
    sed 's/^.*) //' /proc/[0-9]*/stat 2>/dev/null | awk -v s="$(head -1 "$f")" -v n="$(basename "$f" .pid)" -v hz="$hz" \
      '$4 == s { t += $12 + $13 + $14 + $15; k += $13 + $15 } END { printf "%s %.1f\n%s:sys %.1f\n", n, t / hz, n, k / hz }'
  done
}
cpu_compose() { # PROJECT
  local id name ns
  for id in $(docker ps -q --no-trunc --filter "label=com.docker.compose.project=$1"); do
    name=$(docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}}' "$id")
    local v1=/sys/fs/cgroup/cpuacct/docker/$id v2=/sys/fs/cgroup/system.slice/docker-$id.scope sys
    if [[ -r $v1/cpuacct.usage ]]; then
      ns=$(cat "$v1/cpuacct.usage")
      sys=$(awk -v hz="$(getconf CLK_TCK)" '$1 == "system" { print $2 / hz }' "$v1/cpuacct.stat")
    else
      ns=$(( $(awk '$1 == "usage_usec" { print $2 }' "$v2/cpu.stat" 2>/dev/null || echo 0) * 1000 ))
      sys=$(awk '$1 == "system_usec" { print $2 / 1e6 }' "$v2/cpu.stat" 2>/dev/null || echo 0)
    fi
    awk -v n="$name" -v ns="$ns" -v sys="$sys" 'BEGIN { printf "%s %.1f\n%s:sys %.1f\n", n, ns / 1e9, n, sys }'
  done
}
# The whole machine's busy CPU seconds (every state but idle and iowait), from /proc/stat.
cpu_machine() { awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { print "machine", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat; }
# BEFORE AFTER: the parts' CPU seconds between two snapshots, busiest first, on one line.
cpu_delta() {
  awk 'NR == FNR { b[$1] += $2; next } { a[$1] += $2 } END { for (k in a) printf "%s %.1f\n", k, a[k] - b[k] }' \
    <(echo "$1") <(echo "$2") | sort -k2,2nr | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 } END { print "" }'
}

# The containers' cost (README, "Run with Docker Compose"): the same grid (FERLAB_BENCH_COMPOSE_COUNT x small-cnn on
# the built-in faces, FERLAB_BENCH_COMPOSE_EPOCHS epochs, one trainer) on a fresh local stack, then on a fresh
# docker-compose project, FERLAB_BENCH_COMPOSE_ROUNDS times in turn (single runs vary by several percent on a small
# VM, so the median of the rounds' ratios is the figure); then 4 runs with one trainer and with two on compose, one
# compute thread each. Each wall time is the gateway's, from submission to the last evaluation stored.
# FERLAB_BENCH_COMPOSE_ROUNDS=0 skips to the trainers' part.
bench_compose() {
  ensure_docker || die "no Docker engine answers"
  local count="${FERLAB_BENCH_COMPOSE_COUNT:-2}" epochs="${FERLAB_BENCH_COMPOSE_EPOCHS:-8}"
  local rounds="${FERLAB_BENCH_COMPOSE_ROUNDS:-3}" out round ratios=()
  local -A grid
  bench_compose_grid() { # GATEWAY COUNT -> "trained-seconds wall-seconds"
    out="$(cli bench-grid --gateway "$1" --dataset builtin:synthetic-faces --model small-cnn --epochs "$epochs" \
      --count "$2")" || { echo "$out" >&2; die "the grid did not complete"; }
    echo "$(sed -n 's/^grid trained seconds //p' <<<"$out") $(sed -n 's/^grid wall seconds //p' <<<"$out")"
  }
  images >/dev/null
  [[ -f $STANDIN_ENV ]] && ! docker image inspect "$(compose_images | awk '$1 == "KAFKA_IMAGE" { print $2 }')" >/dev/null 2>&1 && {
    log "official images absent: the stand-ins ($STANDIN_ENV)"; set -a; source "$STANDIN_ENV"; set +a; }
  local home="$FERLAB_HOME/bench-compose" project=ferlab-bench port=28280 start
  export POSTGRES_PASSWORD="bench-$RANDOM$RANDOM" MINIO_ROOT_USER=ferlab-bench MINIO_ROOT_PASSWORD="bench-$RANDOM$RANDOM" \
    FERLAB_API_TOKEN="bench-$RANDOM$RANDOM" GRAFANA_ADMIN_PASSWORD=unused FERLAB_GATEWAY_PORT=$port \
    POSTGRES_PORT=25632 PROMETHEUS_PORT=29290 MINIO_CONSOLE_PORT=29201 GRAFANA_PORT=29230
  local dc=(docker-compose -p "$project" -f "$ROOT/docker-compose.yml")
  # Like for like: the local stack runs no Prometheus, so neither does this project (scraping costs about 0.02
  # cores here, README "Containers").
  local parts=(kafka minio postgres stack-init gateway preprocess-service trainer-service evaluator-service)
  compose_up() {
    "${dc[@]}" down -v --remove-orphans >/dev/null 2>&1
    start=$SECONDS
    "${dc[@]}" up -d "${parts[@]}" >/dev/null 2>&1 || die "docker-compose up failed"
    until [[ $("${dc[@]}" ps | grep -c '(healthy)') -ge 7 ]]; do
      (( SECONDS - start < 300 )) || die "compose services not healthy within 300 s: ${dc[*]} ps"
      sleep 1
    done
    printf '  compose: up to every service healthy (volumes empty, images built) in %d s\n' $((SECONDS - start))
  }
  local l c before
  for ((round = 1; round <= rounds; round++)); do
    log "round $round of $rounds: $count x small-cnn, $epochs epochs, one trainer; local stack (fresh, under $home), then compose"
    [[ -d $home ]] && { FERLAB_HOME="$home" "$ROOT/ferlab" down >/dev/null 2>&1 || true; rm -rf "$home"; }
    FERLAB_HOME="$home" "$ROOT/ferlab" up >/dev/null && FERLAB_HOME="$home" "$ROOT/ferlab" start >/dev/null \
      || die "the local stack did not start: see $home/logs"
    before="$(cpu_local "$home"; cpu_machine)"
    read -r -a l <<<"$(bench_compose_grid "$(gateway_url)" "$count")"
    printf '  round %d, local stack, CPU seconds during the grid: %s\n' "$round" "$(cpu_delta "$before" "$(cpu_local "$home"; cpu_machine)")"
    FERLAB_HOME="$home" "$ROOT/ferlab" down >/dev/null 2>&1
    compose_up
    before="$(cpu_compose "$project"; cpu_machine)"
    read -r -a c <<<"$(bench_compose_grid "http://127.0.0.1:$port" "$count")"
    printf '  round %d, compose, CPU seconds during the grid: %s\n' "$round" "$(cpu_delta "$before" "$(cpu_compose "$project"; cpu_machine)")"
    (( round == rounds )) || "${dc[@]}" down -v --remove-orphans >/dev/null 2>&1
    ratios+=("$(awk -v a="${l[1]}" -v b="${c[1]}" 'BEGIN { printf "%.3f", b / a }')")
    printf '  round %d: local stack trained in %s s, evaluated in %s s; compose %s s, %s s; ratio %s\n' \
      "$round" "${l[0]}" "${l[1]}" "${c[0]}" "${c[1]}" "${ratios[-1]}"
  done
  (( rounds > 0 )) || compose_up
  (( rounds == 0 )) || printf '  ratio compose / local stack, median of %d rounds: %s (each: %s)\n' "$rounds" \
    "$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')" \
    "${ratios[*]}"

  local n
  for n in 1 2; do
    FERLAB_TRAINER_COMPUTE_THREADS=1 "${dc[@]}" up -d --scale trainer-service=$n trainer-service >/dev/null 2>&1
    until [[ $("${dc[@]}" ps trainer-service | grep -c '(healthy)') -eq $n ]]; do sleep 1; done
    read -r -a c <<<"$(bench_compose_grid "http://127.0.0.1:$port" 4)"
    grid[$n]="${c[1]}"
    printf '  compose, %d trainer(s) of one thread: grid of 4 in %s s\n' "$n" "${grid[$n]}"
  done
  awk -v a="${grid[1]}" -v b="${grid[2]}" 'BEGIN { printf "  ratio two trainers / one on compose: %.3f\n", b / a }'
  "${dc[@]}" down -v --remove-orphans >/dev/null 2>&1
}

# The chaos run (README, "Faults"): its own stack under FERLAB_HOME/chaos on ports of its own, emptied first, two
# trainers; the Java side (dev.ferlab.stack.chaos.Chaos) runs the grid without faults, then with them, and checks.
chaos() {
  ensure_built
  local home="$FERLAB_HOME/chaos"
  if [[ -d $home ]]; then
    FERLAB_HOME="$home" "$ROOT/ferlab" down >/dev/null 2>&1 || true
    rm -rf "$home"
  fi
  mkdir -p "$home"
  FERLAB_HOME="$home" FERLAB_CHAOS_ROOT="$ROOT" java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$(stack_cp)" \
    ${FERLAB_CHAOS_JAVA_OPTS:-} \
    dev.ferlab.stack.chaos.Chaos "${1:-$ROOT/../shared/datasets/ck48}"
}

# Benchmarks print figures (ratios against a baseline measured in the same run); they are not tests.
bench() {
  case "${1:-}" in
    preprocess)
      local app="$ROOT/preprocess-service/target/quarkus-app"
      java -Xlog:disable ${FERLAB_BENCH_JAVA_OPTS:-} -cp "$(app_classpath "$app")" \
        dev.ferlab.preprocess.benchmark.PreprocessBenchmark "${2:-$ROOT/../shared/datasets/ck48}";;
    train)
      shift
      local app="$ROOT/trainer-service/target/quarkus-app"
      java -Xlog:disable -Dai.djl.offline=true ${FERLAB_BENCH_JAVA_OPTS:-} -cp "$(app_classpath "$app")" \
        dev.ferlab.trainer.benchmark.TrainingBenchmark "$@";;
    faces)
      # The bare DJL loop's data against the trainer's: three epochs of a new model on random tensors, then on the
      # zip's faces (README, "Cost as the work grows").
      local app="$ROOT/trainer-service/target/quarkus-app" zip="${2:?usage: ./ferlab bench faces ZIP MODEL:IMAGES ...}"
      shift 2
      env "${TORCH_MALLOC_ENV[@]}" java -Xlog:disable -Dai.djl.offline=true -Dferlab.bench.faces="$(realpath "$zip")" \
        ${FERLAB_BENCH_JAVA_OPTS:-} -cp "$(app_classpath "$app")" dev.ferlab.trainer.benchmark.BareDjl "${@:-small-cnn:800}";;
    torchvision)
      # torchvision's logits against ferlab's after importing its weights: benchmarks/torchvision_parity.py first.
      local app="$ROOT/trainer-service/target/quarkus-app" dir="${2:-$FERLAB_HOME/torchvision}"
      java -Xlog:disable -Dai.djl.offline=true ${FERLAB_BENCH_JAVA_OPTS:-} -cp "$(app_classpath "$app")" \
        dev.ferlab.trainer.benchmark.TorchvisionParity "$dir";;
    grid) shift; bench_grid "$@";;
    fer2013) shift; "$ROOT/benchmarks/fer2013_pipeline.sh" "$@";;
    study) shift; "$ROOT/benchmarks/fer2013_study.sh" "$@";;
    scale) shift; "$ROOT/benchmarks/scale.sh" "$@";;
    pairs) shift; "$ROOT/benchmarks/pairs.sh" "$@";;
    allocator) shift; ensure_built; "$ROOT/benchmarks/allocator.sh" "$@";;
    idle) shift; "$ROOT/benchmarks/idle.sh" "$@";;
    leakage) shift; "$ROOT/benchmarks/leakage.sh" "$@";;
    compose) bench_compose;;
    *) die "usage: ./ferlab bench preprocess [DATASET_DIR] | train [MODEL ...] | faces ZIP [MODEL:IMAGES ...] | grid | compose | torchvision [DIR] | fer2013 [ZIP] | study [ZIP] [N] [OTHER] | scale [ZIP] [SIZE ...] | pairs [ZIP] [SIZE] [MODEL] [raw|clahe+smote] [N] | allocator ["NAME VAR=VALUE ..." ...] | idle [SETTLE_S] [WINDOW_S] | leakage [CK48_DIR] [EPOCHS]";;
  esac
}
