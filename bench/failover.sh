#!/usr/bin/env bash
# Benchmark: the primary of a business addon is killed (docker kill) while a client commits through
# the endpoint every 10 ms; nobody asks for anything, the watchdog fails over. ROUNDS kills on one
# addon (each round kills whichever node is primary then). Prints, per round, the time from the kill
# to the first successful commit (the client's longest gap between two commits) and the rows lost.
# Then the commit latency synchronous replication adds, measured beside asynchronous commits.
# Needs the worker and the API (scripts/worker.sh start, scripts/api.sh start).
# Usage: bench/failover.sh [ROUNDS] [VERSION]   (default 5, the newest version)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
version=${2:-}
app=bench-failover
jar=probe/target/pgaddon-probe.jar
if [ -z "${PGADDON_API_TOKEN:-}" ]; then
  PGADDON_API_TOKEN=$(scripts/api.sh tokens create --app "$app" --description "$0" 2>/dev/null)
  export PGADDON_API_TOKEN
fi

read -r id url < <(bin/pgaddon --app "$app" addons-add postgresql postgresql-business-512 ${version:+--version "$version"} \
  | sed -n 's/.*ID: //p;s/.*Connection URL: //p' | paste -sd' ')
trap 'bin/pgaddon --app "$app" addons-remove "$id" --yes >/dev/null || true' EXIT

# psql inside a node's container, through its socket: the superuser needs no password there.
node_sql() {
  local c=$1 port
  port=$(docker inspect -f '{{index .Config.Labels "pgaddon.port"}}' "$c")
  docker exec -u postgres "$c" psql -h /var/run/postgresql -p "$port" -Atc "$2" 2>/dev/null
}
primary() {
  local c
  for c in $(docker ps --filter "label=pgaddon.addon=$id" --filter label=pgaddon.kind=node --format '{{.Names}}'); do
    [ "$(node_sql "$c" 'select pg_is_in_recovery()')" = f ] && { echo "$c"; return; }
  done
}
await_synchronous() {
  local i c
  for i in $(seq 1 180); do
    c=$(primary)
    [ -n "$c" ] && [ "$(node_sql "$c" "select string_agg(sync_state, ',') from pg_stat_replication")" = sync ] && return
    sleep 1
  done
  echo "the pair is not synchronous after 180 s" >&2; exit 1
}
failovers() {
  bin/pgaddon --app "$app" --addon "$id" operations --limit 100 | grep -c ' failover .* succeeded ' || true
}

echo "addon $id: waiting until the watchdog watches it and commits are synchronous" >&2
await_synchronous
sleep 35 # the status refresh (every 30 s) starts the watchdog
results=""
for i in $(seq 1 "$rounds"); do
  await_synchronous
  sleep 3 # the watchdog's first checks after the previous round
  before=$(failovers)
  victim=$(primary)
  out=$(java -cp "$jar" dev.pgaddon.probe.ProbeMain "$url" -- bash -c "
    docker kill $victim >/dev/null
    until [ \$(bin/pgaddon --app $app --addon $id operations --limit 100 | grep -c ' failover .* succeeded ') -gt $before ]; do sleep 0.5; done" \
    | grep '^probe:')
  line="round $i: killed $victim: ${out#probe: }"
  echo "$line" >&2
  results+="$line"$'\n'
done

field() { grep -o " $1=[0-9]*" | cut -d= -f2; }
stats() { sort -n | awk '{ a[NR] = $1 } END { printf "%d/%d/%d", a[1], a[int((NR + 1) / 2)], a[NR] }'; }
sum() { awk '{ s += $1 } END { print s + 0 }'; }
echo
echo "failover summary ($rounds kills of the primary, a commit every 10 ms):"
printf '  kill_to_first_commit_ms(min/median/max)=%s acknowledged_rows_lost=%s failed_transactions_total=%s\n' \
  "$(printf '%s' "$results" | field longest_stall_ms | stats)" "$(printf '%s' "$results" | field missing_rows | sum)" \
  "$(printf '%s' "$results" | field failed | sum)"

# The commit latency synchronous replication adds, on the same addon and connection: each
# transaction either waits for the follower (synchronous_commit = on, the addon's mode) or only for
# the primary's disk (SET LOCAL synchronous_commit = local: what asynchronous replication gives).
await_synchronous
java -cp "$jar" dev.pgaddon.probe.CommitLatency "$url" 2000
