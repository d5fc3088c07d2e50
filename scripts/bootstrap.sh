#!/usr/bin/env bash
# Brings this machine to the point where pgaddon can run: a Docker engine and the node images.
# Idempotent: a second run only checks, in seconds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
source "$here/lib.sh"

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v shellcheck >/dev/null || missing+=(shellcheck)
  # the object store's certificates and its readiness check (scripts/objectstore.sh)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

start_engine() {
  if ! docker info >/dev/null 2>&1; then
    log "starting dockerd"
    # No iptables on these machines. Each addon gets a bridge network of its own (AddonNetworks, a /26 of
    # PGADDON_NETWORK_POOL, 10.213.0.0/16); the engine's own pool is kept apart. Nothing is forwarded between
    # bridges, so an addon reaches no other.
    nohup dockerd --iptables=false --ip6tables=false --bridge=none --ip-forward=false \
      --default-address-pool base=10.214.0.0/16,size=26 >/var/log/pgaddon-dockerd.log 2>&1 &
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
    docker info >/dev/null 2>&1 || { log "dockerd did not answer within 60 s; see /var/log/pgaddon-dockerd.log"; exit 1; }
  fi
  isolate_addon_networks
}

# Without iptables, the host's IP forwarding is the only wall between two addons' bridges: it stays off
# (an engine started earlier with its default, --ip-forward=true, turned it on).
isolate_addon_networks() {
  if [ "$(cat /proc/sys/net/ipv4/ip_forward)" != 0 ]; then
    log "turning IP forwarding off: addon networks must not reach each other"
    echo 0 > /proc/sys/net/ipv4/ip_forward
  fi
  [ "$(cat /proc/sys/net/ipv4/ip_forward)" = 0 ] || { log "net.ipv4.ip_forward is still on"; exit 1; }
}

# An image is rebuilt only when its recipe (Dockerfile + build args) changes.
# recipe_hash DIR [WORD...]: the image's recipe is every file of its directory (Dockerfile, programs) and the words.
recipe_hash() {
  local dir=$1; shift
  { (cd "$dir" && find . -type f | LC_ALL=C sort | xargs sha256sum && find . -type f -perm -u+x | LC_ALL=C sort)
    printf '%s\n' "$@"; } | sha256sum | cut -c1-16
}
image_has_recipe() { [ "$(docker image inspect -f '{{index .Config.Labels "pgaddon.recipe"}}' "$1" 2>/dev/null)" = "$2" ]; }

build_base() {
  local tag=pgaddon/base:trixie mirror hash
  mirror=$(debian_mirror)
  hash=$(printf 'debootstrap minbase trixie\n' | sha256sum | cut -c1-16)
  image_has_recipe "$tag" "$hash" && return
  log "building $tag with debootstrap (about 30 s)"
  local dir; dir=$(mktemp -d /tmp/pgaddon-rootfs.XXXXXX)
  debootstrap --variant=minbase trixie "$dir" "$mirror" >/tmp/pgaddon-debootstrap.log 2>&1 \
    || { log "debootstrap failed, see /tmp/pgaddon-debootstrap.log"; exit 1; }
  echo "deb $mirror trixie main" > "$dir/etc/apt/sources.list"
  tar -C "$dir" -c . | docker import -c "LABEL pgaddon.recipe=$hash" - "$tag" >/dev/null
  rm -rf "$dir"
}

# build_image TAG DIR [BUILD_ARG...]
build_image() {
  local tag=$1 dir=$2; shift 2
  local args=("--build-arg" "MIRROR=$(debian_mirror)" "--build-arg" "SECURITY_MIRROR=$(debian_security_mirror)")
  local a; for a in "$@"; do args+=("--build-arg" "$a"); done
  local hash; hash=$(recipe_hash "$dir" "$@" "$(docker image inspect -f '{{.Id}}' pgaddon/base:trixie)")
  image_has_recipe "$tag" "$hash" && return
  log "building $tag"
  docker build -q --network host --label "pgaddon.recipe=$hash" "${args[@]}" -t "$tag" "$dir" >/tmp/pgaddon-build.log 2>&1 \
    || { cat /tmp/pgaddon-build.log >&2; exit 1; }
}

