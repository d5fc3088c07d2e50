#!/usr/bin/env bash
# Starts or stops the pgaddon worker in the background (log and pid under PGADDON_HOME).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
home=${PGADDON_HOME:-$HOME/.pgaddon}
mkdir -p "$home"
pidfile=$home/worker.pid

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

case "${1:-start}" in
  start)
    if running; then log "worker already running (pid $(cat "$pidfile"))"; exit 0; fi
    : > "$home/worker.log"
    nohup java -jar worker/target/pgaddon-worker.jar >>"$home/worker.log" 2>&1 &
    echo $! > "$pidfile"
    for _ in $(seq 1 60); do
      grep -q "worker ready" "$home/worker.log" && { log "$(grep -m1 'worker ready' "$home/worker.log" | sed 's/^.* - //')"; exit 0; }
      running || { cat "$home/worker.log" >&2; log "the worker exited"; exit 1; }
      sleep 1
    done
    log "the worker did not report ready within 60 s; see $home/worker.log"; exit 1 ;;
  stop)
    if running; then
      kill "$(cat "$pidfile")"
      while running; do sleep 0.2; done
      log "worker stopped"
    fi
    rm -f "$pidfile" ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
