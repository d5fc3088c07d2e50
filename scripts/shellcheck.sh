#!/usr/bin/env bash
# Runs shellcheck on every shell program of the repository: the node image programs and the scripts.
set -euo pipefail
cd "$(dirname "$0")/.."
files=(images/postgresql/bin/pgaddon-* scripts/*.sh bench/*.sh .ci/run)
shellcheck -x -S warning "${files[@]}"
echo "shellcheck: ${#files[@]} files clean"
