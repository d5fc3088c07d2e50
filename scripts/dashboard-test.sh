#!/usr/bin/env bash
# Browser test of the dashboard: headless Chromium (Debian's) drives it against the real stack.
# App A gets a starter addon on PostgreSQL 15.18 and a token that reaches A only; app B gets an
# addon of its own, which A's token must never show.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
browser_test_prepare
home=${PGADDON_HOME:-$HOME/.pgaddon}
suffix=$(date +%s)
app_a=dash-a-$suffix
app_b=dash-b-$suffix
id_a=
id_b=
tokens=()
cleanup() {
  [ -z "$id_a" ] || PGADDON_API_TOKEN=$token_a bin/pgaddon --app "$app_a" addons-remove "$id_a" --yes >/dev/null || true
  [ -z "$id_b" ] || PGADDON_API_TOKEN=$token_b bin/pgaddon --app "$app_b" addons-remove "$id_b" --yes >/dev/null || true
  local t; for t in "${tokens[@]}"; do scripts/api.sh tokens revoke "$t" >/dev/null || true; done
  stop_started
}
trap cleanup EXIT
new_token() {
  local secret
  secret=$(scripts/api.sh tokens create --app "$1" --description "dashboard test" 2>"$home/dashboard-token.log")
  tokens+=("$(grep -o 'tok-[0-9a-f]*' "$home/dashboard-token.log" | head -n 1)")
  echo "$secret"
}
token_a=$(new_token "$app_a")
token_b=$(new_token "$app_b")
id_a=$(PGADDON_API_TOKEN=$token_a bin/pgaddon --app "$app_a" addons-add postgresql postgresql-starter-512 --version 15.18 \
  | sed -n 's/.*ID: //p')
id_b=$(PGADDON_API_TOKEN=$token_b bin/pgaddon --app "$app_b" addons-add postgresql postgresql-sandbox | sed -n 's/.*ID: //p')
(cd ui-test && TOKEN_A=$token_a APP_A=$app_a ADDON_A=$id_a APP_B=$app_b ADDON_B=$id_b \
  PROBE_JAR=../probe/target/pgaddon-probe.jar SCREENSHOT_DIR=target \
  timeout --kill-after=10 1200 node --test --test-concurrency=1 --test-timeout=300000 dashboard.test.mjs)
log "screenshots: ui-test/target/dashboard-*.png"
