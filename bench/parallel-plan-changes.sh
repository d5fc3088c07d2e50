#!/usr/bin/env bash
# Benchmark: how plan changes scale with concurrency and workers. COUNT starter addons are made,
# then timed: one plan change alone; COUNT plan changes at once with one worker; the same with a
# second worker process on the task queue. For each, from the operations' Temporal histories, the
# orchestration overhead per activity: the time a step waits to be picked up (scheduled -> started)
# plus the workflow task that reacts to its end (scheduled -> completed), against the time spent
# in the activity itself (started -> completed). Workflow tasks that ran local activities (a
# paused endpoint's steps) are left out of the overhead: that time is the steps' own.
# Needs the worker and the API (scripts/worker.sh start, scripts/api.sh start); starts and stops
# the second worker itself.
# Usage: bench/parallel-plan-changes.sh [COUNT]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
count=${1:-20}
app=bench-parallel
temporal=$(scripts/temporal.sh bin)
address=${TEMPORAL_ADDRESS:-127.0.0.1:7233}
if [ -z "${PGADDON_API_TOKEN:-}" ]; then
  PGADDON_API_TOKEN=$(scripts/api.sh tokens create --app "$app" --description "$0" 2>/dev/null)
  export PGADDON_API_TOKEN
fi

ids=()
cleanup() {
  java_process stop worker-2 >/dev/null 2>&1 || true
  local id; for id in "${ids[@]}"; do bin/pgaddon --app "$app" addons-remove "$id" --yes >/dev/null 2>&1 & done; wait
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
api=${PGADDON_API_URL:-http://127.0.0.1:8080}
call() { curl -sf -H "Authorization: Bearer $PGADDON_API_TOKEN" -H 'Content-Type: application/json' "$@"; }

# One plan change through the API (as the CLI does, without a JVM per client), waited for by polling.
change() {
  local id=$1 plan=$2 op status
  op=$(call -o /dev/null -D - -X PATCH "$api/v1/apps/$app/addons/$id" -d "{\"addon\":{\"plan_id\":\"$plan\"}}" \
    | tr -d '\r' | sed -n 's|^[Ll]ocation: /v1/operations/||p')
  # The operation's own status is its first one (its steps' come after).
  while status=$(call "$api/v1/operations/$op" | grep -o '"status":"[a-z_]*"' | head -1 | cut -d'"' -f4); do
    [ "$status" = running ] || break
    sleep 0.25
  done
  [ "$status" = succeeded ] || { echo "plan change of $id: $status" >&2; return 1; }
}

# Every addon's plan change at once; prints the wall time in ms.
change_all() {
  local plan=$1 started id; shift
  started=$(now_ms)
  for id in "$@"; do change "$id" "$plan" & done
  wait
  echo $(( $(now_ms) - started ))
}

# The overhead and activity times of these addons' latest operations, from their histories.
overhead() {
  local id
  for id in "$@"; do "$temporal" workflow show --address "$address" -w "addon-$id" -o json; echo; done | python3 -c '
import json, sys
from datetime import datetime
def t(e): return datetime.fromisoformat(e["eventTime"].replace("Z", "+00:00")).timestamp() * 1000
waits, reacts, work = [], [], []
for text in sys.stdin.read().split("\n{"):
    text = text if text.startswith("{") else "{" + text
    if not text.strip("{} \n"): continue
    events = json.loads(text)["events"]
    by_id = {int(e["eventId"]): e for e in events}
    for e in events:
        kind = e["eventType"]
        if kind == "EVENT_TYPE_ACTIVITY_TASK_STARTED":
            sched = by_id[int(e["activityTaskStartedEventAttributes"]["scheduledEventId"])]
            waits.append(t(e) - t(sched))
        elif kind == "EVENT_TYPE_ACTIVITY_TASK_COMPLETED":
            a = e["activityTaskCompletedEventAttributes"]
            work.append(t(e) - t(by_id[int(a["startedEventId"])]))
            later = [x for x in events if int(x["eventId"]) > int(e["eventId"])]
            done = next((x for x in later if x["eventType"] == "EVENT_TYPE_WORKFLOW_TASK_COMPLETED"), None)
            if done is None: continue
            after = [x for x in later if int(x["eventId"]) > int(done["eventId"])]
            ran_local = False
            for x in after:
                if x["eventType"] != "EVENT_TYPE_MARKER_RECORDED": break
                ran_local = ran_local or x["markerRecordedEventAttributes"].get("markerName") == "LocalActivity"
            if ran_local: continue
            reacts.append(t(done) - t(e))
def med(xs): xs = sorted(xs); return xs[len(xs) // 2] if xs else 0
n = len(work)
print("activities=%d overhead_ms_per_activity(median)=%.0f (pickup %.0f + reaction %.0f) activity_ms(median)=%.0f" % (
    n, med(waits) + med(reacts), med(waits), med(reacts), med(work)))
'
}

log "making $count starter addons"
for _ in $(seq 1 "$count"); do
  bin/pgaddon --app "$app" addons-add postgresql postgresql-starter-512 | sed -n 's/.*ID: //p' &
done > /tmp/bench-parallel-ids.$$
wait
mapfile -t ids < /tmp/bench-parallel-ids.$$
rm -f /tmp/bench-parallel-ids.$$
[ "${#ids[@]}" -eq "$count" ] || { echo "only ${#ids[@]} of $count addons were made" >&2; exit 1; }

one=$(change_all postgresql-starter-1024 "${ids[0]}")
echo "one addon alone:            ${one} ms; $(overhead "${ids[0]}")"
change "${ids[0]}" postgresql-starter-512

all_one=$(change_all postgresql-starter-1024 "${ids[@]}")
echo "$count at once, one worker:   ${all_one} ms ($(awk -v a="$all_one" -v b="$one" 'BEGIN { printf "%.2f", a / b }')x one); $(overhead "${ids[@]}")"

java_process start worker-2 worker/target/pgaddon-worker.jar "worker ready" >/dev/null
all_two=$(change_all postgresql-starter-512 "${ids[@]}")
echo "$count at once, two workers:  ${all_two} ms ($(awk -v a="$all_two" -v b="$one" 'BEGIN { printf "%.2f", a / b }')x one); $(overhead "${ids[@]}")"
