#!/usr/bin/env bash
# Benchmark: what watching business addons costs. Measures, over WINDOW seconds, the CPU time of the
# Temporal server and of the worker and the history events the watchdogs write, first with the
# addons that exist already, then with N more business addons watched.
# Needs the worker and the API (scripts/worker.sh start, scripts/api.sh start) and the Temporal
# server of scripts/temporal.sh. Usage: bench/watchdog-load.sh [N] [WINDOW]   (default 20, 300: a
# watch returns every 5 minutes when all is well, so a shorter window sees few of its events)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}
window=${2:-300}
queue=${PGADDON_TASK_QUEUE:-pgaddon}
app=bench-watch
home=${PGADDON_HOME:-$HOME/.pgaddon}
temporal_cli=$(ls "${PGADDON_CACHE:-/var/cache/pgaddon}"/temporal-*/temporal | head -n 1)
if [ -z "${PGADDON_API_TOKEN:-}" ]; then
  PGADDON_API_TOKEN=$(scripts/api.sh tokens create --app "$app" --description "$0" 2>/dev/null)
  export PGADDON_API_TOKEN
fi

made=$(mktemp)
cleanup() {
  local id; while read -r id; do bin/pgaddon --app "$app" addons-remove "$id" --yes >/dev/null || true; done < "$made"
  rm -f "$made"
}
trap cleanup EXIT

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# This worker's watchdogs (the list also names each one's root execution: hence sort -u).
watchdogs() {
  "$temporal_cli" workflow list --query "WorkflowType='WatchAddon' AND ExecutionStatus='Running' AND TaskQueue='$queue'" \
    -o json | grep -o '"workflowId": "watch-[^"]*"' | cut -d'"' -f4 | sort -u
}
history_events() {
  local w total=0 len
  for w in $(watchdogs); do
    len=$("$temporal_cli" workflow describe -w "$w" -o json | grep -o '"historyLength": "[0-9]*"' | grep -o '[0-9]*' | head -n 1)
    total=$((total + ${len:-0}))
  done
  echo "$total"
}
measure() {
  local label=$1 server worker t0s t0w e0 t1s t1w e1 hz watched
  server=$(cat "$home/temporal.pid"); worker=$(cat "$home/worker.pid"); hz=$(getconf CLK_TCK)
  watched=$(watchdogs | wc -l)
  t0s=$(cpu_ticks "$server"); t0w=$(cpu_ticks "$worker"); e0=$(history_events)
  sleep "$window"
  t1s=$(cpu_ticks "$server"); t1w=$(cpu_ticks "$worker"); e1=$(history_events)
  awk -v l="$label" -v w="$watched" -v s=$((t1s - t0s)) -v k=$((t1w - t0w)) -v e=$((e1 - e0)) -v hz="$hz" -v win="$window" \
    'BEGIN { printf "%s: %d addons watched: Temporal server CPU %.1f%% of a core, worker CPU %.1f%%, watchdog history events %.1f per minute\n", l, w, 100 * s / hz / win, 100 * k / hz / win, e * 60 / win }'
}

measure before
for _ in $(seq 1 "$n"); do
  bin/pgaddon --app "$app" addons-add postgresql postgresql-business-512 | sed -n 's/.*ID: //p' >> "$made"
done
echo "waiting for the status refresh to start their watchdogs" >&2
sleep 45
measure "with $n business addons more"
