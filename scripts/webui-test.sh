#!/usr/bin/env bash
# Browser test of the Temporal Web UI: an addon is provisioned and changes plan through the real
# server, then headless Chromium (Debian's) finds that plan change by its AddonId search attribute.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
command -v node >/dev/null && command -v npm >/dev/null \
  || { log "the Web UI test needs Node.js and npm (playwright-core drives Chromium)"; exit 1; }
command -v chromium >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
(cd ui-test && npm ci --no-audit --no-fund --silent)
scripts/temporal.sh start
home=${PGADDON_HOME:-$HOME/.pgaddon}
worker_was_running=no
[ -f "$home/worker.pid" ] && kill -0 "$(cat "$home/worker.pid")" 2>/dev/null && worker_was_running=yes
scripts/worker.sh start
app=webui-test
id=
cleanup() {
  [ -z "$id" ] || bin/pgaddon --app "$app" addons-remove "$id" --yes >/dev/null
  [ "$worker_was_running" = yes ] || scripts/worker.sh stop
}
trap cleanup EXIT
id=$(bin/pgaddon --app "$app" addons-add postgresql postgresql-sandbox | sed -n 's/.*ID: //p')
bin/pgaddon --app "$app" addons-upgrade "$id" postgresql-starter-512 --wait >/dev/null
(cd ui-test && ADDON_ID=$id SCREENSHOT_DIR=target node --test webui.test.mjs)
log "screenshot: ui-test/target/webui-$id.png"
