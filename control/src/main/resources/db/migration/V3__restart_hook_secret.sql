-- The key the restart hook's calls are signed with, sealed like the connection URL, so that the
-- application can read it through the API and verify each call.
ALTER TABLE addons ADD COLUMN restart_hook_secret_enc bytea;
