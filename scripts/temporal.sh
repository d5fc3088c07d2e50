#!/usr/bin/env bash
# The real Temporal service: the Temporal CLI's development server (Server + Web UI), built once
# from its Go module and cached, persisting to a file, with pgaddon's search attributes.
#   scripts/temporal.sh start | stop | bin
# Ports: gRPC 127.0.0.1:7233 (TEMPORAL_PORT), Web UI http://127.0.0.1:8233 (TEMPORAL_UI_PORT); the UI
# decodes payloads through the API's codec endpoints (loopback, PGADDON_CODEC_PORT, default 8089).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
version=v1.5.1
cache=${PGADDON_CACHE:-/var/cache/pgaddon}
bin=$cache/temporal-$version/temporal
home=${PGADDON_HOME:-$HOME/.pgaddon}
port=${TEMPORAL_PORT:-7233}
ui_port=${TEMPORAL_UI_PORT:-8233}
pidfile=$home/temporal.pid

build() {
  [ -x "$bin" ] && return
  command -v go >/dev/null || { log "Go is needed once, to build the Temporal CLI from its Go module; install Go 1.23 or newer"; exit 1; }
  log "building the Temporal CLI $version from its Go module (about 4 min, once)"
  mkdir -p "$(dirname "$bin")"
  GOBIN=$(dirname "$bin") GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$version" \
    >/tmp/pgaddon-temporal-build.log 2>&1 || { cat /tmp/pgaddon-temporal-build.log >&2; exit 1; }
}

answers() { (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; }

start() {
  build
  if answers; then log "a Temporal service already answers on 127.0.0.1:$port"; return; fi
  mkdir -p "$home"
  nohup "$bin" server start-dev --db-filename "$home/temporal.db" --ip 127.0.0.1 --port "$port" \
    --ui-port "$ui_port" --log-level warn --ui-codec-endpoint "http://127.0.0.1:${PGADDON_CODEC_PORT:-8089}/codec" \
    --search-attribute AddonId=Keyword --search-attribute AppName=Keyword --search-attribute Operation=Keyword \
    >"$home/temporal.log" 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 1 60); do
    if "$bin" operator cluster health --address "127.0.0.1:$port" >/dev/null 2>&1; then
      log "Temporal server on 127.0.0.1:$port, Web UI on http://127.0.0.1:$ui_port (data: $home/temporal.db)"
      return
    fi
    sleep 1
  done
  cat "$home/temporal.log" >&2; log "the Temporal server did not become healthy in 60 s"; exit 1
}

stop() {
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill "$(cat "$pidfile")"
    while kill -0 "$(cat "$pidfile")" 2>/dev/null; do sleep 0.2; done
    log "Temporal server stopped"
  fi
  rm -f "$pidfile"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  bin) build; echo "$bin" ;;
  *) echo "usage: $0 start|stop|bin" >&2; exit 2 ;;
esac
