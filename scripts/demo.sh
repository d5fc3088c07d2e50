#!/usr/bin/env bash
# The main job: engine, images, the control database, Temporal, the worker and the API, then a
# token for the app "demo-app", and through the API a starter and a business addon provisioned,
# listed, and queried through their connection URLs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export PGADDON_HOME=${PGADDON_HOME:-$HOME/.pgaddon}
app=${DEMO_APP:-demo-app}

scripts/bootstrap.sh
if [ ! -f starter/target/pgaddon-cli.jar ] || [ ! -f worker/target/pgaddon-worker.jar ] || [ ! -f api/target/pgaddon-api.jar ] || [ ! -f probe/target/pgaddon-probe.jar ] \
   || [ -n "$(find . -path '*/src/main/*' -newer starter/target/pgaddon-cli.jar -print -quit)" ]; then
  log "building pgaddon (mvn package)"
  mvn -B -q package -DskipTests
  scripts/worker.sh stop # a running worker or API would go on with the old code
  scripts/api.sh stop
fi
scripts/temporal.sh start
scripts/worker.sh start
scripts/api.sh start

# The demo app's token, made once and kept (0600) in PGADDON_HOME; a revoked one is replaced.
token_file=$PGADDON_HOME/$app.token
if [ ! -s "$token_file" ] || ! PGADDON_API_TOKEN=$(cat "$token_file") bin/pgaddon addons-plans postgresql >/dev/null 2>&1; then
  (umask 077; scripts/api.sh tokens create --app "$app" --description "scripts/demo.sh" > "$token_file")
fi
PGADDON_API_TOKEN=$(cat "$token_file")
export PGADDON_API_TOKEN

pgaddon() { bin/pgaddon "$@"; }
# A re-run starts from a clean app: the previous demo's addons are removed first.
for id in $(pgaddon --app "$app" addons --json 2>/dev/null | grep -oE '"id" ?: ?"ad-[^"]*"' | grep -o 'ad-[^"]*'); do
  pgaddon --app "$app" addons-remove "$id" --yes
done

pgaddon addons-plans postgresql
urls=()
for plan in postgresql-starter-512 postgresql-business-512; do
  out=$(pgaddon --app "$app" addons-add postgresql "$plan")
  # The URL carries the default user's password: shown masked here, used in full below.
  printf '%s\n' "$out" | sed -E 's#(postgres://[^:]+:)[^@]+@#\1****@#'
  urls+=("$(printf '%s\n' "$out" | sed -n 's/.*Connection URL: //p')")
done
pgaddon --app "$app" addons

# The URL goes through standard input: its password is on no command line.
for url in "${urls[@]}"; do
  printf '%s\n' "$url" | java -cp probe/target/pgaddon-probe.jar dev.pgaddon.probe.SqlMain - \
    "SELECT current_user || ' on ' || current_database() || ': ' || version()"
done
pgaddon --app "$app" operations
log "done. API: http://127.0.0.1:${PGADDON_API_PORT:-8080}/v1 (token for $app in $token_file); Temporal Web UI: http://127.0.0.1:${TEMPORAL_UI_PORT:-8233} (filter: AppName = \"$app\");\
 worker log: $PGADDON_HOME/worker.log; remove an addon with: bin/pgaddon --app $app addons-remove <ID> --yes"
