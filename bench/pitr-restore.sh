#!/usr/bin/env bash
# Benchmark: point-in-time restores of a starter addon (PostgreSQL 17) at several data sizes, side
# by side with a fresh base backup of the same data. For each size and round it provisions an
# addon, takes a base backup of the empty database, writes SIZE GiB (one table of ~1 KiB rows with
# a primary key), then:
#   - replay: restores in place to now from that first backup, so all the data comes back by WAL
#     replay (the restore step reports the WAL it replayed and its rate);
#   - basebackup: takes a new base backup (pg_basebackup of the whole data: the reference time);
#   - restore: restores in place to now from that backup (untar of SIZE GiB, then little WAL);
#   - pgBackRest: that backup's pgBackRest copy (time, bytes, bytes stored: zstd and aes-256-cbc);
#   - store: the host is lost (the addon's containers, volumes and host repository deleted), and the
#     addon is restored into a new one from the object store alone.
# Prints one line per round and, per size, the min / median / max of each.
# Needs the worker and the API (scripts/worker.sh start, scripts/api.sh start); a token for its app
# is made when PGADDON_API_TOKEN is unset.
# Usage: [ROUNDS=1] bench/pitr-restore.sh [SIZE_GIB...]   (default sizes: 1 8)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 8)
rounds=${ROUNDS:-1}
app=bench-pitr
plan=postgresql-starter-2048
jar=probe/target/pgaddon-probe.jar
api=${PGADDON_API_URL:-http://127.0.0.1:8080}
if [ -z "${PGADDON_API_TOKEN:-}" ]; then
  PGADDON_API_TOKEN=$(scripts/api.sh tokens create --app "$app" --description "$0" 2>/dev/null)
  export PGADDON_API_TOKEN
fi
version=${VERSION:-$(docker images --format '{{.Tag}}' pgaddon/postgresql | grep '^17\.' | sort -V | tail -n 1)}
results=$(mktemp /tmp/pgaddon-pitr-bench.XXXXXX)

made=()
cleanup() { for id in "${made[@]}"; do bin/pgaddon --app "$app" addons-remove "$id" --yes >/dev/null 2>&1 || true; done; }
trap cleanup EXIT

call() { curl -sf -H "Authorization: Bearer $PGADDON_API_TOKEN" -H 'Content-Type: application/json' "$@"; }
field() { grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | cut -d'"' -f4; }
sql() { java -cp "$jar" dev.pgaddon.probe.SqlMain "$@"; }
now_ms() { date +%s%3N; }

# A manual backup, waited for; prints its duration in ms.
backup() {
  local id=$1 started backup_id status
  started=$(now_ms)
  backup_id=$(call -X POST "$api/v1/apps/$app/addons/$id/backups" | field id)
  while :; do
    status=$(call "$api/v1/apps/$app/addons/$id/backups" | tr '{' '\n' | grep "\"$backup_id\"" | field status)
    [ "$status" = running ] || break
    sleep 1
  done
  [ "$status" = "done" ] || { echo "backup $backup_id: $status" >&2; exit 1; }
  echo $(( $(now_ms) - started ))
}

# await_operation OP: waits until the operation ends; prints its body, or stops the bench if it failed.
await_operation() {
  local body status
  while :; do
    body=$(call "$api/v1/operations/$1")
    status=$(printf '%s' "$body" | field status)
    [ "$status" = running ] || break
    sleep 1
  done
  [ "$status" = succeeded ] || { echo "operation $1: $status: $body" >&2; exit 1; }
  printf '%s' "$body"
}

# A restore in place to now, waited for; prints "total_ms restore-step-note".
restore() {
  local id=$1 started op body
  started=$(now_ms)
  sleep 1
  op=$(call -X POST "$api/v1/apps/$app/addons/$id/database/pitr/restore" \
    -d "{\"restore\":{\"target_time\":\"$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)\"}}" | field id)
  body=$(await_operation "$op")
  printf '%s %s\n' $(( $(now_ms) - started - 1000 )) \
    "$(printf '%s' "$body" | grep -o 'base backup restored in[^"]*' | head -n 1 | tr ' ' '_')"
}

# The pgBackRest figures of the addon's newest backup, from the worker's log: "ms bytes stored".
pgbackrest_figures() {
  grep -o "of $1 is pgBackRest [a-z]* backup [0-9A-Z_-]* ([0-9]* bytes, [0-9]* stored, [0-9]* ms)" \
    "${PGADDON_HOME:-$HOME/.pgaddon}/worker.log" | tail -n 1 | sed 's/.*(\([0-9]*\) bytes, \([0-9]*\) stored, \([0-9]*\) ms)/\3 \1 \2/'
}

