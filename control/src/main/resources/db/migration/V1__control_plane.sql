-- The control plane's record: apps, API tokens, addons (desired plan/version, last observed
-- status), operations (the audit trail) and the PostgreSQL versions the workers can run.
CREATE TABLE apps (
  name        text PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
  id           text PRIMARY KEY,
  token_hash   bytea NOT NULL UNIQUE,          -- SHA-256 of the token; the token itself is never stored
  admin        boolean NOT NULL DEFAULT false,
  description  text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

CREATE TABLE api_token_apps (
  token_id text NOT NULL REFERENCES api_tokens(id) ON DELETE CASCADE,
  app      text NOT NULL REFERENCES apps(name),
  PRIMARY KEY (token_id, app)
);

CREATE TABLE addons (
  id                 text PRIMARY KEY,
  app                text NOT NULL REFERENCES apps(name),
  provider_id        text NOT NULL DEFAULT 'postgresql',
  plan_id            text NOT NULL,
  version            text,
  status             text NOT NULL,
  restart_hook       text,
  nodes              jsonb NOT NULL DEFAULT '[]',
  endpoint_port      integer,
  database_name      text,
  connection_url_enc bytea,                    -- AES-GCM, key shared by the workers and the API
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  observed_at        timestamptz,
  removed_at         timestamptz
);
CREATE INDEX addons_app ON addons (app) WHERE removed_at IS NULL;

CREATE TABLE operations (
  id            text PRIMARY KEY,
  addon_id      text NOT NULL,
  app           text NOT NULL,
  kind          text NOT NULL,
  workflow_id   text NOT NULL,
  run_id        text NOT NULL UNIQUE,
  token_id      text,
  request       jsonb NOT NULL DEFAULT '{}',
  status        text NOT NULL DEFAULT 'running',
  error_code    text,
  error_message text,
  steps         jsonb,
  started_at    timestamptz NOT NULL DEFAULT now(),
  closed_at     timestamptz
);
CREATE INDEX operations_app_started ON operations (app, started_at DESC);
CREATE INDEX operations_addon_running ON operations (addon_id) WHERE status = 'running';

CREATE TABLE offered_versions (
  version  text PRIMARY KEY,
  seen_at  timestamptz NOT NULL DEFAULT now()
);
