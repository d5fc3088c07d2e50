#!/usr/bin/env bash
# The main job: engine, images, Temporal and the worker, then a starter and a business addon
# provisioned for the app "demo-app", listed, and queried through their connection URLs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export PGADDON_HOME=${PGADDON_HOME:-$HOME/.pgaddon}
app=${DEMO_APP:-demo-app}

scripts/bootstrap.sh
if [ ! -f starter/target/pgaddon-cli.jar ] || [ ! -f worker/target/pgaddon-worker.jar ] \
   || [ -n "$(find . -path '*/src/main/*' -newer starter/target/pgaddon-cli.jar -print -quit)" ]; then
  log "building pgaddon (mvn package)"
  mvn -B -q package -DskipTests
  scripts/worker.sh stop # a running worker would go on with the old code
fi
scripts/temporal.sh start
scripts/worker.sh start

pgaddon() { bin/pgaddon "$@"; }
# A re-run starts from a clean app: the previous demo's addons are removed first.
for id in $(pgaddon --app "$app" addons --json 2>/dev/null | grep -o '"id" : "ad-[^"]*"' | cut -d'"' -f4); do
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

image=$(docker images --format '{{.Repository}}:{{.Tag}}' pgaddon/postgresql | grep -E ':[0-9]+\.[0-9]+$' | sort -V | tail -n 1)
for url in "${urls[@]}"; do
  docker run --rm --network host "$image" psql "$url" -Atc \
    "SELECT current_user || ' on ' || current_database() || ': ' || version()"
done
pgaddon --app "$app" operations
log "done. Temporal Web UI: http://127.0.0.1:${TEMPORAL_UI_PORT:-8233} (filter: AppName = \"$app\");"\
" worker log: $PGADDON_HOME/worker.log; remove an addon with: bin/pgaddon --app $app addons-remove <ID> --yes"
