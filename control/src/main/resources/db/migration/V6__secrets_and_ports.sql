-- The addons' credentials, sealed with AES-256-GCM under the key the workers share (never the
-- control database's own password): any worker can read what another one created.
CREATE TABLE addon_secrets (
  addon_id   text        NOT NULL,
  name       text        NOT NULL,
  sealed     bytea       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (addon_id, name)
);

-- Host ports held by the addons' containers. The unique constraints are the lock: two workers
-- never take one port, and a node keeps its port when its container is made again.
CREATE TABLE port_reservations (
  port        integer     PRIMARY KEY,
  addon_id    text        NOT NULL,
  node        text        NOT NULL,
  reserved_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (addon_id, node)
);
