#!/usr/bin/env bash
# The object store the backups are copied to: SeaweedFS (Apache-2.0), built once from its Go module and
# cached, run as the container pgaddon-objectstore on the Docker network pgaddon-store. Only its S3 API
# listens beyond the container (HTTPS, a certificate of a CA made here: pgBackRest speaks S3 over TLS only);
# its S3 port is also published on the host's loopback. Addon nodes are never on that network.
# The keys, the CA and the identities file are made once into $PGADDON_HOME/objectstore (0600).
#   scripts/objectstore.sh bin     the path of the weed binary, building it first if needed
#   scripts/objectstore.sh start   the store running, its bucket made (idempotent)
#   scripts/objectstore.sh stop    the store and the shipper stopped (the store's data volume kept)
# The shipper (container pgaddon-shipper, program pgaddon-ship of the node image) copies every addon's
# pgBackRest repository from the host's backup directory (PGADDON_BACKUP_ROOT) to the bucket, every
# PGADDON_SHIP_INTERVAL_SECONDS (2). To use another S3 store (AWS S3, GCS, ...): PGADDON_S3_ENDPOINT
# (host, as the containers reach it), PGADDON_S3_PORT, PGADDON_S3_BUCKET, PGADDON_S3_REGION, and its keys
# and CA in the files access-key, secret-key and ca.crt of $PGADDON_HOME/objectstore.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
module=github.com/seaweedfs/seaweedfs
version=v0.0.0-20261109003541-7506e5f91cd6
cache=${PGADDON_CACHE:-/var/cache/pgaddon}
bin=$cache/seaweedfs-$version/weed
home=${PGADDON_HOME:-$HOME/.pgaddon}
dir=$home/objectstore
name=pgaddon-objectstore
network=pgaddon-store
port=${PGADDON_OBJECTSTORE_PORT:-8333}
bucket=${PGADDON_S3_BUCKET:-pgaddon-backups}
endpoint=${PGADDON_S3_ENDPOINT:-$name}
s3_port=${PGADDON_S3_PORT:-8333}
region=${PGADDON_S3_REGION:-us-east-1}
backup_root=${PGADDON_BACKUP_ROOT:-/var/lib/pgaddon/backups}
interval=${PGADDON_SHIP_INTERVAL_SECONDS:-2}

