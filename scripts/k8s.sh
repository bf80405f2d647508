# Kubernetes (README, "Deploy to Kubernetes"): render an overlay offline, check every overlay, and simulate the
# trainers' scaling for the study's grid (docs/scaling.md). Sourced by ./ferlab; needs lib.sh.

ensure_kubectl() {
  command -v kubectl >/dev/null && return
  log "kubectl not found: installing Debian's kubectl package (it renders kustomize overlays offline)"
  apt_install kubectl || die "could not install kubectl; install it (apt-get install kubectl) and run again"
}

k8s() {
  case "${1:-}" in
    render) ensure_kubectl; kubectl kustomize "$ROOT/k8s/overlays/${2:?usage: ./ferlab k8s render local|production|gpu}";;
    # The same tests ./ferlab test runs: schemas (../shared/k8s-schemas) and the cross-checks, each overlay.
    check) ensure_kubectl; (cd "$ROOT" && mvn_cmd install -pl common -DskipTests && mvn -B test -pl k8s);;
    simulate)
      [[ -d $ROOT/k8s/target/classes/dev ]] || (cd "$ROOT" && mvn_cmd compile -pl k8s)
      java -cp "$ROOT/k8s/target/classes" dev.ferlab.k8s.scaling.ScalingSimulation;;
    *) die "usage: ./ferlab k8s render local|production|gpu | check | simulate";;
  esac
}
