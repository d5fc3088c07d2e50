-- Dashboard sessions: made from an API token, they act with its scope, end on sign-out, after 30
-- minutes unused, and after 12 hours at most. Only the SHA-256 of a session's secret is stored.
CREATE TABLE api_sessions (
  session_hash bytea       PRIMARY KEY,
  token_id     text        NOT NULL REFERENCES api_tokens(id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  ended_at     timestamptz
);
