# Helpers of the pipeline benchmarks (fer2013_pipeline.sh, scale.sh, pairs.sh): sourced, with FERLAB_HOME set; heap_of
# needs the services started with -Xlog:gc:file=$FERLAB_HOME/gc-%p.log in FERLAB_JAVA_OPTS.

# "IN_USE / LIVE" for a service: the most heap in use before any GC, the most still live after one, in MB.
heap_of() {
  local log="$FERLAB_HOME/gc-$(cat "$FERLAB_HOME/run/$1.pid").log"
  echo "$(grep -ho '[0-9]*M->[0-9]*M' "$log" | awk -F'M->|M' '$1 > b { b = $1 } END { print b + 0 }') / $(
    grep -ho '[0-9]*M->[0-9]*M' "$log" | awk -F'M->|M' '$2 > a { a = $2 } END { print a + 0 }')"
}

# Each service's peak resident memory and heap, a line each.
memory() {
  local s pid
  for s in gateway preprocess-service trainer-service evaluator-service; do
    pid=$(cat "$FERLAB_HOME/run/$s.pid")
    printf '  %-19s peak resident %5d MB; heap MB, most in use before a GC / most live after one: %s\n' "$s" \
      $(( $(awk '/VmHWM/ { print $2 }' "/proc/$pid/status") / 1024 )) "$(heap_of "$s")"
  done
}

# DJL's bare loops (BareDjl), lines added to $1 and printed: $2 rounds of a bare epoch for each MODEL:IMAGES that
# follows, and of bare inference, at IMAGE pixels (96 unless set), with the allocator settings the trainer and the
# evaluator run with (TORCH_MALLOC_ENV and app_classpath: scripts/services.sh, sourced first).
bare_djl() {
  local out=$1 rounds=$2 app="$ROOT/trainer-service/target/quarkus-app"
  shift 2
  env "${TORCH_MALLOC_ENV[@]}" java -Xlog:disable -Dai.djl.offline=true -Dferlab.bench.size="${IMAGE:-96}" \
    -Dferlab.bench.batches=20 -Dferlab.bench.repeats="$rounds" -cp "$(app_classpath "$app")" \
    dev.ferlab.trainer.benchmark.BareDjl "$@" 2>/dev/null | grep '^bare' | tee -a "$out"
}

# A bench variant's preprocessing fields in an experiment's JSON body: raw, or CLAHE then SMOTE.
preprocessing_of() {
  case $1 in
    raw) echo '"clahe":false,"balancing":"none"';;
    clahe+smote) echo '"clahe":true,"balancing":"smote"';;
    *) echo "variant: raw or clahe+smote, not $1" >&2; return 2;;
  esac
}
