#!/usr/bin/env bash
# Records the replay tests' histories from real runs, in one command: runs the integration tests
# that record (all of them, or those named, e.g. 'PlanChangeIT,FailoverIT'), copies what they wrote
# (system-tests/target/recorded-histories) into workflows/src/test/resources/histories, then runs the
# replay test on them. A file of the same name is replaced; the "-before-<change>" histories, which
# no test writes any more, stay as they are. Review `git diff --stat` before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
tests=${1:-*IT}
[[ $tests =~ ^[A-Za-z0-9,*#]+$ ]] || { log "usage: scripts/record-histories.sh [TestIT,OtherIT]"; exit 2; }
scripts/bootstrap.sh
port=${TEMPORAL_PORT:-7233}
temporal_was_running=no
(exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && temporal_was_running=yes
cleanup() { [ "$temporal_was_running" = yes ] || scripts/temporal.sh stop; }
trap cleanup EXIT
scripts/temporal.sh start
export TEMPORAL_ADDRESS=127.0.0.1:$port
PGADDON_TEMPORAL_BIN=$(scripts/temporal.sh bin)
export PGADDON_TEMPORAL_BIN
rm -rf system-tests/target/recorded-histories
mvn -B verify -pl system-tests -am -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test="$tests"
recorded=(system-tests/target/recorded-histories/*.json)
[ -e "${recorded[0]}" ] || { log "the tests recorded no history"; exit 1; }
cp "${recorded[@]}" workflows/src/test/resources/histories/
log "recorded ${#recorded[@]} histories into workflows/src/test/resources/histories"
mvn -B -q test -pl workflows -am -Dtest=RecordedHistoryReplayTest -Dsurefire.failIfNoSpecifiedTests=false
log "they replay on today's workflow code"
