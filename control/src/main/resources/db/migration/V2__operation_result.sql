-- The workflow's result of a succeeded operation (without secrets), kept with its audit row so that
-- reading an operation never needs Temporal's history once it has closed.
ALTER TABLE operations ADD COLUMN result jsonb;
