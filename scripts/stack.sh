# The local stack: PostgreSQL, a Kafka broker in KRaft mode and S3Proxy, each a process of its own under
# FERLAB_HOME. Sourced by ./ferlab; needs lib.sh.

pg_bin() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [[ -x "$d/initdb" ]] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
  return 1
}

ensure_postgres() {
  pg_bin >/dev/null && return
  log "PostgreSQL binaries not found: installing Debian's postgresql package"
  apt_install postgresql || die "could not install PostgreSQL; install it (apt-get install postgresql) and run again"
  pg_bin >/dev/null || die "PostgreSQL installed but initdb not found"
}

# initdb refuses to run as root: as root, run the server as the unprivileged 'postgres' user.
as_pg_user() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  ensure_postgres
  local bin data="$FERLAB_HOME/pg"
  bin=$(pg_bin)
  mkdir -p "$LOGS" "$RUN"
  if [[ ! -f "$data/PG_VERSION" ]]; then
    mkdir -p "$data"
    if [[ $(id -u) == 0 ]]; then chown postgres "$data"; fi
    as_pg_user "$bin/initdb" -D "$data" -A trust -U ferlab >"$LOGS/postgres-init.log" 2>&1 \
      || die "initdb failed: see $LOGS/postgres-init.log"
  fi
  if as_pg_user "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "postgresql already runs"
  else
    touch "$LOGS/postgres.log"; if [[ $(id -u) == 0 ]]; then chown postgres "$LOGS/postgres.log"; fi
    # TCP on loopback only, no Unix socket (-k ''): a socket's path is limited to 107 bytes, which a clone in a
    # deep folder would pass, and every client here connects over TCP anyway.
    as_pg_user "$bin/pg_ctl" -D "$data" -l "$LOGS/postgres.log" -w -t 60 \
      -o "-p $PG_PORT -h 127.0.0.1 -k ''" start >/dev/null || die "postgresql did not start: see $LOGS/postgres.log"
  fi
  head -1 "$data/postmaster.pid" > "$RUN/postgres.pid"
}

stop_postgres() {
  local bin data="$FERLAB_HOME/pg"
  [[ -f "$data/postmaster.pid" ]] || { rm -f "$RUN/postgres.pid"; return 0; }
  bin=$(pg_bin) || return 0
  as_pg_user "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 && log "stopped postgresql" || true
  rm -f "$RUN/postgres.pid"
}

start_kafka() {
  local dir="$FERLAB_HOME/kafka" props="$FERLAB_HOME/kafka/server.properties"
  mkdir -p "$dir/data" "$LOGS"
  cat > "$props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    java -cp "$(stack_cp)" kafka.tools.StorageTool format -t "$(java -cp "$(stack_cp)" kafka.tools.StorageTool random-uuid 2>/dev/null)" \
      -c "$props" >"$LOGS/kafka-format.log" 2>&1 || die "kafka storage format failed: see $LOGS/kafka-format.log"
  fi
  start_process kafka java -Xmx512m -Xms256m -Dorg.slf4j.simpleLogger.showDateTime=true -cp "$(stack_cp)" kafka.Kafka "$props"
}

start_s3() {
  local conf="$FERLAB_HOME/s3proxy.conf"
  mkdir -p "$FERLAB_HOME/s3"
  cat > "$conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$FERLAB_OBJECT_STORE_ACCESS_KEY
s3proxy.credential=$FERLAB_OBJECT_STORE_SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$FERLAB_HOME/s3
CONF
  start_process s3proxy java -Xmx384m -jar "$ROOT/local-stack/target/s3proxy/s3proxy.jar" --properties "$conf"
}

# Starts whichever part is not running (all of them the first time), then waits until each answers for real.
up() {
  ensure_built
  mkdir -p "$RUN" "$LOGS"
  log "starting the local stack under $FERLAB_HOME"
  start_postgres
  start_kafka
  start_s3
  probe pg 127.0.0.1 "$PG_PORT" "$FERLAB_DB_USER" ferlab || die "postgresql not ready: see $LOGS/postgres.log"
  probe s3 "$FERLAB_OBJECT_STORE_ENDPOINT" "$FERLAB_OBJECT_STORE_ACCESS_KEY" "$FERLAB_OBJECT_STORE_SECRET_KEY" \
    || die "S3 server not ready: see $LOGS/s3proxy.log"
  probe kafka "$FERLAB_KAFKA" || die "kafka not ready: see $LOGS/kafka.log"
}

stop_stack_part() {
  case $1 in
    postgres) stop_postgres;;
    *) stop_process "$1";;
  esac
}

down() {
  stop_services
  stop_process s3proxy
  stop_process kafka
  stop_postgres
}
