-- The extensions the addon's image offers, with the version installed in the application's
-- database, as the workers last read them (the spec's "Managing Extensions").
ALTER TABLE addons ADD COLUMN extensions jsonb;
