#!/usr/bin/env bash
# FER-2013's training images (28,709) through the whole pipeline on a fresh local stack: the zip uploaded and
# imported, then one small-cnn experiment (96x96, CLAHE+SMOTE, one epoch, seed 7) until its evaluation of all three
# splits is stored. Prints each stage's time (from the experiment's status, polled every 2 s) and each service's
# peak resident memory and Java heap (its GC log: most in use before a collection, most still live after one).
#   ./ferlab bench fer2013 [ZIP]       (README, "FER-2013 at full scale"; needs python3 for the JSON)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ZIP="$(realpath "${1:-$ROOT/../shared/datasets/fer2013-train.zip}")"
export FERLAB_HOME="$ROOT/.ferlab/bench-fer2013"
cd "$ROOT"
# shellcheck source=/dev/null
source "$ROOT/benchmarks/lib.sh"
./ferlab down >/dev/null 2>&1 || true
rm -rf "$FERLAB_HOME"; mkdir -p "$FERLAB_HOME"
export FERLAB_JAVA_OPTS="${FERLAB_JAVA_OPTS:-} -Xlog:gc:file=$FERLAB_HOME/gc-%p.log"
trap './ferlab down >/dev/null 2>&1 || true' EXIT
t=$SECONDS
./ferlab up >"$FERLAB_HOME/up.out" 2>&1 && ./ferlab start >>"$FERLAB_HOME/up.out" 2>&1
echo "stack up, services ready: $((SECONDS - t)) s"

json() { python3 -c "import json, sys; e = json.load(sys.stdin); $1"; }

t=$SECONDS
./ferlab dataset import "$ZIP" --upload --name fer2013-train | tee "$FERLAB_HOME/import.out" | tail -1
echo "import (upload and check): $((SECONDS - t)) s"
memory
ref=$(grep -o 'dataset:[0-9a-f-]*' "$FERLAB_HOME/import.out" | head -1)
id=$(curl -sf -X POST "localhost:${FERLAB_GATEWAY_PORT:-8080}/api/experiments" \
  -H "Authorization: Bearer ${FERLAB_API_TOKEN:-$(cat "$FERLAB_HOME/api-token")}" -H 'Content-Type: application/json' \
  -d '{"dataset":"'"$ref"'","model":"small-cnn","epochs":1,"seed":7,"preprocessing":{"clahe":true,"balancing":"smote"}}' \
  | json 'print(e["id"])')
echo "experiment $id: small-cnn, 96x96, CLAHE+SMOTE, 1 epoch"
t=$SECONDS last=""
while true; do
  view=$(curl -sf "localhost:${FERLAB_GATEWAY_PORT:-8080}/api/experiments/$id")
  now=$(echo "$view" | json 'print(e["status"], (e.get("preprocessing") or {}).get("step") or "")')
  [[ $now == "$last" ]] || { echo "  +$((SECONDS - t)) s: $now"; last=$now; }
  case $now in COMPLETED*|FAILED*|CANCELLED*) break;; esac
  sleep 2
done
echo "$view" | json 'c = (e.get("curve") or [{}])[-1]; r = e.get("result") or {}
print("  epoch: %s s, %s images/s; test accuracy %s, macro F1 %s, majority baseline %s" % (
    round(c.get("epochSeconds", 0), 1), round(c.get("imagesPerSecond", 0), 1), r.get("accuracy"), r.get("macroF1"),
    r.get("majorityBaseline")))'
memory
