#!/usr/bin/env bash
# Starts or stops the pgaddon API (pgaddon-api) in the background, on 127.0.0.1:${PGADDON_API_PORT:-8080}
# (log and pid under PGADDON_HOME); `scripts/api.sh tokens ...` runs the token commands.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
case "${1:-start}" in
  start) java_process start api api/target/pgaddon-api.jar "pgaddon API listening" ;;
  stop) java_process stop api ;;
  tokens) shift; exec java -jar api/target/pgaddon-api.jar tokens "$@" ;;
  *) echo "usage: $0 start|stop|tokens ..." >&2; exit 2 ;;
esac
