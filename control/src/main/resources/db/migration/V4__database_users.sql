-- The addon's database users as the workers last read them from PostgreSQL (the spec's list:
-- username, read-only, protected, password encryption), so listing them never reaches a node.
ALTER TABLE addons ADD COLUMN users jsonb;
