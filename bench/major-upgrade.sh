#!/usr/bin/env bash
# Benchmark: a major upgrade (15.20 -> 17) of a business addon at several data sizes. For each size
# it provisions an addon on 15.20, fills it with that many GiB (one table of ~1 KiB rows with a
# primary key), runs `database-upgrade --wait --json` under the write probe (a client writing through
# the endpoint every 10 ms), and prints the downtime (step 1 start -> step 3 done, workflow clock),
# the whole operation's time, what the client felt, and the downtime ratio between the largest and
# the smallest size. Needs the worker (scripts/worker.sh start).
# Usage: bench/major-upgrade.sh [SIZE_GIB...]   (default: 1 8)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 8)
app=bench-major
plan=postgresql-business-2048
jar=starter/target/pgaddon-cli.jar
target=${TARGET:-$(docker images --format '{{.Tag}}' pgaddon/postgresql | grep '^17\.' | sort -V | tail -n 1)}

made=()
cleanup() { for id in "${made[@]}"; do bin/pgaddon --app "$app" addons-remove "$id" --yes >/dev/null || true; done; }
trap cleanup EXIT

json_number() { grep -o "\"$1\":[0-9]*" | head -n 1 | cut -d: -f2; }
psql_url() { java -cp "$jar" dev.pgaddon.probe.SqlMain "$1" "$2"; }

for gib in "${sizes[@]}"; do
  read -r id url < <(bin/pgaddon --app "$app" addons-add postgresql "$plan" --version 15.20 \
    | sed -n 's/.*ID: //p;s/.*Connection URL: //p' | paste -sd' ')
  made+=("$id")
  rows=$((gib * 1024 * 1024))
  started=$(date +%s)
  psql_url "$url" "CREATE TABLE big AS SELECT g AS id, repeat(md5(g::text), 30) AS payload FROM generate_series(1, $rows) g"
  psql_url "$url" "ALTER TABLE big ADD PRIMARY KEY (id)"
  echo "size ${gib} GiB: $rows rows written in $(( $(date +%s) - started )) s" >&2
  out=$(java -cp "$jar" dev.pgaddon.probe.ProbeMain "$url" -- \
    bin/pgaddon --app "$app" --addon "$id" --json database-upgrade --to "$target" --wait)
  result=$(printf '%s\n' "$out" | grep -v '^probe:' | tr -d '\n ')
  probe=$(printf '%s\n' "$out" | grep '^probe:')
  printf 'size_gib=%s data_mib=%s downtime_ms=%s total_ms=%s estimate_s=%s pessimistic_s=%s client:%s\n' "$gib" \
    "$(( $(printf '%s' "$result" | json_number dataBytes) / 1048576 ))" \
    "$(printf '%s' "$result" | json_number downtimeMillis)" "$(printf '%s' "$result" | json_number totalMillis)" \
    "$(printf '%s' "$result" | json_number linkModeSeconds)" "$(printf '%s' "$result" | json_number pessimisticSeconds)" \
    "${probe#probe:}"
  bin/pgaddon --app "$app" addons-remove "$id" --yes >/dev/null
done | tee /tmp/pgaddon-major-bench.txt
first=$(head -n 1 /tmp/pgaddon-major-bench.txt | grep -o 'downtime_ms=[0-9]*' | cut -d= -f2)
last=$(tail -n 1 /tmp/pgaddon-major-bench.txt | grep -o 'downtime_ms=[0-9]*' | cut -d= -f2)
echo
awk -v a="$first" -v b="$last" -v s="${sizes[0]}" -v l="${sizes[-1]}" \
  'BEGIN { printf "summary: downtime %.1f s at %s GiB, %.1f s at %s GiB, ratio %.2f (target <= 1.3, and <= 15 s at the larger size)\n", a / 1000, s, b / 1000, l, b / a }'
