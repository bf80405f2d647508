#!/usr/bin/env bash
# Records the gateway answers the CLI's tests replay (RecordedGateway): run against a running stack, for example
#   ./ferlab up && ./ferlab start && bash cli/src/test/resources/recorded/record.sh
# It submits two short runs, a failing one and a two-run grid on the built-in faces, waits for them, and saves each
# answer the tests use under its name here. Ids in the tests are read from these files, not spelled.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../../.." && pwd)"
gw="${FERLAB_GATEWAY:-http://127.0.0.1:${FERLAB_GATEWAY_PORT:-8080}}"
token="${FERLAB_API_TOKEN:-$(cat "${FERLAB_HOME:-$root/.ferlab}/api-token")}"
get() { curl -sS "$gw$1"; }
post() { curl -sS -X POST "$gw$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$2"; }
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
# until DESCRIPTION COMMAND...: polls the command (a second apart, five minutes at most) until it succeeds.
until_ok() {
  local what=$1 i; shift
  for i in $(seq 300); do "$@" && return 0; sleep 1; done
  echo "gave up waiting for $what" >&2; exit 1
}
ended() { get "/api/experiments/$1" | grep -q '"status":"\(COMPLETED\|FAILED\|CANCELLED\)"'; }
run='{"dataset":"builtin:synthetic-faces","model":"small-cnn","epochs":2,"maxBatchesPerEpoch":2,"seed":'
post /api/experiments "${run}71}" >"$here/experiment-submitted.json"
a=$(field id <"$here/experiment-submitted.json")
# The same seed, so the two are tested on the same images and compare; CLAHE makes it another run.
b=$(post /api/experiments "${run}71,\"preprocessing\":\"clahe\"}" | field id)
post /api/experiments '{"dataset":"/no/such/folder","model":"small-cnn","epochs":1}' >"$here/failing-submitted.json"
failing=$(field id <"$here/failing-submitted.json")
post /api/experiments '{"dataset":"builtin:synthetic-faces","model":"alexnet"}' >"$here/submit-invalid.json"
curl -sS -X POST "$gw/api/experiments" -H 'Content-Type: application/json' -d "${run}73}" >"$here/unauthorised.json"
get /api/experiments/no-such-id >"$here/not-found.json"
post /api/grids '{"name":"recorded","dataset":"builtin:synthetic-faces","models":["small-cnn"],"preprocessing":["raw","clahe"],"epochs":2,"maxBatchesPerEpoch":2}' >"$here/grid-submitted.json"
grid=$(field id <"$here/grid-submitted.json")
for id in $a $b $failing $(get "/api/grids/$grid" | python3 -c 'import json,sys; print(" ".join(e["id"] for e in json.load(sys.stdin)["experiments"]))'); do
  until_ok "experiment $id" ended "$id"
done
get "/api/experiments/$a" >"$here/experiment-completed.json"
get "/api/experiments/$failing" >"$here/experiment-failed.json"
get "/api/grids/$grid" >"$here/grid.json"
get "/api/grids/$grid/events" >"$here/grid-events.sse"
get "/api/grids?limit=10" >"$here/grids.json"
get "/api/experiments?limit=15" >"$here/experiments.json"
get "/api/grids/$grid/results?format=csv" >"$here/table1.csv"
get "/api/grids/$grid/results?format=markdown" >"$here/table1.md"
post "/api/grids/$grid/complete" '{}' >"$here/grid-complete.json"
get "/api/comparisons?a=$a&b=$b" >"$here/comparison.json"
# A dataset import as a job: the folder of the tests' CK+48 faces.
curl -sS -X POST "$gw/api/datasets" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -H 'Prefer: respond-async' -d "{\"path\":\"$root/../shared/datasets/ck48\",\"name\":\"ck48\",\"importId\":\"recorded\"}" \
  >"$here/import-started.json"
imported() { get /api/datasets/imports/recorded | grep -q '"status":"\(DONE\|FAILED\)"'; }
until_ok "the import" imported
get /api/datasets/imports/recorded >"$here/import-done.json"
get "/api/datasets/$(field datasetId <"$here/import-done.json")" >"$here/dataset.json"
post "/api/experiments/$a/evaluations" "{\"dataset\":\"dataset:$(field datasetId <"$here/import-done.json")\",\"split\":\"test\"}" \
  >"$here/evaluation-requested.json"
evaluated() { get "/api/experiments/$a/evaluations" | grep -q '"status":"\(COMPLETED\|FAILED\)"'; }
until_ok "the evaluation" evaluated
get "/api/experiments/$a/evaluations" >"$here/evaluations.json"
get "/api/dead-letters?all=true" >"$here/dead-letters.json"
post /api/dead-letters/replay '{"ids":["no-such-letter"]}' >"$here/replay-unknown.json"
get /api/weights >"$here/weights.json"
get /api/datasets >"$here/datasets.json"
echo "recorded from $gw into $here"
