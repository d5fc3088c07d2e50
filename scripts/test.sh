#!/usr/bin/env bash
# The whole test suite: unit tests, replay tests, and integration tests on real containers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
mvn -B verify "$@"
