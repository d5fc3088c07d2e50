#!/usr/bin/env bash
# Benchmark: what a client writing through the endpoint every 10 ms feels during plan changes.
# For a starter and a business addon, ROUNDS plan changes each (up, then down, alternately);
# prints one line per change and a summary. Needs the worker and the API
# (scripts/worker.sh start, scripts/api.sh start); a token for its app is made when PGADDON_API_TOKEN is unset.
# Usage: [KINDS="starter business"] bench/plan-change.sh [ROUNDS]   (default 3, both kinds)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
app=bench-plans
jar=probe/target/pgaddon-probe.jar
if [ -z "${PGADDON_API_TOKEN:-}" ]; then
  PGADDON_API_TOKEN=$(scripts/api.sh tokens create --app "$app" --description "$0" 2>/dev/null)
  export PGADDON_API_TOKEN
fi

provision() {
  bin/pgaddon --app "$app" addons-add postgresql "$1" | sed -n 's/.*ID: //p;s/.*Connection URL: //p' | paste -sd' '
}

# The changes run in a pipeline (a subshell): the ids they make are kept in a file for the cleanup.
made=$(mktemp)
cleanup() {
  local id; while read -r id; do bin/pgaddon --app "$app" addons-remove "$id" --yes >/dev/null || true; done < "$made"
  rm -f "$made"
}
trap cleanup EXIT

run_changes() {
  local kind=$1 small=$2 big=$3 id url plan out
  read -r id url < <(provision "$small")
  echo "$id" >> "$made"
  for i in $(seq 1 "$rounds"); do
    if [ $((i % 2)) -eq 1 ]; then plan=$big; else plan=$small; fi
    out=$(java -cp "$jar" dev.pgaddon.probe.ProbeMain "$url" -- bin/pgaddon --app "$app" addons-upgrade "$id" "$plan" --wait | grep '^probe:')
    echo "$kind $plan: ${out#probe: }"
  done
}

kinds=${KINDS:-starter business}
results=$( { [[ " $kinds " != *" starter "* ]] || run_changes starter postgresql-starter-512 postgresql-starter-1024
             [[ " $kinds " != *" business "* ]] || run_changes business postgresql-business-512 postgresql-business-1024; } \
           | tee /dev/stderr)
echo
echo "summary (${rounds} changes each; stall = longest gap between two successful writes, minus the 10 ms interval):"
field() { grep -o " $1=[0-9]*" | cut -d= -f2; }
stats() { sort -n | awk '{ a[NR] = $1 } END { printf "%d/%d/%d", a[1], a[int((NR + 1) / 2)], a[NR] }'; }
sum() { awk '{ s += $1 } END { print s + 0 }'; }
for kind in $kinds; do
  lines=$(printf '%s\n' "$results" | grep "^$kind ")
  printf '  %-8s changes=%d failed_transactions=%s missing_rows=%s longest_stall_ms(min/median/max)=%s downtime_ms_total=%s operation_ms(min/median/max)=%s\n' \
    "$kind" "$(printf '%s\n' "$lines" | wc -l)" \
    "$(printf '%s\n' "$lines" | field failed | sum)" "$(printf '%s\n' "$lines" | field missing_rows | sum)" \
    "$(printf '%s\n' "$lines" | field longest_stall_ms | stats)" "$(printf '%s\n' "$lines" | field downtime_ms | sum)" \
    "$(printf '%s\n' "$lines" | field command_ms | stats)"
done
