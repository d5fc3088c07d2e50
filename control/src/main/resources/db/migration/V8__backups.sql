-- Base backups of each addon (the files live in the backup repository, PGADDON_BACKUP_ROOT), and
-- each addon's backup schedule. A backup belongs to the epoch of the cluster it copied (its system
-- identifier): a major upgrade makes a new cluster, so a new epoch.
CREATE TABLE backups (
  id            text        PRIMARY KEY,
  addon_id      text        NOT NULL,
  method        text        NOT NULL,             -- periodic, manual, major-upgrade, restore
  status        text        NOT NULL,             -- running, done, failed, deleted
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  size_bytes    bigint,
  version       text,                             -- PostgreSQL version of the copied cluster
  system_id     text,                             -- its epoch
  start_wal     text,                             -- first WAL segment a restore of it needs
  error         text,
  deleted_at    timestamptz
);
CREATE INDEX backups_addon_created ON backups (addon_id, created_at DESC);

ALTER TABLE addons ADD COLUMN backup_hour smallint NOT NULL DEFAULT 3 CHECK (backup_hour BETWEEN 0 AND 23);
ALTER TABLE addons ADD COLUMN backup_retention_days smallint NOT NULL DEFAULT 7 CHECK (backup_retention_days BETWEEN 1 AND 365);
