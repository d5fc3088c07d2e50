#!/usr/bin/env bash
# The whole test suite: unit and replay tests, integration tests on real containers and the real
# Temporal server, then the browser test of the Temporal Web UI.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
scripts/bootstrap.sh
scripts/shellcheck.sh

# What this script starts, it stops; a Temporal server or worker already running is left alone.
port=${TEMPORAL_PORT:-7233}
temporal_was_running=no
(exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && temporal_was_running=yes
cleanup() { [ "$temporal_was_running" = yes ] || scripts/temporal.sh stop; }
trap cleanup EXIT
scripts/temporal.sh start

# The integration tests use the real server (each run with its own task queue); the durability
# test starts servers of its own from the same binary.
export TEMPORAL_ADDRESS=127.0.0.1:$port
PGADDON_TEMPORAL_BIN=$(scripts/temporal.sh bin)
export PGADDON_TEMPORAL_BIN
mvn -B verify "$@"

scripts/webui-test.sh
scripts/dashboard-test.sh
scripts/terraform-test.sh
