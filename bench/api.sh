#!/usr/bin/env bash
# The API under load: GET /v1/apps/{app}/addons and GET /v1/operations/{id} with 100 addons in the
# control database, CLIENTS (50) concurrent clients for SECONDS (30) each; prints requests per
# second and p50/p99 latency, measured by wrk (Debian's package, installed when missing: a C load
# generator that leaves the cores to the server). Runs its own API process on a schema of its own,
# removed afterwards.
#   bench/api.sh [SECONDS] [CLIENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
seconds=${1:-30}
clients=${2:-50}
threads=$(( clients < 2 ? clients : 2 ))
scripts/bootstrap.sh
command -v wrk >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -f api/target/pgaddon-api.jar ] || mvn -B -q package -DskipTests
schema=bench_api_$$
port=${BENCH_API_PORT:-18080}
export PGADDON_DATABASE_SCHEMA=$schema PGADDON_API_PORT=$port PGADDON_CODEC_PORT=$((port + 9))
# shellcheck disable=SC2120 # callers may pass psql options
psql_control() { docker exec -i pgaddon-control psql -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -p "${PGADDON_CONTROL_PORT:-5433}" -U postgres -d pgaddon "$@"; }
pid=
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  echo "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $schema CASCADE;" | psql_control
}
trap cleanup EXIT
java ${BENCH_JAVA_OPTS:-} -jar api/target/pgaddon-api.jar >"/tmp/pgaddon-bench-api.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do grep -q "pgaddon API listening" /tmp/pgaddon-bench-api.log && break; sleep 0.5; done
BENCH_TOKEN=$(java -jar api/target/pgaddon-api.jar tokens create --app bench-app --description bench 2>/dev/null)
export BENCH_TOKEN

# 100 addons of one app with observed nodes, and a closed operation with its steps and result.
psql_control <<SQL
SET search_path = $schema;
INSERT INTO addons (id, app, plan_id, version, status, nodes, endpoint_port, database_name, observed_at)
SELECT 'ad-' || md5(i::text)::uuid, 'bench-app', 'postgresql-business-1024', '17.12', 'running',
       '[{"name":"node1","role":"primary","state":"running","port":55001,"replication_lag_bytes":null},
         {"name":"node2","role":"follower","state":"running","port":55002,"replication_lag_bytes":0}]',
       56000 + i, 'bench_app_0001', now()
FROM generate_series(1, 100) i;
INSERT INTO operations (id, addon_id, app, kind, workflow_id, run_id, token_id, request, status, steps, result, closed_at)
SELECT 'op-bench', 'ad-' || md5('1')::uuid, 'bench-app', 'change-plan', 'addon-ad-bench', 'run-bench', 'tok-bench',
       '{"plan_id":"postgresql-business-1024"}', 'succeeded',
       (SELECT jsonb_agg(jsonb_build_object('name', 'Step ' || s, 'state', 'done', 'note', 'done in ' || s || ' ms'))
          FROM generate_series(1, 12) s),
       '{"fromPlan":"postgresql-business-512","toPlan":"postgresql-business-1024","primaryNode":"node2"}', now();
SQL
log "API on 127.0.0.1:$port, schema $schema: 100 addons; $clients clients, $seconds s per route ($(nproc) cores)"
# wrk prints "950.12us", "12.40ms" or "1.02s": in milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { f = 1; if (v ~ /us$/) f = 0.001; else if (v ~ /ms$/) f = 1; else if (v ~ /s$/) f = 1000
  sub(/[a-z]+$/, "", v); printf "%.2f", v * f }'; }
field() { awk -v k="$1" -v n="$2" '$1 == k { print $n; exit }' /tmp/pgaddon-bench-wrk.txt; }
printf '%-32s %8s %10s %9s %9s %9s %7s\n' route clients req/s "p50 ms" "p99 ms" "max ms" errors
for path in /v1/apps/bench-app/addons /v1/operations/op-bench; do
  wrk -t"$threads" -c"$clients" -d3s -s bench/api-token.lua "http://127.0.0.1:$port$path" >/dev/null # warm-up (JIT, pools)
  wrk -t"$threads" -c"$clients" -d"${seconds}s" --latency -s bench/api-token.lua "http://127.0.0.1:$port$path" > /tmp/pgaddon-bench-wrk.txt
  errors=$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {n += $4 + $6 + $8 + $10} END {print n + 0}' /tmp/pgaddon-bench-wrk.txt)
  printf '%-32s %8s %10.0f %9s %9s %9s %7s\n' "$path" "$clients" "$(field Requests/sec: 2)" \
    "$(to_ms "$(field 50% 2)")" "$(to_ms "$(field 99% 2)")" "$(to_ms "$(field Latency 4)")" "$errors"
done
