# The four services, started from their packaged jars, each in a session of its own. Sourced by ./ferlab; needs
# lib.sh.

# The processes to run: the services, with trainer-service once per trainer (trainer-service-2, ...).
instances() {
  local s i
  for s in "${SERVICES[@]}"; do
    echo "$s"
    if [[ $s == trainer-service ]]; then for ((i = 2; i <= TRAINERS; i++)); do echo "$s-$i"; done; fi
  done
}

# Trainers beyond the first, from an earlier start with more of them, so that stop and status find them too.
running_instances() {
  instances
  local f
  for f in "$RUN"/trainer-service-*.pid; do [[ -e $f ]] && basename "$f" .pid; done | sort -u \
    | while read -r n; do instances | grep -qx "$n" || echo "$n"; done
}

service_port() {
  case $1 in
    gateway) echo "$FERLAB_GATEWAY_PORT";;
    preprocess-service) echo "$FERLAB_PREPROCESS_PORT";;
    trainer-service) echo "$FERLAB_TRAINER_PORT";;
    trainer-service-*) echo $((FERLAB_TRAINER_PORT + 10 * (${1##*-} - 1)));;
    evaluator-service) echo "$FERLAB_EVALUATOR_PORT";;
  esac
}

# PyTorch frees each batch's activations and allocates them again for the next one. Tensors above glibc's largest
# mmap threshold (32 MiB; small-cnn's reach 38 MB at batch 32) would be mapped anew every batch and their pages
# faulted in again, which cost small-cnn a fifth of its speed; glibc keeping freed memory in its heap avoids
# that (README, "Containers"). The trainer and evaluator images set the same in their Dockerfiles. A value already
# in the environment wins. Those two rule only the main arena: the JVM's threads get arenas of 64 MiB heaps, which
# glibc unmaps as soon as one is empty, unless the top pad (MALLOC_TOP_PAD_, 64 MiB here) asks it to keep that much;
# so it keeps them, and small-cnn's faults fall from 3.2-3.4 to 0.26 million (README, "Containers", "A 64 MiB top
# pad"). MALLOC_ARENA_MAX=1 (one arena for every thread) did the same but is not the default: with it a trainer
# reached 9.6 GB on VGG16 in the 27-run test, and the OOM killer took it (README, "Containers", "One arena"); set in
# the environment, it is passed on.
TORCH_MALLOC_ENV=("MALLOC_MMAP_MAX_=${MALLOC_MMAP_MAX_:-0}" "MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-4294967296}"
  "MALLOC_TOP_PAD_=${MALLOC_TOP_PAD_:-67108864}")
[[ -z ${MALLOC_ARENA_MAX:-} ]] || TORCH_MALLOC_ENV+=("MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX")

# The class path of a built service's benchmark mains (its quarkus-app folder): lib/boot holds JBoss Logging, which
# the trainer's listeners log through.
app_classpath() { echo "$1/app/*:$1/lib/main/*:$1/lib/boot/*"; }

# Java heaps, 2 GiB at most. The preprocessor holds a whole dataset's images while it balances them: FER-2013's
# 28,709 at 96x96 with SMOTE kept up to 668 MiB live; the trainer holds its shards (608 MiB live), its tensors live
# outside the heap; the evaluator scoring CLAHE+SMOTE's 46,000 images used 968 MiB of 1 GiB (README, "FER-2013 at
# full scale", "Cost as the work grows").
service_heap() {
  case $1 in trainer-service*|preprocess-service|evaluator-service) echo 2g;; *) echo 512m;; esac
}