# PostgreSQL images are built under a recipe tag, then tagged with the exact version they hold,
# so the version catalog is whatever Debian serves (e.g. 15.18, 15.20, 17.x).
build_postgresql() {
  local recipe=$1; shift
  build_image "pgaddon/postgresql-recipe:$recipe" "$repo/images/postgresql" "$@"
  local version
  version=$(docker run --rm --network none "pgaddon/postgresql-recipe:$recipe" postgres --version | awk '{print $3}')
  docker tag "pgaddon/postgresql-recipe:$recipe" "pgaddon/postgresql:$version"
  log "pgaddon/postgresql:$version ready ($recipe)"
}

# The control database (apps, tokens, addons, operations): PostgreSQL in a container of our own
# image, data on a named volume, the password generated into PGADDON_HOME (never on a command line
# or in the container's environment: it is sent to psql on standard input).
start_control_database() {
  local home=${PGADDON_HOME:-$HOME/.pgaddon} port=${PGADDON_CONTROL_PORT:-5433} name=pgaddon-control
  local pwfile=$home/control-db.password
  [[ $port =~ ^[0-9]{2,5}$ ]] || { log "PGADDON_CONTROL_PORT must be a port number"; exit 1; }
  mkdir -p "$home"
  if [ ! -s "$pwfile" ]; then
    (umask 077; head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 48 > "$pwfile")
  fi
  grep -Eqx '[A-Za-z0-9]{32,}' "$pwfile" || { log "$pwfile must hold 32 or more letters and digits"; exit 1; }
  if [ "$(docker inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" != true ]; then
    docker rm -f "$name" >/dev/null 2>&1 || true
    log "starting the control database ($name on 127.0.0.1:$port)"
    docker run -d --name "$name" --network host --restart unless-stopped --label pgaddon.kind=control \
      -v pgaddon-control-data:/var/lib/postgresql/data pgaddon/postgresql-recipe:17-latest \
      bash -c 'set -e; if [ ! -s "$PGDATA/PG_VERSION" ]; then initdb -D "$PGDATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 >/dev/null; fi
               exec postgres -D "$PGDATA" -p "$1" -c listen_addresses=127.0.0.1 -c unix_socket_directories=/var/run/postgresql' \
      control "$port" >/dev/null
  fi
  for _ in $(seq 1 60); do
    docker exec "$name" pg_isready -q -h /var/run/postgresql -p "$port" 2>/dev/null && break
    sleep 0.5
  done
  # Idempotent: the role and database are made once; the password is set from the file each time.
  { printf "SELECT 'CREATE ROLE pgaddon LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgaddon')\\gexec\n"
    printf "SELECT 'CREATE DATABASE pgaddon OWNER pgaddon' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'pgaddon')\\gexec\n"
    printf "\\set pw '%s'\nALTER ROLE pgaddon PASSWORD :'pw';\n" "$(cat "$pwfile")"
  } | docker exec -i "$name" psql -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -p "$port" -U postgres -d postgres >/dev/null
}

install_packages
start_engine
build_base
# PostGIS for both majors, pgvector for 17 (Debian has none for 15 in bookworm). The 17 image also carries
# 15 with its PostGIS: pg_upgrade starts the old server with the libraries its databases use.
build_postgresql 15-release PG15_SUITES=bookworm "PG_PACKAGES=postgresql-15 postgresql-15-postgis-3" PG_MAJOR=15
build_postgresql 15-latest "PG15_SUITES=bookworm bookworm-security" "PG_PACKAGES=postgresql-15 postgresql-15-postgis-3" PG_MAJOR=15
build_postgresql 17-latest "PG15_SUITES=bookworm bookworm-security" \
  "PG_PACKAGES=postgresql-17 postgresql-15 postgresql-17-postgis-3 postgresql-15-postgis-3 postgresql-17-pgvector" PG_MAJOR=17
build_image pgaddon/pgbouncer:latest "$repo/images/pgbouncer"
start_control_database
# The object store the backups are copied to, and its shipper (scripts/objectstore.sh)
bash "$repo/scripts/objectstore.sh" start
log "engine and images ready"
