# ./ferlab images: the Docker engine, ferlab's images, and (with --standins) test stand-ins for the infrastructure
# images where no registry answers. Sourced by ./ferlab; needs lib.sh.

FERLAB_TAG="${FERLAB_TAG:-local}"
# The base of the images built here when the official JRE image cannot be pulled: Debian's JRE, from mmdebstrap.
LOCAL_BASE=ferlab-base/jre17:bookworm
STANDIN_ENV="$FERLAB_HOME/standin-images.env"

docker_answers() { command -v docker >/dev/null && docker info >/dev/null 2>&1; }

# Installs Debian's Docker engine and docker-compose where they are missing and starts the engine where none
# answers (no systemd needed). Fails, saying why, where that cannot be done.
ensure_docker() {
  docker_answers && command -v docker-compose >/dev/null && return 0
  if ! command -v dockerd >/dev/null || ! command -v docker-compose >/dev/null; then
    log "Docker engine or docker-compose not found: installing Debian's docker.io and docker-compose packages"
    apt_install docker.io docker-compose || { log "could not install Docker"; return 1; }
  fi
  if ! docker_answers; then
    [[ $(id -u) == 0 ]] || { log "no Docker engine answers, and only root can start one here"; return 1; }
    log "starting the Docker engine (log: $LOGS/dockerd.log)"
    mkdir -p "$LOGS"
    setsid dockerd >"$LOGS/dockerd.log" 2>&1 < /dev/null &
    local deadline=$((SECONDS + 60))
    until docker_answers; do
      (( SECONDS < deadline )) || { log "the Docker engine did not answer within 60 s: see $LOGS/dockerd.log"; return 1; }
      sleep 1
    done
  fi
}

# The JRE image the service images start from: FERLAB_BASE_IMAGE, else the official one if it is here or can be
# pulled, else Debian's (debian_base).
base_image() {
  if [[ -n "${FERLAB_BASE_IMAGE:-}" ]]; then echo "$FERLAB_BASE_IMAGE"; return; fi
  local official=eclipse-temurin:17-jre
  if docker image inspect "$official" >/dev/null 2>&1 || docker pull -q "$official" >/dev/null 2>&1; then
    echo "$official"
  else
    debian_base
  fi
}

# Debian bookworm with its JRE, made from Debian packages by mmdebstrap (about a minute, once). The stand-ins start
# from it whatever the services use: they install Debian packages.
debian_base() {
  if ! docker image inspect "$LOCAL_BASE" >/dev/null 2>&1; then
    command -v mmdebstrap >/dev/null || apt_install mmdebstrap >&2 || die "could not install mmdebstrap"
    log "making $LOCAL_BASE from Debian packages (mmdebstrap)"
    local tar="$FERLAB_HOME/images/jre17.tar"
    mkdir -p "$FERLAB_HOME/images"
    mmdebstrap --quiet --variant=apt --include=openjdk-17-jre-headless,ca-certificates bookworm "$tar" >&2 \
      || die "mmdebstrap failed"
    docker import "$tar" "$LOCAL_BASE" >/dev/null && rm -f "$tar"
  fi
  echo "$LOCAL_BASE"
}

# docker_build TAG CONTEXT DOCKERFILE BASE
docker_build() {
  log "image $1"
  local out
  out="$(docker build -q --build-arg BASE_IMAGE="$4" -f "$3" -t "$1" "$2" 2>&1)" || { echo "$out" >&2; die "docker build of $1 failed"; }
}

# The four services and stack-init, from the packaged jars.
build_service_images() {
  ensure_built
  local base s
  base="$(base_image)"
  for s in "${SERVICES[@]}" local-stack; do
    local name="$s"; [[ $s == local-stack ]] && name=stack-init
    docker_build "ferlab/$name:$FERLAB_TAG" "$ROOT/$s" "$ROOT/$s/src/main/docker/Dockerfile.jvm" "$base"
  done
}

# The infrastructure images docker-compose.yml names, as `VARIABLE default` lines.
compose_images() { sed -n 's/.*\${\([A-Z_]*_IMAGE\):-\([^}]*\)}.*/\1 \2/p' "$ROOT/docker-compose.yml" | sort -u; }

# TEST FIXTURES: stand-ins for the official Kafka, MinIO, PostgreSQL and Prometheus images, built from Debian packages
# and Maven Central jars, tagged ferlab-standin/NAME:TAG (never under the official names). The variables that point
# docker-compose.yml and the tests at them are written to $STANDIN_ENV. Grafana has no stand-in.
build_standins() {
  ensure_built
  local base var image name stage
  base="$(debian_base)"
  : > "$STANDIN_ENV.tmp"
  while read -r var image; do
    name="${image%%:*}"; name="${name##*/}"
    [[ -d "$ROOT/docker/standins/$name" ]] || continue
    stage="$(mktemp -d)"
    cp -r "$ROOT/docker/standins/$name/." "$stage/"
    case $name in
      kafka) cp -r "$ROOT/local-stack/target/lib" "$stage/libs";;
      minio) cp "$ROOT/local-stack/target/s3proxy/s3proxy.jar" "$stage/";;
    esac
    docker_build "ferlab-standin/$name:${image##*:}" "$stage" "$stage/Dockerfile" "$base"
    rm -rf "$stage"
    echo "$var=ferlab-standin/$name:${image##*:}" >> "$STANDIN_ENV.tmp"
  done < <(compose_images)
  mv "$STANDIN_ENV.tmp" "$STANDIN_ENV"
  log "stand-ins built (test fixtures); their variables are in $STANDIN_ENV"
}

# ./ferlab images [--standins]
images() {
  ensure_docker || die "no Docker engine: install Docker (or run as root here, where ./ferlab installs it)"
  build_service_images
  [[ "${1:-}" == --standins ]] && build_standins
  docker images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E '^ferlab' | sort
}
