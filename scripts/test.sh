# ./ferlab test: every test, unit and end-to-end. Sourced by ./ferlab; needs lib.sh, stack.sh, images.sh and k8s.sh.
#
# Two passes. The first builds and runs every test against the local stack (./ferlab up, on ports of its own). The
# second, where a Docker engine runs or can be started, builds the images (./ferlab images --standins) and runs the
# container path: PipelineIT on Testcontainers and ComposeIT on docker-compose.yml, without what the first pass ran and
# the infrastructure's place does not change: the study's 27 runs in the browser (tag study-grid) and the tests of
# what training does (tag training-logic: the study's models, early stopping, fine-tuning; 6.5 minutes of the
# container pass on an EPYC without AVX-512, where the whole command took 82 minutes of CI's 90).

# The dashboard's browser test drives Debian's headless Chromium through its chromedriver.
ensure_chromium() {
  command -v chromium >/dev/null && command -v chromedriver >/dev/null && return
  log "Chromium or its driver not found: installing Debian's chromium and chromium-driver packages"
  apt_install chromium chromium-driver \
    || die "could not install Chromium; install it (apt-get install chromium chromium-driver) and run again"
}

run_tests() {
  command -v java >/dev/null || die "a JDK 17+ is required"
  ensure_postgres
  ensure_chromium
  ensure_kubectl
  # install, not verify: the container pass runs e2e-tests alone, against these artifacts.
  (cd "$ROOT" && mvn -B install -Dferlab.stack=local "$@")
  if ! ensure_docker; then
    log "no Docker engine could be started here: the container tests (PipelineIT on Testcontainers, ComposeIT) did not run"
    return 0
  fi
  images --standins
  log "container pass: PipelineIT on Testcontainers and ComposeIT on docker-compose.yml, with the stand-in images"
  (cd "$ROOT" && set -a && source "$STANDIN_ENV" && set +a \
    && mvn -B verify -pl e2e-tests -Dferlab.stack=containers \
      -Dit.test='PipelineIT,ComposeIT' -Dferlab.e2e.excludedGroups=study-grid,training-logic "$@")
}
