# ./ferlab test: every test, unit and end-to-end. Sourced by ./ferlab; needs lib.sh and stack.sh.

# The dashboard's browser test drives Debian's headless Chromium through its chromedriver.
ensure_chromium() {
  command -v chromium >/dev/null && command -v chromedriver >/dev/null && return
  log "Chromium or its driver not found: installing Debian's chromium and chromium-driver packages"
  apt_install chromium chromium-driver \
    || die "could not install Chromium; install it (apt-get install chromium chromium-driver) and run again"
}

run_tests() {
  command -v java >/dev/null || die "a JDK 17+ is required"
  # The end-to-end test starts its own stack (or containers, where Docker runs), so only the binaries are needed.
  if ! command -v docker >/dev/null || ! docker info >/dev/null 2>&1; then ensure_postgres; fi
  ensure_chromium
  (cd "$ROOT" && mvn -B verify "$@")
}
