#!/usr/bin/env bash
# The whole test suite: unit tests, replay tests, and integration tests on real containers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
# The integration tests run on the real Temporal server (each with its own task queue);
# the durability test starts servers of its own from the same binary.
scripts/temporal.sh start
export TEMPORAL_ADDRESS=127.0.0.1:${TEMPORAL_PORT:-7233}
PGADDON_TEMPORAL_BIN=$(scripts/temporal.sh bin)
export PGADDON_TEMPORAL_BIN
mvn -B verify "$@"