# Starts whichever service is not running (all of them the first time), then waits until each is ready.
start_services() {
  ensure_built
  local s threads="${FERLAB_TRAINER_COMPUTE_THREADS:-}"
  # Several trainers on one host share its cores: unless told otherwise, each gets its share of them, since
  # OpenMP threads beyond the cores spin against each other (two trainers of two threads each on two cores
  # train four times slower than of one each). One trainer keeps the engine's default, all cores.
  if [[ -z $threads && $TRAINERS -gt 1 ]]; then threads=$(( $(nproc) / TRAINERS )); (( threads > 0 )) || threads=1; fi
  for s in $(instances); do
    # Each trainer gets its own port and queue name; the jar is the same.
    # FERLAB_EVALUATOR_NICE lowers the evaluator's CPU priority: on a host it shares with trainers, evaluations
    # then run in the trainers' gaps instead of slowing them.
    local prio=() malloc=()
    [[ $s == evaluator-service && -n "${FERLAB_EVALUATOR_NICE:-}" ]] && prio=(nice -n "$FERLAB_EVALUATOR_NICE")
    case $s in trainer-service*|evaluator-service) malloc=(env "${TORCH_MALLOC_ENV[@]}");; esac
    # The preprocessor's local copies of stored datasets live and go with this home.
    FERLAB_TRAINER_PORT="$(service_port "$s")" FERLAB_TRAINER_NAME="${HOSTNAME:-localhost}/$s" \
      FERLAB_PREPROCESS_DATASET_CACHE_DIR="${FERLAB_PREPROCESS_DATASET_CACHE_DIR:-$FERLAB_HOME/datasets-cache}" \
      FERLAB_TRAINER_COMPUTE_THREADS="${threads:-0}" start_process "$s" "${malloc[@]}" "${prio[@]}" java "-Xmx$(service_heap "$s")" -Dai.djl.offline="${FERLAB_DJL_OFFLINE:-true}" ${FERLAB_JAVA_OPTS:-} \
      -jar "$ROOT/${s%-[0-9]*}/target/quarkus-app/quarkus-run.jar"
    # Each service runs in its own session, so where the kernel groups sessions (sched_autogroup_enabled) a
    # process's nice only ranks it inside its own group: the group's nice is the one that counts.
    if (( ${#prio[@]} )) && [[ -w "/proc/$(cat "$RUN/$s.pid")/autogroup" ]]; then
      echo "$FERLAB_EVALUATOR_NICE" > "/proc/$(cat "$RUN/$s.pid")/autogroup" 2>/dev/null || true
    fi
  done
  local deadline=$((SECONDS + ${FERLAB_START_SECONDS:-240}))
  for s in $(instances); do
    # Short probes in a loop, so a service that exits is reported at once rather than at the deadline.
    until FERLAB_PROBE_SECONDS=3 probe http "http://127.0.0.1:$(service_port "$s")/q/health/ready" >/dev/null 2>&1; do
      pid_alive "$s" || { tail -n 20 "$LOGS/$s.log" >&2; die "$s exited while starting: see $LOGS/$s.log"; }
      (( SECONDS < deadline )) || die "$s not ready after ${FERLAB_START_SECONDS:-240} s: see $LOGS/$s.log"
    done
    log "$s ready on port $(service_port "$s")"
  done
}

stop_services() {
  local s stopping=()
  # A trainer checkpoints and hands its experiment back on SIGTERM: give it the time of a batch and an upload.
  # Trainers stop side by side; only their stop jobs are waited for (this shell may also be the stack's parent).
  for s in $(running_instances); do
    case $s in
      trainer-service*) stop_process "$s" "${FERLAB_TRAINER_STOP_SECONDS:-150}" & stopping+=($!);;
      *) stop_process "$s";;
    esac
  done
  (( ${#stopping[@]} == 0 )) || wait "${stopping[@]}"
}

# stop NAME...: stops those parts only (a service, a trainer instance, or postgres, kafka, s3proxy); `./ferlab up`
# and `./ferlab start` bring back whatever is missing.
stop_named() {
  local name
  for name in "$@"; do
    case $name in
      postgres|kafka|s3proxy) stop_stack_part "$name";;
      trainer-service*) stop_process "$name" "${FERLAB_TRAINER_STOP_SECONDS:-150}";;
      gateway|preprocess-service|evaluator-service) stop_process "$name";;
      *) die "unknown part '$name'; expected one of ${STACK_PARTS[*]} $(running_instances | tr '\n' ' ')";;
    esac
  done
}

status() {
  local name
  for name in "${STACK_PARTS[@]}" $(running_instances); do
    if pid_alive "$name"; then printf '%-20s running (pid %s)\n' "$name" "$(cat "$RUN/$name.pid")"
    else printf '%-20s stopped\n' "$name"; fi
  done
}
