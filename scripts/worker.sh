#!/usr/bin/env bash
# Starts or stops the pgaddon worker in the background (log and pid under PGADDON_HOME).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
case "${1:-start}" in
  start) java_process start worker worker/target/pgaddon-worker.jar "worker ready" ;;
  stop) java_process stop worker ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
