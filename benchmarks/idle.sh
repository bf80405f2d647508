#!/usr/bin/env bash
# What the stack costs while nothing is asked of it (README, "Cost as the work grows"): each part's CPU as a share of
# one core, over a window after the services have settled, with the consumers' fetches waiting at Kafka's default
# (500 ms) and at ferlab's (5 s: FERLAB_KAFKA_FETCH_WAIT_MS, common's microprofile-config.properties), one after the
# other in one run on one broker. Every idle share is taken from the trainer when it trains on the same cores.
#   ./ferlab bench idle [SETTLE_S] [WINDOW_S]     (about 2 x (SETTLE + WINDOW) seconds and a minute; 120 and 60)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SETTLE="${1:-120}" WINDOW="${2:-60}"
export FERLAB_HOME="$ROOT/.ferlab/bench-idle"
cd "$ROOT"
./ferlab down >/dev/null 2>&1 || true
rm -rf "$FERLAB_HOME"; mkdir -p "$FERLAB_HOME"
trap './ferlab down >/dev/null 2>&1 || true' EXIT
./ferlab up >"$FERLAB_HOME/up.out" 2>&1
PARTS=(kafka postgres s3proxy gateway preprocess-service trainer-service evaluator-service)
HZ=$(getconf CLK_TCK)

# CPU ticks used so far by a part: its process and, for PostgreSQL, the server's child processes too.
ticks() {
  local pid
  pid=$(cat "$FERLAB_HOME/run/$1.pid")
  { echo "$pid"; pgrep -P "$pid" || true; } | while read -r p; do
    awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || true
  done | awk '{ s += $1 } END { print s + 0 }'
}

# One line per part: its share of one core over the window, in percent.
shares() {
  local p
  declare -A before
  for p in "${PARTS[@]}"; do before[$p]=$(ticks "$p"); done
  sleep "$WINDOW"
  for p in "${PARTS[@]}"; do
    echo "$p $(( $(ticks "$p") - ${before[$p]} ))" | awk -v hz="$HZ" -v w="$WINDOW" '{ printf "%s %.2f\n", $1, 100 * $2 / hz / w }'
  done
}

declare -A result
for wait in 500 5000; do
  echo "== fetch.max.wait.ms=$wait: services started, settling ${SETTLE} s, then ${WINDOW} s measured"
  FERLAB_KAFKA_FETCH_WAIT_MS=$wait ./ferlab start >>"$FERLAB_HOME/up.out" 2>&1
  sleep "$SETTLE"
  result[$wait]=$(shares)
  ./ferlab stop >/dev/null 2>&1
done
out="$ROOT/docs/measurements/idle.md"
paste -d' ' <(echo "${result[500]}") <(echo "${result[5000]}") \
  | awk 'BEGIN { print "| part | % of a core, fetch wait 500 ms | % of a core, fetch wait 5 s | ratio |"
                 print "| --- | ---: | ---: | ---: |" }
         { a += $2; b += $4; printf "| %s | %.2f | %.2f | %s |\n", $1, $2, $4, ($2 > 0 ? sprintf("%.2f", $4 / $2) : "") }
         END { printf "| **all** | **%.2f** | **%.2f** | **%.2f** |\n", a, b, b / a }' | tee "$out"
