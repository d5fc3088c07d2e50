#!/usr/bin/env bash
# Benchmark: a major upgrade (15.20 -> 17) of a business addon at several data sizes. For each size
# and round it provisions an addon on 15.20, fills it with that many GiB (one table of ~1 KiB rows
# with a primary key, plus TABLES small tables to grow the catalog), runs
# `database-upgrade --wait --json` under the write probe (a client writing through the endpoint
# every 10 ms), and prints the downtime (step 1 start -> step 3 done, workflow clock), the whole
# operation's time, the estimate, and what the client felt. Then, per size, the downtime's and the
# total's min / median / max, and the ratio of the largest size's median downtime to the smallest's.
# Needs the worker and the API (scripts/worker.sh start, scripts/api.sh start); a token for its app is made when PGADDON_API_TOKEN is unset.
# Usage: [ROUNDS=3] [TABLES=0] bench/major-upgrade.sh [SIZE_GIB...]   (default sizes: 1 8)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 8)
rounds=${ROUNDS:-3}
tables=${TABLES:-0}
app=bench-major
plan=postgresql-business-2048
jar=probe/target/pgaddon-probe.jar
if [ -z "${PGADDON_API_TOKEN:-}" ]; then
  PGADDON_API_TOKEN=$(scripts/api.sh tokens create --app "$app" --description "$0" 2>/dev/null)
  export PGADDON_API_TOKEN
fi
target=${TARGET:-$(docker images --format '{{.Tag}}' pgaddon/postgresql | grep '^17\.' | sort -V | tail -n 1)}
results=$(mktemp /tmp/pgaddon-major-bench.XXXXXX)

made=()
cleanup() { for id in "${made[@]}"; do bin/pgaddon --app "$app" addons-remove "$id" --yes >/dev/null 2>&1 || true; done; }
trap cleanup EXIT

json_number() { grep -o "\"$1\":[0-9]*" | head -n 1 | cut -d: -f2; }
sql() { java -cp "$jar" dev.pgaddon.probe.SqlMain "$@"; }

one_upgrade() {
  local gib=$1 id url rows started out result probe
  read -r id url < <(bin/pgaddon --app "$app" addons-add postgresql "$plan" --version 15.20 \
    | sed -n 's/.*ID: //p;s/.*Connection URL: //p' | paste -sd' ')
  made+=("$id")
  rows=$((gib * 1024 * 1024))
  started=$(date +%s)
  sql "$url" "CREATE TABLE big AS SELECT g AS id, repeat(md5(g::text), 30) AS payload FROM generate_series(1, $rows) g" \
    "ALTER TABLE big ADD PRIMARY KEY (id)" \
    "DO \$\$ BEGIN FOR i IN 1..$tables LOOP EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY, v text)', i); IF i % 500 = 0 THEN COMMIT; END IF; END LOOP; END \$\$"
  echo "size ${gib} GiB: $rows rows and $tables extra tables written in $(( $(date +%s) - started )) s" >&2
  out=$(java -cp "$jar" dev.pgaddon.probe.ProbeMain "$url" -- \
    bin/pgaddon --app "$app" --addon "$id" database-upgrade --to "$target" --wait --json)
  result=$(printf '%s\n' "$out" | grep -v '^probe:' | tr -d '\n ')
  probe=$(printf '%s\n' "$out" | grep '^probe:')
  printf 'size_gib=%s data_mib=%s relations=%s downtime_ms=%s total_ms=%s estimate_s=%s pessimistic_s=%s client:%s\n' \
    "$gib" "$(( $(printf '%s' "$result" | json_number dataBytes) / 1048576 ))" \
    "$(printf '%s' "$result" | json_number relations)" \
    "$(printf '%s' "$result" | json_number downtimeMillis)" "$(printf '%s' "$result" | json_number totalMillis)" \
    "$(printf '%s' "$result" | json_number linkModeSeconds)" "$(printf '%s' "$result" | json_number pessimisticSeconds)" \
    "${probe#probe:}" | tee -a "$results"
  bin/pgaddon --app "$app" addons-remove "$id" --yes >/dev/null
}

for _ in $(seq 1 "$rounds"); do
  for gib in "${sizes[@]}"; do
    one_upgrade "$gib"
  done
done

# field FILE SIZE NAME: that field's values for one size, sorted
field() { grep "^size_gib=$2 " "$1" | cut -d: -f1 | grep -o " $3=[0-9]*" | cut -d= -f2 | sort -n; }
stats() { awk '{ v[NR] = $1 } END { printf "%.1f / %.1f / %.1f s", v[1] / 1000, v[int((NR + 1) / 2)] / 1000, v[NR] / 1000 }'; }
median() { awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo
echo "size | downtime min / median / max | total min / median / max | client failed"
for gib in "${sizes[@]}"; do
  printf '%s GiB | %s | %s | %s\n' "$gib" "$(field "$results" "$gib" downtime_ms | stats)" \
    "$(field "$results" "$gib" total_ms | stats)" "$(grep "^size_gib=$gib " "$results" | grep -o ' failed=[0-9]*' | cut -d= -f2 | awk '{ n += $1 } END { print n }')"
done
small=$(field "$results" "${sizes[0]}" downtime_ms | median)
large=$(field "$results" "${sizes[-1]}" downtime_ms | median)
awk -v a="$small" -v b="$large" -v s="${sizes[0]}" -v l="${sizes[-1]}" 'BEGIN {
  printf "summary: median downtime %.1f s at %s GiB, %.1f s at %s GiB, ratio %.2f (target <= 1.3, and <= 15 s at the larger size)\n",
    a / 1000, s, b / 1000, l, b / a }'
rm -f "$results"
