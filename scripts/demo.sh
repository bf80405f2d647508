# ./ferlab demo: build, start everything, run a two-run grid on the built-in faces, print its Table 1 and the
# dashboard's address. Sourced by ./ferlab; needs lib.sh, stack.sh and services.sh.

demo() {
  build
  up
  start_services
  local gw out id
  gw="$(gateway_url)"
  log "submitting the demo grid: small-cnn on the built-in synthetic faces, raw and CLAHE+SMOTE"
  out="$(cli grid --gateway "$gw" --name demo --dataset builtin:synthetic-faces --models small-cnn \
    --preprocessing raw,clahe+smote --epochs "${FERLAB_DEMO_EPOCHS:-8}")" || { echo "$out"; die "the demo grid was refused"; }
  echo "$out"
  id="$(sed -n 's/^grid \([^ ]*\) .*/\1/p' <<<"$out" | head -n 1)"
  cli status --gateway "$gw" "$id" --watch || die "a demo run did not complete: see the logs in $LOGS"
  log "the grid's results as the study's Table 1 (./ferlab export $id --format csv|markdown|latex):"
  cli results --gateway "$gw" "$id"
  log "dashboard, with this grid's progress, curves and results: $gw/#/grid/$id   (API: $gw/q/swagger-ui)"
  log "API token for requests that change state: $FERLAB_API_TOKEN (kept in $FERLAB_HOME/api-token)"
  log "the stack and services keep running: ./ferlab status, ./ferlab down to stop them; logs in $LOGS"
}
