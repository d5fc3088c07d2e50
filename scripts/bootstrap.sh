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
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

start_engine() {
  if docker info >/dev/null 2>&1; then return; fi
  log "starting dockerd"
  # No iptables or bridge on these machines: every container uses the host network.
  nohup dockerd --iptables=false --ip6tables=false --bridge=none >/var/log/pgaddon-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && return; sleep 1; done
  log "dockerd did not answer within 60 s; see /var/log/pgaddon-dockerd.log"; exit 1
}

# An image is rebuilt only when its recipe (Dockerfile + build args) changes.
recipe_hash() { { cat "$1"; shift; printf '%s\n' "$@"; } | sha256sum | cut -c1-16; }
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
  local hash; hash=$(recipe_hash "$dir/Dockerfile" "$@" "$(docker image inspect -f '{{.Id}}' pgaddon/base:trixie)")
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

install_packages
start_engine
build_base
build_postgresql 15-release PG15_SUITES=bookworm PG_PACKAGES=postgresql-15 PG_MAJOR=15
build_postgresql 15-latest "PG15_SUITES=bookworm bookworm-security" PG_PACKAGES=postgresql-15 PG_MAJOR=15
build_postgresql 17-latest "PG15_SUITES=bookworm bookworm-security" "PG_PACKAGES=postgresql-17 postgresql-15" PG_MAJOR=17
build_image pgaddon/pgbouncer:latest "$repo/images/pgbouncer"
log "engine and images ready"