# The host is lost, then a restore into a new addon from the object store; prints "total_ms note new_addon_id".
store_restore() {
  local id=$1 target started body op new
  target=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
  sleep "$(( ${PGADDON_SHIP_INTERVAL_SECONDS:-2} * 2 + 1 ))" # the shipper's round after the backup
  docker ps -aq --filter "label=pgaddon.addon=$id" | xargs -r docker rm -f >/dev/null
  docker volume ls -q --filter "label=pgaddon.addon=$id" | xargs -r docker volume rm >/dev/null
  rm -rf "${PGADDON_BACKUP_ROOT:-/var/lib/pgaddon/backups}/${id:?}"
  started=$(now_ms)
  body=$(call -X POST "$api/v1/apps/$app/addons/$id/database/pitr/restore" \
    -d "{\"restore\":{\"target_time\":\"$target\",\"new_addon\":true}}")
  op=$(printf '%s' "$body" | field id)
  new=$(printf '%s' "$body" | grep -o '"addon_id":"[^"]*"' | tail -n 1 | cut -d'"' -f4)
  body=$(await_operation "$op")
  printf '%s %s %s\n' $(( $(now_ms) - started )) \
    "$(printf '%s' "$body" | grep -o 'from the object store: base backup restored in[^"]*' | head -n 1 | tr ' ' '_')" "$new"
}

one_round() {
  local gib=$1 id url rows started written replay basebackup restore
  read -r id url < <(bin/pgaddon --app "$app" addons-add postgresql "$plan" --version "$version" \
    | sed -n 's/.*ID: //p;s/.*Connection URL: //p' | paste -sd' ')
  made+=("$id")
  backup "$id" >/dev/null
  rows=$((gib * 1024 * 1024))
  started=$(now_ms)
  sql "$url" "CREATE TABLE big AS SELECT g AS id, repeat(md5(g::text), 30) AS payload FROM generate_series(1, $rows) g" \
    "ALTER TABLE big ADD PRIMARY KEY (id)"
  written=$(( $(now_ms) - started ))
  replay=$(restore "$id")
  basebackup=$(backup "$id")
  read -r pgbackrest_ms bytes stored < <(pgbackrest_figures "$id")
  restore=$(restore "$id")
  store=$(store_restore "$id") # a failed restore stops the bench (it removed what it made)
  read -r store_ms store_note store_new <<<"$store"
  made+=("$store_new") # the copy goes with the bench (the function ran in a subshell)
  printf 'size_gib=%s write_ms=%s replay_total_ms=%s replay:%s basebackup_ms=%s pgbackrest_ms=%s bytes=%s stored=%s restore_total_ms=%s restore:%s store_total_ms=%s store:%s\n' \
    "$gib" "$written" "${replay%% *}" "${replay#* }" "$basebackup" "$pgbackrest_ms" "$bytes" "$stored" "${restore%% *}" \
    "${restore#* }" "$store_ms" "$store_note" | tee -a "$results"
  bin/pgaddon --app "$app" addons-remove "$id" --yes >/dev/null
}

for _ in $(seq 1 "$rounds"); do
  for gib in "${sizes[@]}"; do
    one_round "$gib"
  done
done

stats() { sort -n | awk '{a[NR]=$1} END {printf "min %.1f s, median %.1f s, max %.1f s", a[1]/1000, a[int((NR+1)/2)]/1000, a[NR]/1000}'; }
for gib in "${sizes[@]}"; do
  lines=$(grep "^size_gib=$gib " "$results")
  for key in basebackup_ms pgbackrest_ms replay_total_ms restore_total_ms store_total_ms; do
    printf '%s GiB %-17s %s\n' "$gib" "${key%_ms}:" "$(printf '%s\n' "$lines" | grep -oE "(^| )$key=[0-9]*" | cut -d= -f2 | stats)"
  done
  printf '%s GiB stored / data:    %s\n' "$gib" "$(printf '%s\n' "$lines" | sed 's/.* bytes=\([0-9]*\) stored=\([0-9]*\) .*/\2 \1/' \
    | awk '$2 > 0 {printf "%.3f ", $1 / $2}')"
  printf '%s GiB replay rate:      %s\n' "$gib" "$(printf '%s\n' "$lines" | grep -o 'replay:[^ ]*' | grep -o '([0-9]*_MiB/s)' \
    | tr -d '()_' | paste -sd' ')"
done
rm -f "$results"