build() {
  [ -x "$bin" ] && return
  command -v go >/dev/null || { log "Go is needed once, to build SeaweedFS from its Go module"; exit 1; }
  log "building SeaweedFS from its Go module (about 4 min, once)"
  # Its go.mod has replace directives, which `go install pkg@version` refuses: build in a copy of the module.
  local src work
  src=$(GOFLAGS=-mod=mod go mod download -json "$module@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [ -d "$src" ] || { log "go mod download $module@$version gave no directory"; exit 1; }
  work=$(mktemp -d)
  cp -r "$src/." "$work" && chmod -R u+w "$work"
  mkdir -p "$(dirname "$bin")"
  (cd "$work" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -o "$bin.partial" ./weed >/tmp/pgaddon-weed-build.log 2>&1) \
    || { cat /tmp/pgaddon-weed-build.log >&2; rm -rf "$work"; exit 1; }
  mv "$bin.partial" "$bin"
  rm -rf "$work"
}

# Keys, a CA and the server's certificate (names the store has on its network and on the host), made once.
credentials() {
  mkdir -p "$dir" && chmod 700 "$dir"
  local f
  for f in access-key secret-key; do
    [ -s "$dir/$f" ] || (umask 077; head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 > "$dir/$f")
  done
  if [ ! -s "$dir/ca.crt" ] || [ ! -s "$dir/server.crt" ]; then
    (umask 077
     openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=pgaddon object store CA" \
       -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
     openssl req -newkey rsa:2048 -nodes -subj "/CN=$name" -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
     printf 'subjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1\n' "$name" > "$dir/server.ext"
     openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 3650 \
       -extfile "$dir/server.ext" -out "$dir/server.crt" 2>/dev/null
     rm -f "$dir/server.csr" "$dir/server.ext")
    chmod 644 "$dir/ca.crt"
  fi
  # One identity, the platform's: without one SeaweedFS would answer anyone.
  (umask 077; printf '{"identities":[{"name":"pgaddon","credentials":[{"accessKey":"%s","secretKey":"%s"}],"actions":["Admin","Read","List","Tagging","Write"]}]}\n' \
    "$(cat "$dir/access-key")" "$(cat "$dir/secret-key")" > "$dir/s3.json")
}

start() {
  build
  credentials
  docker network inspect "$network" >/dev/null 2>&1 || docker network create --driver bridge --label pgaddon.kind=objectstore "$network" >/dev/null
  if [ "$(docker inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" != true ]; then
    docker rm -f "$name" >/dev/null 2>&1 || true
    log "starting the object store ($name, S3 on https://127.0.0.1:$port)"
    docker run -d --name "$name" --network "$network" --restart unless-stopped --label pgaddon.kind=objectstore \
      -p "127.0.0.1:$port:8333" -v pgaddon-objectstore-data:/data \
      -v "$bin:/usr/local/bin/weed:ro" -v "$dir:/etc/pgaddon-objectstore:ro" pgaddon/base:trixie \
      weed server -dir=/data -ip=127.0.0.1 -s3 -s3.ip.bind=0.0.0.0 -s3.port=8333 -master.volumeSizeLimitMB=1024 \
      -s3.config=/etc/pgaddon-objectstore/s3.json -s3.cert.file=/etc/pgaddon-objectstore/server.crt \
      -s3.key.file=/etc/pgaddon-objectstore/server.key >/dev/null
  fi
  for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$dir/ca.crt" "https://127.0.0.1:$port/")" = 403 ] && break
    sleep 0.5
  done
  # The bucket, made through the store's own shell (no key on a command line)
  for _ in $(seq 1 60); do
    if echo "s3.bucket.list" | docker exec -i "$name" weed shell -master=127.0.0.1:9333 2>/dev/null | grep -Eq "^ +$bucket([[:space:]]|$)"; then
      return 0
    fi
    echo "s3.bucket.create -name $bucket" | docker exec -i "$name" weed shell -master=127.0.0.1:9333 >/dev/null 2>&1 || true
    sleep 1
  done
  log "the object store did not make its bucket $bucket"; exit 1
}

# The shipper reads the store's keys from a file of its own (readable by the images' postgres user, whose
# the repositories are), never its environment or command line.
start_shipper() {
  local shipper=pgaddon-shipper image=pgaddon/postgresql-recipe:17-latest
  [[ $interval =~ ^[0-9]+$ ]] || { log "PGADDON_SHIP_INTERVAL_SECONDS must be a number"; exit 1; }
  (umask 077
   printf '[store]\ntype = s3\nprovider = Other\naccess_key_id = %s\nsecret_access_key = %s\nendpoint = https://%s:%s\nregion = %s\nforce_path_style = true\n' \
     "$(cat "$dir/access-key")" "$(cat "$dir/secret-key")" "$endpoint" "$s3_port" "$region" > "$dir/rclone.conf.new")
  chown 100:102 "$dir/rclone.conf.new"
  mv "$dir/rclone.conf.new" "$dir/rclone.conf"
  mkdir -p "$backup_root"
  local recipe
  recipe="$(docker image inspect -f '{{.Id}}' "$image") $bucket $interval $(sha256sum "$dir/rclone.conf" | cut -c1-16)"
  if [ "$(docker inspect -f '{{.State.Running}} {{index .Config.Labels "pgaddon.recipe"}}' "$shipper" 2>/dev/null)" != "true $recipe" ]; then
    docker rm -f "$shipper" >/dev/null 2>&1 || true
    log "starting the shipper ($shipper: $backup_root to the bucket $bucket every $interval s)"
    docker run -d --name "$shipper" --network "$network" --restart unless-stopped --label pgaddon.kind=objectstore \
      --label "pgaddon.recipe=$recipe" --user postgres --cap-drop ALL --security-opt no-new-privileges \
      -e "PGADDON_S3_BUCKET=$bucket" -e "PGADDON_SHIP_INTERVAL_SECONDS=$interval" \
      -v "$backup_root:/backups:ro" -v "$dir/rclone.conf:/etc/pgaddon-objectstore/rclone.conf:ro" \
      -v "$dir/ca.crt:/etc/pgaddon-objectstore/ca.crt:ro" "$image" pgaddon-ship >/dev/null
  fi
}

case "${1:-}" in
  bin) build; echo "$bin" ;;
  start) start; start_shipper ;;
  stop) docker rm -f "$name" pgaddon-shipper >/dev/null 2>&1 || true ;;
  *) echo "usage: $0 bin|start|stop" >&2; exit 2 ;;
esac
