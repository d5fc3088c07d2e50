# shellcheck shell=bash
# shellcheck disable=SC2034 # the layout variables are read by the programs that source this file
# Sourced by every pgaddon-* program of the node image. A program ends by printing one JSON line,
# {"outcome":"NAME",...}, which the worker reads (ScriptResult); everything before it is a log.

# Secrets reach a task as files (never its environment or command line): each file of this
# directory is exported as the variable it names.
PGADDON_SECRETS_DIR=${PGADDON_SECRETS_DIR:-/run/pgaddon-secrets}
if [ -d "$PGADDON_SECRETS_DIR" ]; then
  for pgaddon_secret in "$PGADDON_SECRETS_DIR"/*; do
    [ -e "$pgaddon_secret" ] || continue
    [ -r "$pgaddon_secret" ] || { echo "cannot read the secret file $pgaddon_secret" >&2; exit 97; }
    export "$(basename "$pgaddon_secret")=$(cat "$pgaddon_secret")"
  done
  unset pgaddon_secret
fi

# The layout of a node's volume and of the backup repository (NodeLayout in the worker).
DATA_MOUNT=/var/lib/postgresql/data
PGDATA_DIR=$DATA_MOUNT/pgdata
READY_MARKER=$DATA_MOUNT/pgaddon-initialized
BACKUPS_MOUNT=/var/lib/postgresql/backups
# Every cluster is made with these (plus --data-checksums): pg_upgrade needs the new one made alike.
INITDB_OPTIONS=(-U postgres --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8)

json_string() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  printf '"%s"' "$(printf '%s' "$s" | tr -d '\000-\010\013\014\016-\037')"
}

# result OUTCOME [KEY VALUE]...: the program's one JSON line (values are strings).
result() {
  local line
  line="{\"outcome\":$(json_string "$1")"
  shift
  while [ $# -ge 2 ]; do
    line+=",$(json_string "$1"):$(json_string "$2")"
    shift 2
  done
  # On a line of its own: a tool before it may have left one open (pg_rewind's single-user
  # recovery of a killed primary ends on a "backend> " prompt without a newline).
  printf '\n%s}\n' "$line"
}

# refuse OUTCOME MESSAGE: a refusal the worker explains to the user; running it again would not help.
refuse() {
  result "$1" message "$2"
  exit 4
}

usage() {
  refuse USAGE "usage: $(basename "$0") $1"
}

# Removes the data directory a first attempt left without its ready marker; done when the marker is there.
guard_fresh_data_directory() {
  if [ -f "$READY_MARKER" ]; then
    result NOTHING_TO_DO message "data directory already complete"
    exit 0
  fi
  if [ -e "$PGDATA_DIR" ]; then
    echo "removing the leftover of an interrupted attempt"
    rm -rf -- "$PGDATA_DIR"
  fi
}

# upgrade_layout OLD_MAJOR NEW_MAJOR: the directories of a major upgrade, in the primary's volume:
# CUR the live directory, NEW the cluster pg_upgrade builds, SAVED the old directory kept until
# the new server has taken writes.
upgrade_layout() {
  [[ $1 =~ ^[0-9]{2}$ && $2 =~ ^[0-9]{2}$ ]] || refuse USAGE "majors must be two-digit numbers: $1 $2"
  OLD_MAJOR=$1 NEW_MAJOR=$2
  CUR=$DATA_MOUNT/pgdata
  NEW=$DATA_MOUNT/pgdata-$NEW_MAJOR.new
  SAVED=$DATA_MOUNT/pgdata-$OLD_MAJOR.old
  OLD_BIN=/usr/lib/postgresql/$OLD_MAJOR/bin
  NEW_BIN=/usr/lib/postgresql/$NEW_MAJOR/bin
}

major_of() { cat "$1/PG_VERSION" 2>/dev/null || echo none; }

# The --data-checksums option when the old cluster has them: the new one must match.
checksums_of() {
  if "$OLD_BIN/pg_controldata" "$1" | grep -q '^Data page checksum version: *[1-9]'; then echo --data-checksums; fi
}

# new_cluster DIR: initdb of the new major, made like the old one.
new_cluster() {
  local checksums
  checksums=$(checksums_of "$CUR")
  # shellcheck disable=SC2086 # empty or one option
  if ! "$NEW_BIN/initdb" -D "$1" "${INITDB_OPTIONS[@]}" $checksums > /tmp/initdb.out 2>&1; then
    cat /tmp/initdb.out
    result FAILED message "initdb of PostgreSQL $NEW_MAJOR failed: $(tail -n 1 /tmp/initdb.out)"
    exit 1
  fi
}

# A restore's id, as the worker makes it (r- and letters, digits, '-'): it names files of the volume.
require_restore_id() {
  [[ $1 =~ ^r[0-9a-f]{8}$ ]] || refuse USAGE "not a restore id: $1"
}
