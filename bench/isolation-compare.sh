#!/usr/bin/env bash
# Before and after tenant isolation, in one run: the same benchmarks against the platform built at
# BASE (default 5dcbcea: nodes on the host network) and at this tree (each addon on its own Docker
# network, ports published on loopback through the engine's proxy): the business plan change's
# stall (bench/plan-change.sh), the failover (bench/failover.sh) and the single-row commit latency
# through the endpoint (CommitLatency, printed by failover.sh). Each side runs its own worker and API,
# on a control database schema of its own. Needs the engine and Temporal (scripts/bootstrap.sh,
# scripts/temporal.sh start), and nothing of ours running on the API's port.
# Usage: [ROUNDS=4] [KILLS=3] bench/isolation-compare.sh [BASE]
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
base=${1:-5dcbcea}
rounds=${ROUNDS:-4}
kills=${KILLS:-3}
source scripts/lib.sh
old=$(mktemp -d /tmp/pgaddon-bench-base.XXXXXX)
cleanup() {
  (cd "$old" && scripts/api.sh stop && scripts/worker.sh stop) >/dev/null 2>&1 || true
  (cd "$here" && scripts/api.sh stop && scripts/worker.sh stop) >/dev/null 2>&1 || true
  git worktree remove --force "$old" >/dev/null 2>&1 || rm -rf "$old"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
git worktree add --detach "$old" "$base" >/dev/null
log "building $base and this tree"
(cd "$old" && mvn -B -q -DskipTests package)
mvn -B -q -DskipTests package

side() {
  local tree=$1 label=$2
  (
    cd "$tree"
    export PGADDON_DATABASE_SCHEMA="bench_${label}"
    scripts/worker.sh start && scripts/api.sh start
    KINDS=business bench/plan-change.sh "$rounds" 2>/dev/null | grep -E '^ +business' | sed "s/^ */$label plan change: /"
    bench/failover.sh "$kills" 2>/dev/null | grep -E 'kill_to_first_commit|^commit latency' | sed "s/^ */$label failover: /"
    scripts/api.sh stop && scripts/worker.sh stop
  ) 2>/dev/null
}
results=$( { side "$old" before; side "$here" after; } | tee /dev/stderr)
echo
echo "before ($base, host network) and after (this tree, addon networks), one run:"
printf '%s\n' "$results"
