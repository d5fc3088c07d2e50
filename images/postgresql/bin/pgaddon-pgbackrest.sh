# shellcheck shell=bash
# Sourced by the programs that run pgBackRest. Its options come from the environment (pgBackRest reads
# PGBACKREST_<OPTION>), its secrets from files of the secrets directory, never a command line.
# The addon's pgBackRest repository (repo1) is a directory of its backup repository: zstd, aes-256-cbc
# under the addon's own key. The object store holds a copy of it made by the platform (pgaddon-ship):
# a node never reaches the store. One stanza per epoch (the cluster's system identifier).
PGBACKREST_SECRETS=${PGADDON_SECRETS_DIR:-/run/pgaddon-secrets}
export PGBACKREST_CONFIG=/dev/null
export PGBACKREST_REPO1_PATH=/var/lib/postgresql/backups/pgbackrest
export PGBACKREST_REPO1_CIPHER_TYPE=aes-256-cbc
export PGBACKREST_COMPRESS_TYPE=zst
export PGBACKREST_LOCK_PATH=/tmp/pgbackrest-lock
export PGBACKREST_LOG_PATH=/tmp/pgbackrest-log
export PGBACKREST_LOG_LEVEL_CONSOLE=warn
export PGBACKREST_LOG_LEVEL_STDERR=off
export PGBACKREST_LOG_LEVEL_FILE=off
export PGBACKREST_PG1_PATH=/var/lib/postgresql/data/pgdata
export PGBACKREST_PROCESS_MAX=2

# pgbackrest_available: the node or task was given the addon's repository key (addons made before
# pgBackRest have none until their nodes are made again).
pgbackrest_available() { [ -r "$PGBACKREST_SECRETS/PGBACKREST_REPO1_CIPHER_PASS" ]; }

pgbackrest_key() {
  PGBACKREST_REPO1_CIPHER_PASS=$(cat "$PGBACKREST_SECRETS/PGBACKREST_REPO1_CIPHER_PASS")
  export PGBACKREST_REPO1_CIPHER_PASS
}

# pgbackrest_stanza DATA_DIR: the stanza of the cluster in DATA_DIR (its epoch)
pgbackrest_stanza() {
  local id
  id=$(LC_ALL=C pg_controldata "$1" | sed -n 's/^Database system identifier: *//p')
  [ -n "$id" ] || return 1
  echo "epoch-$id"
}

# pgbackrest_ensure_stanza STANZA: made from pg_control when missing (either node may be first; a
# stanza made meanwhile by the other is found valid).
pgbackrest_ensure_stanza() {
  [ -f "$PGBACKREST_REPO1_PATH/archive/$1/archive.info" ] && [ -f "$PGBACKREST_REPO1_PATH/backup/$1/backup.info" ] && return 0
  pgbackrest --stanza="$1" --no-online stanza-create
}

# pgbackrest_store ARG...: pgBackRest on a copy of an addon's repository in the object store, for a restore
# that reads nothing from the host's directory. The task is given the store's settings (PGADDON_S3_*, not
# secret) in its environment, and as files the keys, the store's CA and the repository key of that addon.
pgbackrest_store() {
  PGBACKREST_REPO1_TYPE=s3 PGBACKREST_REPO1_PATH=$PGADDON_S3_PATH PGBACKREST_REPO1_S3_BUCKET=$PGADDON_S3_BUCKET \
    PGBACKREST_REPO1_S3_ENDPOINT=$PGADDON_S3_ENDPOINT PGBACKREST_REPO1_STORAGE_PORT=$PGADDON_S3_PORT \
    PGBACKREST_REPO1_S3_REGION=$PGADDON_S3_REGION PGBACKREST_REPO1_S3_URI_STYLE=path \
    PGBACKREST_REPO1_STORAGE_CA_FILE=$PGBACKREST_SECRETS/PGADDON_S3_CA \
    PGBACKREST_REPO1_S3_KEY=$(cat "$PGBACKREST_SECRETS/PGADDON_S3_KEY") \
    PGBACKREST_REPO1_S3_KEY_SECRET=$(cat "$PGBACKREST_SECRETS/PGADDON_S3_KEY_SECRET") \
    PGBACKREST_REPO1_CIPHER_PASS=$(cat "$PGBACKREST_SECRETS/PGADDON_STORE_CIPHER_PASS") \
    pgbackrest "$@"
}

store_available() { [ -r "$PGBACKREST_SECRETS/PGADDON_STORE_CIPHER_PASS" ] && [ -n "${PGADDON_S3_PATH:-}" ]; }

# pgbackrest_time RFC3339: the form pgBackRest reads for a time target (2026-12-05 21:10:00.123+00)
pgbackrest_time() { printf '%s' "$1" | sed -e 's/T/ /' -e 's/Z$/+00/'; }
