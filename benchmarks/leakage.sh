#!/usr/bin/env bash
# How much a random split and the study's balance-before-split order inflate accuracy on CK+48 (README, "Leakage"):
# one grid of small-cnn, CLAHE+SMOTE, three seeds (FERLAB_LEAKAGE_SEEDS="1, 2, 3"), on three splits: image by image with SMOTE after the split
# (ferlab's default), by subject (groupBy ck-subject), and the study's order (SMOTE before a random split). Prints
# each run's test accuracy and leakage audit, and each split's mean and standard deviation, as a Markdown table.
#   ./ferlab bench leakage [CK48_DIR] [EPOCHS]     (needs python3; about 10 minutes on two cores)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$(realpath "${1:-$ROOT/../shared/datasets/ck48}")"
EPOCHS="${2:-8}"
export FERLAB_HOME="$ROOT/.ferlab/bench-leakage"
cd "$ROOT"
./ferlab down >/dev/null 2>&1 || true
rm -rf "$FERLAB_HOME"; mkdir -p "$FERLAB_HOME"
trap './ferlab down >/dev/null 2>&1 || true' EXIT
./ferlab up >"$FERLAB_HOME/up.out" 2>&1 && ./ferlab start >>"$FERLAB_HOME/up.out" 2>&1
token="${FERLAB_API_TOKEN:-$(cat "$FERLAB_HOME/api-token")}"
gateway="http://localhost:${FERLAB_GATEWAY_PORT:-8080}"
grid=$(curl -sf -X POST "$gateway/api/grids" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{
  "name": "leakage on CK+48", "dataset": "'"$DATA"'", "models": ["small-cnn"], "epochs": '"$EPOCHS"', "seeds": ['"${FERLAB_LEAKAGE_SEEDS:-1, 2, 3}"'],
  "preprocessing": [{"clahe": true, "balancing": "smote"},
                    {"clahe": true, "balancing": "smote", "groupBy": "ck-subject"},
                    {"clahe": true, "balancing": "smote", "balanceBeforeSplit": true}]}' \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
echo "grid $grid"
python3 - "$gateway" "$grid" <<'PY'
import json, statistics, sys, time, urllib.request
gateway, grid = sys.argv[1:3]
get = lambda path: json.load(urllib.request.urlopen(gateway + path, timeout=30))
while True:
    g = get("/api/grids/" + grid)
    if all(e["status"] in ("COMPLETED", "FAILED", "CANCELLED") for e in g["experiments"]):
        break
    time.sleep(5)
kinds = {}
print("| split | seed | test images | near copies of training in test | test images behind synthetic training images | test accuracy | macro F1 |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for x in g["experiments"]:
    e = get("/api/experiments/" + x["id"])
    p = e["spec"]["preprocessing"]
    kind = ("by subject, SMOTE after the split" if p.get("groupBy") else
            "image by image, SMOTE before the split (the study)" if p["balanceBeforeSplit"] else
            "image by image, SMOTE after the split")
    r, leak = e.get("result") or {}, (e.get("leakage") or {}).get("test") or {}
    kinds.setdefault(kind, []).append(r.get("accuracy"))
    print("| %s | %d | %s | %s | %s | %s | %s |" % (kind, e["spec"]["seed"], leak.get("images"),
          leak.get("nearInTraining"), leak.get("sourcesOfTrainingSynthetics"),
          "%.3f" % r["accuracy"] if r else e["status"], "%.3f" % r["macroF1"] if r else ""))
print()
print("| split | test accuracy, mean ± sd over the seeds |")
print("| --- | ---: |")
for kind, values in kinds.items():
    v = [a for a in values if a is not None]
    print("| %s | %.3f ± %.3f |" % (kind, statistics.mean(v), statistics.stdev(v) if len(v) > 1 else 0))
PY
