-- The addons whose backup repository (a directory of the Docker host) belongs to the postgres user
-- already: a worker asks here before it runs a container to prepare it (a plan change's restart
-- must not wait for one while clients are held).
CREATE TABLE backup_repositories (
  addon_id     text        PRIMARY KEY,
  prepared_at  timestamptz NOT NULL DEFAULT now()
);
