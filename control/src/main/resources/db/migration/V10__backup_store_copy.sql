-- A backup's pgBackRest copy: its bytes in the repository (compressed, encrypted), and whether the object
-- store's copy of it verified (pgbackrest verify, read back from the store): "ok ...", "error: ...",
-- or "not verified: ..." (null for a backup without a pgBackRest copy, or made before this).
ALTER TABLE backups ADD COLUMN stored_bytes bigint;
ALTER TABLE backups ADD COLUMN verification text;
