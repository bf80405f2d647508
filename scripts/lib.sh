# Shared by ./ferlab and its scripts: where things live, the environment every part reads, and small helpers.
# Sourced, never run. ROOT is set by ./ferlab.

FERLAB_HOME="${FERLAB_HOME:-$ROOT/.ferlab}"
mkdir -p "$FERLAB_HOME"
FERLAB_HOME="$(cd "$FERLAB_HOME" && pwd)"
RUN="$FERLAB_HOME/run"
LOGS="$FERLAB_HOME/logs"

KAFKA_PORT="${FERLAB_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${FERLAB_KAFKA_CONTROLLER_PORT:-19093}"
S3_PORT="${FERLAB_S3_PORT:-19000}"
PG_PORT="${FERLAB_PG_PORT:-15432}"
# The gateway's API token (state-changing requests carry it): from the environment, or made once per FERLAB_HOME
# and kept there, readable by its owner only. Nothing in the repository is a credential.
if [[ -z "${FERLAB_API_TOKEN:-}" ]]; then
  if [[ ! -s "$FERLAB_HOME/api-token" ]]; then
    (umask 077; od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$FERLAB_HOME/api-token")
  fi
  FERLAB_API_TOKEN="$(cat "$FERLAB_HOME/api-token")"
fi
export FERLAB_API_TOKEN
export FERLAB_GATEWAY_PORT="${FERLAB_GATEWAY_PORT:-8080}"
export FERLAB_PREPROCESS_PORT="${FERLAB_PREPROCESS_PORT:-8081}"
export FERLAB_TRAINER_PORT="${FERLAB_TRAINER_PORT:-8082}"
export FERLAB_EVALUATOR_PORT="${FERLAB_EVALUATOR_PORT:-8083}"

# What the services connect to: the local stack unless the environment points elsewhere.
export FERLAB_KAFKA="${FERLAB_KAFKA:-127.0.0.1:$KAFKA_PORT}"
export FERLAB_OBJECT_STORE_ENDPOINT="${FERLAB_OBJECT_STORE_ENDPOINT:-http://127.0.0.1:$S3_PORT}"
export FERLAB_OBJECT_STORE_ACCESS_KEY="${FERLAB_OBJECT_STORE_ACCESS_KEY:-ferlab-local}"
export FERLAB_OBJECT_STORE_SECRET_KEY="${FERLAB_OBJECT_STORE_SECRET_KEY:-ferlab-local-secret}"
export FERLAB_DB_URL="${FERLAB_DB_URL:-jdbc:postgresql://127.0.0.1:$PG_PORT/ferlab}"
export FERLAB_DB_USER="${FERLAB_DB_USER:-ferlab}"

SERVICES=(gateway preprocess-service trainer-service evaluator-service)
STACK_PARTS=(postgres kafka s3proxy)
# Trainers to run (FERLAB_TRAINERS=2 ./ferlab start): trainer-service, trainer-service-2, ...; trainer N listens on
# FERLAB_TRAINER_PORT + 10 * (N - 1).
TRAINERS="${FERLAB_TRAINERS:-1}"
[[ "$TRAINERS" =~ ^[1-9][0-9]*$ ]] || { echo "FERLAB_TRAINERS must be a whole number of at least 1, got '$TRAINERS'" >&2; exit 1; }

log() { printf '\033[1m[ferlab]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[ferlab] %s\033[0m\n' "$*" >&2; exit 1; }

# As root, run an installer through sudo-less apt-get; otherwise with sudo.
apt_install() {
  local sudo=""; [[ $(id -u) == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# ---------------------------------------------------------------- build

mvn_cmd() {
  command -v mvn >/dev/null || die "Maven is not installed: install Apache Maven 3.8+ and a JDK 17+"
  mvn -B -q "$@"
}

build() {
  log "building (mvn package -DskipTests)"
  (cd "$ROOT" && mvn_cmd -DskipTests package)
}

ensure_built() {
  local missing=0 s
  for s in "${SERVICES[@]}"; do [[ -f "$ROOT/$s/target/quarkus-app/quarkus-run.jar" ]] || missing=1; done
  [[ -d "$ROOT/local-stack/target/lib" && -d "$ROOT/cli/target/lib" ]] || missing=1
  [[ $missing == 0 ]] || build
}

stack_cp() { echo "$ROOT/local-stack/target/classes:$ROOT/local-stack/target/lib/*"; }
probe() { java -Dferlab.probe.seconds="${FERLAB_PROBE_SECONDS:-90}" -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$(stack_cp)" dev.ferlab.stack.StackProbe "$@"; }
cli() { java -cp "$ROOT/cli/target/classes:$ROOT/cli/target/lib/*" dev.ferlab.cli.FerlabCli "$@"; }
gateway_url() { echo "http://127.0.0.1:$FERLAB_GATEWAY_PORT"; }

# ---------------------------------------------------------------- processes

pid_alive() { [[ -f "$RUN/$1.pid" ]] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

# start_process NAME COMMAND...: runs in its own session, logs to $LOGS/NAME.log, pid in $RUN/NAME.pid
start_process() {
  local name=$1; shift
  if pid_alive "$name"; then log "$name already runs (pid $(cat "$RUN/$name.pid"))"; return; fi
  mkdir -p "$RUN" "$LOGS"
  setsid "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN/$name.pid"
}

# Stops only what this script started, by its recorded process id.
# stop_process NAME [SECONDS]: SIGTERM, then SIGKILL if it has not exited after SECONDS (default 10)
stop_process() {
  local name=$1 grace=${2:-10} pid
  [[ -f "$RUN/$name.pid" ]] || return 0
  pid=$(cat "$RUN/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((grace * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    log "stopped $name (pid $pid)"
  fi
  rm -f "$RUN/$name.pid"
}
